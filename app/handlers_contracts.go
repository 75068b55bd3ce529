package app

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// The contract page of an application: the minimum that applies, the form
// that draws up the standard employment contract (the language is always
// chosen, never taken from the page), the refusal with the figures when the
// salary is below the minimum, and the contracts already generated, with
// download and reprint.

func contractsURL(appID int64) string {
	return "/applications/" + strconv.FormatInt(appID, 10) + "/contracts"
}

func (a *App) contractsPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	return a.renderContracts(c, id, http.StatusOK, nil)
}

// languageOptions names each language in itself ("Français"), with its code.
func languageOptions(codes []string) []option {
	out := make([]option, len(codes))
	for i, code := range codes {
		out[i] = option{Value: code, Label: contracts.LanguageName(code) + " (" + code + ")"}
	}
	return out
}

// contractForm prefills the form: the terms of the employment's latest
// contract when there is one, otherwise the usual defaults. The language and
// the salary are never prefilled: the clerk chooses them.
func contractForm(p *store.ContractPreview) *form {
	f := newForm()
	set := f.Values.Set
	set("start_date", p.StartDate.Format(time.DateOnly))
	if prev := p.Previous; prev != nil {
		set("employer_function", prev.EmployerFunction)
		set("employer_address", prev.EmployerAddress)
		set("worker_address", prev.WorkerAddress)
		set("workplace", prev.Workplace)
		set("duties", prev.Duties)
		set("place", prev.Place)
		set("days_per_week", strconv.Itoa(prev.DaysPerWeek))
		set("annual_leave_days", strconv.Itoa(prev.AnnualLeaveDays))
		set("probation_days", strconv.Itoa(prev.ProbationDays))
		set("repatriation_to", prev.RepatriationTo)
		set("notice_employer_weeks", strconv.Itoa(prev.NoticeEmployerWeeks))
		set("notice_worker_weeks", strconv.Itoa(prev.NoticeWorkerWeeks))
		set("foreign_social_security", prev.ForeignSocialSecurity)
		for _, d := range prev.RestWeekdays() {
			f.Values.Add("rest_days", salaryscales.WeekdayName(d))
		}
		b := prev.BoardTerms()
		for name, on := range map[string]bool{"board.breakfast": b.Breakfast, "board.midday": b.Midday,
			"board.evening": b.Evening, "board.lodging": b.Lodging, "board.whole_dwelling": b.WholeDwelling} {
			if on {
				set(name, "yes")
			}
		}
		if b.DaysPerMonth > 0 {
			set("board.days_per_month", strconv.Itoa(b.DaysPerMonth))
		}
		return f
	}
	set("employer_function", p.App.Employer.Title)
	set("place", "Brussels")
	set("days_per_week", "5")
	set("annual_leave_days", "20")
	set("probation_days", "0")
	set("notice_employer_weeks", "0")
	set("notice_worker_weeks", "0")
	f.Values["rest_days"] = []string{"saturday", "sunday"}
	return f
}

// weekdayKey prefixes the message ids of weekday names ("contracts.weekday.monday").
const weekdayKey = "contracts.weekday."

// renderContracts draws the page; f is the submitted form after a refusal,
// nil for a fresh page.
func (a *App) renderContracts(c echo.Context, appID int64, status int, f *form) error {
	var start time.Time
	if f != nil {
		start, _ = time.Parse(time.DateOnly, f.Value("start_date"))
	}
	p, err := a.store.Contracts.Preview(c.Request().Context(), actor(c), appID, start)
	if err != nil {
		return err
	}
	if f == nil {
		f = contractForm(p)
	}
	loc := a.localizer(c)
	weekdays := make([]option, 7)
	for i := range weekdays {
		d := time.Weekday((i + 1) % 7) // Monday first
		weekdays[i] = option{Value: salaryscales.WeekdayName(d), Label: loc.T(weekdayKey + salaryscales.WeekdayName(d))}
	}
	data := map[string]any{
		"P": p, "Languages": languageOptions(contracts.ContractLanguages),
		"SecondLanguages": languageOptions(contracts.SecondLanguages()), "Weekdays": weekdays,
		"CanGenerate": p.CanGenerate && currentUser(c).Can(models.PermContractGenerate),
		"CanReprint":  currentUser(c).Can(models.PermContractGenerate),
	}
	if p.MinimumErr != nil {
		data["MinimumError"] = loc.errorText(toDomain(p.MinimumErr))
	}
	return a.render(c, status, "contracts", &view{Title: loc.T("contracts.title", "id", appID), Form: f, Data: data})
}

// contractTermsFromForm reads the terms; parse problems are kept in r.
func contractTermsFromForm(r *formReader) salaryscales.ContractTerms {
	t := salaryscales.ContractTerms{
		Language: r.str("language"), SecondLanguage: r.str("second_language"),
		StartDate: r.date("start_date", false), EndDate: r.datePtr("end_date"),
		GrossMonthly: r.money("gross_monthly_salary"),
		Board: salaryscales.BoardTerms{Breakfast: r.bool("board.breakfast"), Midday: r.bool("board.midday"),
			Evening: r.bool("board.evening"), Lodging: r.bool("board.lodging"), WholeDwelling: r.bool("board.whole_dwelling"),
			DaysPerMonth: r.int("board.days_per_month")},
		EmployerFunction: r.str("employer_function"), EmployerAddress: r.str("employer_address"),
		WorkerAddress: r.str("worker_address"), Workplace: r.str("workplace"), Duties: r.str("duties"), Place: r.str("place"),
		DaysPerWeek: r.int("days_per_week"), AnnualLeaveDays: r.int("annual_leave_days"), ProbationDays: r.int("probation_days"),
		RepatriationTo: r.str("repatriation_to"), NoticeEmployerWeeks: r.int("notice_employer_weeks"),
		NoticeWorkerWeeks: r.int("notice_worker_weeks"), ForeignSocialSecurity: r.str("foreign_social_security"),
	}
	for _, name := range r.vals["rest_days"] {
		if d, ok := salaryscales.ParseWeekday(name); ok {
			t.RestDays = append(t.RestDays, d)
		}
	}
	return t
}

func (a *App) contractGenerateSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	r, f := a.readForm(c)
	terms := contractTermsFromForm(r)
	err = r.err(nil)
	var ct *store.Contract
	if err == nil {
		// The domain's error is kept whole (its code and figures head the page).
		ct, err = a.store.Contracts.Generate(c.Request().Context(), actor(c), id, terms)
	}
	if err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderContracts(c, id, status, f)
	}
	a.flash(c, "flash.contract_generated")
	return c.Redirect(http.StatusSeeOther, contractsURL(id)+"#contract-"+strconv.FormatInt(ct.ID, 10))
}

// contractFileName names a contract's PDF by its reference.
func contractFileName(ct *store.Contract) string {
	return strings.ReplaceAll(ct.Reference, "/", "-") + ".pdf"
}

// contractDownload shows the stored PDF; reading is not a reprint.
func (a *App) contractDownload(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	ct, err := a.store.Contracts.PDF(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `inline; filename="`+contractFileName(ct)+`"`)
	return c.Blob(http.StatusOK, "application/pdf", ct.PDF)
}

// contractReprintSubmit returns the stored PDF again, byte for byte, and
// counts the reprint.
func (a *App) contractReprintSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	ct, err := a.store.Contracts.Reprint(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", `attachment; filename="`+contractFileName(ct)+`"`)
	h.Set("X-Reprint-Count", strconv.Itoa(ct.ReprintCount))
	return c.Blob(http.StatusOK, "application/pdf", ct.PDF)
}

// --- JSON API (/api/v1/applications/{id}/contracts, /api/v1/contracts)

type contractBoardAPI struct {
	Breakfast     bool `json:"breakfast"`
	Midday        bool `json:"midday"`
	Evening       bool `json:"evening"`
	Lodging       bool `json:"lodging"`
	WholeDwelling bool `json:"whole_dwelling"`
	// DaysPerMonth: 0 means the 365/12 convention (every day of an average month).
	DaysPerMonth int `json:"days_per_month"`
}

// contractTermsAPI is the request that draws up a contract. The language is
// required: it is never taken from the caller's locale.
type contractTermsAPI struct {
	Language              string           `json:"language"`
	SecondLanguage        string           `json:"second_language"`
	StartDate             string           `json:"start_date"`
	EndDate               string           `json:"end_date"`
	GrossMonthlySalary    string           `json:"gross_monthly_salary"`
	Board                 contractBoardAPI `json:"board"`
	EmployerFunction      string           `json:"employer_function"`
	EmployerAddress       string           `json:"employer_address"`
	WorkerAddress         string           `json:"worker_address"`
	Workplace             string           `json:"workplace"`
	Duties                string           `json:"duties"`
	Place                 string           `json:"place"`
	DaysPerWeek           int              `json:"days_per_week"`
	RestDays              []string         `json:"rest_days"`
	AnnualLeaveDays       int              `json:"annual_leave_days"`
	ProbationDays         int              `json:"probation_days"`
	RepatriationTo        string           `json:"repatriation_to"`
	NoticeEmployerWeeks   int              `json:"notice_employer_weeks"`
	NoticeWorkerWeeks     int              `json:"notice_worker_weeks"`
	ForeignSocialSecurity string           `json:"foreign_social_security"`
}

func (in contractTermsAPI) terms() (salaryscales.ContractTerms, error) {
	var val models.Validation
	day := func(field, s string) time.Time {
		if strings.TrimSpace(s) == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
		if err != nil {
			val.Add(field, "invalid_date", "Use the form YYYY-MM-DD.")
		}
		return t
	}
	t := salaryscales.ContractTerms{
		Language: in.Language, SecondLanguage: in.SecondLanguage, StartDate: day("start_date", in.StartDate),
		GrossMonthly: apiEuros(&val, "gross_monthly_salary", in.GrossMonthlySalary),
		Board: salaryscales.BoardTerms{Breakfast: in.Board.Breakfast, Midday: in.Board.Midday, Evening: in.Board.Evening,
			Lodging: in.Board.Lodging, WholeDwelling: in.Board.WholeDwelling, DaysPerMonth: in.Board.DaysPerMonth},
		EmployerFunction: in.EmployerFunction, EmployerAddress: in.EmployerAddress, WorkerAddress: in.WorkerAddress,
		Workplace: in.Workplace, Duties: in.Duties, Place: in.Place, DaysPerWeek: in.DaysPerWeek,
		AnnualLeaveDays: in.AnnualLeaveDays, ProbationDays: in.ProbationDays, RepatriationTo: in.RepatriationTo,
		NoticeEmployerWeeks: in.NoticeEmployerWeeks, NoticeWorkerWeeks: in.NoticeWorkerWeeks,
		ForeignSocialSecurity: in.ForeignSocialSecurity,
	}
	if end := day("end_date", in.EndDate); !end.IsZero() {
		t.EndDate = &end
	}
	for i, name := range in.RestDays {
		d, ok := salaryscales.ParseWeekday(name)
		if !ok {
			val.Add(fmt.Sprintf("rest_days[%d]", i), "invalid_choice", "Name a weekday in English: monday to sunday.")
			continue
		}
		t.RestDays = append(t.RestDays, d)
	}
	return t, val.Err()
}

// contractAPI is a generated contract (its PDF is at pdf_url).
type contractAPI struct {
	ID                    int64            `json:"id"`
	Reference             string           `json:"reference"`
	ApplicationID         int64            `json:"application_id"`
	EmploymentID          int64            `json:"employment_id"`
	ScaleVersionID        int64            `json:"scale_version_id"`
	ScaleEffectiveDate    string           `json:"scale_effective_date"`
	ScaleStale            bool             `json:"scale_stale"`
	Language              string           `json:"language"`
	SecondLanguage        string           `json:"second_language"`
	ContractDate          string           `json:"contract_date"`
	StartDate             string           `json:"start_date"`
	EndDate               *string          `json:"end_date"`
	Category              string           `json:"category"`
	WeeklyHours           float64          `json:"weekly_hours"`
	SeniorityYears        int              `json:"seniority_years"`
	GrossMonthlySalary    string           `json:"gross_monthly_salary"`
	MinimumMonthly        string           `json:"minimum_monthly"`
	MinimumHourly         string           `json:"minimum_hourly"`
	Board                 contractBoardAPI `json:"board"`
	Deducted              string           `json:"deducted"`
	CashPaid              string           `json:"cash_paid"`
	EmployerFunction      string           `json:"employer_function"`
	EmployerAddress       string           `json:"employer_address"`
	WorkerAddress         string           `json:"worker_address"`
	Workplace             string           `json:"workplace"`
	Duties                string           `json:"duties"`
	Place                 string           `json:"place"`
	DaysPerWeek           int              `json:"days_per_week"`
	RestDays              []string         `json:"rest_days"`
	AnnualLeaveDays       int              `json:"annual_leave_days"`
	ProbationDays         int              `json:"probation_days"`
	RepatriationTo        string           `json:"repatriation_to"`
	NoticeEmployerWeeks   int              `json:"notice_employer_weeks"`
	NoticeWorkerWeeks     int              `json:"notice_worker_weeks"`
	ForeignSocialSecurity string           `json:"foreign_social_security"`
	SHA256                string           `json:"sha256"`
	SizeBytes             int64            `json:"size_bytes"`
	GeneratedByID         int64            `json:"generated_by_id"`
	GeneratedBy           string           `json:"generated_by,omitempty"`
	GeneratedAt           time.Time        `json:"generated_at"`
	ReprintCount          int              `json:"reprint_count"`
	PDFURL                string           `json:"pdf_url"`
}

func toContractAPI(ct store.Contract) contractAPI {
	out := contractAPI{ID: ct.ID, Reference: ct.Reference, ApplicationID: ct.ApplicationID, EmploymentID: ct.EmploymentID,
		ScaleVersionID: ct.ScaleVersionID, ScaleEffectiveDate: ct.ScaleEffectiveDate.Format(time.DateOnly), ScaleStale: ct.ScaleStale,
		Language: ct.Language, SecondLanguage: ct.SecondLanguage, ContractDate: ct.ContractDate.Format(time.DateOnly),
		StartDate: ct.StartDate.Format(time.DateOnly), Category: ct.Category, WeeklyHours: ct.WeeklyHours,
		SeniorityYears: ct.SeniorityYears, GrossMonthlySalary: ct.Gross().String(), MinimumMonthly: ct.Minimum().String(),
		MinimumHourly: salaryscales.Cents(ct.MinimumHourlyCents).String(),
		Board: contractBoardAPI{Breakfast: ct.BoardBreakfast, Midday: ct.BoardMidday, Evening: ct.BoardEvening,
			Lodging: ct.BoardLodging, WholeDwelling: ct.BoardWholeDwelling, DaysPerMonth: ct.BoardDaysPerMonth},
		Deducted: ct.Deducted().String(), CashPaid: ct.CashPaid().String(),
		EmployerFunction: ct.EmployerFunction, EmployerAddress: ct.EmployerAddress, WorkerAddress: ct.WorkerAddress,
		Workplace: ct.Workplace, Duties: ct.Duties, Place: ct.Place, DaysPerWeek: ct.DaysPerWeek, RestDays: []string{},
		AnnualLeaveDays: ct.AnnualLeaveDays, ProbationDays: ct.ProbationDays, RepatriationTo: ct.RepatriationTo,
		NoticeEmployerWeeks: ct.NoticeEmployerWeeks, NoticeWorkerWeeks: ct.NoticeWorkerWeeks,
		ForeignSocialSecurity: ct.ForeignSocialSecurity, SHA256: ct.SHA256, SizeBytes: ct.SizeBytes,
		GeneratedByID: ct.GeneratedByID, GeneratedBy: ct.GeneratedByName, GeneratedAt: ct.GeneratedAt, ReprintCount: ct.ReprintCount,
		PDFURL: "/api/v1/contracts/" + strconv.FormatInt(ct.ID, 10) + "/pdf"}
	if ct.EndDate != nil {
		s := ct.EndDate.Format(time.DateOnly)
		out.EndDate = &s
	}
	for _, d := range ct.RestWeekdays() {
		out.RestDays = append(out.RestDays, salaryscales.WeekdayName(d))
	}
	return out
}

// salaryProblem is the problem document of a salary below the minimum, with
// the figures as numbers a client can use.
type salaryProblem struct {
	Problem
	Figures map[string]any `json:"figures"`
}

func (a *App) apiGenerateContract(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	var in contractTermsAPI
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	terms, err := in.terms()
	if err != nil {
		return err
	}
	ct, err := a.store.Contracts.Generate(c.Request().Context(), actor(c), id, terms)
	if models.ErrorCode(err) == salaryscales.ErrSalaryBelowMinimum {
		de := toDomain(err)
		figures := map[string]any{}
		for k, v := range de.Args {
			if cents, ok := v.(salaryscales.Cents); ok {
				v = cents.String()
			}
			figures[k] = v
		}
		status := statusOf[de.Kind]
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		c.Response().WriteHeader(status)
		return jsonEncode(c.Response(), salaryProblem{Problem: a.problemOf(c, status, de), Figures: figures})
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/contracts/"+strconv.FormatInt(ct.ID, 10))
	return c.JSON(http.StatusCreated, toContractAPI(*ct))
}

func (a *App) apiContracts(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	// Reading the application first answers 404 for an application that
	// does not exist, rather than an empty list.
	if _, err := a.store.Applications.Get(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	list, err := a.store.Contracts.OfApplication(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	out := make([]contractAPI, len(list))
	for i, ct := range list {
		out[i] = toContractAPI(ct)
	}
	return c.JSON(http.StatusOK, map[string]any{"contracts": out})
}

func (a *App) apiContract(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	ct, err := a.store.Contracts.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toContractAPI(*ct))
}

func (a *App) apiContractPDF(c echo.Context) error { return a.contractDownload(c) }

func (a *App) apiReprintContract(c echo.Context) error { return a.contractReprintSubmit(c) }
