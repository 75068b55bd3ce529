package app

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// The indicator catalogues as the pages and the API show them: the ILO's 11
// indicators of forced labour, the ILO-EC operational indicators by
// dimension with their grades, and the checklist.

// indicatorRow is one indicator of a form or a list, translated.
type indicatorRow struct {
	Code, Label string
	Grade       models.Grade
	Suggested   bool // a "no" on the checklist points to it
}

// dimensionRow is one ILO-EC dimension with its indicators and, once
// answers exist, how the combination rule sees it.
type dimensionRow struct {
	Code       models.Dimension
	Label      string
	Indicators []indicatorRow
	Signal     models.DimensionSignal
}

func indicatorLabel(loc *localizer, ind models.Indicator) string {
	return loc.text("indicator."+ind.Code, ind.Label, nil)
}

func iloRows(loc *localizer, suggested []string) []indicatorRow {
	var out []indicatorRow
	for _, ind := range models.Indicators(models.TaxonomyILOForcedLabour) {
		out = append(out, indicatorRow{Code: ind.Code, Label: indicatorLabel(loc, ind), Suggested: slices.Contains(suggested, ind.Code)})
	}
	return out
}

func dimensionRows(loc *localizer, signal *models.ScreeningSignal) []dimensionRow {
	var out []dimensionRow
	for _, d := range models.Dimensions {
		row := dimensionRow{Code: d, Label: loc.text("dimension."+string(d), d.Label(), nil)}
		for _, ind := range models.IndicatorsInDimension(d) {
			row.Indicators = append(row.Indicators, indicatorRow{Code: ind.Code, Label: indicatorLabel(loc, ind), Grade: ind.Grade})
		}
		if signal != nil {
			row.Signal = signal.Dimension(d)
		}
		out = append(out, row)
	}
	return out
}

func checklistRows(loc *localizer) []option {
	out := make([]option, len(models.ChecklistItems))
	for i, item := range models.ChecklistItems {
		out[i] = option{Value: string(item), Label: loc.text("checklist."+string(item), item.Label(), nil)}
	}
	return out
}

func ctdcStrings(fields []models.CTDCField) []string {
	out := []string{}
	for _, f := range fields {
		out = append(out, string(f))
	}
	return out
}

type indicatorJSON struct {
	Code      string   `json:"code"`
	Label     string   `json:"label"`
	Dimension string   `json:"dimension,omitempty"`
	Grade     string   `json:"grade,omitempty"`
	CTDC      []string `json:"ctdc"`
}

func (a *App) apiIndicators(c echo.Context) error {
	loc := a.localizer(c)
	out := map[string][]indicatorJSON{}
	for _, t := range []models.Taxonomy{models.TaxonomyILOForcedLabour, models.TaxonomyILOEC} {
		list := []indicatorJSON{}
		for _, ind := range models.Indicators(t) {
			list = append(list, indicatorJSON{Code: ind.Code, Label: indicatorLabel(loc, ind), Dimension: string(ind.Dimension),
				Grade: string(ind.Grade), CTDC: ctdcStrings(ind.CTDC)})
		}
		out[string(t)] = list
	}
	return c.JSON(http.StatusOK, out)
}
