package contracts

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
)

// The embedded Unicode font: DejaVu Sans Condensed, regular and bold
// (fonts/LICENSE). It covers every Latin script (Polish, Vietnamese,
// Turkish, Romanian...), which the PDF core fonts do not.
var (
	//go:embed fonts/DejaVuSansCondensed.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSansCondensed-Bold.ttf
	fontBold []byte
)

// fontMode picks the fonts a document is set in. Documents are always set
// in the embedded Unicode font; the core fonts exist for the benchmark that
// compares the two on the same layout.
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
	pdf    *gofpdf.Fpdf
	mode   fontMode
	family string
	y      float64 // top of the next line
	style  string
	size   float64
	space  map[string]float64 // width of a space per style+size
}

// newWriter starts a document. created is written as the creation and
// modification date, so the same input always gives the same bytes.
func newWriter(mode fontMode, created time.Time, title string) *writer {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(created.UTC())
	pdf.SetModificationDate(created.UTC())
	pdf.SetProducer("Carddesk", false)
	pdf.SetCreator("Carddesk", false)
	pdf.SetTitle(title, true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	w := &writer{pdf: pdf, mode: mode, space: map[string]float64{}}
	if mode == fontUnicode {
		pdf.AddUTF8FontFromBytes("dejavu", "", fontRegular)
		pdf.AddUTF8FontFromBytes("dejavu", "B", fontBold)
		w.family = "dejavu"
	} else {
		w.family = "helvetica"
	}
	w.newPage()
	return w
}

func (w *writer) newPage() {
	w.pdf.AddPage()
	w.y = marginTop
	w.style, w.size = "", 0 // gofpdf re-selects the font on a new page
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
	w.pdf.SetFont(w.family, style, size)
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
// in the current font. "\n" forces a break; a word wider than the line is
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
		if w.mode == fontUnicode {
			_, size = utf8.DecodeRuneInString(word[i:])
		}
		if n > 0 && w.pdf.GetStringWidth(word[:i+size]) > width {
			break
		}
		i += size
		n++
	}
	return word[:i], word[i:]
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
	xs, ws := columns(len(cols))
	wrapped := make([][]string, len(cols))
	n := 0
	for i, c := range cols {
		wrapped[i] = w.wrap(w.text(c), ws[i]-indent)
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
			if row < len(wrapped[i]) && wrapped[i][row] != "" {
				w.pdf.Text(xs[i]+indent, w.y+lh*0.72, wrapped[i][row])
			}
		}
		w.y += lh
	}
}

func (w *writer) gap(mm float64) { w.y += mm }

// box writes rows of texts (one per column) inside a framed, shaded box
// kept on one page.
func (w *writer) box(rows [][]string, boldFirst bool) {
	xs, ws := columns(len(rows[0]))
	var h float64
	prepared := make([][][]string, len(rows))
	for r, row := range rows {
		style := ""
		if boldFirst && r == 0 {
			style = "B"
		}
		w.font(style, sizeBody)
		prepared[r] = make([][]string, len(row))
		n := 0
		for i, c := range row {
			prepared[r][i] = w.wrap(w.text(c), ws[i]-4)
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
				if l < len(c) && c[l] != "" {
					w.pdf.Text(xs[i]+2, w.y+lh*0.72, c[l])
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
	wrappedLabels := [2][]string{w.wrap(w.text(labels[0]), ws[0]), w.wrap(w.text(labels[1]), ws[1])}
	w.font("", sizeSmall)
	hintLines := w.wrap(w.text(hint), ws[0])
	n := max(len(wrappedLabels[0]), len(wrappedLabels[1]))
	w.ensure(float64(n)*lh + float64(len(hintLines))*lineHeight(sizeSmall) + room + 4)
	w.font("B", sizeBody)
	for l := 0; l < n; l++ {
		for i := range 2 {
			if l < len(wrappedLabels[i]) {
				w.pdf.Text(xs[i], w.y+lh*0.72, wrappedLabels[i][l])
			}
		}
		w.y += lh
	}
	w.font("", sizeSmall)
	slh := lineHeight(sizeSmall)
	for _, l := range hintLines {
		for i := range 2 {
			w.pdf.Text(xs[i], w.y+slh*0.72, l)
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
	pages := w.pdf.PageCount()
	if footer != nil {
		for p := 1; p <= pages; p++ {
			w.pdf.SetPage(p)
			// Force the font to be written into this page's stream: the
			// font last used on it may differ from gofpdf's current one.
			w.pdf.SetFont(w.family, "B", sizeSmall)
			w.pdf.SetFont(w.family, "", sizeSmall)
			w.style, w.size = "", sizeSmall
			w.pdf.SetDrawColor(120, 120, 120)
			w.pdf.SetLineWidth(0.2)
			y := pageH - marginBottom + 6
			w.pdf.Line(marginLeft, y, pageW-marginRight, y)
			w.pdf.Text(marginLeft, y+4, w.text(footer(p, pages)))
		}
		w.pdf.SetPage(pages)
	}
	var buf bytes.Buffer
	if err := w.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("write pdf: %w", err)
	}
	return buf.Bytes(), nil
}
