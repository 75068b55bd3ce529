package app

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// --- Missions

func (a *App) missionsPage(c echo.Context) error {
	missions, err := a.store.Missions.List(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "missions", &view{Title: a.localizer(c).T("missions.title"), Data: missions})
}

func (a *App) missionNewPage(c echo.Context) error {
	return a.renderMissionForm(c, http.StatusOK, newForm())
}

func (a *App) renderMissionForm(c echo.Context, status int, f *form) error {
	loc := a.localizer(c)
	return a.render(c, status, "mission_new", &view{Title: loc.T("missions.new"), Form: f,
		Data: map[string]any{"Kinds": options(loc, "mission_kind.", models.MissionKinds)}})
}

func (a *App) missionCreateSubmit(c echo.Context) error {
	r, f := a.readForm(c)
	m := models.Mission{Name: r.str("name"), Kind: models.MissionKind(r.str("kind")), CountryCode: r.str("country_code")}
	if err := r.err(a.store.Missions.Create(c.Request().Context(), actor(c), &m)); err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderMissionForm(c, status, f)
	}
	a.flash(c, "flash.mission_created")
	return c.Redirect(http.StatusSeeOther, "/missions/"+strconv.FormatInt(m.ID, 10))
}

func (a *App) missionPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	return a.renderMission(c, id, http.StatusOK, newForm())
}

func (a *App) renderMission(c echo.Context, id int64, status int, f *form) error {
	ctx := c.Request().Context()
	m, err := a.store.Missions.Get(ctx, actor(c), id)
	if err != nil {
		return err
	}
	employers, err := a.store.Employers.List(ctx, actor(c), id)
	if err != nil {
		return err
	}
	return a.render(c, status, "mission", &view{Title: m.Name, Form: f, Data: map[string]any{"Mission": m, "Employers": employers}})
}

func (a *App) missionCloseSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	r, f := a.readForm(c)
	on := r.date("closed_on", true)
	if err := r.err(nil); err != nil {
		status, _ := a.formError(c, f, err)
		return a.renderMission(c, id, status, f)
	}
	if err := a.store.Missions.Close(c.Request().Context(), actor(c), id, on); err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderMission(c, id, status, f)
	}
	a.flash(c, "flash.mission_closed")
	return c.Redirect(http.StatusSeeOther, "/missions/"+strconv.FormatInt(id, 10))
}

// --- Employers

func (a *App) employerNewPage(c echo.Context) error {
	f := newForm()
	f.Values.Set("mission_id", c.QueryParam("mission_id"))
	return a.renderEmployerForm(c, http.StatusOK, f)
}

func (a *App) renderEmployerForm(c echo.Context, status int, f *form) error {
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
	return a.render(c, status, "employer_new", &view{Title: loc.T("employers.new"), Form: f, Data: map[string]any{"Missions": opts}})
}

func (a *App) employerCreateSubmit(c echo.Context) error {
	r, f := a.readForm(c)
	e := models.Employer{MissionID: r.id("mission_id"), FamilyName: r.str("family_name"), GivenNames: r.str("given_names"),
		Title: r.str("title"), HeadOfMission: r.bool("head_of_mission"), EntitledToPrivateServant: r.bool("entitled_to_private_servant"),
		PostingEndsOn: r.datePtr("posting_ends_on")}
	var err error
	if err = r.err(nil); err == nil {
		err = a.store.Employers.Create(c.Request().Context(), actor(c), &e)
	}
	if err = r.err(err); err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderEmployerForm(c, status, f)
	}
	a.flash(c, "flash.employer_created")
	return c.Redirect(http.StatusSeeOther, "/missions/"+strconv.FormatInt(e.MissionID, 10))
}

// --- Workers

func (a *App) workersPage(c echo.Context) error {
	q := c.QueryParam("q")
	page := queryPage(c)
	hits, total, err := a.store.Workers.Search(c.Request().Context(), actor(c), q, store.Page{Number: page, Size: 25})
	if err != nil {
		return err
	}
	f := newForm()
	f.Values.Set("q", q)
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "workers", &view{Title: loc.T("workers.title"), Form: f,
		Data: map[string]any{"Hits": hits, "Total": total, "Pager": newPager(c, loc, page, 25, total), "Query": q}})
}

func (a *App) workerNewPage(c echo.Context) error {
	f := newForm()
	f.Values.Set("residence_status", string(models.ResidenceSpecialIDPending))
	return a.renderWorkerForm(c, http.StatusOK, f)
}

func (a *App) renderWorkerForm(c echo.Context, status int, f *form) error {
	loc := a.localizer(c)
	return a.render(c, status, "worker_new", &view{Title: loc.T("workers.new"), Form: f, Data: map[string]any{
		"Sexes":     options(loc, "sex.", models.Sexes),
		"Residence": options(loc, "residence.", models.ResidenceStatuses),
	}})
}

func (a *App) workerCreateSubmit(c echo.Context) error {
	r, f := a.readForm(c)
	w := models.Worker{FamilyName: r.str("family_name"), GivenNames: r.str("given_names"), DateOfBirth: r.date("date_of_birth", true),
		Sex: models.Sex(r.str("sex")), Nationality: r.str("nationality"), PassportNumber: r.str("passport_number"),
		PassportExpiresOn: r.date("passport_expires_on", true), Languages: r.str("languages"), Phone: r.str("phone"),
		IBAN: r.str("iban"), AccountInSoleName: r.bool("account_in_sole_name"), ResidenceStatus: models.ResidenceStatus(r.str("residence_status"))}
	var err error
	if err = r.err(nil); err == nil {
		err = a.store.Workers.Create(c.Request().Context(), actor(c), &w)
	}
	if err = r.err(err); err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		if models.ErrorCode(err) == "duplicate_worker" {
			if e, ok := err.(*models.Error); ok {
				f.Values.Set("_duplicate_of", strconv.FormatInt(e.Args["worker_id"].(int64), 10))
			}
		}
		return a.renderWorkerForm(c, status, f)
	}
	a.flash(c, "flash.worker_created")
	return c.Redirect(http.StatusSeeOther, "/workers/"+strconv.FormatInt(w.ID, 10))
}

func (a *App) workerPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	return a.renderWorker(c, id, http.StatusOK, newForm())
}

func (a *App) renderWorker(c echo.Context, id int64, status int, f *form) error {
	ctx := c.Request().Context()
	w, err := a.store.Workers.Get(ctx, actor(c), id)
	if err != nil {
		return err
	}
	jobs, err := a.store.Employments.OfWorker(ctx, actor(c), id)
	if err != nil {
		return err
	}
	apps, _, err := a.store.Applications.List(ctx, actor(c), store.ApplicationFilter{WorkerID: id, Page: store.Page{Size: 100}})
	if err != nil {
		return err
	}
	cards, err := a.store.Cards.OfWorker(ctx, actor(c), id)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	var jobOpts []option
	for _, j := range jobs {
		jobOpts = append(jobOpts, option{Value: strconv.FormatInt(j.ID, 10),
			Label: j.Employer.FullName() + " — " + j.Employer.Mission.Name + " (" + j.StartsOn.Format("2006-01-02") + ")"})
	}
	var cardOpts []option
	for _, cd := range cards {
		cardOpts = append(cardOpts, option{Value: strconv.FormatInt(cd.ID, 10), Label: cd.Number + " — " + loc.T("card_status."+string(cd.Status))})
	}
	employers, err := a.store.Employers.List(ctx, actor(c), 0)
	if err != nil {
		return err
	}
	var empOpts []option
	for _, e := range employers {
		empOpts = append(empOpts, option{Value: strconv.FormatInt(e.ID, 10), Label: e.FullName() + " — " + e.Mission.Name})
	}
	if f.Value("kind") == "" {
		f.Values.Set("kind", string(models.ApplicationFirstIssuance))
	}
	return a.render(c, status, "worker", &view{Title: w.FullName(), Form: f, Data: map[string]any{
		"Worker": w, "Employments": jobs, "Applications": apps, "Cards": cards,
		"JobOptions": jobOpts, "CardOptions": cardOpts, "EmployerOptions": empOpts,
		"Kinds":      options(loc, "app_kind.", models.ApplicationKinds),
		"Categories": options(loc, "job.", models.JobCategories),
		"IBAN":       models.FormatIBAN(w.IBAN),
	}})
}

func (a *App) employmentCreateSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	r, f := a.readForm(c)
	e := models.Employment{WorkerID: id, EmployerID: r.id("employer_id"), StartsOn: r.date("starts_on", true), EndsOn: r.datePtr("ends_on"),
		JobCategory: models.JobCategory(r.str("job_category")), WeeklyHours: r.float("weekly_hours"), LiveIn: r.bool("live_in")}
	if err = r.err(nil); err == nil {
		err = a.store.Employments.Create(c.Request().Context(), actor(c), &e)
	}
	if err = r.err(err); err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		f.Values.Set("_section", "employment")
		return a.renderWorker(c, id, status, f)
	}
	a.flash(c, "flash.employment_created")
	return c.Redirect(http.StatusSeeOther, "/workers/"+strconv.FormatInt(id, 10))
}
