package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// submittedAnew opens, contracts and submits a first issuance for a new worker.
func (w *world) submittedAnew(t testing.TB, family, passport string) int64 {
	t.Helper()
	ctx := context.Background()
	job := w.otherEmployment(t, family, passport)
	app, err := w.s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, job.ID, nil)
	must(t, err)
	for _, k := range models.RequiredDocuments(models.ApplicationFirstIssuance) {
		_, err := w.s.Applications.AttachDocument(ctx, w.clerk, app.ID, k, string(k)+".pdf", pdfBytes)
		must(t, err)
	}
	w.contracted(t, app.ID) // every application needs its contract before submission (issue 9b)
	must(t, w.s.Applications.Submit(ctx, w.clerk, app.ID))
	return app.ID
}

func overlapFields(err error) []string {
	var out []string
	if e, ok := err.(*models.Error); ok {
		for _, f := range e.Fields {
			if f.Code == models.CodeBookingOverlap {
				out = append(out, f.Field)
			}
		}
	}
	return out
}

// TestDoubleBookingRefused: interview 5 cannot be booked on top of
// interview 3 (same interviewer, room and time), nor the same room or
// worker; a reschedule frees its old time and keeps its row; a
// cancellation keeps the history and frees the time.
func TestDoubleBookingRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		a, b := w.submittedAnew(t, "Cruz", "P3000001"), w.submittedAnew(t, "Lopez", "P3000002")
		at := w.now.Add(24 * time.Hour)
		first, err := s.Interviews.Schedule(ctx, w.clerk, a, w.interviewer.UserID(), at, "Egmont II, room 0.14")
		must(t, err)
		_, err = s.Interviews.Schedule(ctx, w.clerk, b, w.interviewer.UserID(), at.Add(30*time.Minute), "egmont ii, room 0.14")
		if got := overlapFields(err); len(got) != 2 || got[0] != "interviewer_id" || got[1] != "room" {
			t.Fatalf("booking on top: %v (%v)", got, err)
		}
		// Another interviewer, the same room: the room is refused.
		iv2 := w.otherInterviewer(t)
		_, err = s.Interviews.Schedule(ctx, w.clerk, b, iv2.UserID(), at, "Egmont II, room 0.14")
		if got := overlapFields(err); len(got) != 1 || got[0] != "room" {
			t.Errorf("same room: %v", err)
		}
		// The same worker twice (a reschedule is not a second booking):
		// moving a's interview by half an hour works.
		moved, err := s.Interviews.Schedule(ctx, w.clerk, a, w.interviewer.UserID(), at.Add(30*time.Minute), "Egmont II, room 0.14")
		must(t, err)
		// Back to back is fine.
		_, err = s.Interviews.Schedule(ctx, w.clerk, b, w.interviewer.UserID(), at.Add(90*time.Minute), "Egmont II, room 0.14")
		must(t, err)
		// The first booking kept its row, cancelled as rescheduled; a's
		// page shows only the new one; the history has both.
		week, err := s.Calendar.Week(ctx, w.clerk, models.WeekWindow(at, brussels))
		must(t, err)
		var cancelled, live int
		for _, e := range week {
			if e.InterviewID == first.ID && e.Cancelled && e.CancelReason == "rescheduled" {
				cancelled++
			}
			if !e.Cancelled {
				live++
			}
		}
		if cancelled != 1 || live != 2 {
			t.Errorf("calendar after a reschedule: %+v", week)
		}
		v, err := s.Applications.Get(ctx, w.clerk, a)
		must(t, err)
		if len(v.Interviews) != 1 || v.Interviews[0].ID != moved.ID {
			t.Errorf("application shows %+v", v.Interviews)
		}
		// Cancelling: the application waits for a booking again, the time is free.
		if err := s.Interviews.Cancel(ctx, w.clerk, a, ""); models.ErrorKind(err) != models.KindInvalid {
			t.Errorf("cancel without a reason: %v", err)
		}
		if err := s.Interviews.Cancel(ctx, w.interviewer, a, "the worker is ill"); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("interviewer cancelling: %v", err)
		}
		must(t, s.Interviews.Cancel(ctx, w.clerk, a, "the worker is ill"))
		v, err = s.Applications.Get(ctx, w.clerk, a)
		must(t, err)
		if v.Status != models.ApplicationSubmitted || len(v.Interviews) != 0 || v.History[len(v.History)-1].Action != models.ActionCancelInterview {
			t.Errorf("after cancel: %s %+v", v.Status, v.Interviews)
		}
		c := w.submittedAnew(t, "Garcia", "P3000003")
		_, err = s.Interviews.Schedule(ctx, w.clerk, c, w.interviewer.UserID(), at.Add(30*time.Minute), "Egmont II, room 0.14")
		must(t, err)
		// A withdrawn application frees its appointment.
		must(t, s.Applications.Close(ctx, w.clerk, c, models.ActionWithdraw, "the mission withdrew it"))
		_, err = s.Interviews.Schedule(ctx, w.clerk, a, w.interviewer.UserID(), at.Add(30*time.Minute), "Egmont II, room 0.14")
		must(t, err)
	})
}

func (w *world) otherInterviewer(t testing.TB) models.Actor {
	t.Helper()
	u, _, err := w.s.Users.Create(context.Background(), system, models.NewUser{Email: "interviewer2@example.be", Name: "Second interviewer", Roles: []models.Role{models.RoleInterviewer}}, "a long enough password")
	must(t, err)
	return as(u)
}

// TestConcurrentBookingsOneWins (PostgreSQL): clients booking the same
// interviewer at the same time for different workers, at the same moment:
// exactly one booking is kept, the others are refused as overlapping, by
// the store's check or the exclusion constraint.
func TestConcurrentBookingsOneWins(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		if engine != store.Postgres {
			continue
		}
		t.Run(engine, func(t *testing.T) {
			s := storetest.Open(t, engine)
			ctx := context.Background()
			w := newWorld(t, s)
			const n = 6
			apps := make([]int64, n)
			for i := range apps {
				apps[i] = w.submittedAnew(t, "Worker"+string(rune('A'+i)), "P40000"+string(rune('0'+i)))
			}
			at := w.now.Add(48 * time.Hour)
			var wg sync.WaitGroup
			errs := make([]error, n)
			start := make(chan struct{})
			for i := range apps {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					<-start
					// Each in its own room: only the interviewer clashes.
					_, errs[i] = s.Interviews.Schedule(ctx, w.clerk, apps[i], w.interviewer.UserID(), at.Add(time.Duration(i)*time.Minute), "Room "+string(rune('A'+i)))
				}(i)
			}
			close(start)
			wg.Wait()
			ok := 0
			for i, err := range errs {
				switch {
				case err == nil:
					ok++
				case models.ErrorCode(err) == models.CodeBookingOverlap || len(overlapFields(err)) > 0:
				default:
					t.Errorf("booking %d: %v", i, err)
				}
			}
			if ok != 1 {
				t.Errorf("%d bookings kept, want 1: %v", ok, errs)
			}
			// The constraint itself refuses a row written past the store.
			var iv struct{ ID, ApplicationID int64 }
			must(t, s.DB().Raw("SELECT id, application_id FROM interviews WHERE cancelled_at IS NULL ORDER BY id LIMIT 1").Scan(&iv).Error)
			err := s.DB().Exec(`INSERT INTO interviews (application_id, interviewer_id, scheduled_at, room, scheduled_by_id, created_at)
				SELECT application_id, interviewer_id, scheduled_at + interval '10 minutes', 'Elsewhere', scheduled_by_id, created_at FROM interviews WHERE id = ?`, iv.ID).Error
			if err == nil || !(strings.Contains(err.Error(), "interviews_interviewer_free") || strings.Contains(err.Error(), "interviews_worker_free")) {
				t.Errorf("overlapping row written past the store: %v", err)
			}
		})
	}
}
