package contracts

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/carddesk/carddesk/models"
)

func TestLeafletInEachLanguage(t *testing.T) {
	wants := map[string][]string{
		"en": {"Your rights", "keep your own passport", "lock from the inside", "call 112", "call 101"},
		"fr": {"Vos droits", "gardez vous-même votre passeport", "fermer à clé", "appelez le 112", "appelez le 101"},
		"nl": {"Uw rechten", "bewaart zelf uw paspoort", "op slot", "bel 112", "bel 101"},
		"de": {"Ihre Rechte", "behalten Ihren Reisepass", "abschließen", "112 anrufen", "101 anrufen"},
	}
	for lang, want := range wants {
		t.Run(lang, func(t *testing.T) {
			b, err := Leaflet(LeafletData{Language: lang, Minimum: 207048, ScaleEffectiveDate: day(2024, time.May, 1)})
			if err != nil {
				t.Fatal(err)
			}
			if n := pageCount(b); n < 1 || n > 2 {
				t.Errorf("leaflet has %d pages, want one or two", n)
			}
			text := pdfText(t, b)
			want = append(want, "PAG-ASA", "Payoke", "Sürya", "+32 2 511 64 64", "+32 3 201 16 90")
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("%s leaflet lacks %q", lang, w)
				}
			}
			if money := texts()[lang].Format.money(207048); !strings.Contains(text, money) {
				t.Errorf("%s leaflet lacks the minimum %q", lang, money)
			}
		})
	}
}

func TestLeafletIsDeterministicAndTakesContacts(t *testing.T) {
	a, err := Leaflet(LeafletData{Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Leaflet(LeafletData{Language: "en"})
	if !bytes.Equal(a, b) {
		t.Error("the same leaflet gave different bytes")
	}
	c, err := Leaflet(LeafletData{Language: "en", Contacts: []Contact{{Label: "Local helpdesk", Phone: "+32 2 000 00 00"}}})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, c)
	if !strings.Contains(text, "Local helpdesk · +32 2 000 00 00") || strings.Contains(text, "Payoke") {
		t.Errorf("contacts not replaced: %s", text)
	}
}

func TestLeafletRefusesUnknownLanguage(t *testing.T) {
	_, err := Leaflet(LeafletData{Language: "xx"})
	var de *models.Error
	if !errors.As(err, &de) || de.Fields[0].Field != "language" {
		t.Errorf("err = %v", err)
	}
}

// A translation file added to clauses/ makes the leaflet available in that
// language, without a line of code. The file may hold only a [leaflet].
func TestLeafletFromAnAddedTranslation(t *testing.T) {
	fsys := fstest.MapFS{}
	entries, err := clauseFiles.ReadDir("clauses")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, _ := clauseFiles.ReadFile("clauses/" + e.Name())
		fsys["clauses/"+e.Name()] = &fstest.MapFile{Data: b}
	}
	en, _ := clauseFiles.ReadFile("clauses/en.toml")
	// A "translation" made from the English file: keep [format] and
	// [leaflet], mark the leaflet's title so the test can find it.
	src := string(en)
	section := func(from, to string) string {
		return src[strings.Index(src, "\n"+from+"\n"):strings.Index(src, "\n"+to+"\n")]
	}
	leaflet, format, notice := section("[leaflet]", "[summons]"), section("[format]", "[language_names]"), section("[notice]", "[contract]")
	leaflet = strings.Replace(leaflet, "Your rights as", "Tes rights as", 1)
	fsys["clauses/xx.toml"] = &fstest.MapFile{Data: []byte("name = \"Test language\"\n" + format + notice + leaflet)}

	lib, err := loadLibrary(fsys, "clauses")
	if err != nil {
		t.Fatal(err)
	}
	saved := texts
	texts = func() library { return lib }
	defer func() { texts = saved }()

	if !slices.Contains(LeafletLanguages(), "xx") {
		t.Fatalf("xx not offered: %v; missing %v", LeafletLanguages(), lib.missing(lib["xx"], leafletSection))
	}
	if slices.Contains(SecondLanguages(), "xx") || slices.Contains(SummonsLanguages(), "xx") {
		t.Error("a leaflet-only file offered as contract or summons language")
	}
	b, err := Leaflet(LeafletData{Language: "xx"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pdfText(t, b), "Tes rights as") {
		t.Error("the added translation was not used")
	}
	// An incomplete leaflet translation is not offered.
	fsys["clauses/yy.toml"] = &fstest.MapFile{Data: []byte("name = \"Half\"\n" + format + notice + "[leaflet]\ntitle = \"x\"\n")}
	lib, err = loadLibrary(fsys, "clauses")
	if err != nil {
		t.Fatal(err)
	}
	texts = func() library { return lib }
	if slices.Contains(LeafletLanguages(), "yy") {
		t.Error("an incomplete translation is offered")
	}
}

func TestLoadLibraryRejectsBrokenFiles(t *testing.T) {
	en, _ := clauseFiles.ReadFile("clauses/en.toml")
	for name, data := range map[string]string{
		"unknown key":    string(en) + "\n[extra]\nx = \"y\"\n",
		"no name":        strings.Replace(string(en), "name = \"English\"", "", 1),
		"bad toml":       "name = ",
		"too few months": strings.Replace(string(en), "\"January\", ", "", 1),
	} {
		fsys := fstest.MapFS{"clauses/en.toml": &fstest.MapFile{Data: []byte(data)}}
		if _, err := loadLibrary(fsys, "clauses"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := loadLibrary(fstest.MapFS{}, "clauses"); err == nil {
		t.Error("a library without en.toml was accepted")
	}
}
