package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/carddesk/carddesk/app"
	"github.com/carddesk/carddesk/app/demo"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

var storeVars = []envVar{envDatabaseURL, envDataDir}

// withStore opens the database named by the environment (extra adjusts the
// options), runs fn with it and closes it: the shape of every subcommand
// that works on the database.
func withStore(ctx context.Context, extra func(*store.Options) error, fn func(*store.Store) error) error {
	st, err := openStore(ctx, extra)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

// openStore opens the database named by the environment.
func openStore(ctx context.Context, extra func(*store.Options) error) (*store.Store, error) {
	url, err := lookup(envDatabaseURL)
	if err != nil {
		return nil, err
	}
	dir, err := lookup(envDataDir)
	if err != nil {
		return nil, err
	}
	opts := store.Options{DatabaseURL: url, DataDir: dir}
	if extra != nil {
		if err := extra(&opts); err != nil {
			return nil, err
		}
	}
	return store.Open(ctx, opts)
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addrDefault, err := lookup(envAddr)
	if err != nil {
		return err
	}
	addr := fs.String("addr", addrDefault, "address to listen on (overrides "+envAddr.Name+")")
	withDemo := fs.Bool("demo", false, "load the demo data set on first run and print the demo logins")
	serveVars := append([]envVar{envAddr}, storeVars...)
	serveVars = append(serveVars, envSecureCookies, envTrustedProxies, envSessionIdle, envSessionMax, envLoginRate, envPDFTimeout, envAutosave, envLogLevel, envLogFormat, envMetricsAddr, envTokenCache)
	fs.Usage = usage(fs, "carddesk serve [--addr HOST:PORT] [--demo]", append(append(serveVars, notesVars...), settingsVars...)...)
	if err := fs.Parse(args); err != nil {
		return err
	}
	log, err := newLogger(stderr)
	if err != nil {
		return err
	}
	cfg := app.Config{Logger: log, Version: version}
	if cfg.SecureCookies, err = lookupBool(envSecureCookies); err != nil {
		return err
	}
	if cfg.TrustedProxies, err = lookupCIDRs(envTrustedProxies); err != nil {
		return err
	}
	if cfg.LoginRatePerMinute, err = lookupInt(envLoginRate); err != nil {
		return err
	}
	if cfg.PDFTimeout, err = lookupDuration(envPDFTimeout); err != nil {
		return err
	}
	if cfg.AutosaveInterval, err = lookupDuration(envAutosave); err != nil {
		return err
	}
	start := time.Now()
	st, err := openStore(ctx, func(o *store.Options) error {
		var err error
		if o.SessionIdle, err = lookupDuration(envSessionIdle); err != nil {
			return err
		}
		if o.SessionAbsolute, err = lookupDuration(envSessionMax); err != nil {
			return err
		}
		if o.ScaleMaxAgeMonths, err = lookupInt(envScaleMaxAge); err != nil {
			return err
		}
		cache, err := lookupBool(envTokenCache)
		if err != nil {
			return err
		}
		o.TokenCacheOff = !cache
		if o.Settings, err = loadSettings(); err != nil {
			return err
		}
		o.Logger = log
		return notesOptions(o, log)
	})
	if err != nil {
		return err
	}
	defer st.Close()
	applied, err := st.Migrate(ctx)
	if err != nil {
		return err
	}
	for _, m := range applied {
		log.Info("migration applied", "file", m)
	}
	// Counting the sealed fields reads every interview and observation: at
	// scale that is most of the start-up, for a warning. It runs beside it.
	go warnNotSealed(ctx, st, log)
	if *withDemo {
		logins, err := demo.Load(ctx, st)
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		printDemoLogins(stdout, logins)
	} else if n, err := st.Users.Count(ctx); err == nil && n == 0 {
		log.Warn("no staff account yet: create the first admin with `carddesk user add --email ... --name ... --role admin --generate`")
	}
	a, err := app.New(cfg, st)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slogErrorLog(log),
	}
	metricsAddr, err := lookup(envMetricsAddr)
	if err != nil {
		return err
	}
	var metricsSrv *http.Server
	if metricsAddr != "" {
		if metricsSrv, err = serveMetrics(metricsAddr, a, log, stdout); err != nil {
			ln.Close()
			return err
		}
		defer metricsSrv.Close()
	}
	go purgeLoop(ctx, st, log)
	log.Info("carddesk listening", "addr", "http://"+ln.Addr().String(), "engine", st.Engine(), "version", version,
		"startup", time.Since(start).Round(time.Millisecond).String())
	fmt.Fprintf(stdout, "Carddesk is ready on http://%s\n", ln.Addr().String())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Graceful shutdown: stop accepting, let requests in flight finish.
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// serveMetrics starts the listener of the Prometheus metrics, kept off the
// main address: the counters of every route and the process's figures are for
// the operators' monitoring, not for whoever reaches the sign-in page.
func serveMetrics(addr string, a *app.App, log *slog.Logger, stdout io.Writer) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", envMetricsAddr.Name, err)
	}
	srv := &http.Server{Handler: a.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout: 30 * time.Second, ErrorLog: slogErrorLog(log)}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener", "error", err.Error())
		}
	}()
	log.Info("metrics listening", "addr", "http://"+ln.Addr().String()+"/metrics")
	fmt.Fprintf(stdout, "Metrics are served on http://%s/metrics\n", ln.Addr().String())
	return srv, nil
}

// purgeLoop does the periodic housekeeping: ends expired sessions, forgets
// old login attempts, and marks cards whose validity ran out as expired.
// warnNotSealed says at start when interview fields written before they were
// sealed (migration 00013) are still in clear, and what to run.
func warnNotSealed(ctx context.Context, st *store.Store, log *slog.Logger) {
	counts, err := st.NoteKeyCounts(ctx)
	if err != nil {
		log.Warn("could not count the sealed notes", "error", err.Error())
		return
	}
	var n int64
	for _, c := range counts {
		if c.KeyID == store.NotSealed {
			n += c.Count
		}
	}
	if n > 0 {
		log.Warn("interview fields written before they were sealed are still in clear: run `carddesk notes reseal`", "count", n)
	}
}

func purgeLoop(ctx context.Context, st *store.Store, log *slog.Logger) {
	var retentionDay time.Time // retention.go
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		if err := st.Auth.PurgeExpired(ctx); err != nil && ctx.Err() == nil {
			log.Warn("purge expired sessions", "error", err.Error())
		}
		if n, err := st.Cards.Expire(ctx, models.System("housekeeping")); err != nil && ctx.Err() == nil {
			log.Warn("expire cards", "error", err.Error())
		} else if n > 0 {
			log.Info("cards expired", "count", n)
		}
		retentionOnceADay(ctx, st, log, &retentionDay)
		// Start-up (migrations, templates, translations, the API
		// description) and each housekeeping pass leave tens of megabytes of
		// garbage that the runtime would hand back to the system only over
		// minutes: hand it back now, off the serving path, so an idle
		// instance holds what it uses (issue 14); the embedded database's
		// idle connections hand back their page caches too.
		if _, err := st.ReleaseMemory(ctx); err != nil && ctx.Err() == nil {
			log.Warn("release memory", "error", err.Error())
		}
		debug.FreeOSMemory()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func printDemoLogins(w io.Writer, logins []demo.Login) {
	if len(logins) == 0 {
		fmt.Fprintln(w, "Demo data already present (loaded on an earlier run); demo logins are unchanged.")
	}
	fmt.Fprintln(w, "Demo logins (demo data only — never use --demo with real data):")
	for _, l := range demo.Logins() {
		fmt.Fprintf(w, "  %-12s %-32s password: %s\n", l.Role, l.Email, l.Password)
		if l.TOTPSecret != "" {
			fmt.Fprintf(w, "  %-12s %-32s second factor: add the TOTP secret %s to an authenticator app,\n", "", "", l.TOTPSecret)
			fmt.Fprintf(w, "  %-12s %-32s   or print its code: carddesk user totp-code --secret %s\n", "", "", l.TOTPSecret)
		}
	}
}

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = usage(fs, "carddesk migrate", storeVars...)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return withStore(ctx, nil, func(st *store.Store) error {
		applied, err := st.Migrate(ctx)
		if err != nil {
			return err
		}
		for _, m := range applied {
			fmt.Fprintln(stdout, "applied", m)
		}
		v, err := st.SchemaVersion(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "schema at version %d (%s)\n", v, st.Engine())
		return nil
	})
}
