package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// followUpRow is one step of a referral as stored (00017).
type followUpRow struct {
	ID               int64
	WorkerID         int64
	Partner          models.ReferralPartner
	Status           models.FollowUpStatus
	OnDate           time.Time
	PartnerReference string
	RecordedByID     int64
	RecordedAt       time.Time
}

func (followUpRow) TableName() string { return "referral_followups" }

func (r followUpRow) model() models.FollowUp {
	return models.FollowUp{ID: r.ID, WorkerID: r.WorkerID, Partner: r.Partner, Status: r.Status, On: r.OnDate.UTC(),
		PartnerReference: r.PartnerReference, RecordedByID: r.RecordedByID, RecordedAt: r.RecordedAt}
}

// Record appends a step to the referral of worker f.WorkerID to f.Partner,
// after the domain's check (models.CheckFollowUp), the reference sealed.
func (s *FollowUps) Record(ctx context.Context, actor models.Actor, f models.FollowUp) (*models.FollowUp, error) {
	if err := actor.Require(models.PermIndicatorRecord); err != nil {
		return nil, err
	}
	f.On = models.CalendarDay(f.On)
	f.PartnerReference = strings.TrimSpace(f.PartnerReference)
	err := s.transact(ctx, func(tx *gorm.DB) error {
		if _, err := s.worker(tx, f.WorkerID); err != nil {
			return err
		}
		var rows []followUpRow
		if err := s.forUpdate(tx).Where("worker_id = ? AND partner = ?", f.WorkerID, f.Partner).Order("on_date, id").Find(&rows).Error; err != nil {
			return fmt.Errorf("follow-up of worker %d: %w", f.WorkerID, err)
		}
		earlier := make([]models.FollowUp, len(rows))
		for i, r := range rows {
			earlier[i] = r.model()
		}
		if err := models.CheckFollowUp(f, earlier, s.local()); err != nil {
			return err
		}
		ref, err := s.sealText(f.PartnerReference, models.FollowUpReferenceAAD(f.WorkerID, f.Partner))
		if err != nil {
			return fmt.Errorf("seal follow-up reference: %w", err)
		}
		row := followUpRow{WorkerID: f.WorkerID, Partner: f.Partner, Status: f.Status, OnDate: f.On, PartnerReference: ref,
			RecordedByID: actor.UserID(), RecordedAt: s.now()}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("record follow-up: %w", err)
		}
		f.ID, f.RecordedByID, f.RecordedAt = row.ID, row.RecordedByID, row.RecordedAt
		// The audit names the worker and the step's number, not the partner
		// nor the status: they say what the interview found.
		return s.audit(tx, actor, "referral.followed_up", "worker", idText(f.WorkerID), "referral follow-up "+idText(row.ID)+" recorded")
	})
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// OfWorker returns a worker's referral lines with their steps, the
// references opened; the view is written to the worker's access log.
func (s *FollowUps) OfWorker(ctx context.Context, actor models.Actor, workerID int64) ([]models.FollowUpLine, error) {
	if err := actor.Require(models.PermIndicatorRead); err != nil {
		return nil, err
	}
	var lines []models.FollowUpLine
	err := s.transact(ctx, func(tx *gorm.DB) error {
		var rows []followUpRow
		if err := tx.Where("worker_id = ?", workerID).Order("on_date, id").Find(&rows).Error; err != nil {
			return fmt.Errorf("follow-ups of worker %d: %w", workerID, err)
		}
		steps := make([]models.FollowUp, len(rows))
		for i, r := range rows {
			steps[i] = r.model()
			steps[i].PartnerReference = s.openText(r.PartnerReference, models.FollowUpReferenceAAD(r.WorkerID, r.Partner))
		}
		lines = models.FollowUpLines(steps, s.local())
		return s.audit(tx, actor, auditOutcomeView, "worker", idText(workerID), "referral follow-up viewed")
	})
	return lines, err
}

// DueLine is a referral line due a reminder, with its worker's name.
type DueLine struct {
	models.FollowUpLine
	WorkerName string
}

// Due lists the open referral lines without news for the reminder period,
// oldest news first; no reference is opened.
func (s *FollowUps) Due(ctx context.Context, actor models.Actor) ([]DueLine, error) {
	if err := actor.Require(models.PermIndicatorRead); err != nil {
		return nil, err
	}
	return s.due(s.db.WithContext(ctx))
}

func (s *core) due(db *gorm.DB) ([]DueLine, error) {
	var rows []followUpRow
	if err := db.Select("id, worker_id, partner, status, on_date, recorded_by_id, recorded_at").Order("on_date, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("follow-ups due: %w", err)
	}
	steps := make([]models.FollowUp, len(rows))
	for i, r := range rows {
		steps[i] = r.model()
	}
	var out []DueLine
	for _, l := range models.FollowUpLines(steps, s.local()) {
		if !l.Due {
			continue
		}
		w, err := s.worker(db, l.WorkerID)
		if err != nil {
			return nil, err
		}
		out = append(out, DueLine{FollowUpLine: l, WorkerName: w.FullName()})
	}
	return out, nil
}
