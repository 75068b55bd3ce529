package app

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// Applications: opened for an employment, documents attached, submitted
// (eligibility checked), interviewed, decided, then a card; every state
// change is an event of the application's history.

func appURL(id int64) string { return "/applications/" + strconv.FormatInt(id, 10) }

// applicationRequest opens an application for an employment; a renewal or a
// duplicate names the card it renews or replaces.
type applicationRequest struct {
	WorkerID       int64                  `form:"worker_id" json:"-"`
	Kind           models.ApplicationKind `form:"kind" json:"kind" max:"40"`
	EmploymentID   int64                  `form:"employment_id" json:"employment_id"`
	ReplacesCardID int64                  `form:"replaces_card_id" json:"replaces_card_id"`
}

func (r applicationRequest) replaces() *int64 {
	if r.ReplacesCardID == 0 {
		return nil
	}
	id := r.ReplacesCardID
	return &id
}

// closeRequest rejects (on the file) or withdraws (the mission withdrew the
// request) an application, with a reason.
type closeRequest struct {
	Action models.Action `form:"action" json:"action" max:"40"`
	Reason string        `form:"reason" json:"reason" input:"multiline" max:"2000"`
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
// interview content (models.VisibleEvent).
type applicationViewJSON struct {
	applicationJSON
	CapExceptionReason string                 `json:"cap_exception_reason,omitempty"`
	Worker             workerSummaryJSON      `json:"worker"`
	Employer           employerJSON           `json:"employer"`
	Employment         employmentJSON         `json:"employment"`
	Documents          []documentJSON         `json:"documents"`
	RemovedDocuments   []removedDocumentJSON  `json:"removed_documents"`
	MissingDocuments   []string               `json:"missing_documents"`
	Interviews         []interviewSummaryJSON `json:"interviews"`
	History            []historyEntryJSON     `json:"history"`
	Card               *cardJSON              `json:"card"`
	ReplacedCard       *cardJSON              `json:"replaced_card,omitempty"`
	AllowedActions     []string               `json:"allowed_actions"`
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

// historyEntryJSON is one line of the history; action is the label this
// reader may see.
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
		Worker: toWorkerSummaryJSON(v.Worker), Employer: employerViewJSON(v.Employer),
		Employment: toEmploymentJSON(v.Employment), Documents: []documentJSON{}, RemovedDocuments: []removedDocumentJSON{}, MissingDocuments: []string{},
		Interviews: []interviewSummaryJSON{}, History: []historyEntryJSON{}, AllowedActions: []string{},
	}
	for _, d := range v.Documents {
		out.Documents = append(out.Documents, toDocumentJSON(d))
	}
	for _, d := range v.RemovedDocuments {
		out.RemovedDocuments = append(out.RemovedDocuments, toRemovedDocumentJSON(d))
	}
	for _, k := range v.Missing {
		out.MissingDocuments = append(out.MissingDocuments, string(k))
	}
	for _, iv := range v.Interviews {
		out.Interviews = append(out.Interviews, interviewSummaryJSON{ID: iv.ID, ScheduledAt: iv.ScheduledAt, Room: iv.Room,
			InterviewerID: iv.InterviewerID, InterviewerName: iv.InterviewerName, HeldAt: iv.HeldAt, State: string(iv.State), Current: iv.Current})
	}
	for _, h := range v.History {
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

// applicationsQuery filters the list.
type applicationsQuery struct {
	Status models.ApplicationStatus `form:"status" json:"status" max:"40"`
	Page   int                      `form:"page" json:"page"`
	// After is the previous page's next (a keyset page, issue 14); Limit
	// the page's size (the API's; the page shows 25).
	After string `form:"after" json:"after" max:"2000"`
	Limit int    `form:"limit" json:"limit"`
	applicationFilterQuery
}

// Validate bounds the page and reads the cursor.
func (q applicationsQuery) Validate(time.Time) error {
	var v models.Validation
	if q.Limit < 0 || q.Limit > store.MaxKeysetPage {
		v.Add("limit", "out_of_range", "Give a number from {{.min}} to {{.max}}.", map[string]any{"min": 1, "max": store.MaxKeysetPage})
	}
	if _, ok := parseApplicationCursor(q.After); !ok {
		v.Add("after", "invalid", "Use the next cursor of the previous page.")
	}
	if q.Page > 0 && q.After != "" {
		v.Add("after", "invalid", "Use either a page number or the next cursor, not both.")
	}
	return v.Err()
}

// applicationList is GET /applications.
func (a *App) applicationList(c echo.Context) error {
	var q applicationsQuery
	if err := a.query(c, &q); err != nil {
		return err
	}
	if err := q.Validate(a.now()); err != nil {
		return err
	}
	if models.StatusesMatching(actor(c), q.Status) == nil {
		q.Status = ""
	}
	filter := store.ApplicationFilter{Status: q.Status, ListFilter: q.listFilter(a.cfg.Location)}
	var (
		items []store.ApplicationListItem
		total int64
		nav   map[string]any
		err   error
	)
	if q.Page > 0 {
		// A numbered page, as links made before keyset pages still ask.
		page := min(q.Page, store.MaxPage(pageSize)) // the count stops at store.CountCap
		filter.Page = store.Page{Number: page, Size: pageSize}
		if items, total, err = a.store.Applications.List(c.Request().Context(), actor(c), filter); err != nil {
			return err
		}
		if isAPI(c.Request().URL.Path) {
			return c.JSON(http.StatusOK, applicationPageJSON(items, total, pageSize, ""))
		}
		nav = map[string]any{"Pager": newPager(c, a.localizer(c), page, pageSize, total)}
	} else {
		after, _ := parseApplicationCursor(q.After)
		limit := pageSize
		if isAPI(c.Request().URL.Path) && q.Limit > 0 {
			limit = q.Limit
		}
		p, err := a.store.Applications.ListPage(c.Request().Context(), actor(c), filter, after, limit)
		if err != nil {
			return err
		}
		items, total = p.Items, p.Total
		next := applicationCursor(p.Next)
		if isAPI(c.Request().URL.Path) {
			return c.JSON(http.StatusOK, applicationPageJSON(p.Items, p.Total, limit, next))
		}
		nav = map[string]any{"Keyset": newKeysetPager(c, a.localizer(c), next)}
	}
	choices, err := a.store.Queues.Choices(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	if q.EmployerID > 0 && !slices.ContainsFunc(choices.Employers, func(f store.FilterChoice) bool { return f.ID == q.EmployerID }) {
		// The employer filtered by, past the first choices: offered too.
		if e, err := a.store.Employers.Get(c.Request().Context(), actor(c), q.EmployerID); err == nil {
			choices.Employers = append([]store.FilterChoice{{ID: e.ID, Name: e.FullName() + " — " + e.Mission.Name}}, choices.Employers...)
		}
	}
	loc := a.localizer(c)
	f := newForm()
	f.Values.Set("status", string(q.Status))
	q.values(f.Values)
	data := map[string]any{
		"Items": items, "Total": countText(loc, total),
		"Statuses": options(loc, "app_status.", models.VisibleStatuses(actor(c))), "Queue": q.Queue,
		"Employers": choiceOptions(choices.Employers), "EmployersMore": choices.EmployersMore, "EmployerChoices": store.MaxEmployerChoices, "Missions": choiceOptions(choices.Missions), "Interviewers": choiceOptions(choices.Interviewers)}
	for k, v := range nav {
		data[k] = v
	}
	return a.render(c, http.StatusOK, "applications", &view{Title: loc.T("applications.title"), Form: f, Data: data})
}

// applicationOpen is POST /applications (from the worker's page) and POST
// /api/v1/applications.
func (a *App) applicationOpen(c echo.Context) error {
	var req applicationRequest
	err := a.bind(c, &req)
	var app *models.Application
	if err == nil {
		app, err = a.store.Applications.Open(c.Request().Context(), actor(c), req.Kind, req.EmploymentID, req.replaces())
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			if req.WorkerID == 0 {
				return err
			}
			return a.renderWorker(c, req.WorkerID, f, "application")
		})
	}
	return a.answer(c, result{status: http.StatusCreated, body: toApplicationJSON(*app), location: v1 + appURL(app.ID),
		flash: "flash.application_opened", redirect: appURL(app.ID)})
}

// apiApplication is GET /api/v1/applications/:id.
func (a *App) apiApplication(c echo.Context) error {
	id, err := pathID(c)
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

func (a *App) applicationPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return a.renderApplication(c, id, "", newForm())
}

// renderApplication shows the application page; section names the form that
// failed, which gets f with the user's values and the messages. What the
// page offers is the store view's Offer (models.OfferFor).
func (a *App) renderApplication(c echo.Context, id int64, section string, f *form) error {
	ctx := c.Request().Context()
	v, err := a.store.Applications.Get(ctx, actor(c), id)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	data := map[string]any{"App": v, "Offer": v.Offer,
		"DocKinds":  options(loc, "doc.", models.RequiredDocuments(v.Kind)),
		"IDKinds":   options(loc, "idkind.", models.IdentityDocumentKinds),
		"HoldKinds": options(loc, "hold_decision.", models.HoldDecisionKinds)}
	if v.Offer.IssueRefusal != nil {
		data["IssueRefusal"] = loc.errorText(v.Offer.IssueRefusal)
	}
	data["Tasks"] = a.taskViews(loc, v)
	if err := a.calendarData(c, v, data); err != nil { // calendar.go
		return err
	}
	if err := a.letterData(c, v, data); err != nil { // letters.go
		return err
	}
	if err := a.cardProductionData(c, v, data); err != nil { // card_production.go
		return err
	}
	if v.Offer.Schedule || v.Offer.Reschedule {
		ivs, err := a.store.Users.Interviewers(ctx, actor(c))
		if err != nil {
			return err
		}
		var opts []option
		for _, iv := range ivs {
			opts = append(opts, option{Value: itoa64(iv.ID), Label: iv.Name})
		}
		data["Interviewers"] = opts
	}
	if section == "" {
		f = newForm()
	}
	return a.render(c, http.StatusOK, "application", &view{Title: loc.T("application.title", "id", id), Form: f, Section: section, Data: data})
}

// applicationAction runs one state change of the application in the path:
// the page comes back with the refusal next to the form that asked for it
// (section), the API answers with the application as it now is.
func (a *App) applicationAction(c echo.Context, section string, req any, do func(id int64) error) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if req != nil {
		err = a.bind(c, req)
	}
	if err == nil {
		err = do(id)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderApplication(c, id, section, f) })
	}
	if isAPI(c.Request().URL.Path) {
		return a.writeApplication(c, http.StatusOK, id)
	}
	return a.answer(c, result{flash: "flash." + section + "_done", redirect: appURL(id)})
}

// applicationSubmit is POST /applications/:id/submit and its API twin.
func (a *App) applicationSubmit(c echo.Context) error {
	return a.applicationAction(c, "submit", nil, func(id int64) error {
		return a.store.Applications.Submit(c.Request().Context(), actor(c), id)
	})
}

// applicationClose is POST /applications/:id/close.
func (a *App) applicationClose(c echo.Context) error {
	var req closeRequest
	return a.applicationAction(c, "close", &req, func(id int64) error {
		return a.store.Applications.Close(c.Request().Context(), actor(c), id, req.Action, req.Reason)
	})
}

// capException is POST /applications/:id/cap-exception (admins).
func (a *App) capException(c echo.Context) error {
	var req reasonRequest
	return a.applicationAction(c, "exception", &req, func(id int64) error {
		return a.store.Applications.GrantCapException(c.Request().Context(), actor(c), id, req.Reason)
	})
}
