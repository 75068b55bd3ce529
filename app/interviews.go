package app

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// The private interview: booked by a clerk (with an independent interpreter
// when needed) and summoned by letter; recorded in full by the interviewer;
// corrected by a superseding record. Everything but the booking and the
// summons is for interviewers and admins; the store checks the permission
// again and audits each confidential view.

func interviewURL(id int64) string { return "/interviews/" + strconv.FormatInt(id, 10) }

// --- Booking

// bookingRequest books the private interview of the application in the
// path: with whom, when, where, and the interpreter when one is needed.
type bookingRequest struct {
	ScheduledAt   time.Time         `form:"scheduled_at" json:"scheduled_at" input:"instant"`
	InterviewerID int64             `form:"interviewer_id" json:"interviewer_id"`
	Room          string            `form:"room" json:"room" max:"100"`
	Interpreter   *interpreterInput `form:"interpreter" json:"interpreter"`
}

// interpreterInput is an interpreter: the language, the person or service,
// and whether the interpreter is independent of the employer and the
// mission (on a booking the scheduler confirms it; on a record the
// attestations say it).
type interpreterInput struct {
	Language      string `form:"language" json:"language" max:"60"`
	NameOrService string `form:"name_or_service" json:"name_or_service" max:"200"`
	Independent   bool   `form:"independent" json:"independent"`
}

func (r bookingRequest) booking() models.InterviewBooking {
	b := models.InterviewBooking{InterviewerID: r.InterviewerID, At: r.ScheduledAt, Room: r.Room}
	if i := r.Interpreter; i != nil {
		b.Interpreter = &models.Interpreter{Language: i.Language, NameOrService: i.NameOrService, LinkedToEmployerOrMission: !i.Independent}
	}
	return b
}

// Validate is the booked interpreter's check.
func (r bookingRequest) Validate(time.Time) error { return r.booking().ValidateInterpreter() }

// interviewJSON is an interview as its scheduler or its interviewer sees it;
// the outcome only for callers who may read interview content.
type interviewJSON struct {
	ID             int64      `json:"id"`
	ApplicationID  int64      `json:"application_id"`
	InterviewerID  int64      `json:"interviewer_id"`
	ScheduledAt    time.Time  `json:"scheduled_at"`
	Room           string     `json:"room"`
	HeldAt         *time.Time `json:"held_at,omitempty"`
	RecordedAt     *time.Time `json:"recorded_at,omitempty"`
	EmployerAbsent *bool      `json:"employer_and_mission_absent,omitempty"`
	Outcome        string     `json:"outcome,omitempty"`
}

func toInterviewJSON(iv models.Interview, seeOutcome bool) interviewJSON {
	out := interviewJSON{ID: iv.ID, ApplicationID: iv.ApplicationID, InterviewerID: iv.InterviewerID,
		ScheduledAt: iv.ScheduledAt, Room: iv.Room, HeldAt: iv.HeldAt, RecordedAt: iv.RecordedAt}
	if iv.Completed() {
		absent := iv.EmployerAbsent
		out.EmployerAbsent = &absent
		if seeOutcome {
			out.Outcome = string(iv.Outcome)
		}
	}
	return out
}

// interviewSchedule is POST /applications/:id/interviews and its API twin.
func (a *App) interviewSchedule(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req bookingRequest
	var iv *models.Interview
	if err = a.bind(c, &req); err == nil {
		iv, err = a.store.Interviews.Book(c.Request().Context(), actor(c), id, req.booking())
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderApplication(c, id, "schedule", f) })
	}
	return a.answer(c, result{status: http.StatusCreated, body: toInterviewJSON(*iv, false), flash: "flash.schedule_done", redirect: appURL(id)})
}

// summons is GET /interviews/:id/summons.pdf and its API twin: the letter,
// in a language the worker reads where a translation exists.
func (a *App) summons(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx, cancel := a.pdfContext(c)
	defer cancel()
	pdf, langs, err := a.store.Interviews.Summons(ctx, actor(c), id, a.cfg.Location)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Language", joinLangs(langs))
	if !isAPI(c.Request().URL.Path) {
		h.Set("Content-Disposition", `attachment; filename="summons-`+strconv.FormatInt(id, 10)+`.pdf"`)
	}
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

func joinLangs(langs []string) string {
	out := ""
	for i, l := range langs {
		if i > 0 {
			out += ", "
		}
		out += l
	}
	return out
}

// --- The interviewer's list

// interviewList is GET /interviews: the interviewer's own appointments, or
// everyone's with all=1.
func (a *App) interviewList(c echo.Context) error {
	mine := currentUser(c).ID
	if c.QueryParam("all") != "" {
		mine = 0
	}
	tasks, err := a.store.Interviews.ToRecord(c.Request().Context(), actor(c), mine)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "interviews", &view{Title: a.localizer(c).T("interviews.title"), Data: map[string]any{"Tasks": tasks, "All": mine == 0}})
}

// --- Recording

// recordingRequest is the full record of the private interview, from the
// recording form or POST /api/v1/interviews/:id/record. The checklist and
// the indicators are keyed by their codes: "checklist.<item>.answer",
// {"checklist": {"<item>": {"answer": …, "note": …}}}.
type recordingRequest struct {
	HeldAt       time.Time              `form:"held_at" json:"held_at" input:"instant"`
	Attestations attestationsInput      `form:"attestations" json:"attestations"`
	Interpreter  *interpreterInput      `form:"interpreter" json:"interpreter"`
	Checklist    map[string]answerInput `form:"checklist" json:"checklist"`
	Indicators   map[string]answerInput `form:"indicators" json:"indicators"`
	Notes        string                 `form:"notes" json:"notes" input:"multiline" max:"20000"`
	Outcome      string                 `form:"outcome" json:"outcome" max:"40"`
	// ClearanceReason: why cleared although the answers show indicators
	// of forced labour (models.InterviewRecording.NeedsClearanceConfirmation).
	ClearanceReason string         `form:"clearance_reason" json:"clearance_reason" input:"multiline" max:"2000"`
	Referral        *referralInput `form:"referral" json:"referral"`
	// The page's own controls: whether the interpreter block counts, and
	// the button that only computes the screening signal.
	InterpreterPresent bool   `form:"interpreter_present" json:"-"`
	Action             string `form:"_action" json:"-" max:"20"`
}

type attestationsInput struct {
	EmployerAndMissionAbsent bool   `form:"employer_and_mission_absent" json:"employer_and_mission_absent"`
	InterpreterIndependent   bool   `form:"interpreter_independent" json:"interpreter_independent"`
	WorkerInformedOfRights   bool   `form:"worker_informed_of_rights" json:"worker_informed_of_rights"`
	RightsLanguage           string `form:"rights_language" json:"rights_language" max:"60"`
	LeafletHandedOver        bool   `form:"leaflet_handed_over" json:"leaflet_handed_over"`
	LeafletLanguage          string `form:"leaflet_language" json:"leaflet_language" max:"60"`
}

type answerInput struct {
	Answer string `form:"answer" json:"answer" max:"20"`
	Note   string `form:"note" json:"note" input:"multiline" max:"20000"`
}

type referralInput struct {
	Partner   models.ReferralPartner `form:"partner" json:"partner" max:"40"`
	Date      time.Time              `form:"date" json:"date"`
	Contact   string                 `form:"contact" json:"contact"`
	Reference string                 `form:"reference" json:"reference"`
}

// correctionRequest is a full record that supersedes an earlier one.
type correctionRequest struct {
	recordingRequest
	CorrectionReason string `form:"correction_reason" json:"correction_reason" input:"multiline" max:"2000"`
}

// recording is the domain's record; fromPage applies the page's interpreter
// switch. Entries without an answer are left out, so the domain reports the
// item as unanswered.
func (r recordingRequest) recording(fromPage bool) models.InterviewRecording {
	at := r.Attestations
	rec := models.InterviewRecording{HeldAt: r.HeldAt, Notes: r.Notes, Outcome: models.InterviewOutcome(r.Outcome), ClearanceReason: r.ClearanceReason,
		Attestations: models.InterviewAttestations{EmployerAndMissionAbsent: at.EmployerAndMissionAbsent,
			InterpreterIndependent: at.InterpreterIndependent, WorkerInformedOfRights: at.WorkerInformedOfRights,
			RightsLanguage: at.RightsLanguage, LeafletHandedOver: at.LeafletHandedOver, LeafletLanguage: at.LeafletLanguage}}
	if i := r.Interpreter; i != nil && (r.InterpreterPresent || !fromPage) {
		rec.Interpreter = &models.Interpreter{Language: i.Language, NameOrService: i.NameOrService}
	}
	for _, item := range models.ChecklistItems {
		if e, ok := r.Checklist[string(item)]; ok && e.Answer != "" {
			rec.Checklist = append(rec.Checklist, models.ChecklistEntry{Item: item, Answer: models.ChecklistAnswer(e.Answer), Note: e.Note})
		}
	}
	for _, code := range sortedKeys(r.Checklist) {
		if !models.ChecklistItem(code).Valid() && r.Checklist[code].Answer != "" {
			rec.Checklist = append(rec.Checklist, models.ChecklistEntry{Item: models.ChecklistItem(code), Answer: models.ChecklistAnswer(r.Checklist[code].Answer)})
		}
	}
	for _, code := range sortedKeys(r.Indicators) {
		if e := r.Indicators[code]; e.Answer != "" {
			rec.Indicators = append(rec.Indicators, models.IndicatorResponse{Code: code, Answer: models.IndicatorAnswer(e.Answer), Note: e.Note})
		}
	}
	if ref := r.Referral; ref != nil && (ref.Partner != "" || ref.Contact != "" || ref.Reference != "" || !ref.Date.IsZero()) {
		rec.Referral = &models.Referral{Partner: ref.Partner, Date: ref.Date, Contact: ref.Contact, Reference: ref.Reference}
	}
	return rec
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (a *App) interviewRecordPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	f := newForm()
	f.Values.Set("held_at", a.now().Format("2006-01-02T15:04"))
	// The interviewer's draft, if one was saved (drafts.go): the form as it
	// was left, after a new sign-in too.
	if values, _, err := a.store.Interviews.Draft(c.Request().Context(), actor(c), id); err != nil {
		return err
	} else if values != nil {
		f.Values = values
		return a.renderInterviewRecord(c, id, f, false)
	}
	return a.renderInterviewRecord(c, id, f, true)
}

// renderInterviewRecord shows the recording form; prefill copies the booked
// interpreter into an empty form.
func (a *App) renderInterviewRecord(c echo.Context, id int64, f *form, prefill bool) error {
	rc, err := a.store.Interviews.ForRecording(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	if prefill && rc.Interpreter != nil {
		f.Values.Set("interpreter_present", "yes")
		f.Values.Set("interpreter.language", rc.Interpreter.Language)
		f.Values.Set("interpreter.name_or_service", rc.Interpreter.NameOrService)
	}
	leaflets, err := a.leafletLanguages(c.Request().Context(), a.localizer(c).lang)
	if err != nil {
		return err
	}
	if prefill {
		// The leaflet in the worker's best language it exists in, else the
		// Directorate's fallback.
		var codes []string
		for _, o := range leaflets {
			codes = append(codes, o.Value)
		}
		best, _ := models.ChooseLanguage(strings.Split(rc.Worker.Languages, ","), codes)
		f.Values.Set("attestations.leaflet_language", best)
	}
	data := a.recordingData(c, f)
	data["LeafletLanguages"] = leaflets
	data["Context"] = rc
	data["Action"] = interviewURL(id) + "/record"
	a.draftData(c, id, data) // drafts.go
	return a.render(c, http.StatusOK, "interview_record", &view{Title: a.localizer(c).T("interview.record_title"), Form: f, Data: data})
}

// interviewRecord is POST /interviews/:id/record and its API twin.
func (a *App) interviewRecord(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req recordingRequest
	err = a.bind(c, &req)
	if err == nil && req.Action == "screen" {
		// Compute the screening signal and show the form again; nothing is stored.
		f := newForm()
		f.Values, _ = c.FormParams()
		return a.renderInterviewRecord(c, id, f, false)
	}
	var iv *models.Interview
	if err == nil {
		iv, err = a.store.Interviews.Record(c.Request().Context(), actor(c), id, req.recording(!isAPI(c.Request().URL.Path)))
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderInterviewRecord(c, id, f, false) })
	}
	redirect := appURL(iv.ApplicationID)
	if currentUser(c).Can(models.PermInterviewRead) {
		redirect = interviewURL(iv.ID)
	}
	return a.answer(c, result{body: toInterviewJSON(*iv, currentUser(c).Can(models.PermInterviewRead)),
		flash: "flash.interview_recorded", redirect: redirect})
}

// --- A recorded interview, and its correction

func (a *App) interviewPage(c echo.Context) error {
	id, err := pathID(c)
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
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return a.renderInterviewCorrection(c, id, nil)
}

func (a *App) renderInterviewCorrection(c echo.Context, id int64, f *form) error {
	v, err := a.store.Interviews.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	if f == nil {
		f = a.recordingForm(v)
	}
	loc := a.localizer(c)
	data := a.recordingData(c, f)
	if data["LeafletLanguages"], err = a.leafletLanguages(c.Request().Context(), loc.lang); err != nil {
		return err
	}
	data["Correction"] = v
	data["Action"] = interviewURL(id) + "/correct"
	return a.render(c, http.StatusOK, "interview_record", &view{Title: loc.T("interview.correct_title", "id", id), Form: f, Data: data})
}

// interviewCorrect is POST /interviews/:id/correct and POST
// /api/v1/interviews/:id/correction.
func (a *App) interviewCorrect(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req correctionRequest
	err = a.bind(c, &req)
	if err == nil && req.Action == "screen" {
		f := newForm()
		f.Values, _ = c.FormParams()
		return a.renderInterviewCorrection(c, id, f)
	}
	var iv *models.Interview
	if err == nil {
		iv, err = a.store.Interviews.Correct(c.Request().Context(), actor(c), id, req.recording(!isAPI(c.Request().URL.Path)), req.CorrectionReason)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderInterviewCorrection(c, id, f) })
	}
	if isAPI(c.Request().URL.Path) {
		return a.writeInterviewRecord(c, http.StatusCreated, iv.ID)
	}
	return a.answer(c, result{flash: "flash.interview_corrected", redirect: interviewURL(iv.ID)})
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
		set("checklist."+string(c.Item)+".answer", string(c.Answer))
		set("checklist."+string(c.Item)+".note", c.Note.Text)
	}
	for _, i := range v.Indicators {
		set("indicators."+i.Indicator.Code+".answer", string(i.Answer))
		set("indicators."+i.Indicator.Code+".note", i.Note.Text)
	}
	set("notes", v.Notes.Text)
	set("outcome", string(v.Outcome))
	if ref := v.Referral; ref != nil {
		set("referral.partner", string(ref.Partner))
		set("referral.date", day(ref.Date))
		set("referral.contact", ref.Contact)
		set("referral.reference", ref.Reference)
	}
	return f
}

// recordingData is what the recording form shows besides the values: the
// catalogues, and the screening signal and checklist prompts once there are
// answers.
func (a *App) recordingData(c echo.Context, f *form) map[string]any {
	loc := a.localizer(c)
	var req recordingRequest
	_ = a.bindValues(f.Values, &req) // a form that does not parse shows no signal yet
	rec := req.recording(true)
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
