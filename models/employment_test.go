package models

import (
	"testing"
	"time"
)

func TestEmploymentValidate(t *testing.T) {
	ok := Employment{WorkerID: 30, EmployerID: 20, StartsOn: lcAt(2025, 7, 1, 9), JobCategory: JobChildcare, WeeklyHours: 38, LiveIn: true}
	tests := []struct {
		name   string
		mutate func(*Employment)
		want   []string
	}{
		{"ok", func(e *Employment) {}, nil},
		{"with an end date", func(e *Employment) { e.EndsOn = lcPtr(lcDay(2026, 6, 30)) }, nil},
		{"one-day employment", func(e *Employment) { e.EndsOn = lcPtr(lcDay(2025, 7, 1)) }, nil},
		{"ends before it starts", func(e *Employment) { e.EndsOn = lcPtr(lcDay(2025, 6, 30)) }, []string{"ends_on:before_start"}},
		{"48 hours", func(e *Employment) { e.WeeklyHours = 48 }, nil},
		{"excessive hours", func(e *Employment) { e.WeeklyHours = 60 }, []string{"weekly_hours:out_of_range"}},
		{"no hours", func(e *Employment) { e.WeeklyHours = 0 }, []string{"weekly_hours:out_of_range"}},
		{"empty", func(e *Employment) { *e = Employment{} }, []string{
			"employer_id:required", "job_category:invalid_choice", "starts_on:required", "weekly_hours:out_of_range", "worker_id:required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ok
			tt.mutate(&e)
			e.Normalize()
			if got := lcFieldCodes(t, e.Validate()); !lcSameStrings(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEmploymentActiveOn(t *testing.T) {
	end := lcDay(2026, 6, 30)
	tests := []struct {
		ends         *time.Time
		day          time.Time
		active, over bool
	}{
		{nil, lcDay(2025, 6, 30), false, false}, // not started
		{nil, lcAt(2025, 7, 1, 0), true, false},
		{nil, lcDay(2035, 1, 1), true, false},
		{&end, lcAt(2026, 6, 30, 23), true, false}, // last day
		{&end, lcDay(2026, 7, 1), false, true},
	}
	for _, tt := range tests {
		e := Employment{StartsOn: lcDay(2025, 7, 1), EndsOn: tt.ends}
		if e.ActiveOn(tt.day) != tt.active || e.Ended(tt.day) != tt.over {
			t.Errorf("on %s: active %v ended %v", tt.day, e.ActiveOn(tt.day), e.Ended(tt.day))
		}
	}
}
