package store

import (
	"context"
	"fmt"
	"time"

	"github.com/carddesk/carddesk/models"
)

// ScheduleInterview books the private interview of an application with an
// interviewer, at a time and in a room, with no interpreter; see
// BookInterview.
func (s *Interviews) Schedule(ctx context.Context, actor models.Actor, appID, interviewerID int64, at time.Time, room string) (*models.Interview, error) {
	return s.Book(ctx, actor, appID, models.InterviewBooking{InterviewerID: interviewerID, At: at, Room: room})
}

// RecordInterview (interview_record.go) records the interview in full.

// scheduledInterviewID is the interview named by the latest (re)scheduling,
// 0 when a cancellation followed it.
func scheduledInterviewID(events []models.ApplicationEvent) int64 {
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		if e.Action == models.ActionCancelInterview {
			return 0
		}
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
func (s *Interviews) ToRecord(ctx context.Context, actor models.Actor, interviewerID int64) ([]InterviewTask, error) {
	if err := actor.Require(models.PermInterviewRecord); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	q := db.Table("interviews i").Select("i.*, "+workerNameSQL+" AS worker_name, w.id AS worker_id, a.status AS status").
		Joins("JOIN applications a ON a.id = i.application_id").Joins("JOIN workers w ON w.id = a.worker_id").
		Where("i.recorded_at IS NULL AND a.status = ?", models.ApplicationInterviewScheduled)
	if interviewerID > 0 {
		q = q.Where("i.interviewer_id = ?", interviewerID)
	}
	var rows []InterviewTask
	if err := q.Order("i.scheduled_at").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("interviews to record: %w", err)
	}
	// Keep only each application's current appointment.
	out := rows[:0]
	for _, r := range rows {
		events, err := find[models.ApplicationEvent, eventRow](db.Where("application_id = ?", r.ApplicationID).Order("seq"), "application events")
		if err != nil {
			return nil, err
		}
		if scheduledInterviewID(events) == r.ID {
			out = append(out, r)
		}
	}
	return out, nil
}

// Interviewers lists active accounts with the interviewer role.
func (s *Users) Interviewers(ctx context.Context, actor models.Actor) ([]*models.User, error) {
	if err := actor.Require(models.PermInterviewSchedule); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	return s.usersWhere(db.Where("active AND id IN (SELECT user_id FROM user_roles WHERE role = ?)", models.RoleInterviewer).Order("name"))
}
