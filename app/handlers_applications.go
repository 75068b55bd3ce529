package app

import (
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

func appURL(id int64) string { return "/applications/" + strconv.FormatInt(id, 10) }

func (a *App) applicationsPage(c echo.Context) error {
	status := models.ApplicationStatus(c.QueryParam("status"))
	if !status.Valid() && status != models.ApplicationClosedAfterHold {
		status = ""
	}
	page := queryPage(c)
	items, total, err := a.store.Applications.List(c.Request().Context(), actor(c), store.ApplicationFilter{Status: status, Page: store.Page{Number: page, Size: 25}})
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	f := newForm()
	f.Values.Set("status", string(status))
	return a.render(c, http.StatusOK, "applications", &view{Title: loc.T("applications.title"), Form: f, Data: map[string]any{
		"Items": items, "Total": total, "Pager": newPager(c, loc, page, 25, total),
		"Statuses": options(loc, "app_status.", models.VisibleStatuses(actor(c)))}})
}

// applicationCreateSubmit opens an application from the worker's page.
func (a *App) applicationCreateSubmit(c echo.Context) error {
	r, f := a.readForm(c)
	workerID := r.id("worker_id")
	kind := models.ApplicationKind(r.str("kind"))
	var replaces *int64
	if id := r.id("replaces_card_id"); id > 0 {
		replaces = &id
	}
	var app *models.Application
	err := r.err(nil)
	if err == nil {
		app, err = a.store.Applications.Open(c.Request().Context(), actor(c), kind, r.id("employment_id"), replaces)
	}
	if err = r.err(err); err != nil {
		status, ok := a.formError(c, f, err)
		if !ok || workerID == 0 {
			return err
		}
		f.Values.Set("_section", "application")
		return a.renderWorker(c, workerID, status, f)
	}
	a.flash(c, "flash.application_opened")
	return c.Redirect(http.StatusSeeOther, appURL(app.ID))
}

func (a *App) applicationPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	return a.renderApplication(c, id, http.StatusOK, "", newForm())
}

// renderApplication shows the application page; section names the form that
// failed, which gets f with the user's values and the messages.
func (a *App) renderApplication(c echo.Context, id int64, status int, section string, f *form) error {
	ctx := c.Request().Context()
	v, err := a.store.Applications.Get(ctx, actor(c), id)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	data := map[string]any{"App": v, "Section": section,
		"DocKinds":   options(loc, "doc.", models.RequiredDocuments(v.Kind)),
		"IDKinds":    options(loc, "idkind.", models.IdentityDocumentKinds),
		"CanContent": currentUser(c).Can(models.PermInterviewRead),
		"HoldKinds":  options(loc, "hold_decision.", models.HoldDecisionKinds)}
	allowed := map[string]bool{}
	for _, act := range v.Allowed {
		allowed[string(act)] = true
	}
	data["Allowed"] = allowed
	u := currentUser(c)
	data["CanIssue"] = u.Can(models.PermCardIssue) && v.Status == models.ApplicationApproved
	data["CanCollect"] = u.Can(models.PermCardIssue) && v.Card != nil && v.Card.Status == models.CardReadyForCollection
	data["CanAttach"] = u.Can(models.PermApplicationCreate) && v.Status == models.ApplicationDraft
	data["CanSubmit"] = u.Can(models.PermApplicationSubmit) && v.Status == models.ApplicationDraft
	data["CanException"] = u.Can(models.PermCapException) && v.Status == models.ApplicationDraft && v.CapExceptionReason == ""
	if allowed[string(models.ActionScheduleInterview)] || allowed[string(models.ActionRescheduleInterview)] {
		ivs, err := a.store.Users.Interviewers(ctx, actor(c))
		if err != nil {
			return err
		}
		var opts []option
		for _, iv := range ivs {
			opts = append(opts, option{Value: strconv.FormatInt(iv.ID, 10), Label: iv.Name})
		}
		data["Interviewers"] = opts
	}
	if section == "" {
		f = newForm()
	}
	return a.render(c, status, "application", &view{Title: loc.T("application.title", "id", id), Form: f, Section: section, Data: data})
}

// applicationAction runs one state change and shows the page again, with
// the refusal next to the form that asked for it.
func (a *App) applicationAction(c echo.Context, section string, do func(id int64, r *formReader) error) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	r, f := a.readForm(c)
	err = r.err(nil)
	if err == nil {
		err = do(id, r)
	}
	if err = r.err(err); err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderApplication(c, id, status, section, f)
	}
	a.flash(c, "flash."+section+"_done")
	return c.Redirect(http.StatusSeeOther, appURL(id))
}

func (a *App) applicationSubmit(c echo.Context) error {
	return a.applicationAction(c, "submit", func(id int64, r *formReader) error {
		return a.store.Applications.Submit(c.Request().Context(), actor(c), id)
	})
}

func (a *App) applicationScheduleSubmit(c echo.Context) error {
	return a.applicationAction(c, "schedule", func(id int64, r *formReader) error {
		b := models.InterviewBooking{At: r.datetime("scheduled_at"), InterviewerID: r.id("interviewer_id"), Room: r.str("room")}
		// An interpreter is booked with a language and a name or service;
		// the scheduler confirms the interpreter is independent.
		if r.str("interpreter.language") != "" || r.str("interpreter.name_or_service") != "" {
			b.Interpreter = &models.Interpreter{Language: r.str("interpreter.language"), NameOrService: r.str("interpreter.name_or_service"),
				LinkedToEmployerOrMission: !r.bool("interpreter_independent")}
		}
		if err := r.err(nil); err != nil {
			return err
		}
		_, err := a.store.Interviews.Book(c.Request().Context(), actor(c), id, b)
		return err
	})
}

func (a *App) applicationCloseSubmit(c echo.Context) error {
	return a.applicationAction(c, "close", func(id int64, r *formReader) error {
		return a.store.Applications.Close(c.Request().Context(), actor(c), id, models.Action(r.str("action")), r.str("reason"))
	})
}

func (a *App) applicationExceptionSubmit(c echo.Context) error {
	return a.applicationAction(c, "exception", func(id int64, r *formReader) error {
		return a.store.Applications.GrantCapException(c.Request().Context(), actor(c), id, r.str("reason"))
	})
}

func (a *App) applicationIssueSubmit(c echo.Context) error {
	return a.applicationAction(c, "issue", func(id int64, r *formReader) error {
		_, err := a.store.Cards.Issue(c.Request().Context(), actor(c), id)
		return err
	})
}

func (a *App) documentUploadSubmit(c echo.Context) error {
	return a.applicationAction(c, "document", func(id int64, r *formReader) error {
		kind := models.DocumentKind(c.FormValue("kind"))
		fh, err := c.FormFile("file")
		if err != nil {
			var v models.Validation
			v.Add("file", "required", "Choose the file to attach.")
			return v.Err()
		}
		file, err := fh.Open()
		if err != nil {
			return err
		}
		defer file.Close()
		// Read one byte past the limit: the domain refuses what is too large
		// by what was actually read, not by a declared size.
		content, err := io.ReadAll(io.LimitReader(file, a.store.Settings().MaxUploadBytes+1))
		if err != nil {
			return err
		}
		_, err = a.store.Applications.AttachDocument(c.Request().Context(), actor(c), id, kind, fh.Filename, content)
		return err
	})
}

func (a *App) documentDownload(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	doc, content, err := a.store.Applications.Document(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+strconv.FormatInt(doc.ID, 10)+"-"+string(doc.Kind)+extOf(doc.ContentType)+`"`)
	return c.Blob(http.StatusOK, doc.ContentType, content)
}

func extOf(ct string) string {
	switch ct {
	case models.ContentTypePDF:
		return ".pdf"
	case models.ContentTypeJPEG:
		return ".jpg"
	case models.ContentTypePNG:
		return ".png"
	}
	return ""
}

// --- Cards

func (a *App) cardCollectSubmit(c echo.Context) error {
	cardID, err := parseID(c, "id")
	if err != nil {
		return err
	}
	r, f := a.readForm(c)
	card, err := a.store.Cards.Get(c.Request().Context(), actor(c), cardID)
	if err != nil {
		return err
	}
	_, err = a.store.Cards.Collect(c.Request().Context(), actor(c), cardID, models.Collection{
		IdentityDocumentKind:   models.IdentityDocumentKind(r.str("identity_document_kind")),
		IdentityDocumentNumber: r.str("identity_document_number"),
		HandedToWorkerInPerson: r.bool("handed_to_worker_in_person")})
	if err = r.err(err); err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderApplication(c, card.ApplicationID, status, "collect", f)
	}
	a.flash(c, "flash.collect_done")
	return c.Redirect(http.StatusSeeOther, appURL(card.ApplicationID))
}

func (a *App) cardStatusSubmit(c echo.Context) error {
	cardID, err := parseID(c, "id")
	if err != nil {
		return err
	}
	r, f := a.readForm(c)
	card, err := a.store.Cards.Get(c.Request().Context(), actor(c), cardID)
	if err != nil {
		return err
	}
	if _, err = a.store.Cards.ChangeStatus(c.Request().Context(), actor(c), cardID, models.CardAction(r.str("action")), r.str("reason")); err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderApplication(c, card.ApplicationID, status, "card_status", f)
	}
	a.flash(c, "flash.card_status_done")
	return c.Redirect(http.StatusSeeOther, appURL(card.ApplicationID))
}

func (a *App) renewalsPage(c echo.Context) error {
	days, _ := strconv.Atoi(c.QueryParam("within"))
	if days <= 0 {
		days = a.store.Settings().RenewalWindowDays
	}
	cards, err := a.store.Cards.RenewalsDue(c.Request().Context(), actor(c), days)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "renewals", &view{Title: loc.T("renewals.title"), Data: map[string]any{"Cards": cards, "Days": days}})
}

func (a *App) renewalOpenSubmit(c echo.Context) error {
	cardID, err := parseID(c, "id")
	if err != nil {
		return err
	}
	app, err := a.store.Cards.OpenRenewal(c.Request().Context(), actor(c), cardID)
	if err != nil {
		return err
	}
	a.flash(c, "flash.application_opened")
	return c.Redirect(http.StatusSeeOther, appURL(app.ID))
}

// --- Interviews (what the gate needs; issue 4 deepens the record)

func (a *App) interviewsPage(c echo.Context) error {
	u := currentUser(c)
	mine := int64(0)
	if c.QueryParam("all") == "" {
		mine = u.ID
	}
	tasks, err := a.store.Interviews.ToRecord(c.Request().Context(), actor(c), mine)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "interviews", &view{Title: a.localizer(c).T("interviews.title"), Data: map[string]any{"Tasks": tasks, "All": mine == 0}})
}

// interviewRecordPage and interviewRecordSubmit: handlers_interviews.go.
