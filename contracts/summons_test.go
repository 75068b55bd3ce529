package contracts

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/models"
)

func summons() SummonsData {
	return SummonsData{
		Reference:  "INT-2025-0042",
		WorkerName: turkishName,
		Languages:  []string{"tl", "nl"},
		At:         time.Date(2025, time.March, 11, 9, 30, 0, 0, time.UTC),
		Place:      "FPS Foreign Affairs, Rue des Petits Carmes 15, 1000 Brussels",
		Contact:    "+32 2 501 81 11",
		IssuedOn:   day(2025, time.March, 1),
	}
}

func TestSummonsLanguage(t *testing.T) {
	tests := []struct {
		name  string
		reads []string
		want  []string
		text  []string
	}{
		{"first language with a reviewed text", []string{"xx", "nl", "en"}, []string{"nl"},
			[]string{"Uitnodiging voor een persoonlijk gesprek", "dinsdag 11 maart 2025 om 09.30 uur", "niemand van de ambassade"}},
		{"German", []string{"de"}, []string{"de"}, []string{"Dienstag, 11. März 2025 um 09:30 Uhr"}},
		{"unreviewed translation: with English beside it", []string{"tl", "nl"}, []string{"tl", "en"},
			[]string{"Imbitasyon sa isang pribadong panayam", "Martes, Marso 11, 2025, 09:30", "Invitation to a private interview",
				"The Filipino (Tagalog) text of this document is a draft translation", "Ang tekstong Filipino ng dokumentong ito ay isang draft na salin"}},
		{"fil is Filipino", []string{"fil"}, []string{"tl", "en"}, []string{"Imbitasyon sa isang pribadong panayam"}},
		{"French as the reference", []string{"vi"}, []string{"vi", "fr"}, []string{"Thư mời phỏng vấn riêng", "Invitation à un entretien privé"}},
		{"no translation: English and French", []string{"xx", "yy"}, []string{"en", "fr"},
			[]string{"Invitation to a private interview", "Invitation à un entretien privé", "Your employer and nobody from the embassy",
				"Tuesday 11 March 2025 at 09:30", "mardi 11 mars 2025 à 09 h 30"}},
		{"nothing known", nil, []string{"en", "fr"}, []string{"Invitation to a private interview"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := summons()
			d.Languages = tt.reads
			if tt.want[len(tt.want)-1] == "fr" && tt.want[0] != "en" {
				d.ReferenceLanguage = "fr"
			}
			b, langs, err := Summons(d)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(langs, tt.want) {
				t.Errorf("languages = %v, want %v", langs, tt.want)
			}
			text := pdfText(t, b)
			for _, w := range append(tt.text, turkishName, "INT-2025-0042", "Rue des Petits Carmes 15", "+32 2 501 81 11") {
				if !strings.Contains(text, w) {
					t.Errorf("summons lacks %q", w)
				}
			}
		})
	}
}

// In every language the summons says the employer does not attend and
// names the interpreter's language in the letter's language (never "in am").
func TestSummonsSaysTheEmployerDoesNotAttend(t *testing.T) {
	for _, lang := range SummonsLanguages() {
		d := summons()
		d.Languages = []string{lang}
		d.Interpreter = "am"
		b, _, err := Summons(d)
		if err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, b)
		if !containsText(text, texts()[lang].Summons["alone"], lang) {
			t.Errorf("%s summons lacks the sentence on the employer's absence", lang)
		}
		name := texts()[lang].languageName("am")
		if name == "am" || name == "" {
			t.Errorf("%s names Amharic %q", lang, name)
		}
		if !containsText(text, fill(texts()[lang].Summons["interpreter"], map[string]string{"interpreter_language": name}), lang) {
			t.Errorf("%s summons does not announce the interpreter in %s", lang, name)
		}
	}
	d := summons()
	d.Languages, d.Interpreter = []string{"fr"}, "am"
	b, _, _ := Summons(d)
	if text := pdfText(t, b); !strings.Contains(text, "Un interprète en amharique sera présent.") {
		t.Errorf("French summons: %s", text)
	}
}

func TestSummonsIsDeterministicAndChecked(t *testing.T) {
	a, _, err := Summons(summons())
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := Summons(summons())
	if !bytes.Equal(a, b) {
		t.Error("the same summons gave different bytes")
	}
	d := summons()
	d.Place, d.At = "", time.Time{}
	_, _, err = Summons(d)
	if models.ErrorKind(err) != models.KindInvalid {
		t.Fatalf("err = %v", err)
	}
}
