package app

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// Employer and mission views (interviewers and admins): the observations of
// all their workers, the alerts they raise, and the admins' restrictions
// ("no new private servants"). The store audits each view.

func employerViewURL(id int64) string {
	return "/employers/" + strconv.FormatInt(id, 10) + "/observations"
}

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
	out := restrictionJSON{ID: r.ID, EmployerID: r.EmployerID, Kind: string(r.Kind), Reason: r.Reason, From: day(r.From.UTC()),
		DecidedByID: r.DecidedByID, CreatedAt: r.CreatedAt, LiftedAt: r.LiftedAt, LiftReason: r.LiftReason, Active: r.ActiveNow(now)}
	if r.Until != nil {
		u := day(r.Until.UTC())
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

func (a *App) apiEmployerView(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	v, err := a.store.Alerts.Employer(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	loc, now := a.localizer(c), a.now()
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

func (a *App) apiMissionView(c echo.Context) error {
	id, err := pathID(c)
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

// alertList is GET /alerts and GET /api/v1/alerts.
func (a *App) alertList(c echo.Context) error {
	items, restrictions, err := a.store.Alerts.List(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	if !isAPI(c.Request().URL.Path) {
		texts := map[int64][]string{}
		for _, it := range items {
			texts[it.Employer.ID] = alertTexts(loc, it.Alert)
		}
		return a.render(c, http.StatusOK, "alerts", &view{Title: loc.T("alerts.title"),
			Data: map[string]any{"Items": items, "Texts": texts, "Restrictions": restrictions}})
	}
	now := a.now()
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

// alertTexts translates the reasons of an employer alert.
func alertTexts(loc *localizer, a models.EmployerAlert) []string {
	var out []string
	for _, r := range a.Reasons {
		out = append(out, loc.text("alert."+r.Code, r.Message, r.Args))
	}
	return out
}

func (a *App) employerViewPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return a.renderEmployerView(c, id, newForm(), "")
}

func (a *App) renderEmployerView(c echo.Context, id int64, f *form, section string) error {
	v, err := a.store.Alerts.Employer(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	if f.Value("from") == "" {
		f.Values.Set("from", a.now().Format(time.DateOnly))
	}
	if section != "" {
		f.Values.Set("_section", section)
	}
	return a.render(c, http.StatusOK, "employer_view", &view{Title: loc.T("employer_view.title", "name", v.Employer.FullName()), Form: f,
		Data: map[string]any{"V": v, "Alerts": alertTexts(loc, v.Alert)}})
}

func (a *App) missionViewPage(c echo.Context) error {
	id, err := pathID(c)
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

// restrictionRequest restricts the employer in the path: no new private
// servants, from a day, until a day or until lifted, with a reason (clerks
// read it).
type restrictionRequest struct {
	Reason string     `form:"reason" json:"reason" input:"multiline" max:"2000"`
	From   time.Time  `form:"from" json:"from"`
	Until  *time.Time `form:"until" json:"until"`
}

// restrictionCreate is POST /employers/:id/restrictions and its API twin.
func (a *App) restrictionCreate(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req restrictionRequest
	var res *store.Restriction
	if err = a.bind(c, &req); err == nil {
		res, err = a.store.Alerts.Restrict(c.Request().Context(), actor(c), models.EmployerRestriction{EmployerID: id,
			Kind: models.RestrictionNoNewPrivateServants, Reason: req.Reason, From: req.From, Until: req.Until})
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderEmployerView(c, id, f, "") })
	}
	return a.answer(c, result{status: http.StatusCreated, body: toRestrictionJSON(*res, a.now()), flash: "flash.employer_restricted",
		redirect: employerViewURL(id)})
}

// liftRequest lifts a restriction with a reason; the page names the employer
// to come back to.
type liftRequest struct {
	Reason     string `form:"reason" json:"reason" input:"multiline" max:"2000"`
	EmployerID int64  `form:"employer_id" json:"-"`
}

// restrictionLift is POST /restrictions/:id/lift and its API twin.
func (a *App) restrictionLift(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req liftRequest
	var res *store.Restriction
	if err = a.bind(c, &req); err == nil {
		res, err = a.store.Alerts.Lift(c.Request().Context(), actor(c), id, req.Reason)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			if req.EmployerID == 0 {
				return err
			}
			return a.renderEmployerView(c, req.EmployerID, f, "lift")
		})
	}
	return a.answer(c, result{body: toRestrictionJSON(*res, a.now()), flash: "flash.restriction_lifted", redirect: employerViewURL(res.EmployerID)})
}
