package main

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// recordSteps fill in the private interview's recording form on the page
// that shows it: every attestation, the checklist all yes, the 11 ILO
// indicators all no, and the outcome; more may add answers, notes or a
// referral before the form is sent.
func recordSteps(outcome string, more ...chromedp.Action[chromedp.Void]) []chromedp.Action[chromedp.Void] {
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.WaitVisible(chromedp.CSS("#interview-form")),
		chromedp.Click(chromedp.CSS(`[id="attestations.employer_and_mission_absent"]`)),
		chromedp.Click(chromedp.CSS(`[id="attestations.worker_informed_of_rights"]`)),
		chromedp.SendKeys(chromedp.CSS(`[id="attestations.rights_language"]`), "English"),
		chromedp.Click(chromedp.CSS(`[id="attestations.leaflet_handed_over"]`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('#checklist input[type=radio][value=yes]').forEach(r => r.checked = true);
			document.querySelectorAll('#ilo-indicators input[type=radio][value=no]').forEach(r => r.checked = true)`),
	}
	steps = append(steps, more...)
	return append(steps, chromedp.Click(chromedp.CSS("#outcome-"+outcome)), clickAndLoad("#record-interview"))
}

// attach uploads a small PDF as a document of kind.
func (s *e2eSession) attach(appID int64, kind string) {
	s.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("kind", kind)
	f, _ := w.CreateFormFile("file", kind+".pdf")
	f.Write([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
	w.Close()
	s.send("POST", fmt.Sprintf("/api/v1/applications/%d/documents", appID), nil, w.FormDataContentType(), &buf, http.StatusCreated, nil)
}

// mainText is the text of the page's main element.
func mainText(t *testing.T, ctx context.Context) string {
	t.Helper()
	return text(t, ctx, "main")
}

// TestE2EConcernsReferralHoldRelease: an interviewer records an interview
// with concerns and a referral to PAG-ASA; the clerk sees "on hold", cannot
// issue, and sees none of the content; an admin releases the hold with a
// reason; the clerk issues the card.
func TestE2EConcernsReferralHoldRelease(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	const (
		freeNote     = "E2E free note: she asked twice whether her employer would be told"
		wagesNote    = "E2E wages note: paid in cash, three months missing"
		contact      = "Intake officer Lemmens"
		reference    = "PA-E2E-0042"
		releaseWords = "Second interview held: wages paid, PAG-ASA follows up."
	)
	login(t, ctx, srv.URL, "interviewer@demo.carddesk.test", "demo-interviewer-password")
	// The demo's booked interview (Bekele, with an Amharic interpreter).
	do(t, ctx, chromedp.Navigate(srv.URL+"/interviews"), chromedp.WaitVisible(chromedp.CSS("table")), clickAndLoad(`table a[href$="/record"]`))
	if s := text(t, ctx, "#before-you-start"); !strings.Contains(s, "No indicator was recorded") {
		t.Errorf("history before the first interview: %q", s)
	}
	today := time.Now().In(mustBrussels(t)).Format("2006-01-02")
	do(t, ctx, recordSteps("referral",
		chromedp.Click(chromedp.CSS(`[id="attestations.interpreter_independent"]`)),
		chromedp.Click(chromedp.CSS(`[id="indicators.withholding_of_wages-yes"]`)),
		chromedp.SendKeys(chromedp.CSS(`[id="indicator_note.withholding_of_wages"]`), wagesNote),
		chromedp.SendKeys(chromedp.CSS("#notes"), freeNote),
		chromedp.SetValue(chromedp.CSS(`[id="referral.partner"]`), "pag_asa"),
		setValue(`[id="referral.date"]`, today),
		chromedp.SendKeys(chromedp.CSS(`[id="referral.contact"]`), contact),
		chromedp.SendKeys(chromedp.CSS(`[id="referral.reference"]`), reference),
	)...)
	record := mainText(t, ctx)
	for _, want := range []string{freeNote, wagesNote, "PAG-ASA (Brussels)", contact, "Referral"} {
		if !strings.Contains(record, want) {
			t.Errorf("the recorded interview lacks %q:\n%.1500s", want, record)
		}
	}
	appHref, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main a[href^="/applications/"]').getAttribute('href')`))
	if err != nil {
		t.Fatal(err)
	}
	logout(t, ctx)

	// The clerk: on hold, no card, and nothing of what was said.
	login(t, ctx, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	do(t, ctx, chromedp.Navigate(srv.URL+appHref), chromedp.WaitVisible(chromedp.CSS("#application-status")))
	if s := text(t, ctx, "#application-status"); s != "On hold" {
		t.Errorf("clerk sees status %q", s)
	}
	// Issuing is not offered while on hold; the page says why.
	if msg := text(t, ctx, "#issue-not-yet"); !strings.Contains(msg, "on hold until an admin decides") {
		t.Errorf("issue on hold: %q", msg)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#issue-card').length`)); n != 0 {
		t.Error("the issue button is offered on hold")
	}
	html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{freeNote, wagesNote, contact, reference, "PAG-ASA", "Withholding of wages", "withholding_of_wages", "Referral", "referral"} {
		if strings.Contains(html, secret) {
			t.Errorf("the clerk's page shows %q", secret)
		}
	}
	logout(t, ctx)

	// The admin releases the hold, with a reason.
	login(t, ctx, srv.URL, "admin@demo.carddesk.test", "demo-admin-password")
	do(t, ctx, chromedp.Navigate(srv.URL+"/holds"), chromedp.WaitVisible(chromedp.CSS("#holds")))
	if list := text(t, ctx, "#holds"); !strings.Contains(list, "Bekele") || !strings.Contains(list, "PAG-ASA") {
		t.Errorf("holds list: %s", list)
	}
	do(t, ctx,
		chromedp.Navigate(srv.URL+appHref),
		chromedp.WaitVisible(chromedp.CSS("#hold-decision")),
		chromedp.Click(chromedp.CSS("#decision-release")),
		clickAndLoad("#decide-hold"),
	)
	if msg := text(t, ctx, "#hold-error"); !strings.Contains(msg, "Say why") && !strings.Contains(msg, "attention") {
		t.Errorf("release without a reason: %q", msg)
	}
	do(t, ctx,
		chromedp.Click(chromedp.CSS("#decision-release")),
		chromedp.SendKeys(chromedp.CSS("#reason"), releaseWords),
		clickAndLoad("#decide-hold"),
	)
	if s := text(t, ctx, "#application-status"); s != "Approved" {
		t.Fatalf("after the release: %q", s)
	}
	// The holds list and the history that showed the referral are in the
	// worker's access log.
	workerHref, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main a[href^="/workers/"]').getAttribute('href')`))
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(srv.URL+workerHref+"/access-log"), chromedp.WaitVisible(chromedp.CSS("#access-log")))
	if log := text(t, ctx, "#access-log"); !strings.Contains(log, "Holds list viewed") ||
		!strings.Contains(log, "Application history viewed with the interview outcome") || !strings.Contains(log, "admin@demo.carddesk.test") {
		t.Errorf("access log: %s", log)
	}
	logout(t, ctx)

	// The clerk issues the card; the history says the hold was released, and why.
	login(t, ctx, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	do(t, ctx, chromedp.Navigate(srv.URL+appHref), chromedp.WaitVisible(chromedp.CSS("#issue-card")), clickAndLoad("#issue-card"))
	if number := text(t, ctx, "#card-number"); !strings.HasPrefix(number, "S") {
		t.Errorf("card number %q", number)
	}
	if page := mainText(t, ctx); !strings.Contains(page, "Hold released") || !strings.Contains(page, releaseWords) || strings.Contains(page, wagesNote) {
		t.Errorf("the clerk's history after the release:\n%.1500s", page)
	}
}

// TestE2ERenewalShowsEarlierObservations: a year after Santos's first
// interview (demo data: a doubt about her hours), her renewal's interviewer
// sees that observation and the earlier interview before the new one begins.
func TestE2ERenewalShowsEarlierObservations(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	clerk := newE2ESession(t, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	admin := newE2ESession(t, srv.URL, "admin@demo.carddesk.test", "demo-admin-password")

	// The renewal, prepared through the API: opened from the card due,
	// documents, the contract checked against the scale, submitted, booked.
	var due struct {
		Items []struct {
			ID         int64  `json:"id"`
			WorkerName string `json:"worker_name"`
		} `json:"items"`
	}
	clerk.call("GET", "/api/v1/cards?expiring_within_days=60", nil, http.StatusOK, &due)
	if len(due.Items) != 1 || !strings.Contains(due.Items[0].WorkerName, "Santos") {
		t.Fatalf("cards due: %+v", due.Items)
	}
	var renewal struct {
		ID int64 `json:"id"`
	}
	clerk.call("POST", fmt.Sprintf("/api/v1/cards/%d/renewal", due.Items[0].ID), nil, http.StatusCreated, &renewal)
	for _, k := range []string{"note_verbale", "signed_contract", "declaration_of_return", "social_security_proof",
		"work_accident_insurance", "repatriation_insurance", "passport_copy"} {
		clerk.attach(renewal.ID, k)
	}
	clerk.call("POST", fmt.Sprintf("/api/v1/applications/%d/contracts", renewal.ID), map[string]any{
		"language": "en", "gross_monthly_salary": "2300", "board": map[string]any{"lodging": true},
		"employer_function": "Ambassador", "employer_address": "Avenue Franklin Roosevelt 10, 1050 Brussels",
		"worker_address": "Avenue Franklin Roosevelt 10, 1050 Brussels", "workplace": "Avenue Franklin Roosevelt 10, 1050 Brussels",
		"duties": "household work", "place": "Brussels", "days_per_week": 5, "rest_days": []string{"saturday", "sunday"},
		"annual_leave_days": 20, "repatriation_to": "Manila, Philippines"}, http.StatusCreated, nil)
	clerk.call("POST", fmt.Sprintf("/api/v1/applications/%d/submit", renewal.ID), nil, http.StatusOK, nil)
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
	var booked struct {
		ID int64 `json:"id"`
	}
	freeDemoInterviewer(t, clerk)
	clerk.call("POST", fmt.Sprintf("/api/v1/applications/%d/interviews", renewal.ID), map[string]any{
		"scheduled_at": time.Now().Add(5 * time.Minute).Format(time.RFC3339), "interviewer_id": interviewerID, "room": "Egmont II, room 0.14"},
		http.StatusCreated, &booked)

	// The interviewer opens the recording form: the earlier observation is there.
	login(t, ctx, srv.URL, "interviewer@demo.carddesk.test", "demo-interviewer-password")
	do(t, ctx,
		chromedp.Navigate(fmt.Sprintf("%s/interviews/%d/record", srv.URL, booked.ID)),
		chromedp.WaitVisible(chromedp.CSS("#before-you-start")),
	)
	before := text(t, ctx, "#earlier-observations")
	yearAgo := time.Now().AddDate(-1, 0, 12).Format("2006-01")
	for _, want := range []string{"Excessive overtime", "Unclear", "works until late when the family receives guests", "Dela Cruz", yearAgo} {
		if !strings.Contains(before, want) {
			t.Errorf("earlier observations lack %q:\n%s", want, before)
		}
	}
	if s := text(t, ctx, "#earlier-interviews"); !strings.Contains(s, "First issuance") || !strings.Contains(s, "Cleared") {
		t.Errorf("earlier interviews: %s", s)
	}
	logout(t, ctx)

	// The admin sees that the interviewer looked at Santos's history.
	login(t, ctx, srv.URL, "admin@demo.carddesk.test", "demo-admin-password")
	var found struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	admin.call("GET", "/api/v1/workers?q=Santos", nil, http.StatusOK, &found)
	if len(found.Items) != 1 {
		t.Fatalf("workers named Santos: %+v", found.Items)
	}
	do(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/workers/%d/access-log", srv.URL, found.Items[0].ID)), chromedp.WaitVisible(chromedp.CSS("#access-log")))
	if log := text(t, ctx, "#access-log"); !strings.Contains(log, "interviewer@demo.carddesk.test") || !strings.Contains(log, fmt.Sprintf("before interview %d", booked.ID)) {
		t.Errorf("access log: %s", log)
	}
}

// TestE2EEmployerAlertAndRestriction: two workers of one employer with
// observations (demo data: Santos's doubt and a signal about Reyes) raise the
// employer alert; the admin restricts the employer; the clerk's next
// application for that employer is refused at submit with the reason.
func TestE2EEmployerAlertAndRestriction(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	const reason = "Decision of 2 March following a social-inspection report"
	login(t, ctx, srv.URL, "admin@demo.carddesk.test", "demo-admin-password")
	do(t, ctx, chromedp.Navigate(srv.URL+"/alerts"), chromedp.WaitVisible(chromedp.CSS("#alerts")))
	if s := text(t, ctx, "#alerts"); !strings.Contains(s, "Dela Cruz") || !strings.Contains(s, "2 different workers") {
		t.Fatalf("alerts: %s", s)
	}
	do(t, ctx,
		clickAndLoad(`#alerts a[href$="/observations"]`),
		chromedp.WaitVisible(chromedp.CSS("#employer-alert")),
	)
	if s := text(t, ctx, "#workers"); !strings.Contains(s, "Santos") || !strings.Contains(s, "Reyes") {
		t.Errorf("workers of the employer view: %s", s)
	}
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#reason"), reason),
		clickAndLoad("#restrict-employer"),
	)
	if s := text(t, ctx, "#restriction-in-force"); !strings.Contains(s, reason) {
		t.Fatalf("restriction: %q", s)
	}
	logout(t, ctx)

	// The clerk opens Reyes's application for Dela Cruz: refused at submit.
	login(t, ctx, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	do(t, ctx,
		chromedp.Navigate(srv.URL+"/workers?q=Reyes"),
		chromedp.WaitVisible(chromedp.CSS("main table")),
		clickAndLoad(`main table a[href^="/workers/"]`),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/applications"]`), chromedp.NodeReady),
		chromedp.Click(chromedp.CSS(`#new-application summary`)),
		clickAndLoad(`form[action="/applications"] button[type=submit]`),
	)
	pdf := filepath.Join(t.TempDir(), "scan.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"note_verbale", "signed_contract", "declaration_of_return", "social_security_proof",
		"work_accident_insurance", "repatriation_insurance", "passport_copy"} {
		do(t, ctx,
			chromedp.SetValue(chromedp.CSS("#kind"), k),
			chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{pdf}),
			clickAndLoad(`form[action$="/documents"] button[type=submit]`),
		)
	}
	// Submitting is not offered (issue 13): the task list gives the reason.
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#submit-application').length`)); n != 0 {
		t.Error("submission offered for a restricted employer")
	}
	if msg := text(t, ctx, "#task-submitted"); !strings.Contains(msg, reason) {
		t.Errorf("submit for a restricted employer: %q", msg)
	}
	if s := text(t, ctx, "#application-status"); s != "Draft" {
		t.Errorf("status after the refusal: %q", s)
	}
	// The clerk sees why the application is refused, and nothing of the
	// observations behind the restriction.
	html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	for _, secret := range []string{"phone is kept by the household", "Restriction of movement", "works until late"} {
		if strings.Contains(html, secret) {
			t.Errorf("the clerk's page shows %q", secret)
		}
	}
}
