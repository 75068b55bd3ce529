package contracts

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/models"
)

// sampleSubjectAccess is a report with a field of every kind, as the store
// gathers them (models.SubjectAccessField).
func sampleSubjectAccess(lang string, fallback bool) *models.SubjectAccessReport {
	f := func(k, v, kind string) models.SubjectAccessField {
		return models.SubjectAccessField{Key: k, Value: v, Kind: kind}
	}
	return &models.SubjectAccessReport{WorkerID: 7, Language: lang, LanguageFallback: fallback, WorkerLanguages: []string{"pl", "tl"},
		OmittedReason: "Risk-1234",
		Sections: []models.SubjectAccessSection{
			{Key: "identity", Entries: [][]models.SubjectAccessField{{f("family_name", "Reyes", "text"), f("given_names", "Maria", "text"),
				f("date_of_birth", "1990-03-14", "date"), f("sex", "female", "sex"), f("nationality", "PH", "country"),
				f("passport_number", "P1234567A", "text"), f("passport_expires_on", "2031-07-01", "date"), f("languages", "tl,en", "languages"),
				f("phone", "+32 470 00 00 00", "text"), f("iban", "BE71096123456769", "text"), f("residence_status", "special_id_holder", "residence_status")}}},
			{Key: "employments", Entries: [][]models.SubjectAccessField{{f("employer", "Al-Sayed Omar", "text"), f("starts_on", "2024-01-15", "date"),
				f("job_category", "childcare", "job_category"), f("weekly_hours", "37.5", "number"), f("ends_on", "2025-12-31", "date")}}},
			{Key: "applications", Entries: [][]models.SubjectAccessField{{f("application", "42", "text"), f("kind", "first_issuance", "application_kind"),
				f("status", "interview_scheduled", "application_status"), f("opened_on", "2024-01-20", "date")}}},
			{Key: "cards", Entries: [][]models.SubjectAccessField{{f("card_number", "S0001234", "text"), f("issued_on", "2024-02-01", "date"),
				f("expires_on", "2025-02-01", "date"), f("status", "reported_lost", "card_status"), f("collected_on", "2024-02-03", "date"),
				f("status_reason", "Police-5678", "text"), f("destroyed_on", "2024-06-01", "date"), f("destroyed_reason", "end_of_employment", "card_end_reason"),
				f("destroyed_note", "Note-9012", "text")}}},
			{Key: "interviews", Entries: [][]models.SubjectAccessField{{f("held_on", "2024-01-25", "date"), f("outcome", "concerns", "interview_outcome"),
				f("interpreter_language", "tl", "language"), f("sealed_notes", "true", "yes_no")}}},
			{Key: "indicators", Entries: [][]models.SubjectAccessField{{f("observed_on", "2024-01-25", "date"), f("indicator", "retention_of_identity_documents", "indicator"),
				f("answer", "unclear", "answer"), f("source", "signal", "observation_source")}}},
			{Key: "referrals", Entries: [][]models.SubjectAccessField{{f("partner", "good_offices_commission", "referral_partner"), f("date", "2024-01-26", "date")}}},
			{Key: "signals", Omitted: true, Entries: [][]models.SubjectAccessField{}},
			{Key: "documents", Entries: [][]models.SubjectAccessField{{f("document", "work_accident_insurance", "document_kind"), f("file_name", "scan7.pdf", "text"),
				f("uploaded_on", "2024-01-20", "date")}}},
		}}
}

// TestSubjectAccessInEveryLanguage renders the worker's copy in each
// language it is translated into and reads it back (pdftotext): the
// language's own words are there, with its dates; no field key, no value
// code and, outside English, no English label.
func TestSubjectAccessInEveryLanguage(t *testing.T) {
	langs := SubjectAccessLanguages()
	for _, want := range []string{"en", "fr", "nl"} {
		if !slices.Contains(langs, want) {
			t.Fatalf("no staff language %s among %v", want, langs)
		}
	}
	en := accessTexts()["en"]
	rawKey := regexp.MustCompile(`\b[a-z]+_[a-z_]+\b`)
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			r := sampleSubjectAccess(lang, false)
			b, err := SubjectAccess(context.Background(), SubjectAccessData{Language: lang, Report: r, WorkerName: "Reyes Maria", Date: day(2026, time.March, 2)})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), "/Lang ("+lang+")") {
				t.Errorf("no /Lang (%s)", lang)
			}
			text := spacedText(t, b)
			own, ts := accessTexts()[lang], texts()[lang]
			for _, w := range []string{own["text"]["title"], own["field"]["passport_number"], own["section"]["cards"], own["sex"]["female"],
				own["application_status"]["interview_scheduled"], own["card_end_reason"]["end_of_employment"], own["indicator"]["retention_of_identity_documents"],
				own["document_kind"]["work_accident_insurance"], ts.Format.date(day(1990, time.March, 14)), accessLanguageName(ts, "tl")} {
				if !containsText(text, w, lang) {
					t.Errorf("lacks %q", w)
				}
			}
			for _, v := range []string{"Reyes", "P1234567A", "BE71096123456769", "S0001234", "Risk-1234", "Police-5678", "Note-9012"} {
				if !strings.Contains(text, v) {
					t.Errorf("lacks the recorded value %q", v)
				}
			}
			if m := rawKey.FindAllString(text, -1); len(m) > 0 {
				t.Errorf("raw keys or codes printed: %v", m)
			}
			if strings.Contains(text, "1990-03-14") {
				t.Error("a date printed as ISO, not in the language")
			}
			if lang == "en" {
				return
			}
			// The values of the sample's lists: neither their code nor
			// their English name, unless the language says it the same.
			for _, sec := range r.Sections {
				for _, e := range sec.Entries {
					for _, f := range e {
						if _, list := models.SubjectAccessValueLists[f.Kind]; !list || own[f.Kind][f.Value] == en[f.Kind][f.Value] {
							continue
						}
						for _, banned := range []string{f.Value, en[f.Kind][f.Value]} {
							if regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(banned) + `\b`).MatchString(text) {
								t.Errorf("%s %q printed in English: %q", f.Kind, f.Value, banned)
							}
						}
					}
				}
			}
			for _, g := range []string{"field", "section"} {
				for k, label := range en[g] {
					if own[g][k] == label || strings.Contains(own[g][k], label) {
						continue // the same word in both languages ("Document", "Status")
					}
					if regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(label) + `\b`).MatchString(text) {
						t.Errorf("English %s label %q printed", g, label)
					}
					if spaced := strings.ReplaceAll(k, "_", " "); strings.Contains(k, "_") && strings.Contains(strings.ToLower(text), spaced) {
						t.Errorf("key %q printed", spaced)
					}
				}
			}
		})
	}
}

// Every value of every value list is named in every language, and every
// file names the same fields as the English one.
func TestSubjectAccessTextsComplete(t *testing.T) {
	for code, at := range accessTexts() {
		if texts()[code] == nil {
			t.Errorf("access/%s.toml has no clauses/%s.toml (its dates and language names)", code, code)
		}
		if m := accessMissing(at); len(m) > 0 {
			t.Errorf("access/%s.toml lacks %v", code, m)
		}
		for list, values := range models.SubjectAccessValueLists {
			for _, v := range values {
				if at[list][v] == "" {
					t.Errorf("%s: %s %q has no name", code, list, v)
				}
			}
		}
		for _, sec := range models.SubjectAccessSections {
			if at["section"][sec] == "" {
				t.Errorf("%s: section %s has no title", code, sec)
			}
		}
		for _, ind := range models.Indicators(models.TaxonomyILOForcedLabour) {
			if at["indicator"][ind.Code] == "" {
				t.Errorf("%s: indicator %s has no name", code, ind.Code)
			}
		}
	}
	// The worker's copy exists in every language the rights leaflet is
	// handed over in, not only the staff's.
	if got, want := SubjectAccessLanguages(), LeafletLanguages(); !slices.Equal(got, want) {
		t.Errorf("subject access in %v, the leaflet in %v", got, want)
	}
}

// A copy in a language the worker does not read says so, in that language,
// naming the worker's languages; a language without the report is refused.
func TestSubjectAccessFallbackSaysSo(t *testing.T) {
	r := sampleSubjectAccess("fr", true)
	b, err := SubjectAccess(context.Background(), SubjectAccessData{Language: "fr", Report: r, WorkerName: "Reyes Maria", Date: day(2026, time.March, 2)})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	want := fill(accessTexts()["fr"]["text"]["fallback"], map[string]string{"languages": "polonais et filipino (tagalog)", "language": "français"})
	if !strings.Contains(text, want) {
		t.Errorf("lacks %q: %.300s", want, text)
	}
	if _, err := SubjectAccess(context.Background(), SubjectAccessData{Language: "pl", Report: r}); models.ErrorCode(err) != "invalid_input" {
		t.Errorf("pl: %v", err)
	}
}

// A draft translation says so on the copy; the Directorate's own texts
// do not.
func TestSubjectAccessDraftLine(t *testing.T) {
	for _, lang := range SubjectAccessLanguages() {
		at := accessTexts()[lang]
		b, err := SubjectAccess(context.Background(), SubjectAccessData{Language: lang, Report: sampleSubjectAccess(lang, false), Date: day(2026, time.March, 2)})
		if err != nil {
			t.Fatal(err)
		}
		has := containsText(pdfText(t, b), at["text"]["draft"], lang)
		if want := !slices.Contains([]string{"en", "fr", "nl"}, lang); has != want || at.reviewed() == want {
			t.Errorf("%s: draft line %v, want %v", lang, has, want)
		}
	}
}

// spacedText is pdfText with bidi controls read as spaces: pdftotext wraps
// the runs of a right-to-left line in them, and a label and its value, or
// a number and its month, would otherwise read as one word.
func spacedText(t *testing.T, pdf []byte) string {
	return strings.Map(func(r rune) rune {
		if isBidiOverride(r) || r == 0x200E || r == 0x200F {
			return ' '
		}
		return r
	}, pdfText(t, pdf))
}
