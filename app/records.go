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

// Records that change (issue 9): a worker, an employer, a mission or an
// employment is corrected or updated by a new version with who, when and
// why; the record's page shows the history. The API posts a version to
// /versions (or an action: reopen, end, terms) and reads the history there.

// changeRequest is what every change carries: whether it corrects a mistake
// or records a change, and why.
type changeRequest struct {
	ChangeKind models.ChangeKind `form:"change_kind" json:"change_kind" max:"20"`
	Reason     string            `form:"reason" json:"reason" max:"1000" input:"multiline"`
}

func (r changeRequest) change() models.ChangeRequest {
	return models.ChangeRequest{Kind: r.ChangeKind, Reason: r.Reason}
}

// workerChangeRequest is the worker's values after the change.
type workerChangeRequest struct {
	workerRequest
	changeRequest
}

// Validate checks the new values and the change together.
func (r workerChangeRequest) Validate(now time.Time) error {
	var v models.Validation
	w := r.worker() // a revision, not an entry: the store checks its dates against the record (models.ReviseWorker)
	w.Normalize()
	v.Merge(w.Validate(models.CalendarDay(now)))
	v.Merge(r.change().Validate())
	return v.Err()
}

// employerChangeRequest is the employer's values after the change; the
// mission is the record's own.
type employerChangeRequest struct {
	FamilyName               string     `form:"family_name" json:"family_name"`
	GivenNames               string     `form:"given_names" json:"given_names"`
	Title                    string     `form:"title" json:"title" max:"100"`
	HeadOfMission            bool       `form:"head_of_mission" json:"head_of_mission"`
	EntitledToPrivateServant bool       `form:"entitled_to_private_servant" json:"entitled_to_private_servant"`
	PostingEndsOn            *time.Time `form:"posting_ends_on" json:"posting_ends_on"`
	changeRequest
}

func (r employerChangeRequest) employer() models.Employer {
	return models.Employer{FamilyName: r.FamilyName, GivenNames: r.GivenNames, Title: r.Title, HeadOfMission: r.HeadOfMission,
		EntitledToPrivateServant: r.EntitledToPrivateServant, PostingEndsOn: r.PostingEndsOn}
}

// Validate checks the new values and the change together.
func (r employerChangeRequest) Validate(time.Time) error {
	var v models.Validation
	e := r.employer()
	e.MissionID = 1 // the record's own, checked by the store
	e.Normalize()
	v.Merge(e.Validate())
	v.Merge(r.change().Validate())
	return v.Err()
}

// reopenRequest reopens a mission closed by mistake, with the reason.
type reopenRequest struct {
	Reason string `form:"reason" json:"reason" max:"1000" input:"multiline"`
}

// Validate requires the reason.
func (r reopenRequest) Validate(time.Time) error {
	return models.ChangeRequest{Kind: models.ChangeCorrection, Reason: r.Reason}.Validate()
}

// versionJSON is one change of a record.
type versionJSON struct {
	Version     int                  `json:"version"`
	Kind        string               `json:"kind"`
	Action      string               `json:"action"`
	Reason      string               `json:"reason"`
	Changes     []models.FieldChange `json:"changes"`
	EffectiveOn *string              `json:"effective_on,omitempty"`
	ChangedByID int64                `json:"changed_by_id,omitempty"`
	ChangedBy   string               `json:"changed_by"`
	ChangedAt   time.Time            `json:"changed_at"`
}

func toVersionsJSON(vs []models.RecordVersion) map[string]any {
	out := make([]versionJSON, len(vs))
	for i, v := range vs {
		out[i] = versionJSON{Version: v.Version, Kind: string(v.Kind), Action: v.Action, Reason: v.Reason, Changes: v.Changes,
			EffectiveOn: optionalDay(v.EffectiveOn), ChangedByID: v.ChangedByID, ChangedBy: v.ChangedBy, ChangedAt: v.ChangedAt}
	}
	return map[string]any{"items": out}
}

// versionList answers GET /api/v1/<records>/:id/versions for entity, after
// checking that the record exists.
func (a *App) versionList(entity models.RecordEntity) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		ctx, act := c.Request().Context(), actor(c)
		switch entity {
		case models.EntityWorker:
			_, err = a.store.Workers.Get(ctx, act, id)
		case models.EntityEmployer:
			_, err = a.store.Employers.Get(ctx, act, id)
		case models.EntityMission:
			_, err = a.store.Missions.Get(ctx, act, id)
		case models.EntityEmployment:
			_, err = a.store.Records.Employment(ctx, act, id)
		}
		if err != nil {
			return err
		}
		vs, err := a.store.Records.Versions(ctx, act, entity, id)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, toVersionsJSON(vs))
	}
}

// historyLine is one change as the record's page lists it.
type historyLine struct {
	models.RecordVersion
	What string // the record the change is of, on pages listing several
}

// changeKinds are the options of the change kind.
func changeKinds(loc *localizer) []option { return options(loc, "change_kind.", models.ChangeKinds) }

// workerChange is POST /workers/:id/versions and its API twin: a corrected or
// updated worker, checked again against every other worker for duplicates.
func (a *App) workerChange(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req workerChangeRequest
	err = a.bind(c, &req)
	var w *models.Worker
	if err == nil {
		w, err = a.store.Records.UpdateWorker(c.Request().Context(), actor(c), id, req.worker(), req.change())
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			if dup, ok := toDomain(err).Args["worker_id"].(int64); ok && models.ErrorCode(err) == models.CodeDuplicateWorker {
				f.Values.Set("_duplicate_of", itoa64(dup))
			}
			return a.renderWorker(c, id, f, "edit")
		})
	}
	return a.answer(c, result{body: toWorkerJSON(*w), flash: "flash.worker_changed", redirect: workerURL(id)})
}

// workerFormValues are the worker's values as the change form starts with.
func workerFormValues(f *form, w models.Worker) {
	set := func(k, v string) {
		if _, typed := f.Values[k]; !typed {
			f.Values.Set(k, v)
		}
	}
	for _, fld := range w.RecordFields() {
		switch {
		case fld.Value == "true":
			set(fld.Name, "yes")
		case fld.Value == "false":
		case fld.Name == "iban":
			set(fld.Name, models.FormatIBAN(w.IBAN))
		case fld.Name == "languages":
			set(fld.Name, strings.ReplaceAll(w.Languages, ",", ", "))
		default:
			set(fld.Name, fld.Value)
		}
	}
}

func employerURL(id int64) string { return "/employers/" + itoa64(id) }

// employerPage is GET /employers/:id: the employer's record, the form that
// corrects or updates it, and its history.
func (a *App) employerPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return a.renderEmployer(c, id, newForm())
}

func (a *App) renderEmployer(c echo.Context, id int64, f *form) error {
	ctx, act := c.Request().Context(), actor(c)
	e, err := a.store.Employers.Get(ctx, act, id)
	if err != nil {
		return err
	}
	vs, err := a.store.Records.Versions(ctx, act, models.EntityEmployer, id)
	if err != nil {
		return err
	}
	if len(f.Values) == 0 {
		for _, fld := range e.RecordFields() {
			switch fld.Value {
			case "true":
				f.Values.Set(fld.Name, "yes")
			case "false":
			default:
				f.Values.Set(fld.Name, fld.Value)
			}
		}
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "employer", &view{Title: e.FullName(), Form: f, Data: map[string]any{
		"Employer": e, "History": historyOf(vs, ""), "ChangeKinds": changeKinds(loc)}})
}

// employerChange is POST /employers/:id/versions and its API twin.
func (a *App) employerChange(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req employerChangeRequest
	err = a.bind(c, &req)
	var e *models.Employer
	if err == nil {
		e, err = a.store.Records.UpdateEmployer(c.Request().Context(), actor(c), id, req.employer(), req.change())
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderEmployer(c, id, f) })
	}
	return a.answer(c, result{body: toEmployerJSON(*e, ""), flash: "flash.employer_changed", redirect: employerURL(id)})
}

// missionReopen is POST /missions/:id/reopen and its API twin: a mission
// closed by mistake is active again; the closing stays in its history.
func (a *App) missionReopen(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req reopenRequest
	var m *models.Mission
	if err = a.bind(c, &req); err == nil {
		m, err = a.store.Records.ReopenMission(c.Request().Context(), actor(c), id, req.Reason)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderMission(c, id, f) })
	}
	return a.answer(c, result{body: toMissionJSON(*m), flash: "flash.mission_reopened", redirect: missionURL(id)})
}

func employmentURL(id int64, action string) string {
	return "/employments/" + itoa64(id) + "/" + action
}

// endEmploymentRequest ends an employment on its last day. Without confirm
// the answer is the consequence, and nothing changes.
type endEmploymentRequest struct {
	EndsOn time.Time `form:"ends_on" json:"ends_on"`
	changeRequest
	Confirm bool `form:"confirm" json:"confirm"`
}

// Validate requires the day and the reason; the kind defaults to an update.
func (r endEmploymentRequest) Validate(time.Time) error {
	var v models.Validation
	if r.EndsOn.IsZero() {
		v.Add("ends_on", "required", "Enter the last day of the employment.")
	}
	v.Merge(r.change().Validate())
	return v.Err()
}

func (r endEmploymentRequest) change() models.ChangeRequest {
	ch := r.changeRequest.change()
	if ch.Kind == "" {
		ch.Kind = models.ChangeUpdate
	}
	return ch
}

// termsRequest changes an employment's weekly hours and category from a day.
type termsRequest struct {
	EffectiveOn time.Time          `form:"effective_on" json:"effective_on"`
	WeeklyHours float64            `form:"weekly_hours" json:"weekly_hours"`
	JobCategory models.JobCategory `form:"job_category" json:"job_category" max:"40"`
	changeRequest
}

// Validate checks the terms and the change.
func (r termsRequest) Validate(time.Time) error {
	var v models.Validation
	if r.EffectiveOn.IsZero() {
		v.Add("effective_on", "required", "Enter the day the new terms apply from.")
	}
	v.Merge(r.change().Validate())
	return v.Err()
}

func (r termsRequest) change() models.ChangeRequest {
	ch := r.changeRequest.change()
	if ch.Kind == "" {
		ch.Kind = models.ChangeUpdate
	}
	return ch
}

// employmentActionPage is GET /employments/:id/end and /terms: the form of
// the action, with the employment it changes.
func (a *App) employmentActionPage(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		return a.renderEmploymentAction(c, id, action, newForm())
	}
}

func (a *App) renderEmploymentAction(c echo.Context, id int64, action string, f *form) error {
	ctx, act := c.Request().Context(), actor(c)
	job, err := a.store.Records.Employment(ctx, act, id)
	if err != nil {
		return err
	}
	w, err := a.store.Workers.Get(ctx, act, job.WorkerID)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	if len(f.Values) == 0 {
		f.Values.Set("change_kind", string(models.ChangeUpdate))
		if action == "terms" {
			f.Values.Set("weekly_hours", itoaHours(job.WeeklyHours))
			f.Values.Set("job_category", string(job.JobCategory))
		} else if job.EndsOn != nil {
			f.Values.Set("ends_on", day(*job.EndsOn))
		}
	}
	title := loc.T("records.employment_end")
	if action == "terms" {
		title = loc.T("records.employment_terms")
	}
	return a.render(c, http.StatusOK, "employment_change", &view{Title: title, Form: f, Data: map[string]any{
		"Job": job, "Worker": w, "Action": action, "ChangeKinds": changeKinds(loc),
		"Categories": options(loc, "job.", models.JobCategories)}})
}

func itoaHours(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }

// employmentEnd is POST /employments/:id/end and its API twin. A first post
// without confirm answers the consequence: the page shows it on a
// confirmation step, the API as a problem with the figures in args.
func (a *App) employmentEnd(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req endEmploymentRequest
	var job *models.Employment
	if err = a.bind(c, &req); err == nil {
		job, err = a.store.Records.EndEmployment(c.Request().Context(), actor(c), id, req.EndsOn, req.change(), req.Confirm)
	}
	if err != nil {
		if models.IsConfirmation(err) && !isAPI(c.Request().URL.Path) {
			return a.renderConfirm(c, err, employmentURL(id, "end"), employmentURL(id, "end"))
		}
		return a.refuse(c, err, func(f *form) error { return a.renderEmploymentAction(c, id, "end", f) })
	}
	return a.answer(c, result{body: toEmploymentJSON(*job), flash: "flash.employment_ended", redirect: workerURL(job.WorkerID)})
}

// employmentTerms is POST /employments/:id/terms and its API twin.
func (a *App) employmentTerms(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req termsRequest
	var job *models.Employment
	if err = a.bind(c, &req); err == nil {
		job, err = a.store.Records.ChangeEmploymentTerms(c.Request().Context(), actor(c), id, req.EffectiveOn, req.WeeklyHours,
			req.JobCategory, req.change())
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderEmploymentAction(c, id, "terms", f) })
	}
	return a.answer(c, result{body: toEmploymentJSON(*job), flash: "flash.employment_terms_changed", redirect: workerURL(job.WorkerID)})
}

// renderConfirm is the second step of an irreversible action: the
// consequence in the reader's language, the values sent (kept as hidden
// fields) and a button that sends them again with confirm; back returns to
// the form.
func (a *App) renderConfirm(c echo.Context, err error, action, back string) error {
	vals, _ := c.FormParams()
	var hidden []option
	for k, vs := range vals {
		if k == "_csrf" || k == "confirm" {
			continue
		}
		for _, v := range vs {
			hidden = append(hidden, option{Value: v, Label: k})
		}
	}
	slices.SortFunc(hidden, func(x, y option) int { return strings.Compare(x.Label, y.Label) })
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "confirm", &view{Title: loc.T("records.confirm_title"), Data: map[string]any{
		"Consequence": loc.errorText(toDomain(err)), "Action": action, "Back": back, "Hidden": hidden}})
}

// historyOf turns versions into the lines a page lists, newest first.
func historyOf(vs []models.RecordVersion, what string) []historyLine {
	out := make([]historyLine, len(vs))
	for i, v := range vs {
		out[len(vs)-1-i] = historyLine{RecordVersion: v, What: what}
	}
	return out
}

// workerRecordHistory is the history the worker's page lists: the worker's
// versions and those of the worker's employments, newest first.
func (a *App) workerRecordHistory(c echo.Context, w models.Worker, jobs []store.EmploymentView) ([]historyLine, error) {
	ctx, act := c.Request().Context(), actor(c)
	vs, err := a.store.Records.Versions(ctx, act, models.EntityWorker, w.ID)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(jobs))
	names := map[int64]string{}
	for i, j := range jobs {
		ids[i], names[j.ID] = j.ID, j.Employer.FullName()+" ("+day(j.StartsOn)+")"
	}
	jvs, err := a.store.Records.VersionsOf(ctx, act, models.EntityEmployment, ids)
	if err != nil {
		return nil, err
	}
	loc := a.localizer(c)
	var out []historyLine
	for _, v := range vs {
		out = append(out, historyLine{RecordVersion: v, What: loc.T("records.what_worker")})
	}
	for _, v := range jvs {
		out = append(out, historyLine{RecordVersion: v, What: loc.T("records.what_employment", "employment", names[v.EntityID])})
	}
	slices.SortStableFunc(out, func(x, y historyLine) int { return y.ChangedAt.Compare(x.ChangedAt) })
	return out, nil
}

// removalRequest takes a document out of its application's file.
type removalRequest struct {
	Reason string `form:"reason" json:"reason" max:"1000" input:"multiline"`
}

// Validate requires the reason.
func (r removalRequest) Validate(time.Time) error {
	return models.ChangeRequest{Kind: models.ChangeCorrection, Reason: r.Reason}.Validate()
}

// removedDocumentJSON is a document taken out of the file, with why.
type removedDocumentJSON struct {
	documentJSON
	Reason      string    `json:"reason"`
	RemovedByID int64     `json:"removed_by_id,omitempty"`
	RemovedBy   string    `json:"removed_by"`
	RemovedAt   time.Time `json:"removed_at"`
}

func toRemovedDocumentJSON(d store.RemovedDocument) removedDocumentJSON {
	return removedDocumentJSON{documentJSON: toDocumentJSON(d.Document), Reason: d.Removal.Reason, RemovedByID: d.Removal.RemovedByID,
		RemovedBy: d.Removal.RemovedBy, RemovedAt: d.Removal.RemovedAt}
}

// documentRemove is POST /documents/:id/removal and its API twin: a
// document attached by mistake leaves the file of an application not yet
// decided; it stays stored and listed, with the reason, for the audit.
func (a *App) documentRemove(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req removalRequest
	var r *models.DocumentRemoval
	if err = a.bind(c, &req); err == nil {
		r, err = a.store.Records.RemoveDocument(c.Request().Context(), actor(c), id, req.Reason)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			appID, aerr := a.store.Records.DocumentApplication(c.Request().Context(), actor(c), id)
			if aerr != nil {
				return aerr
			}
			f.Values.Set("_document", itoa64(id))
			return a.renderApplication(c, appID, "removal", f)
		})
	}
	return a.answer(c, result{body: map[string]any{"document_id": r.DocumentID, "application_id": r.ApplicationID, "reason": r.Reason,
		"removed_by": r.RemovedBy, "removed_at": r.RemovedAt}, flash: "flash.document_removed", redirect: appURL(r.ApplicationID)})
}

// publishRequest publishes a salary scale version once its consequence was
// read.
type publishRequest struct {
	Confirm bool `form:"confirm" json:"confirm"`
}

// earlierServiceRequest records a period served before Carddesk. The names
// differ from an employment's so both forms can sit on the worker's page.
type earlierServiceRequest struct {
	ServedFrom  time.Time `form:"served_from" json:"served_from"`
	ServedUntil time.Time `form:"served_until" json:"served_until"`
	Evidence    string    `form:"evidence" json:"evidence" max:"500"`
}

func (r earlierServiceRequest) period() models.EarlierService {
	return models.EarlierService{StartsOn: r.ServedFrom, EndsOn: r.ServedUntil, Source: r.Evidence}
}

// Validate is the period's own validation, with the request's names.
func (r earlierServiceRequest) Validate(now time.Time) error {
	e := r.period()
	e.Normalize()
	var v models.Validation
	if err, ok := e.Validate(models.CalendarDay(now)).(*models.Error); ok {
		rename := map[string]string{"starts_on": "served_from", "ends_on": "served_until", "source": "evidence"}
		for _, f := range err.Fields {
			if n, ok := rename[f.Field]; ok {
				f.Field = n
			}
			v.Add(f.Field, f.Code, f.Message, f.Args)
		}
	}
	return v.Err()
}

type earlierServiceJSON struct {
	ID               int64      `json:"id"`
	WorkerID         int64      `json:"worker_id"`
	ServedFrom       string     `json:"served_from"`
	ServedUntil      string     `json:"served_until"`
	Days             int        `json:"days"`
	Evidence         string     `json:"evidence"`
	Counts           bool       `json:"counts"`
	RecordedBy       string     `json:"recorded_by"`
	RecordedAt       time.Time  `json:"recorded_at"`
	WithdrawnAt      *time.Time `json:"withdrawn_at,omitempty"`
	WithdrawnBy      string     `json:"withdrawn_by,omitempty"`
	WithdrawalReason string     `json:"withdrawal_reason,omitempty"`
}

func toEarlierServiceJSON(e models.EarlierService) earlierServiceJSON {
	return earlierServiceJSON{ID: e.ID, WorkerID: e.WorkerID, ServedFrom: day(e.StartsOn), ServedUntil: day(e.EndsOn), Days: e.Period().Days(),
		Evidence: e.Source, Counts: e.Counts(), RecordedBy: e.RecordedBy, RecordedAt: e.RecordedAt, WithdrawnAt: e.WithdrawnAt,
		WithdrawnBy: e.WithdrawnBy, WithdrawalReason: e.WithdrawalReason}
}

// earlierServiceRecord is POST /workers/:id/earlier-service and its API twin.
func (a *App) earlierServiceRecord(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req earlierServiceRequest
	e := models.EarlierService{}
	if err = a.bind(c, &req); err == nil {
		e = req.period()
		err = a.store.Records.RecordEarlierService(c.Request().Context(), actor(c), id, &e)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderWorker(c, id, f, "service") })
	}
	return a.answer(c, result{status: http.StatusCreated, body: toEarlierServiceJSON(e), flash: "flash.earlier_service_recorded", redirect: workerURL(id)})
}

// earlierServiceList is GET /api/v1/workers/:id/earlier-service: the periods
// and the days the cap counts.
func (a *App) earlierServiceList(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx, act := c.Request().Context(), actor(c)
	if _, err := a.store.Workers.Get(ctx, act, id); err != nil {
		return err
	}
	list, err := a.store.Records.EarlierService(ctx, act, id)
	if err != nil {
		return err
	}
	days, capDays, err := a.store.Records.ServiceDays(ctx, act, id)
	if err != nil {
		return err
	}
	items := make([]earlierServiceJSON, len(list))
	for i, e := range list {
		items[i] = toEarlierServiceJSON(e)
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "counted_days": days, "cap_days": capDays})
}

// withdrawalRequest withdraws an earlier period recorded by mistake.
type withdrawalRequest struct {
	Reason string `form:"reason" json:"reason" max:"1000" input:"multiline"`
}

// Validate requires the reason.
func (r withdrawalRequest) Validate(time.Time) error {
	return models.ChangeRequest{Kind: models.ChangeCorrection, Reason: r.Reason}.Validate()
}

// earlierServiceWithdraw is POST /earlier-service/:id/withdrawal and its API
// twin.
func (a *App) earlierServiceWithdraw(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req withdrawalRequest
	var e *models.EarlierService
	if err = a.bind(c, &req); err == nil {
		e, err = a.store.Records.WithdrawEarlierService(c.Request().Context(), actor(c), id, req.Reason)
	}
	if err != nil {
		return a.refuse(c, err, nil)
	}
	return a.answer(c, result{body: toEarlierServiceJSON(*e), flash: "flash.earlier_service_withdrawn", redirect: workerURL(e.WorkerID)})
}

// workerServiceData is the worker page's section on service before
// Carddesk: the periods and the days the cap counts.
func (a *App) workerServiceData(c echo.Context, workerID int64) (map[string]any, error) {
	ctx, act := c.Request().Context(), actor(c)
	list, err := a.store.Records.EarlierService(ctx, act, workerID)
	if err != nil {
		return nil, err
	}
	days, capDays, err := a.store.Records.ServiceDays(ctx, act, workerID)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Periods": list, "Days": days, "CapDays": capDays, "CapYears": a.store.Settings().MaxCumulativeYears}, nil
}

// languageNames names comma-separated ISO 639 codes in lang, in the order
// recorded (the worker's best language first).
func languageNames(codes, lang string) string {
	if codes == "" {
		return ""
	}
	parts := strings.Split(codes, ",")
	for i, c := range parts {
		parts[i] = models.LanguageDisplayName(c, lang)
	}
	return strings.Join(parts, ", ")
}

// countryOptions is the list of countries a form offers, by name in the
// page's language.
func countryOptions(loc *localizer) []option {
	list := models.Countries(loc.lang)
	out := make([]option, len(list))
	for i, c := range list {
		out[i] = option{Value: c.Code, Label: c.Name}
	}
	return out
}

// languageSlot is one of the form's choices of language, best first.
type languageSlot struct{ ID, Label, Selected string }

// languageForm is what the worker forms need to offer the languages from a
// list, named in the reader's language, in the worker's order: one select
// per language recorded (at least three), and the options.
func languageForm(f *form, loc *localizer) (slots []languageSlot, opts []option) {
	codes := strings.Split(models.NormalizeLanguages(strings.Join(f.Values["languages"], ",")), ",")
	if codes[0] == "" {
		codes = nil
	}
	known := map[string]bool{}
	for _, l := range models.LanguageChoices(loc.lang) {
		opts = append(opts, option{Value: l.Code, Label: l.Name})
		known[l.Code] = true
	}
	for _, c := range codes {
		if !known[c] { // a code recorded before the list (ISO 639-3, say) stays choosable
			opts = append(opts, option{Value: c, Label: models.LanguageDisplayName(c, loc.lang)})
			known[c] = true
		}
	}
	for i := 0; i < max(3, len(codes)); i++ {
		s := languageSlot{ID: "languages", Label: loc.T("records.language_best")}
		if i > 0 {
			s.ID, s.Label = "languages_"+strconv.Itoa(i+1), loc.T("records.language_also")
		}
		if i < len(codes) {
			s.Selected = codes[i]
		}
		slots = append(slots, s)
	}
	return slots, opts
}
