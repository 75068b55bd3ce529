package app

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// The worker's indicator history (interviewers and admins): the timeline of
// observations across employers and years, earlier interviews, signals from
// outside an interview, corrections by superseding entries, and who looked.
// The store audits every view.

func workerHistoryURL(id int64) string { return "/workers/" + strconv.FormatInt(id, 10) + "/history" }

type observationJSON struct {
	ID               int64    `json:"id"`
	WorkerID         int64    `json:"worker_id"`
	EmployerID       *int64   `json:"employer_id"`
	Taxonomy         string   `json:"taxonomy"`
	IndicatorCode    string   `json:"indicator_code"`
	Grade            string   `json:"grade,omitempty"`
	Answer           string   `json:"answer"`
	Source           string   `json:"source"`
	InterviewID      *int64   `json:"interview_id,omitempty"`
	ApplicationID    int64    `json:"application_id,omitempty"`
	SignalID         *int64   `json:"signal_id,omitempty"`
	SignalSource     string   `json:"signal_source,omitempty"`
	ObservedOn       string   `json:"observed_on"`
	RecordedByID     int64    `json:"recorded_by_id"`
	SupersedesID     *int64   `json:"supersedes_id,omitempty"`
	CorrectionReason string   `json:"correction_reason,omitempty"`
	Superseded       bool     `json:"superseded"`
	SupersededByID   int64    `json:"superseded_by_id,omitempty"`
	CTDC             []string `json:"ctdc"`
	noteJSON
}

func toObservationJSON(o models.IndicatorObservation) observationJSON {
	return observationJSON{ID: o.ID, WorkerID: o.WorkerID, EmployerID: o.EmployerID, Taxonomy: string(o.Taxonomy), IndicatorCode: o.IndicatorCode,
		Grade: string(o.Grade), Answer: string(o.Answer), Source: string(o.Source), InterviewID: o.InterviewID, SignalID: o.SignalID,
		SignalSource: string(o.SignalSource), ObservedOn: day(o.ObservedOn.UTC()), RecordedByID: o.RecordedByID, SupersedesID: o.SupersedesID,
		CorrectionReason: o.CorrectionReason, CTDC: ctdcStrings(models.CTDCFieldsFor(o.IndicatorCode))}
}

func toObservationItemJSON(e store.ObservationItem, withNote bool) observationJSON {
	out := toObservationJSON(e.IndicatorObservation)
	out.ApplicationID, out.Superseded, out.SupersededByID = e.ApplicationID, e.Superseded, e.SupersededByID
	if withNote {
		out.noteJSON = toNoteJSON(e.Note)
	}
	return out
}

type pastInterviewJSON struct {
	ID               int64      `json:"id"`
	ApplicationID    int64      `json:"application_id"`
	Kind             string     `json:"kind"`
	HeldAt           *time.Time `json:"held_at"`
	Outcome          string     `json:"outcome"`
	SupersededByID   int64      `json:"superseded_by_id,omitempty"`
	CorrectionReason string     `json:"correction_reason,omitempty"`
	ReferralPartner  string     `json:"referral_partner,omitempty"`
}

type signalJSON struct {
	ID           int64     `json:"id"`
	WorkerID     int64     `json:"worker_id"`
	EmployerID   *int64    `json:"employer_id"`
	Source       string    `json:"source"`
	SourceDetail string    `json:"source_detail,omitempty"`
	ReceivedOn   string    `json:"received_on"`
	Indicators   []string  `json:"indicators"`
	RecordedByID int64     `json:"recorded_by_id"`
	CreatedAt    time.Time `json:"created_at"`
	noteJSON
}

func toSignalJSON(s models.Signal, note store.Note) signalJSON {
	out := signalJSON{ID: s.ID, WorkerID: s.WorkerID, EmployerID: s.EmployerID, Source: string(s.Source), SourceDetail: s.SourceDetail,
		ReceivedOn: day(s.ReceivedOn.UTC()), Indicators: s.Indicators, RecordedByID: s.RecordedByID, CreatedAt: s.CreatedAt, noteJSON: toNoteJSON(note)}
	if out.Indicators == nil {
		out.Indicators = []string{}
	}
	return out
}

// historyQuery filters the timeline by indicator and source; superseded=yes
// shows the corrected entries too. Unknown codes are ignored.
type historyQuery struct {
	Indicator  []string `form:"indicator" json:"indicator" max:"80"`
	Source     []string `form:"source" json:"source" max:"40"`
	Superseded string   `form:"superseded" json:"superseded" max:"3"`
}

func (q historyQuery) filter() models.TimelineFilter {
	var f models.TimelineFilter
	for _, code := range q.Indicator {
		if _, ok := models.LookupIndicator(code); ok {
			f.IndicatorCodes = append(f.IndicatorCodes, code)
		}
	}
	for _, s := range q.Source {
		switch {
		case models.ObservationSource(s).Valid():
			f.Sources = append(f.Sources, models.ObservationSource(s))
		case models.SignalSource(s).Valid():
			f.SignalSources = append(f.SignalSources, models.SignalSource(s))
		}
	}
	f.IncludeSuperseded = q.Superseded == "yes"
	return f
}

func (a *App) timelineFilter(c echo.Context) (models.TimelineFilter, error) {
	var q historyQuery
	err := a.query(c, &q)
	return q.filter(), err
}

// apiWorkerHistory is GET /api/v1/workers/:id/history.
func (a *App) apiWorkerHistory(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	filter, err := a.timelineFilter(c)
	if err != nil {
		return err
	}
	h, err := a.store.History.Worker(c.Request().Context(), actor(c), id, filter)
	if err != nil {
		return err
	}
	entries, interviews, signals := []observationJSON{}, []pastInterviewJSON{}, []signalJSON{}
	for _, e := range h.Entries {
		entries = append(entries, toObservationItemJSON(e, true))
	}
	for _, iv := range h.Interviews {
		interviews = append(interviews, pastInterviewJSON{ID: iv.ID, ApplicationID: iv.ApplicationID, Kind: string(iv.Kind), HeldAt: iv.HeldAt,
			Outcome: string(iv.Outcome), SupersededByID: iv.SupersededByID, CorrectionReason: iv.CorrectionReason, ReferralPartner: string(iv.ReferralPartner)})
	}
	for _, s := range h.Signals {
		signals = append(signals, toSignalJSON(s.Signal, s.Note))
	}
	return c.JSON(http.StatusOK, map[string]any{"worker_id": id, "entries": entries, "interviews": interviews, "signals": signals,
		"ctdc": ctdcStrings(h.CTDC), "current": h.Current})
}

func (a *App) workerHistoryPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	f := newForm()
	f.Values = c.QueryParams()
	return a.renderWorkerHistory(c, id, f, "")
}

// renderWorkerHistory shows the timeline; section names the correction form
// that failed ("correct-<id>").
func (a *App) renderWorkerHistory(c echo.Context, id int64, f *form, section string) error {
	filter, _ := a.timelineFilter(c) // a filter that does not parse shows everything
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
	return a.render(c, http.StatusOK, "worker_history", &view{Title: loc.T("history.worker_title", "name", h.Worker.FullName()), Form: f, Section: section,
		Data: map[string]any{"H": h, "Codes": codes, "Sources": sources, "Filter": filterForm,
			"Answers": []option{{Value: "yes", Label: loc.T("answer.yes")}, {Value: "unclear", Label: loc.T("answer.unclear")}, {Value: "no", Label: loc.T("answer.withdraw")}}}})
}

// correctObservationRequest supersedes an observation: a new answer ("no"
// withdraws it), a reason, a note. The page names the worker to come back to.
type correctObservationRequest struct {
	IndicatorCode    string                 `form:"indicator_code" json:"indicator_code" max:"80"`
	Answer           models.IndicatorAnswer `form:"answer" json:"answer" max:"20"`
	CorrectionReason string                 `form:"correction_reason" json:"correction_reason" input:"multiline" max:"2000"`
	Note             string                 `form:"note" json:"note" input:"multiline" max:"20000"`
	WorkerID         int64                  `form:"worker_id" json:"-"`
}

// observationCorrect is POST /observations/:id/correct and POST
// /api/v1/observations/:id/correction.
func (a *App) observationCorrect(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req correctObservationRequest
	var o *models.IndicatorObservation
	if err = a.bind(c, &req); err == nil {
		o, err = a.store.History.CorrectObservation(c.Request().Context(), actor(c), id, models.ObservationCorrection{
			IndicatorCode: req.IndicatorCode, Answer: req.Answer, Reason: req.CorrectionReason, Note: req.Note})
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			if req.WorkerID == 0 {
				return err
			}
			return a.renderWorkerHistory(c, req.WorkerID, f, "correct-"+strconv.FormatInt(id, 10))
		})
	}
	out := toObservationJSON(*o)
	out.noteJSON = noteJSON{Note: req.Note}
	return a.answer(c, result{status: http.StatusCreated, body: out, flash: "flash.observation_corrected", redirect: workerHistoryURL(o.WorkerID)})
}

// signalRequest is a signal received outside an interview, about the worker
// in the path.
type signalRequest struct {
	Source       models.SignalSource `form:"source" json:"source" max:"40"`
	SourceDetail string              `form:"source_detail" json:"source_detail"`
	ReceivedOn   time.Time           `form:"received_on" json:"received_on"`
	Indicators   []string            `form:"indicators" json:"indicators" max:"80"`
	Note         string              `form:"note" json:"note" input:"multiline" max:"20000"`
}

func (a *App) signalNewPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	f := newForm()
	f.Values.Set("received_on", a.now().Format(time.DateOnly))
	return a.renderSignalForm(c, id, f)
}

func (a *App) renderSignalForm(c echo.Context, workerID int64, f *form) error {
	w, err := a.store.Workers.Get(c.Request().Context(), actor(c), workerID)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "signal_new", &view{Title: loc.T("signal.new_title"), Form: f, Data: map[string]any{
		"Worker": w, "Sources": options(loc, "signal_source.", models.SignalSources), "ILO": iloRows(loc, nil), "Dimensions": dimensionRows(loc, nil)}})
}

// signalRecord is POST /workers/:id/signals and its API twin.
func (a *App) signalRecord(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req signalRequest
	var stored *models.Signal
	if err = a.bind(c, &req); err == nil {
		stored, err = a.store.History.RecordSignal(c.Request().Context(), actor(c), models.Signal{WorkerID: id, Source: req.Source,
			SourceDetail: req.SourceDetail, ReceivedOn: req.ReceivedOn, Indicators: req.Indicators}, req.Note)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderSignalForm(c, id, f) })
	}
	return a.answer(c, result{status: http.StatusCreated, body: toSignalJSON(*stored, store.Note{Text: req.Note}),
		flash: "flash.signal_recorded", redirect: workerHistoryURL(id)})
}

// accessLog is GET /workers/:id/access-log and its API twin (admins): who
// looked at this worker's history.
func (a *App) accessLog(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	w, events, err := a.store.Audit.WorkerAccessLog(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	if isAPI(c.Request().URL.Path) {
		return c.JSON(http.StatusOK, map[string]any{"worker_id": id, "events": auditRows(events)})
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "access_log", &view{Title: loc.T("access_log.title", "name", w.FullName()),
		Data: map[string]any{"Worker": w, "Events": events}})
}
