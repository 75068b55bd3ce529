package models

import (
	"testing"
	"time"
)

// TestOneScheduleTolerance: booking (ValidateSchedule) and reassignment
// (ReassignedTime) judge a new time by the same rule: up to
// ScheduleTolerance behind now is not the past, a second more is.
func TestOneScheduleTolerance(t *testing.T) {
	now := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		at   time.Time
		past bool
	}{
		{"an hour ahead", now.Add(time.Hour), false},
		{"now", now, false},
		{"thirty seconds ago", now.Add(-30 * time.Second), false},
		{"exactly the tolerance ago", now.Add(-ScheduleTolerance), false},
		{"a second beyond the tolerance", now.Add(-ScheduleTolerance - time.Second), true},
		{"an hour ago", now.Add(-time.Hour), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := InPast(tt.at, now); got != tt.past {
				t.Errorf("InPast = %v, want %v", got, tt.past)
			}
			iv := Interview{ApplicationID: 1, InterviewerID: 2, Room: "Room 2.14", ScheduledAt: tt.at}
			booked := ivFieldCode(iv.ValidateSchedule(now)) == "in_past"
			_, err := ReassignedTime(Interview{ScheduledAt: now.Add(-3 * time.Hour)}, Reassignment{InterviewerID: 3, Reason: "ill", ScheduledAt: tt.at}, now)
			reassigned := ivFieldCode(err) == CodeReassignInPast
			if booked != tt.past || reassigned != tt.past {
				t.Errorf("booking refused %v, reassignment refused %v; want both %v", booked, reassigned, tt.past)
			}
		})
	}
}

// ivFieldCode is the code of err's scheduled_at field error, if any.
func ivFieldCode(err error) string {
	if e, ok := err.(*Error); ok {
		if f, ok := e.Field("scheduled_at"); ok {
			return f.Code
		}
	}
	return ""
}
