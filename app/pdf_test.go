package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app"
	"github.com/carddesk/carddesk/app/store/storetest"
)

// contractTerms is a complete contract request at the minimum of the seed
// scale (newScaleEnv).
func contractTerms() map[string]any {
	return map[string]any{
		"language": "fr", "second_language": "en", "start_date": "2026-03-02", "gross_monthly_salary": "2150.00",
		"employer_function": "First Secretary", "employer_address": "Avenue Louise 231, 1050 Bruxelles",
		"worker_address": "Avenue Louise 231, 1050 Bruxelles", "workplace": "Avenue Louise 231, 1050 Bruxelles",
		"duties": "entretien de la résidence, lessive, repas", "place": "Bruxelles", "days_per_week": 5,
		"rest_days": []string{"saturday", "sunday"}, "annual_leave_days": 20, "repatriation_to": "Hanoi, Viet Nam",
	}
}

// TestPDFStopsWithTheRequest: a contract whose request has ended (the
// client left) or whose deadline passed is not drawn up: 503 with a code
// that says which, nothing stored, nothing audited; the leaflet likewise.
// contracts.TestGenerationStopsWhenTheContextEnds shows the drawing itself
// stops within a paragraph.
func TestPDFStopsWithTheRequest(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e, appID := newScaleEnv(t, engine)
			cpath := fmt.Sprintf("/api/v1/applications/%d/contracts", appID)
			audits := func() int64 {
				var n int64
				mustDo(t, e.store.DB().Table("audit_events").Where("action LIKE ?", "contract.%").Count(&n).Error)
				return n
			}

			// The client left: the request's context is cancelled.
			secret, _, err := e.store.Auth.CreateToken(context.Background(), system, "clerk@example.be", "test")
			mustDo(t, err)
			body, _ := json.Marshal(contractTerms())
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			req := httptest.NewRequest("POST", cpath, strings.NewReader(string(body))).WithContext(ctx)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+secret)
			rec := httptest.NewRecorder()
			e.app.Handler().ServeHTTP(rec, req)
			if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), `"code":"request_cancelled"`) {
				t.Errorf("client gone: %d %s", rec.Code, rec.Body.String())
			}

			// A deadline that has always passed.
			fast, err := app.New(app.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), LoginRatePerMinute: 1000,
				PDFTimeout: time.Nanosecond}, e.store)
			mustDo(t, err)
			late := &env{t: t, store: e.store, app: fast, srv: httptest.NewServer(fast.Handler()), users: e.users}
			t.Cleanup(late.srv.Close)
			clerk := late.apiSession("clerk")
			res, problem := clerk.json("POST", cpath, contractTerms())
			if res.StatusCode != http.StatusServiceUnavailable || problem["code"] != app.CodeTimeout {
				t.Errorf("deadline passed: %d %v", res.StatusCode, problem)
			}
			page := late.as("clerk")
			if res, body := page.postForm(fmt.Sprintf("/applications/%d/contracts", appID), contractForm()); res.StatusCode != http.StatusServiceUnavailable ||
				!strings.Contains(body, "took too long") {
				t.Errorf("deadline passed, form: %d", res.StatusCode)
			}
			if res, _ := page.get("/leaflets/en"); res.StatusCode != http.StatusServiceUnavailable {
				t.Errorf("leaflet past its deadline: %d", res.StatusCode)
			}
			if n := countContracts(t, e, appID); n != 0 || audits() != 0 {
				t.Errorf("%d contracts stored, %d audited, after requests that ended", n, audits())
			}

			// With time, the same request draws the contract up.
			res, ct := e.apiSession("clerk").json("POST", cpath, contractTerms())
			if res.StatusCode != http.StatusCreated || ct["sha256"] == nil {
				t.Fatalf("generate: %d %v", res.StatusCode, ct)
			}
		})
	}
}
