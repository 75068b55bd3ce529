package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

type idJSON struct {
	ID int64 `json:"id"`
}

// e2eApplication registers, through the card lifecycle's API, a household
// worker employed for a month and opens her first-issuance application.
func e2eApplication(t *testing.T, clerk *e2eSession) int64 {
	t.Helper()
	var mission, employer, worker, job, app idJSON
	clerk.call("POST", "/api/v1/missions", map[string]any{"name": "Embassy of Viet Nam (e2e)", "kind": "embassy", "country_code": "VN"}, http.StatusCreated, &mission)
	clerk.call("POST", "/api/v1/employers", map[string]any{"mission_id": mission.ID, "family_name": "Trần", "given_names": "Văn Minh",
		"title": "Counsellor", "entitled_to_private_servant": true}, http.StatusCreated, &employer)
	clerk.call("POST", "/api/v1/workers", map[string]any{"family_name": "Nguyễn", "given_names": "Thị Hường", "date_of_birth": "1990-05-17",
		"sex": "female", "nationality": "VN", "passport_number": "E2E500123", "passport_expires_on": "2031-01-01",
		"languages": []string{"vi", "en"}, "phone": "+32470123456", "iban": "BE68539007547034", "account_in_sole_name": true,
		"residence_status": "special_id_pending"}, http.StatusCreated, &worker)
	start := brusselsNow().AddDate(0, -1, 0).Format(time.DateOnly)
	clerk.call("POST", fmt.Sprintf("/api/v1/workers/%d/employments", worker.ID), map[string]any{"employer_id": employer.ID,
		"starts_on": start, "job_category": "household", "weekly_hours": 38, "live_in": true}, http.StatusCreated, &job)
	clerk.call("POST", "/api/v1/applications", map[string]any{"kind": "first_issuance", "employment_id": job.ID}, http.StatusCreated, &app)
	return app.ID
}

// TestE2EScaleIndexationAndContract (issue 5): an admin applies a 2%
// indexation to the version in force, reviews the difference and publishes
// it; the clerk's next contract uses it, and a salary under the new minimum
// is refused on the page with the figures.
func TestE2EScaleIndexationAndContract(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	clerkAPI := newE2ESession(t, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	appID := e2eApplication(t, clerkAPI)
	today := brusselsNow().Format(time.DateOnly)

	// The admin: the seed is out of date; a draft from it, indexed by 2%.
	login(t, ctx, srv.URL, "admin@demo.carddesk.test", "demo-admin-password")
	do(t, ctx, chromedp.Navigate(srv.URL+"/scales"), chromedp.WaitVisible(chromedp.CSS("#scale-versions")))
	if s := text(t, ctx, "#scale-stale"); !strings.Contains(s, "out of date") {
		t.Errorf("stale alert: %q", s)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#start-draft")), chromedp.WaitVisible(chromedp.CSS("#apply-indexation")))
	draftURL := location(t, ctx)
	draftID := draftURL[strings.LastIndex(draftURL, "/")+1:]
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#percent"), "2"),
		chromedp.Click(chromedp.CSS("#apply-indexation")),
		chromedp.WaitVisible(chromedp.CSS(`input[name="rates.household.0.monthly"][value="2111.89"]`)),
		chromedp.SetValue(chromedp.CSS("#effective_date"), today),
		chromedp.SetValue(chromedp.CSS("#source_note"), "Seed amounts indexed by 2% (end-to-end test)"),
		chromedp.Click(chromedp.CSS("#save-draft")),
		// The attribute, unlike the property set above, comes from the server.
		chromedp.WaitVisible(chromedp.CSS(`#effective_date[value="`+today+`"]`)),
	)

	// The difference, side by side, then publication.
	do(t, ctx, chromedp.Click(chromedp.CSS("#diff-link")), chromedp.WaitVisible(chromedp.CSS("#diff")))
	diff := text(t, ctx, "#diff")
	for _, want := range []string{"2070.48", "2111.89", "12.57", "12.83", "+2.00%", "2024-05-01", today} {
		if !strings.Contains(diff, want) {
			t.Errorf("difference lacks %q:\n%s", want, diff)
		}
	}
	// Publishing names its consequence on a second step, then publishes.
	do(t, ctx, chromedp.Click(chromedp.CSS("#publish-version")), chromedp.WaitVisible(chromedp.CSS("#consequence")))
	if s := text(t, ctx, "#consequence"); !strings.Contains(s, "can never be edited or withdrawn") {
		t.Errorf("consequence of publishing: %q", s)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#confirm")), chromedp.WaitVisible(chromedp.CSS("#scale-status")))
	if s := text(t, ctx, "#scale-status"); !strings.Contains(s, "In force") {
		t.Fatalf("after publishing, the version is %q", s)
	}
	logout(t, ctx)

	// The clerk: the minimum that applies now comes from the new version.
	login(t, ctx, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	contracts := fmt.Sprintf("%s/applications/%d/contracts", srv.URL, appID)
	do(t, ctx, chromedp.Navigate(contracts), chromedp.WaitVisible(chromedp.CSS("#generate-contract")))
	if s := text(t, ctx, "#minimum-applies"); !strings.Contains(s, "EUR 2,111.89") || !strings.Contains(s, "version "+draftID) {
		t.Errorf("minimum shown: %q", s)
	}
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#language"), "fr"),
		chromedp.SetValue(chromedp.CSS("#second_language"), "en"),
		chromedp.SendKeys(chromedp.CSS("#gross_monthly_salary"), "2100"),
		chromedp.SendKeys(chromedp.CSS("#employer_address"), "Avenue Louise 231, 1050 Bruxelles"),
		chromedp.SendKeys(chromedp.CSS("#worker_address"), "Avenue Louise 231, 1050 Bruxelles"),
		chromedp.SendKeys(chromedp.CSS("#workplace"), "Avenue Louise 231, 1050 Bruxelles"),
		chromedp.SendKeys(chromedp.CSS("#duties"), "entretien de la résidence, lessive, repas de la famille"),
		chromedp.SendKeys(chromedp.CSS("#repatriation_to"), "Hà Nội, Việt Nam"),
		chromedp.Click(chromedp.CSS("#generate-contract")),
		chromedp.WaitVisible(chromedp.CSS("#contract-error")),
	)
	refusal := text(t, ctx, "#contract-error")
	for _, want := range []string{"2100.00", "2111.89", "version " + draftID, today} {
		if !strings.Contains(refusal, want) {
			t.Errorf("refusal lacks %q: %q", want, refusal)
		}
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#duties"))); !strings.Contains(v, "lessive") {
		t.Errorf("duties lost after the refusal: %q", v)
	}
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#gross_monthly_salary"), "2150"),
		chromedp.Click(chromedp.CSS("#generate-contract")),
		chromedp.WaitVisible(chromedp.CSS("#contract-list code")),
	)
	if list := text(t, ctx, "#contract-list"); !strings.Contains(list, "version "+draftID) || !strings.Contains(list, "EUR 2,150.00") || !strings.Contains(list, "EUR 2,111.89") {
		t.Errorf("contract list: %s", list)
	}

	// The stored contract says the same.
	var stored struct {
		Contracts []struct {
			ScaleVersionID int64  `json:"scale_version_id"`
			Minimum        string `json:"minimum_monthly"`
			Gross          string `json:"gross_monthly_salary"`
			Language       string `json:"language"`
			SecondLanguage string `json:"second_language"`
		} `json:"contracts"`
	}
	clerkAPI.call("GET", fmt.Sprintf("/api/v1/applications/%d/contracts", appID), nil, http.StatusOK, &stored)
	if len(stored.Contracts) != 1 || fmt.Sprint(stored.Contracts[0].ScaleVersionID) != draftID || stored.Contracts[0].Minimum != "2111.89" ||
		stored.Contracts[0].Gross != "2150.00" || stored.Contracts[0].Language != "fr" || stored.Contracts[0].SecondLanguage != "en" {
		t.Errorf("stored contracts: %+v", stored.Contracts)
	}
	logout(t, ctx)
}
