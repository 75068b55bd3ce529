package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/app"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// BenchmarkDossierHTTP reads the worker dossier (GET /api/v1/workers/{id},
// bearer token) through the whole router, without a network, on a database
// made by carddesk generate, and reports the SQL statements each request
// sends (queries/op) beside the time and allocations. It writes an API
// token for the first generated admin, so point it at a copy:
//
//	CARDDESK_BENCH_DATABASE_URL='postgres://postgres@127.0.0.1:5432/carddesk_copy?sslmode=disable' \
//	GOTOOLCHAIN=go1.27.3 go test ./app -run '^$' -bench DossierHTTP -benchmem -cpuprofile /tmp/dossier.prof
func BenchmarkDossierHTTP(b *testing.B) {
	url := os.Getenv("CARDDESK_BENCH_DATABASE_URL")
	if url == "" {
		b.Skip("CARDDESK_BENCH_DATABASE_URL names no generated database (carddesk generate)")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{DatabaseURL: url})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var ids []int64
	if err := st.DB().Raw("SELECT id FROM workers ORDER BY id LIMIT 5000").Scan(&ids).Error; err != nil || len(ids) == 0 {
		b.Fatalf("no workers (carddesk generate): %v", err)
	}
	token, _, err := st.Auth.CreateToken(ctx, models.System("bench"), "admin1@generated.example", "dossier benchmark")
	if err != nil {
		b.Fatal(err)
	}
	var queries atomic.Int64
	countStatements(st.DB(), &queries)
	a, err := app.New(app.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, st)
	if err != nil {
		b.Fatal(err)
	}
	h := a.Handler()
	var n atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	queries.Store(0)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			id := ids[int(n.Add(1)*7919)%len(ids)]
			r := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/api/v1/workers/%d", id), nil)
			r.Header.Set("Authorization", "Bearer "+token)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Errorf("worker %d: %d %s", id, w.Code, w.Body.String())
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(queries.Load())/float64(b.N), "queries/op")
}

// countStatements counts every statement gorm sends on db.
func countStatements(db *gorm.DB, n *atomic.Int64) {
	count := func(*gorm.DB) { n.Add(1) }
	cb := db.Callback()
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(cb.Query().After("gorm:query").Register("bench:count", count))
	must(cb.Row().After("gorm:row").Register("bench:count", count))
	must(cb.Raw().After("gorm:raw").Register("bench:count", count))
	must(cb.Create().After("gorm:create").Register("bench:count", count))
	must(cb.Update().After("gorm:update").Register("bench:count", count))
	must(cb.Delete().After("gorm:delete").Register("bench:count", count))
}
