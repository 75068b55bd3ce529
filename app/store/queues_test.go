package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

var brussels = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		panic(err)
	}
	return loc
}()

// otherEmployment registers one more worker with an employer of the
// world's mission.
func (w *world) otherEmployment(t testing.TB, family, passport string) models.Employment {
	t.Helper()
	ctx := context.Background()
	wk := newWorker(family, "Test", passport)
	must(t, w.s.Workers.Create(ctx, w.clerk, &wk))
	emp := models.Employer{MissionID: w.mission.ID, FamilyName: "Employer of " + family, GivenNames: "Jo", EntitledToPrivateServant: true}
	must(t, w.s.Employers.Create(ctx, w.clerk, &emp))
	job := models.Employment{WorkerID: wk.ID, EmployerID: emp.ID, StartsOn: date(2026, 2, 1), JobCategory: models.JobHousehold, WeeklyHours: 38, LiveIn: true}
	must(t, w.s.Employments.Create(ctx, w.clerk, &job))
	return job
}

func countsOf(t *testing.T, s *store.Store, a models.Actor) map[models.Queue]int64 {
	t.Helper()
	qs, err := s.Queues.Counts(context.Background(), a, brussels)
	must(t, err)
	out := map[models.Queue]int64{}
	for _, q := range qs {
		out[q.Queue] = q.Count
	}
	return out
}

// TestQueueCounts: each queue counts what its list shows, for the reader
// who may see it, and nothing else.
func TestQueueCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		open := func(job models.Employment, docs bool) int64 {
			app, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, job.ID, nil)
			must(t, err)
			if docs {
				for _, k := range models.RequiredDocuments(models.ApplicationFirstIssuance) {
					_, err := s.Applications.AttachDocument(ctx, w.clerk, app.ID, k, string(k)+".pdf", pdfBytes)
					must(t, err)
				}
				w.contracted(t, app.ID) // complete: documents and contract (issue 9b)
			}
			return app.ID
		}
		incomplete := open(w.employment, false)
		_, err := s.Applications.AttachDocument(ctx, w.clerk, incomplete, models.DocNoteVerbale, "nv.pdf", pdfBytes)
		must(t, err)
		complete := open(w.otherEmployment(t, "Cruz", "P2000001"), true)
		submitted := open(w.otherEmployment(t, "Lopez", "P2000002"), true)
		must(t, s.Applications.Submit(ctx, w.clerk, submitted))
		cleared := open(w.otherEmployment(t, "Garcia", "P2000003"), true)
		must(t, s.Applications.Submit(ctx, w.clerk, cleared))
		w.interviewed(t, cleared, true, models.OutcomeCleared)
		held := open(w.otherEmployment(t, "Ramos", "P2000004"), true)
		must(t, s.Applications.Submit(ctx, w.clerk, held))
		w.interviewed(t, held, true, models.OutcomeConcerns)
		issued := open(w.otherEmployment(t, "Torres", "P2000005"), true)
		must(t, s.Applications.Submit(ctx, w.clerk, issued))
		w.interviewed(t, issued, true, models.OutcomeCleared)
		_, err = s.Cards.Issue(ctx, w.clerk, issued)
		must(t, err)
		// Booked for later today, then one moved to tomorrow (Tuesday, the
		// same week), then one whose time has passed without a record.
		today := open(w.otherEmployment(t, "Flores", "P2000006"), true)
		must(t, s.Applications.Submit(ctx, w.clerk, today))
		_, err = s.Interviews.Schedule(ctx, w.clerk, today, w.interviewer.UserID(), w.now.Add(90*time.Minute), "Room 1")
		must(t, err)
		moved := open(w.otherEmployment(t, "Mendoza", "P2000007"), true)
		must(t, s.Applications.Submit(ctx, w.clerk, moved))
		_, err = s.Interviews.Schedule(ctx, w.clerk, moved, w.interviewer.UserID(), w.now.Add(3*time.Hour), "Room 1")
		must(t, err)
		_, err = s.Interviews.Schedule(ctx, w.clerk, moved, w.interviewer.UserID(), w.now.Add(24*time.Hour), "Room 1")
		must(t, err)
		late := open(w.otherEmployment(t, "Castro", "P2000008"), true)
		must(t, s.Applications.Submit(ctx, w.clerk, late))
		_, err = s.Interviews.Schedule(ctx, w.clerk, late, w.interviewer.UserID(), w.now.Add(5*time.Minute), "Room 3")
		must(t, err)
		w.now = w.now.Add(10 * time.Minute)

		clerk := countsOf(t, s, w.clerk)
		wantClerk := map[models.Queue]int64{models.QueueToComplete: 1, models.QueueToSubmit: 1, models.QueueToSchedule: 1,
			models.QueueToIssue: 1, models.QueueToCollect: 1, models.QueueRenewalsDue: 0}
		if !mapsEqual(clerk, wantClerk) {
			t.Errorf("clerk's queues %v, want %v", clerk, wantClerk)
		}
		iv := countsOf(t, s, w.interviewer)
		wantIV := map[models.Queue]int64{models.QueueInterviewsToday: 2, models.QueueInterviewsWeek: 3, models.QueueRecordsToFinish: 1, models.QueueAlerts: 0, models.QueueReferralsDue: 0}
		if !mapsEqual(iv, wantIV) {
			t.Errorf("interviewer's queues %v, want %v", iv, wantIV)
		}
		admin := countsOf(t, s, w.admin)
		if admin[models.QueueHoldsToDecide] != 1 || len(admin) != 3 {
			t.Errorf("admin's queues %v", admin)
		}
		if _, ok := admin[models.QueueAccountsToReview]; !ok {
			t.Errorf("admin has no accounts queue: %v", admin)
		}

		// The lists the counts link to hold exactly what was counted.
		list := func(a models.Actor, q models.Queue) []int64 {
			items, total, err := s.Applications.List(ctx, a, store.ApplicationFilter{ListFilter: store.ListFilter{Queue: q, Location: brussels}})
			must(t, err)
			var ids []int64
			for _, it := range items {
				ids = append(ids, it.ID)
			}
			if int64(len(ids)) != total {
				t.Errorf("%s: %d items, total %d", q, len(ids), total)
			}
			slices.Sort(ids)
			return ids
		}
		for q, want := range map[models.Queue][]int64{
			models.QueueToComplete: {incomplete}, models.QueueToSubmit: {complete}, models.QueueToSchedule: {submitted},
			models.QueueToIssue: {cleared}, models.QueueToCollect: {issued},
		} {
			if got := list(w.clerk, q); !slices.Equal(got, want) {
				t.Errorf("clerk's %s list %v, want %v", q, got, want)
			}
		}
		// Today's appointments include the one whose time has passed.
		if got := list(w.interviewer, models.QueueInterviewsToday); !slices.Equal(got, []int64{today, late}) {
			t.Errorf("today's interviews %v, want %v", got, []int64{today, late})
		}
		if got := list(w.interviewer, models.QueueInterviewsWeek); !slices.Equal(got, []int64{today, moved, late}) {
			t.Errorf("this week's interviews %v", got)
		}
		if got := list(w.interviewer, models.QueueRecordsToFinish); !slices.Equal(got, []int64{late}) {
			t.Errorf("records to finish %v, want %v", got, []int64{late})
		}
		if got := list(w.admin, models.QueueHoldsToDecide); !slices.Equal(got, []int64{held}) {
			t.Errorf("holds %v", got)
		}
		// A queue the reader may not see lists nothing.
		if got := list(w.clerk, models.QueueInterviewsToday); len(got) != 0 {
			t.Errorf("clerk sees the interviewer's queue: %v", got)
		}
		if got := list(w.interviewer, models.QueueHoldsToDecide); len(got) != 0 {
			t.Errorf("interviewer sees the holds queue: %v", got)
		}

		// The other filters: worker's name, interviewer, mission, day.
		items, _, err := s.Applications.List(ctx, w.clerk, store.ApplicationFilter{ListFilter: store.ListFilter{WorkerName: "mendo"}})
		must(t, err)
		if len(items) != 1 || items[0].ID != moved {
			t.Errorf("by worker name: %+v", items)
		}
		_, n, err := s.Applications.List(ctx, w.clerk, store.ApplicationFilter{ListFilter: store.ListFilter{InterviewerID: w.interviewer.UserID()}})
		must(t, err)
		if n != 6 {
			t.Errorf("by interviewer: %d, want 6", n)
		}
		_, n, err = s.Applications.List(ctx, w.clerk, store.ApplicationFilter{ListFilter: store.ListFilter{MissionID: w.mission.ID + 1000}})
		must(t, err)
		if n != 0 {
			t.Errorf("another mission: %d", n)
		}
		tomorrow := models.CalendarDay(w.now).AddDate(0, 0, 1)
		_, n, err = s.Applications.List(ctx, w.clerk, store.ApplicationFilter{ListFilter: store.ListFilter{From: &tomorrow}})
		must(t, err)
		if n != 0 {
			t.Errorf("changed from tomorrow: %d", n)
		}
		_, n, err = s.Applications.List(ctx, w.clerk, store.ApplicationFilter{ListFilter: store.ListFilter{EmployerID: w.employer.ID}})
		must(t, err)
		if n != 1 {
			t.Errorf("by employer: %d, want 1", n)
		}
	})
}

// TestAccountsToReview: an account unused for the review period, or never
// signed in a week after its password was set, is counted; deactivated
// ones are not.
func TestAccountsToReview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		if n := countsOf(t, s, w.admin)[models.QueueAccountsToReview]; n != 0 {
			t.Fatalf("fresh accounts to review: %d", n)
		}
		w.now = w.now.AddDate(0, 0, models.AccountReviewDays+1)
		if _, err := s.Auth.Login(ctx, store.LoginRequest{Email: "clerk@example.be", Password: "a long enough password", IP: "192.0.2.1", Via: "web"}); err != nil {
			t.Fatal(err)
		}
		users, err := s.Queues.AccountsToReview(ctx, w.admin)
		must(t, err)
		var emails []string
		for _, u := range users {
			emails = append(emails, u.Email)
		}
		slices.Sort(emails)
		if want := []string{"admin@example.be", "clerk2@example.be", "interviewer@example.be"}; !slices.Equal(emails, want) {
			t.Errorf("accounts to review %v, want %v", emails, want)
		}
		if _, err := s.Queues.AccountsToReview(ctx, w.clerk); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk listing accounts: %v", err)
		}
	})
}

func mapsEqual(a, b map[models.Queue]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}
