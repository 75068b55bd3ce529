package contracts

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/carddesk/carddesk/models"
)

// Snapshot is everything printed on one contract, fixed at the moment it is
// generated: data in, PDF bytes out. Money is in euro cents; dates are
// calendar days (their time of day is ignored). The same snapshot always
// gives the same bytes.
type Snapshot struct {
	// Reference is the contract's unique reference, printed on every page.
	Reference string
	// Language is the language the contract is drawn up in: fr, nl, de or en.
	// It is chosen explicitly, never taken from the page's language.
	Language string
	// SecondLanguage, when set, is printed side by side with Language: any
	// language with a complete contract translation (SecondLanguages).
	SecondLanguage string
	// A second language other than French, Dutch, German and English, or a
	// text not reviewed by a sworn translator, is printed as a translation
	// for information; the contract's Language is binding.
	//
	// Texts are the texts in use (NewLibrary: the published versions); nil
	// prints the embedded ones.
	Texts *Library
	// Date is the day the contract is drawn up; it is also written as the
	// PDF's creation date.
	Date  time.Time
	Place string // where the contract is signed, e.g. "Brussels"

	Employer Employer
	Worker   Worker

	Workplace string // the usual place of work (an address)
	LivesIn   bool   // the worker lives in the employer's household

	StartDate time.Time
	EndDate   time.Time // zero for an indefinite period

	// Category is the category of work (models.JobCategories), which each
	// language names itself.
	Category string
	Duties   string // the work as agreed, in the parties' own words

	WeeklyHours float64
	DaysPerWeek int

	GrossMonthly   int64 // the salary agreed, gross, per month
	Minimum        int64 // the minimum gross monthly pay that applies (pro rata)
	MinimumHourly  int64
	SeniorityYears int
	Scale          ScaleRef

	IBAN  string // the worker's own account; optional
	Board Board

	AnnualLeaveDays int // paid annual leave, in working days
	DailyRestHours  int // consecutive hours of daily rest
	WeeklyRestHours int // consecutive hours of weekly rest (at least 24)
	RestDays        []time.Weekday
	ProbationDays   int // 0: no probation period

	RepatriationTo string // where the return journey goes, e.g. "Manila, Philippines"

	// NoticeEmployerWeeks and NoticeWorkerWeeks are agreed notice periods;
	// both 0 means the statutory periods of the Act of 3 July 1978.
	NoticeEmployerWeeks int
	NoticeWorkerWeeks   int

	// ForeignSocialSecurity names the foreign scheme that covers the worker;
	// empty means Belgian social security.
	ForeignSocialSecurity string
}

// Employer is the member of the mission who employs the worker.
type Employer struct {
	Name     string
	Function string // e.g. "First Secretary"
	Mission  string // e.g. "Embassy of the Republic of X"
	Address  string
}

// Worker is the private domestic worker.
type Worker struct {
	Name           string
	Nationality    string
	DateOfBirth    time.Time
	PassportNumber string
	Address        string
}

// ScaleRef says which salary-scale version the minimum comes from.
type ScaleRef struct {
	VersionID     int64
	EffectiveDate time.Time
	// Stale is set when the version was older than the configured maximum
	// age (StaleMonths, 12 by default) on the contract's date; the contract
	// then says so.
	Stale       bool
	StaleMonths int
}

// Board is what the contract says about food and accommodation and the
// deduction that follows (computed by salaryscales.Deductions).
type Board struct {
	Breakfast, Midday, Evening, Lodging bool
	WholeDwelling                       bool
	// Daily amounts of the scale version, for each item provided.
	BreakfastAmount, MiddayAmount, EveningAmount, LodgingAmount int64
	PerDay                                                      int64
	DaysPerMonth                                                int // 0: the 365/12 convention
	Deducted                                                    int64
	CapPercent                                                  int
	Capped                                                      bool
	CashPaid                                                    int64
}

// any reports whether the contract provides any board or lodging that is deducted.
func (b Board) any() bool { return b.Breakfast || b.Midday || b.Evening || b.Lodging }

// check reports missing or impossible fields before anything is drawn.
func (s Snapshot) check() error {
	var v models.Validation
	req := func(field, value string) {
		if strings.TrimSpace(value) == "" {
			v.Add(field, "required", fmt.Sprintf("%s is required to draw up the contract.", field))
		}
	}
	if !slices.Contains(ContractLanguages, s.Language) {
		v.Add("language", "unsupported_language", "Choose French, Dutch, German or English for the contract.")
	}
	if s.SecondLanguage != "" {
		if s.SecondLanguage == s.Language {
			v.Add("second_language", "same_language", "The second language must differ from the first.")
		} else if lib := s.Texts.of(); lib[s.SecondLanguage] == nil || len(lib[s.SecondLanguage].Contract) == 0 || !lib.complete(lib[s.SecondLanguage], contractSection) {
			v.Add("second_language", "unsupported_language", fmt.Sprintf("No contract translation exists for %q.", s.SecondLanguage))
		}
	}
	req("reference", s.Reference)
	req("place", s.Place)
	req("employer.name", s.Employer.Name)
	req("employer.function", s.Employer.Function)
	req("employer.mission", s.Employer.Mission)
	req("employer.address", s.Employer.Address)
	req("worker.name", s.Worker.Name)
	req("worker.address", s.Worker.Address)
	req("worker.nationality", s.Worker.Nationality)
	req("worker.passport_number", s.Worker.PassportNumber)
	req("workplace", s.Workplace)
	if s.Category == "" {
		req("category", s.Category)
	} else if !models.JobCategory(s.Category).Valid() {
		v.Add("category", "unknown_category", fmt.Sprintf("%q is not a category of work.", s.Category))
	}
	req("duties", s.Duties)
	req("repatriation_to", s.RepatriationTo)
	for field, d := range map[string]time.Time{"date": s.Date, "start_date": s.StartDate, "worker.date_of_birth": s.Worker.DateOfBirth, "scale.effective_date": s.Scale.EffectiveDate} {
		if d.IsZero() {
			v.Add(field, "required", fmt.Sprintf("%s is required to draw up the contract.", field))
		}
	}
	if !s.EndDate.IsZero() && !s.EndDate.After(s.StartDate) {
		v.Add("end_date", "before_start", "The end date must come after the start date.")
	}
	if s.WeeklyHours <= 0 {
		v.Add("weekly_hours", "required", "Weekly hours are required.")
	}
	if s.GrossMonthly <= 0 || s.Minimum <= 0 {
		v.Add("gross_monthly_salary", "required", "The salary agreed and the minimum that applies are required.")
	}
	if s.GrossMonthly < s.Minimum {
		// salaryscales.CheckSalary refuses this earlier with the figures;
		// a contract below the minimum is never printed.
		v.Add("gross_monthly_salary", "salary_below_minimum", "The salary agreed is below the minimum that applies.")
	}
	if s.Scale.VersionID == 0 {
		v.Add("scale.version_id", "required", "The salary scale version is required.")
	}
	if s.DailyRestHours != 0 && s.DailyRestHours < 11 {
		v.Add("daily_rest_hours", "too_short", "Daily rest is at least 11 consecutive hours.")
	}
	if s.WeeklyRestHours != 0 && s.WeeklyRestHours < 24 {
		v.Add("weekly_rest_hours", "too_short", "Weekly rest is at least 24 consecutive hours.")
	}
	if s.Board.WholeDwelling && !s.Board.Lodging {
		v.Add("board.whole_dwelling", "whole_dwelling_without_lodging", "A whole dwelling is lodging.")
	}
	return v.Err()
}

// withDefaults fills the legal defaults a clerk rarely changes.
func (s Snapshot) withDefaults() Snapshot {
	if s.DaysPerWeek == 0 {
		s.DaysPerWeek = 5
	}
	if s.AnnualLeaveDays == 0 {
		s.AnnualLeaveDays = 20
	}
	if s.DailyRestHours == 0 {
		s.DailyRestHours = 11
	}
	if s.WeeklyRestHours == 0 {
		s.WeeklyRestHours = 24
	}
	if s.Scale.StaleMonths == 0 {
		s.Scale.StaleMonths = 12
	}
	return s
}
