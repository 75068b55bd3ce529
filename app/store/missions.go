package store

import (
	"context"
	"fmt"
	"strings"
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

// Close records that a mission closed on a day, with a reason, as a new
// version of the mission: its employers can no longer have applications
// submitted.
//
// Without confirm nothing changes: the answer is the consequence, the number
// of workers of its employers whose card in use can no longer be renewed.
func (s *Missions) Close(ctx context.Context, actor models.Actor, id int64, on time.Time, reason string, confirm bool) error {
	if err := actor.Require(models.PermMissionManage); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		cur, err := get[models.Mission, missionRow](s.core, tx, "mission", id, true)
		if err != nil {
			return err
		}
		m, changes, err := models.CloseMission(*cur, on, reason)
		if err != nil {
			return err
		}
		if !confirm {
			n, err := s.workersWithCardsInUse(tx.Joins("JOIN employers ON employers.id = cards.employer_id").
				Where("employers.mission_id = ?", id), s.today())
			if err != nil {
				return fmt.Errorf("cards of mission %d: %w", id, err)
			}
			return models.MissionCloseConsequence(n)
		}
		d := models.CalendarDay(on)
		_, err = s.saveMission(tx, actor, m, models.RecordVersion{Kind: models.ChangeUpdate, Action: "close",
			Reason: strings.TrimSpace(reason), Changes: changes, EffectiveOn: &d})
		return err
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
