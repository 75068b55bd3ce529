package app

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/models"
)

// Letters to missions (issue 13): notes verbales generated from the
// application's facts, numbered, kept with it, listed on its page.

// letterRequest asks for a letter.
type letterRequest struct {
	Kind     models.LetterKind `form:"kind" json:"kind" max:"40"`
	Language string            `form:"language" json:"language" max:"5"`
}

type letterJSON struct {
	ID        int64     `json:"id"`
	Number    string    `json:"number"`
	Kind      string    `json:"kind"`
	Language  string    `json:"language"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	PDF       string    `json:"pdf"`
}

func toLetterJSON(l store.Letter) letterJSON {
	return letterJSON{ID: l.ID, Number: l.Number, Kind: string(l.Kind), Language: l.Language, CreatedBy: l.CreatedByName,
		CreatedAt: l.CreatedAt, PDF: "/letters/" + itoa64(l.ID) + "/pdf"}
}

// letterGenerate is POST /applications/:id/letters and its API twin.
func (a *App) letterGenerate(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req letterRequest
	err = a.bind(c, &req)
	var l *store.Letter
	if err == nil {
		l, err = a.store.Letters.Generate(c.Request().Context(), actor(c), id, req.Kind, req.Language, a.cfg.Location)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderApplication(c, id, "letter", f) })
	}
	return a.answer(c, result{status: http.StatusCreated, body: toLetterJSON(*l), location: "/letters/" + itoa64(l.ID) + "/pdf",
		flash: "flash.letter_generated", redirect: appURL(id) + "#letters"})
}

// letterList is GET /api/v1/applications/:id/letters.
func (a *App) letterList(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ls, err := a.store.Letters.List(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	out := []letterJSON{}
	for _, l := range ls {
		out = append(out, toLetterJSON(l))
	}
	return c.JSON(http.StatusOK, map[string]any{"letters": out})
}

// letterPDF is GET /letters/:id/pdf: the letter as it was generated.
func (a *App) letterPDF(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	l, pdf, err := a.store.Letters.PDF(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	name := strings.ReplaceAll(l.Number, "/", "-") + ".pdf"
	c.Response().Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// letterData adds the application's letters and the letters it allows now
// to its page.
func (a *App) letterData(c echo.Context, v *store.ApplicationView, data map[string]any) error {
	ls, err := a.store.Letters.List(c.Request().Context(), actor(c), v.ID)
	if err != nil {
		return err
	}
	data["Letters"] = ls
	if actor(c).Require(models.PermApplicationCreate) != nil {
		return nil
	}
	kinds, err := a.store.Letters.Allowed(c.Request().Context(), actor(c), v.ID)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	data["LetterKinds"] = options(loc, letterKindMsg, kinds)
	var langs []option
	for _, l := range contracts.LetterLanguages {
		langs = append(langs, option{Value: l, Label: loc.T(letterLangMsg + l)})
	}
	data["LetterLanguages"] = langs
	return nil
}

// Message id prefixes of the letters' kinds and languages (queues.*.toml).
const (
	letterKindMsg = "letter.kind."
	letterLangMsg = "letter.lang."
)
