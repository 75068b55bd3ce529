package models

import (
	"errors"
	"strings"
	"time"
)

// InterviewRecording is everything the interviewer records after the private
// interview. The checklist and the 11 ILO indicators of forced labour are
// each answered; the ILO-EC indicators only where the interviewer went
// deeper. Notes are plain text here and sealed before they are stored.
type InterviewRecording struct {
	HeldAt       time.Time
	Attestations InterviewAttestations
	// Interpreter is who interpreted; nil when nobody did. Whether the
	// interpreter is independent is the attestation's to say
	// (Attestations.InterpreterIndependent), never a second field.
	Interpreter *Interpreter
	Checklist   []ChecklistEntry
	Indicators  []IndicatorResponse
	Notes       string
	Outcome     InterviewOutcome
	// ClearanceReason is the interviewer's written reason for clearing
	// against the evidence (NeedsClearanceConfirmation); confidential.
	ClearanceReason string
	// Referral is required with the outcome referral, refused otherwise.
	Referral *Referral
}

// Validate checks the whole record at once, so a form can show every
// problem beside its field: the time it was held, the attestations and the
// interpreter's independence, the checklist, an answer to each of the 11 ILO
// indicators, the notes' length, the outcome and its referral.
func (r InterviewRecording) Validate(now time.Time) error {
	var v Validation
	switch {
	case r.HeldAt.IsZero():
		v.Add("held_at", "required", "Enter when the interview was held.")
	case r.HeldAt.After(now):
		v.Add("held_at", "in_future", "The interview cannot have been held in the future.")
	}
	// An interview held with the employer or the mission present was not
	// the private interview: it is refused here, with the consequence, so
	// that no record can show it cleared while the gate refuses the card.
	att := r.Attestations
	interpreter := r.Interpreter
	if interpreter != nil {
		i := *interpreter
		i.LinkedToEmployerOrMission = !r.Attestations.InterpreterIndependent
		interpreter = &i
	}
	v.Merge(ValidateAttestations(att, interpreter))
	v.Merge(ValidateChecklist(r.Checklist))
	v.Merge(ValidateIndicatorResponses(r.Indicators))
	answered := map[string]bool{}
	for _, resp := range r.Indicators {
		answered[resp.Code] = true
	}
	for _, ind := range Indicators(TaxonomyILOForcedLabour) {
		if field := "indicators." + ind.Code; !answered[ind.Code] && !v.Has(field) {
			v.Add(field, "required", "Answer no, yes or unclear.")
		}
	}
	if len([]rune(r.Notes)) > MaxNoteLength {
		v.Add("notes", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": MaxNoteLength})
	}
	v.Merge(ValidateOutcome(r.Outcome, r.Referral, now))
	r.validateClearanceReason(&v)
	return v.Err()
}

// Gate is the part of the record the card gate reads, as recorded by by.
func (r InterviewRecording) Gate(by int64) InterviewRecord {
	return InterviewRecord{RecordedByID: by, HeldAt: r.HeldAt.UTC(), EmployerAbsent: r.Attestations.EmployerAndMissionAbsent, Outcome: r.Outcome}
}

// InterviewBooking is an appointment for the private interview: with whom,
// when, where, and the interpreter when one is booked.
type InterviewBooking struct {
	InterviewerID int64
	At            time.Time
	Room          string
	// Interpreter, when one is booked: the language and the person or
	// service. The scheduler confirms the interpreter is independent
	// (LinkedToEmployerOrMission false); one linked to the employer or the
	// mission is refused.
	Interpreter *Interpreter
}

// ValidateInterpreter checks the booked interpreter, if any: independent,
// with a language and a name.
func (b InterviewBooking) ValidateInterpreter() error {
	i := b.Interpreter
	if i == nil {
		return nil
	}
	var v Validation
	if i.LinkedToEmployerOrMission {
		v.Add("interpreter", "interpreter_not_independent",
			"An interpreter linked to the employer or the mission may not interpret: book an independent interpreter.")
	}
	for _, f := range []struct{ field, value, msg string }{
		{"interpreter.language", i.Language, "Name the language."},
		{"interpreter.name_or_service", i.NameOrService, "Name the interpreter or the interpreting service."},
	} {
		switch n := len([]rune(strings.TrimSpace(f.value))); {
		case n == 0:
			v.Add(f.field, "required", f.msg)
		case n > 200:
			v.Add(f.field, "too_long", "Use at most {{.max}} characters.", map[string]any{"max": 200})
		}
	}
	return v.Err()
}

// Merge adds the field errors of err, a domain validation, to v, keeping the
// first error of each field; any other error is ignored (the caller returns
// it separately).
func (v *Validation) Merge(err error) {
	var e *Error
	if !errors.As(err, &e) {
		return
	}
	for _, f := range e.Fields {
		if !v.Has(f.Field) {
			v.Add(f.Field, f.Code, f.Message, f.Args)
		}
	}
}
