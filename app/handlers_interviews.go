package app

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// Pages of the private interview and of the workers' indicator history
// (issue 4). Every page here but the summons is for interviewers and admins;
// the store checks the permission again and audits each confidential view.

func interviewURL(id int64) string { return "/interviews/" + strconv.FormatInt(id, 10) }

func workerHistoryURL(id int64) string { return "/workers/" + strconv.FormatInt(id, 10) + "/history" }

// --- The catalogues, as the forms show them

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

// allIndicators lists both catalogues for selects and checkboxes.
func allIndicators(loc *localizer) (ilo []indicatorRow, ec []dimensionRow) {
	return iloRows(loc, nil), dimensionRows(loc, nil)
}

// --- Reading and prefilling the recording form

// readRecording reads the interview form. Field names are the domain's
// field names ("checklist.<item>", "indicators.<code>", "referral.contact"),
// so every refusal lands beside its field.
func readRecording(r *formReader) models.InterviewRecording {
	rec := models.InterviewRecording{HeldAt: r.datetime("held_at"), Notes: r.str("notes"), Outcome: models.InterviewOutcome(r.str("outcome"))}
	rec.Attestations = models.InterviewAttestations{
		EmployerAndMissionAbsent: r.bool("attestations.employer_and_mission_absent"),
		InterpreterIndependent:   r.bool("attestations.interpreter_independent"),
		WorkerInformedOfRights:   r.bool("attestations.worker_informed_of_rights"),
		RightsLanguage:           r.str("attestations.rights_language"),
		LeafletHandedOver:        r.bool("attestations.leaflet_handed_over"),
		LeafletLanguage:          r.str("attestations.leaflet_language"),
	}
	if r.bool("interpreter_present") {
		rec.Interpreter = &models.Interpreter{Language: r.str("interpreter.language"), NameOrService: r.str("interpreter.name_or_service"),
			LinkedToEmployerOrMission: !rec.Attestations.InterpreterIndependent}
	}
	for _, item := range models.ChecklistItems {
		if a := r.str("checklist." + string(item)); a != "" {
			rec.Checklist = append(rec.Checklist, models.ChecklistEntry{Item: item, Answer: models.ChecklistAnswer(a), Note: r.str("checklist_note." + string(item))})
		}
	}
	for _, t := range []models.Taxonomy{models.TaxonomyILOForcedLabour, models.TaxonomyILOEC} {
		for _, ind := range models.Indicators(t) {
			if a := r.str("indicators." + ind.Code); a != "" {
				rec.Indicators = append(rec.Indicators, models.IndicatorResponse{Code: ind.Code, Answer: models.IndicatorAnswer(a),
					Note: r.str("indicator_note." + ind.Code)})
			}
		}
	}
	partner, contact, reference := r.str("referral.partner"), r.str("referral.contact"), r.str("referral.reference")
	if partner != "" || contact != "" || reference != "" || r.str("referral.date") != "" {
		rec.Referral = &models.Referral{Partner: models.ReferralPartner(partner), Date: r.date("referral.date", false), Contact: contact, Reference: reference}
	}
	return rec
}

// recordingForm fills a form with a recorded interview, for its correction.
func (a *App) recordingForm(v *store.InterviewRecordView) *form {
	f := newForm()
	set := func(k, val string) {
		if val != "" {
			f.Values.Set(k, val)
		}
	}
	yes := func(k string, b bool) {
		if b {
			f.Values.Set(k, "yes")
		}
	}
	if v.HeldAt != nil {
		set("held_at", v.HeldAt.In(a.cfg.Location).Format("2006-01-02T15:04"))
	}
	at := v.Attestations
	yes("attestations.employer_and_mission_absent", at.EmployerAndMissionAbsent)
	yes("attestations.interpreter_independent", at.InterpreterIndependent)
	yes("attestations.worker_informed_of_rights", at.WorkerInformedOfRights)
	set("attestations.rights_language", at.RightsLanguage)
	yes("attestations.leaflet_handed_over", at.LeafletHandedOver)
	set("attestations.leaflet_language", at.LeafletLanguage)
	if v.Interpreter != nil {
		yes("interpreter_present", true)
		set("interpreter.language", v.Interpreter.Language)
		set("interpreter.name_or_service", v.Interpreter.NameOrService)
	}
	for _, c := range v.Checklist {
		set("checklist."+string(c.Item), string(c.Answer))
		set("checklist_note."+string(c.Item), c.Note.Text)
	}
	for _, i := range v.Indicators {
		set("indicators."+i.Indicator.Code, string(i.Answer))
		set("indicator_note."+i.Indicator.Code, i.Note.Text)
	}
	set("notes", v.Notes.Text)
	set("outcome", string(v.Outcome))
	if ref := v.Referral; ref != nil {
		set("referral.partner", string(ref.Partner))
		set("referral.date", ref.Date.UTC().Format("2006-01-02"))
		set("referral.contact", ref.Contact)
		set("referral.reference", ref.Reference)
	}
	return f
}

// recordingData is what the recording form shows besides the values: the
// catalogues, and the screening signal and checklist prompts once there
// are answers.
func (a *App) recordingData(c echo.Context, f *form) map[string]any {
	loc := a.localizer(c)
	r := &formReader{vals: f.Values, loc: a.cfg.Location}
	rec := readRecording(r)
	var signal *models.ScreeningSignal
	if len(rec.Indicators) > 0 {
		s := models.Screen(rec.Indicators)
		signal = &s
	}
	var partners []option
	for _, p := range models.ReferralPartners {
		partners = append(partners, option{Value: string(p), Label: loc.text("partner."+string(p), p.Label(), nil)})
	}
	return map[string]any{
		"Checklist":        checklistRows(loc),
		"ILO":              iloRows(loc, models.SuggestedIndicators(rec.Checklist)),
		"Dimensions":       dimensionRows(loc, signal),
		"Signal":           signal,
		"Outcomes":         options(loc, "outcome.", models.InterviewOutcomes),
		"Answers":          []string{string(models.IndicatorNo), string(models.IndicatorYes), string(models.IndicatorUnclear)},
		"ChecklistAnswers": []string{string(models.ChecklistYes), string(models.ChecklistNo), string(models.ChecklistNotAsked)},
		"Partners":         partners,
	}
}

// --- Recording

func (a *App) interviewRecordPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	f := newForm()
	f.Values.Set("held_at", timeNowIn(a.cfg.Location).Format("2006-01-02T15:04"))
	f.Values.Set("attestations.leaflet_language", "en")
	return a.renderInterviewRecord(c, id, http.StatusOK, f, true)
}

// renderInterviewRecord shows the recording form; prefill copies the
// booked interpreter into an empty form.
func (a *App) renderInterviewRecord(c echo.Context, id int64, status int, f *form, prefill bool) error {
	rc, err := a.store.Interviews.ForRecording(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	if prefill && rc.Interpreter != nil {
		f.Values.Set("interpreter_present", "yes")
		f.Values.Set("interpreter.language", rc.Interpreter.Language)
		f.Values.Set("interpreter.name_or_service", rc.Interpreter.NameOrService)
	}
	loc := a.localizer(c)
	data := a.recordingData(c, f)
	data["Context"] = rc
	data["Action"] = interviewURL(id) + "/record"
	return a.render(c, status, "interview_record", &view{Title: loc.T("interview.record_title"), Form: f, Data: data})
}

func (a *App) interviewRecordSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	r, f := a.readForm(c)
	rec := readRecording(r)
	if r.str("_action") == "screen" {
		// Compute the screening signal and show the form again; nothing is stored.
		return a.renderInterviewRecord(c, id, http.StatusOK, f, false)
	}
	var iv *models.Interview
	err = r.err(nil)
	if err == nil {
		iv, err = a.store.Interviews.Record(c.Request().Context(), actor(c), id, rec)
	}
	if err = r.err(err); err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderInterviewRecord(c, id, status, f, false)
	}
	a.flash(c, "flash.interview_recorded")
	if currentUser(c).Can(models.PermInterviewRead) {
		return c.Redirect(http.StatusSeeOther, interviewURL(iv.ID))
	}
	return c.Redirect(http.StatusSeeOther, appURL(iv.ApplicationID))
}

// --- A recorded interview, and its correction

func (a *App) interviewPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	v, err := a.store.Interviews.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "interview_view", &view{Title: loc.T("interview.view_title", "id", id), Data: map[string]any{
		"V": v, "Dimensions": dimensionRows(loc, &v.Signal), "Checklist": checklistRows(loc)}})
}

func (a *App) interviewCorrectPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	return a.renderInterviewCorrection(c, id, http.StatusOK, nil)
}

func (a *App) renderInterviewCorrection(c echo.Context, id int64, status int, f *form) error {
	v, err := a.store.Interviews.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	if f == nil {
		f = a.recordingForm(v)
	}
	loc := a.localizer(c)
	data := a.recordingData(c, f)
	data["Correction"] = v
	data["Action"] = interviewURL(id) + "/correct"
	return a.render(c, status, "interview_record", &view{Title: loc.T("interview.correct_title", "id", id), Form: f, Data: data})
}

func (a *App) interviewCorrectSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	r, f := a.readForm(c)
	rec := readRecording(r)
	if r.str("_action") == "screen" {
		return a.renderInterviewCorrection(c, id, http.StatusOK, f)
	}
	var iv *models.Interview
	err = r.err(nil)
	if err == nil {
		iv, err = a.store.Interviews.Correct(c.Request().Context(), actor(c), id, rec, r.str("correction_reason"))
	}
	if err = r.err(err); err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderInterviewCorrection(c, id, status, f)
	}
	a.flash(c, "flash.interview_corrected")
	return c.Redirect(http.StatusSeeOther, interviewURL(iv.ID))
}

// interviewSummons sends the summons letter of a booked interview.
func (a *App) interviewSummons(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	pdf, _, err := a.store.Interviews.Summons(c.Request().Context(), actor(c), id, a.cfg.Location)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="summons-`+strconv.FormatInt(id, 10)+`.pdf"`)
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// --- The worker's history

// timelineFilter reads the history filter from the query string.
func timelineFilter(c echo.Context) models.TimelineFilter {
	q := c.QueryParams()
	var f models.TimelineFilter
	for _, code := range q["indicator"] {
		if _, ok := models.LookupIndicator(code); ok {
			f.IndicatorCodes = append(f.IndicatorCodes, code)
		}
	}
	for _, s := range q["source"] {
		switch {
		case models.ObservationSource(s).Valid():
			f.Sources = append(f.Sources, models.ObservationSource(s))
		case models.SignalSource(s).Valid():
			f.SignalSources = append(f.SignalSources, models.SignalSource(s))
		}
	}
	f.IncludeSuperseded = q.Get("superseded") == "yes"
	return f
}

func (a *App) workerHistoryPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	f := newForm()
	f.Values = c.QueryParams()
	return a.renderWorkerHistory(c, id, http.StatusOK, f, "")
}

func (a *App) renderWorkerHistory(c echo.Context, id int64, status int, f *form, section string) error {
	filter := timelineFilter(c)
	h, err := a.store.History.Worker(c.Request().Context(), actor(c), id, filter)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	var codes []option
	for _, ind := range h.Codes {
		codes = append(codes, option{Value: ind.Code, Label: indicatorLabel(loc, ind)})
	}
	sources := []option{
		{Value: string(models.ObservationFromInterview), Label: loc.T("obs_source.interview")},
		{Value: string(models.ObservationFromSignal), Label: loc.T("obs_source.signal")},
	}
	for _, s := range models.SignalSources {
		sources = append(sources, option{Value: string(s), Label: loc.T("obs_source.signal") + ": " + loc.T("signal_source."+string(s))})
	}
	filterForm := newForm()
	filterForm.Values = c.QueryParams()
	return a.render(c, status, "worker_history", &view{Title: loc.T("history.worker_title", "name", h.Worker.FullName()), Form: f, Section: section,
		Data: map[string]any{"H": h, "Codes": codes, "Sources": sources, "Filter": filterForm,
			"Answers": []option{{Value: "yes", Label: loc.T("answer.yes")}, {Value: "unclear", Label: loc.T("answer.unclear")}, {Value: "no", Label: loc.T("answer.withdraw")}}}})
}

func (a *App) observationCorrectSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	r, f := a.readForm(c)
	workerID := r.id("worker_id")
	_, err = a.store.History.CorrectObservation(c.Request().Context(), actor(c), id, models.ObservationCorrection{
		Answer: models.IndicatorAnswer(r.str("answer")), Reason: r.str("correction_reason"), Note: r.str("note")})
	if err = r.err(err); err != nil {
		status, ok := a.formError(c, f, err)
		if !ok || workerID == 0 {
			return err
		}
		return a.renderWorkerHistory(c, workerID, status, f, "correct-"+strconv.FormatInt(id, 10))
	}
	a.flash(c, "flash.observation_corrected")
	return c.Redirect(http.StatusSeeOther, workerHistoryURL(workerID))
}

// --- Signals

func (a *App) signalNewPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	f := newForm()
	f.Values.Set("received_on", timeNowIn(a.cfg.Location).Format("2006-01-02"))
	return a.renderSignalForm(c, id, http.StatusOK, f)
}

func (a *App) renderSignalForm(c echo.Context, workerID int64, status int, f *form) error {
	w, err := a.store.Workers.Get(c.Request().Context(), actor(c), workerID)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	ilo, ec := allIndicators(loc)
	return a.render(c, status, "signal_new", &view{Title: loc.T("signal.new_title"), Form: f, Data: map[string]any{
		"Worker": w, "Sources": options(loc, "signal_source.", models.SignalSources), "ILO": ilo, "Dimensions": ec}})
}

func (a *App) signalCreateSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	r, f := a.readForm(c)
	sg := models.Signal{WorkerID: id, Source: models.SignalSource(r.str("source")), SourceDetail: r.str("source_detail"),
		ReceivedOn: r.date("received_on", true), Indicators: r.vals["indicators"]}
	err = r.err(nil)
	if err == nil {
		_, err = a.store.History.RecordSignal(c.Request().Context(), actor(c), sg, r.str("note"))
	}
	if err = r.err(err); err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderSignalForm(c, id, status, f)
	}
	a.flash(c, "flash.signal_recorded")
	return c.Redirect(http.StatusSeeOther, workerHistoryURL(id))
}

// --- Who looked

func (a *App) workerAccessLogPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	w, events, err := a.store.Audit.WorkerAccessLog(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "access_log", &view{Title: loc.T("access_log.title", "name", w.FullName()),
		Data: map[string]any{"Worker": w, "Events": events}})
}

// --- Employer and mission views, alerts, restrictions

func (a *App) employerViewPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	return a.renderEmployerView(c, id, http.StatusOK, newForm())
}

func (a *App) renderEmployerView(c echo.Context, id int64, status int, f *form) error {
	v, err := a.store.Alerts.Employer(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	if f.Value("from") == "" {
		f.Values.Set("from", timeNowIn(a.cfg.Location).Format("2006-01-02"))
	}
	return a.render(c, status, "employer_view", &view{Title: loc.T("employer_view.title", "name", v.Employer.FullName()), Form: f,
		Data: map[string]any{"V": v, "Alerts": alertTexts(loc, v.Alert)}})
}

// alertTexts translates the reasons of an employer alert.
func alertTexts(loc *localizer, a models.EmployerAlert) []string {
	var out []string
	for _, r := range a.Reasons {
		out = append(out, loc.text("alert."+r.Code, r.Message, r.Args))
	}
	return out
}

func (a *App) missionViewPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	v, err := a.store.Alerts.Mission(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	alerts := map[int64][]string{}
	for _, e := range v.Employers {
		alerts[e.ID] = alertTexts(loc, e.Alert)
	}
	return a.render(c, http.StatusOK, "mission_view", &view{Title: loc.T("mission_view.title", "name", v.Mission.Name),
		Data: map[string]any{"V": v, "Alerts": alerts}})
}

func (a *App) alertsPage(c echo.Context) error {
	items, restrictions, err := a.store.Alerts.List(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	texts := map[int64][]string{}
	for _, it := range items {
		texts[it.Employer.ID] = alertTexts(loc, it.Alert)
	}
	return a.render(c, http.StatusOK, "alerts", &view{Title: loc.T("alerts.title"),
		Data: map[string]any{"Items": items, "Texts": texts, "Restrictions": restrictions}})
}

func (a *App) restrictionCreateSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	r, f := a.readForm(c)
	res := models.EmployerRestriction{EmployerID: id, Kind: models.RestrictionNoNewPrivateServants, Reason: r.str("reason"),
		From: r.date("from", true), Until: r.datePtr("until")}
	err = r.err(nil)
	if err == nil {
		_, err = a.store.Alerts.Restrict(c.Request().Context(), actor(c), res)
	}
	if err = r.err(err); err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderEmployerView(c, id, status, f)
	}
	a.flash(c, "flash.employer_restricted")
	return c.Redirect(http.StatusSeeOther, "/employers/"+strconv.FormatInt(id, 10)+"/observations")
}

func (a *App) restrictionLiftSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	r, f := a.readForm(c)
	employerID := r.id("employer_id")
	res, err := a.store.Alerts.Lift(c.Request().Context(), actor(c), id, r.str("lift_reason"))
	if err != nil {
		status, ok := a.formError(c, f, err)
		if !ok || employerID == 0 {
			return err
		}
		f.Values.Set("_section", "lift")
		return a.renderEmployerView(c, employerID, status, f)
	}
	a.flash(c, "flash.restriction_lifted")
	return c.Redirect(http.StatusSeeOther, "/employers/"+strconv.FormatInt(res.EmployerID, 10)+"/observations")
}

// --- Holds

func (a *App) holdsPage(c echo.Context) error {
	items, err := a.store.Holds.List(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "holds", &view{Title: a.localizer(c).T("holds.title"), Data: map[string]any{"Items": items}})
}

func (a *App) holdDecisionSubmit(c echo.Context) error {
	return a.applicationAction(c, "hold", func(id int64, r *formReader) error {
		return a.store.Holds.Decide(c.Request().Context(), actor(c), id, models.HoldDecisionKind(r.str("decision")), r.str("reason"))
	})
}
