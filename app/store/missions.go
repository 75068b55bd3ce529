package store

import (
	"context"
	"fmt"
	"time"

	"github.com/carddesk/carddesk/models"
	"gorm.io/gorm"
)

// CreateMission registers a mission.
func (s *Missions) Create(ctx context.Context, actor models.Actor, m *models.Mission) error {
	if err := actor.Require(models.PermMissionManage); err != nil {
		return err
	}
	m.Normalize()
	if m.Status == "" {
		m.Status = models.MissionActive
	}
	if err := m.Validate(); err != nil {
		return err
	}
	now := s.now()
	m.ID, m.CreatedAt, m.UpdatedAt = 0, now, now
	return s.transact(ctx, func(tx *gorm.DB) error {
		if err := tx.Create((*missionRow)(m)).Error; err != nil {
			return fmt.Errorf("create mission: %w", err)
		}
		return s.audit(tx, actor, "mission.created", "mission", idText(m.ID), "mission registered")
	})
}

// CloseMission records that a mission closed on a day: its employers can no
// longer have applications submitted.
func (s *Missions) Close(ctx context.Context, actor models.Actor, id int64, on time.Time) error {
	if err := actor.Require(models.PermMissionManage); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		m, err := s.mission(tx, id)
		if err != nil {
			return err
		}
		if !m.Active() {
			return models.Fail(models.KindConflict, "mission_closed", "This mission is already closed.")
		}
		day := today(on)
		if err := tx.Model(&missionRow{ID: id}).Updates(map[string]any{"status": models.MissionClosed, "closed_on": day, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("close mission %d: %w", id, err)
		}
		return s.audit(tx, actor, "mission.closed", "mission", idText(id), "mission closed on "+day.Format(time.DateOnly))
	})
}

// Mission returns one mission.
func (s *Missions) Get(ctx context.Context, actor models.Actor, id int64) (*models.Mission, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	return s.mission(s.db.WithContext(ctx), id)
}

// Missions lists missions by name.
func (s *Missions) List(ctx context.Context, actor models.Actor) ([]models.Mission, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	return find[models.Mission, missionRow](s.db.WithContext(ctx).Order("status, name"), "missions")
}
