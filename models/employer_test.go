package models

import (
	"strings"
	"testing"
	"time"
)

func TestEmployerValidate(t *testing.T) {
	ok := Employer{MissionID: 10, FamilyName: " Santos ", GivenNames: "José", Title: "First  Secretary"}
	tests := []struct {
		name   string
		mutate func(*Employer)
		want   []string
	}{
		{"ok", func(e *Employer) {}, nil},
		{"no mission, no name", func(e *Employer) { e.MissionID, e.FamilyName = 0, "" },
			[]string{"family_name:required", "mission_id:required"}},
		{"title too long", func(e *Employer) { e.Title = strings.Repeat("x", 101) }, []string{"title:too_long"}},
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
	e := ok
	e.PostingEndsOn = lcPtr(lcAt(2027, 8, 31, 18))
	e.Normalize()
	if e.FamilyName != "Santos" || e.Title != "First Secretary" || e.SearchName != "santos jose" ||
		!e.PostingEndsOn.Equal(lcDay(2027, 8, 31)) || e.FullName() != "José Santos" {
		t.Errorf("Normalize = %+v", e)
	}
}

func TestEmployerPostingEnded(t *testing.T) {
	end := lcDay(2025, 8, 31)
	tests := []struct {
		ends *time.Time
		day  time.Time
		want bool
	}{
		{nil, lcDay(2040, 1, 1), false},
		{&end, lcAt(2025, 8, 31, 23), false}, // the last day of the posting
		{&end, lcDay(2025, 9, 1), true},
		{&end, lcDay(2025, 1, 1), false},
	}
	for _, tt := range tests {
		if got := (Employer{PostingEndsOn: tt.ends}).PostingEnded(tt.day); got != tt.want {
			t.Errorf("PostingEnded(%s) = %v", tt.day, got)
		}
	}
}
