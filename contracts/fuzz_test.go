package contracts

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/go-text/typesetting/segmenter"

	"github.com/carddesk/carddesk/models"
)

// FuzzLayout sets arbitrary text in any catalogue language: nothing may
// panic, no line may overflow unless it holds a single unbreakable piece,
// every character (but bidi overrides, which are dropped, and line and
// paragraph separators, which break the line) comes out as the
// text of some glyph (for extraction),
// and the PDF writes. The seeds (testdata/fuzz/FuzzLayout) run with every
// go test; search further with
//
//	go test ./contracts -run '^$' -fuzz FuzzLayout -fuzztime 60s
func FuzzLayout(f *testing.F) {
	f.Add("Nguyễn Thị Hường, Çağrı Öztürk", uint8(0), uint8(40))
	langs := models.Languages()
	f.Fuzz(func(t *testing.T, text string, lang, width uint8) {
		if len(text) > 2000 {
			return
		}
		code := langs[int(lang)%len(langs)].Code
		w := float64(width%60) + 2 // ems
		ts := newTypesetter(code)
		defer ts.release()
		lines := ts.layout(text, lang&0x80 != 0, w)
		var got []rune
		for i, l := range lines {
			clusters := 0
			for _, r := range l.runs {
				for _, g := range r.glyphs {
					if g.Text != "" {
						clusters++
					}
					got = append(got, []rune(g.Text)...)
				}
			}
			if l.width > w+0.001 && clusters > 1 && !unbreakable(l) {
				t.Errorf("line %d is %.3f em wide, limit %.0f", i, l.width, w)
			}
		}
		want := []rune(stripBidiOverrides(text))
		if !sameRunes(got, want) {
			t.Errorf("glyph texts %q, text %q", string(got), text)
		}
		pdf := newWriter(fontUnicode, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), text, code, "en")
		pdf.lines([]string{text}, "", sizeBody, 0, 0)
		pdf.lines([]string{text, text}, "B", sizeSmall, 0, 0)
		if _, err := pdf.finish(nil); err != nil {
			t.Fatal(err)
		}
	})
}

// unbreakable reports a line that cannot be cut: no UAX #14 break
// opportunity inside it falls between two glyph clusters (a space before
// a closing bracket allows none; after an Arabic prepended mark or before
// an emoji modifier the opportunity is inside a cluster). Right-to-left
// lines are not checked: their glyphs are in visual order.
func unbreakable(l line) bool {
	if l.rtl {
		return true
	}
	var rs []rune
	bounds := map[int]bool{}
	for _, r := range l.runs {
		for _, g := range r.glyphs {
			if g.Text != "" {
				bounds[len(rs)] = true
			}
			rs = append(rs, []rune(g.Text)...)
		}
	}
	rs = []rune(strings.TrimRightFunc(string(rs), unicode.IsSpace))
	var seg segmenter.Segmenter
	seg.Init(rs)
	it := seg.LineIterator()
	for it.Next() {
		if end := it.Line().Offset + len(it.Line().Text); end < len(rs) && bounds[end] {
			return false
		}
	}
	return true
}

// sameRunes compares two texts as multisets of characters, ignoring
// spaces and line breaks (which become line ends) and zero-width spaces.
func sameRunes(a, b []rune) bool {
	clean := func(rs []rune) []rune {
		out := make([]rune, 0, len(rs))
		for _, r := range rs {
			if !unicode.IsSpace(r) && r != zwsp && (r < 0x1c || r > 0x1e) { // separators break lines (lineBreaks)
				out = append(out, r)
			}
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(clean(a), clean(b))
}
