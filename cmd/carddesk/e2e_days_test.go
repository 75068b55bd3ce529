package main

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// queueCount reads a home-page queue's count.
func queueCount(t *testing.T, ctx context.Context, base, queue string) int {
	t.Helper()
	do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#queue-"+queue)))
	s := text(t, ctx, "#queue-"+queue+" strong")
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		t.Fatalf("%s count %q", queue, s)
	}
	return n
}

// bookNextMinute books the application's interview with the demo
// interviewer at the next minute (recordable at once).
func bookNextMinute(t *testing.T, base string, clerk *e2eSession, appID int64) int64 {
	t.Helper()
	var iv idJSON
	clerk.call("POST", fmt.Sprintf("/api/v1/applications/%d/interviews", appID), map[string]any{
		"scheduled_at": brusselsNow().Truncate(time.Second).Add(time.Minute).Format(time.RFC3339), "interviewer_id": demoInterviewerID(t, base),
		"room": "Egmont II, room 0.14"}, http.StatusCreated, &iv)
	return iv.ID
}

// TestE2EInterviewersDay (issue 13): the interviewer's home counts today's
// interviews; the count opens the list holding the one booked for this
// afternoon; its application page leads to the record; recorded (cleared),
// it leaves today's queue, and the application says so.
func TestE2EInterviewersDay(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	clerk := newE2ESession(t, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	freeDemoInterviewer(t, clerk)
	appID := submittedApplication(t, clerk, "Đặng", "E2EDAY001")
	bookNextMinute(t, srv.URL, clerk, appID)

	login(t, ctx, srv.URL, "interviewer@demo.carddesk.test", "demo-interviewer-password")
	before := queueCount(t, ctx, srv.URL, "interviews_today")
	if before < 1 {
		t.Fatalf("today's interviews: %d, want the one booked", before)
	}
	for _, q := range []string{"interviews_week", "records_to_finish", "alerts", "referrals_due"} {
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#queue-`+q+`').length`)); n != 1 {
			t.Errorf("the interviewer's home lacks the %s queue", q)
		}
	}
	do(t, ctx, clickAndLoad("#queue-interviews_today"), chromedp.WaitVisible(chromedp.CSS("#queue-shown")))
	if got := text(t, ctx, "#applications-count"); !strings.Contains(got, strconv.Itoa(before)) {
		t.Errorf("the list holds %q, the home counted %d", got, before)
	}
	do(t, ctx, clickAndLoad(fmt.Sprintf(`main a[href="/applications/%d"]`, appID)), chromedp.WaitVisible(chromedp.CSS("#interview")))
	if s := text(t, ctx, "#application-status"); s != "Interview scheduled" {
		t.Errorf("status before the interview: %q", s)
	}
	do(t, ctx, clickAndLoad(`#interview a[href$="/record"]`))
	if s := text(t, ctx, "#before-you-start"); s == "" {
		t.Error("the record shows nothing of the worker's history before the interview")
	}
	do(t, ctx, recordSteps("cleared", chromedp.SendKeys(chromedp.CSS("#notes"), "E2E: the worker keeps her passport and phone."))...)
	if page := mainText(t, ctx); !strings.Contains(page, "E2E: the worker keeps her passport and phone.") {
		t.Errorf("the recorded interview:\n%.1200s", page)
	}
	if after := queueCount(t, ctx, srv.URL, "interviews_today"); after != before-1 {
		t.Errorf("today's interviews after recording: %d, want %d", after, before-1)
	}
	do(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/applications/%d", srv.URL, appID)), chromedp.WaitVisible(chromedp.CSS("#application-status")))
	if s := text(t, ctx, "#application-status"); s != "Approved" {
		t.Errorf("status after a cleared interview: %q", s)
	}
	if s := text(t, ctx, "#task-interviewed"); !strings.Contains(s, "Done") {
		t.Errorf("interviewed step: %q", s)
	}
}

// TestE2EAdminsDay (issue 13): two applications wait on hold, one after an
// interview with concerns and a referral, one cleared by the interviewer
// against the evidence. The admin's home counts them; from the queue the
// admin opens the first and releases it with a reason; then opens the second,
// follows its link to the clearance review and confirms it; the queue is
// empty of both.
func TestE2EAdminsDay(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	cleared := clearedAgainstEvidence(t, srv.URL)
	clerk := newE2ESession(t, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	held := submittedApplication(t, clerk, "Võ", "E2EDAY002")
	iv := bookNextMinute(t, srv.URL, clerk, held)
	checklist, indicators := map[string]any{}, map[string]any{}
	recordBody(checklist, indicators)
	indicators["withholding_of_wages"] = map[string]any{"answer": "yes", "note": "E2E: three months unpaid"}
	newE2ESession(t, srv.URL, "interviewer@demo.carddesk.test", "demo-interviewer-password").call("POST", fmt.Sprintf("/api/v1/interviews/%d/record", iv), map[string]any{
		"held_at": brusselsNow().Format(time.RFC3339), "outcome": "referral",
		"attestations": map[string]any{"employer_and_mission_absent": true, "worker_informed_of_rights": true,
			"rights_language": "Vietnamese", "leaflet_handed_over": true, "leaflet_language": "en"},
		"checklist": checklist, "indicators": indicators,
		"referral": map[string]any{"partner": "pag_asa", "date": brusselsNow().Format(time.DateOnly), "contact": "Intake desk"}},
		http.StatusOK, nil)

	login(t, ctx, srv.URL, "admin@demo.carddesk.test", "demo-admin-password")
	before := queueCount(t, ctx, srv.URL, "holds_to_decide")
	if before < 2 {
		t.Fatalf("holds to decide: %d, want the two", before)
	}
	for _, q := range []string{"scales_stale", "accounts_to_review"} {
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#queue-`+q+`').length`)); n != 1 {
			t.Errorf("the admin's home lacks the %s queue", q)
		}
	}
	// The referral: released, with a reason.
	do(t, ctx, clickAndLoad("#queue-holds_to_decide"), chromedp.WaitVisible(chromedp.CSS("#queue-shown")),
		clickAndLoad(fmt.Sprintf(`main a[href="/applications/%d"]`, held)), chromedp.WaitVisible(chromedp.CSS("#hold-decision")))
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#clearance-review').length`)); n != 0 {
		t.Error("a hold after concerns offers a clearance review")
	}
	do(t, ctx,
		chromedp.Click(chromedp.CSS("#decision-release")),
		chromedp.SendKeys(chromedp.CSS("#reason"), "Second interview held: wages paid, PAG-ASA follows up."),
		clickAndLoad("#decide-hold"))
	if s := text(t, ctx, "#application-status"); s != "Approved" {
		t.Errorf("after the release: %q", s)
	}
	if n := queueCount(t, ctx, srv.URL, "holds_to_decide"); n != before-1 {
		t.Errorf("holds to decide after the release: %d, want %d", n, before-1)
	}

	// The clearance against the evidence: reviewed and confirmed.
	do(t, ctx, clickAndLoad("#queue-holds_to_decide"), chromedp.WaitVisible(chromedp.CSS("#queue-shown")),
		clickAndLoad(fmt.Sprintf(`main a[href="/applications/%d"]`, cleared)), chromedp.WaitVisible(chromedp.CSS("#clearance-review")),
		clickAndLoad("#clearance-review a"), chromedp.WaitVisible(chromedp.CSS("#clearance-evidence")))
	if ev := text(t, ctx, "#clearance-evidence"); !strings.Contains(ev, "passport is kept in the embassy") {
		t.Errorf("the evidence and the interviewer's reason: %q", ev)
	}
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#decision"), "confirmed"),
		chromedp.SendKeys(chromedp.CSS("#reason"), "Spoke to the worker again with an interpreter: she confirms."),
		clickAndLoad("#decide-clearance"),
		chromedp.WaitVisible(chromedp.CSS("#application-status")))
	if s := text(t, ctx, "#application-status"); s != "Approved" {
		t.Errorf("after the confirmation: %q", s)
	}
	if n := queueCount(t, ctx, srv.URL, "holds_to_decide"); n != before-2 {
		t.Errorf("holds to decide after the confirmation: %d, want %d", n, before-2)
	}
}

// brusselsNow is the time in the Directorate's zone, the zone whose days
// the application's rules keep: a date a test types as today is today
// there (between midnight in Brussels and midnight UTC, the UTC date is
// yesterday's).
func brusselsNow() time.Time {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		panic(err)
	}
	return time.Now().In(loc)
}
