package app

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
)

// leafletPDF serves the rights leaflet handed to the worker at the interview,
// in the language asked for (never the page's), with the texts, the contacts
// and the salary scale in use. It holds no personal data.
func (a *App) leafletPDF(c echo.Context) error {
	lang := c.Param("lang")
	ctx, cancel := a.pdfContext(c)
	defer cancel()
	pdf, err := a.store.Translations.Leaflet(ctx, lang)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `inline; filename="carddesk-rights-`+lang+`.pdf"`)
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// leafletLanguages lists the languages the leaflet exists in with the texts
// in use, each named in itself, for links and the attestation's choice.
func (a *App) leafletLanguages(ctx context.Context, pageLang string) ([]option, error) {
	lib, err := a.store.Translations.Library(ctx)
	if err != nil {
		return nil, err
	}
	var out []option
	for _, l := range lib.LeafletLanguages() {
		out = append(out, option{Value: l, Label: languageLabel(l, pageLang)})
	}
	return out, nil
}
