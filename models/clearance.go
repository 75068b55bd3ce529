package models

import (
	"strconv"
	"strings"
	"time"
)

// A "cleared" outcome against the evidence needs a second pair of eyes.
// When the interviewer records cleared although one of the 11 ILO indicators
// of forced labour was answered yes, a strong ILO-EC indicator was answered
// yes, or the ILO-EC screening signal is positive, the interviewer must write
// why, and the application goes on hold until an admin who neither held nor
// recorded the interview confirms the clearance. Until then no card: the
// application's status (on hold) stops it, and the database refuses a card
// for such an interview without a confirmation (migration 00015).

// ActionHoldForClearanceReview puts an application whose interview was
// cleared against the evidence on hold, in the same transaction as the
// outcome; only a confirmation (a release_hold naming the interview, with a
// ClearanceConfirmation) lifts it.
const ActionHoldForClearanceReview Action = "hold_for_clearance_review"

// Codes of the clearance rule. API clients and translations rely on them;
// never rename one.
const (
	CodeClearanceReasonRequired = "clearance_reason_required"
	CodeClearanceNotAwaited     = "clearance_not_awaited"
	CodeClearanceByInterviewer  = "clearance_by_interviewer"
	CodeClearanceNotConfirmed   = "clearance_not_confirmed"
)

// ClearanceEvidence is what, in an interview's answers, stands against a
// cleared outcome.
type ClearanceEvidence struct {
	// ILOYes are the ILO forced-labour indicators answered yes.
	ILOYes []string
	// StrongYes are the strong ILO-EC indicators answered yes.
	StrongYes []string
	// ScreeningPositive: the ILO-EC combination rule is positive.
	ScreeningPositive bool
}

// Any reports whether there is evidence against clearing.
func (e ClearanceEvidence) Any() bool {
	return len(e.ILOYes) > 0 || len(e.StrongYes) > 0 || e.ScreeningPositive
}

// ClearanceEvidenceOf reads the evidence against a clearance in an
// interview's indicator answers.
func ClearanceEvidenceOf(responses []IndicatorResponse) ClearanceEvidence {
	var e ClearanceEvidence
	for _, r := range responses {
		if r.Answer != IndicatorYes {
			continue
		}
		ind, ok := LookupIndicator(r.Code)
		switch {
		case !ok:
		case ind.Taxonomy == TaxonomyILOForcedLabour:
			e.ILOYes = append(e.ILOYes, ind.Code)
		case ind.Taxonomy == TaxonomyILOEC && ind.Grade == GradeStrong:
			e.StrongYes = append(e.StrongYes, ind.Code)
		}
	}
	e.ScreeningPositive = Screen(responses).Positive
	return e
}

// NeedsClearanceConfirmation is the one rule: a recording whose outcome is
// cleared while its answers carry evidence against it needs a written
// reason (checked by InterviewRecording.Validate) and an admin's
// confirmation before any card.
func (r InterviewRecording) NeedsClearanceConfirmation() bool {
	return r.Outcome == OutcomeCleared && ClearanceEvidenceOf(r.Indicators).Any()
}

// validateClearanceReason adds the reason's field errors to v.
func (r InterviewRecording) validateClearanceReason(v *Validation) {
	reason := strings.TrimSpace(r.ClearanceReason)
	switch {
	case r.NeedsClearanceConfirmation() && reason == "":
		v.Add("clearance_reason", CodeClearanceReasonRequired,
			"You chose cleared although the answers show indicators of forced labour: write why. The application then waits on hold until another admin confirms the clearance; no card can be issued before.")
	case len([]rune(reason)) > maxReasonLength:
		v.Add("clearance_reason", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": maxReasonLength})
	}
}

// HoldForClearanceReview appends, after the cleared outcome of iv, the hold
// that waits for the admin's confirmation.
func (a *Application) HoldForClearanceReview(iv Interview, actorID int64, now time.Time) (ApplicationEvent, error) {
	return a.appendEvent(ApplicationEvent{Action: ActionHoldForClearanceReview, ActorID: actorID, At: now, InterviewID: &iv.ID})
}

// AwaitsClearanceConfirmation reports whether app's history holds iv's
// clearance for review with no confirmation after it.
func AwaitsClearanceConfirmation(app Application, ivID int64) bool {
	waiting := false
	for _, e := range app.Events {
		if e.InterviewID == nil || *e.InterviewID != ivID {
			continue
		}
		switch e.Action {
		case ActionHoldForClearanceReview:
			waiting = true
		case ActionReleaseHold:
			waiting = false
		}
	}
	return waiting
}

// ClearanceDecision is what the second admin decides about a clearance
// against the evidence.
type ClearanceDecision string

// Clearance decisions.
const (
	ClearanceConfirmed ClearanceDecision = "confirmed"
	// ClearanceDeclined leaves the application on hold: the interviewer may
	// correct the record, or an admin refuses or closes the application.
	ClearanceDeclined ClearanceDecision = "declined"
)

// Valid reports whether d is a known decision.
func (d ClearanceDecision) Valid() bool { return d == ClearanceConfirmed || d == ClearanceDeclined }

// ClearanceConfirmation is an admin's decision on a clearance against the
// evidence. The reason is confidential (it may speak of the interview) and
// stored sealed; the application's history says only that it was confirmed.
type ClearanceConfirmation struct {
	ID            int64
	ApplicationID int64
	InterviewID   int64
	Decision      ClearanceDecision
	Reason        string
	DecidedByID   int64
	DecidedAt     time.Time
}

// CanConfirmClearance checks that actor may take decision c about the
// clearance of iv on app: an admin (a person, not a job), with a reason,
// who neither held nor recorded the interview, while the application waits
// for it. Call it inside the transaction that stores the decision, with the
// application row locked.
func CanConfirmClearance(actor Actor, c ClearanceConfirmation, app Application, iv Interview) error {
	if err := actor.Require(PermHoldDecide); err != nil {
		return err
	}
	if actor.User == nil {
		return Fail(KindForbidden, "forbidden", "Only an admin can confirm a clearance.")
	}
	var v Validation
	if !c.Decision.Valid() {
		v.Add("decision", "invalid_choice", "Choose confirm or do not confirm.")
	}
	switch reason := strings.TrimSpace(c.Reason); {
	case reason == "":
		v.Add("reason", "required", "Give the reason for the decision.")
	case len([]rune(reason)) > maxReasonLength:
		v.Add("reason", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": maxReasonLength})
	}
	if err := v.Err(); err != nil {
		return err
	}
	if c.InterviewID != iv.ID || !iv.Completed() || !AwaitsClearanceConfirmation(app, iv.ID) {
		return Fail(KindConflict, CodeClearanceNotAwaited, "This application is not waiting for the confirmation of a clearance.")
	}
	if status, _ := StatusOf(app.Events); status != ApplicationOnHold {
		return Fail(KindConflict, CodeClearanceNotAwaited, "This application is not waiting for the confirmation of a clearance.")
	}
	if actor.User.ID == iv.InterviewerID || actor.User.ID == *iv.RecordedByID {
		return Fail(KindConflict, CodeClearanceByInterviewer,
			"You held or recorded this interview: another admin must confirm the clearance.")
	}
	return nil
}

// ClearanceReasonAAD is the additional data sealing the interviewer's reason
// for a clearance against the evidence.
func ClearanceReasonAAD(interviewID int64) []byte {
	return []byte("clearance_reason:" + strconv.FormatInt(interviewID, 10))
}

// ClearanceDecisionReasonAAD is the additional data sealing the second
// admin's reason.
func ClearanceDecisionReasonAAD(interviewID int64, decidedAt time.Time) []byte {
	return []byte("clearance_decision_reason:" + strconv.FormatInt(interviewID, 10) + ":" + decidedAt.UTC().Format(time.RFC3339Nano))
}

// CorrectionActions returns the actions a correction of a recorded interview
// appends to its application's history, in order, when the application is
// in status st and the corrected record's outcome was target; the
// correction is refused when st allows none of them. A clearance never
// lifts a hold on its own:
//   - an application on hold (a concern, a referral, or a clearance waiting
//     for its confirmation) corrected into a clearance against the evidence
//     stays on hold and waits for the confirmation of an admin who neither
//     held nor recorded the interview (hold_for_clearance_review naming the
//     correction, on_hold to on_hold); that confirmation is the way out;
//   - on hold, a clearance without evidence against it is refused: an admin
//     decides on the hold (release, refuse or close as referred);
//   - otherwise the correction's outcome moves the status as the status
//     table says (none when a clearance is corrected into a clearance), and
//     a clearance against the evidence that reaches approved goes on hold
//     for review as a first record does.
func CorrectionActions(st ApplicationStatus, target InterviewOutcome, r InterviewRecording) ([]Action, error) {
	if r.Outcome == OutcomeCleared && st == ApplicationOnHold {
		if !r.NeedsClearanceConfirmation() {
			return nil, Fail(KindConflict, CodeActionNotAllowed,
				"The application is on hold: a clearance cannot lift the hold. An admin decides on it (release, refuse or close as referred).")
		}
		if _, err := Apply(st, ActionHoldForClearanceReview); err != nil {
			return nil, err
		}
		return []Action{ActionHoldForClearanceReview}, nil
	}
	var out []Action
	if !(r.Outcome == OutcomeCleared && target == OutcomeCleared) {
		next, err := Apply(st, r.Outcome.Action())
		if err != nil {
			return nil, err
		}
		out, st = append(out, r.Outcome.Action()), next
	}
	if r.NeedsClearanceConfirmation() && st == ApplicationApproved {
		out = append(out, ActionHoldForClearanceReview)
	}
	return out, nil
}
