package models

import (
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// CountryName names an ISO 3166-1 alpha-2 code in language lang, from the
// Unicode CLDR ("ET" in "fr": "Éthiopie"), in English where CLDR has no names
// in lang, and as the code itself only for a code CLDR does not know.
// Documents and pages print it; the code is what is stored and compared.
func CountryName(code, lang string) string {
	r, err := language.ParseRegion(code)
	if err != nil || !ValidCountryCode(strings.ToUpper(code)) {
		return code
	}
	for _, l := range []string{lang, "en"} {
		if n := display.Regions(language.Make(l)); n != nil {
			if name := n.Name(r); name != "" {
				return name
			}
		}
	}
	return code
}

// CountryChoice is one entry of the list of countries a form offers.
type CountryChoice struct{ Code, Name string }

// Countries lists every ISO 3166-1 country by its name in lang, sorted as
// lang sorts ("Égypte" between "Écosse" and "Équateur" in French).
func Countries(lang string) []CountryChoice {
	out := make([]CountryChoice, 0, len(countryCodes))
	for code := range countryCodes {
		out = append(out, CountryChoice{Code: code, Name: CountryName(code, lang)})
	}
	c := collate.New(language.Make(lang), collate.Loose)
	slices.SortFunc(out, func(a, b CountryChoice) int {
		if n := c.CompareString(a.Name, b.Name); n != 0 {
			return n
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out
}

// LanguageDisplayName names an ISO 639 code in lang: the catalogue's name
// where it has one (LanguageName), else the CLDR's, else the code.
func LanguageDisplayName(code, lang string) string {
	if _, ok := LanguageByCode(code); ok {
		return LanguageName(code, lang)
	}
	t, err := language.Parse(code)
	if err != nil {
		return code
	}
	for _, l := range []string{lang, "en"} {
		if n := display.Languages(language.Make(l)); n != nil {
			if name := n.Name(t); name != "" {
				return name
			}
		}
	}
	return code
}

// LanguageChoice is one entry of the list of languages a form offers.
type LanguageChoice struct{ Code, Name string }

// LanguageChoices lists the languages a worker may be recorded as
// understanding, named in lang: the catalogue's (those the documents exist
// in) first, in its order, then every other ISO 639-1 language CLDR names,
// sorted as lang sorts.
func LanguageChoices(lang string) []LanguageChoice {
	var out []LanguageChoice
	seen := map[string]bool{}
	for _, l := range languages {
		out = append(out, LanguageChoice{Code: l.Code, Name: l.Name(lang)})
		seen[l.Code] = true
	}
	var rest []LanguageChoice
	for a := 'a'; a <= 'z'; a++ {
		for b := 'a'; b <= 'z'; b++ {
			code := string([]rune{a, b})
			if seen[code] {
				continue
			}
			if _, err := language.ParseBase(code); err != nil {
				continue
			}
			if name := LanguageDisplayName(code, lang); name != code {
				rest = append(rest, LanguageChoice{Code: code, Name: name})
			}
		}
	}
	c := collate.New(language.Make(lang), collate.Loose)
	slices.SortFunc(rest, func(x, y LanguageChoice) int { return c.CompareString(x.Name, y.Name) })
	return append(out, rest...)
}
