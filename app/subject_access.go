package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/models"
)

// Subject access (GDPR art. 15, admins): the page offers to leave sections
// out, with the reason; the answer is a JSON file or a PDF in the worker's
// language where Carddesk speaks it. The store records each production.

// subjectAccessRequest chooses the sections left out and the format.
type subjectAccessRequest struct {
	Omit   []string `form:"omit" json:"omit" max:"20"`
	Reason string   `form:"reason" json:"reason" input:"multiline" max:"500"`
	Format string   `form:"format" json:"-" max:"10"`
	// Language is the language of the worker's copy; empty: the worker's
	// first language it is translated into, else the page's language
	// (a staff language).
	Language string `form:"language" json:"language" max:"10"`
}

func subjectAccessURL(id int64) string { return "/workers/" + itoa64(id) + "/subject-access" }

// subjectAccessPage is GET /workers/:id/subject-access.
func (a *App) subjectAccessPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return a.renderSubjectAccess(c, id, newForm())
}

func (a *App) renderSubjectAccess(c echo.Context, id int64, f *form) error {
	loc := a.localizer(c)
	ch, err := a.store.Workers.SubjectAccessLanguages(c.Request().Context(), actor(c), id, loc.lang)
	if err != nil {
		return err
	}
	// The languages of the worker's copy, each named in itself and in the
	// page's language; the worker's best first chosen unless the form
	// comes back with another.
	if f.Values.Get("language") == "" {
		f.Values.Set("language", ch.Default)
	}
	var langs []option
	for _, l := range ch.Available {
		langs = append(langs, option{Value: l, Label: languageLabel(l, loc.lang)})
	}
	var reads []string
	for _, l := range ch.WorkerLanguages {
		reads = append(reads, models.LanguageDisplayName(l, loc.lang))
	}
	return a.render(c, http.StatusOK, "subject_access", &view{Title: loc.T("sar.title"), Form: f,
		Data: map[string]any{"WorkerID": id, "Sections": options(loc, "sar.section.", models.SubjectAccessSections),
			"Languages": langs, "Fallback": ch.Fallback, "WorkerLanguages": strings.Join(reads, ", "),
			"DefaultLanguage": languageLabel(ch.Default, loc.lang)}})
}

// subjectAccessProduce is POST /workers/:id/subject-access (a file) and
// POST /api/v1/workers/:id/subject-access (the JSON document).
func (a *App) subjectAccessProduce(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req subjectAccessRequest
	var r *models.SubjectAccessReport
	api := isAPI(c.Request().URL.Path)
	format := "json"
	if err = a.bind(c, &req); err == nil {
		if !api && req.Format == "pdf" {
			format = "pdf"
		}
		r, err = a.store.Workers.SubjectAccess(c.Request().Context(), actor(c), id, req.Omit, req.Reason, format, req.Language, a.localizer(c).lang)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderSubjectAccess(c, id, f) })
	}
	if api {
		return c.JSON(http.StatusOK, r)
	}
	file := fmt.Sprintf("carddesk-subject-access-%d", id)
	if format == "json" {
		b, err := json.MarshalIndent(r, "", " ")
		if err != nil {
			return err
		}
		attachment(c, file+".json")
		return c.Blob(http.StatusOK, "application/json", b)
	}
	var name string
	if w, err := a.store.Workers.Get(c.Request().Context(), actor(c), id); err == nil {
		name = strings.TrimSpace(w.FamilyName + " " + w.GivenNames)
	}
	ctx, cancel := a.pdfContext(c)
	defer cancel()
	pdf, err := contracts.SubjectAccess(ctx, contracts.SubjectAccessData{Language: r.Language, Report: r, WorkerName: name, Date: a.now()})
	if err != nil {
		return err
	}
	attachment(c, file+".pdf")
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}
