package contracts

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/models"
)

// TestLetterInEachLanguage: each note verbale kind prints its facts in
// French, Dutch, German and English, with its number.
func TestLetterInEachLanguage(t *testing.T) {
	at := time.Date(2026, 3, 10, 10, 30, 0, 0, time.UTC)
	for _, lang := range LetterLanguages {
		for _, kind := range models.LetterKinds {
			d := LetterData{Number: "NV/2026/000007", Kind: kind, Language: lang, Mission: "Embassy of the Philippines",
				Worker: "Reyes, Ana", Employer: "Maria Santos", Application: "42", Card: "S-2026-000123",
				CardExpires: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), At: at, Place: "Egmont II, room 0.14",
				Documents: []string{LetterDocumentName(models.DocPassportCopy, lang)}, IssuedOn: at}
			pdf, err := Letter(context.Background(), d)
			if err != nil {
				t.Fatalf("%s %s: %v", lang, kind, err)
			}
			text := strings.Join(strings.Fields(pdfText(t, pdf)), " ")
			for _, want := range []string{"NV/2026/000007", "Reyes, Ana", "Embassy of the Philippines", letterTexts[lang]["title"]} {
				if !strings.Contains(text, want) {
					t.Errorf("%s %s lacks %q: %.300s", lang, kind, want, text)
				}
			}
			if kind == models.LetterSummons && !strings.Contains(text, "10:30") {
				t.Errorf("%s summons lacks the time", lang)
			}
			if strings.Contains(text, "{") {
				t.Errorf("%s %s leaves a placeholder: %.300s", lang, kind, text)
			}
		}
	}
	if _, err := Letter(context.Background(), LetterData{Number: "x", Mission: "m", Kind: models.LetterSummons, Language: "es"}); models.ErrorKind(err) != models.KindInvalid {
		t.Errorf("a letter in Spanish: %v", err)
	}
}
