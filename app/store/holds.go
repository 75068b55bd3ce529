package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// An interview with concerns or a referral puts its application on hold;
// an admin decides: release (with a reason, never by whoever held or recorded
// the interview), refuse, or close as referred. The decision is an event of
// the application's history, like every other action.

// CodeReleaseByInterviewer refuses a release of the hold by whoever held or
// recorded the interview.
const CodeReleaseByInterviewer = "release_by_interviewer"

// heldInterview finds the interview that put app on hold: the current record
// of the application, with whether a referral is recorded for it.
func heldInterview(tx *gorm.DB, app models.Application) (models.HeldInterview, error) {
	ivs, err := find[models.Interview, interviewRow](tx.Where("application_id = ?", app.ID).Order("id"), "interviews")
	if err != nil {
		return models.HeldInterview{}, err
	}
	iv, ok := models.CurrentInterview(app.ID, ivs)
	if !ok {
		return models.HeldInterview{}, models.Fail(models.KindConflict, "not_on_hold", "No recorded interview put this application on hold.")
	}
	var n int64
	if err := tx.Model(&referralRow{}).Where("interview_id = ?", iv.ID).Count(&n).Error; err != nil {
		return models.HeldInterview{}, err
	}
	return models.HeldInterview{InterviewID: iv.ID, InterviewerID: iv.InterviewerID, RecordedByID: *iv.RecordedByID,
		Outcome: iv.Outcome, HasReferral: n > 0}, nil
}

// DecideHold records an admin's decision on an application on hold and
// appends it to the application's history with its reason (which clerks
// read for a release or a refusal: it must not carry interview content).
func (s *Holds) Decide(ctx context.Context, actor models.Actor, appID int64, kind models.HoldDecisionKind, reason string) error {
	if err := actor.Require(models.PermHoldDecide); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		_, app, err := s.loadApplication(tx, appID, true)
		if err != nil {
			return err
		}
		if status, _ := models.StatusOf(app.Events); status != models.ApplicationOnHold {
			return models.Fail(models.KindConflict, "not_on_hold", "This application is not on hold.")
		}
		held, err := heldInterview(tx, app)
		if err != nil {
			return err
		}
		now := s.now()
		d := models.HoldDecision{ApplicationID: appID, InterviewID: held.InterviewID, Decision: kind,
			Reason: strings.TrimSpace(reason), DecidedByID: actor.UserID(), DecidedAt: now}
		if err := models.CanDecideHold(actor, d, held); err != nil {
			if models.ErrorCode(err) == models.CodeSamePerson {
				// Its own code: "same_person" names the card gate's refusal
				// to the issuing clerk, whose message would mislead here.
				return models.Fail(models.KindConflict, CodeReleaseByInterviewer,
					"You held or recorded this interview: another admin must decide whether to release the hold.")
			}
			return err
		}
		ev, err := app.Do(models.ApplicationEvent{Action: kind.Action(), ActorID: actor.UserID(), At: now, Reason: d.Reason,
			InterviewID: &held.InterviewID})
		if err != nil {
			return err
		}
		if err := s.appendEvent(tx, &app, ev); err != nil {
			return err
		}
		return s.audit(tx, actor, "hold.decided", "application", idText(appID), "hold decision: "+string(kind))
	})
}

// HoldItem is an application on hold, as the admins' list shows it.
type HoldItem struct {
	ApplicationID   int64
	Kind            models.ApplicationKind
	WorkerID        int64
	WorkerName      string
	EmployerID      int64
	EmployerName    string
	MissionName     string
	Since           time.Time
	InterviewID     int64
	InterviewerName string
	Outcome         models.InterviewOutcome
	ReferralPartner models.ReferralPartner
}

// Holds lists the applications on hold, longest waiting first (admins). The
// list shows each worker's outcome and referral partner: the view is written
// to each worker's access log.
func (s *Holds) List(ctx context.Context, actor models.Actor) ([]HoldItem, error) {
	if err := actor.Require(models.PermHoldDecide); err != nil {
		return nil, err
	}
	var out []HoldItem
	err := s.transact(ctx, func(tx *gorm.DB) error {
		var err error
		if out, err = s.holds(tx); err != nil {
			return err
		}
		for _, h := range out {
			if err := s.audit(tx, actor, auditHoldsView, "worker", idText(h.WorkerID),
				"holds list viewed (application "+idText(h.ApplicationID)+")"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s *core) holds(db *gorm.DB) ([]HoldItem, error) {
	var rows []applicationRow
	if err := db.Where("status = ?", models.ApplicationOnHold).Order("updated_at, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("applications on hold: %w", err)
	}
	n, err := loadNames(db)
	if err != nil {
		return nil, err
	}
	out := make([]HoldItem, 0, len(rows))
	for _, row := range rows {
		_, app, err := s.loadApplication(db, row.ID, false)
		if err != nil {
			return nil, err
		}
		held, err := heldInterview(db, app)
		if err != nil {
			return nil, err
		}
		w, err := s.worker(db, app.WorkerID)
		if err != nil {
			return nil, err
		}
		item := HoldItem{ApplicationID: app.ID, Kind: app.Kind, WorkerID: w.ID, WorkerName: w.FullName(), EmployerID: app.EmployerID,
			Since: row.UpdatedAt, InterviewID: held.InterviewID, InterviewerName: n.users[held.InterviewerID], Outcome: held.Outcome}
		item.EmployerName, item.MissionName = n.employer(&app.EmployerID)
		for i := len(app.Events) - 1; i >= 0; i-- {
			if e := app.Events[i]; e.Action == models.ActionRecordInterviewConcerns || e.Action == models.ActionRecordInterviewReferral {
				item.Since = e.At
				break
			}
		}
		if held.HasReferral {
			var ref referralRow
			if err := db.Where("interview_id = ?", held.InterviewID).First(&ref).Error; err != nil {
				return nil, fmt.Errorf("referral of interview %d: %w", held.InterviewID, err)
			}
			item.ReferralPartner = ref.Partner
		}
		out = append(out, item)
	}
	return out, nil
}

// HoldInfo is what the admin deciding on a hold needs on the application
// page: which interview, whether a referral exists, and whether this admin
// may release it. It carries no interview content.
type HoldInfo struct {
	InterviewID     int64
	InterviewerName string
	HasReferral     bool
	// SamePerson: the reader held or recorded the interview, so another
	// admin must release the hold.
	SamePerson bool
	// Cleared: the interviewer cleared the worker against the evidence,
	// and the hold waits for a second admin's review of the clearance.
	Cleared bool
}

// holdInfo returns the hold information for a reader who decides holds,
// nil otherwise or when the application is not on hold.
func (s *core) holdInfo(tx *gorm.DB, actor models.Actor, app models.Application) (*HoldInfo, error) {
	if actor.User == nil || !actor.User.Can(models.PermHoldDecide) {
		return nil, nil
	}
	if status, _ := models.StatusOf(app.Events); status != models.ApplicationOnHold {
		return nil, nil
	}
	held, err := heldInterview(tx, app)
	if err != nil {
		return nil, err
	}
	names, err := userNames(tx)
	if err != nil {
		return nil, err
	}
	return &HoldInfo{InterviewID: held.InterviewID, InterviewerName: names[held.InterviewerID], HasReferral: held.HasReferral,
		SamePerson: actor.User.ID == held.InterviewerID || actor.User.ID == held.RecordedByID,
		Cleared:    held.Outcome == models.OutcomeCleared}, nil
}
