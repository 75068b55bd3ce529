package app

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// Employers: members of a mission, registered by clerks.

// employerRequest registers an employer.
type employerRequest struct {
	MissionID                int64      `form:"mission_id" json:"mission_id"`
	FamilyName               string     `form:"family_name" json:"family_name"`
	GivenNames               string     `form:"given_names" json:"given_names"`
	Title                    string     `form:"title" json:"title" max:"100"`
	HeadOfMission            bool       `form:"head_of_mission" json:"head_of_mission"`
	EntitledToPrivateServant bool       `form:"entitled_to_private_servant" json:"entitled_to_private_servant"`
	PostingEndsOn            *time.Time `form:"posting_ends_on" json:"posting_ends_on"`
}

func (r employerRequest) employer() models.Employer {
	return models.Employer{MissionID: r.MissionID, FamilyName: r.FamilyName, GivenNames: r.GivenNames, Title: r.Title,
		HeadOfMission: r.HeadOfMission, EntitledToPrivateServant: r.EntitledToPrivateServant, PostingEndsOn: r.PostingEndsOn}
}

// Validate is the employer's own validation, on the day: a posting already
// ended is refused at registration.
func (r employerRequest) Validate(now time.Time) error {
	e := r.employer()
	e.Normalize()
	return e.ValidateEntry(models.CalendarDay(now))
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
		EntitledToPrivateServant: e.EntitledToPrivateServant, PostingEndsOn: optionalDay(e.PostingEndsOn), CreatedAt: e.CreatedAt}
}

func employerViewJSON(e store.EmployerView) employerJSON {
	return toEmployerJSON(e.Employer, e.Mission.Name)
}

// employersQuery filters the API's list of employers.
type employersQuery struct {
	MissionID int64 `form:"mission_id" json:"mission_id"`
}

// apiEmployers is GET /api/v1/employers.
func (a *App) apiEmployers(c echo.Context) error {
	var q employersQuery
	if err := a.query(c, &q); err != nil {
		return err
	}
	list, err := a.store.Employers.List(c.Request().Context(), actor(c), q.MissionID)
	if err != nil {
		return err
	}
	out := make([]employerJSON, len(list))
	for i, e := range list {
		out[i] = employerViewJSON(e)
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out})
}

func (a *App) employerNewPage(c echo.Context) error {
	f := newForm()
	f.Values.Set("mission_id", c.QueryParam("mission_id"))
	return a.renderEmployerForm(c, f)
}

func (a *App) renderEmployerForm(c echo.Context, f *form) error {
	missions, err := a.store.Missions.List(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	var opts []option
	for _, m := range missions {
		if m.Active() {
			opts = append(opts, option{Value: strconv.FormatInt(m.ID, 10), Label: m.Name})
		}
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "employer_new", &view{Title: loc.T("employers.new"), Form: f, Data: map[string]any{"Missions": opts}})
}

// employerCreate is POST /employers and POST /api/v1/employers.
func (a *App) employerCreate(c echo.Context) error {
	var req employerRequest
	err := a.bind(c, &req)
	e := req.employer()
	if err == nil {
		err = a.store.Employers.Create(c.Request().Context(), actor(c), &e)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderEmployerForm(c, f) })
	}
	return a.answer(c, result{status: http.StatusCreated, body: toEmployerJSON(e, ""), flash: "flash.employer_created",
		redirect: missionURL(e.MissionID)})
}
