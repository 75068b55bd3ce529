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

// The statistics' disclosure rules and the retention periods (issue 12).
var (
	envSuppression   = envVar{"CARDDESK_SUPPRESSION_THRESHOLD", "5", "published counts below this are shown as \"fewer than N\"", false}
	envKAnonymity    = envVar{"CARDDESK_K_ANONYMITY", "11", "each combination of quasi-identifiers in the CTDC microdata appears at least this often", false}
	envRetainCard    = envVar{"CARDDESK_RETENTION_MONTHS_AFTER_LAST_CARD", "60", "personal data is anonymised this many months after the worker's last card ended", false}
	envRetainRefusal = envVar{"CARDDESK_RETENTION_MONTHS_AFTER_REFUSAL", "24", "for a worker who never held a card: months after the last refused, rejected, referred or withdrawn application", false}
)

var settingsVars = []envVar{envInterviewMaxAge, envRenewalWindow, envHouseholdCap, envHeadCap, envMaxYears, envSoleName, envMaxUpload, envScaleMaxAge,
	envSuppression, envKAnonymity, envRetainCard, envRetainRefusal, envEarlyMinutes}

// loadSettings reads the rules' parameters from the environment.
func loadSettings() (models.Settings, error) {
	s := models.DefaultSettings()
	ints := []struct {
		v   envVar
		dst *int
	}{
		{envInterviewMaxAge, &s.InterviewMaxAgeDays}, {envRenewalWindow, &s.RenewalWindowDays},
		{envHouseholdCap, &s.HouseholdCap}, {envHeadCap, &s.HeadOfMissionHouseholdCap}, {envMaxYears, &s.MaxCumulativeYears},
		{envSuppression, &s.Oversight.SuppressionThreshold}, {envKAnonymity, &s.Oversight.KAnonymity},
		{envRetainCard, &s.Oversight.RetentionMonthsAfterLastCard}, {envRetainRefusal, &s.Oversight.RetentionMonthsAfterRefusal},
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
