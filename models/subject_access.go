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

// SubjectAccessField is one fact: a stable key and its value as text.
type SubjectAccessField struct {
	Key   string `json:"key"`
	Value string `json:"value"`
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
}
