package models

import (
	"testing"
	"time"
)

// mediums answers yes to n medium indicators of dimension d.
func mediums(d Dimension, n int) []IndicatorResponse {
	var out []IndicatorResponse
	for _, ind := range IndicatorsInDimension(d) {
		if ind.Grade == GradeMedium && len(out) < n {
			out = append(out, IndicatorResponse{Code: ind.Code, Answer: IndicatorYes})
		}
	}
	return out
}

func TestClearanceEvidence(t *testing.T) {
	var positive []IndicatorResponse
	for _, d := range []Dimension{DimensionCoerciveRecruitment, DimensionExploitativeConditions, DimensionCoercionAtDestination} {
		positive = append(positive, mediums(d, 3)...)
	}
	for _, tc := range []struct {
		name      string
		responses []IndicatorResponse
		outcome   InterviewOutcome
		want      bool
	}{
		{"all no", []IndicatorResponse{{Code: ILOIsolation, Answer: IndicatorNo}}, OutcomeCleared, false},
		{"an ILO indicator unclear", []IndicatorResponse{{Code: ILOIsolation, Answer: IndicatorUnclear}}, OutcomeCleared, false},
		{"an ILO indicator yes", []IndicatorResponse{{Code: ILORetentionOfIdentityDocuments, Answer: IndicatorYes}}, OutcomeCleared, true},
		{"a strong ILO-EC indicator yes", []IndicatorResponse{{Code: "coercion_at_destination.confiscation_of_documents", Answer: IndicatorYes}}, OutcomeCleared, true},
		{"medium ILO-EC indicators, screening negative", mediums(DimensionExploitativeConditions, 3), OutcomeCleared, false},
		{"screening positive from mediums alone", positive, OutcomeCleared, true},
		{"concerns need no confirmation", []IndicatorResponse{{Code: ILORetentionOfIdentityDocuments, Answer: IndicatorYes}}, OutcomeConcerns, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := InterviewRecording{Outcome: tc.outcome, Indicators: tc.responses}
			if got := r.NeedsClearanceConfirmation(); got != tc.want {
				t.Fatalf("NeedsClearanceConfirmation = %v, want %v (%+v)", got, tc.want, ClearanceEvidenceOf(tc.responses))
			}
			var v Validation
			r.validateClearanceReason(&v)
			if v.Has("clearance_reason") != tc.want {
				t.Errorf("reason required = %v, want %v", v.Has("clearance_reason"), tc.want)
			}
			r.ClearanceReason = "Documents back in her hands"
			v = Validation{}
			r.validateClearanceReason(&v)
			if v.Has("clearance_reason") {
				t.Errorf("a reason given is still refused")
			}
		})
	}
	if e := ClearanceEvidenceOf(positive); !e.ScreeningPositive || len(e.ILOYes)+len(e.StrongYes) != 0 {
		t.Errorf("screening evidence: %+v", e)
	}
}

func TestCanConfirmClearance(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	held, by := now.Add(-time.Hour), int64(7)
	iv := Interview{ID: 3, ApplicationID: 1, InterviewerID: 7, HeldAt: &held, RecordedByID: &by, RecordedAt: &now, EmployerAbsent: true, Outcome: OutcomeCleared}
	ivID := iv.ID
	waiting := Application{ID: 1, Events: []ApplicationEvent{
		{Action: ActionSubmit}, {Action: ActionScheduleInterview, InterviewID: &ivID},
		{Action: ActionRecordInterviewCleared, InterviewID: &ivID}, {Action: ActionHoldForClearanceReview, InterviewID: &ivID}}}
	released := waiting
	released.Events = append(append([]ApplicationEvent{}, waiting.Events...), ApplicationEvent{Action: ActionReleaseHold, InterviewID: &ivID, Reason: "ok"})
	admin := func(id int64, roles ...Role) Actor {
		return Actor{User: &User{ID: id, Roles: roles, Active: true}}
	}
	ok := ClearanceConfirmation{InterviewID: 3, Decision: ClearanceConfirmed, Reason: "seen again"}
	for _, tc := range []struct {
		name  string
		actor Actor
		c     ClearanceConfirmation
		app   Application
		code  string
	}{
		{"another admin", admin(9, RoleAdmin), ok, waiting, ""},
		{"another admin declines", admin(9, RoleAdmin), ClearanceConfirmation{InterviewID: 3, Decision: ClearanceDeclined, Reason: "no"}, waiting, ""},
		{"the admin who held it", admin(7, RoleAdmin, RoleInterviewer), ok, waiting, CodeClearanceByInterviewer},
		{"an interviewer", admin(8, RoleInterviewer), ok, waiting, "forbidden"},
		{"no reason", admin(9, RoleAdmin), ClearanceConfirmation{InterviewID: 3, Decision: ClearanceConfirmed}, waiting, "invalid_input"},
		{"already confirmed", admin(9, RoleAdmin), ok, released, CodeClearanceNotAwaited},
		{"another interview", admin(9, RoleAdmin), ClearanceConfirmation{InterviewID: 4, Decision: ClearanceConfirmed, Reason: "x"}, waiting, CodeClearanceNotAwaited},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CanConfirmClearance(tc.actor, tc.c, tc.app, iv)
			if got := ErrorCode(err); got != tc.code && !(tc.code == "" && err == nil) {
				t.Fatalf("got %v, want %q", err, tc.code)
			}
		})
	}
}
