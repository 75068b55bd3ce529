package contracts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// shapingSamples are sentences of the rights leaflet in each complex
// script, each set in one font, short enough for one line.
var shapingSamples = []struct {
	lang, font, text string
}{
	{"ar", "NotoNaskhArabic", "جواز سفرك ووثائقك ملك لك"},
	{"ar", "NotoNaskhArabic", "مترجم محلَّف"},
	{"ur", "NotoNaskhArabic", "آپ کا پاسپورٹ اور دستاویزات آپ کی ملکیت ہیں"},
	{"hi", "NotoSansDevanagari", "आपका पासपोर्ट और दस्तावेज़ आपके हैं। किसी को क्षमा"},
	{"ne", "NotoSansDevanagari", "तपाईंको राहदानी र कागजात तपाईंकै हुन्"},
	{"bn", "NotoSansBengali", "আপনার পাসপোর্ট ও কাগজপত্র আপনারই"},
	{"si", "NotoSansSinhala", "ඔබේ ගමන් බලපත්\u200dරය සහ ලේඛන ඔබටම අයිතියි"},
	{"ta", "NotoSansTamil", "உங்கள் கடவுச்சீட்டும் ஆவணங்களும் உங்களுக்கே சொந்தம்"},
	{"th", "NotoSansThai", "หนังสือเดินทางและเอกสารเป็นของคุณ"},
	{"am", "NotoSansEthiopic", "ፓስፖርትዎ እና ሰነዶችዎ የእርስዎ ናቸው።"},
	{"ti", "NotoSansEthiopic", "ፓስፖርትኩምን ሰነዳትኩምን ናትኩም እዮም"},
}

// samplePDF sets text on one line of a page in lang and returns the PDF.
func samplePDF(t *testing.T, lang, text string) []byte {
	t.Helper()
	w := newWriter(fontUnicode, day(2024, time.January, 1), "sample", lang)
	w.lines([]string{text}, "", sizeBody, 0, 0)
	b, err := w.finish(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The glyphs our shaping places, and those the PDF's page content draws,
// are HarfBuzz's own for the same font and text: same ids, same order,
// same advances and offsets.
func TestShapingMatchesHarfBuzz(t *testing.T) {
	for _, s := range shapingSamples {
		t.Run(s.lang+"/"+s.text, func(t *testing.T) {
			file := filepath.Join("fonts", "noto", s.font+"-Regular.ttf")
			want := hbShape(t, file, s.lang, s.text)

			ts := newTypesetter(s.lang)
			defer ts.release()
			lines := ts.layout(s.text, false, 1e6)
			if len(lines) != 1 {
				t.Fatalf("%d lines", len(lines))
			}
			var got []hbGlyph
			for _, r := range lines[0].runs {
				if r.font.family.file != s.font {
					t.Errorf("a run in %s, want %s only", r.font.family.file, s.font)
				}
				for _, g := range r.glyphs {
					got = append(got, hbGlyph{g.ID, round(g.XOffset), round(g.YOffset), round(g.Advance)})
				}
			}
			if len(got) != len(want) {
				t.Fatalf("%d glyphs, hb-shape gives %d:\n got %v\nwant %v", len(got), len(want), got, want)
			}
			for i := range want {
				g, w := got[i], want[i]
				if g.id != w.id || abs(g.advance-w.advance) > 1 || abs(g.xoff-w.xoff) > 1 || abs(g.yoff-w.yoff) > 1 {
					t.Fatalf("glyph %d: got %+v, hb-shape %+v\n got %v\nwant %v", i, g, w, got, want)
				}
			}

			// The page content draws exactly those glyphs, in that order.
			var drawn []uint16
			for _, p := range pageGlyphs(t, samplePDF(t, s.lang, s.text)) {
				if strings.HasPrefix(p.font, s.font) {
					drawn = append(drawn, p.gid)
				}
			}
			if len(drawn) != len(want) {
				t.Fatalf("page draws %d glyphs of %s, hb-shape gives %d", len(drawn), s.font, len(want))
			}
			for i := range want {
				if drawn[i] != want[i].id {
					t.Fatalf("page glyph %d is %d, hb-shape gives %d:\n%v", i, drawn[i], want[i].id, drawn)
				}
			}
		})
	}
}

func round(f float64) int {
	if f < 0 {
		return -int(-f + 0.5)
	}
	return int(f + 0.5)
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// pdftotext gives the logical text back in every script: the ToUnicode
// map names each glyph cluster's characters.
func TestExtractedTextInEachScript(t *testing.T) {
	for _, s := range shapingSamples {
		text := pdfText(t, samplePDF(t, s.lang, s.text))
		// The samples have no punctuation: the words come back in order.
		if !strings.Contains(comparable(text, s.lang), comparable(s.text, s.lang)) {
			t.Errorf("%s: pdftotext gives %q, want %q", s.lang, text, s.text)
		}
	}
}

// Thai has no spaces between words: lines break between dictionary words,
// never inside one.
func TestThaiLinesBreakBetweenWords(t *testing.T) {
	text := texts()["th"].Leaflet["change_body"]
	ts := newTypesetter("th")
	defer ts.release()
	lines := ts.layout(text, false, 12)
	if len(lines) < 4 {
		t.Fatalf("%d lines for a long paragraph at 12 em", len(lines))
	}
	words := thaiWords()
	for i, l := range lines[:len(lines)-1] {
		if l.width > 12.001 {
			t.Errorf("line %d is %.2f em wide", i, l.width)
		}
		// The last word of each line is a dictionary word or ends at a
		// space: the break is between words.
		var b strings.Builder
		for _, r := range l.runs {
			for _, g := range r.glyphs {
				b.WriteString(g.Text)
			}
		}
		line := strings.TrimSpace(b.String())
		if line == "" {
			t.Fatalf("line %d is empty", i)
		}
		ok := false
		rs := []rune(line)
		for k := max(0, len(rs)-thaiLongestWord); k < len(rs); k++ {
			if _, found := words[string(rs[k:])]; found {
				ok = true
				break
			}
		}
		if !ok && !strings.HasSuffix(b.String(), " ") {
			t.Errorf("line %d ends inside a word: %q", i, line)
		}
	}
	// A sentence of dictionary words comes apart into dictionary words.
	got := strings.Split(string(thaiWordBreaks([]rune("คุณมีสิทธิ์เก็บหนังสือเดินทางของคุณไว้เอง"))), "\u200b")
	if len(got) < 5 {
		t.Errorf("word breaks: %q", got)
	}
	for _, w := range got {
		if _, ok := words[w]; !ok {
			t.Errorf("%q is not a dictionary word (breaks %q)", w, got)
		}
	}
}

// Right-to-left paragraphs are right-aligned and their left-to-right runs
// (numbers, names) keep their own order.
func TestRightToLeftLayout(t *testing.T) {
	ts := newTypesetter("ar")
	defer ts.release()
	lines := ts.layout("اتصل بالرقم 112 أو PAG-ASA", false, 100)
	if len(lines) != 1 || !lines[0].rtl {
		t.Fatalf("lines = %d, rtl = %v", len(lines), lines[0].rtl)
	}
	var visual []string
	for _, r := range lines[0].runs {
		var b strings.Builder
		for _, g := range r.glyphs {
			b.WriteString(g.Text)
		}
		visual = append(visual, r.font.family.name+":"+b.String())
	}
	// Visually, left to right: the Latin name, then the Arabic "or", the
	// number, the Arabic "call the number" at the right.
	joined := strings.Join(visual, " ")
	if i, j := strings.Index(joined, "PAG-ASA"), strings.Index(joined, "112"); i < 0 || j < 0 || i > j {
		t.Errorf("visual order %q: PAG-ASA should be left of 112", joined)
	}
	if !strings.HasPrefix(visual[0], "noto-latin:PAG-ASA") {
		t.Errorf("leftmost run %q", visual[0])
	}
}

// Characters no font has print as a visible replacement and keep their
// text for extraction; nothing panics, in the summons and the contract.
func TestUnsupportedCharactersPrintVisibly(t *testing.T) {
	// An emoji, CJK Extension B, unassigned code points (Greek block,
	// plane 5) and a private-use character of plane 16.
	odd := []string{"\U0001F600", "\U00020000", "\u0378", "\U00050000", "\U0010FFFD"}
	for _, r := range odd {
		ts := newTypesetter("en")
		lines := ts.layout("x"+r+"y", false, 100)
		ts.release()
		found := false
		for _, l := range lines {
			for _, run := range l.runs {
				for _, g := range run.glyphs {
					if g.Text == r {
						found = true
						if g.Advance <= 0 || g.ID != run.font.replacement.gid {
							t.Errorf("%U: glyph %d advance %.0f, want the replacement glyph", []rune(r)[0], g.ID, g.Advance)
						}
					}
				}
			}
		}
		if !found {
			t.Errorf("%U: no glyph stands for it", []rune(r)[0])
		}
	}
	name := "Maria " + strings.Join(odd, "") + " Santos"
	d := summons()
	d.WorkerName = name
	d.Languages = []string{"en"}
	b, _, err := Summons(d)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	for _, r := range []string{"\U0001F600", "\U00020000"} {
		if !strings.Contains(text, r) {
			t.Errorf("summons text lacks %U", []rune(r)[0])
		}
	}
	s := sample()
	s.Worker.Name = name
	s.Language, s.SecondLanguage = "fr", "en"
	if text := pdfText(t, mustGenerate(t, s)); !strings.Contains(text, "\U0001F600") {
		t.Error("contract text lacks U+1F600")
	}
	// The replacement glyph is drawn: Noto Sans' U+FFFD.
	lf := fontFor(families[0], false)
	if lf.replacement.gid == 0 {
		t.Fatal("Noto Sans has no U+FFFD glyph")
	}
	drawn := false
	for _, p := range pageGlyphs(t, b) {
		drawn = drawn || (strings.HasPrefix(p.font, "NotoSans-Regular") && p.gid == lf.replacement.gid)
	}
	if !drawn {
		t.Error("the summons draws no replacement glyph")
	}
}

func TestDocumentLanguageAndTitle(t *testing.T) {
	b, err := Leaflet(LeafletData{Language: "ar"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/Lang (ar)", "/DisplayDocTitle true", "/Title "} {
		if !strings.Contains(string(b), want) {
			t.Errorf("PDF lacks %s", want)
		}
	}
	if os.Getenv("CARDDESK_KEEP_PDF") != "" {
		os.WriteFile(filepath.Join(os.Getenv("CARDDESK_KEEP_PDF"), "leaflet-ar.pdf"), b, 0o644)
	}
}

// Every text of every language file has a glyph for every character in the
// font chosen for it: no draft prints a replacement mark or an empty box.
func TestEveryTextHasItsGlyphs(t *testing.T) {
	for code, set := range texts() {
		ts := newTypesetter(code)
		for key, text := range set.Entries() {
			if strings.HasPrefix(key, "language_names.") || strings.HasPrefix(key, "format.") {
				continue // names of other languages are set in their own scripts' fonts when printed
			}
			for _, l := range ts.layout(text, false, 1000) {
				for _, run := range l.runs {
					for _, g := range run.glyphs {
						if g.ID == 0 || (run.font.replacement.gid != 0 && g.ID == run.font.replacement.gid && g.Text != "\uFFFD") {
							t.Errorf("%s %s: no glyph for %q", code, key, g.Text)
						}
					}
				}
			}
		}
		ts.release()
	}
}
