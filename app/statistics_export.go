package app

import (
	"bytes"
	"fmt"
	"github.com/carddesk/carddesk/app/input/csvcell"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/models"
)

// Exports of the published report: a table (or all of them) as CSV, every
// table as a sheet of an Excel workbook, the report as a PDF with its
// charts. They carry what the page shows and nothing more: counts by year,
// no name, number, free text or date finer than the year. The store records
// each export in the audit trail.

// exportReport reads the query, the published report (audited) and the
// export's language.
func (a *App) exportReport(c echo.Context, format string) (statisticsQuery, models.PublishedReport, *localizer, error) {
	var q statisticsQuery
	if err := a.query(c, &q); err != nil {
		return q, models.PublishedReport{}, nil, err
	}
	loc, err := a.exportLocalizer(c, q.Lang)
	if err != nil {
		return q, models.PublishedReport{}, nil, err
	}
	p, err := a.store.Statistics.Export(c.Request().Context(), actor(c), q.year(a), format)
	return q, p, loc, err
}

func attachment(c echo.Context, name string) {
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
}

// statisticsCSV is GET /statistics/export.csv: one table (table=id) or all.
func (a *App) statisticsCSV(c echo.Context) error {
	q, p, loc, err := a.exportReport(c, "csv")
	if err != nil {
		return err
	}
	tables := statTables(loc, p)
	if q.Table != "" {
		var one []statTable
		for _, t := range tables {
			if t.ID == q.Table {
				one = append(one, t)
			}
		}
		if len(one) == 0 {
			return models.Fail(models.KindNotFound, "not_found", "No such {{.what}}.").With("what", "table")
		}
		tables = one
	}
	var buf bytes.Buffer
	cw := csvcell.NewWriter(&buf)
	for _, t := range tables {
		header := append([]string{loc.T("stats.csv_table")}, t.Header...)
		if err := cw.Write(header); err != nil {
			return err
		}
		for _, l := range t.Lines {
			if err := cw.Write(append([]string{t.Caption, l.Label}, texts(l.Cells)...)); err != nil {
				return err
			}
		}
		if t.Totals != nil {
			if err := cw.Write(append([]string{t.Caption, loc.T("stats.total")}, texts(t.Totals)...)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	name := fmt.Sprintf("carddesk-statistics-%d", p.Year)
	if q.Table != "" {
		name += "-" + q.Table
	}
	attachment(c, name+".csv")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

func texts(cells []statCell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c.Text
	}
	return out
}

// sheetName is a table's caption as an Excel sheet name: at most 31
// characters, none of : \ / ? * [ ].
func sheetName(caption string, used map[string]bool) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return ' '
		}
		return r
	}, caption)
	if r := []rune(name); len(r) > 28 {
		name = string(r[:28])
	}
	base := name
	for i := 2; used[name]; i++ {
		name = base + " " + strconv.Itoa(i)
	}
	used[name] = true
	return name
}

// statisticsXLSX is GET /statistics/export.xlsx: a sheet per table, counts
// as numbers, withheld cells as their text.
func (a *App) statisticsXLSX(c echo.Context) error {
	_, p, loc, err := a.exportReport(c, "xlsx")
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	first := f.GetSheetName(0)
	notes := loc.T("stats.sheet_notes")
	if err := f.SetSheetName(first, notes); err != nil {
		return err
	}
	for i, n := range []string{loc.T("stats.title", "year", p.Year), loc.T("stats.intro", "n", p.Threshold), loc.T("stats.exports_hint")} {
		if err := f.SetCellStr(notes, "A"+strconv.Itoa(i+1), n); err != nil {
			return err
		}
	}
	used := map[string]bool{notes: true}
	for _, t := range statTables(loc, p) {
		sheet := sheetName(t.Caption, used)
		if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		set := func(col, row int, cell statCell, text string) error {
			ref, err := excelize.CoordinatesToCellName(col, row)
			if err != nil {
				return err
			}
			if text != "" {
				return f.SetCellStr(sheet, ref, text)
			}
			if cell.State == models.CellShown && t.ID != "timing" {
				return f.SetCellInt(sheet, ref, int64(cell.Value))
			}
			return f.SetCellStr(sheet, ref, cell.Text)
		}
		for j, h := range t.Header {
			if err := set(j+1, 1, statCell{}, h); err != nil {
				return err
			}
		}
		if err := f.SetRowStyle(sheet, 1, 1, bold); err != nil {
			return err
		}
		lines := t.Lines
		if t.Totals != nil {
			lines = append(lines, statLine{Label: loc.T("stats.total"), Cells: t.Totals})
		}
		for i, l := range lines {
			if err := set(1, i+2, statCell{}, l.Label); err != nil {
				return err
			}
			for j, cell := range l.Cells {
				if err := set(j+2, i+2, cell, ""); err != nil {
					return err
				}
			}
		}
		if err := f.SetColWidth(sheet, "A", "A", 45); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	attachment(c, fmt.Sprintf("carddesk-statistics-%d.xlsx", p.Year))
	return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}

// statisticsPDF is GET /statistics/report.pdf?lang=fr|nl|en: the yearly
// report with its charts.
func (a *App) statisticsPDF(c echo.Context) error {
	_, p, loc, err := a.exportReport(c, "pdf")
	if err != nil {
		return err
	}
	tables := statTables(loc, p)
	doc := contracts.StatisticsDocument{Lang: loc.lang, Title: loc.T("stats.title", "year", p.Year),
		Subtitle: loc.T("stats.pdf_subtitle", "from", p.Years[0], "to", p.Year),
		Notes:    []string{loc.T("stats.intro", "n", p.Threshold), loc.T("stats.pdf_withheld")},
		Footer:   loc.T("stats.pdf_footer", "page", "{page}", "pages", "{pages}"),
		Created:  a.now()}
	for _, ch := range statCharts(loc, p, tables) {
		for _, t := range tables {
			if t.ID != ch.TableID {
				continue
			}
			pc := contracts.StatisticsChart{Title: ch.Title, Threshold: p.Threshold}
			col := len(p.Years) - 1
			for _, l := range t.Lines {
				cell := l.Cells[col]
				pc.Labels, pc.Texts = append(pc.Labels, l.Label), append(pc.Texts, cell.Text)
				pc.Values, pc.Withheld = append(pc.Values, cell.Value), append(pc.Withheld, cell.State != models.CellShown)
			}
			if t.ID == models.TableCards {
				pc.Title = loc.T("stats.chart.cards_year", "year", p.Year)
			}
			doc.Charts = append(doc.Charts, pc)
		}
	}
	for _, t := range tables {
		st := contracts.StatisticsTable{Caption: t.Caption, Header: t.Header}
		for _, l := range t.Lines {
			st.Rows = append(st.Rows, append([]string{l.Label}, texts(l.Cells)...))
		}
		if t.Totals != nil {
			st.Rows = append(st.Rows, append([]string{loc.T("stats.total")}, texts(t.Totals)...))
		}
		doc.Tables = append(doc.Tables, st)
	}
	ctx, cancel := a.pdfContext(c)
	defer cancel()
	pdf, err := contracts.Statistics(ctx, doc)
	if err != nil {
		return err
	}
	attachment(c, fmt.Sprintf("carddesk-statistics-%d-%s.pdf", p.Year, loc.lang))
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// statisticsCTDC is GET /statistics/ctdc.csv: the k-anonymised microdata
// in CTDC's field names (admins).
func (a *App) statisticsCTDC(c echo.Context) error {
	var q statisticsQuery
	if err := a.query(c, &q); err != nil {
		return err
	}
	records, _, err := a.store.Statistics.CTDC(c.Request().Context(), actor(c), q.year(a))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csvcell.NewWriter(&buf)
	if err := cw.Write(models.CTDCHeader()); err != nil {
		return err
	}
	for _, r := range records {
		if err := cw.Write(r.Row()); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	attachment(c, fmt.Sprintf("carddesk-ctdc-%d.csv", q.year(a)))
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
