package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// The calendar of the private interviews (issue 13; migration 00017): the
// rooms, the interviewers' weekly hours, the bookings of a week, the free
// slots proposed when booking, and the rule that nobody and no room is
// booked twice for overlapping times (models.BookingConflicts), checked
// here inside the booking's transaction and, on PostgreSQL, by an exclusion
// constraint.

// bookingRow is an appointment as the calendar reads it.
type bookingRow struct {
	ID            int64
	ApplicationID int64
	InterviewerID int64
	Room          string
	ScheduledAt   time.Time
	EndsAt        *time.Time
	WorkerID      int64
	CancelledAt   *time.Time
	CancelReason  string
}

func (r bookingRow) booking() models.Booking {
	end := r.ScheduledAt.Add(models.InterviewDuration)
	if r.EndsAt != nil {
		end = *r.EndsAt
	}
	return models.Booking{InterviewID: r.ID, ApplicationID: r.ApplicationID, InterviewerID: r.InterviewerID, WorkerID: r.WorkerID,
		Room: r.Room, Window: models.Window{From: r.ScheduledAt.UTC(), To: end.UTC()}}
}

// bookingsQuery selects the appointments (the application's worker for rows
// older than 00017) starting in [from, to).
func bookingsQuery(tx *gorm.DB, from, to time.Time) *gorm.DB {
	return tx.Table("interviews i").Joins("JOIN applications a ON a.id = i.application_id").
		Select("i.id, i.application_id, i.interviewer_id, i.room, i.scheduled_at, i.ends_at, a.worker_id, i.cancelled_at, i.cancel_reason").
		Where("i.supersedes_id IS NULL AND i.scheduled_at >= ? AND i.scheduled_at < ?", from.UTC(), to.UTC())
}

// activeBookings are the bookings not cancelled nor recorded (an interview
// recorded is over and frees its time) that overlap w.
func (s *core) activeBookings(tx *gorm.DB, w models.Window) ([]models.Booking, error) {
	var rows []bookingRow
	// A booking starting up to a day before w may still run into it.
	if err := bookingsQuery(tx, w.From.Add(-24*time.Hour), w.To).Where("i.cancelled_at IS NULL AND i.recorded_at IS NULL").Order("i.scheduled_at, i.id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("bookings: %w", err)
	}
	var out []models.Booking
	for _, r := range rows {
		if b := r.booking(); b.Overlaps(w) {
			out = append(out, b)
		}
	}
	return out, nil
}

// currentBooking is the appointment the application waits for: the one
// its latest (re)scheduling named, unless a cancellation followed.
func currentBooking(events []models.ApplicationEvent) int64 { return scheduledInterviewID(events) }

// prepareBooking runs before a booking's row is written: the appointment the
// application waited for, if any, is cancelled (a reschedule keeps its row
// and says so), then the new one is checked against the calendar.
func (s *core) prepareBooking(tx *gorm.DB, app models.Application, iv models.Interview) error {
	if id := currentBooking(app.Events); id > 0 {
		if err := s.cancelBooking(tx, id, "rescheduled"); err != nil {
			return err
		}
	}
	w := models.Window{From: iv.ScheduledAt.UTC(), To: iv.ScheduledAt.UTC().Add(models.InterviewDuration)}
	existing, err := s.activeBookings(tx, w)
	if err != nil {
		return err
	}
	return models.BookingConflicts(models.Booking{InterviewerID: iv.InterviewerID, WorkerID: app.WorkerID, Room: iv.Room, Window: w}, existing)
}

// bookingWritten completes a new booking's row: its end and its worker.
func (s *core) bookingWritten(tx *gorm.DB, iv models.Interview, workerID int64) error {
	if err := tx.Table("interviews").Where("id = ?", iv.ID).Updates(map[string]any{
		"ends_at": iv.ScheduledAt.UTC().Add(models.InterviewDuration), "worker_id": workerID}).Error; err != nil {
		return bookingError(fmt.Errorf("booking %d: %w", iv.ID, err))
	}
	return nil
}

// cancelBooking frees an appointment not held, keeping its row.
func (s *core) cancelBooking(tx *gorm.DB, interviewID int64, reason string) error {
	if err := tx.Table("interviews").Where("id = ? AND recorded_at IS NULL AND cancelled_at IS NULL", interviewID).
		Updates(map[string]any{"cancelled_at": s.now(), "cancel_reason": reason}).Error; err != nil {
		return fmt.Errorf("cancel booking %d: %w", interviewID, err)
	}
	return nil
}

// releaseBooking frees the appointment of an application that closed while
// waiting for it (withdrawn, rejected).
func (s *core) releaseBooking(tx *gorm.DB, app models.Application, reason string) error {
	if id := currentBooking(app.Events); id > 0 {
		return s.cancelBooking(tx, id, reason)
	}
	return nil
}

// ErrBookingOverlap is the conflict of two bookings committed at the same
// moment for the same interviewer, room or worker: the database's exclusion
// constraint refused the second.
func ErrBookingOverlap() *models.Error {
	return models.Fail(models.KindConflict, models.CodeBookingOverlap,
		"Someone booked this interviewer, room or worker for an overlapping time at the same moment; choose another time.")
}

// bookingError turns PostgreSQL's exclusion violation into ErrBookingOverlap.
func bookingError(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23P01" {
		return ErrBookingOverlap()
	}
	return err
}

// CancelInterview cancels the appointment an application waits for, with a
// reason kept in its history; the application waits for a booking again.
func (s *Interviews) Cancel(ctx context.Context, actor models.Actor, appID int64, reason string) error {
	if err := actor.Require(models.PermInterviewSchedule); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		_, app, err := s.loadApplication(tx, appID, true)
		if err != nil {
			return err
		}
		id := currentBooking(app.Events)
		ev, err := app.Do(models.ApplicationEvent{Action: models.ActionCancelInterview, ActorID: actor.UserID(), At: s.now(), Reason: reason, InterviewID: &id})
		if err != nil {
			return err
		}
		if err := s.cancelBooking(tx, id, "cancelled: "+ev.Reason); err != nil {
			return err
		}
		if err := s.appendEvent(tx, &app, ev); err != nil {
			return err
		}
		return s.audit(tx, actor, "interview.cancelled", "application", idText(appID), "interview "+idText(id)+" cancelled")
	})
}

// --- Rooms and weekly hours

// Room is one of the Directorate's rooms for the private interviews.
type Room struct {
	ID        int64
	Name      string
	Active    bool
	CreatedAt time.Time
}

func (Room) TableName() string { return "interview_rooms" }

// Rooms lists the rooms in use, by name.
func (s *Calendar) Rooms(ctx context.Context, actor models.Actor) ([]Room, error) {
	if err := actor.Require(models.PermInterviewSchedule); err != nil {
		return nil, err
	}
	return s.rooms(s.db.WithContext(ctx))
}

func (s *core) rooms(tx *gorm.DB) ([]Room, error) {
	var out []Room
	if err := tx.Where("active").Order("name, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("rooms: %w", err)
	}
	return out, nil
}

// AddRoom adds a room to the calendar.
func (s *Calendar) AddRoom(ctx context.Context, actor models.Actor, name string) (*Room, error) {
	if err := actor.Require(models.PermInterviewSchedule); err != nil {
		return nil, err
	}
	r := &Room{Name: strings.TrimSpace(name), Active: true, CreatedAt: s.now()}
	if r.Name == "" {
		var v models.Validation
		v.Add("name", "required", "Enter the room's name as the summons should print it.")
		return nil, v.Err()
	}
	err := s.transact(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(r).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				var v models.Validation
				v.Add("name", "taken", "This room is listed already.")
				return v.Err()
			}
			return fmt.Errorf("add room: %w", err)
		}
		return s.audit(tx, actor, "room.added", "room", idText(r.ID), "interview room added")
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

type availabilityRow struct {
	ID            int64
	InterviewerID int64
	Weekday       int
	FromMinute    int
	ToMinute      int
	CreatedAt     time.Time
}

func (availabilityRow) TableName() string { return "interviewer_availability" }

// Availability lists every interviewer's weekly hours, by interviewer, day
// and time.
func (s *Calendar) Availability(ctx context.Context, actor models.Actor) ([]models.Availability, error) {
	if err := actor.Require(models.PermInterviewSchedule); err != nil {
		return nil, err
	}
	return s.availability(s.db.WithContext(ctx))
}

func (s *core) availability(tx *gorm.DB) ([]models.Availability, error) {
	var rows []availabilityRow
	if err := tx.Table("interviewer_availability v").Select("v.*").Joins("JOIN users u ON u.id = v.interviewer_id").
		Where("u.active").Order("u.name, v.interviewer_id, v.weekday, v.from_minute").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("availability: %w", err)
	}
	out := make([]models.Availability, len(rows))
	for i, r := range rows {
		out[i] = models.Availability{InterviewerID: r.InterviewerID, Weekday: time.Weekday(r.Weekday), FromMinute: r.FromMinute, ToMinute: r.ToMinute}
	}
	return out, nil
}

// AddAvailability adds a span to an interviewer's weekly hours.
func (s *Calendar) AddAvailability(ctx context.Context, actor models.Actor, a models.Availability) error {
	if err := actor.Require(models.PermInterviewSchedule); err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		u, err := s.userByID(tx, a.InterviewerID)
		if err != nil || !u.Active || !u.HasRole(models.RoleInterviewer) {
			var v models.Validation
			v.Add("interviewer_id", "not_an_interviewer", "Choose an active interviewer.")
			return v.Err()
		}
		row := availabilityRow{InterviewerID: a.InterviewerID, Weekday: int(a.Weekday), FromMinute: a.FromMinute, ToMinute: a.ToMinute, CreatedAt: s.now()}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("add availability: %w", err)
		}
		return s.audit(tx, actor, "availability.added", "user", idText(a.InterviewerID), "weekly hours added")
	})
}

// Proposals are up to n free slots for application appID's interview in the
// next two weeks (models.FreeSlots), loc deciding the days.
func (s *Calendar) Proposals(ctx context.Context, actor models.Actor, appID int64, loc *time.Location, n int) ([]models.Slot, error) {
	if err := actor.Require(models.PermInterviewSchedule); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	_, app, err := s.loadApplication(db, appID, false)
	if err != nil {
		return nil, err
	}
	avail, err := s.availability(db)
	if err != nil {
		return nil, err
	}
	rooms, err := s.rooms(db)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(rooms))
	for i, r := range rooms {
		names[i] = r.Name
	}
	const days = 14
	from := s.now().Add(time.Hour)
	busy, err := s.activeBookings(db, models.Window{From: from, To: from.AddDate(0, 0, days+1)})
	if err != nil {
		return nil, err
	}
	// The application's own booking is what a proposal would replace.
	cur := currentBooking(app.Events)
	kept := busy[:0]
	for _, b := range busy {
		if b.InterviewID != cur {
			kept = append(kept, b)
		}
	}
	return models.FreeSlots(avail, kept, names, app.WorkerID, from, days, loc, n), nil
}

// CalendarEntry is one booking on the week's calendar: when, where, with
// whom, for which application; never anything of the interview itself.
type CalendarEntry struct {
	InterviewID     int64
	ApplicationID   int64
	InterviewerID   int64
	InterviewerName string
	WorkerID        int64
	WorkerName      string
	Room            string
	Window          models.Window
	Held            bool
	Cancelled       bool
	CancelReason    string
}

// Week lists the bookings starting in w, cancelled ones included (marked),
// by time.
func (s *Calendar) Week(ctx context.Context, actor models.Actor, w models.Window) ([]CalendarEntry, error) {
	if err := actor.Require(models.PermInterviewSchedule); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	var rows []struct {
		ID            int64
		ApplicationID int64
		InterviewerID int64
		Room          string
		ScheduledAt   time.Time
		EndsAt        *time.Time
		WorkerID      int64
		CancelledAt   *time.Time
		CancelReason  string
		RecordedAt    *time.Time
		WorkerName    string
	}
	if err := bookingsQuery(db, w.From, w.To).Joins("JOIN workers w ON w.id = a.worker_id").
		Select("i.id, i.application_id, i.interviewer_id, i.room, i.scheduled_at, i.ends_at, a.worker_id, i.cancelled_at, i.cancel_reason, i.recorded_at, w.family_name || ', ' || w.given_names AS worker_name").
		Order("i.scheduled_at, i.id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	names, err := userNames(db)
	if err != nil {
		return nil, err
	}
	out := make([]CalendarEntry, len(rows))
	for i, r := range rows {
		b := bookingRow{ID: r.ID, ApplicationID: r.ApplicationID, InterviewerID: r.InterviewerID, Room: r.Room, ScheduledAt: r.ScheduledAt,
			EndsAt: r.EndsAt, WorkerID: r.WorkerID}.booking()
		out[i] = CalendarEntry{InterviewID: r.ID, ApplicationID: r.ApplicationID, InterviewerID: r.InterviewerID, InterviewerName: names[r.InterviewerID],
			WorkerID: r.WorkerID, WorkerName: strings.TrimSuffix(r.WorkerName, ", "), Room: r.Room, Window: b.Window,
			Held: r.RecordedAt != nil, Cancelled: r.CancelledAt != nil, CancelReason: r.CancelReason}
	}
	return out, nil
}

// Appointment is what the interviewer's calendar file carries: the time,
// the room, the application; no worker's name (a calendar file travels to
// phones and mail servers) and nothing of the interview.
type Appointment struct {
	InterviewID   int64
	ApplicationID int64
	Room          string
	Window        models.Window
	Cancelled     bool
	Address       string
}

// Appointment returns an interview's booking for its interviewer's
// calendar; only the interviewer booked may have it.
func (s *Calendar) Appointment(ctx context.Context, actor models.Actor, interviewID int64) (*Appointment, error) {
	if err := actor.Require(models.PermInterviewRecord); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	var rows []bookingRow
	if err := db.Table("interviews i").Joins("JOIN applications a ON a.id = i.application_id").
		Select("i.id, i.application_id, i.interviewer_id, i.room, i.scheduled_at, i.ends_at, a.worker_id, i.cancelled_at, i.cancel_reason").
		Where("i.id = ?", interviewID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("appointment %d: %w", interviewID, err)
	}
	if len(rows) == 0 {
		return nil, notFound("interview")
	}
	r := rows[0]
	if !actor.IsSystem() && r.InterviewerID != actor.UserID() {
		return nil, models.Fail(models.KindForbidden, "not_your_interview", "Only the interviewer booked for this interview gets its calendar file.")
	}
	addr := s.opts.Summons.Address
	if addr == "" {
		addr = DefaultSummonsAddress
	}
	return &Appointment{InterviewID: r.ID, ApplicationID: r.ApplicationID, Room: r.Room, Window: r.booking().Window,
		Cancelled: r.CancelledAt != nil, Address: addr}, nil
}
