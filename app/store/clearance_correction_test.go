package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestConcernsCorrectedToClearanceAgainstEvidence: an application on hold
// for concerns whose record is corrected into a clearance against the
// evidence stays on hold and waits for the confirmation of a second admin;
// the confirmation releases it and the card follows. A release through the
// hold decision is refused (the interview is now a clearance), and a
// correction into a clearance without evidence while on hold is refused
// with nothing changed.
func TestConcernsCorrectedToClearanceAgainstEvidence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		iv := w.scheduled(t, id)
		w.now = w.now.Add(2 * time.Hour)
		concerns := fullRecord(w.now.Add(-time.Hour), true, models.OutcomeConcerns)
		answer(&concerns, models.ILORetentionOfIdentityDocuments, models.IndicatorYes, "")
		_, err := s.Interviews.Record(ctx, w.interviewer, iv.ID, concerns)
		must(t, err)

		// Without a written reason the correction is refused, nothing changed.
		before := countRows(t, s, "application_events", "application_id = ?", id)
		ivs := countRows(t, s, "interviews", "application_id = ?", id)
		if _, err := s.Interviews.Correct(ctx, w.interviewer, iv.ID, clearedAgainstEvidence(w.now.Add(-time.Hour), ""), "passport was in her bag"); fieldCode(err, "clearance_reason") != models.CodeClearanceReasonRequired {
			t.Fatalf("correction into a clearance against the evidence without a reason: %v", err)
		}
		c, err := s.Interviews.Correct(ctx, w.interviewer, iv.ID, clearedAgainstEvidence(w.now.Add(-time.Hour), secretClearance), "passport was in her bag")
		must(t, err)
		view, err := s.Applications.Get(ctx, w.clerk, id)
		must(t, err)
		if view.Status != models.ApplicationOnHold {
			t.Fatalf("after the correction: %s, want on hold", view.Status)
		}
		if n := countRows(t, s, "application_events", "application_id = ? AND action = 'hold_for_clearance_review' AND interview_id = ?", id, c.ID); n != 1 {
			t.Errorf("%d holds for review of the correction", n)
		}
		if _, err := s.Cards.Issue(ctx, w.clerk, id); err == nil {
			t.Fatal("a card was issued before the confirmation")
		}
		if err := s.Holds.Decide(ctx, w.admin, id, models.HoldRelease, "release"); err == nil {
			t.Error("a hold release bypassed the confirmation")
		}
		review, err := s.Clearances.Review(ctx, w.admin, id)
		must(t, err)
		if !review.Awaiting || review.Interview.ID != c.ID || review.Reason != secretClearance || !review.MayDecide {
			t.Errorf("review: awaiting %v, interview %d, reason %q, may decide %v", review.Awaiting, review.Interview.ID, review.Reason, review.MayDecide)
		}
		if err := s.Clearances.Decide(ctx, w.interviewer, id, models.ClearanceConfirmed, "fine"); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("confirmed by the interviewer: %v", err)
		}

		// A correction of the correction into a clearance without evidence
		// while waiting: refused, nothing changed.
		before = countRows(t, s, "application_events", "application_id = ?", id)
		ivs = countRows(t, s, "interviews", "application_id = ?", id)
		if _, err := s.Interviews.Correct(ctx, w.interviewer, c.ID, fullRecord(w.now.Add(-time.Hour), true, models.OutcomeCleared), "no indicator after all"); models.ErrorCode(err) != models.CodeActionNotAllowed {
			t.Errorf("correction into a plain clearance while on hold: %v", err)
		}
		if countRows(t, s, "application_events", "application_id = ?", id) != before || countRows(t, s, "interviews", "application_id = ?", id) != ivs {
			t.Error("the refused correction changed the database")
		}

		must(t, s.Clearances.Decide(ctx, w.admin, id, models.ClearanceConfirmed, secretConfirmed))
		view, err = s.Applications.Get(ctx, w.clerk, id)
		must(t, err)
		if view.Status != models.ApplicationApproved {
			t.Fatalf("after the confirmation: %s, want approved", view.Status)
		}
		w.contracted(t, id)
		if _, err := s.Cards.Issue(ctx, w.clerk, id); err != nil {
			t.Fatalf("issue after the confirmation: %v", err)
		}
	})
}

// TestHeldClearanceCorrectedKeepsWaiting: a clearance against the evidence
// waiting for its confirmation, corrected into another clearance against
// the evidence, waits for the confirmation of the correction (before, no
// decision could reach it).
func TestHeldClearanceCorrectedKeepsWaiting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		iv := w.scheduled(t, id)
		w.now = w.now.Add(2 * time.Hour)
		_, err := s.Interviews.Record(ctx, w.interviewer, iv.ID, clearedAgainstEvidence(w.now.Add(-time.Hour), "first reason"))
		must(t, err)
		c, err := s.Interviews.Correct(ctx, w.interviewer, iv.ID, clearedAgainstEvidence(w.now.Add(-time.Hour), secretClearance), "reason rewritten")
		must(t, err)
		review, err := s.Clearances.Review(ctx, w.admin, id)
		must(t, err)
		if !review.Awaiting || review.Interview.ID != c.ID {
			t.Fatalf("review after the correction: awaiting %v, interview %d (correction %d)", review.Awaiting, review.Interview.ID, c.ID)
		}
		must(t, s.Clearances.Decide(ctx, w.admin, id, models.ClearanceConfirmed, secretConfirmed))
		if view, _ := s.Applications.Get(ctx, w.clerk, id); view.Status != models.ApplicationApproved {
			t.Errorf("after the confirmation: %s", view.Status)
		}
	})
}

// TestDatabaseRefusesForgedClearanceCorrection: the database accepts a
// correction into a clearance on hold only through the history: a
// correction marked recorded as cleared without the hold_for_clearance_review
// event naming it, by who records it, is refused.
func TestDatabaseRefusesForgedClearanceCorrection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		iv := w.scheduled(t, id)
		w.now = w.now.Add(2 * time.Hour)
		concerns := fullRecord(w.now.Add(-time.Hour), true, models.OutcomeConcerns)
		answer(&concerns, models.ILORetentionOfIdentityDocuments, models.IndicatorYes, "")
		_, err := s.Interviews.Record(ctx, w.interviewer, iv.ID, concerns)
		must(t, err)
		must(t, s.DB().Exec(`INSERT INTO interviews (application_id, interviewer_id, scheduled_at, room, scheduled_by_id, supersedes_id, correction_reason, created_at)
			SELECT application_id, interviewer_id, scheduled_at, room, scheduled_by_id, id, 'forged', ? FROM interviews WHERE id = ?`, w.now, iv.ID).Error)
		var forged int64
		must(t, s.DB().Raw("SELECT id FROM interviews WHERE supersedes_id = ?", iv.ID).Row().Scan(&forged))
		err = s.DB().Exec("UPDATE interviews SET held_at = ?, recorded_at = ?, recorded_by_id = ?, employer_absent = true, outcome = 'cleared' WHERE id = ?",
			w.now.Add(-time.Hour), w.now, w.interviewer.UserID(), forged).Error
		if err == nil || !strings.Contains(err.Error(), "interviews_recorded_through_history") {
			t.Errorf("the database accepted a correction into a clearance that its history does not record: %v", err)
		}
	})
}
