package contracts

import (
	"strings"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
)

// simpleLimit bounds the characters the simple path handles: Latin,
// Greek, Cyrillic, general punctuation and currency signs.
const simpleLimit = 0x2100

// simpleRune reports whether r can be set without shaping.
func simpleRune(r rune) bool {
	switch {
	case r < 0x20 || r >= simpleLimit:
		return false
	case r >= 0x0300 && r <= 0x036F, // combining diacritics
		r >= 0x0483 && r <= 0x0489, // Cyrillic combining marks
		r >= 0x0500 && r < 0x1E00,  // Armenian, Hebrew, Arabic ... Indic ... Ethiopic
		r >= 0x1F00 && r < 0x2000,  // Greek extended: stacked diacritics
		r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x206F,
		r >= 0x20D0: // combining marks for symbols
		return false
	}
	return true
}

// simpleLines lays out text without shaping if it needs none: breaks at
// spaces, a word wider than the line cut where it must be. ok is false if
// the text needs shaping.
func simpleLines(text string, bold bool, width float64) ([]line, bool) {
	lf := fontFor(families[0], bold)
	for _, r := range text {
		if !simpleRune(r) || (r != ' ' && lf.simple[r].text == "") {
			return nil, false
		}
	}
	// The glyphs of all lines share one array, allocated once.
	all := make([]gofpdf.Glyph, 0, len(text))
	start := 0 // of the current line in all
	out := make([]line, 0, 1+len(text)/64)
	advance := 0.0 // of the current line, font units
	limit := width * lf.upem
	space := float64(lf.simple[' '].advance)
	flush := func() {
		l := line{width: advance / lf.upem}
		if len(all) > start {
			l.runs = []glyphRun{{font: lf, glyphs: all[start:len(all):len(all)], advance: advance}}
		}
		out = append(out, l)
		start, advance = len(all), 0
	}
	for word := range strings.FieldsFuncSeq(text, func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' }) {
		ww := 0.0
		for _, r := range word {
			ww += float64(lf.simple[r].advance)
		}
		if len(all) > start && advance+space+ww <= limit {
			all = append(all, lf.glyph(' '))
			advance += space
		} else if len(all) > start {
			flush()
		}
		for ww > limit && utf8.RuneCountInString(word) > 1 { // cut an overlong word
			n, w := 0, 0.0
			for i, r := range word {
				a := float64(lf.simple[r].advance)
				if i > 0 && w+a > limit {
					break
				}
				w += a
				n = i + utf8.RuneLen(r)
			}
			all = appendSimple(all, lf, word[:n])
			advance = w
			flush()
			word, ww = word[n:], ww-w
		}
		all = appendSimple(all, lf, word)
		advance += ww
	}
	flush()
	return out, true
}

func (lf *loadedFont) glyph(r rune) gofpdf.Glyph {
	g := lf.simple[r]
	return gofpdf.Glyph{ID: g.gid, Advance: float64(g.advance), Text: g.text}
}

func appendSimple(gs []gofpdf.Glyph, lf *loadedFont, s string) []gofpdf.Glyph {
	for _, r := range s {
		gs = append(gs, lf.glyph(r))
	}
	return gs
}
