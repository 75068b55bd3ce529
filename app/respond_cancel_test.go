package app

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
)

// TestErrorOfAnEndedRequestIsItsEnding: a driver error met after the
// client left (pgx answers "driver: bad connection" for the connection it
// cancelled) is answered as the cancellation it is, 503 and nothing saved,
// not as a fault of ours (500); while the request lives, the same error is
// a 500.
func TestErrorOfAnEndedRequestIsItsEnding(t *testing.T) {
	a, err := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, storetest.Open(t, store.SQLite))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		cancel bool
		status int
		code   string
	}{
		{"request still open", false, http.StatusInternalServerError, "internal"},
		{"client gone", true, http.StatusServiceUnavailable, CodeCancelled},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		if tc.cancel {
			cancel()
		}
		req := httptest.NewRequest(http.MethodGet, "/api/v1/workers", nil).WithContext(ctx)
		rec := httptest.NewRecorder()
		a.errorHandler(errors.New("latest employments of workers: driver: bad connection"), a.echo.NewContext(req, rec))
		cancel()
		var p Problem
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
			t.Fatalf("%s: %v: %s", tc.name, err, rec.Body.String())
		}
		if rec.Code != tc.status || p.Code != tc.code {
			t.Errorf("%s: %d %s, want %d %s", tc.name, rec.Code, p.Code, tc.status, tc.code)
		}
	}
}
