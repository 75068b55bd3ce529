package models

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// nonStates are the codes of the country list that name no state of their
// own: territories, dependencies and uninhabited islands. They have no
// nationality adjective; every other code has one in every language.
var nonStates = strings.Fields(`AI AQ AS AW AX BL BM BQ BV CC CK CW CX EH FK FO GF GG GI GL GP GS GU HK HM IM IO
	JE KY MF MO MP MQ MS NC NF NU PF PM PN PR RE SH SJ SX TC TF TK UM VG VI WF YT`)

func TestEveryStateHasANationalityAdjective(t *testing.T) {
	for code := range countryCodes {
		for _, lang := range NationalityLanguages {
			a, ok := NationalityAdjective(code, lang)
			if slices.Contains(nonStates, code) {
				if ok {
					t.Errorf("%s is no state but has the %s adjective %q", code, lang, a)
				}
				continue
			}
			if !ok || strings.TrimSpace(a) != a || a == "" {
				t.Errorf("%s has no %s nationality adjective (%q)", code, lang, a)
				continue
			}
			first, _ := utf8.DecodeRuneInString(a)
			switch lang {
			case "en", "nl": // proper adjectives are capitalised
				if !unicode.IsUpper(first) {
					t.Errorf("%s %s: %q is not capitalised", code, lang, a)
				}
			case "fr": // French adjectives are not
				if !unicode.IsLower(first) {
					t.Errorf("%s fr: %q should start in lower case", code, a)
				}
			}
			if lang == "nl" {
				word, _, _ := strings.Cut(a, " (")
				// The inflected form said before "nationaliteit"; an
				// indeclinable adjective ends in -i ("Bangladeshi").
				if !strings.HasSuffix(word, "e") && !strings.HasSuffix(word, "i") {
					t.Errorf("%s nl: %q is not the form said before \"nationaliteit\"", code, a)
				}
			}
		}
	}
	for code := range nationalityAdjectives {
		if !ValidCountryCode(code) {
			t.Errorf("the nationality table has %q, which is not in the country list", code)
		}
	}
	if got := len(countryCodes) - len(nonStates); len(nationalityAdjectives) != got {
		t.Errorf("%d adjectives for %d states", len(nationalityAdjectives), got)
	}
	for _, tt := range []struct{ code, lang, want string }{
		{"VN", "en", "Vietnamese"}, {"VN", "fr", "vietnamienne"}, {"VN", "nl", "Vietnamese"},
		{"PH", "en", "Filipino"}, {"PH", "fr", "philippine"}, {"PH", "nl", "Filipijnse"},
		{"BE", "fr", "belge"}, {"ET", "nl", "Ethiopische"},
	} {
		if got, _ := NationalityAdjective(tt.code, tt.lang); got != tt.want {
			t.Errorf("NationalityAdjective(%s, %s) = %q, want %q", tt.code, tt.lang, got, tt.want)
		}
	}
	if a, ok := NationalityAdjective("VN", "de"); ok {
		t.Errorf("a language without the table has an adjective: %q", a)
	}
}

// Where one adjective is said of two states, each says which.
func TestNationalityAdjectivesAreUnambiguous(t *testing.T) {
	for _, lang := range NationalityLanguages {
		seen := map[string]string{}
		for code := range nationalityAdjectives {
			a, _ := NationalityAdjective(code, lang)
			if other, dup := seen[a]; dup {
				t.Errorf("%s: %s and %s are both %q", lang, code, other, a)
			}
			seen[a] = code
		}
	}
}
