package app

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	"github.com/carddesk/carddesk/models"
)

// Charts are drawn here as inline SVG: no script, no style attribute and
// no external image, so they work under the Content-Security-Policy of
// middleware.go (default-src 'none'; style-src 'self'). Colours are SVG
// presentation attributes, which that policy does not govern. A withheld
// cell is drawn as a dashed outline at the threshold's height with its
// text, never as its value. Each chart names the table beside it that
// holds its numbers (aria-describedby).

// chartPalette: distinguishable for the common colour-vision deficiencies
// (Okabe-Ito).
var chartPalette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"}

// statChart is one chart with the id of its table.
type statChart struct {
	Title   string
	TableID string
	SVG     template.HTML
}

// statCharts draws the report's three charts: cards by kind over the
// years, the outcome mix and the referrals by partner of the chosen year.
func statCharts(loc *localizer, p models.PublishedReport, tables []statTable) []statChart {
	byID := map[string]statTable{}
	for _, t := range tables {
		byID[t.ID] = t
	}
	var out []statChart
	if t, ok := byID[models.TableCards]; ok {
		out = append(out, statChart{Title: loc.T("stats.chart.trend"), TableID: t.ID, SVG: trendChart(loc.T("stats.chart.trend"), t, p.Threshold)})
	}
	for _, id := range []string{models.TableOutcomes, models.TableReferrals} {
		if t, ok := byID[id]; ok {
			title := loc.T(statKey("chart", id), "year", p.Year)
			out = append(out, statChart{Title: title, TableID: t.ID, SVG: barChart(title, t, len(p.Years)-1, p.Threshold)})
		}
	}
	return out
}

func esc(s string) string { return html.EscapeString(s) }

// barHeight is how tall a cell draws: its value, or the threshold for a
// withheld cell (drawn dashed).
func barValue(c statCell, threshold int) (int, bool) {
	if c.State == models.CellShown {
		return c.Value, true
	}
	return threshold, false
}

// trendChart draws grouped vertical bars: one group per year, one bar per
// row of t.
func trendChart(title string, t statTable, threshold int) template.HTML {
	const w, h, left, bottom, top = 640.0, 260.0, 40.0, 50.0, 20.0
	years := t.Header[1:]
	maxV := threshold
	for _, line := range t.Lines {
		for _, c := range line.Cells {
			v, _ := barValue(c, threshold)
			maxV = max(maxV, v)
		}
	}
	var b strings.Builder
	id := "chart-" + t.ID
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-labelledby="%s-title" aria-describedby="table-%s">`, w, h, id, t.ID)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`, id, esc(title))
	plotH := h - bottom - top
	groupW := (w - left - 10) / float64(len(years))
	barW := groupW * 0.8 / float64(max(1, len(t.Lines)))
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#333"/>`, left, h-bottom, w-10, h-bottom)
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="11" text-anchor="end" fill="#333">%d</text>`, left-4, top+4, maxV)
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="11" text-anchor="end" fill="#333">0</text>`, left-4, h-bottom)
	for j, year := range years {
		gx := left + float64(j)*groupW + groupW*0.1
		for i, line := range t.Lines {
			row := line.Cells
			v, shown := barValue(row[j], threshold)
			bh := plotH * float64(v) / float64(maxV)
			x, y := gx+float64(i)*barW, h-bottom-bh
			colour := chartPalette[i%len(chartPalette)]
			if shown {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %s</title></rect>`,
					x, y, barW-1, bh, colour, esc(line.Label), esc(year), esc(row[j].Text))
			} else {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="%s" stroke-dasharray="3 2"><title>%s %s: %s</title></rect>`,
					x, y, barW-1, bh, colour, esc(line.Label), esc(year), esc(row[j].Text))
			}
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="12" text-anchor="middle" fill="#333">%s</text>`, gx+groupW*0.4, h-bottom+16, esc(year))
	}
	for i, line := range t.Lines {
		label := line.Label
		x := left + float64(i)*180
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="10" height="10" fill="%s"/><text x="%.0f" y="%.0f" font-size="11" fill="#333">%s</text>`,
			x, h-16, chartPalette[i%len(chartPalette)], x+14, h-7, esc(label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text above is escaped
}

// barChart draws horizontal bars of column col of t, one per row.
func barChart(title string, t statTable, col, threshold int) template.HTML {
	const w, left, rowH, top = 640.0, 250.0, 24.0, 8.0
	h := top*2 + rowH*float64(len(t.Lines))
	maxV := threshold
	for _, line := range t.Lines {
		v, _ := barValue(line.Cells[col], threshold)
		maxV = max(maxV, v)
	}
	var b strings.Builder
	id := "chart-" + t.ID
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-labelledby="%s-title" aria-describedby="table-%s">`, w, h, id, t.ID)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`, id, esc(title))
	plotW := w - left - 110
	for i, line := range t.Lines {
		row := line.Cells
		y := top + float64(i)*rowH
		v, shown := barValue(row[col], threshold)
		bw := plotW * float64(v) / float64(maxV)
		colour := chartPalette[i%len(chartPalette)]
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="12" text-anchor="end" fill="#333">%s</text>`, left-6, y+rowH*0.65, esc(line.Label))
		if shown {
			fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, left, y+3, bw, rowH-6, colour)
		} else {
			fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="%s" stroke-dasharray="3 2"/>`, left, y+3, bw, rowH-6, colour)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" fill="#333">%s</text>`, left+bw+6, y+rowH*0.65, esc(row[col].Text))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text above is escaped
}
