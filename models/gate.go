package models

import (
	"fmt"
	"time"
)

// Issue gate error codes. API clients and translations rely on them; never
// rename one.
const (
	CodeInterviewRequired   = "interview_required"
	CodeInterviewNotCleared = "interview_not_cleared"
	CodeInterviewExpired    = "interview_expired"
	CodeSamePerson          = "same_person"
	CodeAttestationMissing  = "attestation_missing"
)

// CheckIssueGate is the rule the product exists for: a type S card is issued
// for an application only when that same application has a completed private
// interview that
//   - is the current record (not superseded by a correction),
//   - carries the attestation that neither the employer nor anyone from the
//     mission was present,
//   - was cleared, or put on hold and then released by someone other than
//     its interviewer, with a reason, in the application's history,
//   - was held no more than maxAgeDays calendar days before now,
//   - was held and recorded by people other than issuerID,
//
// and the application's status (replayed from its history) allows issue_card.
// Interviews of other applications never count, whatever their outcome: the
// renewal and the duplicate each need their own. There is no override for any
// role. maxAgeDays <= 0 means the default, never "no limit".
//
// Every path that issues a card calls it (through Application.IssueCard),
// inside the transaction that creates the card, with the application row
// locked. The errors are conflicts with the codes above, or
// action_not_allowed, checked in that order of usefulness to the clerk: the
// interview's problem says what to do next, the status only that it is not
// possible now.
func CheckIssueGate(app Application, interviews []Interview, issuerID int64, now time.Time, maxAgeDays int) error {
	_, err := IssueGateInterview(app, interviews, issuerID, now, maxAgeDays)
	return err
}

// IssueGateInterview applies CheckIssueGate and returns the interview that
// satisfied it, whose ID the card row records (the database constraint that
// backs the gate refers to it).
func IssueGateInterview(app Application, interviews []Interview, issuerID int64, now time.Time, maxAgeDays int) (Interview, error) {
	if maxAgeDays <= 0 {
		maxAgeDays = DefaultSettings().InterviewMaxAgeDays
	}
	if issuerID <= 0 {
		var v Validation
		v.Add("issuer_id", "required", "The card must name who issues it.")
		return Interview{}, v.Err()
	}
	iv, ok := CurrentInterview(app.ID, interviews)
	if app.ID <= 0 || !ok || iv.HeldAt.After(now) {
		return Interview{}, Fail(KindConflict, CodeInterviewRequired,
			"No private interview is recorded for this application. Schedule one: an interview held for an earlier application does not count.")
	}
	if !iv.EmployerAbsent {
		return Interview{}, gateError(CodeAttestationMissing, iv,
			"The interview record lacks the attestation that neither the employer nor anyone from the mission was present, so it was not a private interview. Schedule a new interview.")
	}
	if iv.Outcome == OutcomeCleared && AwaitsClearanceConfirmation(app, iv.ID) {
		return Interview{}, gateError(CodeClearanceNotConfirmed, iv,
			"The interview was cleared although its answers show indicators of forced labour: the application is on hold until an admin who neither held nor recorded it confirms the clearance.")
	}
	if !interviewCleared(app, iv) {
		return Interview{}, gateError(CodeInterviewNotCleared, iv,
			"The interview raised concerns: the application is on hold until an admin decides on it.")
	}
	heldOn := CalendarDay(iv.HeldAt.In(now.Location()))
	if age := DaysBetween(heldOn, CalendarDay(now)); age > maxAgeDays {
		e := gateError(CodeInterviewExpired, iv,
			"The interview was held on {{.held_on}}, more than {{.max_age_days}} days ago. Schedule a new interview.")
		e.Args["held_on"] = heldOn.Format(time.DateOnly)
		e.Args["max_age_days"] = maxAgeDays
		return Interview{}, e
	}
	if issuerID == iv.InterviewerID || issuerID == *iv.RecordedByID {
		return Interview{}, gateError(CodeSamePerson, iv,
			"The person who held or recorded the interview cannot issue the card. Ask a colleague to issue it.")
	}
	status, err := StatusOf(app.Events)
	if err != nil {
		return Interview{}, fmt.Errorf("application %d: %w", app.ID, err)
	}
	if _, err := Apply(status, ActionIssueCard); err != nil {
		return Interview{}, err
	}
	return iv, nil
}

// gateError builds a gate refusal. Messages are go-i18n templates filled
// from Args ("{{.held_on}}"), like every domain message.
func gateError(code string, iv Interview, msg string) *Error {
	return &Error{Kind: KindConflict, Code: code, Message: msg,
		Args: map[string]any{"interview_id": iv.ID, "held_at": *iv.HeldAt}}
}

// interviewCleared reports whether iv clears the way to a card: its outcome is
// cleared, or the application's history holds a release_hold for this very
// interview, after its outcome was recorded, with a reason, by someone who
// neither held nor recorded it (the decision on a hold is a second pair of
// eyes).
func interviewCleared(app Application, iv Interview) bool {
	if iv.Outcome == OutcomeCleared {
		return true
	}
	lastOutcome := -1
	for i, e := range app.Events {
		if e.InterviewID != nil && *e.InterviewID == iv.ID &&
			(e.Action == ActionRecordInterviewConcerns || e.Action == ActionRecordInterviewReferral) {
			lastOutcome = i
		}
	}
	for _, e := range app.Events[lastOutcome+1:] {
		if e.Action == ActionReleaseHold && e.InterviewID != nil && *e.InterviewID == iv.ID &&
			e.Reason != "" && e.ActorID != iv.InterviewerID && e.ActorID != *iv.RecordedByID {
			return true
		}
	}
	return false
}
