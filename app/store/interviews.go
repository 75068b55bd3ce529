package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// ScheduleInterview books the private interview of an application with an
// interviewer, at a time and in a room. Scheduling again reschedules: the
// earlier, unheld appointment is replaced in the history.
func (s *Store) ScheduleInterview(ctx context.Context, actor models.Actor, appID, interviewerID int64, at time.Time, room string) (*models.Interview, error) {
	if err := actor.Require(models.PermInterviewSchedule); err != nil {
		return nil, err
	}
	iv := &models.Interview{ApplicationID: appID, InterviewerID: interviewerID, ScheduledAt: at.UTC(),
		Room: strings.TrimSpace(room), ScheduledByID: actor.UserID(), CreatedAt: s.now()}
	err := s.transact(ctx, func(tx *gorm.DB) error {
		_, app, err := s.loadApplication(tx, appID, true)
		if err != nil {
			return err
		}
		interviewer, err := s.userByID(tx, interviewerID)
		if err != nil || !interviewer.Active || !interviewer.HasRole(models.RoleInterviewer) {
			var v models.Validation
			v.Add("interviewer_id", "not_an_interviewer", "Choose an active interviewer.")
			return v.Err()
		}
		if err := iv.ValidateSchedule(s.now()); err != nil {
			return err
		}
		if err := tx.Create(iv).Error; err != nil {
			return fmt.Errorf("create interview: %w", err)
		}
		ev, err := app.ScheduleInterview(*iv, actor.UserID(), s.now())
		if err != nil {
			return err
		}
		if err := s.appendEvent(tx, &app, ev); err != nil {
			return err
		}
		return s.audit(tx, actor, "interview.scheduled", "application", idText(appID), "interview "+idText(iv.ID)+" scheduled")
	})
	if err != nil {
		return nil, err
	}
	return iv, nil
}

// RecordInterview records the private interview as held, with the attestation
// that neither the employer nor anyone from the mission was present, and its
// outcome; the application follows (approved, or on hold).
func (s *Store) RecordInterview(ctx context.Context, actor models.Actor, interviewID int64, r models.InterviewRecord) (*models.Interview, error) {
	if err := actor.Require(models.PermInterviewRecord); err != nil {
		return nil, err
	}
	r.RecordedByID = actor.UserID()
	var iv *models.Interview
	err := s.transact(ctx, func(tx *gorm.DB) error {
		var err error
		if iv, err = first[models.Interview](tx, "interview", interviewID, false); err != nil {
			return err
		}
		_, app, err := s.loadApplication(tx, iv.ApplicationID, true)
		if err != nil {
			return err
		}
		// Only the interview the application is waiting for can be recorded:
		// a rescheduled appointment is replaced by the later one.
		if current := scheduledInterviewID(app.Events); current != iv.ID {
			return models.Errorf(models.KindConflict, "interview_replaced", "This appointment was rescheduled; record the current one.")
		}
		ev, err := app.RecordInterview(iv, r, s.now())
		if err != nil {
			return err
		}
		if err := tx.Model(iv).Select("held_at", "recorded_by_id", "recorded_at", "employer_absent", "outcome").Updates(iv).Error; err != nil {
			return fmt.Errorf("record interview: %w", err)
		}
		if err := s.appendEvent(tx, &app, ev); err != nil {
			return err
		}
		// The outcome is confidential: the audit says only that it was recorded.
		return s.audit(tx, actor, "interview.recorded", "application", idText(iv.ApplicationID), "interview "+idText(iv.ID)+" recorded")
	})
	if err != nil {
		return nil, err
	}
	return iv, nil
}

// scheduledInterviewID is the interview named by the latest (re)scheduling.
func scheduledInterviewID(events []models.ApplicationEvent) int64 {
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		if (e.Action == models.ActionScheduleInterview || e.Action == models.ActionRescheduleInterview) && e.InterviewID != nil {
			return *e.InterviewID
		}
	}
	return 0
}

// InterviewTask is an interview on an interviewer's list.
type InterviewTask struct {
	models.Interview
	WorkerName string
	WorkerID   int64
	Status     models.ApplicationStatus
}

// InterviewsToRecord lists the scheduled, unrecorded interviews of
// interviewerID (all interviewers when 0), soonest first.
func (s *Store) InterviewsToRecord(ctx context.Context, actor models.Actor, interviewerID int64) ([]InterviewTask, error) {
	if err := actor.Require(models.PermInterviewRecord); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	q := db.Table("interviews i").Select("i.*, w.family_name || ', ' || w.given_names AS worker_name, w.id AS worker_id, a.status AS status").
		Joins("JOIN applications a ON a.id = i.application_id").Joins("JOIN workers w ON w.id = a.worker_id").
		Where("i.recorded_at IS NULL AND a.status = ?", models.ApplicationInterviewScheduled)
	if interviewerID > 0 {
		q = q.Where("i.interviewer_id = ?", interviewerID)
	}
	var rows []InterviewTask
	if err := q.Order("i.scheduled_at").Scan(&rows).Error; err != nil {
		return nil, err
	}
	// Keep only each application's current appointment.
	out := rows[:0]
	for _, r := range rows {
		var events []models.ApplicationEvent
		if err := db.Where("application_id = ?", r.ApplicationID).Order("seq").Find(&events).Error; err != nil {
			return nil, err
		}
		if scheduledInterviewID(events) == r.ID {
			out = append(out, r)
		}
	}
	return out, nil
}

// Interviewers lists active accounts with the interviewer role.
func (s *Store) Interviewers(ctx context.Context, actor models.Actor) ([]*models.User, error) {
	if err := actor.Require(models.PermInterviewSchedule); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	var users []*models.User
	if err := db.Where("active AND id IN (SELECT user_id FROM user_roles WHERE role = ?)", models.RoleInterviewer).Order("name").Find(&users).Error; err != nil {
		return nil, err
	}
	if err := s.loadRoles(db, users...); err != nil {
		return nil, err
	}
	return slices.Clip(users), nil
}

// InterviewForRecording returns an interview awaiting its record, with the
// worker's name, for the interviewer's form.
func (s *Store) InterviewForRecording(ctx context.Context, actor models.Actor, id int64) (*InterviewTask, error) {
	if err := actor.Require(models.PermInterviewRecord); err != nil {
		return nil, err
	}
	var t InterviewTask
	err := s.db.WithContext(ctx).Table("interviews i").Select("i.*, w.family_name || ', ' || w.given_names AS worker_name, w.id AS worker_id, a.status AS status").
		Joins("JOIN applications a ON a.id = i.application_id").Joins("JOIN workers w ON w.id = a.worker_id").
		Where("i.id = ?", id).Scan(&t).Error
	if err != nil {
		return nil, err
	}
	if t.ID == 0 {
		return nil, notFound("interview")
	}
	return &t, nil
}
