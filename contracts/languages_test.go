package contracts

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/models"
)

// Every language of the catalogue has a rights leaflet and a summons,
// with the metadata that says who wrote and who reviewed it.
func TestEveryLanguageHasItsTexts(t *testing.T) {
	for _, l := range models.Languages() {
		ts := texts()[l.Code]
		if ts == nil {
			t.Errorf("no clauses/%s.toml", l.Code)
			continue
		}
		for name, section := range map[string]func(*TextSet) map[string]string{
			"leaflet": leafletSection, "summons": summonsSection, "notice": noticeSection,
		} {
			if m := texts().missing(ts, section); len(m) > 0 {
				t.Errorf("%s [%s]: %v", l.Code, name, m)
			}
		}
		original := slices.Contains(ContractLanguages, l.Code)
		switch {
		case original && ts.Status != statusOriginal:
			t.Errorf("%s: status %q, want original", l.Code, ts.Status)
		case !original && (ts.Status != statusUnreviewed || ts.ReviewedBy != "" || ts.Translator == ""):
			t.Errorf("%s: a draft must say unreviewed, name its translator and no reviewer: %q %q %q", l.Code, ts.Status, ts.Translator, ts.ReviewedBy)
		}
		for _, code := range append([]string{l.Code}, ContractLanguages...) {
			if ts.Languages[code] == "" {
				t.Errorf("%s names no language %s", l.Code, code)
			}
		}
		if original {
			for _, other := range models.Languages() {
				if ts.Languages[other.Code] == "" {
					t.Errorf("%s (an original) names no language %s", l.Code, other.Code)
				}
			}
		}
	}
	if got, want := LeafletLanguages(), SummonsLanguages(); !slices.Equal(got, want) || len(got) < len(models.Languages()) {
		t.Errorf("leaflet in %v, summons in %v", got, want)
	}
}

// The leaflet's texts carry no telephone number of their own: the numbers
// are the sourced contacts (DefaultContacts) and the emergency numbers.
func TestLeafletTextsInventNoNumbers(t *testing.T) {
	allowed := map[string]bool{"112": true, "101": true, "11": true, "24": true}
	digits := regexp.MustCompile(`[0-9]+`)
	for code, ts := range texts() {
		for key, v := range ts.Leaflet {
			for _, n := range digits.FindAllString(v, -1) {
				if !allowed[n] {
					t.Errorf("%s leaflet %s has the number %s", code, key, n)
				}
			}
		}
		for _, n := range []string{"112", "101"} {
			if !strings.Contains(ts.Leaflet["emergency"], n) {
				t.Errorf("%s: the emergency line lacks %s", code, n)
			}
		}
	}
}

func TestLeafletInEveryLanguage(t *testing.T) {
	for _, code := range LeafletLanguages() {
		t.Run(code, func(t *testing.T) {
			b, err := Leaflet(LeafletData{Language: code, Minimum: 207048, ScaleEffectiveDate: day(2024, time.May, 1)})
			if err != nil {
				t.Fatal(err)
			}
			ts := texts()[code]
			if n := pageCount(b); n < 1 || n > 3 {
				t.Errorf("%d pages", n)
			}
			if !strings.Contains(string(b), "/Lang ("+code+")") {
				t.Errorf("no /Lang (%s)", code)
			}
			text := pdfText(t, b)
			own := text
			if !ts.reviewed() {
				// Two columns; the worker's language on the right when it
				// is written right to left.
				own = pdfColumnText(t, b, isRTL(code))
			}
			for _, key := range []string{"title", "passport_title", "help_title", "emergency"} {
				if !containsText(own, ts.Leaflet[key], code) {
					t.Errorf("lacks its %s %q", key, ts.Leaflet[key])
				}
			}
			for _, c := range DefaultContacts() {
				if c.Phone != "" && !strings.Contains(text, c.Phone) {
					t.Errorf("lacks %s's number %s", c.Key, c.Phone)
				}
			}
			if !ts.reviewed() {
				en := texts()["en"]
				enText := pdfColumnText(t, b, !isRTL(code))
				notice := fill(en.Notice["unreviewed"], map[string]string{"language": en.languageName(code), "reference_language": "English"})
				if !strings.Contains(enText, en.Leaflet["title"]) || !strings.Contains(enText, notice) {
					t.Errorf("an unreviewed leaflet without the English text and notice beside it")
				}
				notice = fill(ts.Notice["unreviewed"], map[string]string{"language": ts.languageName(code), "reference_language": ts.languageName("en")})
				if !containsText(own, notice, code) {
					t.Errorf("lacks the notice in its own language: %q", notice)
				}
			} else if code != "en" && strings.Contains(text, texts()["en"].Leaflet["title"]) {
				t.Errorf("a reviewed leaflet printed with English beside it")
			}
		})
	}
}

func TestParseTextSet(t *testing.T) {
	es, _ := clauseFiles.ReadFile("clauses/es.toml")
	set, err := ParseTextSet("es", es)
	if err != nil || set.Code != "es" || set.reviewed() {
		t.Fatalf("set %+v, err %v", set, err)
	}
	bad := map[string]struct{ lang, data string }{
		"unknown language":     {"xx", string(es)},
		"missing key":          {"es", strings.Replace(string(es), "\nbring = ", "\nbring_x = ", 1)},
		"placeholder changed":  {"es", strings.Replace(string(es), "{worker_name}", "{name}", 1)},
		"no notice":            {"es", strings.Replace(string(es), "translation = ", "translation_x = ", 1)},
		"reviewed by nobody":   {"es", strings.Replace(string(es), `status = "unreviewed"`, `status = "reviewed"`, 1)},
		"original translation": {"es", strings.Replace(string(es), `status = "unreviewed"`, `status = "original"`, 1)},
		"bad status":           {"es", strings.Replace(string(es), `status = "unreviewed"`, `status = "checked"`, 1)},
		"no document":          {"es", string(es[:strings.Index(string(es), "[leaflet]")])},
		"not toml":             {"es", "name = "},
	}
	for name, b := range bad {
		if _, err := ParseTextSet(b.lang, []byte(b.data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// "fil" is Filipino.
	tl, _ := clauseFiles.ReadFile("clauses/tl.toml")
	if set, err := ParseTextSet("fil", tl); err != nil || set.Code != "tl" {
		t.Errorf("fil: %v %v", set, err)
	}
}

// A text set supplied from outside replaces the embedded one; once a
// sworn translator has reviewed it, it prints on its own.
func TestLeafletFromAnUploadedTextSet(t *testing.T) {
	es, _ := clauseFiles.ReadFile("clauses/es.toml")
	v2 := strings.Replace(string(es), "Sus derechos como", "Versión 2: sus derechos como", 1)
	set, err := ParseTextSet("es", []byte(v2))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Leaflet(LeafletData{Language: "es", Texts: NewLibrary(set)})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	if !strings.Contains(text, "Versión 2: sus derechos como") || !strings.Contains(text, "Your rights as") {
		t.Errorf("uploaded unreviewed set: %s", text)
	}
	reviewed := strings.Replace(v2, `status = "unreviewed"`, `status = "reviewed"`, 1)
	reviewed = strings.Replace(reviewed, `reviewed_by = ""`, `reviewed_by = "A. Sworn, sworn translator"`, 1)
	if set, err = ParseTextSet("es", []byte(reviewed)); err != nil {
		t.Fatal(err)
	}
	b, _ = Leaflet(LeafletData{Language: "es", Texts: NewLibrary(set)})
	if text := pdfText(t, b); !strings.Contains(text, "Versión 2") || strings.Contains(text, "Your rights as") {
		t.Errorf("reviewed set not printed alone: %s", text)
	}
	// French as the reference language; a third one is refused.
	b, _ = Leaflet(LeafletData{Language: "es", ReferenceLanguage: "fr"})
	if text := pdfText(t, b); !strings.Contains(text, "Vos droits") {
		t.Error("French reference not printed")
	}
	_, err = Leaflet(LeafletData{Language: "es", ReferenceLanguage: "de"})
	var de *models.Error
	if !errors.As(err, &de) {
		t.Errorf("German reference: %v", err)
	}
}

// A contract translation into a language the contract cannot be drawn up
// in prints as a translation for information, saying so in both languages,
// with its own clause on which text is binding.
func TestContractWithATranslationForInformation(t *testing.T) {
	if !slices.Contains(SecondLanguages(), "es") {
		t.Fatal("no Spanish contract translation")
	}
	s := sample()
	s.Language, s.SecondLanguage = "fr", "es"
	b := mustGenerate(t, s)
	fr, es := pdfColumnText(t, b, false), pdfColumnText(t, b, true)
	for _, want := range []string{
		"Le texte en espagnol est une traduction fournie à titre d'information ; seul le texte en français fait foi.",
		"Le texte en espagnol de ce document est une traduction provisoire",
		"Rémunération mensuelle brute convenue",
	} {
		if !strings.Contains(fr, want) {
			t.Errorf("French column lacks %q", want)
		}
	}
	for _, want := range []string{
		"El texto en español es una traducción solo a título informativo; únicamente el texto en francés es vinculante.",
		"Salario bruto mensual acordado: 2.150,00 EUR",
		"El lugar habitual de trabajo es la residencia del empleador",
	} {
		if !strings.Contains(es, want) {
			t.Errorf("Spanish column lacks %q", want)
		}
	}
	if strings.Contains(fr, "font également foi") {
		t.Error("a translation for information is said to have equal force")
	}

	// An uploaded set replaces the contract translation in use, and a set
	// without one withdraws the language from the contract (here stand-ins:
	// the Swahili file without its clauses, then with the English clauses).
	sw, _ := clauseFiles.ReadFile("clauses/sw.toml")
	noContract := string(sw)
	if i := strings.Index(noContract, "\n[contract]\n"); i >= 0 {
		noContract = noContract[:i+1]
	}
	en, _ := clauseFiles.ReadFile("clauses/en.toml")
	src := string(en)
	contract := src[strings.Index(src, "\n[contract]\n"):strings.Index(src, "\n[leaflet]\n")]
	contract = strings.Replace(contract, `title = "Employment contract`, `title = "SW-TEST Employment contract`, 1)
	without, err := ParseTextSet("sw", []byte(noContract))
	if err != nil {
		t.Fatal(err)
	}
	set, err := ParseTextSet("sw", []byte(noContract+contract))
	if err != nil {
		t.Fatal(err)
	}
	s.SecondLanguage = "sw"
	s.Texts = NewLibrary(without)
	if _, err := Generate(s); err == nil {
		t.Error("a contract beside a language without clauses was generated")
	}
	s.Texts = NewLibrary(set)
	if text := pdfText(t, mustGenerate(t, s)); !strings.Contains(text, "SW-TEST Employment contract") ||
		!strings.Contains(text, "Le texte en swahili est une traduction fournie à titre d'information") {
		t.Errorf("uploaded contract translation not printed as a translation: %s", text)
	}
}

// Documents in complex scripts are the same bytes whether their
// paragraphs were shaped now or taken from the cache, alone or
// concurrently (go test -race checks the shared caches).
func TestShapedDocumentsAreDeterministic(t *testing.T) {
	shapeCache.Lock()
	clear(shapeCache.m)
	shapeCache.Unlock()
	langs := []string{"ar", "hi", "th", "am", "si"}
	first := map[string][]byte{}
	for _, l := range langs {
		b, err := Leaflet(LeafletData{Language: l})
		if err != nil {
			t.Fatal(err)
		}
		first[l] = b
	}
	done := make(chan error, 2*len(langs))
	for range 2 {
		for _, l := range langs {
			go func() {
				b, err := Leaflet(LeafletData{Language: l})
				if err == nil && !slices.Equal(b, first[l]) {
					err = errors.New(l + ": different bytes")
				}
				done <- err
			}()
		}
	}
	for range 2 * len(langs) {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// Every file names every language of the catalogue in its own language, so
// a summons says which interpreter is booked, and a notice which text is
// binding, in the letter's language, never by a code or in English.
func TestEveryFileNamesEveryLanguage(t *testing.T) {
	for code, ts := range texts() {
		for _, l := range models.Languages() {
			if _, ok := ts.Languages[l.Code]; !ok && !slices.Contains(ContractLanguages, code) {
				t.Errorf("%s.toml: [language_names] lacks %s", code, l.Code)
			}
			if n := ts.languageName(l.Code); n == "" || n == l.Code || (code != "en" && n == l.English && l.English != l.Name(code) && ts.Languages[l.Code] == "") {
				t.Errorf("%s names %s %q", code, l.Code, n)
			}
		}
	}
}
