package app

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// The JSON API of the private interview and the indicator history (issue 4).
// Like the pages, every answer here is for interviewers and admins (the
// route table and the store both check it); nothing a clerk can call
// carries interview content. Request and answer types are this file's:
// models types carry no JSON tags and are never encoded directly.

// --- Requests

type attestationsJSON struct {
	InterpreterIndependent bool   `json:"interpreter_independent"`
	WorkerInformedOfRights bool   `json:"worker_informed_of_rights"`
	RightsLanguage         string `json:"rights_language"`
	LeafletHandedOver      bool   `json:"leaflet_handed_over"`
	LeafletLanguage        string `json:"leaflet_language"`
}

type interpreterJSON struct {
	Language                  string `json:"language"`
	NameOrService             string `json:"name_or_service"`
	LinkedToEmployerOrMission bool   `json:"linked_to_employer_or_mission"`
}

type checklistEntryJSON struct {
	Item   string `json:"item"`
	Answer string `json:"answer"`
	Note   string `json:"note,omitempty"`
}

type indicatorResponseJSON struct {
	Code   string `json:"code"`
	Answer string `json:"answer"`
	Note   string `json:"note,omitempty"`
}

type referralJSON struct {
	Partner   string `json:"partner"`
	Date      string `json:"date"`
	Contact   string `json:"contact"`
	Reference string `json:"reference,omitempty"`
}

// recordInterviewJSON is the full record of the private interview.
type recordInterviewJSON struct {
	HeldAt string `json:"held_at"`
	// EmployerAbsent is the attestation the card gate reads; it must be
	// given either way, never assumed from a missing field.
	EmployerAbsent *bool                   `json:"employer_absent"`
	Attestations   attestationsJSON        `json:"attestations"`
	Interpreter    *interpreterJSON        `json:"interpreter"`
	Checklist      []checklistEntryJSON    `json:"checklist"`
	Indicators     []indicatorResponseJSON `json:"indicators"`
	Notes          string                  `json:"notes"`
	Outcome        string                  `json:"outcome"`
	Referral       *referralJSON           `json:"referral"`
}

// correctInterviewJSON is a full record that supersedes an earlier one.
type correctInterviewJSON struct {
	recordInterviewJSON
	CorrectionReason string `json:"correction_reason"`
}

func (in recordInterviewJSON) recording(v *models.Validation) models.InterviewRecording {
	r := models.InterviewRecording{HeldAt: apiInstantField(v, "held_at", in.HeldAt), Notes: in.Notes, Outcome: models.InterviewOutcome(in.Outcome)}
	if in.EmployerAbsent == nil {
		v.Add("employer_absent", "required", "Attest whether neither the employer nor anyone from the mission was present.")
	} else {
		r.Attestations.EmployerAndMissionAbsent = *in.EmployerAbsent
	}
	a := in.Attestations
	r.Attestations.InterpreterIndependent, r.Attestations.WorkerInformedOfRights = a.InterpreterIndependent, a.WorkerInformedOfRights
	r.Attestations.RightsLanguage, r.Attestations.LeafletHandedOver, r.Attestations.LeafletLanguage = a.RightsLanguage, a.LeafletHandedOver, a.LeafletLanguage
	if i := in.Interpreter; i != nil {
		r.Interpreter = &models.Interpreter{Language: i.Language, NameOrService: i.NameOrService, LinkedToEmployerOrMission: i.LinkedToEmployerOrMission}
	}
	for _, e := range in.Checklist {
		r.Checklist = append(r.Checklist, models.ChecklistEntry{Item: models.ChecklistItem(e.Item), Answer: models.ChecklistAnswer(e.Answer), Note: e.Note})
	}
	for _, e := range in.Indicators {
		r.Indicators = append(r.Indicators, models.IndicatorResponse{Code: e.Code, Answer: models.IndicatorAnswer(e.Answer), Note: e.Note})
	}
	if ref := in.Referral; ref != nil {
		r.Referral = &models.Referral{Partner: models.ReferralPartner(ref.Partner), Date: apiDayField(v, "referral.date", ref.Date),
			Contact: ref.Contact, Reference: ref.Reference}
	}
	return r
}

func (a *App) apiRecordInterview(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	var in recordInterviewJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v models.Validation
	r := in.recording(&v)
	if err := v.Err(); err != nil {
		return err
	}
	iv, err := a.store.Interviews.Record(c.Request().Context(), actor(c), id, r)
	if err != nil {
		return err
	}
	u := currentUser(c)
	return c.JSON(http.StatusOK, toInterviewJSON(*iv, u != nil && u.Can(models.PermInterviewRead)))
}

func (a *App) apiCorrectInterview(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	var in correctInterviewJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v models.Validation
	r := in.recording(&v)
	if err := v.Err(); err != nil {
		return err
	}
	iv, err := a.store.Interviews.Correct(c.Request().Context(), actor(c), id, r, in.CorrectionReason)
	if err != nil {
		return err
	}
	return a.writeInterviewRecord(c, http.StatusCreated, iv.ID)
}

// --- A recorded interview

type noteJSON struct {
	Note           string `json:"note,omitempty"`
	NoteUnreadable bool   `json:"note_unreadable,omitempty"`
}

func toNoteJSON(n store.Note) noteJSON { return noteJSON{Note: n.Text, NoteUnreadable: n.Unreadable} }

type checklistAnswerJSON struct {
	Item   string `json:"item"`
	Answer string `json:"answer"`
	noteJSON
}

type indicatorAnswerJSON struct {
	Code      string   `json:"code"`
	Taxonomy  string   `json:"taxonomy"`
	Dimension string   `json:"dimension,omitempty"`
	Grade     string   `json:"grade,omitempty"`
	Answer    string   `json:"answer"`
	CTDC      []string `json:"ctdc"`
	noteJSON
}

type dimensionSignalJSON struct {
	Dimension                  string `json:"dimension"`
	Strong                     int    `json:"strong"`
	Medium                     int    `json:"medium"`
	Weak                       int    `json:"weak"`
	Unclear                    int    `json:"unclear"`
	Positive                   bool   `json:"positive"`
	PositiveIfUnclearConfirmed bool   `json:"positive_if_unclear_confirmed"`
}

// screeningSignalJSON is the ILO-EC combination rule applied to the answers:
// advice for a person to weigh, never a finding.
type screeningSignalJSON struct {
	Answered                             int                   `json:"answered"`
	Recruitment                          bool                  `json:"recruitment"`
	ExploitativeConditions               bool                  `json:"exploitative_conditions"`
	CoercionOrVulnerabilityAtDestination bool                  `json:"coercion_or_vulnerability_at_destination"`
	Positive                             bool                  `json:"positive"`
	PositiveIfUnclearConfirmed           bool                  `json:"positive_if_unclear_confirmed"`
	Dimensions                           []dimensionSignalJSON `json:"dimensions"`
}

type referralOutJSON struct {
	ID             int64     `json:"id"`
	Partner        string    `json:"partner"`
	Date           string    `json:"date"`
	Contact        string    `json:"contact"`
	Reference      string    `json:"reference,omitempty"`
	RecordedByID   int64     `json:"recorded_by_id"`
	CreatedAt      time.Time `json:"created_at"`
	SpecialisedCtr bool      `json:"specialised_centre"`
}

type interviewVersionJSON struct {
	ID               int64      `json:"id"`
	RecordedAt       *time.Time `json:"recorded_at,omitempty"`
	Outcome          string     `json:"outcome"`
	SupersedesID     *int64     `json:"supersedes_id,omitempty"`
	SupersededByID   int64      `json:"superseded_by_id,omitempty"`
	CorrectionReason string     `json:"correction_reason,omitempty"`
}

type interviewRecordJSON struct {
	interviewJSON
	WorkerID         int64                  `json:"worker_id"`
	EmployerID       int64                  `json:"employer_id"`
	RecordedByID     *int64                 `json:"recorded_by_id,omitempty"`
	Attestations     attestationsJSON       `json:"attestations"`
	Interpreter      *interpreterJSON       `json:"interpreter"`
	Checklist        []checklistAnswerJSON  `json:"checklist"`
	Indicators       []indicatorAnswerJSON  `json:"indicators"`
	Notes            noteJSON               `json:"notes"`
	Referral         *referralOutJSON       `json:"referral"`
	ScreeningSignal  screeningSignalJSON    `json:"screening_signal"`
	SupersedesID     *int64                 `json:"supersedes_id,omitempty"`
	SupersededByID   int64                  `json:"superseded_by_id,omitempty"`
	CorrectionReason string                 `json:"correction_reason,omitempty"`
	Versions         []interviewVersionJSON `json:"versions"`
}

func toScreeningJSON(s models.ScreeningSignal) screeningSignalJSON {
	out := screeningSignalJSON{Answered: s.Answered, Recruitment: s.Recruitment, ExploitativeConditions: s.ExploitativeConditions,
		CoercionOrVulnerabilityAtDestination: s.CoercionOrVulnerabilityAtDestination, Positive: s.Positive,
		PositiveIfUnclearConfirmed: s.PositiveIfUnclearConfirmed, Dimensions: []dimensionSignalJSON{}}
	for _, d := range s.Dimensions {
		out.Dimensions = append(out.Dimensions, dimensionSignalJSON{Dimension: string(d.Dimension), Strong: d.Strong, Medium: d.Medium,
			Weak: d.Weak, Unclear: d.Unclear, Positive: d.Positive, PositiveIfUnclearConfirmed: d.PositiveIfUnclearConfirmed})
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

func toInterviewRecordJSON(v *store.InterviewRecordView) interviewRecordJSON {
	out := interviewRecordJSON{interviewJSON: toInterviewJSON(v.Interview, true), WorkerID: v.Worker.ID, EmployerID: v.Application.EmployerID,
		RecordedByID: v.RecordedByID, Checklist: []checklistAnswerJSON{}, Indicators: []indicatorAnswerJSON{}, Notes: toNoteJSON(v.Notes),
		ScreeningSignal: toScreeningJSON(v.Signal), SupersedesID: v.SupersedesID, SupersededByID: v.SupersededByID,
		CorrectionReason: v.CorrectionReason, Versions: []interviewVersionJSON{}}
	at := v.Attestations
	out.Attestations = attestationsJSON{InterpreterIndependent: at.InterpreterIndependent, WorkerInformedOfRights: at.WorkerInformedOfRights,
		RightsLanguage: at.RightsLanguage, LeafletHandedOver: at.LeafletHandedOver, LeafletLanguage: at.LeafletLanguage}
	if i := v.Interpreter; i != nil {
		out.Interpreter = &interpreterJSON{Language: i.Language, NameOrService: i.NameOrService, LinkedToEmployerOrMission: i.LinkedToEmployerOrMission}
	}
	for _, e := range v.Checklist {
		out.Checklist = append(out.Checklist, checklistAnswerJSON{Item: string(e.Item), Answer: string(e.Answer), noteJSON: toNoteJSON(e.Note)})
	}
	for _, e := range v.Indicators {
		out.Indicators = append(out.Indicators, indicatorAnswerJSON{Code: e.Indicator.Code, Taxonomy: string(e.Indicator.Taxonomy),
			Dimension: string(e.Indicator.Dimension), Grade: string(e.Indicator.Grade), Answer: string(e.Answer),
			CTDC: ctdcStrings(e.Indicator.CTDC), noteJSON: toNoteJSON(e.Note)})
	}
	if r := v.Referral; r != nil {
		out.Referral = &referralOutJSON{ID: r.ID, Partner: string(r.Partner), Date: apiDay(r.Date.UTC()), Contact: r.Contact, Reference: r.Reference,
			RecordedByID: r.RecordedByID, CreatedAt: r.CreatedAt, SpecialisedCtr: r.Partner.SpecialisedCentre()}
	}
	for _, x := range v.Versions {
		out.Versions = append(out.Versions, interviewVersionJSON{ID: x.ID, RecordedAt: x.RecordedAt, Outcome: string(x.Outcome),
			SupersedesID: x.SupersedesID, SupersededByID: x.SupersededByID, CorrectionReason: x.CorrectionReason})
	}
	return out
}

func (a *App) writeInterviewRecord(c echo.Context, status int, id int64) error {
	v, err := a.store.Interviews.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(status, toInterviewRecordJSON(v))
}

func (a *App) apiInterview(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	return a.writeInterviewRecord(c, http.StatusOK, id)
}

func (a *App) apiSummons(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	pdf, langs, err := a.store.Interviews.Summons(c.Request().Context(), actor(c), id, a.cfg.Location)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Language", joinLangs(langs))
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

func joinLangs(langs []string) string { return strings.Join(langs, ", ") }

// --- The catalogue

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

// --- The history

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
		SignalSource: string(o.SignalSource), ObservedOn: apiDay(o.ObservedOn.UTC()), RecordedByID: o.RecordedByID, SupersedesID: o.SupersedesID,
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
		ReceivedOn: apiDay(s.ReceivedOn.UTC()), Indicators: s.Indicators, RecordedByID: s.RecordedByID, CreatedAt: s.CreatedAt, noteJSON: toNoteJSON(note)}
	if out.Indicators == nil {
		out.Indicators = []string{}
	}
	return out
}

func (a *App) apiWorkerHistory(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	h, err := a.store.History.Worker(c.Request().Context(), actor(c), id, timelineFilter(c))
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

type newSignalJSON struct {
	Source       string   `json:"source"`
	SourceDetail string   `json:"source_detail"`
	ReceivedOn   string   `json:"received_on"`
	Indicators   []string `json:"indicators"`
	Note         string   `json:"note"`
}

func (a *App) apiRecordSignal(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	var in newSignalJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v models.Validation
	sg := models.Signal{WorkerID: id, Source: models.SignalSource(in.Source), SourceDetail: in.SourceDetail,
		ReceivedOn: apiDayField(&v, "received_on", in.ReceivedOn), Indicators: in.Indicators}
	if err := v.Err(); err != nil {
		return err
	}
	stored, err := a.store.History.RecordSignal(c.Request().Context(), actor(c), sg, in.Note)
	if err != nil {
		return err
	}
	return apiCreated(c, "", toSignalJSON(*stored, store.Note{Text: in.Note}))
}

type correctObservationJSON struct {
	IndicatorCode    string `json:"indicator_code"`
	Answer           string `json:"answer"`
	CorrectionReason string `json:"correction_reason"`
	Note             string `json:"note"`
}

func (a *App) apiCorrectObservation(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	var in correctObservationJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	o, err := a.store.History.CorrectObservation(c.Request().Context(), actor(c), id, models.ObservationCorrection{IndicatorCode: in.IndicatorCode,
		Answer: models.IndicatorAnswer(in.Answer), Reason: in.CorrectionReason, Note: in.Note})
	if err != nil {
		return err
	}
	out := toObservationJSON(*o)
	out.noteJSON = noteJSON{Note: in.Note}
	return apiCreated(c, "", out)
}

func (a *App) apiWorkerAccessLog(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	_, events, err := a.store.Audit.WorkerAccessLog(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	out := make([]auditJSON, len(events))
	for i, e := range events {
		out[i] = auditJSON(e)
	}
	return c.JSON(http.StatusOK, map[string]any{"worker_id": id, "events": out})
}

// --- Employer and mission views

type alertReasonJSON struct {
	Code           string  `json:"code"`
	Message        string  `json:"message"`
	WorkerIDs      []int64 `json:"worker_ids"`
	ObservationIDs []int64 `json:"observation_ids"`
}

type alertJSON struct {
	Raised  bool              `json:"raised"`
	Reasons []alertReasonJSON `json:"reasons"`
}

func (a *App) toAlertJSON(loc *localizer, al models.EmployerAlert) alertJSON {
	out := alertJSON{Raised: al.Raised(), Reasons: []alertReasonJSON{}}
	for _, r := range al.Reasons {
		out.Reasons = append(out.Reasons, alertReasonJSON{Code: r.Code, Message: loc.text("alert."+r.Code, r.Message, r.Args),
			WorkerIDs: r.WorkerIDs, ObservationIDs: r.ObservationIDs})
	}
	return out
}

type restrictionJSON struct {
	ID          int64      `json:"id"`
	EmployerID  int64      `json:"employer_id"`
	Kind        string     `json:"kind"`
	Reason      string     `json:"reason"`
	From        string     `json:"from"`
	Until       *string    `json:"until"`
	DecidedByID int64      `json:"decided_by_id"`
	CreatedAt   time.Time  `json:"created_at"`
	LiftedAt    *time.Time `json:"lifted_at,omitempty"`
	LiftReason  string     `json:"lift_reason,omitempty"`
	Active      bool       `json:"active"`
}

func toRestrictionJSON(r store.Restriction, now time.Time) restrictionJSON {
	out := restrictionJSON{ID: r.ID, EmployerID: r.EmployerID, Kind: string(r.Kind), Reason: r.Reason, From: apiDay(r.From.UTC()),
		DecidedByID: r.DecidedByID, CreatedAt: r.CreatedAt, LiftedAt: r.LiftedAt, LiftReason: r.LiftReason, Active: r.ActiveNow(now)}
	if r.Until != nil {
		u := apiDay(r.Until.UTC())
		out.Until = &u
	}
	return out
}

type workerCountJSON struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Observations int    `json:"observations"`
}

func workerCounts(ws []store.WorkerCount) []workerCountJSON {
	out := []workerCountJSON{}
	for _, w := range ws {
		out = append(out, workerCountJSON(w))
	}
	return out
}

func (a *App) apiEmployerObservations(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	v, err := a.store.Alerts.Employer(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	loc, now := a.localizer(c), time.Now()
	entries, restrictions := []observationJSON{}, []restrictionJSON{}
	for _, e := range v.Entries {
		entries = append(entries, toObservationItemJSON(e, false))
	}
	for _, r := range v.Restrictions {
		restrictions = append(restrictions, toRestrictionJSON(r, now))
	}
	return c.JSON(http.StatusOK, map[string]any{"employer_id": id, "mission_id": v.Employer.MissionID, "alert": a.toAlertJSON(loc, v.Alert),
		"workers": workerCounts(v.Workers), "entries": entries, "restrictions": restrictions})
}

func (a *App) apiMissionObservations(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	v, err := a.store.Alerts.Mission(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	type employerJSON struct {
		ID           int64     `json:"id"`
		Name         string    `json:"name"`
		Observations int       `json:"observations"`
		Workers      int       `json:"workers"`
		Alert        alertJSON `json:"alert"`
		Restricted   bool      `json:"restricted"`
	}
	employers, entries := []employerJSON{}, []observationJSON{}
	for _, e := range v.Employers {
		employers = append(employers, employerJSON{ID: e.ID, Name: e.FullName(), Observations: e.Observations, Workers: e.Workers,
			Alert: a.toAlertJSON(loc, e.Alert), Restricted: e.Active != nil})
	}
	for _, e := range v.Entries {
		entries = append(entries, toObservationItemJSON(e, false))
	}
	return c.JSON(http.StatusOK, map[string]any{"mission_id": id, "employers": employers, "workers": workerCounts(v.Workers), "entries": entries})
}

func (a *App) apiAlerts(c echo.Context) error {
	items, restrictions, err := a.store.Alerts.List(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	loc, now := a.localizer(c), time.Now()
	type itemJSON struct {
		EmployerID   int64     `json:"employer_id"`
		EmployerName string    `json:"employer_name"`
		MissionID    int64     `json:"mission_id"`
		MissionName  string    `json:"mission_name"`
		Alert        alertJSON `json:"alert"`
		Restricted   bool      `json:"restricted"`
	}
	out, rs := []itemJSON{}, []restrictionJSON{}
	for _, it := range items {
		out = append(out, itemJSON{EmployerID: it.Employer.ID, EmployerName: it.Employer.FullName(), MissionID: it.Employer.MissionID,
			MissionName: it.Employer.Mission.Name, Alert: a.toAlertJSON(loc, it.Alert), Restricted: it.Active != nil})
	}
	for _, r := range restrictions {
		rs = append(rs, toRestrictionJSON(r, now))
	}
	return c.JSON(http.StatusOK, map[string]any{"alerts": out, "restrictions_in_force": rs})
}

type newRestrictionJSON struct {
	Reason string `json:"reason"`
	From   string `json:"from"`
	Until  string `json:"until"`
}

func (a *App) apiRestrictEmployer(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	var in newRestrictionJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v models.Validation
	r := models.EmployerRestriction{EmployerID: id, Kind: models.RestrictionNoNewPrivateServants, Reason: in.Reason,
		From: apiDayField(&v, "from", in.From), Until: apiOptionalDayField(&v, "until", in.Until)}
	if err := v.Err(); err != nil {
		return err
	}
	res, err := a.store.Alerts.Restrict(c.Request().Context(), actor(c), r)
	if err != nil {
		return err
	}
	return apiCreated(c, "", toRestrictionJSON(*res, time.Now()))
}

type liftRestrictionJSON struct {
	Reason string `json:"reason"`
}

func (a *App) apiLiftRestriction(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	var in liftRestrictionJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	res, err := a.store.Alerts.Lift(c.Request().Context(), actor(c), id, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toRestrictionJSON(*res, time.Now()))
}

// --- Holds

func (a *App) apiHolds(c echo.Context) error {
	items, err := a.store.Holds.List(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	type holdJSON struct {
		ApplicationID   int64     `json:"application_id"`
		Kind            string    `json:"kind"`
		WorkerID        int64     `json:"worker_id"`
		WorkerName      string    `json:"worker_name"`
		EmployerID      int64     `json:"employer_id"`
		EmployerName    string    `json:"employer_name"`
		MissionName     string    `json:"mission_name"`
		Since           time.Time `json:"since"`
		InterviewID     int64     `json:"interview_id"`
		InterviewerName string    `json:"interviewer_name"`
		Outcome         string    `json:"outcome"`
		ReferralPartner string    `json:"referral_partner,omitempty"`
	}
	out := []holdJSON{}
	for _, h := range items {
		out = append(out, holdJSON{ApplicationID: h.ApplicationID, Kind: string(h.Kind), WorkerID: h.WorkerID, WorkerName: h.WorkerName,
			EmployerID: h.EmployerID, EmployerName: h.EmployerName, MissionName: h.MissionName, Since: h.Since, InterviewID: h.InterviewID,
			InterviewerName: h.InterviewerName, Outcome: string(h.Outcome), ReferralPartner: string(h.ReferralPartner)})
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out})
}

type holdDecisionJSON struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

func (a *App) apiDecideHold(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	var in holdDecisionJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := a.store.Holds.Decide(c.Request().Context(), actor(c), id, models.HoldDecisionKind(in.Decision), in.Reason); err != nil {
		return err
	}
	return a.writeApplication(c, http.StatusOK, id)
}
