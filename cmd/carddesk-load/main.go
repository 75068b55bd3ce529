// Command carddesk-load is the bounded loopback load test of issue 14: it
// serves Carddesk from a database filled by `carddesk generate` on
// 127.0.0.1, beside a ceiling handler (echo and gorm answering SELECT 1,
// with the store's pool settings), and runs each scenario for a fixed time
// with a fixed number of connections, then prints p50/p95/p99, throughput
// and the ratio to the ceiling measured in the same run.
//
//	carddesk generate --password 'generated password 1' --scale 10
//	go run ./cmd/carddesk-load --password 'generated password 1' --duration 10s --connections 50
//
// The database is named as for carddesk (DATABASE_URL, or the embedded
// database in CARDDESK_DATA_DIR). Issuing cards and signing in write: run
// it on a generated database, not on one that matters.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/labstack/echo/v4"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/carddesk/carddesk/app"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "carddesk-load:", err)
		os.Exit(1)
	}
}

// options are the run's settings.
type options struct {
	duration    time.Duration
	connections int
	password    string
	scenarios   string
	// addr and ceilingAddr are the loopback addresses the application
	// and the ceiling listen on (port 0: any free port).
	addr, ceilingAddr string
	// log names a file that receives the application's log (warnings and
	// errors: a 500 says why there); empty: discarded.
	log string
	// cpuProfile names a file that receives the process's CPU profile
	// over the scenarios (the application's side and the clients' alike).
	cpuProfile string
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("carddesk-load", flag.ContinueOnError)
	var o options
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long each scenario runs (at most 2m)")
	fs.IntVar(&o.connections, "connections", 50, "concurrent connections (1 to 200)")
	fs.StringVar(&o.password, "password", "", "the generated staff's password (carddesk generate --password)")
	fs.StringVar(&o.scenarios, "scenarios", "", "comma-separated scenarios to run (default all): "+strings.Join(scenarioNames(), ","))
	fs.StringVar(&o.addr, "addr", "127.0.0.1:0", "loopback address the application listens on")
	fs.StringVar(&o.ceilingAddr, "ceiling-addr", "127.0.0.1:0", "loopback address the SELECT 1 ceiling listens on")
	fs.StringVar(&o.log, "log", "", "file that receives the application's warnings and errors (default: discarded)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "file that receives the CPU profile of the scenarios (go tool pprof)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.duration <= 0 || o.duration > 2*time.Minute || o.connections < 1 || o.connections > 200 || o.password == "" {
		return errors.New("want --password, --duration up to 2m and --connections from 1 to 200")
	}
	url, dir := os.Getenv("DATABASE_URL"), os.Getenv("CARDDESK_DATA_DIR")
	if dir == "" {
		dir = "data"
	}
	st, err := store.Open(ctx, store.Options{DatabaseURL: url, DataDir: dir})
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	logOut := io.Discard
	if o.log != "" {
		f, err := os.OpenFile(o.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		logOut = f
	}
	quiet := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := app.New(app.Config{Logger: quiet, LoginRatePerMinute: 1 << 20}, st)
	if err != nil {
		return err
	}
	base, stopApp, err := serve(o.addr, a.Handler())
	if err != nil {
		return err
	}
	defer stopApp()
	ceiling, stopCeiling, ceilingDB, err := ceilingServer(o.ceilingAddr, url, dir)
	if err != nil {
		return err
	}
	defer stopCeiling()

	env, err := prepare(ctx, st, base, o.password)
	if err != nil {
		return err
	}
	env.ceiling = ceiling
	fmt.Fprintf(out, "carddesk-load: %s, %d workers, %d applications awaiting their card; %d connections, %s per scenario\n",
		st.Engine(), env.workers, len(env.toIssue), o.connections, o.duration)
	appDB, err := st.DB().DB()
	if err != nil {
		return err
	}
	// reconnects counts the database connections the pool closed past its
	// idle limit during a scenario (each one reopened later costs a
	// connection set-up on the server).
	fmt.Fprintf(out, "%-18s %9s %8s %8s %8s %8s %7s %10s %s\n", "scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "ratio", "errors", "reconnects", "statuses")
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var ceilingRate float64
	for _, sc := range scenarios {
		if o.scenarios != "" && sc.name != "ceiling" && !slices.Contains(strings.Split(o.scenarios, ","), sc.name) {
			continue
		}
		conns := o.connections
		if sc.connections > 0 {
			conns = min(conns, sc.connections)
		}
		pool := appDB
		if sc.name == "ceiling" {
			pool = ceilingDB
		}
		closed := pool.Stats().MaxIdleClosed
		res := measure(ctx, env, sc, conns, o.duration)
		reconnects := pool.Stats().MaxIdleClosed - closed
		if sc.name == "ceiling" {
			ceilingRate = res.rate
		}
		ratio := ""
		if ceilingRate > 0 {
			ratio = fmt.Sprintf("%.2f", res.rate/ceilingRate)
		}
		fmt.Fprintf(out, "%-18s %9.0f %8.1f %8.1f %8.1f %8s %7d %10d %s\n", sc.name, res.rate, ms(res.p50), ms(res.p95), ms(res.p99), ratio, res.errors, reconnects, res.statuses)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// serve answers h on a loopback address until stop.
func serve(addr string, h http.Handler) (string, func(), error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", nil, err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return "", nil, fmt.Errorf("%s: listen on a loopback address only", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// ceilingServer is the yardstick: echo and gorm, the same pool as the
// store's (20 open and kept idle on PostgreSQL, store.SQLiteConnections on
// SQLite), answering SELECT 1 as JSON.
func ceilingServer(addr, url, dir string) (string, func(), *sql.DB, error) {
	var d gorm.Dialector
	if url != "" {
		d = postgres.Open(url)
	} else {
		d = sqlite.Open("file:" + dir + "/" + store.SQLiteFile + "?_pragma=busy_timeout(10000)")
	}
	db, err := gorm.Open(d, &gorm.Config{Logger: logger.Discard, SkipDefaultTransaction: true})
	if err != nil {
		return "", nil, nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return "", nil, nil, err
	}
	if url != "" {
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(20)
	} else {
		sqlDB.SetMaxOpenConns(store.SQLiteConnections)
		sqlDB.SetMaxIdleConns(store.SQLiteConnections)
	}
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/ceiling", func(c echo.Context) error {
		var n int
		if err := db.WithContext(c.Request().Context()).Raw("SELECT 1").Scan(&n).Error; err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]int{"one": n})
	})
	base, stop, err := serve(addr, e)
	return base, func() { stop(); sqlDB.Close() }, sqlDB, err
}

// env is what the scenarios draw their requests from.
type env struct {
	base, ceiling    string
	token, clerk     string
	session          *http.Cookie
	email, password  string
	workers          int
	workerIDs        []int64
	names            []string
	passports, cards []string
	longHistories    []int64
	toIssue          chan int64
}

// signInEmail is the generated account the session and the sign-in
// scenario use: a clerk, whose role needs no second factor.
const signInEmail = "clerk1@generated.example"

// prepare finds what the requests ask for in the generated data and
// creates the API tokens (an admin's for reads, a clerk's for issuing).
func prepare(ctx context.Context, st *store.Store, base, password string) (*env, error) {
	db := st.DB().WithContext(ctx)
	e := &env{base: base, email: "admin1@generated.example", password: password, toIssue: make(chan int64, 1<<16)}
	var n int64
	if err := db.Table("workers").Count(&n).Error; err != nil || n == 0 {
		return nil, fmt.Errorf("no workers: generate the data first (carddesk generate): %v", err)
	}
	e.workers = int(n)
	pick := func(q string, dest any) error {
		if err := db.Raw(q).Scan(dest).Error; err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
		return nil
	}
	steps := []error{
		pick("SELECT id FROM workers ORDER BY id LIMIT 5000", &e.workerIDs),
		pick("SELECT DISTINCT family_name FROM workers LIMIT 200", &e.names),
		pick("SELECT passport_number FROM workers ORDER BY id DESC LIMIT 2000", &e.passports),
		pick("SELECT number FROM cards ORDER BY id DESC LIMIT 2000", &e.cards),
		pick("SELECT worker_id FROM indicator_observations GROUP BY worker_id HAVING count(*) = 50 LIMIT 500", &e.longHistories),
	}
	if err := errors.Join(steps...); err != nil {
		return nil, err
	}
	var approved []int64
	// The applications awaiting their card (carddesk generate --awaiting):
	// approved, with a contract; those approved in the history have none.
	if err := pick(`SELECT id FROM applications a WHERE status = 'approved'
		AND EXISTS (SELECT 1 FROM contracts c WHERE c.application_id = a.id) ORDER BY id`, &approved); err != nil {
		return nil, err
	}
	for _, id := range approved[:min(len(approved), cap(e.toIssue))] {
		e.toIssue <- id
	}
	var err error
	if e.token, _, err = st.Auth.CreateToken(ctx, models.System("load"), e.email, "load test"); err != nil {
		return nil, fmt.Errorf("token for %s: %w", e.email, err)
	}
	if e.clerk, _, err = st.Auth.CreateToken(ctx, models.System("load"), "clerk1@generated.example", "load test"); err != nil {
		return nil, fmt.Errorf("token for the clerk: %w", err)
	}
	// The page reads and the sign-ins go as a clerk: the admin's role
	// requires a second factor, and a code is accepted once (two-factor
	// sign-in), while the password step costs the same for every role.
	sess, err := st.Auth.Login(ctx, store.LoginRequest{Email: signInEmail, Password: password, IP: "127.0.0.1"})
	if err != nil {
		return nil, fmt.Errorf("sign in as %s (is --password the generator's?): %w", signInEmail, err)
	}
	e.session = &http.Cookie{Name: "carddesk_session", Value: sess.Token}
	return e, nil
}

// scenario builds the requests of one measurement; i counts requests.
type scenario struct {
	name string
	// connections caps the connections (0: as asked): signing in is
	// bounded by the password hash's memory.
	connections int
	request     func(e *env, i int64) (*http.Request, error)
}

func get(e *env, path string) (*http.Request, error) {
	r, err := http.NewRequest(http.MethodGet, e.base+path, nil)
	if err == nil {
		r.Header.Set("Authorization", "Bearer "+e.token)
	}
	return r, err
}

func at[T any](list []T, i int64) T { return list[int(i%int64(len(list)))] }

var scenarios = []scenario{
	{name: "ceiling", request: func(e *env, i int64) (*http.Request, error) {
		return http.NewRequest(http.MethodGet, e.ceiling+"/ceiling", nil)
	}},
	// me is the authentication alone (the token, its user and roles, a small
	// JSON answer): what every bearer read pays before its own statements.
	{name: "me", request: func(e *env, i int64) (*http.Request, error) { return get(e, "/api/v1/me") }},
	{name: "dossier", request: func(e *env, i int64) (*http.Request, error) {
		return get(e, fmt.Sprintf("/api/v1/workers/%d", at(e.workerIDs, i*7919)))
	}},
	{name: "search_name", request: func(e *env, i int64) (*http.Request, error) {
		return get(e, "/api/v1/workers?q="+urlQuery(at(e.names, i)))
	}},
	{name: "search_passport", request: func(e *env, i int64) (*http.Request, error) {
		return get(e, "/api/v1/workers?q="+at(e.passports, i))
	}},
	{name: "search_card", request: func(e *env, i int64) (*http.Request, error) {
		return get(e, "/api/v1/workers?q="+at(e.cards, i))
	}},
	{name: "history_50", request: func(e *env, i int64) (*http.Request, error) {
		if len(e.longHistories) == 0 {
			return nil, errors.New("no worker with 50 observations")
		}
		return get(e, fmt.Sprintf("/api/v1/workers/%d/history", at(e.longHistories, i)))
	}},
	{name: "renewals_due", request: func(e *env, i int64) (*http.Request, error) { return get(e, "/api/v1/cards") }},
	{name: "applications", request: func(e *env, i int64) (*http.Request, error) {
		status := []string{"approved", "interview_scheduled", "submitted", ""}[i%4]
		r, err := http.NewRequest(http.MethodGet, e.base+"/applications?status="+status, nil)
		if err == nil {
			r.AddCookie(e.session)
		}
		return r, err
	}},
	{name: "audit_filtered", request: func(e *env, i int64) (*http.Request, error) {
		if i%2 == 0 {
			return get(e, fmt.Sprintf("/api/v1/audit?record_type=worker&record_id=%d", at(e.workerIDs, i*31)))
		}
		return get(e, "/api/v1/audit?action=card.&limit=50")
	}},
	// A family of actions with no recent row: read from the index, not by
	// walking the trail back from its newest row.
	{name: "audit_rare_family", request: func(e *env, i int64) (*http.Request, error) {
		return get(e, "/api/v1/audit?action=retention.&limit=50")
	}},
	{name: "issue_card", request: func(e *env, i int64) (*http.Request, error) {
		select {
		case id := <-e.toIssue:
			r, err := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/applications/%d/issue", e.base, id), nil)
			if err == nil {
				r.Header.Set("Authorization", "Bearer "+e.clerk)
			}
			return r, err
		default:
			return nil, errNothingLeft
		}
	}},
	{name: "sign_in", connections: 4, request: func(e *env, i int64) (*http.Request, error) {
		body := fmt.Sprintf(`{"email":%q,"password":%q}`, signInEmail, e.password)
		r, err := http.NewRequest(http.MethodPost, e.base+"/api/v1/session", strings.NewReader(body))
		if err == nil {
			r.Header.Set("Content-Type", "application/json")
		}
		return r, err
	}},
}

var errNothingLeft = errors.New("nothing left to do")

func scenarioNames() []string {
	var names []string
	for _, s := range scenarios {
		names = append(names, s.name)
	}
	return names
}

func urlQuery(s string) string {
	return strings.NewReplacer(" ", "+", "'", "%27").Replace(s)
}

// result is one scenario's measurement.
type result struct {
	rate          float64
	p50, p95, p99 time.Duration
	errors        int64
	statuses      string
}

// measure runs sc on conns connections for d and collects every latency.
func measure(ctx context.Context, e *env, sc scenario, conns int, d time.Duration) result {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}, Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		next     atomic.Int64
		failures atomic.Int64
		mu       sync.Mutex
		all      []time.Duration
		statuses = map[int]int{}
		wg       sync.WaitGroup
	)
	start := time.Now()
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			seen := map[int]int{}
			for ctx.Err() == nil {
				req, err := sc.request(e, next.Add(1))
				if errors.Is(err, errNothingLeft) {
					break
				}
				if err != nil {
					failures.Add(1)
					break
				}
				t0 := time.Now()
				resp, err := client.Do(req.WithContext(ctx))
				if err != nil {
					if ctx.Err() == nil {
						failures.Add(1)
					}
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(t0))
				seen[resp.StatusCode]++
				if resp.StatusCode >= 500 {
					failures.Add(1)
				}
			}
			mu.Lock()
			all = append(all, mine...)
			for k, v := range seen {
				statuses[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(all)
	pct := func(p float64) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[min(len(all)-1, int(p*float64(len(all))))]
	}
	var codes []string
	for k, v := range statuses {
		codes = append(codes, fmt.Sprintf("%d:%d", k, v))
	}
	slices.Sort(codes)
	return result{rate: float64(len(all)) / elapsed.Seconds(), p50: pct(0.50), p95: pct(0.95), p99: pct(0.99),
		errors: failures.Load(), statuses: strings.Join(codes, " ")}
}
