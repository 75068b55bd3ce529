package models

import (
	"testing"
	"time"
)

func TestCanRecordInterview(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	iv := Interview{ID: 1, ApplicationID: 1, InterviewerID: 7, ScheduledAt: at}
	who := func(id int64, roles ...Role) Actor { return Actor{User: &User{ID: id, Roles: roles, Active: true}} }
	for _, tc := range []struct {
		name  string
		actor Actor
		held  time.Time
		code  string
	}{
		{"the interviewer on time", who(7, RoleInterviewer), at, ""},
		{"thirty minutes early", who(7, RoleInterviewer), at.Add(-30 * time.Minute), ""},
		{"thirty-one minutes early", who(7, RoleInterviewer), at.Add(-31 * time.Minute), "invalid_input"},
		{"late is fine", who(7, RoleInterviewer), at.Add(5 * time.Hour), ""},
		{"another interviewer", who(8, RoleInterviewer), at, CodeNotAssignedInterviewer},
		{"an admin", who(9, RoleAdmin), at, "forbidden"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CanRecordInterview(tc.actor, iv, tc.held, 30)
			if got := ErrorCode(err); got != tc.code && !(tc.code == "" && err == nil) {
				t.Fatalf("got %v, want %q", err, tc.code)
			}
		})
	}
}

func TestCanReassignInterview(t *testing.T) {
	held := time.Now()
	admin := Actor{User: &User{ID: 9, Roles: []Role{RoleAdmin}, Active: true}}
	iv := Interview{ID: 1, InterviewerID: 7}
	for _, tc := range []struct {
		name  string
		actor Actor
		iv    Interview
		r     Reassignment
		code  string
	}{
		{"an admin with a reason", admin, iv, Reassignment{InterviewerID: 8, Reason: "ill"}, ""},
		{"no reason", admin, iv, Reassignment{InterviewerID: 8}, "invalid_input"},
		{"the same interviewer", admin, iv, Reassignment{InterviewerID: 7, Reason: "x"}, "invalid_input"},
		{"a clerk", Actor{User: &User{ID: 3, Roles: []Role{RoleClerk}, Active: true}}, iv, Reassignment{InterviewerID: 8, Reason: "x"}, "forbidden"},
		{"already recorded", admin, Interview{ID: 1, InterviewerID: 7, HeldAt: &held, RecordedAt: &held}, Reassignment{InterviewerID: 8, Reason: "x"}, CodeInterviewAlreadyRecorded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CanReassignInterview(tc.actor, tc.iv, tc.r)
			if got := ErrorCode(err); got != tc.code && !(tc.code == "" && err == nil) {
				t.Fatalf("got %v, want %q", err, tc.code)
			}
		})
	}
}
