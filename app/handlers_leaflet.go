package app

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// leafletPDF serves the rights leaflet handed to the worker at the interview,
// in the language asked for (never the page's), with the full-time minimum of
// the salary scale in force. It holds no personal data.
func (a *App) leafletPDF(c echo.Context) error {
	lang := c.Param("lang")
	d := contracts.LeafletData{Language: lang}
	// The minimum is public: read it as the system, whatever the user's role.
	if v, err := a.store.ScaleInForce(c.Request().Context(), models.Actor{Via: "system"}, time.Now()); err == nil && len(v.Categories) > 0 {
		if m, err := salaryscales.MinimumFor(v.Version, v.Categories[0].Code, 0, v.ReferenceWeeklyHours); err == nil {
			d.Minimum, d.ScaleEffectiveDate = int64(m.FullTimeMonthly), v.EffectiveDate
		}
	}
	pdf, err := contracts.Leaflet(d)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `inline; filename="carddesk-rights-`+lang+`.pdf"`)
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// leafletLanguages lists the languages the leaflet exists in, for links.
func leafletLanguages() []option {
	var out []option
	for _, l := range contracts.LeafletLanguages() {
		out = append(out, option{Value: l, Label: contracts.LanguageName(l)})
	}
	return out
}
