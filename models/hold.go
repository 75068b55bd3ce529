package models

import (
	"strings"
	"time"
)

// An interview with concerns or a referral puts its application on hold; an
// admin then decides. The decision is appended to the application's history
// like every other action; this file holds the rules for it, and the rule
// that recorded entries are corrected by superseding, never edited.

// HoldDecisionKind is what an admin decides about an application on hold.
type HoldDecisionKind string

// Hold decisions.
const (
	// HoldRelease lets the application go on to the card: the gate then
	// counts the interview as cleared. A reason is required and the admin
	// cannot be the interviewer (four eyes on the one path back to a card).
	HoldRelease HoldDecisionKind = "release"
	// HoldRefuse refuses the application.
	HoldRefuse HoldDecisionKind = "refuse"
	// HoldCloseReferred closes the application as referred: the worker's
	// situation is in a partner's hands (see Referral).
	HoldCloseReferred HoldDecisionKind = "close_referred"
)

// HoldDecisionKinds lists every decision in the order forms show them.
var HoldDecisionKinds = []HoldDecisionKind{HoldRelease, HoldRefuse, HoldCloseReferred}

// Valid reports whether k is a known decision.
func (k HoldDecisionKind) Valid() bool {
	return k == HoldRelease || k == HoldRefuse || k == HoldCloseReferred
}

// Label is the English name of the decision.
func (k HoldDecisionKind) Label() string {
	switch k {
	case HoldRelease:
		return "Release the hold"
	case HoldRefuse:
		return "Refuse the application"
	case HoldCloseReferred:
		return "Close as referred"
	}
	return string(k)
}

// Action is the application action that records the decision in the
// application's history and moves its status (see the status table).
func (k HoldDecisionKind) Action() Action {
	switch k {
	case HoldRelease:
		return ActionReleaseHold
	case HoldRefuse:
		return ActionRefuse
	case HoldCloseReferred:
		return ActionCloseReferred
	}
	return ""
}

// ReleasesGate reports whether the decision lets the interview count as
// cleared for the card gate. Only a release does.
func (k HoldDecisionKind) ReleasesGate() bool { return k == HoldRelease }

// HoldDecision is an admin's decision on an application on hold.
type HoldDecision struct {
	ID            int64
	ApplicationID int64
	// InterviewID is the interview whose outcome put the application on
	// hold; the decision is about that interview, not any other.
	InterviewID int64
	Decision    HoldDecisionKind
	// Reason is required for every decision (the application history
	// requires it too, see Action.NeedsReason). Clerks see that history:
	// write it without interview content.
	Reason      string
	DecidedByID int64
	DecidedAt   time.Time
}

// HeldInterview is what the hold rules need to know about the interview that
// put an application on hold.
type HeldInterview struct {
	InterviewID   int64
	InterviewerID int64
	// RecordedByID is who recorded the interview, usually the interviewer;
	// the card gate refuses a release by either, so this rule does too.
	RecordedByID int64
	Outcome      InterviewOutcome
	// HasReferral: a referral is recorded for the interview.
	HasReferral bool
}

// maxReasonLength bounds decision and correction reasons (characters).
const maxReasonLength = 2000

// CanDecideHold checks that actor may take decision d about the hold caused
// by held. Services call it inside the transaction that appends the
// decision, after locking the application and checking with the status
// table that it is on hold. A release is refused to whoever held or recorded
// the interview, as the card gate would not count it. Codes: forbidden, not_on_hold, wrong_interview,
// same_person, referral_required, and invalid_input for the fields.
func CanDecideHold(actor Actor, d HoldDecision, held HeldInterview) error {
	if err := actor.Require(PermHoldDecide); err != nil {
		return err
	}
	if actor.User == nil {
		// A hold is a person's decision; no system job may take it.
		return Fail(KindForbidden, "forbidden", "Only an admin can decide on a hold.")
	}
	if !held.Outcome.PutsOnHold() {
		return Fail(KindConflict, "not_on_hold", "This interview did not put the application on hold.")
	}
	if d.InterviewID != held.InterviewID {
		return Fail(KindConflict, "wrong_interview", "The decision must be about the interview that put the application on hold.")
	}
	var v Validation
	switch {
	case d.Decision == "":
		v.Add("decision", "required", "Choose release, refuse or close as referred.")
	case !d.Decision.Valid():
		v.Add("decision", "invalid_choice", "Choose release, refuse or close as referred.")
	}
	if d.DecidedByID != actor.User.ID {
		v.Add("decided_by_id", "mismatch", "The decision must be recorded by the admin taking it.")
	}
	reason := strings.TrimSpace(d.Reason)
	switch {
	case reason == "":
		v.Add("reason", "required", "Give the reason for the decision.")
	case len([]rune(reason)) > maxReasonLength:
		v.Add("reason", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": maxReasonLength})
	}
	if err := v.Err(); err != nil {
		return err
	}
	switch d.Decision {
	case HoldRelease:
		// The person who saw the worker and raised the concern must not be
		// the one who waves it away; a second admin decides.
		if actor.User.ID == held.InterviewerID || actor.User.ID == held.RecordedByID {
			return Fail(KindConflict, "same_person", "You held or recorded this interview: another admin must decide whether to release the hold.")
		}
	case HoldCloseReferred:
		if !held.HasReferral {
			return Fail(KindConflict, "referral_required", "No referral is recorded for this interview: record one, or release or refuse.")
		}
	}
	return nil
}

// CorrectionTarget is what a correction needs to know about the entry it
// corrects: its id, and the id of the entry that already supersedes it, if
// any (0 when it is the latest version).
type CorrectionTarget struct {
	ID             int64
	SupersededByID int64
}

// CheckCorrection is the rule for every append-only record (a recorded
// interview, an observation): a correction is a new entry that references
// and supersedes the old one, with a reason; the old entry is never edited
// and stays visible. Only the latest version may be corrected, so a record's
// history is one chain a reader can follow. Storage backs this with a unique
// index on the superseding column and no UPDATE of recorded rows.
func CheckCorrection(target CorrectionTarget, reason string) error {
	if target.ID <= 0 {
		return Fail(KindNotFound, "not_found", "The entry to correct does not exist.")
	}
	if target.SupersededByID != 0 {
		return &Error{Kind: KindConflict, Code: "already_superseded",
			Message: "This entry was already corrected; correct the latest version instead.",
			Args:    map[string]any{"superseded_by": target.SupersededByID}}
	}
	var v Validation
	validateCorrectionReason(&v, reason)
	return v.Err()
}

// CanCorrectInterview checks that actor may append a correction of the
// recorded interview target, given every interview record of its
// application (history). Anyone who may record interviews may correct one,
// since the interviewer who made the mistake may be away; the reason and both
// versions remain for the reader. Interview.Correction then builds the new
// record. Call both inside the transaction that appends it.
func CanCorrectInterview(actor Actor, target Interview, history []Interview, reason string) error {
	if err := actor.Require(PermInterviewRecord); err != nil {
		return err
	}
	if !target.Completed() {
		return Fail(KindConflict, "interview_not_recorded", "Only a recorded interview can be corrected.")
	}
	t := CorrectionTarget{ID: target.ID}
	for _, iv := range history {
		if iv.SupersedesID != nil && *iv.SupersedesID == target.ID {
			t.SupersededByID = iv.ID
			break
		}
	}
	return CheckCorrection(t, reason)
}

func validateCorrectionReason(v *Validation, reason string) {
	switch reason = strings.TrimSpace(reason); {
	case reason == "":
		v.Add("correction_reason", "required", "Say why the entry is corrected.")
	case len([]rune(reason)) > maxReasonLength:
		v.Add("correction_reason", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": maxReasonLength})
	}
}
