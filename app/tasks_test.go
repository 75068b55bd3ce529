package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// TestApplicationTaskList: the application page lists the steps with their
// state and offers only the action that can succeed now, to whom it is.
func TestApplicationTaskList(t *testing.T) {
	e := newEnv(t, store.SQLite)
	h := newHousehold(t, e)
	ctx := context.Background()
	clerk, iv := e.as("clerk"), e.as("interviewer")
	page := func(c *client, id int64) string {
		t.Helper()
		res, body := c.get("/applications/" + itoa64(id))
		if res.StatusCode != 200 {
			t.Fatalf("application %d: %d", id, res.StatusCode)
		}
		return body
	}
	has := func(body, s string) bool { return strings.Contains(body, s) }

	// Submitted: the clerk schedules; no card button.
	body := page(clerk, h.apps[0])
	if !has(body, `id="task-submitted"`) || !has(body, `<li class="task done" id="task-submitted">`) {
		t.Error("submitted step not done")
	}
	if !has(body, `id="task-action-interview_scheduled" `) && !has(body, `href="#schedule" class="task-action" id="task-action-interview_scheduled"`) {
		t.Error("no schedule action for the clerk")
	}
	if has(body, `id="issue-card"`) || has(body, `id="task-action-card_issued"`) {
		t.Error("issuing offered while submitted")
	}
	// The interviewer is not offered scheduling.
	if has(page(iv, h.apps[0]), `id="task-action-interview_scheduled"`) {
		t.Error("interviewer offered scheduling")
	}

	// Scheduled: the interviewer records; the clerk has nothing to do.
	booked, err := e.store.Interviews.Schedule(ctx, e.actor("clerk"), h.apps[0], e.users["interviewer"].ID, time.Now().Add(time.Hour), "Room 1")
	must(t, err)
	if !has(page(iv, h.apps[0]), `href="/interviews/`+itoa64(booked.ID)+`/record" class="task-action" id="task-action-interviewed"`) {
		t.Error("no record action for the interviewer")
	}
	body = page(clerk, h.apps[0])
	if has(body, `id="task-action-interviewed"`) || has(body, `id="issue-card"`) {
		t.Error("the clerk is offered the interview or the card while scheduled")
	}

	// A draft missing documents: no submit button, documents to do.
	emp := models.Employer{MissionID: h.mission, FamilyName: "Other", GivenNames: "Jo", EntitledToPrivateServant: true}
	must(t, e.store.Employers.Create(ctx, e.actor("clerk"), &emp))
	w := models.Worker{FamilyName: "Lim", GivenNames: "Ana", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC), Sex: models.SexFemale,
		Nationality: "PH", PassportNumber: "P5550001", PassportExpiresOn: time.Now().AddDate(5, 0, 0), Languages: "tl,en",
		Phone: "+32470123456", IBAN: "BE68539007547034", AccountInSoleName: true, ResidenceStatus: models.ResidenceSpecialIDPending}
	must(t, e.store.Workers.Create(ctx, e.actor("clerk"), &w))
	job := models.Employment{WorkerID: w.ID, EmployerID: emp.ID, StartsOn: models.CalendarDay(time.Now().AddDate(0, -1, 0)), JobCategory: models.JobHousehold, WeeklyHours: 38}
	must(t, e.store.Employments.Create(ctx, e.actor("clerk"), &job))
	draft, err := e.store.Applications.Open(ctx, e.actor("clerk"), models.ApplicationFirstIssuance, job.ID, nil)
	must(t, err)
	body = page(clerk, draft.ID)
	if !has(body, `href="#documents" class="task-action" id="task-action-documents"`) {
		t.Error("no attach action on a draft")
	}
	if has(body, `id="submit-application"`) || has(body, `id="task-action-submitted"`) {
		t.Error("submission offered with documents missing")
	}
	for _, k := range models.RequiredDocuments(models.ApplicationFirstIssuance) {
		_, err := e.store.Applications.AttachDocument(ctx, e.actor("clerk"), draft.ID, k, string(k)+".pdf", apiPDF)
		must(t, err)
	}
	body = page(clerk, draft.ID)
	if has(body, `id="submit-application"`) {
		t.Error("submission offered before the contract is generated")
	}
	contracted(t, e, e.actor("clerk"), draft.ID)
	body = page(clerk, draft.ID)
	if !has(body, `href="#submit" class="task-action" id="task-action-submitted"`) || !has(body, `id="submit-application"`) {
		t.Error("submission not offered on a complete draft")
	}
}
