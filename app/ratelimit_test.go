package app_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
)

// TestLoginLimiterIgnoresSpoofedForwardedFor: without a trusted proxy, the
// login limiter keys on the TCP peer, so a client that invents a new
// X-Forwarded-For or X-Real-IP on every attempt is throttled all the same
// (echo's advisory GO-2026-6872 concerns the default IP extraction, which
// Carddesk does not use; .ci/vuln-accepted.txt relies on this test).
func TestLoginLimiterIgnoresSpoofedForwardedFor(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	a, err := app.New(app.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), LoginRatePerMinute: 3}, st)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	limited := 0
	for i := range 8 {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/session",
			strings.NewReader(`{"email":"nobody@example.be","password":"wrong password"}`))
		req.Header.Set("Content-Type", "application/json")
		spoofed := "203.0.113." + strconv.Itoa(i+1)
		req.Header.Set("X-Forwarded-For", spoofed)
		req.Header.Set("X-Real-IP", spoofed)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusTooManyRequests {
			limited++
		} else if i >= 3 {
			t.Errorf("attempt %d from a spoofed address got %d, want 429", i+1, res.StatusCode)
		}
	}
	if limited != 5 {
		t.Errorf("%d of 8 attempts throttled, want 5 (burst 3)", limited)
	}
}
