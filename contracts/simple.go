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
	var out []line
	var cur line
	var run glyphRun
	limit := width * lf.upem
	space := float64(lf.simple[' '].advance)
	flush := func() {
		if len(run.glyphs) > 0 {
			cur.runs = []glyphRun{run}
		}
		cur.width = run.advance / lf.upem
		out = append(out, cur)
		cur, run = line{}, glyphRun{font: lf}
	}
	run.font = lf
	for word := range strings.FieldsFuncSeq(text, func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' }) {
		ww := 0.0
		for _, r := range word {
			ww += float64(lf.simple[r].advance)
		}
		if len(run.glyphs) > 0 && run.advance+space+ww <= limit {
			run.glyphs = append(run.glyphs, lf.glyph(' '))
			run.advance += space
		} else if len(run.glyphs) > 0 {
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
			run.glyphs = appendSimple(run.glyphs, lf, word[:n])
			run.advance = w
			flush()
			word, ww = word[n:], ww-w
		}
		run.glyphs = appendSimple(run.glyphs, lf, word)
		run.advance += ww
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
