package models

import (
	"testing"
	"time"
)

func TestQueueWindows(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	for _, c := range []struct {
		now                        string
		day, dayEnd, week, weekEnd string
		dayHours                   float64
	}{
		{"2026-03-04 10:00", "2026-03-04 00:00", "2026-03-05 00:00", "2026-03-02 00:00", "2026-03-09 00:00", 24},
		// Monday just after midnight is in its own week; Sunday late in the last.
		{"2026-03-02 00:05", "2026-03-02 00:00", "2026-03-03 00:00", "2026-03-02 00:00", "2026-03-09 00:00", 24},
		{"2026-03-08 23:55", "2026-03-08 00:00", "2026-03-09 00:00", "2026-03-02 00:00", "2026-03-09 00:00", 24},
		// The clocks go forward on 29 March 2026: a 23-hour day.
		{"2026-03-29 12:00", "2026-03-29 00:00", "2026-03-30 00:00", "2026-03-23 00:00", "2026-03-30 00:00", 23},
		// Back on 25 October 2026: 25 hours.
		{"2026-10-25 12:00", "2026-10-25 00:00", "2026-10-26 00:00", "2026-10-19 00:00", "2026-10-26 00:00", 25},
	} {
		now := at(c.now)
		d, w := DayWindow(now.UTC(), loc), WeekWindow(now.UTC(), loc)
		if !d.From.Equal(at(c.day)) || !d.To.Equal(at(c.dayEnd)) || d.To.Sub(d.From).Hours() != c.dayHours {
			t.Errorf("%s: day %v–%v", c.now, d.From, d.To)
		}
		if !w.From.Equal(at(c.week)) || !w.To.Equal(at(c.weekEnd)) {
			t.Errorf("%s: week %v–%v", c.now, w.From, w.To)
		}
		if !d.Contains(now) || !w.Contains(now) || d.Contains(d.To) {
			t.Errorf("%s: windows do not hold now, or hold their end", c.now)
		}
	}
}

func TestAccountNeedsReview(t *testing.T) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	days := func(n int) time.Time { return now.AddDate(0, 0, -n) }
	ptr := func(t time.Time) *time.Time { return &t }
	for _, c := range []struct {
		name string
		u    User
		last *time.Time
		want bool
	}{
		{"new account", User{Active: true, CreatedAt: days(2)}, nil, false},
		{"never signed in for the period", User{Active: true, CreatedAt: days(AccountReviewDays + 1)}, nil, true},
		{"signed in lately", User{Active: true, CreatedAt: days(400)}, ptr(days(10)), false},
		{"unused for the period", User{Active: true, CreatedAt: days(400)}, ptr(days(AccountReviewDays + 1)), true},
		{"password set by an admin, unused for a week", User{Active: true, MustChangePassword: true, CreatedAt: days(8)}, nil, true},
		{"password set by an admin yesterday", User{Active: true, MustChangePassword: true, CreatedAt: days(1)}, nil, false},
		{"deactivated", User{Active: false, CreatedAt: days(400)}, nil, false},
	} {
		if got := AccountNeedsReview(c.u, c.last, now); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestQueuesFor(t *testing.T) {
	for _, role := range Roles {
		a := Actor{User: &User{ID: 1, Active: true, Roles: []Role{role}}}
		qs := QueuesFor(a)
		if role == RoleOversight { // reads the yearly figures, works no queue
			if len(qs) != 0 {
				t.Errorf("oversight sees queues %v", qs)
			}
			continue
		}
		if len(qs) == 0 {
			t.Errorf("%s has no queue", role)
		}
		for _, d := range qs {
			if d.Role != role {
				t.Errorf("%s sees %s, a queue of the %s", role, d.Queue, d.Role)
			}
			if !d.Queue.Valid() {
				t.Errorf("unknown queue %s", d.Queue)
			}
		}
	}
	if (Queue("nope")).Valid() {
		t.Error("an unknown queue is valid")
	}
}
