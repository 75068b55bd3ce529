package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// A clearance against the evidence (models/clearance.go) waits on hold for
// a second admin. The decision is a row of clearance_confirmations (its
// reason sealed) and, for a confirmation, the release_hold event that
// brings the application back to approved; the database refuses a card for
// such an interview without a confirmed row by someone who neither held
// nor recorded it (migration 00015).

// clearanceRow is a decision as stored.
type clearanceRow struct {
	ID            int64
	ApplicationID int64
	InterviewID   int64
	Decision      models.ClearanceDecision
	Reason        string
	DecidedByID   int64
	DecidedAt     time.Time
}

func (clearanceRow) TableName() string { return "clearance_confirmations" }

// ClearanceReview is what the admin's confirmation page shows: the
// application, the interview cleared against the evidence, the evidence, the
// interviewer's reason and the decisions taken so far. Confidential: the
// view is audited.
type ClearanceReview struct {
	ApplicationID int64
	WorkerID      int64
	WorkerName    string
	Interview     models.Interview
	Interviewer   string
	Evidence      models.ClearanceEvidence
	Reason        string
	Awaiting      bool
	Decisions     []models.ClearanceConfirmation
	DecidedBy     map[int64]string
	// MayDecide: the reader may take the decision (not the interviewer).
	MayDecide bool
}

// clearanceSubject loads, inside tx, the current interview of app with its
// indicator answers.
func (s *core) clearanceSubject(tx *gorm.DB, app models.Application) (models.Interview, []models.IndicatorResponse, error) {
	ivs, err := s.interviewsOf(tx, app.ID)
	if err != nil {
		return models.Interview{}, nil, err
	}
	iv, ok := models.CurrentInterview(app.ID, ivs)
	if !ok {
		return models.Interview{}, nil, models.Fail(models.KindConflict, models.CodeClearanceNotAwaited,
			"This application is not waiting for the confirmation of a clearance.")
	}
	var answers []indicatorAnswerRow
	if err := tx.Omit("note").Where("interview_id = ?", iv.ID).Order("id").Find(&answers).Error; err != nil {
		return iv, nil, fmt.Errorf("answers of interview %d: %w", iv.ID, err)
	}
	resp := make([]models.IndicatorResponse, len(answers))
	for i, a := range answers {
		resp[i] = models.IndicatorResponse{Code: a.Code, Answer: a.Answer}
	}
	return iv, resp, nil
}

// Review reads the clearance of application appID for the admin's page
// (audited in the worker's access log).
func (s *Clearances) Review(ctx context.Context, actor models.Actor, appID int64) (*ClearanceReview, error) {
	if err := actor.Require(models.PermHoldDecide); err != nil {
		return nil, err
	}
	var out ClearanceReview
	err := s.transact(ctx, func(tx *gorm.DB) error {
		row, app, err := s.loadApplication(tx, appID, false)
		if err != nil {
			return err
		}
		iv, answers, err := s.clearanceSubject(tx, app)
		if err != nil {
			return err
		}
		var ivRow interviewRow
		if err := tx.Select("id, clearance_reason").First(&ivRow, iv.ID).Error; err != nil {
			return fmt.Errorf("interview %d: %w", iv.ID, err)
		}
		w, err := s.worker(tx, row.WorkerID)
		if err != nil {
			return err
		}
		names, err := userNames(tx)
		if err != nil {
			return err
		}
		out = ClearanceReview{ApplicationID: appID, WorkerID: w.ID, WorkerName: w.FullName(), Interview: iv,
			Interviewer: names[iv.InterviewerID], Evidence: models.ClearanceEvidenceOf(answers),
			Reason:   s.openText(ivRow.ClearanceReason, models.ClearanceReasonAAD(iv.ID)),
			Awaiting: models.AwaitsClearanceConfirmation(app, iv.ID), DecidedBy: names,
			MayDecide: actor.User != nil && actor.User.ID != iv.InterviewerID && actor.User.ID != *iv.RecordedByID}
		var rows []clearanceRow
		if err := tx.Where("interview_id = ?", iv.ID).Order("id").Find(&rows).Error; err != nil {
			return fmt.Errorf("clearance decisions of interview %d: %w", iv.ID, err)
		}
		for _, r := range rows {
			out.Decisions = append(out.Decisions, models.ClearanceConfirmation{ID: r.ID, ApplicationID: r.ApplicationID,
				InterviewID: r.InterviewID, Decision: r.Decision, DecidedByID: r.DecidedByID, DecidedAt: r.DecidedAt,
				Reason: s.openText(r.Reason, models.ClearanceDecisionReasonAAD(r.InterviewID, r.DecidedAt))})
		}
		return s.audit(tx, actor, "clearance.viewed", "worker", idText(w.ID), "clearance review of application "+idText(appID)+" viewed")
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Decide records the second admin's decision on the clearance of
// application appID, with the application row locked: a confirmation
// releases the hold (the history says only "clearance confirmed"), a
// refusal to confirm leaves it on hold. models.CanConfirmClearance decides
// who may; the database refuses the interviewer even if this code were
// wrong, and a second confirmation.
func (s *Clearances) Decide(ctx context.Context, actor models.Actor, appID int64, decision models.ClearanceDecision, reason string) error {
	if err := actor.Require(models.PermHoldDecide); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		_, app, err := s.loadApplication(tx, appID, true)
		if err != nil {
			return err
		}
		iv, _, err := s.clearanceSubject(tx, app)
		if err != nil {
			return err
		}
		now := s.now()
		c := models.ClearanceConfirmation{ApplicationID: appID, InterviewID: iv.ID, Decision: decision,
			Reason: strings.TrimSpace(reason), DecidedByID: actor.UserID(), DecidedAt: now}
		if err := models.CanConfirmClearance(actor, c, app, iv); err != nil {
			return err
		}
		sealedReason, err := s.sealText(c.Reason, models.ClearanceDecisionReasonAAD(iv.ID, now))
		if err != nil {
			return fmt.Errorf("clearance decision reason: %w", err)
		}
		row := clearanceRow{ApplicationID: appID, InterviewID: iv.ID, Decision: decision, Reason: sealedReason,
			DecidedByID: c.DecidedByID, DecidedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return models.Fail(models.KindConflict, "concurrent_change", "Someone else decided at the same moment; reload the page.")
			}
			return fmt.Errorf("store clearance decision: %w", err)
		}
		if decision == models.ClearanceConfirmed {
			ev, err := app.Do(models.ApplicationEvent{Action: models.ActionReleaseHold, ActorID: actor.UserID(), At: now,
				Reason: "clearance confirmed by a second admin", InterviewID: &iv.ID})
			if err != nil {
				return err
			}
			if err := s.appendEvent(tx, &app, ev); err != nil {
				return err
			}
		}
		return s.audit(tx, actor, "clearance."+string(decision), "application", idText(appID), "clearance of interview "+idText(iv.ID)+" "+string(decision))
	})
}
