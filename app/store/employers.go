package store

import (
	"context"
	"fmt"

	"github.com/carddesk/carddesk/models"
	"gorm.io/gorm"
)

// CreateEmployer registers a member of a mission.
func (s *Employers) Create(ctx context.Context, actor models.Actor, e *models.Employer) error {
	if err := actor.Require(models.PermEmployerManage); err != nil {
		return err
	}
	e.Normalize()
	if err := e.ValidateEntry(s.today()); err != nil {
		return err
	}
	now := s.now()
	e.ID, e.CreatedAt, e.UpdatedAt = 0, now, now
	return s.transact(ctx, func(tx *gorm.DB) error {
		if _, err := s.mission(tx, e.MissionID); err != nil {
			var v models.Validation
			v.Add("mission_id", "required", "Choose the employer's mission.")
			return v.Err()
		}
		if err := tx.Create((*employerRow)(e)).Error; err != nil {
			return fmt.Errorf("create employer: %w", err)
		}
		return s.audit(tx, actor, "employer.created", "employer", idText(e.ID), "employer registered")
	})
}

// EmployerView is an employer with its mission.
type EmployerView struct {
	models.Employer
	Mission models.Mission
}

// Employer returns one employer with its mission.
func (s *Employers) Get(ctx context.Context, actor models.Actor, id int64) (*EmployerView, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	return s.employerView(s.db.WithContext(ctx), id)
}

// employerView loads an employer with its mission.
func (s *core) employerView(tx *gorm.DB, id int64) (*EmployerView, error) {
	e, err := s.employer(tx, id)
	if err != nil {
		return nil, err
	}
	m, err := s.mission(tx, e.MissionID)
	if err != nil {
		return nil, err
	}
	return &EmployerView{Employer: *e, Mission: *m}, nil
}

// Employers lists employers, of one mission when missionID > 0.
func (s *Employers) List(ctx context.Context, actor models.Actor, missionID int64) ([]EmployerView, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	q := db.Order("family_name, given_names, id")
	if missionID > 0 {
		q = q.Where("mission_id = ?", missionID)
	}
	emps, err := find[models.Employer, employerRow](q, "employers")
	if err != nil {
		return nil, err
	}
	missions, err := find[models.Mission, missionRow](db, "missions")
	if err != nil {
		return nil, err
	}
	byID := map[int64]models.Mission{}
	for _, m := range missions {
		byID[m.ID] = m
	}
	out := make([]EmployerView, len(emps))
	for i, e := range emps {
		out[i] = EmployerView{Employer: e, Mission: byID[e.MissionID]}
	}
	return out, nil
}
