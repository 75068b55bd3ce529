package app

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/contracts"
)

// leafletPDF serves the rights leaflet handed to the worker at the interview,
// in the language asked for (never the page's), with the full-time minimum of
// the salary scale in force. It holds no personal data.
func (a *App) leafletPDF(c echo.Context) error {
	lang := c.Param("lang")
	d := contracts.LeafletData{Language: lang}
	min, effective, ok, err := a.store.Scales.PublicMinimum(c.Request().Context())
	if err != nil {
		return err
	}
	if ok {
		d.Minimum, d.ScaleEffectiveDate = int64(min), effective
	}
	ctx, cancel := a.pdfContext(c)
	defer cancel()
	pdf, err := contracts.LeafletContext(ctx, d)
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
