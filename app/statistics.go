package app

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/carddesk/carddesk/models"
)

// The statistics area (issue 12): the yearly report for admins and the
// oversight role, with small numbers withheld (models.Publish), charts drawn
// here as inline SVG, and exports (statistics_export.go). Every view and
// export is recorded in the audit trail by the store. Nothing here names a
// person: the store hands out only the published report.

// statisticsQuery chooses the year, and for exports the table and the
// language.
type statisticsQuery struct {
	Year  int    `form:"year" json:"year"`
	Table string `form:"table" json:"table" max:"40"`
	Lang  string `form:"lang" json:"lang" max:"5"`
}

// year returns the year asked for, the current year by default.
func (q statisticsQuery) year(a *App) int {
	if q.Year == 0 {
		return a.now().Year()
	}
	return q.Year
}

// statCell is one cell as a page, a CSV file or a workbook shows it.
type statCell struct {
	Text  string
	Value int
	State models.CellState
}

// statTable is a published table in one language.
type statTable struct {
	ID      string
	Caption string
	Header  []string // the rows' heading, then the years
	Lines   []statLine
	Totals  []statCell // nil when the table publishes no total
}

// statLine is one row of a table: its label and a cell per year.
type statLine struct {
	Label string
	Cells []statCell
}

// statTables puts the published report in loc's language, one table per
// figure, and the gate and durations as a table of their own.
func statTables(loc *localizer, p models.PublishedReport) []statTable {
	years := make([]string, len(p.Years))
	for i, y := range p.Years {
		years[i] = strconv.Itoa(y)
	}
	cell := func(c models.Cell) statCell {
		switch c.State {
		case models.CellBelowThreshold:
			return statCell{Text: loc.T("stats.fewer_than", "n", p.Threshold), State: c.State}
		case models.CellHidden:
			return statCell{Text: loc.T("stats.hidden"), State: c.State}
		}
		return statCell{Text: strconv.Itoa(c.Value), Value: c.Value}
	}
	var out []statTable
	for _, t := range p.Tables {
		st := statTable{ID: t.ID, Caption: loc.T(statKey("table", t.ID)), Header: append([]string{loc.T(statKey("heading", t.ID))}, years...)}
		for i, row := range t.Rows {
			label := row
			if t.RowLabel != "" {
				label = loc.T(t.RowLabel + row)
			}
			if t.RowLabel == models.StatRowLabel {
				label = loc.T(statKey("row", t.ID+"."+row))
			}
			if t.ID == models.TableNationality {
				label = countryName(row, loc.lang)
			}
			if t.ID == models.TableMission && row == models.StatOtherMissions {
				label = loc.T("stats.other_missions", "n", p.Threshold)
			}
			line := statLine{Label: label}
			for _, c := range t.Cells[i] {
				line.Cells = append(line.Cells, cell(c))
			}
			st.Lines = append(st.Lines, line)
		}
		for _, c := range t.Totals {
			st.Totals = append(st.Totals, cell(c))
		}
		out = append(out, st)
	}
	gate := statTable{ID: "timing", Caption: loc.T("stats.table.timing"), Header: append([]string{loc.T("stats.heading.timing")}, years...),
		Lines: []statLine{{Label: loc.T("stats.row.timing.share")}, {Label: loc.T("stats.row.timing.median")}, {Label: loc.T("stats.row.timing.p90")}}}
	withheld := statCell{Text: loc.T("stats.withheld"), State: models.CellBelowThreshold}
	for j := range p.Years {
		share, median, p90 := withheld, withheld, withheld
		if s := p.InterviewShare[j]; s >= 0 {
			share = statCell{Text: strconv.Itoa(s) + " %", Value: s}
		}
		if d := p.Durations[j]; !d.Withheld {
			median = statCell{Text: strconv.Itoa(d.MedianDays), Value: d.MedianDays}
			p90 = statCell{Text: strconv.Itoa(d.P90Days), Value: d.P90Days}
		}
		for i, c := range []statCell{share, median, p90} {
			gate.Lines[i].Cells = append(gate.Lines[i].Cells, c)
		}
	}
	return append(out, gate)
}

// statisticsPage is GET /statistics and GET /api/v1/statistics.
func (a *App) statisticsPage(c echo.Context) error {
	var q statisticsQuery
	if err := a.query(c, &q); err != nil {
		return err
	}
	p, err := a.store.Statistics.Yearly(c.Request().Context(), actor(c), q.year(a))
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	tables := statTables(loc, p)
	if isAPI(c.Request().URL.Path) {
		return c.JSON(http.StatusOK, statisticsJSON(p, tables))
	}
	charts := statCharts(loc, p, tables)
	var years []int
	for y := a.now().Year(); y >= a.now().Year()-9; y-- {
		years = append(years, y)
	}
	return a.render(c, http.StatusOK, "statistics", &view{Title: loc.T("stats.title", "year", p.Year),
		Data: map[string]any{"Report": p, "Tables": tables, "Charts": charts, "Years": years, "Langs": models.Locales}})
}

// statCellJSON is a cell in the API: the count, or null with why.
type statCellJSON struct {
	Value *int   `json:"value"`
	Shown string `json:"shown,omitempty"` // "fewer_than_threshold" or "hidden"
}

func cellJSON(c statCell) statCellJSON {
	switch c.State {
	case models.CellBelowThreshold:
		return statCellJSON{Shown: "fewer_than_threshold"}
	case models.CellHidden:
		return statCellJSON{Shown: "hidden"}
	}
	v := c.Value
	return statCellJSON{Value: &v}
}

func statisticsJSON(p models.PublishedReport, tables []statTable) map[string]any {
	type rowJSON struct {
		Code  string         `json:"code"`
		Label string         `json:"label"`
		Cells []statCellJSON `json:"cells"`
	}
	type tableJSON struct {
		ID      string         `json:"id"`
		Caption string         `json:"caption"`
		Rows    []rowJSON      `json:"rows"`
		Totals  []statCellJSON `json:"totals,omitempty"`
	}
	codes := map[string][]string{}
	for _, t := range p.Tables {
		codes[t.ID] = t.Rows
	}
	codes["timing"] = []string{"interview_share_percent", "median_days_to_card", "p90_days_to_card"}
	var out []tableJSON
	for _, t := range tables {
		tj := tableJSON{ID: t.ID, Caption: t.Caption, Rows: []rowJSON{}}
		for i, line := range t.Lines {
			r := rowJSON{Code: codes[t.ID][i], Label: line.Label}
			for _, c := range line.Cells {
				r.Cells = append(r.Cells, cellJSON(c))
			}
			tj.Rows = append(tj.Rows, r)
		}
		for _, c := range t.Totals {
			tj.Totals = append(tj.Totals, cellJSON(c))
		}
		out = append(out, tj)
	}
	return map[string]any{"year": p.Year, "years": p.Years, "threshold": p.Threshold, "tables": out}
}

// exportLocalizer is the localizer of the language an export asks for
// (fr, nl or en), the page's by default.
func (a *App) exportLocalizer(c echo.Context, lang string) (*localizer, error) {
	if lang == "" {
		return a.localizer(c), nil
	}
	for _, l := range models.Locales {
		if l == lang {
			return &localizer{lang: l, l: i18n.NewLocalizer(a.bundle(), l)}, nil
		}
	}
	return nil, models.Fail(models.KindInvalid, "invalid_locale", "Choose English, French or Dutch.")
}

// countryName names an ISO 3166 country code in lang: "Philippines (PH)".
func countryName(code, lang string) string {
	region, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if name := display.Regions(language.Make(lang)).Name(region); name != "" {
		return name + " (" + code + ")"
	}
	return code
}

// statKey is the message id of a statistics text: stats.<kind>.<id>.
func statKey(kind, id string) string { return "stats." + kind + "." + id }
