package models

import (
	"slices"
	"testing"
)

// TestCorrectionActions: what a correction appends, by status and outcome.
// A clearance never lifts a hold on its own: on hold, a clearance against
// the evidence waits for its confirmation, one without evidence is refused.
func TestCorrectionActions(t *testing.T) {
	evidence := []IndicatorResponse{{Code: ILORetentionOfIdentityDocuments, Answer: IndicatorYes}}
	none := []IndicatorResponse{{Code: ILORetentionOfIdentityDocuments, Answer: IndicatorNo}}
	rec := func(o InterviewOutcome, ind []IndicatorResponse) InterviewRecording {
		return InterviewRecording{Outcome: o, Indicators: ind}
	}
	for _, c := range []struct {
		name   string
		status ApplicationStatus
		target InterviewOutcome
		r      InterviewRecording
		want   []Action
		code   string
	}{
		{"concerns on hold into a clearance against the evidence", ApplicationOnHold, OutcomeConcerns, rec(OutcomeCleared, evidence), []Action{ActionHoldForClearanceReview}, ""},
		{"referral on hold into a clearance against the evidence", ApplicationOnHold, OutcomeReferral, rec(OutcomeCleared, evidence), []Action{ActionHoldForClearanceReview}, ""},
		{"clearance waiting, corrected against the evidence", ApplicationOnHold, OutcomeCleared, rec(OutcomeCleared, evidence), []Action{ActionHoldForClearanceReview}, ""},
		{"concerns on hold into a plain clearance", ApplicationOnHold, OutcomeConcerns, rec(OutcomeCleared, none), nil, CodeActionNotAllowed},
		{"clearance waiting, corrected into a plain clearance", ApplicationOnHold, OutcomeCleared, rec(OutcomeCleared, none), nil, CodeActionNotAllowed},
		{"concerns on hold into a referral", ApplicationOnHold, OutcomeConcerns, rec(OutcomeReferral, evidence), []Action{ActionRecordInterviewReferral}, ""},
		{"approved clearance corrected against the evidence", ApplicationApproved, OutcomeCleared, rec(OutcomeCleared, evidence), []Action{ActionHoldForClearanceReview}, ""},
		{"approved clearance corrected, still clear", ApplicationApproved, OutcomeCleared, rec(OutcomeCleared, none), nil, ""},
		{"approved clearance corrected into concerns", ApplicationApproved, OutcomeCleared, rec(OutcomeConcerns, evidence), []Action{ActionRecordInterviewConcerns}, ""},
		{"held only, corrected into a clearance against the evidence", ApplicationInterviewed, "", rec(OutcomeCleared, evidence),
			[]Action{ActionRecordInterviewCleared, ActionHoldForClearanceReview}, ""},
		{"card ready", ApplicationCardReady, OutcomeCleared, rec(OutcomeConcerns, evidence), nil, CodeActionNotAllowed},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := CorrectionActions(c.status, c.target, c.r)
			if ErrorCode(err) != c.code && !(c.code == "" && err == nil) {
				t.Fatalf("error %v, want code %q", err, c.code)
			}
			if c.code != "" && err == nil {
				t.Fatalf("accepted, want %q", c.code)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("actions %v, want %v", got, c.want)
			}
		})
	}
}
