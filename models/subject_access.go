package models

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Subject access (GDPR art. 15, issue 12): what Carddesk holds about one
// worker, by section. An admin may leave sections out where disclosure
// would put the worker at risk (the worker's copy can be found by the
// employer), and records why.

// SubjectAccessSections lists the sections of the report, in order.
var SubjectAccessSections = []string{"identity", "employments", "applications", "cards", "interviews", "indicators", "referrals", "signals", "documents"}

// ValidateSubjectAccess checks the sections left out and the reason, which
// is required as soon as one is.
func ValidateSubjectAccess(omit []string, reason string) error {
	var v Validation
	for _, s := range omit {
		if !slices.Contains(SubjectAccessSections, s) {
			v.Add("omit", "invalid_section", "Unknown section.")
			break
		}
	}
	r := strings.TrimSpace(reason)
	switch {
	case len(omit) > 0 && r == "":
		v.Add("reason", "required", "Say why these sections are left out.")
	case utf8.RuneCountInString(r) > 500:
		v.Add("reason", "too_long", "Use at most 500 characters.")
	}
	return v.Err()
}

// SubjectAccessField is one fact: a stable key and its value as text
// (codes and ISO dates, as stored). Kind says how the worker's copy puts
// the value into words: "text" (as it is), "date", "number", "yes_no",
// "country" (an ISO 3166-1 code), "language", "languages" (codes, comma
// separated), "indicator", or the name of the value list it belongs to
// ("sex", "application_status", ...; see SubjectAccessValueLists).
type SubjectAccessField struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	Kind  string `json:"-"`
}

// SubjectAccessValueLists are the value lists whose values the worker's
// copy names in words, each with its values.
var SubjectAccessValueLists = map[string][]string{
	"sex":                {string(SexFemale), string(SexMale), string(SexUnspecified)},
	"residence_status":   {string(ResidenceNoneYet), string(ResidenceSpecialIDPending), string(ResidenceSpecialIDHolder), string(ResidencePermanent), string(ResidenceIrregular), string(ResidenceTourist), string(ResidenceAuPair), string(ResidenceStudent), string(ResidenceOtherTemporary)},
	"job_category":       {string(JobCleaning), string(JobHousehold), string(JobChildcare)},
	"application_kind":   {string(ApplicationFirstIssuance), string(ApplicationRenewal), string(ApplicationDuplicate)},
	"application_status": {string(ApplicationDraft), string(ApplicationSubmitted), string(ApplicationInterviewScheduled), string(ApplicationInterviewed), string(ApplicationOnHold), string(ApplicationApproved), string(ApplicationCardReady), string(ApplicationCollected), string(ApplicationWithdrawn), string(ApplicationRejected), string(ApplicationRefused), string(ApplicationReferred)},
	"card_status":        {string(CardReadyForCollection), string(CardCollected), string(CardExpired), string(CardReturned), string(CardCancelled), string(CardReportedLost)},
	"card_end_reason":    {string(EndOfPosting), string(EndOfEmployment), string(EndCapReached), string(EndLost), string(EndReplaced), string(EndOther)},
	"interview_outcome":  {string(OutcomeCleared), string(OutcomeConcerns), string(OutcomeReferral)},
	"answer":             {string(IndicatorYes), string(IndicatorUnclear), string(IndicatorNo)},
	"observation_source": {string(ObservationFromInterview), string(ObservationFromSignal)},
	"referral_partner":   {string(PartnerGoodOffices), string(PartnerECOSOC), string(PartnerPolice), string(PartnerPagAsa), string(PartnerPayoke), string(PartnerSurya)},
	"signal_source":      {string(SignalNeighbour), string(SignalNGO), string(SignalPolice), string(SignalSocialInspection), string(SignalWorkerByPhone), string(SignalOther)},
	"document_kind":      {string(DocNoteVerbale), string(DocSignedContract), string(DocDeclarationOfReturn), string(DocSocialSecurity), string(DocWorkAccidentInsurance), string(DocRepatriationInsurance), string(DocPassportCopy), string(DocPoliceReport), string(DocWorkerPhoto)},
}

// SubjectAccessStaffLanguages are the staff's languages, one of which the
// worker's copy is written in when Carddesk has no translation in any of
// the worker's languages.
var SubjectAccessStaffLanguages = []string{"fr", "nl", "en"}

// ChooseSubjectAccessLanguage picks the language of the worker's copy
// among available (the languages it is translated into): chosen, when the
// admin chose one (it must be available); else the first of the worker's
// languages that is available; else staff, the staff language the admin
// picked (English when none or another). fallback reports that the copy
// is in a language the worker is not recorded as reading.
func ChooseSubjectAccessLanguage(worker []string, chosen, staff string, available []string) (code string, fallback bool, err error) {
	if strings.TrimSpace(chosen) != "" {
		l, ok := LanguageByCode(chosen)
		if !ok || !slices.Contains(available, l.Code) {
			var v Validation
			v.Add("language", "unsupported_language", "Carddesk has no translation of this report in {{.language}}: choose a language of the list.",
				map[string]any{"language": strings.TrimSpace(chosen)})
			return "", false, v.Err()
		}
		return l.Code, !Reads(worker, l.Code), nil
	}
	for _, w := range worker {
		if l, ok := LanguageByCode(w); ok && slices.Contains(available, l.Code) {
			return l.Code, false, nil
		}
	}
	if !slices.Contains(SubjectAccessStaffLanguages, staff) {
		staff = "en"
	}
	return staff, !Reads(worker, staff), nil
}

// SubjectAccessSection is one section: its entries (one per record), or
// Omitted with the reason.
type SubjectAccessSection struct {
	Key     string                 `json:"section"`
	Omitted bool                   `json:"omitted"`
	Entries [][]SubjectAccessField `json:"entries"`
}

// SubjectAccessReport is what Carddesk holds about one worker.
type SubjectAccessReport struct {
	WorkerID      int64                  `json:"worker_id"`
	Language      string                 `json:"language"`
	Sections      []SubjectAccessSection `json:"sections"`
	OmittedReason string                 `json:"omitted_reason,omitempty"`
	// LanguageFallback is set when Language is not one the worker is
	// recorded as reading (no translation in any of them, or the admin's
	// choice); the worker's copy says so.
	LanguageFallback bool `json:"language_fallback,omitempty"`
	// WorkerLanguages are the worker's recorded languages, best first.
	WorkerLanguages []string `json:"-"`
}
