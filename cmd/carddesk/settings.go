package main

import (
	"fmt"

	"github.com/carddesk/carddesk/models"
)

// The rules' parameters. Several are UNCONFIRMED for Belgium (the household
// cap, the sole-name account): settings, never hard-coded truths.
var (
	envInterviewMaxAge = envVar{"CARDDESK_INTERVIEW_MAX_AGE_DAYS", "90", "a card is issued only on an interview held at most this many days ago", false}
	envRenewalWindow   = envVar{"CARDDESK_RENEWAL_WINDOW_DAYS", "60", "cards expiring within this many days are listed as renewals due", false}
	envHouseholdCap    = envVar{"CARDDESK_HOUSEHOLD_CAP", "1", "private servants per employer's household", false}
	envHeadCap         = envVar{"CARDDESK_HEAD_OF_MISSION_HOUSEHOLD_CAP", "3", "private servants per head of mission's household", false}
	envMaxYears        = envVar{"CARDDESK_MAX_CUMULATIVE_YEARS", "10", "cumulative years as a private servant before an admin exception is needed", false}
	envSoleName        = envVar{"CARDDESK_REQUIRE_SOLE_NAME_ACCOUNT", "true", "require a salary account in the worker's sole name", false}
	envMaxUpload       = envVar{"CARDDESK_MAX_UPLOAD_MB", "10", "largest document accepted, in MiB", false}
	envScaleMaxAge     = envVar{"CARDDESK_SCALE_MAX_AGE_MONTHS", "12", "the salary scale in force is stale past this age: admins and clerks are alerted, contracts say so", false}
	envEarlyMinutes    = envVar{"CARDDESK_INTERVIEW_EARLY_MINUTES", "30", "an interview may be recorded as held at most this many minutes before its scheduled time", false}
)

var settingsVars = []envVar{envInterviewMaxAge, envRenewalWindow, envHouseholdCap, envHeadCap, envMaxYears, envSoleName, envMaxUpload, envScaleMaxAge, envEarlyMinutes}

// loadSettings reads the rules' parameters from the environment.
func loadSettings() (models.Settings, error) {
	s := models.DefaultSettings()
	ints := []struct {
		v   envVar
		dst *int
	}{
		{envInterviewMaxAge, &s.InterviewMaxAgeDays}, {envRenewalWindow, &s.RenewalWindowDays},
		{envHouseholdCap, &s.HouseholdCap}, {envHeadCap, &s.HeadOfMissionHouseholdCap}, {envMaxYears, &s.MaxCumulativeYears},
		{envEarlyMinutes, &s.InterviewEarlyMinutes},
	}
	for _, i := range ints {
		n, err := lookupInt(i.v)
		if err != nil {
			return s, err
		}
		*i.dst = n
	}
	var err error
	if s.RequireSoleNameAccount, err = lookupBool(envSoleName); err != nil {
		return s, err
	}
	mb, err := lookupInt(envMaxUpload)
	if err != nil {
		return s, err
	}
	s.MaxUploadBytes = int64(mb) << 20
	if err := s.Validate(); err != nil {
		return s, fmt.Errorf("settings: %w", err)
	}
	return s, nil
}
