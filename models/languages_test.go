package models

import (
	"regexp"
	"testing"
)

func TestLanguageCatalogue(t *testing.T) {
	want := []string{"en", "fr", "nl", "de", "tl", "id", "es", "pt", "ar", "ur", "am", "ti", "sw", "hi", "ne", "bn", "si", "ta", "vi", "th", "ru"}
	seen := map[string]bool{}
	script := regexp.MustCompile(`^[A-Z][a-z]{3}$`)
	for _, l := range Languages() {
		if seen[l.Code] {
			t.Errorf("%s twice", l.Code)
		}
		seen[l.Code] = true
		if l.English == "" || l.French == "" || l.Dutch == "" || l.German == "" || l.Endonym == "" || !script.MatchString(l.Script) {
			t.Errorf("%s is incomplete: %+v", l.Code, l)
		}
		if l.RTL != (l.Script == "Arab") {
			t.Errorf("%s: RTL %v with script %s", l.Code, l.RTL, l.Script)
		}
	}
	for _, code := range want {
		if !seen[code] {
			t.Errorf("the catalogue lacks %s", code)
		}
	}
	if got := Languages(); got[0].Code != "en" || len(got) != len(languages) {
		t.Errorf("order: %v", got[0])
	}
}

func TestLanguageLookup(t *testing.T) {
	tests := []struct {
		code, in, want string
		ok             bool
	}{
		{"am", "en", "Amharic", true},
		{"am", "fr", "amharique", true},
		{"am", "nl", "Amhaars", true},
		{"am", "de", "Amharisch", true},
		{"am", "am", "አማርኛ", true},
		{"am", "th", "Amharic", true}, // no name in Thai here: English
		{"fil", "en", "Filipino (Tagalog)", true},
		{"FIL", "tl", "Filipino", true},
		{"pt-BR", "fr", "portugais", true},
		{"ar", "ar", "العربية", true},
		{"xx", "en", "xx", false},
		{"", "en", "", false},
	}
	for _, tt := range tests {
		_, ok := LanguageByCode(tt.code)
		if got := LanguageName(tt.code, tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("LanguageName(%q, %q) = %q (%v), want %q (%v)", tt.code, tt.in, got, ok, tt.want, tt.ok)
		}
	}
	// The catalogue cannot be changed through the list it returns.
	l := Languages()
	l[0].English = "changed"
	if Languages()[0].English != "English" {
		t.Error("Languages returns the catalogue itself")
	}
}
