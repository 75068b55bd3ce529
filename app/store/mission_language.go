package store

import (
	"context"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// ChangeLanguage changes the language the Directorate writes to a mission in
// (its letters' default), as a new version of the mission with who, when and
// why (issue 13).
func (s *Missions) ChangeLanguage(ctx context.Context, actor models.Actor, id int64, language string, ch models.ChangeRequest) (*models.Mission, error) {
	if err := actor.Require(models.PermMissionManage); err != nil {
		return nil, err
	}
	var out models.Mission
	err := s.transact(ctx, func(tx *gorm.DB) error {
		cur, err := get[models.Mission, missionRow](s.core, tx, "mission", id, true)
		if err != nil {
			return err
		}
		m, changes, err := models.ChangeMissionLanguage(*cur, language, ch)
		if err != nil {
			return err
		}
		ch.Normalize()
		now := s.now()
		v, err := s.appendVersion(tx, actor, models.RecordVersion{Entity: models.EntityMission, EntityID: id, Kind: ch.Kind,
			Action: "edit", Reason: ch.Reason, Changes: changes}, now)
		if err != nil {
			return err
		}
		m.UpdatedAt = now
		if err := updateRecord(tx, (*missionRow)(&m), id, v.Version, "language", "updated_at"); err != nil {
			return err
		}
		out = m
		return s.audit(tx, actor, "mission.language_changed", "mission", idText(id), "mission's letter language set to "+m.Language)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
