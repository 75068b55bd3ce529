package app

import (
	"net/http"
	"slices"
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
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return a.renderContracts(c, id, nil)
}

// languageOptions names each language in itself ("Français"), with its code.
func languageOptions(codes []string) []option {
	out := make([]option, len(codes))
	for i, code := range codes {
		out[i] = option{Value: code, Label: contracts.LanguageName(code) + " (" + code + ")"}
	}
	return out
}

// contractLanguageWarning says, when the worker reads none of the languages
// a contract is drawn up in, which translation to print beside it (offer,
// the worker's best language among translations), or that none exists.
func contractLanguageWarning(loc *localizer, w models.Worker, translations []string) (warning, offer string) {
	reads := strings.Split(w.Languages, ",")
	if w.Languages == "" || slices.ContainsFunc(contracts.ContractLanguages, func(l string) bool { return models.Reads(reads, l) }) {
		return "", ""
	}
	names := make([]string, len(reads))
	for i, l := range reads {
		names[i] = languageLabel(l, loc.lang)
	}
	offer, fallback := models.ChooseLanguage(reads, translations)
	if fallback {
		return loc.T("contracts.reads_none", "worker", w.FullName(), "languages", strings.Join(names, ", ")), ""
	}
	return loc.T("contracts.reads_none_offer", "worker", w.FullName(), "languages", strings.Join(names, ", "),
		"offer", languageLabel(offer, loc.lang)), offer
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
func (a *App) renderContracts(c echo.Context, appID int64, f *form) error {
	var start time.Time
	if f != nil {
		start, _ = time.Parse(time.DateOnly, f.Value("start_date"))
	}
	p, err := a.store.Contracts.Preview(c.Request().Context(), actor(c), appID, start)
	if err != nil {
		return err
	}
	lib, err := a.store.Translations.Library(c.Request().Context())
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	warning, offer := contractLanguageWarning(loc, p.App.Worker, lib.SecondLanguages())
	if f == nil {
		f = contractForm(p)
		f.Values.Set("second_language", offer)
	}
	weekdays := make([]option, 7)
	for i := range weekdays {
		d := time.Weekday((i + 1) % 7) // Monday first
		weekdays[i] = option{Value: salaryscales.WeekdayName(d), Label: loc.T(weekdayKey + salaryscales.WeekdayName(d))}
	}
	data := map[string]any{
		"P": p, "Languages": languageOptions(contracts.ContractLanguages),
		"SecondLanguages": languageOptions(lib.SecondLanguages()), "Weekdays": weekdays, "LanguageWarning": warning,
		"CanGenerate": p.CanGenerate && currentUser(c).Can(models.PermContractGenerate),
		"CanReprint":  currentUser(c).Can(models.PermContractGenerate),
	}
	if p.MinimumErr != nil {
		data["MinimumError"] = loc.errorText(toDomain(p.MinimumErr))
	}
	return a.render(c, http.StatusOK, "contracts", &view{Title: loc.T("contracts.title", "id", appID), Form: f, Data: data})
}

// contractRequest draws up a contract, from the contract page or POST
// /api/v1/applications/:id/contracts. The language is required: it is never
// taken from the caller's locale.
type contractRequest struct {
	Language              string             `form:"language" json:"language" max:"5"`
	SecondLanguage        string             `form:"second_language" json:"second_language" max:"5"`
	StartDate             *time.Time         `form:"start_date" json:"start_date"`
	EndDate               *time.Time         `form:"end_date" json:"end_date"`
	GrossMonthlySalary    salaryscales.Cents `form:"gross_monthly_salary" json:"gross_monthly_salary"`
	Board                 contractBoardInput `form:"board" json:"board"`
	EmployerFunction      string             `form:"employer_function" json:"employer_function" max:"200"`
	EmployerAddress       string             `form:"employer_address" json:"employer_address" input:"multiline" max:"500"`
	WorkerAddress         string             `form:"worker_address" json:"worker_address" input:"multiline" max:"500"`
	Workplace             string             `form:"workplace" json:"workplace" input:"multiline" max:"500"`
	Duties                string             `form:"duties" json:"duties" input:"multiline" max:"2000"`
	Place                 string             `form:"place" json:"place" max:"100"`
	DaysPerWeek           int                `form:"days_per_week" json:"days_per_week"`
	RestDays              []time.Weekday     `form:"rest_days" json:"rest_days"`
	AnnualLeaveDays       int                `form:"annual_leave_days" json:"annual_leave_days"`
	ProbationDays         int                `form:"probation_days" json:"probation_days"`
	RepatriationTo        string             `form:"repatriation_to" json:"repatriation_to" max:"200"`
	NoticeEmployerWeeks   int                `form:"notice_employer_weeks" json:"notice_employer_weeks"`
	NoticeWorkerWeeks     int                `form:"notice_worker_weeks" json:"notice_worker_weeks"`
	ForeignSocialSecurity string             `form:"foreign_social_security" json:"foreign_social_security" input:"multiline" max:"1000"`
	// LanguagesConfirmed: the worker reads none of the contract's
	// languages and will have it explained in one they understand.
	LanguagesConfirmed bool `form:"languages_confirmed" json:"languages_confirmed"`
}

// contractBoardInput is what the contract says about board and lodging;
// days_per_month 0 means the 365/12 convention (every day of an average
// month).
type contractBoardInput struct {
	Breakfast     bool `form:"breakfast" json:"breakfast"`
	Midday        bool `form:"midday" json:"midday"`
	Evening       bool `form:"evening" json:"evening"`
	Lodging       bool `form:"lodging" json:"lodging"`
	WholeDwelling bool `form:"whole_dwelling" json:"whole_dwelling"`
	DaysPerMonth  int  `form:"days_per_month" json:"days_per_month"`
}

func (r contractRequest) terms() salaryscales.ContractTerms {
	t := salaryscales.ContractTerms{Language: r.Language, SecondLanguage: r.SecondLanguage, EndDate: r.EndDate,
		GrossMonthly: r.GrossMonthlySalary,
		Board: salaryscales.BoardTerms{Breakfast: r.Board.Breakfast, Midday: r.Board.Midday, Evening: r.Board.Evening,
			Lodging: r.Board.Lodging, WholeDwelling: r.Board.WholeDwelling, DaysPerMonth: r.Board.DaysPerMonth},
		EmployerFunction: r.EmployerFunction, EmployerAddress: r.EmployerAddress, WorkerAddress: r.WorkerAddress,
		Workplace: r.Workplace, Duties: r.Duties, Place: r.Place, DaysPerWeek: r.DaysPerWeek, RestDays: r.RestDays,
		AnnualLeaveDays: r.AnnualLeaveDays, ProbationDays: r.ProbationDays, RepatriationTo: r.RepatriationTo,
		NoticeEmployerWeeks: r.NoticeEmployerWeeks, NoticeWorkerWeeks: r.NoticeWorkerWeeks, ForeignSocialSecurity: r.ForeignSocialSecurity,
		LanguagesConfirmed: r.LanguagesConfirmed}
	if r.StartDate != nil {
		t.StartDate = *r.StartDate
	}
	return t
}

// contractGenerate is POST /applications/:id/contracts and its API twin. A
// salary below the minimum is refused with the figures (the problem's args).
func (a *App) contractGenerate(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req contractRequest
	var ct *store.Contract
	if err = a.bind(c, &req); err == nil {
		ctx, cancel := a.pdfContext(c)
		ct, err = a.store.Contracts.Generate(ctx, actor(c), id, req.terms())
		cancel()
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderContracts(c, id, f) })
	}
	return a.answer(c, result{status: http.StatusCreated, body: toContractAPI(*ct), location: v1 + "/contracts/" + itoa64(ct.ID),
		flash: "flash.contract_generated", redirect: contractsURL(id) + "#contract-" + itoa64(ct.ID)})
}

// contractFileName names a contract's PDF by its reference.
func contractFileName(ct *store.Contract) string {
	return strings.ReplaceAll(ct.Reference, "/", "-") + ".pdf"
}

// contractPDF is GET /contracts/:id/pdf and its API twin: the stored PDF;
// reading is not a reprint.
func (a *App) contractPDF(c echo.Context) error {
	id, err := pathID(c)
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

// contractReprint is POST /contracts/:id/reprint and its API twin: the
// stored PDF again, byte for byte, and the reprint counted.
func (a *App) contractReprint(c echo.Context) error {
	id, err := pathID(c)
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

type contractBoardAPI struct {
	Breakfast     bool `json:"breakfast"`
	Midday        bool `json:"midday"`
	Evening       bool `json:"evening"`
	Lodging       bool `json:"lodging"`
	WholeDwelling bool `json:"whole_dwelling"`
	// DaysPerMonth: 0 means the 365/12 convention (every day of an average month).
	DaysPerMonth int `json:"days_per_month"`
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

func (a *App) apiContracts(c echo.Context) error {
	id, err := pathID(c)
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
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ct, err := a.store.Contracts.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toContractAPI(*ct))
}
