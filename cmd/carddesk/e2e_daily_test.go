package main

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestE2EClerksDay (issue 13): the clerk's home counts what waits; the
// "to schedule" count opens the list holding the submitted application;
// its task list points at the booking; rooms and hours entered on the
// calendar give a free slot, booked in one click; booking another worker on
// top of the demo's interview (same interviewer, room and time) is refused
// with an error summary linking to the fields.
func TestE2EClerksDay(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	clerkAPI := newE2ESession(t, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	appID := e2eApplication(t, clerkAPI)
	for _, kind := range []string{"note_verbale", "signed_contract", "declaration_of_return", "social_security_proof", "work_accident_insurance",
		"repatriation_insurance", "passport_copy"} {
		clerkAPI.attach(appID, kind)
	}
	// Its contract, checked against the salary scale (issue 9b), then submitted.
	clerkAPI.call("POST", fmt.Sprintf("/api/v1/applications/%d/contracts", appID), map[string]any{
		"language": "en", "gross_monthly_salary": "2300", "board": map[string]any{"lodging": true},
		"employer_function": "Counsellor", "employer_address": "Avenue Franklin Roosevelt 10, 1050 Brussels",
		"worker_address": "Avenue Franklin Roosevelt 10, 1050 Brussels", "workplace": "Avenue Franklin Roosevelt 10, 1050 Brussels",
		"duties": "household work", "place": "Brussels", "days_per_week": 5, "rest_days": []string{"saturday", "sunday"},
		"annual_leave_days": 20, "repatriation_to": "Hanoi, Viet Nam"}, http.StatusCreated, nil)
	clerkAPI.call("POST", fmt.Sprintf("/api/v1/applications/%d/submit", appID), nil, http.StatusOK, nil)

	login(t, ctx, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	do(t, ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#queue-to_schedule")))
	count := text(t, ctx, "#queue-to_schedule strong")
	if n, err := strconv.Atoi(strings.TrimSpace(count)); err != nil || n < 1 {
		t.Fatalf("to schedule count %q", count)
	}
	for _, q := range []string{"to_complete", "to_submit", "to_issue", "to_collect", "renewals_due"} {
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#queue-`+q+`').length`)); n != 1 {
			t.Errorf("clerk's home lacks the %s queue", q)
		}
	}
	do(t, ctx, clickAndLoad("#queue-to_schedule"), chromedp.WaitVisible(chromedp.CSS("#queue-shown")))
	if got := text(t, ctx, "#applications-count"); !strings.Contains(got, strings.TrimSpace(count)) {
		t.Errorf("the list holds %q, the home counted %s", got, count)
	}
	do(t, ctx, clickAndLoad(fmt.Sprintf(`a[href="/applications/%d"]`, appID)), chromedp.WaitVisible(chromedp.CSS("#tasks")))
	if s := text(t, ctx, "#task-submitted"); !strings.Contains(s, "Done") {
		t.Errorf("submitted step: %q", s)
	}
	if s := text(t, ctx, "#task-interview_scheduled"); !strings.Contains(s, "Schedule the interview") {
		t.Errorf("scheduling step: %q", s)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#issue-card, #task-action-card_issued').length`)); n != 0 {
		t.Error("issuing is offered before the interview")
	}

	// The demo's booking tomorrow: its interviewer, room and time.
	brussels := mustBrussels(t)
	tomorrow := time.Now().In(brussels).AddDate(0, 0, 1).Format(time.DateOnly)
	var week struct {
		Bookings []struct {
			InterviewerID int64     `json:"interviewer_id"`
			Room          string    `json:"room"`
			StartsAt      time.Time `json:"starts_at"`
			Cancelled     bool      `json:"cancelled"`
		} `json:"bookings"`
	}
	clerkAPI.call("GET", "/api/v1/calendar?week="+tomorrow, nil, http.StatusOK, &week)
	var taken *struct {
		InterviewerID int64     `json:"interviewer_id"`
		Room          string    `json:"room"`
		StartsAt      time.Time `json:"starts_at"`
		Cancelled     bool      `json:"cancelled"`
	}
	for i := range week.Bookings {
		if !week.Bookings[i].Cancelled && week.Bookings[i].StartsAt.After(time.Now()) {
			taken = &week.Bookings[i]
		}
	}
	if taken == nil {
		t.Fatalf("no demo booking ahead: %+v", week)
	}

	// A double booking, refused on its fields.
	do(t, ctx,
		setValue("#scheduled_at", taken.StartsAt.In(brussels).Format("2006-01-02T15:04")),
		chromedp.SetValue(chromedp.CSS("#interviewer_id"), strconv.FormatInt(taken.InterviewerID, 10)),
		chromedp.SendKeys(chromedp.CSS("#room"), taken.Room),
		clickAndLoad("#schedule-interview"),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")),
	)
	summary := text(t, ctx, ".error-summary")
	if !strings.Contains(summary, "This interviewer already has an interview at that time") || !strings.Contains(summary, "This room is already booked") {
		t.Errorf("double booking summary: %q", summary)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.error-summary a[href="#interviewer_id"], .error-summary a[href="#room"]').length`)); n != 2 {
		t.Error("the summary does not link to the interviewer and room fields")
	}

	// Rooms and hours on the calendar; the application then proposes a slot.
	do(t, ctx, chromedp.Navigate(srv.URL+"/calendar"), chromedp.WaitVisible(chromedp.CSS("#add-room")),
		chromedp.SendKeys(chromedp.CSS(`#rooms input[name="name"]`), "Egmont II, room 0.20"),
		clickAndLoad("#add-room"))
	for _, d := range []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"} {
		do(t, ctx,
			chromedp.SetValue(chromedp.CSS(`#availability select[name="interviewer_id"]`), strconv.FormatInt(taken.InterviewerID, 10)),
			chromedp.SetValue(chromedp.CSS(`#availability select[name="weekday"]`), d),
			setValue(`#availability input[name="from"]`, "08:00"),
			setValue(`#availability input[name="to"]`, "18:00"),
			clickAndLoad("#add-availability"))
	}
	if s := text(t, ctx, "#availability"); !strings.Contains(s, "Monday 08:00–18:00") {
		t.Errorf("hours: %q", s)
	}
	do(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/applications/%d", srv.URL, appID)), chromedp.WaitVisible(chromedp.CSS("#book-slot-0")),
		clickAndLoad("#book-slot-0"), chromedp.WaitVisible(chromedp.CSS("#application-status")))
	if s := text(t, ctx, "#application-status"); s != "Interview scheduled" {
		t.Errorf("after booking the slot: %q", s)
	}
	if s := text(t, ctx, "#task-interview_scheduled"); !strings.Contains(s, "Done") {
		t.Errorf("scheduling step after booking: %q", s)
	}
	if s := text(t, ctx, "#interview"); !strings.Contains(s, "CET") && !strings.Contains(s, "CEST") {
		t.Errorf("the booking's time has no time zone: %q", s)
	}
}

// TestE2EDraftSurvivesANewSignIn (issue 13): the interviewer types part of
// the record, saves it as a draft (no JavaScript needed: a second submit
// button), signs out — as an expired session would — and after signing in
// again finds the notes and answers as they were left.
func TestE2EDraftSurvivesANewSignIn(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	const note = "E2E draft: she asked whether the employer reads this"
	login(t, ctx, srv.URL, "interviewer@demo.carddesk.test", "demo-interviewer-password")
	do(t, ctx, chromedp.Navigate(srv.URL+"/interviews"), chromedp.WaitVisible(chromedp.CSS("table")), clickAndLoad(`table a[href$="/record"]`),
		chromedp.WaitVisible(chromedp.CSS("#interview-form")))
	recordURL := location(t, ctx)
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#notes"), note),
		chromedp.Click(chromedp.CSS(`[id="attestations.employer_and_mission_absent"]`)),
		clickAndLoad("#save-draft"),
		chromedp.WaitVisible(chromedp.CSS("#draft-notice")),
	)
	logout(t, ctx)
	login(t, ctx, srv.URL, "interviewer@demo.carddesk.test", "demo-interviewer-password")
	do(t, ctx, chromedp.Navigate(recordURL), chromedp.WaitVisible(chromedp.CSS("#draft-notice")))
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#notes').value`))
	if err != nil || got != note {
		t.Errorf("notes after a new sign-in: %q %v", got, err)
	}
	checked, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('[id="attestations.employer_and_mission_absent"]').checked`))
	if !checked {
		t.Error("the attestation ticked in the draft is not ticked")
	}
}

// TestE2ELetterGeneratedAndListed (issue 13): from the "to complete" queue
// the clerk opens a draft missing documents, writes the "documents missing"
// note verbale in German, finds it numbered in the application's letters,
// and opens the PDF.
func TestE2ELetterGeneratedAndListed(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	login(t, ctx, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	do(t, ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#queue-to_complete")),
		clickAndLoad("#queue-to_complete"), chromedp.WaitVisible(chromedp.CSS("#queue-shown")),
		clickAndLoad(`main table a[href^="/applications/"]`), chromedp.WaitVisible(chromedp.CSS("#letters")))
	if s := text(t, ctx, "#letters"); !strings.Contains(s, "No letter sent yet") {
		t.Errorf("letters before: %q", s)
	}
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS(`#letters select[name="kind"]`), "documents_missing"),
		chromedp.SetValue(chromedp.CSS(`#letters select[name="language"]`), "de"),
		clickAndLoad("#generate-letter"),
		chromedp.WaitVisible(chromedp.CSS("#letters .letter-link")),
	)
	row := text(t, ctx, "#letters tbody tr")
	year := strconv.Itoa(time.Now().In(mustBrussels(t)).Year())
	if !strings.Contains(row, "NV/"+year+"/") || !strings.Contains(row, "Documents missing") || !strings.Contains(row, "German") {
		t.Errorf("the letter listed: %q", row)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#letters .letter-link').getAttribute('href')`))
	if err != nil {
		t.Fatal(err)
	}
	clerkAPI := newE2ESession(t, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	if pdf := clerkAPI.get(href); len(pdf) < 100 || string(pdf[:5]) != "%PDF-" {
		t.Errorf("the letter's PDF: %d bytes", len(pdf))
	}
}

// freeDemoInterviewer cancels the demo's bookings ahead: Bekele's, a
// quarter of an hour after the demo is loaded, holds the only demo
// interviewer for an hour, and a test that books and records an interview
// now needs them at the next minutes (the calendar refuses overlapping
// bookings; a record is refused more than InterviewEarlyMinutes before the
// interview's time).
func freeDemoInterviewer(t *testing.T, clerk *e2eSession) {
	t.Helper()
	seen := map[int64]bool{}
	for _, at := range []time.Time{time.Now(), time.Now().Add(2 * time.Hour)} {
		var week struct {
			Bookings []struct {
				ApplicationID int64     `json:"application_id"`
				StartsAt      time.Time `json:"starts_at"`
				Held          bool      `json:"held"`
				Cancelled     bool      `json:"cancelled"`
			} `json:"bookings"`
		}
		clerk.call("GET", "/api/v1/calendar?week="+at.In(mustBrussels(t)).Format(time.DateOnly), nil, http.StatusOK, &week)
		for _, b := range week.Bookings {
			if b.Held || b.Cancelled || seen[b.ApplicationID] || b.StartsAt.Add(time.Hour).Before(time.Now()) {
				continue
			}
			seen[b.ApplicationID] = true
			clerk.call("POST", fmt.Sprintf("/api/v1/applications/%d/interviews/cancel", b.ApplicationID),
				map[string]any{"reason": "The interviewer is needed for the test's interview."}, http.StatusOK, nil)
		}
	}
}
