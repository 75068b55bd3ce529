package models

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The calendar of the private interviews (issue 13): the Directorate's rooms,
// the interviewers' weekly hours, and the rule that no interviewer, room or
// worker is booked twice for overlapping times. The database backs the rule
// on PostgreSQL (an exclusion constraint); the store checks it in the
// booking's transaction on both engines (BookingConflicts).

// InterviewDuration is how long an appointment holds its interviewer, room
// and worker: the interview, the interpreter's briefing and the record.
const InterviewDuration = 60 * time.Minute

// CodeBookingOverlap is the code of a booking refused because the
// interviewer, the room or the worker is already booked at that time.
const CodeBookingOverlap = "booking_overlap"

// Booking is an appointment as the calendar sees it: who, where, when.
type Booking struct {
	InterviewID   int64
	ApplicationID int64
	InterviewerID int64
	WorkerID      int64
	Room          string
	Window
}

// Overlaps reports whether w and o share any instant (half-open windows:
// one ending at 10:00 and the next starting at 10:00 do not overlap).
func (w Window) Overlaps(o Window) bool { return w.From.Before(o.To) && o.From.Before(w.To) }

// SameRoom reports whether two room names are the same room (case and
// surrounding spaces aside).
func SameRoom(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	return a != "" && strings.EqualFold(a, b)
}

// BookingConflicts checks b against the active bookings of the calendar
// (cancelled and recorded ones, and corrections of a record, excluded by
// the caller):
// every clash is reported at once, on the field that would fix it.
func BookingConflicts(b Booking, existing []Booking) error {
	var v Validation
	var interviewer, room, worker bool
	for _, e := range existing {
		if e.InterviewID == b.InterviewID && b.InterviewID != 0 || !e.Overlaps(b.Window) {
			continue
		}
		interviewer = interviewer || e.InterviewerID == b.InterviewerID
		room = room || SameRoom(e.Room, b.Room)
		worker = worker || e.WorkerID == b.WorkerID
	}
	if interviewer {
		v.Add("interviewer_id", CodeBookingOverlap, "This interviewer already has an interview at that time; choose another time or interviewer.")
	}
	if room {
		v.Add("room", CodeBookingOverlap, "This room is already booked at that time; choose another room or time.")
	}
	if worker {
		v.Add("scheduled_at", CodeBookingOverlap, "The worker already has an interview at that time; choose another time.")
	}
	return v.Err()
}

// Availability is one span of an interviewer's week when interviews may be
// booked: a weekday and the minutes after midnight (Directorate time) from
// which and until which.
type Availability struct {
	InterviewerID int64
	Weekday       time.Weekday
	FromMinute    int
	ToMinute      int
}

// Validate checks one span.
func (a Availability) Validate() error {
	var v Validation
	if a.InterviewerID <= 0 {
		v.Add("interviewer_id", "required", "Choose the interviewer.")
	}
	if a.Weekday < time.Sunday || a.Weekday > time.Saturday {
		v.Add("weekday", "invalid_choice", "Choose a day of the week.")
	}
	if a.FromMinute < 0 || a.ToMinute > 24*60 || a.FromMinute >= a.ToMinute {
		v.Add("to", "invalid_span", "The end must come after the start, on the same day.")
	} else if time.Duration(a.ToMinute-a.FromMinute)*time.Minute < InterviewDuration {
		v.Add("to", "too_short", "A span must hold at least one interview ({{.minutes}} minutes).", map[string]any{"minutes": int(InterviewDuration / time.Minute)})
	}
	return v.Err()
}

// Slot is a free appointment the calendar proposes.
type Slot struct {
	At            time.Time
	InterviewerID int64
	Room          string
}

// FreeSlots proposes up to n appointments from the first whole half hour
// after from, within days days (Directorate time loc): each at a time one of
// the interviewers is available for a whole InterviewDuration, with that
// interviewer, a room and the worker all free (busy are the active
// bookings). rooms are tried in order; with no room listed no slot is
// proposed. Interviewers are taken in the order of avail.
func FreeSlots(avail []Availability, busy []Booking, rooms []string, workerID int64, from time.Time, days int, loc *time.Location, n int) []Slot {
	if len(rooms) == 0 || n <= 0 {
		return nil
	}
	start := from.In(loc).Truncate(time.Minute)
	if m := start.Minute() % 30; m != 0 || start.Second() != 0 {
		start = start.Add(time.Duration(30-m) * time.Minute)
	}
	var out []Slot
	day0 := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, loc)
	for d := 0; d < days && len(out) < n; d++ {
		day := day0.AddDate(0, 0, d)
		for minute := 0; minute < 24*60 && len(out) < n; minute += 30 {
			at := time.Date(day.Year(), day.Month(), day.Day(), minute/60, minute%60, 0, 0, loc)
			if at.Before(start) {
				continue
			}
			w := Window{From: at, To: at.Add(InterviewDuration)}
			if s, ok := freeAt(avail, busy, rooms, workerID, w, minute); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

func freeAt(avail []Availability, busy []Booking, rooms []string, workerID int64, w Window, minute int) (Slot, bool) {
	end := minute + int(InterviewDuration/time.Minute)
	for _, b := range busy {
		if b.WorkerID == workerID && b.Overlaps(w) {
			return Slot{}, false
		}
	}
	var tried []int64
	for _, a := range avail {
		if a.Weekday != w.From.Weekday() || minute < a.FromMinute || end > a.ToMinute || slices.Contains(tried, a.InterviewerID) {
			continue
		}
		tried = append(tried, a.InterviewerID)
		if slices.ContainsFunc(busy, func(b Booking) bool { return b.InterviewerID == a.InterviewerID && b.Overlaps(w) }) {
			continue
		}
		for _, r := range rooms {
			if !slices.ContainsFunc(busy, func(b Booking) bool { return SameRoom(b.Room, r) && b.Overlaps(w) }) {
				return Slot{At: w.From, InterviewerID: a.InterviewerID, Room: r}, true
			}
		}
	}
	return Slot{}, false
}

// MayCancelInterview reports whether a may cancel the appointment app waits
// for now (the status table and the permission cancel_interview needs).
func MayCancelInterview(a Actor, app Application) bool {
	status, err := StatusOf(app.Events)
	if err != nil {
		return false
	}
	_, err = Apply(status, ActionCancelInterview)
	return err == nil && a.Require(ActionCancelInterview.Permission()) == nil
}

// SummonsNumber is the number printed on the worker's summons for the
// appointment interviewID. Every booking, a reschedule or a reassignment
// included, is a new appointment row and so gets a new number: the number of
// a replaced appointment stays in the application's history, marked
// rescheduled, and its summons can no longer be printed.
func SummonsNumber(interviewID int64) string { return fmt.Sprintf("CD-INT-%06d", interviewID) }
