package app

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// registerCardAPIRoutes: the JSON API of the card lifecycle (issue 3). Each
// handler decodes the request into its own JSON type, calls one store
// service (which checks the permission again and every rule inside its
// transaction) and answers with JSON types of this file: models types carry
// no JSON tags and are never encoded directly.
func (a *App) registerCardAPIRoutes(e *echo.Echo) {
	const v1 = "/api/v1"
	// Records.
	a.handle(e, http.MethodPost, v1+"/missions", models.PermMissionManage, a.apiCreateMission)
	a.handle(e, http.MethodGet, v1+"/missions", models.PermWorkerRead, a.apiMissions)
	a.handle(e, http.MethodPost, v1+"/employers", models.PermEmployerManage, a.apiCreateEmployer)
	a.handle(e, http.MethodGet, v1+"/employers", models.PermWorkerRead, a.apiEmployers)
	a.handle(e, http.MethodPost, v1+"/workers", models.PermWorkerManage, a.apiCreateWorker)
	a.handle(e, http.MethodGet, v1+"/workers", models.PermWorkerRead, a.apiWorkers)
	a.handle(e, http.MethodGet, v1+"/workers/:id", models.PermWorkerRead, a.apiWorker)
	a.handle(e, http.MethodPost, v1+"/workers/:id/employments", models.PermWorkerManage, a.apiCreateEmployment)

	// Applications, documents and the interview.
	a.handle(e, http.MethodPost, v1+"/applications", models.PermApplicationCreate, a.apiOpenApplication)
	a.handle(e, http.MethodGet, v1+"/applications/:id", models.PermApplicationRead, a.apiApplication)
	a.handle(e, http.MethodPost, v1+"/applications/:id/documents", models.PermApplicationCreate, a.apiAttachDocument)
	a.handle(e, http.MethodPost, v1+"/applications/:id/submit", models.PermApplicationSubmit, a.apiSubmitApplication)
	a.handle(e, http.MethodPost, v1+"/applications/:id/interviews", models.PermInterviewSchedule, a.apiScheduleInterview)
	a.handle(e, http.MethodPost, v1+"/interviews/:id/record", models.PermInterviewRecord, a.apiRecordInterview)

	// Cards.
	a.handle(e, http.MethodPost, v1+"/applications/:id/issue", models.PermCardIssue, a.apiIssueCard)
	a.handle(e, http.MethodPost, v1+"/cards/:id/collect", models.PermCardIssue, a.apiCollectCard)
	a.handle(e, http.MethodGet, v1+"/cards", models.PermCardRead, a.apiRenewalsDue)
	a.handle(e, http.MethodGet, v1+"/cards/:id", models.PermCardRead, a.apiCard)
	a.handle(e, http.MethodPost, v1+"/cards/:id/renewal", models.PermApplicationCreate, a.apiOpenRenewal)
}

// --- Dates and numbers in requests

// Dates travel as strings and are parsed here rather than by encoding/json,
// so a malformed one is reported on its own field.

// dayField parses a date-only field ("YYYY-MM-DD"); empty gives the zero
// time, which the domain's validators report as required where it is.
func apiDayField(v *models.Validation, field, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		v.Add(field, "invalid_date", "Use the form YYYY-MM-DD.")
	}
	return t
}

// optionalDayField parses an optional date-only field; empty gives nil.
func apiOptionalDayField(v *models.Validation, field, s string) *time.Time {
	if t := apiDayField(v, field, s); !t.IsZero() {
		return &t
	}
	return nil
}

// instantField parses an RFC 3339 date and time with its offset.
func apiInstantField(v *models.Validation, field, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		v.Add(field, "invalid_datetime", "Use an RFC 3339 date and time with its offset, such as 2026-03-02T09:30:00+01:00.")
	}
	return t
}

// queryInt reads an optional integer query parameter within [lo, hi].
func apiQueryInt(c echo.Context, v *models.Validation, name string, lo, hi int) int {
	s := c.QueryParam(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		v.Add(name, "wrong_type", "Give a whole number.")
	case n < lo || n > hi:
		v.Add(name, "out_of_range", "Give a number from {{.min}} to {{.max}}.", map[string]any{"min": lo, "max": hi})
	}
	return n
}

func apiDay(t time.Time) string { return t.Format(time.DateOnly) }

func apiOptionalDay(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := apiDay(*t)
	return &s
}

func apiCreated(c echo.Context, location string, v any) error {
	if location != "" {
		c.Response().Header().Set(echo.HeaderLocation, location)
	}
	return c.JSON(http.StatusCreated, v)
}

func apiPath(prefix string, id int64) string { return prefix + strconv.FormatInt(id, 10) }

// --- Missions

type newMissionJSON struct {
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	CountryCode string `json:"country_code"`
}

type missionJSON struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Kind        string    `json:"kind"`
	CountryCode string    `json:"country_code"`
	Status      string    `json:"status"`
	ClosedOn    *string   `json:"closed_on,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

func toMissionJSON(m models.Mission) missionJSON {
	return missionJSON{ID: m.ID, Name: m.Name, Kind: string(m.Kind), CountryCode: m.CountryCode, Status: string(m.Status),
		ClosedOn: apiOptionalDay(m.ClosedOn), CreatedAt: m.CreatedAt}
}

func (a *App) apiCreateMission(c echo.Context) error {
	var in newMissionJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	m := models.Mission{Name: in.Name, Kind: models.MissionKind(in.Kind), CountryCode: in.CountryCode}
	if err := a.store.Missions.Create(c.Request().Context(), actor(c), &m); err != nil {
		return err
	}
	return apiCreated(c, "", toMissionJSON(m))
}

func (a *App) apiMissions(c echo.Context) error {
	list, err := a.store.Missions.List(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	out := make([]missionJSON, len(list))
	for i, m := range list {
		out[i] = toMissionJSON(m)
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out})
}

// --- Employers

type newEmployerJSON struct {
	MissionID                int64  `json:"mission_id"`
	FamilyName               string `json:"family_name"`
	GivenNames               string `json:"given_names"`
	Title                    string `json:"title"`
	HeadOfMission            bool   `json:"head_of_mission"`
	EntitledToPrivateServant bool   `json:"entitled_to_private_servant"`
	PostingEndsOn            string `json:"posting_ends_on"`
}

type employerJSON struct {
	ID                       int64     `json:"id"`
	MissionID                int64     `json:"mission_id"`
	MissionName              string    `json:"mission_name,omitempty"`
	FamilyName               string    `json:"family_name"`
	GivenNames               string    `json:"given_names"`
	Title                    string    `json:"title"`
	HeadOfMission            bool      `json:"head_of_mission"`
	EntitledToPrivateServant bool      `json:"entitled_to_private_servant"`
	PostingEndsOn            *string   `json:"posting_ends_on,omitempty"`
	CreatedAt                time.Time `json:"created_at"`
}

func toEmployerJSON(e models.Employer, missionName string) employerJSON {
	return employerJSON{ID: e.ID, MissionID: e.MissionID, MissionName: missionName, FamilyName: e.FamilyName,
		GivenNames: e.GivenNames, Title: e.Title, HeadOfMission: e.HeadOfMission,
		EntitledToPrivateServant: e.EntitledToPrivateServant, PostingEndsOn: apiOptionalDay(e.PostingEndsOn), CreatedAt: e.CreatedAt}
}

func (a *App) apiCreateEmployer(c echo.Context) error {
	var in newEmployerJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v models.Validation
	emp := models.Employer{MissionID: in.MissionID, FamilyName: in.FamilyName, GivenNames: in.GivenNames, Title: in.Title,
		HeadOfMission: in.HeadOfMission, EntitledToPrivateServant: in.EntitledToPrivateServant,
		PostingEndsOn: apiOptionalDayField(&v, "posting_ends_on", in.PostingEndsOn)}
	if err := v.Err(); err != nil {
		return err
	}
	if err := a.store.Employers.Create(c.Request().Context(), actor(c), &emp); err != nil {
		return err
	}
	return apiCreated(c, "", toEmployerJSON(emp, ""))
}

func (a *App) apiEmployers(c echo.Context) error {
	var v models.Validation
	missionID := apiQueryInt(c, &v, "mission_id", 1, 1<<31-1)
	if err := v.Err(); err != nil {
		return err
	}
	list, err := a.store.Employers.List(c.Request().Context(), actor(c), int64(missionID))
	if err != nil {
		return err
	}
	out := make([]employerJSON, len(list))
	for i, e := range list {
		out[i] = toEmployerJSON(e.Employer, e.Mission.Name)
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out})
}

// --- Workers

type newWorkerJSON struct {
	FamilyName        string   `json:"family_name"`
	GivenNames        string   `json:"given_names"`
	DateOfBirth       string   `json:"date_of_birth"`
	Sex               string   `json:"sex"`
	Nationality       string   `json:"nationality"`
	PassportNumber    string   `json:"passport_number"`
	PassportExpiresOn string   `json:"passport_expires_on"`
	Languages         []string `json:"languages"`
	Phone             string   `json:"phone"`
	IBAN              string   `json:"iban"`
	AccountInSoleName bool     `json:"account_in_sole_name"`
	ResidenceStatus   string   `json:"residence_status"`
}

type workerJSON struct {
	ID                int64     `json:"id"`
	FamilyName        string    `json:"family_name"`
	GivenNames        string    `json:"given_names"`
	DateOfBirth       string    `json:"date_of_birth"`
	Sex               string    `json:"sex"`
	Nationality       string    `json:"nationality"`
	PassportNumber    string    `json:"passport_number"`
	PassportExpiresOn string    `json:"passport_expires_on"`
	Languages         []string  `json:"languages"`
	Phone             string    `json:"phone"`
	IBAN              string    `json:"iban"`
	AccountInSoleName bool      `json:"account_in_sole_name"`
	ResidenceStatus   string    `json:"residence_status"`
	CreatedAt         time.Time `json:"created_at"`
}

func toWorkerJSON(w models.Worker) workerJSON {
	langs := []string{}
	if w.Languages != "" {
		langs = strings.Split(w.Languages, ",")
	}
	return workerJSON{ID: w.ID, FamilyName: w.FamilyName, GivenNames: w.GivenNames, DateOfBirth: apiDay(w.DateOfBirth),
		Sex: string(w.Sex), Nationality: w.Nationality, PassportNumber: w.PassportNumber,
		PassportExpiresOn: apiDay(w.PassportExpiresOn), Languages: langs, Phone: w.Phone, IBAN: w.IBAN,
		AccountInSoleName: w.AccountInSoleName, ResidenceStatus: string(w.ResidenceStatus), CreatedAt: w.CreatedAt}
}

// workerDetailJSON is a worker with the employments, newest first.
type workerDetailJSON struct {
	workerJSON
	Employments []employmentJSON `json:"employments"`
}

// workerSummaryJSON is a worker as lists and applications name them.
type workerSummaryJSON struct {
	ID             int64  `json:"id"`
	FamilyName     string `json:"family_name"`
	GivenNames     string `json:"given_names"`
	DateOfBirth    string `json:"date_of_birth"`
	Nationality    string `json:"nationality"`
	PassportNumber string `json:"passport_number"`
}

func toWorkerSummaryJSON(w models.Worker) workerSummaryJSON {
	return workerSummaryJSON{ID: w.ID, FamilyName: w.FamilyName, GivenNames: w.GivenNames,
		DateOfBirth: apiDay(w.DateOfBirth), Nationality: w.Nationality, PassportNumber: w.PassportNumber}
}

// workerHitJSON is one search result: the worker, the latest card and the
// employer of the latest employment.
type workerHitJSON struct {
	workerSummaryJSON
	CardNumber string `json:"card_number,omitempty"`
	Employer   string `json:"employer,omitempty"`
	Mission    string `json:"mission,omitempty"`
}

// duplicateWorkerProblem extends the problem document of a refused
// duplicate with the record the client should use instead.
type duplicateWorkerProblem struct {
	Problem
	Existing existingRecordJSON `json:"existing"`
}

type existingRecordJSON struct {
	ID   int64  `json:"id"`
	Href string `json:"href"`
}

func (a *App) apiCreateWorker(c echo.Context) error {
	var in newWorkerJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v models.Validation
	w := models.Worker{FamilyName: in.FamilyName, GivenNames: in.GivenNames, DateOfBirth: apiDayField(&v, "date_of_birth", in.DateOfBirth),
		Sex: models.Sex(in.Sex), Nationality: in.Nationality, PassportNumber: in.PassportNumber,
		PassportExpiresOn: apiDayField(&v, "passport_expires_on", in.PassportExpiresOn), Languages: strings.Join(in.Languages, ","),
		Phone: in.Phone, IBAN: in.IBAN, AccountInSoleName: in.AccountInSoleName, ResidenceStatus: models.ResidenceStatus(in.ResidenceStatus)}
	if err := v.Err(); err != nil {
		return err
	}
	err := a.store.Workers.Create(c.Request().Context(), actor(c), &w)
	var de *models.Error
	if errors.As(err, &de) && de.Code == models.CodeDuplicateWorker {
		if id, ok := de.Args["worker_id"].(int64); ok {
			status := statusOf[de.Kind]
			p := duplicateWorkerProblem{Problem: a.problemOf(c, status, de),
				Existing: existingRecordJSON{ID: id, Href: apiPath("/api/v1/workers/", id)}}
			c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
			c.Response().WriteHeader(status)
			return jsonEncode(c.Response(), p)
		}
	}
	if err != nil {
		return err
	}
	return apiCreated(c, apiPath("/api/v1/workers/", w.ID), toWorkerJSON(w))
}

// apiPageSize is the default page size of paginated lists.
const apiPageSize = 25

func (a *App) apiWorkers(c echo.Context) error {
	var v models.Validation
	page := max(apiQueryInt(c, &v, "page", 1, 1<<31-1), 1)
	size := apiQueryInt(c, &v, "page_size", 1, 200)
	if size == 0 {
		size = apiPageSize
	}
	if err := v.Err(); err != nil {
		return err
	}
	hits, total, err := a.store.Workers.Search(c.Request().Context(), actor(c), c.QueryParam("q"), store.Page{Number: page, Size: size})
	if err != nil {
		return err
	}
	items := make([]workerHitJSON, len(hits))
	for i, h := range hits {
		items[i] = workerHitJSON{workerSummaryJSON: toWorkerSummaryJSON(h.Worker), CardNumber: h.CardNumber, Employer: h.Employer, Mission: h.Mission}
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "total": total, "page": page, "page_size": size})
}

func (a *App) apiWorker(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	ctx, act := c.Request().Context(), actor(c)
	w, err := a.store.Workers.Get(ctx, act, id)
	if err != nil {
		return err
	}
	jobs, err := a.store.Employments.OfWorker(ctx, act, id)
	if err != nil {
		return err
	}
	out := workerDetailJSON{workerJSON: toWorkerJSON(*w), Employments: make([]employmentJSON, len(jobs))}
	for i, j := range jobs {
		out.Employments[i] = toEmploymentJSON(j.Employment)
		emp := toEmployerJSON(j.Employer.Employer, j.Employer.Mission.Name)
		out.Employments[i].Employer = &emp
	}
	return c.JSON(http.StatusOK, out)
}

// --- Employments

type newEmploymentJSON struct {
	EmployerID  int64   `json:"employer_id"`
	StartsOn    string  `json:"starts_on"`
	EndsOn      string  `json:"ends_on"`
	JobCategory string  `json:"job_category"`
	WeeklyHours float64 `json:"weekly_hours"`
	LiveIn      bool    `json:"live_in"`
}

type employmentJSON struct {
	ID          int64         `json:"id"`
	WorkerID    int64         `json:"worker_id"`
	EmployerID  int64         `json:"employer_id"`
	Employer    *employerJSON `json:"employer,omitempty"`
	StartsOn    string        `json:"starts_on"`
	EndsOn      *string       `json:"ends_on,omitempty"`
	JobCategory string        `json:"job_category"`
	WeeklyHours float64       `json:"weekly_hours"`
	LiveIn      bool          `json:"live_in"`
	CreatedAt   time.Time     `json:"created_at"`
}

func toEmploymentJSON(e models.Employment) employmentJSON {
	return employmentJSON{ID: e.ID, WorkerID: e.WorkerID, EmployerID: e.EmployerID, StartsOn: apiDay(e.StartsOn),
		EndsOn: apiOptionalDay(e.EndsOn), JobCategory: string(e.JobCategory), WeeklyHours: e.WeeklyHours, LiveIn: e.LiveIn,
		CreatedAt: e.CreatedAt}
}

func (a *App) apiCreateEmployment(c echo.Context) error {
	workerID, err := parseID(c, "id")
	if err != nil {
		return err
	}
	var in newEmploymentJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v models.Validation
	job := models.Employment{WorkerID: workerID, EmployerID: in.EmployerID, StartsOn: apiDayField(&v, "starts_on", in.StartsOn),
		EndsOn: apiOptionalDayField(&v, "ends_on", in.EndsOn), JobCategory: models.JobCategory(in.JobCategory),
		WeeklyHours: in.WeeklyHours, LiveIn: in.LiveIn}
	if err := v.Err(); err != nil {
		return err
	}
	if err := a.store.Employments.Create(c.Request().Context(), actor(c), &job); err != nil {
		// The worker is the path's record: a missing one is a 404, not a field.
		if fe, ok := apiFieldError(err, "worker_id"); ok && fe.Code == "required" {
			return models.Fail(models.KindNotFound, "not_found", "No such record.")
		}
		return err
	}
	return apiCreated(c, "", toEmploymentJSON(job))
}

func apiFieldError(err error, field string) (models.FieldError, bool) {
	var de *models.Error
	if !errors.As(err, &de) {
		return models.FieldError{}, false
	}
	return de.Field(field)
}

// --- Applications

type newApplicationJSON struct {
	Kind           string `json:"kind"`
	EmploymentID   int64  `json:"employment_id"`
	ReplacesCardID *int64 `json:"replaces_card_id"`
}

type applicationJSON struct {
	ID             int64     `json:"id"`
	Kind           string    `json:"kind"`
	Status         string    `json:"status"`
	WorkerID       int64     `json:"worker_id"`
	EmployerID     int64     `json:"employer_id"`
	EmploymentID   int64     `json:"employment_id"`
	ReplacesCardID *int64    `json:"replaces_card_id,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

func toApplicationJSON(app models.Application) applicationJSON {
	return applicationJSON{ID: app.ID, Kind: string(app.Kind), Status: string(app.Status), WorkerID: app.WorkerID,
		EmployerID: app.EmployerID, EmploymentID: app.EmploymentID, ReplacesCardID: app.ReplacesCardID,
		CreatedAt: app.CreatedAt, UpdatedAt: app.UpdatedAt}
}

// applicationViewJSON is an application as its reader may see it. Like the
// store's view it never carries an interview's outcome: interviews are
// summarised by state, and history labels are masked for readers without
// interview.read.
type applicationViewJSON struct {
	applicationJSON
	CapExceptionReason string                 `json:"cap_exception_reason,omitempty"`
	Worker             workerSummaryJSON      `json:"worker"`
	Employer           employerJSON           `json:"employer"`
	Employment         employmentJSON         `json:"employment"`
	Documents          []documentJSON         `json:"documents"`
	MissingDocuments   []string               `json:"missing_documents"`
	Interviews         []interviewSummaryJSON `json:"interviews"`
	History            []historyEntryJSON     `json:"history"`
	Card               *cardJSON              `json:"card"`
	ReplacedCard       *cardJSON              `json:"replaced_card,omitempty"`
	AllowedActions     []string               `json:"allowed_actions"`
}

type documentJSON struct {
	ID            int64     `json:"id"`
	ApplicationID int64     `json:"application_id"`
	Kind          string    `json:"kind"`
	FileName      string    `json:"file_name"`
	ContentType   string    `json:"content_type"`
	SizeBytes     int64     `json:"size_bytes"`
	SHA256        string    `json:"sha256"`
	UploadedByID  int64     `json:"uploaded_by_id"`
	CreatedAt     time.Time `json:"created_at"`
}

func toDocumentJSON(d models.Document) documentJSON {
	return documentJSON{ID: d.ID, ApplicationID: d.ApplicationID, Kind: string(d.Kind), FileName: d.FileName,
		ContentType: d.ContentType, SizeBytes: d.SizeBytes, SHA256: d.SHA256, UploadedByID: d.UploadedByID, CreatedAt: d.CreatedAt}
}

type interviewSummaryJSON struct {
	ID              int64      `json:"id"`
	ScheduledAt     time.Time  `json:"scheduled_at"`
	Room            string     `json:"room"`
	InterviewerID   int64      `json:"interviewer_id"`
	InterviewerName string     `json:"interviewer_name"`
	HeldAt          *time.Time `json:"held_at,omitempty"`
	State           string     `json:"state"`
	Current         bool       `json:"current"`
}

// historyEntryJSON is one line of the history. Action is the store's label:
// the action itself, or for readers without interview.read, interview_on_hold
// and closed_after_hold in place of the outcomes that reveal content.
type historyEntryJSON struct {
	Seq       int       `json:"seq"`
	Action    string    `json:"action"`
	ActorName string    `json:"actor_name"`
	At        time.Time `json:"at"`
	Reason    string    `json:"reason,omitempty"`
}

func toApplicationViewJSON(v *store.ApplicationView) applicationViewJSON {
	out := applicationViewJSON{
		applicationJSON: toApplicationJSON(v.Application), CapExceptionReason: v.CapExceptionReason,
		Worker: toWorkerSummaryJSON(v.Worker), Employer: toEmployerJSON(v.Employer.Employer, v.Employer.Mission.Name),
		Employment: toEmploymentJSON(v.Employment), Documents: []documentJSON{}, MissingDocuments: []string{},
		Interviews: []interviewSummaryJSON{}, History: []historyEntryJSON{}, AllowedActions: []string{},
	}
	for _, d := range v.Documents {
		out.Documents = append(out.Documents, toDocumentJSON(d))
	}
	for _, k := range v.Missing {
		out.MissingDocuments = append(out.MissingDocuments, string(k))
	}
	for _, iv := range v.Interviews {
		out.Interviews = append(out.Interviews, interviewSummaryJSON{ID: iv.ID, ScheduledAt: iv.ScheduledAt, Room: iv.Room,
			InterviewerID: iv.InterviewerID, InterviewerName: iv.InterviewerName, HeldAt: iv.HeldAt, State: string(iv.State), Current: iv.Current})
	}
	for _, h := range v.History {
		// Label, never Action: the label is what this reader may see.
		out.History = append(out.History, historyEntryJSON{Seq: h.Seq, Action: h.Label, ActorName: h.ActorName, At: h.At, Reason: h.Reason})
	}
	if v.Card != nil {
		c := toCardJSON(*v.Card)
		out.Card = &c
	}
	if v.ReplacedCard != nil {
		c := toCardJSON(*v.ReplacedCard)
		out.ReplacedCard = &c
	}
	for _, act := range v.Allowed {
		out.AllowedActions = append(out.AllowedActions, string(act))
	}
	return out
}

func (a *App) apiOpenApplication(c echo.Context) error {
	var in newApplicationJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	app, err := a.store.Applications.Open(c.Request().Context(), actor(c), models.ApplicationKind(in.Kind), in.EmploymentID, in.ReplacesCardID)
	if err != nil {
		return err
	}
	return apiCreated(c, apiPath("/api/v1/applications/", app.ID), toApplicationJSON(*app))
}

func (a *App) apiApplication(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	return a.writeApplication(c, http.StatusOK, id)
}

// writeApplication answers with the application as the caller may see it.
func (a *App) writeApplication(c echo.Context, status int, id int64) error {
	v, err := a.store.Applications.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(status, toApplicationViewJSON(v))
}

// apiAttachDocument takes a multipart upload (fields kind and file). It reads
// one byte past the limit, so the domain refuses an oversize file by what was
// actually read rather than by a declared size.
func (a *App) apiAttachDocument(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		var he *echo.HTTPError
		switch {
		case errors.As(err, &he): // the body is over the server's limit
			return err
		case errors.Is(err, http.ErrNotMultipart):
			return models.Fail(models.KindInvalid, "unsupported_media_type", "Send the document as multipart/form-data with the fields kind and file.")
		case errors.Is(err, http.ErrMissingFile):
			var v models.Validation
			v.Add("file", "required", "Choose the file to attach.")
			return v.Err()
		}
		return models.Fail(models.KindInvalid, "bad_request", "The request could not be read.")
	}
	file, err := fh.Open()
	if err != nil {
		return err
	}
	defer file.Close()
	content, err := io.ReadAll(io.LimitReader(file, a.store.Settings().MaxUploadBytes+1))
	if err != nil {
		return err
	}
	doc, err := a.store.Applications.AttachDocument(c.Request().Context(), actor(c), id, models.DocumentKind(c.FormValue("kind")), fh.Filename, content)
	if err != nil {
		return err
	}
	return apiCreated(c, "", toDocumentJSON(*doc))
}

func (a *App) apiSubmitApplication(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	if err := a.store.Applications.Submit(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return a.writeApplication(c, http.StatusOK, id)
}

// --- Interviews

type scheduleInterviewJSON struct {
	ScheduledAt   string `json:"scheduled_at"`
	InterviewerID int64  `json:"interviewer_id"`
	Room          string `json:"room"`
	// Interpreter, when one is booked (api_interviews.go).
	Interpreter *interpreterJSON `json:"interpreter,omitempty"`
}

// recordInterviewJSON (api_interviews.go) is the full record an interviewer sends.

// interviewJSON is an interview as its scheduler or its interviewer sees it;
// the outcome only for callers with interview.read.
type interviewJSON struct {
	ID             int64      `json:"id"`
	ApplicationID  int64      `json:"application_id"`
	InterviewerID  int64      `json:"interviewer_id"`
	ScheduledAt    time.Time  `json:"scheduled_at"`
	Room           string     `json:"room"`
	HeldAt         *time.Time `json:"held_at,omitempty"`
	RecordedAt     *time.Time `json:"recorded_at,omitempty"`
	EmployerAbsent *bool      `json:"employer_absent,omitempty"`
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

func (a *App) apiScheduleInterview(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	var in scheduleInterviewJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v models.Validation
	at := apiInstantField(&v, "scheduled_at", in.ScheduledAt)
	if err := v.Err(); err != nil {
		return err
	}
	b := models.InterviewBooking{InterviewerID: in.InterviewerID, At: at, Room: in.Room}
	if i := in.Interpreter; i != nil {
		b.Interpreter = &models.Interpreter{Language: i.Language, NameOrService: i.NameOrService, LinkedToEmployerOrMission: i.LinkedToEmployerOrMission}
	}
	iv, err := a.store.Interviews.Book(c.Request().Context(), actor(c), id, b)
	if err != nil {
		return err
	}
	return apiCreated(c, "", toInterviewJSON(*iv, false))
}

// apiRecordInterview: api_interviews.go.

// --- Cards

type cardJSON struct {
	ID                        int64      `json:"id"`
	Number                    string     `json:"number"`
	Status                    string     `json:"status"`
	ApplicationID             int64      `json:"application_id"`
	WorkerID                  int64      `json:"worker_id"`
	EmployerID                int64      `json:"employer_id"`
	ReplacesCardID            *int64     `json:"replaces_card_id,omitempty"`
	IssuedAt                  time.Time  `json:"issued_at"`
	IssuedByID                int64      `json:"issued_by_id"`
	ExpiresOn                 string     `json:"expires_on"`
	CollectedAt               *time.Time `json:"collected_at,omitempty"`
	CollectedByClerkID        *int64     `json:"collected_by_clerk_id,omitempty"`
	IdentityDocumentKind      string     `json:"identity_document_kind,omitempty"`
	IdentityDocumentNumber    string     `json:"identity_document_number,omitempty"`
	CollectedByWorkerInPerson bool       `json:"collected_by_worker_in_person"`
	StatusChangedAt           *time.Time `json:"status_changed_at,omitempty"`
	StatusReason              string     `json:"status_reason,omitempty"`
}

func toCardJSON(c models.Card) cardJSON {
	return cardJSON{ID: c.ID, Number: c.Number, Status: string(c.Status), ApplicationID: c.ApplicationID, WorkerID: c.WorkerID,
		EmployerID: c.EmployerID, ReplacesCardID: c.ReplacesCardID, IssuedAt: c.IssuedAt, IssuedByID: c.IssuedByID,
		ExpiresOn: apiDay(c.ExpiresOn), CollectedAt: c.CollectedAt, CollectedByClerkID: c.CollectedByClerkID,
		IdentityDocumentKind: string(c.IdentityDocumentKind), IdentityDocumentNumber: c.IdentityDocumentNumber,
		CollectedByWorkerInPerson: c.CollectedByWorkerInPerson, StatusChangedAt: c.StatusChangedAt, StatusReason: c.StatusReason}
}

// cardViewJSON is a card with the names a list shows; due_reason only in the
// renewals-due list.
type cardViewJSON struct {
	cardJSON
	WorkerName   string `json:"worker_name"`
	EmployerName string `json:"employer_name"`
	MissionName  string `json:"mission_name"`
	EmploymentID int64  `json:"employment_id"`
	DueReason    string `json:"due_reason,omitempty"`
}

func toCardViewJSON(v store.CardView) cardViewJSON {
	return cardViewJSON{cardJSON: toCardJSON(v.Card), WorkerName: v.WorkerName, EmployerName: v.EmployerName,
		MissionName: v.MissionName, EmploymentID: v.EmploymentID, DueReason: string(v.DueReason)}
}

type collectCardJSON struct {
	IdentityDocumentKind   string `json:"identity_document_kind"`
	IdentityDocumentNumber string `json:"identity_document_number"`
	HandedToWorkerInPerson bool   `json:"handed_to_worker_in_person"`
}

func (a *App) apiIssueCard(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	card, err := a.store.Cards.Issue(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return apiCreated(c, apiPath("/api/v1/cards/", card.ID), toCardJSON(*card))
}

func (a *App) apiCollectCard(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	var in collectCardJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	card, err := a.store.Cards.Collect(c.Request().Context(), actor(c), id, models.Collection{
		IdentityDocumentKind: models.IdentityDocumentKind(in.IdentityDocumentKind), IdentityDocumentNumber: in.IdentityDocumentNumber,
		HandedToWorkerInPerson: in.HandedToWorkerInPerson})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCardJSON(*card))
}

// apiRenewalsDue lists the cards expiring within expiring_within_days (the
// setting when absent) and the expired cards with no renewal.
func (a *App) apiRenewalsDue(c echo.Context) error {
	var v models.Validation
	days := apiQueryInt(c, &v, "expiring_within_days", 1, 3660)
	if err := v.Err(); err != nil {
		return err
	}
	if days == 0 {
		days = a.store.Settings().RenewalWindowDays
	}
	cards, err := a.store.Cards.RenewalsDue(c.Request().Context(), actor(c), days)
	if err != nil {
		return err
	}
	items := make([]cardViewJSON, len(cards))
	for i, cv := range cards {
		items[i] = toCardViewJSON(cv)
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "expiring_within_days": days})
}

func (a *App) apiCard(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	cv, err := a.store.Cards.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCardViewJSON(*cv))
}

func (a *App) apiOpenRenewal(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	app, err := a.store.Cards.OpenRenewal(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return apiCreated(c, apiPath("/api/v1/applications/", app.ID), toApplicationJSON(*app))
}
