package contracts

import (
	"maps"
	"slices"
	"testing"

	"github.com/carddesk/carddesk/models"
)

// TestLetterLanguagesAreMissionLanguages: the letters exist in exactly the
// languages a mission can be written to in, texts and document names alike,
// so no mission's language lacks its letters and no letter language is one
// no mission can have.
func TestLetterLanguagesAreMissionLanguages(t *testing.T) {
	want := slices.Sorted(slices.Values(models.MissionLanguages))
	if got := slices.Sorted(slices.Values(LetterLanguages)); !slices.Equal(got, want) {
		t.Errorf("LetterLanguages %v, models.MissionLanguages %v", got, want)
	}
	if got := slices.Sorted(maps.Keys(letterTexts)); !slices.Equal(got, want) {
		t.Errorf("letter texts exist in %v, missions are written to in %v", got, want)
	}
	if got := slices.Sorted(maps.Keys(letterDocNames)); !slices.Equal(got, want) {
		t.Errorf("letter document names exist in %v, missions are written to in %v", got, want)
	}
	if !slices.Contains(LetterLanguages, models.DefaultMissionLanguage) {
		t.Errorf("the default mission language %s has no letters", models.DefaultMissionLanguage)
	}
}
