package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestE2ERecordsChange: the demo's Santos comes to renew her card with a new
// passport, the old one having expired. The clerk opens the renewal, is told
// to record the new passport first, records it on her page (the old values
// stay in the history), ends the employment with her previous household that
// was never closed (a confirmation step names the consequence), and submits
// the renewal, which now passes.
func TestE2ERecordsChange(t *testing.T) {
	srv := startServer(t)
	api := newE2ESession(t, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	var workers struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	api.call("GET", "/api/v1/workers?q=Santos", nil, 200, &workers)
	if len(workers.Items) != 1 {
		t.Fatalf("demo workers named Santos: %+v", workers)
	}
	santos := workers.Items[0].ID
	var due struct {
		Items []struct {
			ID       int64 `json:"id"`
			WorkerID int64 `json:"worker_id"`
		} `json:"items"`
	}
	api.call("GET", "/api/v1/cards?expiring_within_days=60", nil, 200, &due)
	var card int64
	for _, c := range due.Items {
		if c.WorkerID == santos {
			card = c.ID
		}
	}
	if card == 0 {
		t.Fatalf("Santos's card is not due: %+v", due)
	}
	// Her passport expired yesterday (the registration misread the year),
	// and an employment with her previous household was never closed.
	var w map[string]any
	api.call("GET", fmt.Sprintf("/api/v1/workers/%d", santos), nil, 200, &w)
	yesterday := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	body := map[string]any{"change_kind": "correction", "reason": "expiry year misread at registration", "passport_expires_on": yesterday}
	for _, k := range []string{"family_name", "given_names", "date_of_birth", "sex", "nationality", "passport_number", "languages",
		"phone", "iban", "account_in_sole_name", "residence_status"} {
		body[k] = w[k]
	}
	api.call("POST", fmt.Sprintf("/api/v1/workers/%d/versions", santos), body, 200, nil)
	var employers struct {
		Items []struct {
			ID         int64  `json:"id"`
			FamilyName string `json:"family_name"`
		} `json:"items"`
	}
	api.call("GET", "/api/v1/employers", nil, 200, &employers)
	var wibowo int64
	for _, e := range employers.Items {
		if e.FamilyName == "Wibowo" {
			wibowo = e.ID
		}
	}
	var old struct {
		ID int64 `json:"id"`
	}
	api.call("POST", fmt.Sprintf("/api/v1/workers/%d/employments", santos), map[string]any{"employer_id": wibowo,
		"starts_on": time.Now().AddDate(-3, 0, 0).Format("2006-01-02"), "job_category": "household", "weekly_hours": 38}, 201, &old)

	ctx := browser(t)
	login(t, ctx, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	do(t, ctx, chromedp.Navigate(srv.URL+"/cards/due"), chromedp.WaitVisible(chromedp.CSS("table")),
		clickAndLoad(fmt.Sprintf(`form[action="/cards/%d/renewal"] button`, card)))
	appURL := location(t, ctx)
	var appID int64
	if _, err := fmt.Sscanf(appURL[strings.LastIndex(appURL, "/")+1:], "%d", &appID); err != nil {
		t.Fatalf("renewal at %s", appURL)
	}
	// The documents and the contract, prepared by API.
	for _, k := range []string{"note_verbale", "signed_contract", "declaration_of_return", "social_security_proof",
		"work_accident_insurance", "repatriation_insurance", "passport_copy"} {
		api.attach(appID, k)
	}
	api.call("POST", fmt.Sprintf("/api/v1/applications/%d/contracts", appID), map[string]any{
		"language": "en", "second_language": "fr", "start_date": brusselsNow().Format("2006-01-02"), "gross_monthly_salary": "2150.00",
		"employer_function": "Ambassador", "employer_address": "Avenue de Tervueren 12, 1040 Bruxelles",
		"worker_address": "Avenue de Tervueren 12, 1040 Bruxelles", "workplace": "Avenue de Tervueren 12, 1040 Bruxelles",
		"duties": "household work", "place": "Bruxelles", "days_per_week": 5, "rest_days": []string{"saturday", "sunday"},
		"annual_leave_days": 20, "repatriation_to": "Manila, Philippines"}, 201, nil)

	// The task list offers no submission and says why.
	do(t, ctx, chromedp.Navigate(appURL), chromedp.WaitVisible(chromedp.CSS("#task-submitted")))
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#submit-application').length`)); n != 0 {
		t.Error("submission offered with the expired passport")
	}
	if msg := text(t, ctx, "#task-submitted .task-refusal"); !strings.Contains(msg, "record the new passport first") {
		t.Fatalf("renewal with the expired passport: %q", msg)
	}

	// The new passport, recorded on her page.
	workerURL := fmt.Sprintf("%s/workers/%d", srv.URL, santos)
	newExpiry := time.Now().AddDate(10, 0, 0).Format("2006-01-02")
	do(t, ctx,
		chromedp.Navigate(workerURL),
		chromedp.WaitVisible(chromedp.CSS("#edit-worker"), chromedp.NodeReady),
		chromedp.Click(chromedp.CSS("#edit-worker summary")),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#passport_number').value = ''`),
		chromedp.SendKeys(chromedp.CSS("#passport_number"), "P9912345C"),
		setValue("#passport_expires_on", newExpiry),
		chromedp.SetValue(chromedp.CSS("#change_kind"), "update"),
		chromedp.SendKeys(chromedp.CSS("#reason"), "new passport issued by the embassy"),
		clickAndLoad(`form[action$="/versions"] button[type=submit]`),
	)
	history := text(t, ctx, "#record-history")
	for _, want := range []string{"P4829301A", "P9912345C", "new passport issued by the embassy", "expiry year misread at registration", newExpiry} {
		if !strings.Contains(history, want) {
			t.Errorf("history lacks %q:\n%s", want, history)
		}
	}

	// The previous employment ends, after a confirmation step.
	lastDay := time.Now().AddDate(-1, -1, 0).Format("2006-01-02")
	do(t, ctx,
		clickAndLoad(fmt.Sprintf(`a[href="/employments/%d/end"]`, old.ID)),
		setValue("#ends_on", lastDay),
		chromedp.SendKeys(chromedp.CSS("#reason"), "she left the Wibowo household before her first card"),
		clickAndLoad(`form[action$="/end"] button[type=submit]`),
	)
	if s := text(t, ctx, "#consequence"); !strings.Contains(s, "Ending this employment on "+lastDay+" means 0 card(s) in use for it can no longer be renewed") {
		t.Errorf("consequence: %q", s)
	}
	do(t, ctx, clickAndLoad("#confirm"))
	if got := location(t, ctx); got != workerURL {
		t.Errorf("after ending: at %s", got)
	}
	if h := text(t, ctx, "#record-history"); !strings.Contains(h, "she left the Wibowo household") {
		t.Errorf("the end is not in the history:\n%s", h)
	}

	// The renewal now passes.
	do(t, ctx, chromedp.Navigate(appURL), chromedp.WaitVisible(chromedp.CSS("#submit-application")), clickAndLoad("#submit-application"))
	if s := text(t, ctx, "#application-status"); s != "Submitted" {
		t.Fatalf("renewal after the new passport: %q", s)
	}
}
