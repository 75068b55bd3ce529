package models

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// InterviewOutcome is what the interviewer concluded from the private
// interview.
type InterviewOutcome string

// Interview outcomes.
const (
	OutcomeCleared  InterviewOutcome = "cleared"
	OutcomeConcerns InterviewOutcome = "concerns" // the application goes on hold
	OutcomeReferral InterviewOutcome = "referral" // on hold, and the case was referred
)

// InterviewOutcomes lists every outcome.
var InterviewOutcomes = []InterviewOutcome{OutcomeCleared, OutcomeConcerns, OutcomeReferral}

// Valid reports whether o is a known outcome.
func (o InterviewOutcome) Valid() bool { return slices.Contains(InterviewOutcomes, o) }

// Action is the application action that records this outcome.
func (o InterviewOutcome) Action() Action {
	switch o {
	case OutcomeCleared:
		return ActionRecordInterviewCleared
	case OutcomeConcerns:
		return ActionRecordInterviewConcerns
	case OutcomeReferral:
		return ActionRecordInterviewReferral
	}
	return ""
}

// Interview is the private interview of the worker for one application. Only
// what the issue gate needs is here; content (checklist, indicators, notes)
// is added by the interview issue and never shown to clerks.
//
// A recorded interview is never edited. A correction is a new Interview with
// SupersedesID set to the one it corrects; both stay visible.
type Interview struct {
	ID            int64
	ApplicationID int64
	InterviewerID int64
	ScheduledAt   time.Time
	Room          string
	ScheduledByID int64
	// HeldAt, RecordedByID and RecordedAt are set when the interviewer
	// records the interview; until then it is only scheduled.
	HeldAt       *time.Time
	RecordedByID *int64
	RecordedAt   *time.Time
	// EmployerAbsent is the interviewer's attestation that neither the
	// employer nor anyone from the mission was present. Without it the
	// interview was not private and does not count.
	EmployerAbsent bool
	Outcome        InterviewOutcome
	// SupersedesID names the interview record this one corrects.
	SupersedesID     *int64
	CorrectionReason string
	CreatedAt        time.Time
}

// Completed reports whether the interview was held and recorded with an
// outcome.
func (iv Interview) Completed() bool {
	return iv.HeldAt != nil && iv.RecordedByID != nil && *iv.RecordedByID > 0 && iv.Outcome.Valid()
}

// ValidateSchedule checks a new or moved appointment at now; its time may
// not be in the past (InPast, with the tolerance a reassignment has too).
func (iv Interview) ValidateSchedule(now time.Time) error {
	var v Validation
	if iv.ApplicationID <= 0 {
		v.Add("application_id", "required", "The interview must belong to an application.")
	}
	if iv.InterviewerID <= 0 {
		v.Add("interviewer_id", "required", "Choose the interviewer.")
	}
	if iv.ScheduledAt.IsZero() {
		v.Add("scheduled_at", "required", "Enter the date and time.")
	} else if InPast(iv.ScheduledAt, now) {
		v.Add("scheduled_at", "in_past", "Choose a date and time in the future.")
	}
	if strings.TrimSpace(iv.Room) == "" {
		v.Add("room", "required", "Enter the room; it goes on the worker's summons.")
	}
	return v.Err()
}

// InterviewRecord is what the interviewer records after the interview.
type InterviewRecord struct {
	RecordedByID   int64
	HeldAt         time.Time
	EmployerAbsent bool
	Outcome        InterviewOutcome
}

// CodeInterviewAlreadyRecorded: a recorded interview is corrected by a new
// record, never edited.
const CodeInterviewAlreadyRecorded = "interview_already_recorded"

// Record fills in the record of a scheduled interview at now. The attestation
// may be false: an interviewer must be able to record truthfully that the
// employer was there, and the gate then refuses the card.
func (iv *Interview) Record(r InterviewRecord, now time.Time) error {
	if iv.HeldAt != nil || iv.RecordedByID != nil {
		return Fail(KindConflict, CodeInterviewAlreadyRecorded,
			"This interview is already recorded; record a correction instead.")
	}
	var v Validation
	if r.RecordedByID <= 0 {
		v.Add("recorded_by_id", "required", "The record must name who made it.")
	}
	if r.HeldAt.IsZero() {
		v.Add("held_at", "required", "Enter when the interview was held.")
	} else if r.HeldAt.After(now) {
		v.Add("held_at", "in_future", "The interview cannot have been held in the future.")
	}
	if !r.Outcome.Valid() {
		v.Add("outcome", "invalid_choice", "Choose cleared, concerns or referral.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	held, by, at := r.HeldAt, r.RecordedByID, now
	iv.HeldAt, iv.RecordedByID, iv.RecordedAt = &held, &by, &at
	iv.EmployerAbsent, iv.Outcome = r.EmployerAbsent, r.Outcome
	return nil
}

// Correction returns a new interview record that supersedes iv with r, for
// the given reason. The correction keeps the appointment details; iv itself
// is left unchanged.
func (iv Interview) Correction(r InterviewRecord, reason string, now time.Time) (Interview, error) {
	if !iv.Completed() {
		return Interview{}, Fail(KindConflict, "interview_not_recorded", "Only a recorded interview can be corrected.")
	}
	if strings.TrimSpace(reason) == "" {
		var v Validation
		v.Add("correction_reason", "required", "Say why the record is corrected.")
		return Interview{}, v.Err()
	}
	c := Interview{
		ApplicationID: iv.ApplicationID, InterviewerID: iv.InterviewerID, ScheduledAt: iv.ScheduledAt,
		Room: iv.Room, ScheduledByID: iv.ScheduledByID, SupersedesID: &iv.ID,
		CorrectionReason: strings.TrimSpace(reason), CreatedAt: now,
	}
	if err := c.Record(r, now); err != nil {
		return Interview{}, err
	}
	return c, nil
}

// CurrentInterview returns the interview that speaks for application
// applicationID: the most recently held completed record that no other record
// supersedes. Interviews of other applications are ignored. Ties on HeldAt go
// to the later record (higher ID).
func CurrentInterview(applicationID int64, interviews []Interview) (Interview, bool) {
	superseded := map[int64]bool{}
	for _, iv := range interviews {
		if iv.ApplicationID == applicationID && iv.SupersedesID != nil {
			superseded[*iv.SupersedesID] = true
		}
	}
	var best Interview
	found := false
	for _, iv := range interviews {
		if iv.ApplicationID != applicationID || !iv.Completed() || superseded[iv.ID] {
			continue
		}
		if !found || iv.HeldAt.After(*best.HeldAt) || (iv.HeldAt.Equal(*best.HeldAt) && iv.ID > best.ID) {
			best, found = iv, true
		}
	}
	return best, found
}

// ScheduleInterview appends the scheduling of interview iv (already stored,
// so it has an ID) to application a: schedule_interview, or
// reschedule_interview when an interview is already scheduled (the worker
// could not come, the room changed).
func (a *Application) ScheduleInterview(iv Interview, actorID int64, now time.Time) (ApplicationEvent, error) {
	if err := iv.ValidateSchedule(now); err != nil {
		return ApplicationEvent{}, err
	}
	if iv.ID <= 0 || iv.ApplicationID != a.ID {
		return ApplicationEvent{}, fmt.Errorf("interview %d does not belong to application %d", iv.ID, a.ID)
	}
	action := ActionScheduleInterview
	if status, _ := StatusOf(a.Events); status == ApplicationInterviewScheduled {
		action = ActionRescheduleInterview
	}
	return a.appendEvent(ApplicationEvent{Action: action, ActorID: actorID, At: now, InterviewID: &iv.ID})
}

// RecordInterview records interview iv as held with r and appends the
// outcome to application a, so the interview row and the history cannot
// disagree. Nothing changes when the status does not allow the outcome or
// the record is invalid.
func (a *Application) RecordInterview(iv *Interview, r InterviewRecord, now time.Time) (ApplicationEvent, error) {
	if iv.ID <= 0 || iv.ApplicationID != a.ID {
		return ApplicationEvent{}, fmt.Errorf("interview %d does not belong to application %d", iv.ID, a.ID)
	}
	if r.Outcome.Valid() {
		status, err := StatusOf(a.Events)
		if err != nil {
			return ApplicationEvent{}, err
		}
		if _, err := Apply(status, r.Outcome.Action()); err != nil {
			return ApplicationEvent{}, err
		}
	}
	if err := iv.Record(r, now); err != nil {
		return ApplicationEvent{}, err
	}
	return a.appendEvent(ApplicationEvent{Action: r.Outcome.Action(), ActorID: r.RecordedByID, At: now, InterviewID: &iv.ID})
}

// Codes of who and when an interview is recorded.
const (
	CodeNotAssignedInterviewer  = "not_assigned_interviewer"
	CodeHeldBeforeScheduled     = "held_before_scheduled"
	CodeReassignSameInterviewer = "same_interviewer"
)

// CanRecordInterview checks that actor may record iv held at heldAt: only
// the interviewer the interview is assigned to (an admin reassigns it, see
// Reassignment), and not as held before its scheduled time less
// earlyMinutes (the setting InterviewEarlyMinutes).
func CanRecordInterview(actor Actor, iv Interview, heldAt time.Time, earlyMinutes int) error {
	if err := actor.Require(PermInterviewRecord); err != nil {
		return err
	}
	if actor.User == nil || actor.User.ID != iv.InterviewerID {
		return Fail(KindForbidden, CodeNotAssignedInterviewer,
			"This interview is assigned to another interviewer; only they can record it. An admin can reassign it.")
	}
	if earliest := iv.ScheduledAt.Add(-time.Duration(earlyMinutes) * time.Minute); !heldAt.IsZero() && heldAt.Before(earliest) {
		var v Validation
		v.Add("held_at", CodeHeldBeforeScheduled, "The interview was scheduled for {{.scheduled_at}}: it cannot have been held before {{.earliest}}.",
			map[string]any{"scheduled_at": iv.ScheduledAt.UTC().Format(time.RFC3339), "earliest": earliest.UTC().Format(time.RFC3339)})
		return v.Err()
	}
	return nil
}

// Reassignment is an admin's handing of a scheduled interview to another
// interviewer (the one booked is away), with a reason.
type Reassignment struct {
	InterviewerID int64
	Reason        string
	// ScheduledAt, when set, moves the appointment to a new time (the
	// interview did not take place and is booked again); zero keeps the
	// scheduled time (see ReassignedTime).
	ScheduledAt time.Time
}

// CanReassignInterview checks that actor may reassign iv, still
// unrecorded, to r's interviewer: an admin, with a reason, to someone else.
func CanReassignInterview(actor Actor, iv Interview, r Reassignment) error {
	if err := actor.Require(PermInterviewReassign); err != nil {
		return err
	}
	if iv.RecordedAt != nil || iv.HeldAt != nil {
		return Fail(KindConflict, CodeInterviewAlreadyRecorded, "This interview is already recorded; record a correction instead.")
	}
	var v Validation
	switch {
	case r.InterviewerID <= 0:
		v.Add("interviewer_id", "required", "Choose the interviewer.")
	case r.InterviewerID == iv.InterviewerID:
		v.Add("interviewer_id", CodeReassignSameInterviewer, "The interview is already assigned to this interviewer.")
	}
	switch reason := strings.TrimSpace(r.Reason); {
	case reason == "":
		v.Add("reason", "required", "Say why the interview is reassigned.")
	case len([]rune(reason)) > maxReasonLength:
		v.Add("reason", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": maxReasonLength})
	}
	return v.Err()
}
