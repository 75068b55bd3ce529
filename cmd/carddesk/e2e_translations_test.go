package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/carddesk/carddesk/contracts/pdftest"
)

// e2eWorker registers, through the API, a worker who reads langs, employed
// for a month by a new employer of a new mission, and opens her
// first-issuance application.
func e2eWorker(t *testing.T, clerk *e2eSession, family, country, passport string, langs ...string) int64 {
	t.Helper()
	var mission, employer, worker, job, app idJSON
	clerk.call("POST", "/api/v1/missions", map[string]any{"name": "Embassy " + country + " (e2e " + family + ")", "kind": "embassy", "country_code": country}, http.StatusCreated, &mission)
	clerk.call("POST", "/api/v1/employers", map[string]any{"mission_id": mission.ID, "family_name": "Employer" + family, "given_names": "E2E",
		"title": "Counsellor", "entitled_to_private_servant": true}, http.StatusCreated, &employer)
	clerk.call("POST", "/api/v1/workers", map[string]any{"family_name": family, "given_names": "E2E", "date_of_birth": "1991-04-03",
		"sex": "female", "nationality": country, "passport_number": passport, "passport_expires_on": "2031-01-01",
		"languages": langs, "phone": "+32470123499", "iban": "BE68539007547034", "account_in_sole_name": true,
		"residence_status": "special_id_pending"}, http.StatusCreated, &worker)
	start := brusselsNow().AddDate(0, -1, 0).Format(time.DateOnly)
	clerk.call("POST", fmt.Sprintf("/api/v1/workers/%d/employments", worker.ID), map[string]any{"employer_id": employer.ID,
		"starts_on": start, "job_category": "household", "weekly_hours": 38, "live_in": true}, http.StatusCreated, &job)
	clerk.call("POST", "/api/v1/applications", map[string]any{"kind": "first_issuance", "employment_id": job.ID}, http.StatusCreated, &app)
	return app.ID
}

// get fetches a page or a document with the session's cookie.
func (s *e2eSession) get(path string) []byte {
	s.t.Helper()
	res, err := s.http.Get(s.base + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		s.t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
	}
	return b
}

// TestE2EDocumentsInTheWorkersLanguages (issue 11): the interviewer hands
// over the rights leaflet in Amharic, chosen among the languages it exists
// in; the clerk prints a summons in Arabic for a worker who reads Arabic,
// naming the interpreter's language in Arabic; a contract for a worker who
// reads only Nepali comes with a warning that offers the Nepali
// translation, and prints it beside the binding French text.
func TestE2EDocumentsInTheWorkersLanguages(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	clerk := newE2ESession(t, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	interviewer := newE2ESession(t, srv.URL, "interviewer@demo.carddesk.test", "demo-interviewer-password")
	admin := newE2ESession(t, srv.URL, "admin@demo.carddesk.test", "demo-admin-password")

	// 1. The demo's booked interview: Bekele, who reads Amharic.
	login(t, ctx, srv.URL, "interviewer@demo.carddesk.test", "demo-interviewer-password")
	do(t, ctx, chromedp.Navigate(srv.URL+"/interviews"), chromedp.WaitVisible(chromedp.CSS("table")), clickAndLoad(`table a[href$="/record"]`))
	chosen, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`[id="attestations.leaflet_language"]`)))
	if err != nil || chosen != "am" {
		t.Errorf("leaflet language offered first: %q %v", chosen, err)
	}
	offered, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[id="attestations.leaflet_language"] option')].map(o => o.value).filter(v => v)`))
	if len(offered) < 21 || strings.Contains(strings.Join(offered, ","), "fil") {
		t.Errorf("leaflet languages offered: %v", offered)
	}
	if text := pdftest.Text(t, interviewer.get("/leaflets/am")); !strings.Contains(text, "መብቶችዎ") {
		t.Errorf("the Amharic leaflet: %.300s", text)
	}
	do(t, ctx, recordSteps("cleared",
		chromedp.Click(chromedp.CSS(`[id="attestations.interpreter_independent"]`)),
		chromedp.SetValue(chromedp.CSS(`[id="attestations.leaflet_language"]`), "am"),
	)...)
	if record := mainText(t, ctx); !strings.Contains(record, "(አማርኛ (Amharic))") {
		t.Errorf("the record does not say the leaflet was in Amharic:\n%.1200s", record)
	}
	logout(t, ctx)

	// 2. A worker who reads Arabic: contract (French with the Arabic
	// translation), documents, submission, an interview with an Arabic
	// interpreter; the clerk prints the summons from the application page.
	arApp := e2eWorker(t, clerk, "Haddad", "MA", "E2EAR0001", "ar")
	for _, k := range []string{"note_verbale", "signed_contract", "declaration_of_return", "social_security_proof",
		"work_accident_insurance", "repatriation_insurance", "passport_copy"} {
		clerk.attach(arApp, k)
	}
	terms := map[string]any{"language": "fr", "second_language": "ar", "gross_monthly_salary": "2100", "board": map[string]any{"lodging": true},
		"employer_function": "Conseiller", "employer_address": "Rue de la Loi 1, 1000 Bruxelles", "worker_address": "Rue de la Loi 1, 1000 Bruxelles",
		"workplace": "Rue de la Loi 1, 1000 Bruxelles", "duties": "entretien de la résidence", "place": "Bruxelles", "days_per_week": 5,
		"rest_days": []string{"saturday", "sunday"}, "annual_leave_days": 20, "repatriation_to": "Rabat, Maroc"}
	clerk.call("POST", fmt.Sprintf("/api/v1/applications/%d/contracts", arApp), terms, http.StatusCreated, nil)
	clerk.call("POST", fmt.Sprintf("/api/v1/applications/%d/submit", arApp), nil, http.StatusOK, nil)
	var users struct {
		Users []struct {
			ID    int64  `json:"id"`
			Email string `json:"email"`
		} `json:"users"`
	}
	admin.call("GET", "/api/v1/users", nil, http.StatusOK, &users)
	var interviewerID int64
	for _, u := range users.Users {
		if u.Email == "interviewer@demo.carddesk.test" {
			interviewerID = u.ID
		}
	}
	clerk.call("POST", fmt.Sprintf("/api/v1/applications/%d/interviews", arApp), map[string]any{
		"scheduled_at": time.Now().Add(48 * time.Hour).Format(time.RFC3339), "interviewer_id": interviewerID, "room": "Egmont II, room 0.14",
		"interpreter": map[string]any{"language": "ar", "name_or_service": "FPS Justice interpreters", "independent": true}},
		http.StatusCreated, nil)
	login(t, ctx, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	do(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/applications/%d", srv.URL, arApp)), chromedp.WaitVisible(chromedp.CSS("#summons-link")))
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#summons-link').getAttribute('href')`))
	if err != nil {
		t.Fatal(err)
	}
	summons := pdftest.Text(t, clerk.get(href))
	for _, want := range []string{"دعوة إلى مقابلة خاصة", "العربية", "Haddad"} {
		if !strings.Contains(summons, want) {
			t.Errorf("the Arabic summons lacks %q: %.600s", want, summons)
		}
	}
	// Unreviewed, the Arabic stands beside the English reference; each
	// names the interpreter's language in its own words, never by a code.
	if !strings.Contains(summons, "An interpreter in Arabic") || strings.Contains(summons, " ar ") || strings.Contains(summons, " ar.") {
		t.Errorf("the summons names the interpreter's language by a code: %.900s", summons)
	}

	// 3. A worker who reads only Nepali: the contract page warns and offers
	// the Nepali translation; the contract prints it beside the French.
	neApp := e2eWorker(t, clerk, "Gurung", "NP", "E2ENE0001", "ne")
	do(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/applications/%d/contracts", srv.URL, neApp)), chromedp.WaitVisible(chromedp.CSS("#generate-contract")))
	if w := text(t, ctx, "#language-warning"); !strings.Contains(w, "नेपाली") || !strings.Contains(w, "Nepali") {
		t.Errorf("warning: %q", w)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#second_language"))); v != "ne" {
		t.Errorf("second language offered: %q", v)
	}
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#language"), "fr"),
		chromedp.SendKeys(chromedp.CSS("#gross_monthly_salary"), "2150"),
		chromedp.SendKeys(chromedp.CSS("#employer_address"), "Avenue Louise 231, 1050 Bruxelles"),
		chromedp.SendKeys(chromedp.CSS("#worker_address"), "Avenue Louise 231, 1050 Bruxelles"),
		chromedp.SendKeys(chromedp.CSS("#workplace"), "Avenue Louise 231, 1050 Bruxelles"),
		chromedp.SendKeys(chromedp.CSS("#duties"), "entretien de la résidence, repas de la famille"),
		chromedp.SendKeys(chromedp.CSS("#repatriation_to"), "Kathmandu, Népal"),
		chromedp.Click(chromedp.CSS("#generate-contract")),
		chromedp.WaitVisible(chromedp.CSS("#contract-list code")),
	)
	var stored struct {
		Contracts []struct {
			SecondLanguage string `json:"second_language"`
			PDFURL         string `json:"pdf_url"`
		} `json:"contracts"`
	}
	clerk.call("GET", fmt.Sprintf("/api/v1/applications/%d/contracts", neApp), nil, http.StatusOK, &stored)
	if len(stored.Contracts) != 1 || stored.Contracts[0].SecondLanguage != "ne" {
		t.Fatalf("stored: %+v", stored.Contracts)
	}
	contract := pdftest.Text(t, clerk.get(stored.Contracts[0].PDFURL))
	for _, want := range []string{"Contrat de travail", "निजी घरेलु कामदारको रोजगार सम्झौता", "नेपाली पाठ जानकारीका लागि मात्र गरिएको अनुवाद हो",
		"Kathmandu, Népal", "धारा 1 – कामको स्थान"} {
		if !strings.Contains(contract, want) {
			t.Errorf("the contract lacks %q: %.800s", want, contract)
		}
	}
}
