package app

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// Missions: registered by clerks, closed on a day; their employers are
// listed on the mission's page.

func missionURL(id int64) string { return "/missions/" + strconv.FormatInt(id, 10) }

// missionRequest registers a mission.
type missionRequest struct {
	Name        string             `form:"name" json:"name"`
	Kind        models.MissionKind `form:"kind" json:"kind" max:"40"`
	CountryCode string             `form:"country_code" json:"country_code" max:"2"`
	Language    string             `form:"language" json:"language" max:"5"`
}

func (r missionRequest) mission() models.Mission {
	return models.Mission{Name: r.Name, Kind: r.Kind, CountryCode: r.CountryCode, Language: r.Language}
}

// Validate is the mission's own validation.
func (r missionRequest) Validate(time.Time) error {
	m := r.mission()
	m.Normalize()
	m.Status = models.MissionActive
	return m.Validate()
}

// closeMissionRequest closes a mission on a day, with a reason. Without
// confirm the answer is the consequence, and nothing changes.
type closeMissionRequest struct {
	ClosedOn time.Time `form:"closed_on" json:"closed_on"`
	Reason   string    `form:"reason" json:"reason" max:"1000" input:"multiline"`
	Confirm  bool      `form:"confirm" json:"confirm"`
}

// Validate requires the day and the reason.
func (r closeMissionRequest) Validate(time.Time) error {
	var v models.Validation
	if r.ClosedOn.IsZero() {
		v.Add("closed_on", "required", "Enter a date.")
	}
	v.Merge(models.ChangeRequest{Kind: models.ChangeUpdate, Reason: r.Reason}.Validate())
	return v.Err()
}

type missionJSON struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Kind        string    `json:"kind"`
	CountryCode string    `json:"country_code"`
	Status      string    `json:"status"`
	ClosedOn    *string   `json:"closed_on,omitempty"`
	Language    string    `json:"language"`
	CreatedAt   time.Time `json:"created_at"`
}

func toMissionJSON(m models.Mission) missionJSON {
	return missionJSON{ID: m.ID, Name: m.Name, Kind: string(m.Kind), CountryCode: m.CountryCode, Status: string(m.Status),
		ClosedOn: optionalDay(m.ClosedOn), Language: m.Language, CreatedAt: m.CreatedAt}
}

// missionList is GET /missions and GET /api/v1/missions.
func (a *App) missionList(c echo.Context) error {
	missions, err := a.store.Missions.List(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	if isAPI(c.Request().URL.Path) {
		out := make([]missionJSON, len(missions))
		for i, m := range missions {
			out[i] = toMissionJSON(m)
		}
		return c.JSON(http.StatusOK, map[string]any{"items": out})
	}
	return a.render(c, http.StatusOK, "missions", &view{Title: a.localizer(c).T("missions.title"), Data: missions})
}

func (a *App) missionNewPage(c echo.Context) error { return a.renderMissionForm(c, newForm()) }

func (a *App) renderMissionForm(c echo.Context, f *form) error {
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "mission_new", &view{Title: loc.T("missions.new"), Form: f,
		Data: map[string]any{"Kinds": options(loc, "mission_kind.", models.MissionKinds), "Languages": missionLanguageOptions(loc)}})
}

// missionCreate is POST /missions and POST /api/v1/missions.
func (a *App) missionCreate(c echo.Context) error {
	var req missionRequest
	err := a.bind(c, &req)
	m := req.mission()
	if err == nil {
		err = a.store.Missions.Create(c.Request().Context(), actor(c), &m)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderMissionForm(c, f) })
	}
	return a.answer(c, result{status: http.StatusCreated, body: toMissionJSON(m), location: v1 + "/missions/" + itoa64(m.ID),
		flash: "flash.mission_created", redirect: missionURL(m.ID)})
}

func (a *App) missionPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return a.renderMission(c, id, newForm())
}

func (a *App) renderMission(c echo.Context, id int64, f *form) error {
	ctx := c.Request().Context()
	m, err := a.store.Missions.Get(ctx, actor(c), id)
	if err != nil {
		return err
	}
	employers, err := a.store.Employers.List(ctx, actor(c), id)
	if err != nil {
		return err
	}
	vs, err := a.store.Records.Versions(ctx, actor(c), models.EntityMission, id)
	if err != nil {
		return err
	}
	if f != nil && f.Values != nil && f.Value("language") == "" {
		f.Values.Set("language", m.Language) // the language form shows the mission's
	}
	return a.render(c, http.StatusOK, "mission", &view{Title: m.Name, Form: f, Data: map[string]any{"Mission": m, "Employers": employers,
		"History": historyOf(vs, ""), "Languages": missionLanguageOptions(a.localizer(c)), "ChangeKinds": changeKinds(a.localizer(c))}})
}

// missionClose is POST /missions/:id/close and its API twin; the first post
// answers the consequence (a confirmation step on the page).
func (a *App) missionClose(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req closeMissionRequest
	if err = a.bind(c, &req); err == nil {
		err = a.store.Missions.Close(c.Request().Context(), actor(c), id, req.ClosedOn, req.Reason, req.Confirm)
	}
	if models.IsConfirmation(err) && !isAPI(c.Request().URL.Path) {
		return a.renderConfirm(c, err, "/missions/"+itoa64(id)+"/close", missionURL(id))
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderMission(c, id, f) })
	}
	m, err := a.store.Missions.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return a.answer(c, result{body: toMissionJSON(*m), flash: "flash.mission_closed", redirect: missionURL(id)})
}

// day and optionalDay write calendar days as the API sends them.
func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

func optionalDay(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := day(*t)
	return &s
}
