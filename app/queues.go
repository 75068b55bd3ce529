package app

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// Work queues (issue 13): what waits for each member of staff, counted on the
// home page and in GET /api/v1/queues, each count linking to the list it
// counts.

// Message id prefixes of the queues and of each role's group of them.
const (
	queueMsg      = "queue."
	queueTitleMsg = "queues.title_"
)

// queueItem is a queue as the home page and the API show it.
type queueItem struct {
	Queue string `json:"queue"`
	Role  string `json:"role"`
	Label string `json:"label"`
	Count int64  `json:"count"`
	Href  string `json:"href"`
}

// queueGroup is one role's queues on the home page.
type queueGroup struct {
	Role  string
	Title string
	Items []queueItem
}

// queueHref is the list a queue's count opens.
func queueHref(q models.QueueDef) string {
	if q.OnApplications {
		return "/applications?" + url.Values{"queue": {string(q.Queue)}}.Encode()
	}
	switch q.Queue {
	case models.QueueRenewalsDue:
		return "/cards/due"
	case models.QueueAlerts:
		return "/alerts"
	case models.QueueReferralsDue:
		return "/referrals/due"
	case models.QueueScalesStale:
		return "/scales"
	case models.QueueAccountsToReview:
		return "/queues/accounts"
	}
	return "/"
}

// queues counts the reader's queues.
func (a *App) queues(c echo.Context) ([]queueItem, error) {
	counts, err := a.store.Queues.Counts(c.Request().Context(), actor(c), a.cfg.Location)
	if err != nil {
		return nil, err
	}
	loc := a.localizer(c)
	out := make([]queueItem, len(counts))
	for i, q := range counts {
		out[i] = queueItem{Queue: string(q.Queue), Role: string(q.Role), Label: loc.T(queueMsg + string(q.Queue)), Count: q.Count, Href: queueHref(q.QueueDef)}
	}
	return out, nil
}

// homeQueues groups the reader's queues by role for the home page; a
// failure leaves the home page without them (and is logged).
func (a *App) homeQueues(c echo.Context) []queueGroup {
	items, err := a.queues(c)
	if err != nil {
		a.log.Error("queue counts", "request_id", requestID(c), "error", err.Error())
		return nil
	}
	loc := a.localizer(c)
	var groups []queueGroup
	for _, it := range items {
		if len(groups) == 0 || groups[len(groups)-1].Role != it.Role {
			groups = append(groups, queueGroup{Role: it.Role, Title: loc.T(queueTitleMsg + it.Role)})
		}
		g := &groups[len(groups)-1]
		g.Items = append(g.Items, it)
	}
	return groups
}

// queueList is GET /api/v1/queues.
func (a *App) queueList(c echo.Context) error {
	items, err := a.queues(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"queues": items})
}

// accountsToReview is GET /queues/accounts: the accounts an admin should
// review (deactivate, or let be).
func (a *App) accountsToReview(c echo.Context) error {
	users, err := a.store.Queues.AccountsToReview(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "queue_accounts", &view{Title: loc.T("queue.accounts_to_review"),
		Data: map[string]any{"Users": users, "Days": models.AccountReviewDays}})
}

// applicationFilterQuery is the applications list's filters beyond status.
type applicationFilterQuery struct {
	Queue         models.Queue `form:"queue" json:"queue" max:"40"`
	Worker        string       `form:"worker" json:"worker" max:"200"`
	EmployerID    int64        `form:"employer_id" json:"employer_id"`
	MissionID     int64        `form:"mission_id" json:"mission_id"`
	InterviewerID int64        `form:"interviewer_id" json:"interviewer_id"`
	From          *time.Time   `form:"from" json:"from"`
	To            *time.Time   `form:"to" json:"to"`
}

// listFilter turns the query into the store's filter. The days are
// calendar days of the Directorate's time zone.
func (q applicationFilterQuery) listFilter(loc *time.Location) store.ListFilter {
	day := func(d *time.Time) *time.Time {
		if d == nil {
			return nil
		}
		t := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
		return &t
	}
	return store.ListFilter{Queue: q.Queue, WorkerName: q.Worker, EmployerID: q.EmployerID, MissionID: q.MissionID,
		InterviewerID: q.InterviewerID, From: day(q.From), To: day(q.To), Location: loc}
}

// values writes the filters back into the form shown above the list.
func (q applicationFilterQuery) values(v url.Values) {
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	id := func(n int64) string {
		if n <= 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	set("queue", string(q.Queue))
	set("worker", q.Worker)
	set("employer_id", id(q.EmployerID))
	set("mission_id", id(q.MissionID))
	set("interviewer_id", id(q.InterviewerID))
	if q.From != nil {
		set("from", q.From.Format(time.DateOnly))
	}
	if q.To != nil {
		set("to", q.To.Format(time.DateOnly))
	}
}

// choiceOptions turns filter choices into a select's options.
func choiceOptions(cs []store.FilterChoice) []option {
	out := make([]option, len(cs))
	for i, ch := range cs {
		out[i] = option{Value: strconv.FormatInt(ch.ID, 10), Label: ch.Name}
	}
	return out
}

// forbiddenText says who may do what a refusal of permission refused, by
// role name in the reader's language, instead of the permission's code
// ("the permission hold.decide" reached users, issue 13).
func (l *localizer) forbiddenText(e *models.Error) (string, bool) {
	perm, ok := e.Args["perm"].(string)
	if e.Code != "forbidden" || !ok {
		return "", false
	}
	var names []string
	for _, r := range models.Roles {
		if models.RoleHas(r, models.Permission(perm)) {
			names = append(names, l.T("role."+string(r)))
		}
	}
	if len(names) == 0 {
		return "", false
	}
	return l.T("queues.forbidden_roles", "roles", strings.Join(names, ", ")), true
}
