package store

import (
	"context"
	"fmt"

	"github.com/carddesk/carddesk/models"
	"gorm.io/gorm"
)

// CreateEmployment records that a worker works for an employer.
func (s *Employments) Create(ctx context.Context, actor models.Actor, e *models.Employment) error {
	if err := actor.Require(models.PermWorkerManage); err != nil {
		return err
	}
	e.Normalize()
	now := s.now()
	var all models.Validation
	all.Merge(e.Validate())
	all.Merge(models.CheckEmploymentNotEnded(*e, now)) // issue 13: a posting ended in 2019 was accepted
	if err := all.Err(); err != nil {
		return err
	}
	e.ID, e.CreatedAt, e.UpdatedAt = 0, now, now
	return s.transact(ctx, func(tx *gorm.DB) error {
		var v models.Validation
		if _, err := s.worker(tx, e.WorkerID); err != nil {
			v.Add("worker_id", "required", "Choose the worker.")
		}
		if _, err := s.employer(tx, e.EmployerID); err != nil {
			v.Add("employer_id", "required", "Choose the employer.")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.Create((*employmentRow)(e)).Error; err != nil {
			return fmt.Errorf("create employment: %w", err)
		}
		return s.audit(tx, actor, "employment.created", "employment", idText(e.ID), "employment recorded for worker "+idText(e.WorkerID))
	})
}

// EmploymentView is an employment with its employer.
type EmploymentView struct {
	models.Employment
	Employer EmployerView
}

// Employments lists a worker's employments, newest first.
func (s *Employments) OfWorker(ctx context.Context, actor models.Actor, workerID int64) ([]EmploymentView, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	list, err := find[models.Employment, employmentRow](db.Where("worker_id = ?", workerID).Order("starts_on DESC, id DESC"), "employments")
	if err != nil {
		return nil, err
	}
	out := make([]EmploymentView, len(list))
	for i, e := range list {
		ev, err := s.employerView(db, e.EmployerID)
		if err != nil {
			return nil, err
		}
		out[i] = EmploymentView{Employment: e, Employer: *ev}
	}
	return out, nil
}
