package contracts

import (
	"context"
	"time"
)

// The yearly statistics report (issue 12) as a PDF: its tables and its
// charts, already published (small numbers withheld) and put into words by
// the caller in one language. Data in, bytes out.

// StatisticsDocument is the report to print.
type StatisticsDocument struct {
	Lang     string // en, fr or nl: the document's /Lang
	Title    string
	Subtitle string
	Notes    []string
	Charts   []StatisticsChart
	Tables   []StatisticsTable
	Footer   string // "{page}" and "{pages}" are filled in
	Created  time.Time
}

// StatisticsTable is one table: a header row, then label and cells.
type StatisticsTable struct {
	Caption string
	Header  []string
	Rows    [][]string
	// TextValues sets the cells left-aligned (text, not counts).
	TextValues bool
}

// StatisticsChart is one bar chart: a value per label; a withheld bar is
// drawn dashed at Threshold with its text.
type StatisticsChart struct {
	Title     string
	Labels    []string
	Values    []int
	Texts     []string
	Withheld  []bool
	Threshold int
}

// Statistics draws the report.
func Statistics(ctx context.Context, d StatisticsDocument) ([]byte, error) {
	w := newWriter(fontUnicode, civil(d.Created), d.Title, d.Lang)
	w.ctx = ctx
	full := pageW - marginLeft - marginRight
	w.lines([]string{d.Title}, "B", sizeTitle, 0, 10)
	w.lines([]string{d.Subtitle}, "", sizeSubtitle, 0, 0)
	w.gap(3)
	for _, n := range d.Notes {
		w.lines([]string{n}, "", sizeSmall, 0, 0)
	}
	w.gap(4)
	for _, c := range d.Charts {
		w.statChart(c, full)
	}
	for _, t := range d.Tables {
		w.statTable(t, full)
	}
	return w.finish(func(page, pages int) string {
		return replacePages(d.Footer, page, pages)
	})
}

func replacePages(s string, page, pages int) string {
	out := []rune{}
	for i := 0; i < len(s); {
		switch {
		case hasAt(s, i, "{page}"):
			out = append(out, []rune(itoa(page))...)
			i += len("{page}")
		case hasAt(s, i, "{pages}"):
			out = append(out, []rune(itoa(pages))...)
			i += len("{pages}")
		default:
			r := []rune(s[i:])[0]
			out = append(out, r)
			i += len(string(r))
		}
	}
	return string(out)
}

func hasAt(s string, i int, sub string) bool { return len(s)-i >= len(sub) && s[i:i+len(sub)] == sub }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// statTable draws a table: the first column for labels, the rest equal,
// numbers right-aligned; the header repeats on a new page.
func (w *writer) statTable(t StatisticsTable, full float64) {
	if len(t.Header) == 0 {
		return
	}
	labelW := full * 0.38
	cols := len(t.Header) - 1
	colW := (full - labelW) / float64(max(1, cols))
	lh := lineHeight(sizeBody)
	row := func(cells []string, style string) {
		w.font(style, sizeBody)
		wrapped := make([][]line, len(cells))
		n := 1
		for i, c := range cells {
			width := colW - 2
			if i == 0 {
				width = labelW - 2
			}
			wrapped[i] = w.layout(0, c, width)
			n = max(n, len(wrapped[i]))
		}
		w.ensure(float64(n)*lh + 1)
		w.font(style, sizeBody)
		for i := range cells {
			x, width := marginLeft, labelW-2
			if i > 0 {
				x, width = marginLeft+labelW+float64(i-1)*colW, colW-2
			}
			if w.mode == fontUnicode && isRTL(w.langs[0]) {
				x = 2*marginLeft + full - x - width // columns mirrored: the labels on the right
			}
			for k, l := range wrapped[i] {
				lx := x
				if i > 0 && !t.TextValues {
					lx = x + width - l.widthMM(w.size) // numbers to the right
				}
				w.draw(lx, width, w.y+lh*0.72+float64(k)*lh, l)
			}
		}
		w.y += float64(n) * lh
		w.pdf.SetDrawColor(200, 200, 200)
		w.pdf.SetLineWidth(0.1)
		w.pdf.Line(marginLeft, w.y+0.3, marginLeft+full, w.y+0.3)
		w.y += 0.8
	}
	w.gap(2)
	w.lines([]string{t.Caption}, "B", sizeHeading, 0, 3*lh)
	row(t.Header, "B")
	for _, r := range t.Rows {
		if w.y+lh > pageH-marginBottom {
			w.newPage()
			row(t.Header, "B")
		}
		row(r, "")
	}
	w.gap(3)
}

// statChart draws horizontal bars, one per label.
func (w *writer) statChart(c StatisticsChart, full float64) {
	const barH, gap = 5.0, 1.5
	labelW := full * 0.38
	plotW := full - labelW - 25
	h := float64(len(c.Labels))*(barH+gap) + lineHeight(sizeHeading) + 6
	w.ensure(h)
	w.lines([]string{c.Title}, "B", sizeHeading, 0, 0)
	w.gap(1)
	maxV := max(1, c.Threshold)
	for _, v := range c.Values {
		maxV = max(maxV, v)
	}
	palette := [][3]int{{0, 114, 178}, {230, 159, 0}, {0, 158, 115}, {204, 121, 167}, {86, 180, 233}, {213, 94, 0}}
	for i, label := range c.Labels {
		v := c.Values[i]
		if c.Withheld[i] {
			v = c.Threshold
		}
		bw := plotW * float64(v) / float64(maxV)
		col := palette[i%len(palette)]
		x := marginLeft + labelW
		w.font("", sizeSmall)
		if ls := w.layout(0, label, labelW-3); len(ls) > 0 {
			w.draw(marginLeft+labelW-3-ls[0].widthMM(w.size), labelW-3, w.y+barH*0.75, ls[0])
		}
		w.pdf.SetLineWidth(0.3)
		w.pdf.SetDrawColor(col[0], col[1], col[2])
		if c.Withheld[i] {
			w.pdf.SetDashPattern([]float64{1, 0.8}, 0)
			w.pdf.Rect(x, w.y, bw, barH, "D")
			w.pdf.SetDashPattern([]float64{}, 0)
		} else {
			w.pdf.SetFillColor(col[0], col[1], col[2])
			w.pdf.Rect(x, w.y, bw, barH, "F")
		}
		w.font("", sizeSmall)
		if ls := w.layout(0, c.Texts[i], 30); len(ls) > 0 {
			w.draw(x+bw+2, 30, w.y+barH*0.75, ls[0])
		}
		w.y += barH + gap
	}
	w.gap(4)
}
