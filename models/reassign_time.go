package models

import "time"

// ScheduleTolerance is how far behind now an appointment's time may be and
// still not count as past: the minute between the clerk or admin reading
// the clock and the form arriving. Booking, moving and reassigning an
// interview share it (InPast).
const ScheduleTolerance = time.Minute

// InPast reports whether an appointment at at is in the past at now, beyond
// ScheduleTolerance: the one rule of every new time given to an interview.
func InPast(at, now time.Time) bool { return at.Before(now.Add(-ScheduleTolerance)) }

// CodeReassignInPast refuses a new time for a reassigned interview that is
// already past. API clients rely on it; never rename it.
const CodeReassignInPast = "reassign_time_in_past"

// ReassignedTime is when the appointment iv reassigned by r stands, at now.
// An admin reassigns an interview either because the one booked cannot hold
// it (the appointment is still ahead), or because someone else held it in
// their place and the record is missing (the appointment is past): in both
// cases the appointment keeps its scheduled time unless r gives another,
// so that the new interviewer records the interview as held at that time
// (CanRecordInterview refuses a record held before the scheduled time, and
// the calendar keeps the slot that was used). A past interview that did not
// take place is booked again by giving a new time, which cannot be in the
// past. The calendar's rules (no double booking of interviewer, room or
// worker) apply to the time returned either way.
func ReassignedTime(iv Interview, r Reassignment, now time.Time) (time.Time, error) {
	if r.ScheduledAt.IsZero() || r.ScheduledAt.Equal(iv.ScheduledAt) { // the scheduled time given again keeps it too
		return iv.ScheduledAt.UTC(), nil
	}
	if InPast(r.ScheduledAt, now) {
		var v Validation
		v.Add("scheduled_at", CodeReassignInPast,
			"A new time cannot be in the past. Leave it empty to keep the scheduled time if the interview took place then.")
		return time.Time{}, v.Err()
	}
	return r.ScheduledAt.UTC(), nil
}
