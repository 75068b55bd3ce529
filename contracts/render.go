package contracts

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// fontMode picks the fonts a document is set in. Documents are always set
// in the embedded Noto fonts (fonts.go, typeset.go); the core fonts exist
// for the benchmark that compares the two on the same layout.
type fontMode int

const (
	fontUnicode fontMode = iota
	fontCore
)

// Page geometry, in millimetres (A4 portrait).
const (
	pageW        = 210.0
	pageH        = 297.0
	marginLeft   = 18.0
	marginRight  = 18.0
	marginTop    = 16.0
	marginBottom = 20.0
	gutter       = 6.0
	ptToMM       = 25.4 / 72
	lineSpacing  = 1.3
)

// Type sizes, in points.
const (
	sizeTitle    = 14.0
	sizeSubtitle = 9.0
	sizeHeading  = 10.0
	sizeBody     = 9.0
	sizeSmall    = 7.5
)

// coreTranslator converts UTF-8 to the core fonts' code page (cp1252). It
// is built once: the benchmark's baseline should be gofpdf at its best.
var coreTranslator = sync.OnceValue(func() func(string) string {
	return gofpdf.New("P", "mm", "A4", "").UnicodeTranslatorFromDescriptor("")
})

// writer lays out blocks of text on A4 pages, in one column or in two
// side by side, breaking pages itself so that footers ("page 2 of 3") can
// be written once the number of pages is known.
type writer struct {
	// ctx ends the work early: once it is done, nothing more is laid out
	// and finish returns its error (err).
	ctx    context.Context
	err    error
	pdf    *gofpdf.Fpdf
	mode   fontMode
	family string
	y      float64 // top of the next line
	style  string
	size   float64
	space  map[string]float64 // width of a space per style+size
	// langs are the languages of the columns (the first also of text
	// across the page); each has its typesetter (bidi direction, language
	// for shaping).
	langs []string
	ts    map[string]*typesetter
	added map[*loadedFont]bool // glyph fonts added to the document
	drawn struct {             // the font gofpdf has selected
		font *loadedFont
		size float64
	}
}

// newWriter starts a document. created is written as the creation and
// modification date, so the same input always gives the same bytes.
func newWriter(mode fontMode, created time.Time, title string, langs ...string) *writer {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(created.UTC())
	pdf.SetModificationDate(created.UTC())
	pdf.SetProducer("Carddesk", false)
	pdf.SetCreator("Carddesk", false)
	pdf.SetTitle(title, true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	if len(langs) == 0 {
		langs = []string{"en"}
	}
	pdf.SetLang(langs[0])
	w := &writer{ctx: context.Background(), pdf: pdf, mode: mode, space: map[string]float64{}, langs: langs,
		ts: map[string]*typesetter{}, added: map[*loadedFont]bool{}}
	w.family = "helvetica"
	w.newPage()
	return w
}

func (w *writer) newPage() {
	w.pdf.AddPage()
	w.y = marginTop
	w.style, w.size = "", 0 // gofpdf re-selects the font on a new page
	w.drawn.font = nil
}

// typesetter returns the typesetter of column col's language.
func (w *writer) typesetter(col int) *typesetter {
	lang := w.langs[min(col, len(w.langs)-1)]
	ts, ok := w.ts[lang]
	if !ok {
		ts = newTypesetter(lang)
		w.ts[lang] = ts
	}
	return ts
}

// layout breaks s into lines no wider than width (mm) in the current
// style and size, in column col's language.
func (w *writer) layout(col int, s string, width float64) []line {
	if w.stopped() {
		return nil
	}
	if w.mode == fontCore {
		var out []line
		for _, l := range w.wrap(w.text(s), width) {
			out = append(out, line{core: l})
		}
		return out
	}
	return w.typesetter(col).layout(s, w.style == "B", width/(w.size*ptToMM))
}

// stopped reports whether the writer's context has ended; every paragraph
// asks before it is shaped, so a document no one waits for stops within one
// paragraph's work.
func (w *writer) stopped() bool {
	if w.err == nil {
		w.err = w.ctx.Err()
	}
	return w.err != nil
}

// draw writes a line on the baseline y of a column starting at x and
// width wide (right-aligned in a right-to-left language).
func (w *writer) draw(x, width, y float64, l line) {
	if w.mode == fontCore {
		if l.core != "" {
			w.pdf.Text(x, y, l.core)
		}
		return
	}
	if l.rtl {
		x += width - l.widthMM(w.size)
	}
	for _, r := range l.runs {
		if !w.added[r.font] {
			w.pdf.AddGlyphFont(r.font.family.name, r.font.style(), r.font.pdf)
			w.added[r.font] = true
		}
		if size := w.size * r.font.family.size(); w.drawn.font != r.font || w.drawn.size != size {
			w.pdf.SetFont(r.font.family.name, r.font.style(), size)
			w.drawn.font, w.drawn.size = r.font, size
		}
		w.pdf.GlyphRun(x, y, r.glyphs)
		x += r.em() * w.size * ptToMM
	}
}

// text prepares a UTF-8 string for the current font: unchanged for the
// Unicode font, converted to cp1252 for the core fonts.
func (w *writer) text(s string) string {
	if w.mode == fontCore {
		return coreTranslator()(s)
	}
	return s
}

func (w *writer) font(style string, size float64) {
	if w.style == style && w.size == size {
		return
	}
	if w.mode == fontCore {
		w.pdf.SetFont(w.family, style, size)
	}
	w.style, w.size = style, size
}

func lineHeight(size float64) float64 { return size * ptToMM * lineSpacing }

// ensure starts a new page unless h millimetres still fit on this one.
func (w *writer) ensure(h float64) {
	if w.y+h > pageH-marginBottom {
		w.newPage()
	}
}

func (w *writer) spaceWidth() float64 {
	k := fmt.Sprint(w.style, w.size)
	sw, ok := w.space[k]
	if !ok {
		sw = w.pdf.GetStringWidth(" ")
		w.space[k] = sw
	}
	return sw
}

// wrap breaks s (already prepared by text) into lines no wider than width
// in the current core font (the benchmark's baseline; typeset.go sets
// documents). "\n" forces a break; a word wider than the line is
// cut where it must be.
func (w *writer) wrap(s string, width float64) []string {
	var out []string
	sp := w.spaceWidth()
	for _, hard := range strings.Split(s, "\n") {
		words := strings.Fields(hard)
		if len(words) == 0 {
			out = append(out, "")
			continue
		}
		var line strings.Builder
		lw := 0.0
		for _, word := range words {
			ww := w.pdf.GetStringWidth(word)
			if line.Len() > 0 && lw+sp+ww <= width {
				line.WriteByte(' ')
				line.WriteString(word)
				lw += sp + ww
				continue
			}
			if line.Len() > 0 {
				out = append(out, line.String())
				line.Reset()
			}
			for ww > width { // cut an overlong word
				head, tail := w.cut(word, width)
				out = append(out, head)
				word = tail
				ww = w.pdf.GetStringWidth(word)
			}
			line.WriteString(word)
			lw = ww
		}
		out = append(out, line.String())
	}
	return out
}

// cut splits word so that its head fits width (at least one character).
func (w *writer) cut(word string, width float64) (string, string) {
	i, n := 0, 0
	for i < len(word) {
		size := 1
		if n > 0 && w.pdf.GetStringWidth(word[:i+size]) > width {
			break
		}
		i += size
		n++
	}
	return word[:i], word[i:]
}

// columns returns the x and width of each column of the document's
// languages: a right-to-left first language takes the right-hand column,
// where its readers start.
func (w *writer) columns(n int) (xs, ws []float64) {
	xs, ws = columns(n)
	if n == 2 && w.mode == fontUnicode && isRTL(w.langs[0]) {
		xs[0], xs[1] = xs[1], xs[0]
	}
	return xs, ws
}

// columns returns the x and width of each column for n columns (1 or 2).
func columns(n int) (xs, ws []float64) {
	full := pageW - marginLeft - marginRight
	if n <= 1 {
		return []float64{marginLeft}, []float64{full}
	}
	cw := (full - gutter) / 2
	return []float64{marginLeft, marginLeft + cw + gutter}, []float64{cw, cw}
}

// lines writes the texts (one per column) as paragraphs set in style and
// size, side by side, breaking pages between lines. keep is the height
// that must fit with the first line (headings keep with what follows).
func (w *writer) lines(cols []string, style string, size, indent, keep float64) {
	w.font(style, size)
	xs, ws := w.columns(len(cols))
	wrapped := make([][]line, len(cols))
	n := 0
	for i, c := range cols {
		wrapped[i] = w.layout(i, c, ws[i]-indent)
		n = max(n, len(wrapped[i]))
	}
	lh := lineHeight(size)
	for row := 0; row < n; row++ {
		if row == 0 {
			w.ensure(lh + keep)
		} else {
			w.ensure(lh)
		}
		w.font(style, size)
		for i := range cols {
			if row < len(wrapped[i]) {
				w.draw(xs[i]+indent, ws[i]-indent, w.y+lh*0.72, wrapped[i][row])
			}
		}
		w.y += lh
	}
}

func (w *writer) gap(mm float64) { w.y += mm }

// box writes rows of texts (one per column) inside a framed, shaded box
// kept on one page.
func (w *writer) box(rows [][]string, boldFirst bool) {
	xs, ws := w.columns(len(rows[0]))
	var h float64
	prepared := make([][][]line, len(rows))
	for r, row := range rows {
		style := ""
		if boldFirst && r == 0 {
			style = "B"
		}
		w.font(style, sizeBody)
		prepared[r] = make([][]line, len(row))
		n := 0
		for i, c := range row {
			prepared[r][i] = w.layout(i, c, ws[i]-4)
			n = max(n, len(prepared[r][i]))
		}
		h += float64(n) * lineHeight(sizeBody)
	}
	h += 4
	w.ensure(h)
	w.pdf.SetFillColor(240, 240, 240)
	w.pdf.SetDrawColor(120, 120, 120)
	w.pdf.SetLineWidth(0.3)
	w.pdf.Rect(marginLeft, w.y, pageW-marginLeft-marginRight, h, "DF")
	w.y += 2
	lh := lineHeight(sizeBody)
	for r, row := range prepared {
		style := ""
		if boldFirst && r == 0 {
			style = "B"
		}
		w.font(style, sizeBody)
		n := 0
		for _, c := range row {
			n = max(n, len(c))
		}
		for l := 0; l < n; l++ {
			for i, c := range row {
				if l < len(c) {
					w.draw(xs[i]+2, ws[i]-4, w.y+lh*0.72, c[l])
				}
			}
			w.y += lh
		}
	}
	w.y += 2
}

// signatures writes two signature blocks side by side, each with a label,
// a hint and room to sign, kept on one page.
func (w *writer) signatures(labels [2]string, hint string) {
	const room = 22.0
	w.font("B", sizeBody)
	lh := lineHeight(sizeBody)
	xs, ws := columns(2)
	wrappedLabels := [2][]line{w.layout(0, labels[0], ws[0]), w.layout(0, labels[1], ws[1])}
	w.font("", sizeSmall)
	hintLines := w.layout(0, hint, ws[0])
	n := max(len(wrappedLabels[0]), len(wrappedLabels[1]))
	w.ensure(float64(n)*lh + float64(len(hintLines))*lineHeight(sizeSmall) + room + 4)
	w.font("B", sizeBody)
	for l := 0; l < n; l++ {
		for i := range 2 {
			if l < len(wrappedLabels[i]) {
				w.draw(xs[i], ws[i], w.y+lh*0.72, wrappedLabels[i][l])
			}
		}
		w.y += lh
	}
	w.font("", sizeSmall)
	slh := lineHeight(sizeSmall)
	for _, l := range hintLines {
		for i := range 2 {
			w.draw(xs[i], ws[i], w.y+slh*0.72, l)
		}
		w.y += slh
	}
	w.y += room
	w.pdf.SetDrawColor(0, 0, 0)
	w.pdf.SetLineWidth(0.3)
	for i := range 2 {
		w.pdf.Line(xs[i], w.y, xs[i]+ws[i]-10, w.y)
	}
	w.y += 4
}

// finish writes a footer on every page, now that their number is known,
// and returns the document.
func (w *writer) finish(footer func(page, pages int) string) ([]byte, error) {
	defer func() {
		for _, ts := range w.ts {
			ts.release()
		}
	}()
	if w.stopped() {
		return nil, fmt.Errorf("pdf abandoned: %w", w.err)
	}
	pages := w.pdf.PageCount()
	if footer != nil {
		for p := 1; p <= pages; p++ {
			w.pdf.SetPage(p)
			// Force the font to be written into this page's stream: the
			// font last used on it may differ from gofpdf's current one.
			if w.mode == fontCore {
				w.pdf.SetFont(w.family, "B", sizeSmall)
				w.pdf.SetFont(w.family, "", sizeSmall)
			}
			w.drawn.font = nil
			w.style, w.size = "", sizeSmall
			w.pdf.SetDrawColor(120, 120, 120)
			w.pdf.SetLineWidth(0.2)
			y := pageH - marginBottom + 6
			w.pdf.Line(marginLeft, y, pageW-marginRight, y)
			for _, l := range w.layout(0, footer(p, pages), pageW-marginLeft-marginRight) {
				w.draw(marginLeft, pageW-marginLeft-marginRight, y+4, l)
				y += lineHeight(sizeSmall)
			}
		}
		w.pdf.SetPage(pages)
	}
	if w.stopped() {
		return nil, fmt.Errorf("pdf abandoned: %w", w.err)
	}
	var buf bytes.Buffer
	if err := w.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("write pdf: %w", err)
	}
	return buf.Bytes(), nil
}
