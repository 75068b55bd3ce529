package salaryscales

import (
	"slices"
	"strings"
	"time"

	"github.com/carddesk/carddesk/models"
)

// ContractTerms is what a clerk fills in to draw up a standard employment
// contract: the terms agreed and the particulars ILO C189 art. 7 requires
// that the records of the card lifecycle do not hold (addresses, workplace,
// duties, ...). The category and weekly hours are the employment's; the
// minimum comes from the version in force on StartDate (MinimumOn).
type ContractTerms struct {
	// Language is chosen explicitly (fr, nl, de, en), never taken from the
	// page's language; SecondLanguage, optional, is printed side by side.
	Language       string
	SecondLanguage string
	// StartDate zero means the default start (DefaultContractStart).
	StartDate    time.Time
	EndDate      *time.Time
	GrossMonthly Cents
	Board        BoardTerms

	EmployerFunction      string
	EmployerAddress       string
	WorkerAddress         string
	Workplace             string
	Duties                string
	Place                 string
	DaysPerWeek           int
	RestDays              []time.Weekday
	AnnualLeaveDays       int
	ProbationDays         int
	RepatriationTo        string
	NoticeEmployerWeeks   int
	NoticeWorkerWeeks     int
	ForeignSocialSecurity string
	// LanguagesConfirmed: the clerk confirms that a worker who reads none
	// of the contract's languages will have it explained in one they
	// understand (models.CheckContractLanguages).
	LanguagesConfirmed bool
}

// Normalize trims the texts, lower-cases the languages, reduces dates to
// calendar days and sorts the rest days.
func (t *ContractTerms) Normalize() {
	for _, p := range []*string{&t.Language, &t.SecondLanguage, &t.EmployerFunction, &t.EmployerAddress, &t.WorkerAddress,
		&t.Workplace, &t.Duties, &t.Place, &t.RepatriationTo, &t.ForeignSocialSecurity} {
		*p = strings.TrimSpace(*p)
	}
	t.Language, t.SecondLanguage = strings.ToLower(t.Language), strings.ToLower(t.SecondLanguage)
	if !t.StartDate.IsZero() {
		t.StartDate = Day(t.StartDate)
	}
	if t.EndDate != nil {
		d := Day(*t.EndDate)
		t.EndDate = &d
	}
	// Calendar order as a Belgian week runs: Monday first, Sunday last.
	slices.SortFunc(t.RestDays, func(a, b time.Weekday) int { return mondayFirst(a) - mondayFirst(b) })
	t.RestDays = slices.Compact(t.RestDays)
}

// mondayFirst is d's rank in a week that starts on Monday.
func mondayFirst(d time.Weekday) int { return (int(d) + 6) % 7 }

// LegalLeaveWeeks is the legal minimum of paid annual leave: four weeks of
// the worker's working days (20 days for five days a week, 24 for six).
const LegalLeaveWeeks = 4

// ValidateLaw reports the terms Belgian law does not allow in a contract of
// employment job, with settings s: a trial period unless the setting allows
// one (and then bounded), annual leave below the legal minimum, and a
// lodging deduction for a worker who does not live in.
func (t ContractTerms) ValidateLaw(job models.Employment, s models.Settings) error {
	var v models.Validation
	switch {
	case t.ProbationDays > 0 && !s.ProbationAllowed:
		v.Add("probation_days", "probation_not_allowed",
			"Trial periods were abolished for contracts starting from 1 January 2014 and are void: enter 0.")
	case t.ProbationDays > s.MaxProbationDays:
		v.Add("probation_days", "out_of_range", "A trial period lasts at most {{.max}} days.", map[string]any{"max": s.MaxProbationDays})
	}
	if min := LegalLeaveWeeks * t.DaysPerWeek; t.DaysPerWeek >= 1 && t.AnnualLeaveDays > 0 && t.AnnualLeaveDays < min {
		v.Add("annual_leave_days", "below_legal_minimum",
			"The legal minimum is {{.min}} days of paid annual leave for {{.days}} working days a week (four weeks).",
			map[string]any{"min": min, "days": t.DaysPerWeek})
	}
	if !job.LiveIn && (t.Board.Lodging || t.Board.WholeDwelling) {
		v.Add("board.lodging", "lodging_live_out",
			"The worker does not live in: no lodging may be deducted. Record the employment as live-in if the employer provides the room.")
	}
	return v.Err()
}

// ContractLanguages are the languages a contract is drawn up in: the binding
// text (contracts.ContractLanguages) and the translations that may be printed
// beside it (contracts.SecondLanguages). The caller passes them, so this
// package stays free of the PDF layer.
type ContractLanguages struct {
	Binding []string
	Second  []string
}

// Validate reports every missing or impossible term at once, keyed by the
// form and API field names, for a contract of employment job.
func (t ContractTerms) Validate(job models.Employment, langs ContractLanguages) error {
	var v models.Validation
	switch {
	case t.Language == "":
		v.Add("language", "required", "Choose the language the contract is drawn up in: French, Dutch, German or English.")
	case !slices.Contains(langs.Binding, t.Language):
		v.Add("language", "unsupported_language", "Choose French, Dutch, German or English for the contract.")
	}
	if t.SecondLanguage != "" {
		if t.SecondLanguage == t.Language {
			v.Add("second_language", "same_language", "The second language must differ from the first.")
		} else if !slices.Contains(langs.Second, t.SecondLanguage) {
			v.Add("second_language", "unsupported_language", "No contract translation exists for this language.")
		}
	}
	if t.GrossMonthly <= 0 {
		v.Add("gross_monthly_salary", "required", "Enter the gross monthly salary agreed, in euros.")
	}
	for _, f := range []struct{ field, value, msg string }{
		{"employer_function", t.EmployerFunction, "Enter the employer's function at the mission."},
		{"employer_address", t.EmployerAddress, "Enter the employer's address."},
		{"worker_address", t.WorkerAddress, "Enter the worker's address in Belgium."},
		{"workplace", t.Workplace, "Enter the usual place of work (an address)."},
		{"duties", t.Duties, "Describe the work agreed."},
		{"place", t.Place, "Enter where the contract is signed."},
		{"repatriation_to", t.RepatriationTo, "Enter where the return journey at the end of the contract goes."},
	} {
		if f.value == "" {
			v.Add(f.field, "required", f.msg)
		}
	}
	if !t.StartDate.IsZero() {
		if t.StartDate.Before(models.CalendarDay(job.StartsOn)) {
			v.Add("start_date", "before_employment", "The contract cannot start before the employment ({{.date}}).",
				map[string]any{"date": job.StartsOn.Format(time.DateOnly)})
		}
		if job.EndsOn != nil && t.StartDate.After(models.CalendarDay(*job.EndsOn)) {
			v.Add("start_date", "after_employment", "The contract cannot start after the employment ends ({{.date}}).",
				map[string]any{"date": job.EndsOn.Format(time.DateOnly)})
		}
	}
	if t.EndDate != nil && !t.StartDate.IsZero() && !t.EndDate.After(t.StartDate) {
		v.Add("end_date", "before_start", "The end date must come after the start date.")
	}
	if t.DaysPerWeek < 1 || t.DaysPerWeek > 6 {
		v.Add("days_per_week", "out_of_range", "Enter the working days a week: 1 to 6, so that the weekly rest of at least 24 hours remains.")
	}
	if len(t.RestDays) > 0 && t.DaysPerWeek >= 1 && len(t.RestDays) != 7-t.DaysPerWeek {
		v.Add("rest_days", "rest_days_mismatch", "Tick one rest day for each day of the week not worked.")
	}
	if t.AnnualLeaveDays <= 0 || t.AnnualLeaveDays > 60 {
		v.Add("annual_leave_days", "out_of_range", "Enter the days of paid annual leave (the contract must grant it).")
	}
	for _, n := range []struct {
		field string
		value int
	}{{"probation_days", t.ProbationDays}, {"notice_employer_weeks", t.NoticeEmployerWeeks}, {"notice_worker_weeks", t.NoticeWorkerWeeks}} {
		if n.value < 0 || n.value > 366 {
			v.Add(n.field, "out_of_range", "Enter a number of 0 or more.")
		}
	}
	return v.Err()
}

// DefaultContractStart is the start date a new contract for job gets unless
// the clerk chooses another: today, or the first day of the employment when
// it lies ahead.
func DefaultContractStart(job models.Employment, now time.Time) time.Time {
	start := models.CalendarDay(job.StartsOn)
	if t := models.CalendarDay(now); t.After(start) {
		return t
	}
	return start
}

// Weekday names as stored and as forms and the API name them.
var weekdayNames = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// ParseWeekday reads a weekday name ("sunday").
func ParseWeekday(s string) (time.Weekday, bool) {
	i := slices.Index(weekdayNames, strings.ToLower(strings.TrimSpace(s)))
	return time.Weekday(i), i >= 0
}

// WeekdayName is the stored name of d.
func WeekdayName(d time.Weekday) string { return weekdayNames[d] }

// FormatWeekdays joins weekday names with commas, as stored.
func FormatWeekdays(days []time.Weekday) string {
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = weekdayNames[d]
	}
	return strings.Join(names, ",")
}

// ParseWeekdays reads a stored list of weekday names.
func ParseWeekdays(s string) []time.Weekday {
	var out []time.Weekday
	for _, part := range strings.Split(s, ",") {
		if d, ok := ParseWeekday(part); ok {
			out = append(out, d)
		}
	}
	return out
}

// Codes of the pay rule (models.CheckApplicationPay), named here too for the
// scale's callers.
const (
	CodeContractRequired     = models.CodeContractRequired
	CodeContractBelowMinimum = models.CodeContractBelowMinimum
)
