package salaryscales

import (
	"fmt"
	"math"
	"time"

	"github.com/carddesk/carddesk/models"
)

// Minimum is the minimum pay that applies to one employment under one scale
// version, with everything needed to show where it comes from.
type Minimum struct {
	VersionID     int64
	EffectiveDate time.Time
	Category      string
	// SeniorityYears is the worker's seniority; StepFromYears the step it falls in.
	SeniorityYears int
	StepFromYears  int
	WeeklyHours    float64
	// ReferenceWeeklyHours is the week the scale's monthly amounts are set for.
	ReferenceWeeklyHours float64
	// FullTimeMonthly is the scale's monthly amount for the reference week;
	// Monthly is that amount pro rata to WeeklyHours.
	FullTimeMonthly Cents
	Monthly         Cents
	Hourly          Cents
}

// hundredths turns hours into hundredths of an hour, so that pro-rata
// computations stay in integers.
func hundredths(h float64) int64 { return int64(math.Round(h * 100)) }

// MinimumFor returns the minimum gross monthly pay and hourly rate of v for
// category, a seniority in completed years and a number of weekly hours. The
// step is the last one whose FromYears does not exceed the seniority; the
// monthly amount is pro rata to weeklyHours against the reference week,
// rounded to the cent.
func MinimumFor(v Version, category string, seniorityYears int, weeklyHours float64) (Minimum, error) {
	var val models.Validation
	if _, ok := v.Category(category); !ok {
		val.Add("category", "unknown_category",
			"The salary scale of {{.effective_date}} has no category {{.category}}.",
			map[string]any{"effective_date": Day(v.EffectiveDate).Format(time.DateOnly), "category": category})
	}
	if seniorityYears < 0 {
		val.Add("seniority", "negative", "Seniority cannot be negative.")
	}
	if math.IsNaN(weeklyHours) || weeklyHours <= 0 || weeklyHours > maxWeeklyHours {
		val.Add("weekly_hours", "out_of_range", "Weekly hours must be more than 0 and at most {{.max}}.", map[string]any{"max": maxWeeklyHours})
	}
	ref := hundredths(v.ReferenceWeeklyHours)
	if ref <= 0 {
		val.Add("reference_weekly_hours", "out_of_range", "The salary scale has no reference week.")
	}
	if err := val.Err(); err != nil {
		return Minimum{}, err
	}
	step, found := -1, false
	for _, s := range v.Steps {
		if s <= seniorityYears && s >= step {
			step, found = s, true
		}
	}
	r, ok := v.Rate(category, step)
	if !found || !ok {
		return Minimum{}, models.Fail(models.KindInternal, "scale_incomplete",
			"The salary scale of {{.effective_date}} has no rate for {{.category}} at {{.years}} years.").
			With("effective_date", Day(v.EffectiveDate).Format(time.DateOnly)).With("category", category).With("years", seniorityYears)
	}
	return Minimum{
		VersionID:            v.ID,
		EffectiveDate:        Day(v.EffectiveDate),
		Category:             category,
		SeniorityYears:       seniorityYears,
		StepFromYears:        step,
		WeeklyHours:          weeklyHours,
		ReferenceWeeklyHours: v.ReferenceWeeklyHours,
		FullTimeMonthly:      r.Monthly,
		Monthly:              Cents(mulDivRound(int64(r.Monthly), hundredths(weeklyHours), ref)),
		Hourly:               r.Hourly,
	}, nil
}

// MinimumOn is the rule an employment is checked against: the version in
// force on date (a contract's start date, or the renewal date), the
// seniority completed from employmentStart to date, category and weekly
// hours. It returns the minimum and the version it came from.
func MinimumOn(versions []Version, date time.Time, category string, employmentStart time.Time, weeklyHours float64) (Minimum, Version, error) {
	v, err := InForce(versions, date)
	if err != nil {
		return Minimum{}, Version{}, err
	}
	m, err := MinimumFor(v, category, Seniority(employmentStart, date), weeklyHours)
	return m, v, err
}

// ErrSalaryBelowMinimum is the code of the error CheckSalary returns.
const ErrSalaryBelowMinimum = "salary_below_minimum"

// CheckSalary refuses a gross monthly salary below the minimum, with the
// figures a clerk needs: the salary offered, the minimum and the scale
// version it comes from. The error's Args carry offered, minimum (both
// Cents), version_id, effective_date (YYYY-MM-DD), category, seniority and
// weekly_hours; its field is gross_monthly_salary.
func CheckSalary(offered Cents, min Minimum) error {
	if offered >= min.Monthly {
		return nil
	}
	eff := min.EffectiveDate.Format(time.DateOnly)
	msg := "The gross monthly salary of EUR {{.offered}} is below the minimum of EUR {{.minimum}} that applies " +
		"(category {{.category}}, {{.seniority}} years of seniority, {{.weekly_hours}} hours a week; salary scale version {{.version_id}} of {{.effective_date}})."
	args := map[string]any{
		"offered":        offered,
		"minimum":        min.Monthly,
		"version_id":     min.VersionID,
		"effective_date": eff,
		"category":       min.Category,
		"seniority":      min.SeniorityYears,
		"weekly_hours":   min.WeeklyHours,
	}
	return &models.Error{
		Kind:    models.KindInvalid,
		Code:    ErrSalaryBelowMinimum,
		Message: msg,
		Args:    args,
		Fields:  []models.FieldError{{Field: "gross_monthly_salary", Code: ErrSalaryBelowMinimum, Message: msg, Args: args}},
	}
}

func formatHours(h float64) string {
	s := fmt.Sprintf("%.2f", h)
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	return trimDot(s)
}

func trimDot(s string) string {
	if s[len(s)-1] == '.' {
		return s[:len(s)-1]
	}
	return s
}

// BoardTerms is what the contract says, in writing and before work starts,
// about the board and lodging the employer provides and may deduct.
type BoardTerms struct {
	Breakfast, Midday, Evening bool // meals provided each day
	Lodging                    bool // a room
	WholeDwelling              bool // a whole dwelling rather than a room; raises the cap
	// DaysPerMonth is the number of days a month the board is provided; 0
	// means the convention DaysPerMonthConvention (every calendar day of an
	// average month, 365/12), which fits a worker who lives in.
	DaysPerMonth int
}

// DaysPerMonthConvention names the convention used when BoardTerms.DaysPerMonth is 0.
const DaysPerMonthConvention = "365/12"

// Deduction is the board-and-lodging deduction for one month and the cash
// that remains to be paid.
type Deduction struct {
	PerDay       Cents  // sum of the daily amounts of what is provided
	Days         string // "365/12" or the number of days a month
	Uncapped     Cents  // PerDay times the days, rounded to the cent
	CapPercent   int
	Cap          Cents // CapPercent of gross, rounded down so the cap is never exceeded
	Deducted     Cents // the smaller of Uncapped and Cap
	Capped       bool  // the cap applied
	GrossMonthly Cents
	CashPaid     Cents // GrossMonthly - Deducted
}

// Deductions computes the monthly board-and-lodging deduction allowed
// against gross under the daily amounts and caps of v, and the cash paid.
// Only what terms list is counted; with no terms, nothing is deducted.
func Deductions(v Version, terms BoardTerms, gross Cents) (Deduction, error) {
	var val models.Validation
	if gross < 0 {
		val.Add("gross_monthly_salary", "negative", "The gross salary cannot be negative.")
	}
	if terms.WholeDwelling && !terms.Lodging {
		val.Add("board.whole_dwelling", "whole_dwelling_without_lodging", "A whole dwelling is lodging: tick lodging too.")
	}
	if terms.DaysPerMonth < 0 || terms.DaysPerMonth > 31 {
		val.Add("board.days_per_month", "out_of_range", "Days a month must be between 1 and 31, or empty for the 365/12 convention.")
	}
	if err := val.Err(); err != nil {
		return Deduction{}, err
	}
	var perDay Cents
	if terms.Breakfast {
		perDay += v.Board.Breakfast
	}
	if terms.Midday {
		perDay += v.Board.Midday
	}
	if terms.Evening {
		perDay += v.Board.Evening
	}
	if terms.Lodging {
		perDay += v.Board.Lodging
	}
	d := Deduction{PerDay: perDay, GrossMonthly: gross, CapPercent: v.DeductionCapPercent}
	if terms.DaysPerMonth == 0 {
		d.Days = DaysPerMonthConvention
		d.Uncapped = Cents(mulDivRound(int64(perDay), 365, 12))
	} else {
		d.Days = fmt.Sprint(terms.DaysPerMonth)
		d.Uncapped = perDay * Cents(terms.DaysPerMonth)
	}
	if terms.WholeDwelling {
		d.CapPercent = v.WholeDwellingCapPercent
	}
	d.Cap = Cents(int64(gross) * int64(d.CapPercent) / 100)
	d.Deducted = d.Uncapped
	if d.Deducted > d.Cap {
		d.Deducted, d.Capped = d.Cap, true
	}
	d.CashPaid = gross - d.Deducted
	return d, nil
}
