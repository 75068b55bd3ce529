package models

import "testing"

func TestDefaultSettings(t *testing.T) {
	s := DefaultSettings()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.InterviewMaxAgeDays != 90 || s.RenewalWindowDays != 60 || s.HouseholdCap != 1 || s.MaxCumulativeYears != 10 ||
		!s.RequireSoleNameAccount || s.MaxUploadBytes != 10*1024*1024 {
		t.Errorf("defaults = %+v", s)
	}
}

func TestMaxCumulativeDays(t *testing.T) {
	tests := []struct{ years, days int }{{1, 366}, {4, 1461}, {5, 1827}, {10, 3653}}
	for _, tt := range tests {
		s := Settings{MaxCumulativeYears: tt.years}
		if got := s.MaxCumulativeDays(); got != tt.days {
			t.Errorf("%d years = %d days, want %d", tt.years, got, tt.days)
		}
	}
	// Ten back-to-back yearly cards, whatever leap days they hold, fit.
	for start := 2015; start <= 2019; start++ {
		p := Period{lcDay(start, 3, 1), lcDay(start+10, 2, 28)}
		if p.Days() > DefaultSettings().MaxCumulativeDays() {
			t.Errorf("ten years from %d = %d days, over the cap", start, p.Days())
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Settings)
		want   []string
	}{
		{"zero is not unlimited", func(s *Settings) { *s = Settings{} }, []string{
			"full_time_weekly_hours:out_of_range", "household_cap:out_of_range", "interview_max_age_days:out_of_range",
			"max_cumulative_years:out_of_range", "max_upload_bytes:out_of_range", "renewal_window_days:out_of_range",
			"suppression_threshold:out_of_range", "k_anonymity:out_of_range", "retention_months_after_last_card:out_of_range",
			"retention_months_after_refusal:out_of_range"}},
		{"head of mission below household", func(s *Settings) { s.HouseholdCap, s.HeadOfMissionHouseholdCap = 2, 1 },
			[]string{"head_of_mission_household_cap:out_of_range"}},
		{"interview a year old", func(s *Settings) { s.InterviewMaxAgeDays = 400 }, []string{"interview_max_age_days:out_of_range"}},
		{"upload of 1 GiB", func(s *Settings) { s.MaxUploadBytes = 1 << 30 }, []string{"max_upload_bytes:out_of_range"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := DefaultSettings()
			tt.mutate(&s)
			if got := lcFieldCodes(t, s.Validate()); !lcSameStrings(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	s := DefaultSettings()
	if s.HouseholdCapFor(Employer{}) != 1 || s.HouseholdCapFor(Employer{HeadOfMission: true}) != 3 {
		t.Error("HouseholdCapFor")
	}
}
