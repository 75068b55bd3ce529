package contracts

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/carddesk/carddesk/models"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/math/fixed"
)

// A paragraph is set in one of two ways (typesetter.layout):
//
//   - Text that needs no shaping (Latin, Greek and Cyrillic letters without
//     combining marks, left to right, all in Noto Sans) is measured and
//     broken at spaces from a table of advances, as gofpdf did: glyph for
//     character, no kerning. Contracts in French, Dutch, German and English
//     take this path, so they cost what they did.
//   - Everything else is itemised by bidi level (UAX #9), script and font
//     (go-text's Segmenter, with a font per script and fallback per
//     character), shaped with go-text's HarfBuzz port, broken into lines at
//     UAX #14 opportunities (Thai between dictionary words, thai.go), and
//     each line's runs ordered visually.
//
// Either way a line is a list of glyph runs in visual order that the
// patched gofpdf writes as glyph ids (PATCHES.md, 9).

// line is one line of text, ready to draw.
type line struct {
	runs  []glyphRun // visual order, left to right
	width float64    // in ems of the font size
	rtl   bool       // the paragraph runs right to left: align right
	core  string     // the line in a core font (the benchmark's baseline)
}

// glyphRun is glyphs of one font. Distances are in the font's units.
type glyphRun struct {
	font    *loadedFont
	glyphs  []gofpdf.Glyph
	advance float64
}

// widthMM returns the line's width at size points.
func (l line) widthMM(size float64) float64 { return l.width * size * ptToMM }

// em returns a run's advance in ems of the nominal size.
func (r glyphRun) em() float64 { return r.advance / r.font.upem * r.font.family.size() }

// typesetter holds what shaping needs per document: go-text's faces,
// shaper and wrapper are not safe for concurrent use, so each document
// takes one from a pool.
type typesetter struct {
	lang    language.Language
	rtl     bool
	shaper  shaping.HarfbuzzShaper
	seg     shaping.Segmenter
	wrapper shaping.LineWrapper
	faces   map[*loadedFont]*font.Face
	fonts   map[*font.Face]*loadedFont
	bold    bool
	script  language.Script // of the run being resolved (SetScript)
}

var typesetters = sync.Pool{New: func() any {
	return &typesetter{faces: map[*loadedFont]*font.Face{}, fonts: map[*font.Face]*loadedFont{}}
}}

// newTypesetter returns a typesetter for a document in lang (its
// paragraphs run right to left for Arabic and Urdu).
func newTypesetter(lang string) *typesetter {
	ts := typesetters.Get().(*typesetter)
	ts.lang = language.NewLanguage(lang)
	ts.rtl = isRTL(lang)
	return ts
}

func (ts *typesetter) release() { typesetters.Put(ts) }

func (ts *typesetter) face(lf *loadedFont) *font.Face {
	f, ok := ts.faces[lf]
	if !ok {
		f = font.NewFace(lf.shaping)
		ts.faces[lf] = f
		ts.fonts[f] = lf
	}
	return f
}

// SetScript implements shaping.FontmapScript: the segmenter tells the
// script of the run whose characters it resolves next.
func (ts *typesetter) SetScript(s language.Script) { ts.script = s }

// ResolveFace implements shaping.Fontmap: the font of the character's
// script; for a character of no particular script (digits, punctuation,
// spaces), the font of its run's script if it has it, else the first font
// that has it; Noto Sans for a character no font has (it prints the
// replacement character).
func (ts *typesetter) ResolveFace(r rune) *font.Face {
	fam := familyOf(language.LookupScript(r))
	if fam == nil {
		// A digit or punctuation mark takes the font of the script run it
		// is in (the Devanagari full stop in Hindi), if that font has it.
		fam = familyOf(ts.script)
	}
	if fam != nil {
		if lf := fontFor(fam, ts.bold); lf.has(r) {
			return ts.face(lf)
		}
	}
	for _, fam := range families {
		if lf := fontFor(fam, ts.bold); lf.has(r) {
			return ts.face(lf)
		}
	}
	return ts.face(fontFor(families[0], ts.bold))
}

func (lf *loadedFont) has(r rune) bool {
	if r >= 0 && r < simpleLimit {
		return lf.simple[r].text != ""
	}
	_, ok := lf.shaping.NominalGlyph(r)
	return ok
}

// layout breaks text into lines no wider than width ems ("\n" forces a
// break).
func (ts *typesetter) layout(text string, bold bool, width float64) []line {
	text = lineBreaks.Replace(stripBidiOverrides(text))
	var out []line
	for hard := range strings.SplitSeq(text, "\n") {
		if ls, ok := cachedSimpleLines(hard, bold, width); ok {
			out = append(out, ls...)
			continue
		}
		out = append(out, ts.cachedShapedLines(hard, bold, width)...)
	}
	return out
}

// lineBreaks turns every mandatory line break (UAX #14 classes BK, CR, LF,
// NL) and every other paragraph separator of the bidi algorithm (class B:
// the information separators U+001C to U+001E) into "\n": paragraphs are
// split before shaping. Left in, a separator ended the bidi paragraph and
// the shaper dropped the rest of the text ("a\x1db" printed "a"; found by
// FuzzLayout).
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\v", "\n", "\f", "\n",
	"\u0085", "\n", "\u2028", "\n", "\u2029", "\n", "\x1c", "\n", "\x1d", "\n", "\x1e", "\n")

// shapedOrPlain shapes a paragraph; should the shaping library fail on
// some input (it is third-party code fed with any data a clerk types), the
// paragraph is printed unshaped, each character in Noto Sans or as the
// replacement character, rather than the document failing.
func (ts *typesetter) shapedOrPlain(text string, bold bool, width float64) (lines []line) {
	defer func() {
		if recover() != nil {
			ts.reset()
			lines = plainLines(text, bold, width)
		}
	}()
	return ts.shaped(text, bold, width)
}

// reset drops the state a failed shaping may have left.
func (ts *typesetter) reset() {
	ts.shaper = shaping.HarfbuzzShaper{}
	ts.seg = shaping.Segmenter{}
	ts.wrapper = shaping.LineWrapper{}
}

// plainLines sets text glyph by glyph in Noto Sans, breaking anywhere.
func plainLines(text string, bold bool, width float64) []line {
	lf := fontFor(families[0], bold)
	var out []line
	run := glyphRun{font: lf}
	for _, r := range text {
		g := lf.replacement
		g.text = string(r)
		if r >= 0 && r < simpleLimit && lf.simple[r].text != "" {
			g = lf.simple[r]
		}
		if (run.advance+float64(g.advance))/lf.upem > width && len(run.glyphs) > 0 {
			out = append(out, line{runs: []glyphRun{run}, width: run.advance / lf.upem})
			run = glyphRun{font: lf}
		}
		run.glyphs = append(run.glyphs, gofpdf.Glyph{ID: g.gid, Advance: float64(g.advance), Text: g.text})
		run.advance += float64(g.advance)
	}
	return append(out, line{runs: []glyphRun{run}, width: run.advance / lf.upem})
}

// stripBidiOverrides removes the explicit embeddings, overrides and
// isolates (U+202A-U+202E, U+2066-U+2069) from data to be printed: in a
// contract they could show a figure or a name in another order than the
// one stored ("Trojan Source"), and the default bidi algorithm orders names
// and addresses correctly. Marks (LRM, RLM, ALM) are kept.
func stripBidiOverrides(s string) string {
	if !strings.ContainsFunc(s, isBidiOverride) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBidiOverride(r) {
			return -1
		}
		return r
	}, s)
}

func isBidiOverride(r rune) bool { return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) }

// em is the scale the shaper works at: shaped distances are in 1/em of
// the font size, whatever the font's own units per em.
const em = 1000

// shaped lays out one paragraph with the full machinery.
func (ts *typesetter) shaped(text string, bold bool, width float64) []line {
	text = strings.TrimSpace(text)
	if text == "" {
		return []line{{}}
	}
	ts.bold = bold
	dir := di.DirectionLTR
	if ts.rtl {
		dir = di.DirectionRTL
	}
	key := shapeKey{ts.lang, bold, text}
	runes, outs := ts.cached(key)
	if outs == nil {
		runes = thaiWordBreaks([]rune(text))
		inputs := ts.seg.Split(shaping.Input{
			Text: runes, RunEnd: len(runes), Direction: dir,
			Size: fixed.I(em), Language: ts.lang,
		}, ts)
		outs = make([]shaping.Output, len(inputs))
		for i, in := range inputs {
			// Shaped distances are in 1/em of the nominal size, whatever
			// the font's scale (fonts.go), so that lines measure in one unit.
			in.Size = fixed.I(int(math.Round(em * ts.fonts[in.Face].family.size())))
			outs[i] = ts.shaper.ShapeNoExtents(in)
			ts.replaceMissing(&outs[i], runes)
			markInk(&outs[i], runes)
		}
		ts.store(key, runes, outs)
	}
	// The wrapper's own trimming of trailing spaces needs glyph extents,
	// which are not computed (ShapeNoExtents): trimSpace does it.
	wrapped, _ := ts.wrapper.WrapParagraph(shaping.WrapConfig{Direction: dir, BreakPolicy: shaping.WhenNecessary,
		DisableTrailingWhitespaceTrim: true}, int(width*em), runes, shaping.NewSliceIterator(outs))
	lines := make([]line, 0, len(wrapped))
	for _, wl := range wrapped {
		trimSpace(wl, runes)
		lines = append(lines, ts.convert(wl, runes))
	}
	return lines
}

// trimSpace gives the line's logically last character no advance if it is
// a space, so that lines measure and align without it.
func trimSpace(wl shaping.Line, runes []rune) {
	ri, gi, last := -1, -1, -1
	for i := range wl {
		for j, g := range wl[i].Glyphs {
			if g.TextIndex() > last {
				ri, gi, last = i, j, g.TextIndex()
			}
		}
	}
	if ri < 0 || !blankCluster(wl[ri].Glyphs[gi], runes) {
		return
	}
	g := &wl[ri].Glyphs[gi]
	g.Advance, g.Advance = 0, 0
	wl[ri].RecomputeAdvance()
}

// markInk gives every glyph but spaces a non-zero Width: without glyph
// extents (ShapeNoExtents, much cheaper) the wrapper takes a glyph of zero
// width for a space, and does not count the last glyph of a line when it
// checks that the line fits.
func markInk(out *shaping.Output, runes []rune) {
	for i := range out.Glyphs {
		g := &out.Glyphs[i]
		if !blankCluster(*g, runes) {
			g.Width = 1
		}
	}
}

// blankCluster reports whether every character of g's cluster is a space.
// A cluster can start with a space and carry ink: an emoji modifier or a
// combining mark after a space joins the space's cluster (found by
// FuzzLayout: " 🏽" was taken for a space and overflowed its line).
func blankCluster(g shaping.Glyph, runes []rune) bool {
	start := g.TextIndex()
	end := min(start+max(g.RunesCount(), 1), len(runes))
	for _, r := range runes[start:end] {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// replaceMissing gives every character no font has (glyph 0 of Noto Sans)
// the replacement character's glyph, so it prints visibly.
func (ts *typesetter) replaceMissing(out *shaping.Output, runes []rune) {
	lf := ts.fonts[out.Face]
	changed := false
	for i := range out.Glyphs {
		g := &out.Glyphs[i]
		if g.GlyphID != 0 {
			continue
		}
		if isInvisible(runes[g.TextIndex()]) {
			g.Advance, g.Advance = 0, 0
			changed = true
			continue
		}
		g.GlyphID = font.GID(lf.replacement.gid)
		adv := fixed.I(int(float64(lf.replacement.advance) * em * lf.family.size() / lf.upem))
		g.Advance, g.Advance = adv, adv
		g.XOffset, g.YOffset = 0, 0
		changed = true
	}
	if changed {
		out.RecomputeAdvance()
	}
}

// isInvisible reports characters that are meant to print nothing: format
// and other default-ignorable characters (ZWSP, ZWJ, bidi controls...).
func isInvisible(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x061C, r == 0x115F, r == 0x1160, r == 0x17B4, r == 0x17B5,
		r >= 0x180B && r <= 0x180F, r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E,
		r >= 0x2060 && r <= 0x206F, r == 0x3164, r >= 0xFE00 && r <= 0xFE0F, r == 0xFEFF, r == 0xFFA0,
		r >= 0xFFF0 && r <= 0xFFF8, r >= 0x1BCA0 && r <= 0x1BCA3, r >= 0x1D173 && r <= 0x1D17A,
		r >= 0xE0000 && r <= 0xE0FFF:
		return true
	}
	return false
}

// convert turns a wrapped line into glyph runs in visual order, each
// glyph cluster's text on its first glyph (for the ToUnicode map).
func (ts *typesetter) convert(wl shaping.Line, runes []rune) line {
	order := make([]int, len(wl))
	for i := range wl {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return int(wl[a].VisualIndex - wl[b].VisualIndex) })
	l := line{rtl: ts.rtl}
	for _, i := range order {
		out := wl[i]
		lf := ts.fonts[out.Face]
		scale := lf.upem / (em * lf.family.size()) / 64 // 26.6 at em units -> font units
		run := glyphRun{font: lf, glyphs: make([]gofpdf.Glyph, 0, len(out.Glyphs))}
		for start := 0; start < len(out.Glyphs); {
			end := start + 1
			for end < len(out.Glyphs) && out.Glyphs[end].TextIndex() == out.Glyphs[start].TextIndex() {
				end++
			}
			// The cluster's text goes on its first glyph that advances (not
			// a mark drawn before its base), which GlyphRun then gives the
			// cluster's whole advance as its width for text extraction.
			carrier := start
			for k := start; k < end; k++ {
				if out.Glyphs[k].Advance != 0 {
					carrier = k
					break
				}
			}
			g0 := out.Glyphs[start]
			text := clusterText(runes[g0.TextIndex():min(g0.TextIndex()+g0.RunesCount(), len(runes))])
			for k := start; k < end; k++ {
				g := out.Glyphs[k]
				pg := gofpdf.Glyph{
					ID:      uint16(g.GlyphID),
					Advance: float64(g.Advance) * scale,
					XOffset: float64(g.XOffset) * scale,
					YOffset: float64(g.YOffset) * scale,
				}
				if k == carrier {
					pg.Text = text
				}
				if text == "" && pg.Advance == 0 {
					continue // a word break inserted for Thai
				}
				run.glyphs = append(run.glyphs, pg)
			}
			start = end
		}
		run.advance = float64(out.Advance) * scale
		l.width += run.em()
		l.runs = append(l.runs, run)
	}
	return l
}

// clusterText is the text a cluster stands for, without the word breaks
// inserted for Thai line breaking.
func clusterText(rs []rune) string {
	var b strings.Builder
	for _, r := range rs {
		if r != zwsp {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isRTL reports whether lang is written right to left.
func isRTL(lang string) bool {
	l, ok := models.LanguageByCode(lang)
	return ok && l.RTL
}
