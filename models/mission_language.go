package models

import "strings"

// The language of a mission (issue 13): the Directorate writes its notes
// verbales to a mission in French, Dutch, German or English, whichever the
// mission uses with it; the letters default to it, and a change is a new
// version of the mission, with who, when and why.

// MissionLanguages are the languages a mission can be written to in (those
// the letters exist in).
var MissionLanguages = []string{"fr", "nl", "de", "en"}

// DefaultMissionLanguage is a new mission's language when none is given.
const DefaultMissionLanguage = "fr"

// ChangeMissionLanguage returns the mission with language, and the change a
// version keeps; it refuses an unknown language and a change that changes
// nothing, and requires a reason.
func ChangeMissionLanguage(m Mission, language string, ch ChangeRequest) (Mission, []FieldChange, error) {
	next := m
	next.Language = strings.ToLower(strings.TrimSpace(language))
	ch.Normalize()
	var v Validation
	if next.Language == "" {
		v.Add("language", "required", "Choose the language the mission is written to in.")
	} else if err := next.Validate(); err != nil {
		v.Merge(err)
	}
	ch.validate(&v)
	if err := v.Err(); err != nil {
		return m, nil, err
	}
	changes := DiffFields(m.RecordFields(), next.RecordFields())
	if err := RequireChange(changes); err != nil {
		return m, nil, err
	}
	return next, changes, nil
}
