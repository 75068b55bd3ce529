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

// TestFirstIssuanceNeedsContractAndIssueRechecksPay: a first issuance is not
// submitted without a contract; a scale published after submission that
// raises the minimum above the contract's pay stops the issue (no card, no
// number drawn, no event) until an amended contract is generated.
func TestFirstIssuanceNeedsContractAndIssueRechecksPay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		app, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, w.employment.ID, nil)
		must(t, err)
		for _, k := range models.RequiredDocuments(models.ApplicationFirstIssuance) {
			_, err := s.Applications.AttachDocument(ctx, w.clerk, app.ID, k, string(k)+".pdf", pdfBytes)
			must(t, err)
		}
		if err := s.Applications.Submit(ctx, w.clerk, app.ID); models.ErrorCode(err) != models.CodeContractRequired {
			t.Fatalf("first issuance without a contract: %v", err)
		}
		if v, _ := s.Applications.Get(ctx, w.clerk, app.ID); v.Status != models.ApplicationDraft {
			t.Fatalf("refused submission left %s", v.Status)
		}
		w.contracted(t, app.ID) // EUR 2150.00 against the seed's 2070.48
		must(t, s.Applications.Submit(ctx, w.clerk, app.ID))
		w.interviewed(t, app.ID, true, models.OutcomeCleared)

		w.publishIndexed(t, 5, calendarDay(w.now)) // 2070.48 + 5% = 2174.00
		events := countRows(t, s, "application_events", "application_id = ?", app.ID)
		if _, err := s.Cards.Issue(ctx, w.clerk, app.ID); models.ErrorCode(err) != models.CodeContractBelowMinimum {
			t.Fatalf("issue on a contract below the new minimum: %v", err)
		}
		if n := countRows(t, s, "cards", ""); n != 0 {
			t.Errorf("%d cards after the refusal", n)
		}
		if n := countRows(t, s, "application_events", "application_id = ?", app.ID); n != events {
			t.Errorf("refused issue appended %d events", n-events)
		}
		_, err = s.Contracts.Generate(ctx, w.clerk, app.ID, contractTerms(218000))
		must(t, err)
		if _, err := s.Cards.Issue(ctx, w.clerk, app.ID); err != nil {
			t.Fatalf("issue on the amended contract: %v", err)
		}
	})
}

// clearedAgainstEvidence is a cleared record although retention of identity
// documents was answered yes and the ILO-EC screening is positive.
func clearedAgainstEvidence(heldAt time.Time, reason string) models.InterviewRecording {
	r := fullRecord(heldAt, true, models.OutcomeCleared)
	answer(&r, models.ILORetentionOfIdentityDocuments, models.IndicatorYes, "")
	answer(&r, models.ILOPhysicalAndSexualViolence, models.IndicatorYes, "")
	r.ClearanceReason = reason
	return r
}

// TestClearedAgainstEvidenceNeedsASecondAdmin: a clearance against the
// evidence needs a written reason; with it, the application is on hold and
// no card is issued until an admin who neither held nor recorded the
// interview confirms; a refusal to confirm leaves it on hold; the database
// refuses a card without the confirmation even when the history was forged.
func TestClearedAgainstEvidenceNeedsASecondAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		both, _, err := s.Users.Create(ctx, system, models.NewUser{Email: "admin-interviewer@example.be", Name: "Admin and interviewer",
			Roles: []models.Role{models.RoleAdmin, models.RoleInterviewer}}, "a long enough password")
		must(t, err)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		iv, err := s.Interviews.Schedule(ctx, w.clerk, id, both.ID, w.now.Add(time.Hour), "Room 2.14")
		must(t, err)
		w.now = w.now.Add(2 * time.Hour)
		before := countRows(t, s, "application_events", "application_id = ?", id)
		_, err = s.Interviews.Record(ctx, as(both), iv.ID, clearedAgainstEvidence(w.now.Add(-time.Hour), ""))
		if fieldCode(err, "clearance_reason") != models.CodeClearanceReasonRequired {
			t.Fatalf("cleared against the evidence without a reason: %v", err)
		}
		if n := countRows(t, s, "application_events", "application_id = ?", id); n != before {
			t.Errorf("the refusal appended %d events", n-before)
		}
		_, err = s.Interviews.Record(ctx, as(both), iv.ID, clearedAgainstEvidence(w.now.Add(-time.Hour), "Documents returned to her in my presence"))
		must(t, err)
		view, err := s.Applications.Get(ctx, w.clerk, id)
		must(t, err)
		if view.Status != models.ApplicationOnHold {
			t.Fatalf("cleared against the evidence: %s, want on hold", view.Status)
		}
		if _, err := s.Cards.Issue(ctx, w.clerk, id); models.ErrorCode(err) != models.CodeClearanceNotConfirmed {
			t.Errorf("issue before the confirmation: %v", err)
		}
		// The admin who held it cannot confirm; the interviewer has no say;
		// another admin declines, then confirms.
		if err := s.Clearances.Decide(ctx, as(both), id, models.ClearanceConfirmed, "fine"); models.ErrorCode(err) != models.CodeClearanceByInterviewer {
			t.Errorf("confirmed by who held it: %v", err)
		}
		if err := s.Clearances.Decide(ctx, w.interviewer, id, models.ClearanceConfirmed, "fine"); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("confirmed by an interviewer: %v", err)
		}
		if err := s.Clearances.Decide(ctx, w.admin, id, models.ClearanceConfirmed, " "); fieldCode(err, "reason") != "required" {
			t.Errorf("confirmed without a reason: %v", err)
		}
		must(t, s.Clearances.Decide(ctx, w.admin, id, models.ClearanceDeclined, "Ask the specialised centre first"))
		if view, _ := s.Applications.Get(ctx, w.clerk, id); view.Status != models.ApplicationOnHold {
			t.Errorf("declined: %s", view.Status)
		}
		// Holds' release does not bypass it: the interview is cleared, not a concern.
		if err := s.Holds.Decide(ctx, w.admin, id, models.HoldRelease, "release"); err == nil {
			t.Errorf("a hold release bypassed the confirmation")
		}
		review, err := s.Clearances.Review(ctx, w.admin, id)
		must(t, err)
		if !review.Awaiting || review.Reason != "Documents returned to her in my presence" || len(review.Evidence.ILOYes) != 2 || len(review.Decisions) != 1 {
			t.Errorf("review: %+v", review)
		}
		// The database refuses a confirmation by who held the interview.
		err = s.DB().Exec("INSERT INTO clearance_confirmations (application_id, interview_id, decision, reason, decided_by_id, decided_at) VALUES (?, ?, 'confirmed', 'x', ?, ?)",
			id, iv.ID, both.ID, w.now).Error
		if err == nil || !strings.Contains(err.Error(), "clearance_confirmations") {
			t.Errorf("database accepted a confirmation by the interviewer: %v", err)
		}
		must(t, s.Clearances.Decide(ctx, w.admin, id, models.ClearanceConfirmed, "Worker seen again with the centre; documents in her hands"))
		if err := s.Clearances.Decide(ctx, w.admin, id, models.ClearanceConfirmed, "again"); models.ErrorCode(err) != models.CodeClearanceNotAwaited {
			t.Errorf("confirmed twice: %v", err)
		}
		if _, err := s.Cards.Issue(ctx, w.clerk, id); err != nil {
			t.Fatalf("issue after the confirmation: %v", err)
		}
	})
}

// TestDatabaseRefusesCardWithoutClearanceConfirmation: a history forged at
// the database prompt (a release_hold nobody confirmed) passes the domain's
// replay, but the database refuses the card.
func TestDatabaseRefusesCardWithoutClearanceConfirmation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		iv := w.scheduled(t, id)
		_, err := s.Interviews.Record(ctx, w.interviewer, iv.ID, clearedAgainstEvidence(w.now.Add(-time.Hour), "reason"))
		must(t, err)
		seq := countRows(t, s, "application_events", "application_id = ?", id)
		must(t, s.DB().Exec("INSERT INTO application_events (application_id, seq, action, actor_id, at, reason, interview_id, status_after) VALUES (?, ?, 'release_hold', ?, ?, 'forged', ?, 'approved')",
			id, seq+1, w.admin.UserID(), w.now, iv.ID).Error)
		must(t, s.DB().Exec("UPDATE applications SET status = 'approved' WHERE id = ?", id).Error)
		_, err = s.Cards.Issue(ctx, w.clerk, id)
		if err == nil || !strings.Contains(err.Error(), "cards_clearance_confirmed") {
			t.Fatalf("card without a confirmation: %v", err)
		}
		if n := countRows(t, s, "cards", ""); n != 0 {
			t.Errorf("%d cards", n)
		}
	})
}
