package app

import (
	"cmp"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// Workers: one record for life, searched by name, passport or card number;
// the worker's page shows employments, applications and cards.

func workerURL(id int64) string { return "/workers/" + strconv.FormatInt(id, 10) }

// workerRequest registers a worker. Languages are ISO 639 codes, as a list
// or (from the page's one field) separated by commas.
type workerRequest struct {
	FamilyName        string                 `form:"family_name" json:"family_name"`
	GivenNames        string                 `form:"given_names" json:"given_names"`
	FamilyNameFirst   bool                   `form:"family_name_first" json:"family_name_first"`
	DateOfBirth       time.Time              `form:"date_of_birth" json:"date_of_birth"`
	Sex               models.Sex             `form:"sex" json:"sex" max:"20"`
	Nationality       string                 `form:"nationality" json:"nationality" max:"2"`
	PassportNumber    string                 `form:"passport_number" json:"passport_number" max:"40"`
	PassportExpiresOn time.Time              `form:"passport_expires_on" json:"passport_expires_on"`
	Languages         []string               `form:"languages" json:"languages" max:"100"`
	Phone             string                 `form:"phone" json:"phone" max:"40"`
	IBAN              string                 `form:"iban" json:"iban" max:"50"`
	AccountInSoleName bool                   `form:"account_in_sole_name" json:"account_in_sole_name"`
	ResidenceStatus   models.ResidenceStatus `form:"residence_status" json:"residence_status" max:"40"`
}

func (r workerRequest) worker() models.Worker {
	return models.Worker{FamilyName: r.FamilyName, GivenNames: r.GivenNames, FamilyNameFirst: r.FamilyNameFirst, DateOfBirth: r.DateOfBirth, Sex: r.Sex,
		Nationality: r.Nationality, PassportNumber: r.PassportNumber, PassportExpiresOn: r.PassportExpiresOn,
		Languages: strings.Join(r.Languages, ","), Phone: r.Phone, IBAN: r.IBAN, AccountInSoleName: r.AccountInSoleName,
		ResidenceStatus: r.ResidenceStatus}
}

// Validate is the worker's own validation, on the day.
func (r workerRequest) Validate(now time.Time) error {
	w := r.worker()
	w.Normalize()
	return w.ValidateEntry(models.CalendarDay(now))
}

type workerJSON struct {
	ID                int64     `json:"id"`
	FamilyName        string    `json:"family_name"`
	GivenNames        string    `json:"given_names"`
	FamilyNameFirst   bool      `json:"family_name_first"`
	FullName          string    `json:"full_name"`
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
	return workerJSON{ID: w.ID, FamilyName: w.FamilyName, GivenNames: w.GivenNames, FamilyNameFirst: w.FamilyNameFirst,
		FullName: w.FullName(), DateOfBirth: day(w.DateOfBirth),
		Sex: string(w.Sex), Nationality: w.Nationality, PassportNumber: w.PassportNumber,
		PassportExpiresOn: day(w.PassportExpiresOn), Languages: langs, Phone: w.Phone, IBAN: w.IBAN,
		AccountInSoleName: w.AccountInSoleName, ResidenceStatus: string(w.ResidenceStatus), CreatedAt: w.CreatedAt}
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
		DateOfBirth: day(w.DateOfBirth), Nationality: w.Nationality, PassportNumber: w.PassportNumber}
}

// workerHitJSON is one search result: the worker, the latest card and the
// employer of the latest employment.
type workerHitJSON struct {
	workerSummaryJSON
	CardNumber string `json:"card_number,omitempty"`
	Employer   string `json:"employer,omitempty"`
	Mission    string `json:"mission,omitempty"`
}

// workerQuery is the search: a name (any order, accents and case ignored),
// a passport or card number, an employer or mission; in keyset pages
// (after, the previous page's next; limit) or, as before, numbered pages
// (page, page_size).
type workerQuery struct {
	Q        string `form:"q" json:"q"`
	Page     int    `form:"page" json:"page"`
	PageSize int    `form:"page_size" json:"page_size"`
	After    string `form:"after" json:"after" max:"2000"`
	Limit    int    `form:"limit" json:"limit"`
}

// Validate bounds the page.
func (q workerQuery) Validate(time.Time) error {
	var v models.Validation
	if q.Page < 0 {
		v.Add("page", "out_of_range", "Give a number from {{.min}} to {{.max}}.", map[string]any{"min": 1, "max": 1 << 31})
	}
	if q.PageSize < 0 || q.PageSize > 200 {
		v.Add("page_size", "out_of_range", "Give a number from {{.min}} to {{.max}}.", map[string]any{"min": 1, "max": 200})
	}
	if q.Limit < 0 || q.Limit > store.MaxKeysetPage {
		v.Add("limit", "out_of_range", "Give a number from {{.min}} to {{.max}}.", map[string]any{"min": 1, "max": store.MaxKeysetPage})
	}
	if _, ok := parseWorkerCursor(q.After); !ok {
		v.Add("after", "invalid", "Use the next cursor of the previous page.")
	}
	if q.Page > 0 && q.After != "" {
		v.Add("after", "invalid", "Use either a page number or the next cursor, not both.")
	}
	return v.Err()
}

// employerChoices is how many employers a select offers at most before it
// asks for a search (Employers.Choices).
const employerChoices = 200

// pageSize is the default page size of lists.
const pageSize = 25

// workerList is GET /workers and GET /api/v1/workers.
func (a *App) workerList(c echo.Context) error {
	var q workerQuery
	err := a.query(c, &q)
	if err == nil {
		err = q.Validate(a.now())
	}
	if err != nil {
		return err
	}
	if q.Page == 0 {
		return a.workerKeysetList(c, q)
	}
	page, size := max(q.Page, 1), q.PageSize
	if size == 0 {
		size = pageSize
	}
	page = min(page, store.MaxPage(size)) // the count stops at store.CountCap
	hits, total, err := a.store.Workers.Search(c.Request().Context(), actor(c), q.Q, store.Page{Number: page, Size: size})
	if err != nil {
		return err
	}
	if isAPI(c.Request().URL.Path) {
		items := make([]workerHitJSON, len(hits))
		for i, h := range hits {
			items[i] = workerHitJSON{workerSummaryJSON: toWorkerSummaryJSON(h.Worker), CardNumber: h.CardNumber, Employer: h.Employer, Mission: h.Mission}
		}
		return c.JSON(http.StatusOK, map[string]any{"items": items, "total": min(total, store.CountCap), "total_capped": total > store.CountCap,
			"page": page, "page_size": size})
	}
	f := newForm()
	f.Values.Set("q", q.Q)
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "workers", &view{Title: loc.T("workers.title"), Form: f,
		Data: map[string]any{"Hits": hits, "Total": countText(loc, total), "Pager": newPager(c, loc, page, size, total), "Query": q.Q}})
}

// workerKeysetList is the search a keyset page at a time: the first page,
// or the one after the cursor q.After (issue 14).
func (a *App) workerKeysetList(c echo.Context, q workerQuery) error {
	limit := q.Limit
	if limit == 0 {
		limit = cmp.Or(q.PageSize, pageSize)
	}
	after, _ := parseWorkerCursor(q.After)
	page, err := a.store.Workers.SearchPage(c.Request().Context(), actor(c), store.WorkerSearch{Q: q.Q, After: after, Limit: limit})
	if err != nil {
		return err
	}
	next := workerCursor(page.Next)
	if isAPI(c.Request().URL.Path) {
		items := make([]workerHitJSON, len(page.Hits))
		for i, h := range page.Hits {
			items[i] = workerHitJSON{workerSummaryJSON: toWorkerSummaryJSON(h.Worker), CardNumber: h.CardNumber, Employer: h.Employer, Mission: h.Mission}
		}
		body := map[string]any{"items": items, "total": min(page.Total, store.CountCap), "total_capped": page.Total > store.CountCap,
			"limit": limit, "page_size": limit}
		if next != "" {
			body["next"] = next
		}
		return c.JSON(http.StatusOK, body)
	}
	f := newForm()
	f.Values.Set("q", q.Q)
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "workers", &view{Title: loc.T("workers.title"), Form: f,
		Data: map[string]any{"Hits": page.Hits, "Total": countText(loc, page.Total), "Keyset": newKeysetPager(c, loc, next), "Query": q.Q}})
}

func (a *App) workerNewPage(c echo.Context) error {
	f := newForm()
	f.Values.Set("residence_status", string(models.ResidenceSpecialIDPending))
	return a.renderWorkerForm(c, f)
}

func (a *App) renderWorkerForm(c echo.Context, f *form) error {
	loc := a.localizer(c)
	slots, langs := languageForm(f, loc)
	return a.render(c, http.StatusOK, "worker_new", &view{Title: loc.T("workers.new"), Form: f, Data: map[string]any{
		"Sexes":     options(loc, "sex.", models.Sexes),
		"Residence": options(loc, "residence.", models.ResidenceStatuses),
		"Countries": countryOptions(loc), "LanguageSlots": slots, "LanguageOptions": langs,
	}})
}

// workerCreate is POST /workers and POST /api/v1/workers. A duplicate is
// refused with the existing record's id (the problem's args.worker_id; the
// page links to it).
func (a *App) workerCreate(c echo.Context) error {
	var req workerRequest
	err := a.bind(c, &req)
	w := req.worker()
	if isValidation(err) {
		// Every error at once (issue 13): a date that does not parse does
		// not hide what the worker's own rules say of the other fields.
		var all models.Validation
		all.Merge(err)
		all.Merge(w.Validate(a.now()))
		err = all.Err()
	}
	if err == nil {
		err = a.store.Workers.Create(c.Request().Context(), actor(c), &w)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			if id, ok := toDomain(err).Args["worker_id"].(int64); ok && models.ErrorCode(err) == models.CodeDuplicateWorker {
				f.Values.Set("_duplicate_of", strconv.FormatInt(id, 10))
			}
			return a.renderWorkerForm(c, f)
		})
	}
	return a.answer(c, result{status: http.StatusCreated, body: toWorkerJSON(w), location: v1 + "/workers/" + itoa64(w.ID),
		flash: "flash.worker_created", redirect: workerURL(w.ID)})
}

// workerDetailJSON is a worker with the employments, newest first.
type workerDetailJSON struct {
	workerJSON
	Employments []employmentJSON `json:"employments"`
}

// apiWorker is GET /api/v1/workers/:id.
func (a *App) apiWorker(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	d, err := a.store.Workers.Dossier(c.Request().Context(), actor(c), id) // one query (issue 14)
	if err != nil {
		return err
	}
	out := workerDetailJSON{workerJSON: toWorkerJSON(d.Worker), Employments: make([]employmentJSON, len(d.Employments))}
	for i, j := range d.Employments {
		out.Employments[i] = toEmploymentJSON(j.Employment)
		emp := employerViewJSON(j.Employer)
		out.Employments[i].Employer = &emp
	}
	return c.JSON(http.StatusOK, out)
}

func (a *App) workerPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return a.renderWorker(c, id, newForm(), "")
}

// renderWorker shows the worker's page; section names the form that failed
// ("employment", "application"), which opens with f.
func (a *App) renderWorker(c echo.Context, id int64, f *form, section string) error {
	ctx := c.Request().Context()
	d, err := a.store.Workers.Dossier(ctx, actor(c), id) // the worker and its employments, as the API reads them
	if err != nil {
		return err
	}
	w, jobs := &d.Worker, d.Employments
	apps, _, err := a.store.Applications.List(ctx, actor(c), store.ApplicationFilter{WorkerID: id, Page: store.Page{Size: 100}})
	if err != nil {
		return err
	}
	cards, err := a.store.Cards.OfWorker(ctx, actor(c), id)
	if err != nil {
		return err
	}
	// The employment form's choices: a page of employers, narrowed by a
	// search when there are more (issue 14), not every employer.
	employerQuery := c.QueryParam("employer_q")
	if len(employerQuery) > 100 {
		employerQuery = employerQuery[:100]
	}
	chosen, _ := strconv.ParseInt(f.Value("employer_id"), 10, 64)
	employers, moreEmployers, err := a.store.Employers.Choices(ctx, actor(c), employerQuery, chosen, employerChoices)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	var jobOpts, cardOpts, empOpts []option
	for _, j := range jobs {
		jobOpts = append(jobOpts, option{Value: itoa64(j.ID),
			Label: j.Employer.FullName() + " — " + j.Employer.Mission.Name + " (" + day(j.StartsOn) + ")"})
	}
	for _, cd := range cards {
		cardOpts = append(cardOpts, option{Value: itoa64(cd.ID), Label: cd.Number + " — " + loc.T("card_status."+string(cd.Status))})
	}
	for _, e := range employers {
		empOpts = append(empOpts, option{Value: itoa64(e.ID), Label: e.FullName() + " — " + e.Mission.Name})
	}
	if f.Value("kind") == "" {
		f.Values.Set("kind", string(models.ApplicationFirstIssuance))
	}
	if section != "edit" {
		workerFormValues(f, *w)
	}
	if section != "" {
		f.Values.Set("_section", section)
	}
	slots, langs := languageForm(f, loc)
	history, err := a.workerRecordHistory(c, *w, jobs)
	if err != nil {
		return err
	}
	service, err := a.workerServiceData(c, id)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "worker", &view{Title: w.FullName(), Form: f, Data: map[string]any{
		"Worker": w, "Employments": jobs, "Applications": apps, "Cards": cards,
		"JobOptions": jobOpts, "CardOptions": cardOpts, "EmployerOptions": empOpts,
		"EmployerQuery": employerQuery, "EmployerMore": moreEmployers, "EmployerChoices": employerChoices,
		"Kinds":      options(loc, "app_kind.", models.ApplicationKinds),
		"Categories": options(loc, "job.", models.JobCategories),
		"IBAN":       models.FormatIBAN(w.IBAN),
		// Records that change: the change form's choices and the history.
		"History": history, "ChangeKinds": changeKinds(loc), "Sexes": options(loc, "sex.", models.Sexes),
		"Residence": options(loc, "residence.", models.ResidenceStatuses), "Service": service, "Countries": countryOptions(loc),
		"LanguageSlots": slots, "LanguageOptions": langs,
	}})
}
