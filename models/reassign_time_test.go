package models

import (
	"testing"
	"time"
)

// TestReassignedTime: the scheduled time is kept unless a new one is given
// (past or ahead: the new interviewer records what was held then); a new
// time cannot be in the past.
func TestReassignedTime(t *testing.T) {
	now := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	past, ahead := now.Add(-3*time.Hour), now.Add(2*time.Hour)
	for _, c := range []struct {
		name      string
		scheduled time.Time
		given     time.Time
		want      time.Time
		code      string
	}{
		{"past, kept", past, time.Time{}, past, ""},
		{"ahead, kept", ahead, time.Time{}, ahead, ""},
		{"past, booked again tomorrow", past, now.Add(24 * time.Hour), now.Add(24 * time.Hour), ""},
		{"ahead, moved", ahead, ahead.Add(time.Hour), ahead.Add(time.Hour), ""},
		{"a new time in the past", past, now.Add(-time.Hour), time.Time{}, CodeReassignInPast},
		{"the scheduled past time given again, kept", past, past, past, ""},
		{"now is not the past", past, now, now, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := ReassignedTime(Interview{ScheduledAt: c.scheduled}, Reassignment{InterviewerID: 2, Reason: "x", ScheduledAt: c.given}, now)
			if c.code != "" {
				var code string
				if e, ok := err.(*Error); ok {
					if f, ok := e.Field("scheduled_at"); ok {
						code = f.Code
					}
				}
				if code != c.code {
					t.Fatalf("error %v, want %s on scheduled_at", err, c.code)
				}
				return
			}
			if err != nil || !got.Equal(c.want) {
				t.Errorf("got %s, %v; want %s", got, err, c.want)
			}
		})
	}
}
