package contracts

import (
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/contracts/pdftest"
)

// TestEveryDocumentHasTitleAndLanguage: every PDF Carddesk generates (the
// contract alone and beside each translation, the leaflet and the summons in
// every language) carries its title, shown by readers instead of the file
// name, and its document language.
func TestEveryDocumentHasTitleAndLanguage(t *testing.T) {
	check := func(name string, pdf []byte, title, lang string) {
		t.Helper()
		if got := pdftest.Info(t, pdf)["Title"]; got != title {
			t.Errorf("%s: title %q, want %q", name, got, title)
		}
		if !strings.Contains(string(pdf), "/Lang ("+lang+")") || !strings.Contains(string(pdf), "/DisplayDocTitle true") {
			t.Errorf("%s: no /Lang (%s) or DisplayDocTitle", name, lang)
		}
	}
	for _, second := range append([]string{""}, SecondLanguages()...) {
		s := sample()
		s.Language = "fr"
		if second == "fr" {
			continue
		}
		s.SecondLanguage = second
		check("contract fr+"+second, mustGenerate(t, s), texts()["fr"].Contract["title"]+" "+s.Reference, "fr")
	}
	for _, lang := range LeafletLanguages() {
		b, err := Leaflet(LeafletData{Language: lang})
		if err != nil {
			t.Fatal(err)
		}
		check("leaflet "+lang, b, texts()[lang].Leaflet["title"], lang)
	}
	for _, lang := range SummonsLanguages() {
		b, langs, err := Summons(SummonsData{Reference: "CD-INT-000001", WorkerName: "A. Worker", Languages: []string{lang},
			At: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), Place: "Rue des Petits Carmes 15", Contact: "+32 2 501 81 11"})
		if err != nil {
			t.Fatal(err)
		}
		check("summons "+lang, b, texts()[langs[0]].Summons["title"], langs[0])
	}
}
