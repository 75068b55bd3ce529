package models

import (
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Employer is a member of a mission who employs, or asks to employ, a private
// domestic worker. Nobody at an employer uses Carddesk: this is the
// directorate's record of them.
type Employer struct {
	ID         int64
	MissionID  int64
	FamilyName string
	GivenNames string
	// SearchName is FoldName(FamilyName + " " + GivenNames), kept in sync by
	// Normalize so storage can search it with a plain LIKE.
	SearchName string
	// Title is the diplomatic title or rank ("First Secretary", "Consul").
	Title string
	// HeadOfMission selects the head-of-mission household cap.
	HeadOfMission bool
	// EntitledToPrivateServant records that the employer's rank and status
	// allow a private servant under the Protocol Guide.
	EntitledToPrivateServant bool
	// PostingEndsOn is the last day of the posting in Belgium, when known.
	// A card never outlives it.
	PostingEndsOn *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// FullName is the name as written on documents: given names, then family name.
func (e Employer) FullName() string {
	return strings.TrimSpace(e.GivenNames + " " + e.FamilyName)
}

// Normalize tidies whitespace and refreshes SearchName.
func (e *Employer) Normalize() {
	e.FamilyName = collapseSpaces(norm.NFC.String(e.FamilyName))
	e.GivenNames = collapseSpaces(norm.NFC.String(e.GivenNames))
	e.Title = collapseSpaces(e.Title)
	e.SearchName = FoldName(e.FamilyName + " " + e.GivenNames)
	if e.PostingEndsOn != nil {
		d := CalendarDay(*e.PostingEndsOn)
		e.PostingEndsOn = &d
	}
}

// Validate checks an employer record. Call Normalize first.
func (e Employer) Validate() error {
	var v Validation
	if e.MissionID <= 0 {
		v.Add("mission_id", "required", "Choose the employer's mission.")
	}
	validateName(&v, "family_name", e.FamilyName, true)
	validateName(&v, "given_names", e.GivenNames, false)
	if len([]rune(e.Title)) > 100 {
		v.Add("title", "too_long", "Use at most 100 characters.")
	}
	return v.Err()
}

// PostingEnded reports whether the posting is over on day (the end date is the
// last day of the posting, so it is still running on that day).
func (e Employer) PostingEnded(day time.Time) bool {
	return e.PostingEndsOn != nil && CalendarDay(day).After(CalendarDay(*e.PostingEndsOn))
}

// validateName checks a person's name field: any script, bounded length, no
// control characters (they break PDFs and search).
func validateName(v *Validation, field, name string, required bool) {
	switch {
	case name == "" && required:
		v.Add(field, "required", "Enter the name as written in the passport.")
	case len([]rune(name)) > 100:
		v.Add(field, "too_long", "Use at most 100 characters.")
	case strings.ContainsFunc(name, isControl):
		v.Add(field, "invalid_characters", "Remove control characters from the name.")
	}
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

func collapseSpaces(s string) string { return strings.Join(strings.Fields(s), " ") }
