package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// currentInterview is the application's latest appointment.
func currentInterview(t *testing.T, s *store.Store, appID int64) (id int64, interviewer int64, at time.Time) {
	t.Helper()
	var row struct {
		ID            int64
		InterviewerID int64
		ScheduledAt   time.Time
	}
	must(t, s.DB().Table("interviews").Select("id, interviewer_id, scheduled_at").Where("application_id = ?", appID).Order("id DESC").Limit(1).Scan(&row).Error)
	return row.ID, row.InterviewerID, row.ScheduledAt
}

// TestReassignPastInterviewKeepsItsTime: on both engines, an interview whose
// time has passed, unrecorded (someone held it in place of the interviewer
// booked), reassigned without a time keeps its scheduled time, and the new
// interviewer records it as held then; a new time in the past is refused;
// a new time ahead moves it; the new interviewer's other booking at that
// time refuses the reassignment; every refusal leaves the calendar as it
// was.
func TestReassignPastInterviewKeepsItsTime(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		second := w.otherInterviewer(t)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		iv := w.scheduled(t, id) // at w.now + 1h
		scheduled := iv.ScheduledAt
		w.now = w.now.Add(3 * time.Hour)
		bookings := countRows(t, s, "interviews", "cancelled_at IS NULL")
		events := countRows(t, s, "application_events", "application_id = ?", id)

		_, err := s.Interviews.Reassign(ctx, w.admin, iv.ID, models.Reassignment{InterviewerID: second.UserID(), Reason: "held by a colleague",
			ScheduledAt: w.now.Add(-30 * time.Minute)})
		if fieldCode(err, "scheduled_at") != models.CodeReassignInPast {
			t.Fatalf("a new time in the past: %v", err)
		}
		if countRows(t, s, "interviews", "cancelled_at IS NULL") != bookings || countRows(t, s, "application_events", "application_id = ?", id) != events {
			t.Fatal("the refused reassignment changed the calendar or the history")
		}

		next, err := s.Interviews.Reassign(ctx, w.admin, iv.ID, models.Reassignment{InterviewerID: second.UserID(), Reason: "held by a colleague in her place"})
		must(t, err)
		if !next.ScheduledAt.Equal(scheduled) {
			t.Fatalf("reassigned to %s, want the scheduled %s (not now, %s)", next.ScheduledAt, scheduled, w.now)
		}
		curID, curInterviewer, curAt := currentInterview(t, s, id)
		if curID != next.ID || curInterviewer != second.UserID() || !curAt.Equal(scheduled) {
			t.Errorf("stored: interview %d of %d at %s", curID, curInterviewer, curAt)
		}
		if n := countRows(t, s, "interviews", "id = ? AND cancelled_at IS NOT NULL", iv.ID); n != 1 {
			t.Error("the old booking still holds its time")
		}
		// The new interviewer records what was held at the scheduled time.
		_, err = s.Interviews.Record(ctx, second, next.ID, fullRecord(scheduled.Add(10*time.Minute), true, models.OutcomeCleared))
		must(t, err)
	})
}

// TestReassignNewTimeAndConflicts: a new time ahead moves the appointment;
// the new interviewer's other booking at the kept time refuses the
// reassignment with the overlap named, and nothing changes.
func TestReassignNewTimeAndConflicts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		second := w.otherInterviewer(t)
		a := w.submitted(t, models.ApplicationFirstIssuance, nil)
		b := w.submittedAnew(t, "Cruz", "P7654321")
		ivA, err := s.Interviews.Schedule(ctx, w.clerk, a, w.interviewer.UserID(), w.now.Add(time.Hour), "Room 2.14")
		must(t, err)
		// The second interviewer is busy at the same time, in another room.
		_, err = s.Interviews.Schedule(ctx, w.clerk, b, second.UserID(), w.now.Add(time.Hour+15*time.Minute), "Room 0.10")
		must(t, err)
		w.now = w.now.Add(3 * time.Hour)
		bookings := countRows(t, s, "interviews", "cancelled_at IS NULL")
		_, err = s.Interviews.Reassign(ctx, w.admin, ivA.ID, models.Reassignment{InterviewerID: second.UserID(), Reason: "held by a colleague"})
		if fieldCode(err, "interviewer_id") != models.CodeBookingOverlap {
			t.Fatalf("reassigned onto the new interviewer's other booking: %v", err)
		}
		if countRows(t, s, "interviews", "cancelled_at IS NULL") != bookings || countRows(t, s, "interviews", "id = ? AND cancelled_at IS NULL", ivA.ID) != 1 {
			t.Fatal("the refused reassignment changed the calendar")
		}
		// It did not take place: booked again tomorrow with the second interviewer.
		tomorrow := w.now.Add(24 * time.Hour).Truncate(time.Minute)
		next, err := s.Interviews.Reassign(ctx, w.admin, ivA.ID, models.Reassignment{InterviewerID: second.UserID(), Reason: "did not take place",
			ScheduledAt: tomorrow})
		must(t, err)
		if !next.ScheduledAt.Equal(tomorrow) {
			t.Errorf("reassigned to %s, want %s", next.ScheduledAt, tomorrow)
		}
	})
}

// TestReassignPastConcurrent (PostgreSQL): two past interviews at the same
// time, in different rooms with different interviewers, reassigned at the
// same moment to the same interviewer at their kept time: one wins, the
// other is refused as overlapping (the store's check or the exclusion
// constraint), never an internal error.
func TestReassignPastConcurrent(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		if engine != store.Postgres {
			continue
		}
		t.Run(engine, func(t *testing.T) {
			s := storetest.Open(t, engine)
			ctx := context.Background()
			w := newWorld(t, s)
			second := w.otherInterviewer(t)
			third, _, err := s.Users.Create(ctx, system, models.NewUser{Email: "interviewer3@example.be", Name: "Third interviewer",
				Roles: []models.Role{models.RoleInterviewer}}, "a long enough password")
			must(t, err)
			a := w.submitted(t, models.ApplicationFirstIssuance, nil)
			b := w.submittedAnew(t, "Cruz", "P7654321")
			at := w.now.Add(time.Hour)
			ivA, err := s.Interviews.Schedule(ctx, w.clerk, a, w.interviewer.UserID(), at, "Room 2.14")
			must(t, err)
			ivB, err := s.Interviews.Schedule(ctx, w.clerk, b, third.ID, at, "Room 0.10")
			must(t, err)
			w.now = w.now.Add(3 * time.Hour)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			start := make(chan struct{})
			for i, ivID := range []int64{ivA.ID, ivB.ID} {
				wg.Add(1)
				go func(i int, ivID int64) {
					defer wg.Done()
					<-start
					_, errs[i] = s.Interviews.Reassign(ctx, w.admin, ivID, models.Reassignment{InterviewerID: second.UserID(), Reason: "held by a colleague"})
				}(i, ivID)
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
					t.Errorf("reassignment %d: %v", i, err)
				}
			}
			if ok != 1 {
				t.Errorf("%d reassignments kept, want 1: %v", ok, errs)
			}
			if n := countRows(t, s, "interviews", "interviewer_id = ? AND cancelled_at IS NULL", second.UserID()); n != 1 {
				t.Errorf("%d active bookings of the second interviewer", n)
			}
		})
	}
}
