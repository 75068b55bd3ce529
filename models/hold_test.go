package models

import (
	"testing"
	"time"
)

func TestCanDecideHold(t *testing.T) {
	admin := Actor{User: &User{ID: 20, Active: true, Roles: []Role{RoleAdmin}}}
	interviewerAdmin := Actor{User: &User{ID: 30, Active: true, Roles: []Role{RoleAdmin, RoleInterviewer}}}
	interviewer := Actor{User: &User{ID: 31, Active: true, Roles: []Role{RoleInterviewer}}}
	system := System("system")
	concerns := HeldInterview{InterviewID: 5, InterviewerID: 30, Outcome: OutcomeConcerns}
	referred := HeldInterview{InterviewID: 5, InterviewerID: 30, Outcome: OutcomeReferral, HasReferral: true}
	cleared := HeldInterview{InterviewID: 5, InterviewerID: 30, Outcome: OutcomeCleared}
	// Recorded by admin 20 on behalf of interviewer 30.
	recordedByAdmin := HeldInterview{InterviewID: 5, InterviewerID: 30, RecordedByID: 20, Outcome: OutcomeConcerns}
	d := func(kind HoldDecisionKind, by int64, reason string) HoldDecision {
		return HoldDecision{ApplicationID: 1, InterviewID: 5, Decision: kind, Reason: reason, DecidedByID: by, DecidedAt: time.Now()}
	}
	tests := []struct {
		name  string
		actor Actor
		d     HoldDecision
		held  HeldInterview
		kind  Kind
		code  string // "" = allowed; a field code when kind is invalid
		field string
	}{
		{"release by another admin", admin, d(HoldRelease, 20, "Worker confirmed pay was regularised."), concerns, "", "", ""},
		{"refuse", admin, d(HoldRefuse, 20, "Employer refused the second interview."), concerns, "", "", ""},
		{"close as referred", admin, d(HoldCloseReferred, 20, "PAG-ASA follows the worker."), referred, "", "", ""},
		{"refuse by the interviewer-admin is allowed", interviewerAdmin, d(HoldRefuse, 30, "r"), concerns, "", "", ""},
		{"release by the interviewer", interviewerAdmin, d(HoldRelease, 30, "r"), concerns, KindConflict, "same_person", ""},
		{"release by whoever recorded it", admin, d(HoldRelease, 20, "r"), recordedByAdmin, KindConflict, "same_person", ""},
		{"refuse by whoever recorded it is allowed", admin, d(HoldRefuse, 20, "r"), recordedByAdmin, "", "", ""},
		{"release without reason", admin, d(HoldRelease, 20, "  "), concerns, KindInvalid, "required", "reason"},
		{"refuse without reason", admin, d(HoldRefuse, 20, ""), concerns, KindInvalid, "required", "reason"},
		{"close without reason", admin, d(HoldCloseReferred, 20, ""), referred, KindInvalid, "required", "reason"},
		{"close without referral", admin, d(HoldCloseReferred, 20, "r"), concerns, KindConflict, "referral_required", ""},
		{"unknown decision", admin, d("postpone", 20, "r"), concerns, KindInvalid, "invalid_choice", "decision"},
		{"recorded in someone else's name", admin, d(HoldRelease, 99, "r"), concerns, KindInvalid, "mismatch", "decided_by_id"},
		{"not on hold", admin, d(HoldRelease, 20, "r"), cleared, KindConflict, "not_on_hold", ""},
		{"another interview", admin, func() HoldDecision { x := d(HoldRelease, 20, "r"); x.InterviewID = 6; return x }(), concerns, KindConflict, "wrong_interview", ""},
		{"interviewer is not an admin", interviewer, d(HoldRelease, 31, "r"), concerns, KindForbidden, "forbidden", ""},
		{"no system decisions", system, d(HoldRelease, 0, "r"), concerns, KindForbidden, "forbidden", ""},
		{"anonymous", Actor{}, d(HoldRelease, 0, "r"), concerns, KindUnauthorized, "unauthenticated", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CanDecideHold(tt.actor, tt.d, tt.held)
			switch {
			case tt.kind == "":
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
			case tt.kind == KindInvalid:
				requireFieldErr(t, err, tt.field, tt.code)
			default:
				requireKindCode(t, err, tt.kind, tt.code)
			}
		})
	}
}

func TestHoldDecisionActions(t *testing.T) {
	want := map[HoldDecisionKind]ApplicationStatus{
		HoldRelease:       ApplicationApproved,
		HoldRefuse:        ApplicationRefused,
		HoldCloseReferred: ApplicationReferred,
	}
	for _, k := range HoldDecisionKinds {
		next, err := Apply(ApplicationOnHold, k.Action())
		if err != nil || next != want[k] {
			t.Errorf("%s from on_hold: %s, %v; want %s", k, next, err, want[k])
		}
		if !k.Action().NeedsReason() {
			t.Errorf("%s: the history does not require a reason but the decision does", k)
		}
		if k.ReleasesGate() != (k == HoldRelease) || k.Label() == string(k) || !k.Valid() {
			t.Errorf("%s: ReleasesGate/Label/Valid", k)
		}
	}
	if HoldDecisionKind("x").Valid() || HoldDecisionKind("x").Action() != "" {
		t.Error("unknown decision accepted")
	}
}

func TestCheckCorrection(t *testing.T) {
	tests := []struct {
		name   string
		target CorrectionTarget
		reason string
		kind   Kind
		code   string
	}{
		{"latest version", CorrectionTarget{ID: 4}, "Typo in the outcome.", "", ""},
		{"already superseded", CorrectionTarget{ID: 4, SupersededByID: 9}, "r", KindConflict, "already_superseded"},
		{"no such entry", CorrectionTarget{}, "r", KindNotFound, "not_found"},
		{"no reason", CorrectionTarget{ID: 4}, " ", KindInvalid, "invalid_input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCorrection(tt.target, tt.reason)
			if tt.kind == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			requireKindCode(t, err, tt.kind, tt.code)
		})
	}
	requireFieldErr(t, CheckCorrection(CorrectionTarget{ID: 1}, ""), "correction_reason", "required")
}

func TestCanCorrectInterview(t *testing.T) {
	held := time.Date(2027, 3, 2, 10, 0, 0, 0, time.UTC)
	by := int64(31)
	recorded := Interview{ID: 5, ApplicationID: 1, InterviewerID: 31, HeldAt: &held, RecordedByID: &by, EmployerAbsent: true, Outcome: OutcomeCleared}
	correction := recorded
	correction.ID, correction.SupersedesID, correction.CorrectionReason = 6, &recorded.ID, "wrong outcome"
	scheduled := Interview{ID: 7, ApplicationID: 1, InterviewerID: 31}
	interviewer := Actor{User: &User{ID: 32, Active: true, Roles: []Role{RoleInterviewer}}}
	clerk := Actor{User: &User{ID: 40, Active: true, Roles: []Role{RoleClerk}}}

	if err := CanCorrectInterview(interviewer, recorded, []Interview{recorded}, "Outcome entered wrongly."); err != nil {
		t.Errorf("colleague correcting: %v", err)
	}
	requireKindCode(t, CanCorrectInterview(interviewer, recorded, []Interview{recorded, correction}, "again"), KindConflict, "already_superseded")
	if err := CanCorrectInterview(interviewer, correction, []Interview{recorded, correction}, "again"); err != nil {
		t.Errorf("correcting the latest version: %v", err)
	}
	requireKindCode(t, CanCorrectInterview(interviewer, scheduled, nil, "r"), KindConflict, "interview_not_recorded")
	requireFieldErr(t, CanCorrectInterview(interviewer, recorded, nil, ""), "correction_reason", "required")
	requireKindCode(t, CanCorrectInterview(clerk, recorded, nil, "r"), KindForbidden, "forbidden")
}
