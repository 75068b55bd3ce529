package models

// Settings are the rules the Protocol Directorate may tune without a new
// release. Everything DOMAIN.md marks UNCONFIRMED for Belgium lives here rather
// than in code, so that a confirmed figure is a configuration change.
//
// The zero value is not usable; start from DefaultSettings and override.
type Settings struct {
	// InterviewMaxAgeDays is how many calendar days after the private interview
	// a card may still be issued on its strength. Past it, the worker is
	// interviewed again: an old "all is well" says little about today.
	InterviewMaxAgeDays int

	// RenewalWindowDays is how far ahead of a card's expiry it shows up in the
	// renewals-due list.
	RenewalWindowDays int

	// HouseholdCap is the number of private servants one employer may have.
	// UNCONFIRMED for Belgium. The default of 1 follows Switzerland, Germany
	// and the Netherlands, which all allow one; a stricter default is the safe
	// error (an admin can raise it) where a looser one would silently allow
	// households the rules may forbid.
	HouseholdCap int

	// HeadOfMissionHouseholdCap applies instead of HouseholdCap to an employer
	// who heads the mission. UNCONFIRMED for Belgium; Germany and the
	// Netherlands allow 3.
	HeadOfMissionHouseholdCap int

	// MaxCumulativeYears caps the total time a worker may hold type S cards
	// (circular note of 15 September 2015: 10 years). Beyond it an admin may
	// grant an exception with a reason.
	MaxCumulativeYears int

	// RequireSoleNameAccount requires the salary account to be an IBAN in the
	// worker's sole name. Austria and Switzerland require it; for Belgium it
	// is UNCONFIRMED, so it is on by default: a shared or employer-held
	// account is how wages are withheld.
	RequireSoleNameAccount bool

	// FullTimeWeeklyHours is the weekly hours below which an employment is not
	// full-time. The protocol conditions require full-time work; 38 hours is
	// Belgium's general full-time reference (the guaranteed minimum wage is
	// set for 38 hours a week). UNCONFIRMED for Joint Committee 323.
	FullTimeWeeklyHours float64

	// MaxUploadBytes bounds one uploaded document.
	MaxUploadBytes int64

	// Oversight holds the statistics' disclosure rules (oversight.go).
	Oversight OversightSettings
	// InterviewEarlyMinutes is how long before its scheduled time an
	// interview may have been held (the worker came early); a record held
	// earlier than that is refused as a mistake or a record made up in
	// advance.
	InterviewEarlyMinutes int

	// ProbationAllowed lets a contract carry a trial period. Off by
	// default: trial-period clauses were abolished for contracts starting
	// from 1 January 2014 and are void (DOMAIN.md); a reinstatement announced
	// in 2025 is not confirmed as in force. MaxProbationDays bounds it when on
	// (the announced reinstatement: at most six months).
	ProbationAllowed bool
	MaxProbationDays int
}

// DefaultSettings returns the settings a fresh installation starts with.
func DefaultSettings() Settings {
	return Settings{
		InterviewMaxAgeDays:       90,
		RenewalWindowDays:         60,
		HouseholdCap:              1,
		HeadOfMissionHouseholdCap: 3,
		MaxCumulativeYears:        10,
		RequireSoleNameAccount:    true,
		FullTimeWeeklyHours:       38,
		MaxUploadBytes:            10 << 20,
		Oversight:                 DefaultOversightSettings(),
		InterviewEarlyMinutes:     30,
		MaxProbationDays:          183,
	}
}

// MaxCumulativeDays converts MaxCumulativeYears to days, the unit in which
// service periods are added up. Each year counts 365 days plus one leap day
// per started four years (10 years: 3653 days), so ten back-to-back yearly
// cards always fit whatever leap days they contain.
func (s Settings) MaxCumulativeDays() int {
	return s.MaxCumulativeYears*365 + (s.MaxCumulativeYears+3)/4
}

// HouseholdCapFor returns the cap that applies to employer.
func (s Settings) HouseholdCapFor(e Employer) int {
	if e.HeadOfMission {
		return s.HeadOfMissionHouseholdCap
	}
	return s.HouseholdCap
}

// Validate reports settings that would switch a rule off by accident: a zero
// cap or window is refused rather than read as "unlimited".
func (s Settings) Validate() error {
	var v Validation
	if s.InterviewMaxAgeDays < 1 || s.InterviewMaxAgeDays > 366 {
		v.Add("interview_max_age_days", "out_of_range", "Must be between 1 and 366 days.")
	}
	if s.RenewalWindowDays < 1 || s.RenewalWindowDays > 366 {
		v.Add("renewal_window_days", "out_of_range", "Must be between 1 and 366 days.")
	}
	if s.HouseholdCap < 1 {
		v.Add("household_cap", "out_of_range", "Must be at least 1.")
	}
	if s.HeadOfMissionHouseholdCap < s.HouseholdCap {
		v.Add("head_of_mission_household_cap", "out_of_range", "Must be at least the household cap.")
	}
	if s.MaxCumulativeYears < 1 || s.MaxCumulativeYears > 50 {
		v.Add("max_cumulative_years", "out_of_range", "Must be between 1 and 50 years.")
	}
	if s.FullTimeWeeklyHours <= 0 || s.FullTimeWeeklyHours > MaxWeeklyHours {
		v.Add("full_time_weekly_hours", "out_of_range", "Must be more than 0 and at most 48 hours.")
	}
	if s.InterviewEarlyMinutes < 0 || s.InterviewEarlyMinutes > 24*60 {
		v.Add("interview_early_minutes", "out_of_range", "Must be between 0 and 1440 minutes.")
	}
	if s.MaxProbationDays < 0 || s.MaxProbationDays > 183 {
		v.Add("max_probation_days", "out_of_range", "Must be between 0 and 183 days (six months).")
	}
	if s.MaxUploadBytes < 1<<10 || s.MaxUploadBytes > 100<<20 {
		v.Add("max_upload_bytes", "out_of_range", "Must be between 1 KiB and 100 MiB.")
	}
	s.Oversight.validate(&v)
	return v.Err()
}
