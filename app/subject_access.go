package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/nicksnyder/go-i18n/v2/i18n"

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
	return a.render(c, http.StatusOK, "subject_access", &view{Title: loc.T("sar.title"), Form: f,
		Data: map[string]any{"WorkerID": id, "Sections": options(loc, "sar.section.", models.SubjectAccessSections)}})
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
		r, err = a.store.Workers.SubjectAccess(c.Request().Context(), actor(c), id, req.Omit, req.Reason, format)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderSubjectAccess(c, id, f) })
	}
	if api {
		return c.JSON(http.StatusOK, r)
	}
	name := fmt.Sprintf("carddesk-subject-access-%d", id)
	if format == "json" {
		b, err := json.MarshalIndent(r, "", " ")
		if err != nil {
			return err
		}
		attachment(c, name+".json")
		return c.Blob(http.StatusOK, "application/json", b)
	}
	loc := &localizer{lang: r.Language, l: i18n.NewLocalizer(a.bundle(), r.Language)}
	doc := contracts.StatisticsDocument{Lang: r.Language, Title: loc.T("sar.title"), Subtitle: loc.T("sar.subtitle", "date", a.now().Format("2006-01-02")),
		Notes: []string{loc.T("sar.intro_pdf")}, Footer: loc.T("sar.footer", "page", "{page}", "pages", "{pages}"), Created: a.now()}
	if r.OmittedReason != "" {
		doc.Notes = append(doc.Notes, loc.T("sar.omitted_reason", "reason", r.OmittedReason))
	}
	for _, sec := range r.Sections {
		t := contracts.StatisticsTable{Caption: loc.T(sarSectionKey(sec.Key)), Header: []string{loc.T("sar.field"), loc.T("sar.value")}, TextValues: true}
		if sec.Omitted {
			t.Rows = append(t.Rows, []string{loc.T("sar.omitted"), ""})
		}
		for i, e := range sec.Entries {
			if i > 0 {
				t.Rows = append(t.Rows, []string{"", ""})
			}
			for _, fld := range e {
				t.Rows = append(t.Rows, []string{strings.ReplaceAll(fld.Key, "_", " "), fld.Value})
			}
		}
		if len(t.Rows) == 0 {
			t.Rows = append(t.Rows, []string{loc.T("sar.nothing"), ""})
		}
		doc.Tables = append(doc.Tables, t)
	}
	ctx, cancel := a.pdfContext(c)
	defer cancel()
	pdf, err := contracts.Statistics(ctx, doc)
	if err != nil {
		return err
	}
	attachment(c, name+".pdf")
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

func sarSectionKey(section string) string { return "sar.section." + section }
