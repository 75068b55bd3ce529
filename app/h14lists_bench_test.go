package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app"
	"github.com/carddesk/carddesk/app/password"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/generate"
	"github.com/carddesk/carddesk/app/store/storetest"
)

// BenchmarkListHandlers measures the renewals-due list and the applications
// list through the real router (authentication, the handler, the store,
// the JSON or the page), on generated data, on each engine: what a request
// costs in Go beside its SQL (issue 14); cpu-ns/op is this process's CPU
// per request, the figure to compare on a shared machine. CARDDESK_BENCH_WORKERS sets the
// size (default 2,000 workers, three applications each). Run, with a CPU
// profile:
//
//	TEST_DATABASE_URL=postgres://... go test ./app -run '^$' -bench ListHandlers \
//	  -benchmem -cpuprofile /tmp/lists.prof
func BenchmarkListHandlers(b *testing.B) {
	workers := 2000
	if v := os.Getenv("CARDDESK_BENCH_WORKERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 10 || n > 200_000 {
			b.Fatalf("CARDDESK_BENCH_WORKERS=%q: want 10 to 200000", v)
		}
		workers = n
	}
	for _, engine := range storetest.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			opts := storetest.Options(b, engine)
			st, err := store.Open(ctx, opts)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			if _, err := st.Migrate(ctx); err != nil {
				b.Fatal(err)
			}
			const pw = "generated password 1"
			if _, err := generate.Run(ctx, st, generate.Options{Seed: 1, Workers: workers, Applications: 3 * workers,
				Observations: workers, AuditRows: workers, Years: 20, Now: time.Now().UTC(),
				Password: pw, PasswordParams: password.Fast, DatabaseURL: opts.DatabaseURL}); err != nil {
				b.Fatal(err)
			}
			a, err := app.New(app.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), LoginRatePerMinute: 1000}, st)
			if err != nil {
				b.Fatal(err)
			}
			h := a.Handler()
			// As the load tool asks: the API as an admin with a bearer
			// token, the pages as a clerk with a session.
			token, _, err := st.Auth.CreateToken(ctx, system, "admin1@generated.example", "bench")
			if err != nil {
				b.Fatal(err)
			}
			sess, err := st.Auth.Login(ctx, store.LoginRequest{Email: "clerk1@generated.example", Password: pw, IP: "127.0.0.1"})
			if err != nil {
				b.Fatal(err)
			}
			bearer := func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
			cookie := func(r *http.Request) { r.AddCookie(&http.Cookie{Name: "carddesk_session", Value: sess.Token}) }
			reads := []struct {
				name, path string
				auth       func(*http.Request)
			}{
				{"renewals_due_api", "/api/v1/cards", bearer},
				{"renewals_due_page", "/cards/due", cookie},
				{"applications_page", "/applications?status=approved", cookie},
				{"applications_page_all", "/applications?status=", cookie},
				{"applications_api", "/api/v1/applications?status=approved", bearer},
			}
			for _, r := range reads {
				b.Run(r.name, func(b *testing.B) {
					start := processCPU()
					for b.Loop() {
						req := httptest.NewRequest(http.MethodGet, r.path, nil)
						req.RemoteAddr = "127.0.0.1:1234"
						r.auth(req)
						rec := httptest.NewRecorder()
						h.ServeHTTP(rec, req)
						if rec.Code != http.StatusOK {
							b.Fatalf("%s: %d %.300s", r.path, rec.Code, rec.Body.String())
						}
					}
					b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
				})
			}
		})
	}
}

// processCPU is the CPU time this process has used (user and system), in
// nanoseconds: on a shared machine a request's CPU reads truer than its
// wall time, and the database's own CPU is not in it.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
