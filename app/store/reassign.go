package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// Reassign hands the scheduled interview interviewID to another
// interviewer, by an admin's decision with a reason (the booked interviewer
// is away). The appointment is fixed once booked (migration 00005), so the
// reassignment is a new appointment, same room, same interpreter, at the
// same time, past or not (models.ReassignedTime: the new interviewer records
// what was held then), or at the new time the admin gives, that replaces it in the history
// (reschedule_interview, by the admin); only the new interviewer can then
// record it (models.CanRecordInterview). The old appointment is cancelled
// in the calendar in the same transaction; an overlap of the new
// interviewer's bookings is refused (422, or 409 when a concurrent booking
// won), never an internal error.
func (s *Interviews) Reassign(ctx context.Context, actor models.Actor, interviewID int64, r models.Reassignment) (*models.Interview, error) {
	if err := actor.Require(models.PermInterviewReassign); err != nil {
		return nil, err
	}
	var out *models.Interview
	err := s.transact(ctx, func(tx *gorm.DB) error {
		iv, err := s.interview(tx, interviewID)
		if err != nil {
			return err
		}
		_, app, err := s.loadApplication(tx, iv.ApplicationID, true)
		if err != nil {
			return err
		}
		if current := scheduledInterviewID(app.Events); current != iv.ID {
			return models.Fail(models.KindConflict, "interview_replaced", "This appointment was rescheduled; reassign the current one.")
		}
		if err := models.CanReassignInterview(actor, *iv, r); err != nil {
			return err
		}
		interviewer, err := s.userByID(tx, r.InterviewerID)
		if err != nil || !interviewer.Active || !interviewer.HasRole(models.RoleInterviewer) {
			var v models.Validation
			v.Add("interviewer_id", "not_an_interviewer", "Choose an active interviewer.")
			return v.Err()
		}
		now := s.now()
		at, err := models.ReassignedTime(*iv, r, now)
		if err != nil {
			return err
		}
		next := &models.Interview{ApplicationID: iv.ApplicationID, InterviewerID: r.InterviewerID, ScheduledAt: at.UTC(),
			Room: iv.Room, ScheduledByID: actor.UserID(), CreatedAt: now}
		// The old appointment frees its time and room first (the calendar
		// refuses overlapping bookings, migration 00017), then the new one
		// is checked against the new interviewer's other bookings.
		if err := s.cancelBooking(tx, iv.ID, "reassigned to another interviewer: "+strings.TrimSpace(r.Reason)); err != nil {
			return err
		}
		w := models.Window{From: next.ScheduledAt, To: next.ScheduledAt.Add(models.InterviewDuration)}
		existing, err := s.activeBookings(tx, w)
		if err != nil {
			return err
		}
		if err := models.BookingConflicts(models.Booking{InterviewerID: next.InterviewerID, WorkerID: app.WorkerID, Room: next.Room, Window: w}, existing); err != nil {
			return err
		}
		row := interviewRowOf(*next)
		if err := tx.Create(&row).Error; err != nil {
			return bookingError(fmt.Errorf("reassign interview %d: %w", interviewID, err))
		}
		next.ID = row.ID
		if err := s.bookingWritten(tx, *next, app.WorkerID); err != nil {
			return err
		}
		if booked, err := s.bookedInterpreter(tx, interviewID); err != nil {
			return err
		} else if booked != nil {
			if err := s.setInterpreter(tx, next.ID, booked.Language, booked.NameOrService); err != nil {
				return err
			}
		}
		ev, err := app.Do(models.ApplicationEvent{Action: models.ActionRescheduleInterview, ActorID: actor.UserID(), At: now, InterviewID: &next.ID})
		if err != nil {
			return err
		}
		if err := s.appendEvent(tx, &app, ev); err != nil {
			return err
		}
		out = next
		return s.audit(tx, actor, "interview.reassigned", "application", idText(iv.ApplicationID),
			fmt.Sprintf("interview %d reassigned as %d to user %d: %s", interviewID, next.ID, r.InterviewerID, strings.TrimSpace(r.Reason)))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReassignChoice is what the reassignment page shows: the appointment and
// the active interviewers it may be handed to.
type ReassignChoice struct {
	Interview    models.Interview
	Interviewers []*models.User
}

// ReassignChoices prepares the reassignment page of interview interviewID.
func (s *Interviews) ReassignChoices(ctx context.Context, actor models.Actor, interviewID int64) (*ReassignChoice, error) {
	if err := actor.Require(models.PermInterviewReassign); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	iv, err := s.interview(db, interviewID)
	if err != nil {
		return nil, err
	}
	ivs, err := s.usersWhere(db.Where("active AND id IN (SELECT user_id FROM user_roles WHERE role = ?)", models.RoleInterviewer).Order("name"))
	if err != nil {
		return nil, err
	}
	return &ReassignChoice{Interview: *iv, Interviewers: ivs}, nil
}
