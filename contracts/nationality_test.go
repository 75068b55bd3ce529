package contracts

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/models"
)

// Every country of the list, in every language the contract clauses exist
// in, is said in words: with its adjective where the language's clause
// takes one and the table has it, else with the country's name in that
// language; never with its ISO code, and never an adjective clause around
// a country's name ("of Philippines nationality").
func TestEveryNationalityIsSaidInEveryLanguage(t *testing.T) {
	countries := models.Countries("en")
	for _, lang := range SecondLanguages() {
		ts := texts()[lang]
		usesAdjective := ts.Format.Nationality != ""
		if usesAdjective != slices.Contains(models.NationalityLanguages, lang) {
			t.Errorf("%s: [format] nationality %q, but the adjective table's languages are %v", lang, ts.Format.Nationality, models.NationalityLanguages)
		}
		if usesAdjective && (!strings.Contains(ts.Format.Nationality, "{adjective}") || !strings.Contains(ts.Format.NationalityCountry, "{country}")) {
			t.Errorf("%s: [format] nationality %q and nationality_country %q must take {adjective} and {country}", lang, ts.Format.Nationality, ts.Format.NationalityCountry)
		}
		if !strings.Contains(ts.Contract["parties_worker"], "{worker_nationality}") {
			t.Errorf("%s: parties_worker does not print the nationality", lang)
		}
		for _, c := range countries {
			got := ts.nationality(c.Code)
			name := models.CountryName(c.Code, lang)
			if regexp.MustCompile(`\b` + c.Code + `\b`).MatchString(strings.ReplaceAll(got, name, "")) {
				t.Errorf("%s %s: %q prints the code", lang, c.Code, got)
			}
			adj, hasAdj := models.NationalityAdjective(c.Code, lang)
			switch {
			case usesAdjective && hasAdj:
				if want := fill(ts.Format.Nationality, map[string]string{"adjective": adj}); got != want {
					t.Errorf("%s %s: %q, want %q", lang, c.Code, got, want)
				}
			case usesAdjective:
				if want := fill(ts.Format.NationalityCountry, map[string]string{"country": name}); got != want {
					t.Errorf("%s %s: %q, want the country-name form %q", lang, c.Code, got, want)
				}
			default:
				if !strings.Contains(got, name) || name == c.Code {
					t.Errorf("%s %s: %q does not name the country (%q)", lang, c.Code, got, name)
				}
			}
		}
	}
}

// A generated contract prints the nationality so in each contract
// language, beside a translation too, and the country-name form for a
// territory.
func TestContractPrintsTheNationality(t *testing.T) {
	for _, tt := range []struct {
		lang, second, code string
		want               []string
	}{
		{"en", "", "VN", []string{"of Vietnamese nationality"}},
		{"fr", "", "VN", []string{"de nationalité vietnamienne"}},
		{"nl", "", "VN", []string{"van Vietnamese nationaliteit"}},
		{"de", "", "VN", []string{"Staatsangehörigkeit: Vietnam"}},
		{"en", "", "PH", []string{"of Filipino nationality"}},
		{"fr", "en", "PH", []string{"de nationalité philippine", "of Filipino nationality"}},
		{"nl", "fr", "ET", []string{"van Ethiopische nationaliteit", "de nationalité éthiopienne"}},
		{"en", "tl", "PH", []string{"of Filipino nationality", "nasyonalidad: Pilipinas"}},
		{"fr", "es", "BO", []string{"de nationalité bolivienne", "nacionalidad: Bolivia"}},
		{"en", "", "HK", []string{"nationality: Hong Kong SAR China"}},
		{"fr", "", "PR", []string{"nationalité : Porto Rico"}},
	} {
		t.Run(tt.lang+"+"+tt.second+"/"+tt.code, func(t *testing.T) {
			s := sample()
			s.Language, s.SecondLanguage = tt.lang, tt.second
			s.Worker.Nationality = tt.code
			text := pdfText(t, mustGenerate(t, s))
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("contract lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(text, " "+tt.code+",") || strings.Contains(text, "Philippines nationality") {
				t.Errorf("contract prints the code or a name where an adjective belongs:\n%s", text)
			}
		})
	}
}
