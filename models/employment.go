package models

import (
	"slices"
	"time"
)

// JobCategory is the Joint Committee 323 category of the work; the main task
// decides it, and it selects the minimum wage.
type JobCategory string

// Job categories.
const (
	JobCleaning  JobCategory = "cleaning"
	JobHousehold JobCategory = "household"
	JobChildcare JobCategory = "childcare"
)

// JobCategories lists every category, in the order forms show them. It is
// the one list of categories of work: an employment names one of them, and
// a salary scale version gives its minimums for them (salary_scales refuses
// a scale row for any other code). The database holds the same list in the
// job_categories table (migration 00022), which the employments, the
// contracts and the scale versions are checked against.
var JobCategories = []JobCategory{JobCleaning, JobHousehold, JobChildcare}

// jobCategoryLabels are the English names of the categories, as a salary
// scale labels its rows by default.
var jobCategoryLabels = map[JobCategory]string{
	JobCleaning: "Cleaning", JobHousehold: "Household work", JobChildcare: "Childcare",
}

// Label is the English name of the category ("Household work"); pages
// translate the code ("job.household").
func (c JobCategory) Label() string {
	if l, ok := jobCategoryLabels[c]; ok {
		return l
	}
	return string(c)
}

// Valid reports whether c is a known category.
func (c JobCategory) Valid() bool { return slices.Contains(JobCategories, c) }

// MaxWeeklyHours is the most weekly hours a contract may state: the EU
// Working Time Directive's 48-hour average. Excessive overtime is one of the
// ILO's forced-labour indicators, so a contract above it is refused outright.
const MaxWeeklyHours = 48

// Employment is a worker's job with one employer. A worker who changes
// employer gets a new Employment; the old one is ended, never rewritten, so
// the worker's history stays true.
type Employment struct {
	ID         int64
	WorkerID   int64
	EmployerID int64
	StartsOn   time.Time
	// EndsOn is the last day of work, when known. A card never outlives it.
	EndsOn      *time.Time
	JobCategory JobCategory
	WeeklyHours float64
	// LiveIn: the worker lives in the employer's household.
	LiveIn    bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Normalize reduces dates to calendar days.
func (e *Employment) Normalize() {
	if !e.StartsOn.IsZero() {
		e.StartsOn = CalendarDay(e.StartsOn)
	}
	if e.EndsOn != nil {
		d := CalendarDay(*e.EndsOn)
		e.EndsOn = &d
	}
}

// Validate checks an employment record. Call Normalize first.
func (e Employment) Validate() error {
	var v Validation
	if e.WorkerID <= 0 {
		v.Add("worker_id", "required", "Choose the worker.")
	}
	if e.EmployerID <= 0 {
		v.Add("employer_id", "required", "Choose the employer.")
	}
	if e.StartsOn.IsZero() {
		v.Add("starts_on", "required", "Enter the start date.")
	}
	if e.EndsOn != nil && !e.StartsOn.IsZero() && e.EndsOn.Before(e.StartsOn) {
		v.Add("ends_on", "before_start", "The end date cannot be before the start date.")
	}
	if !e.JobCategory.Valid() {
		v.Add("job_category", "invalid_choice", "Choose cleaning, household or childcare, by the main task.")
	}
	if e.WeeklyHours <= 0 || e.WeeklyHours > MaxWeeklyHours {
		v.Add("weekly_hours", "out_of_range", "Enter the weekly hours of the contract, at most {{.max}}.", map[string]any{"max": MaxWeeklyHours})
	}
	return v.Err()
}

// ActiveOn reports whether the employment runs on day.
func (e Employment) ActiveOn(day time.Time) bool {
	d := CalendarDay(day)
	if d.Before(CalendarDay(e.StartsOn)) {
		return false
	}
	return e.EndsOn == nil || !d.After(CalendarDay(*e.EndsOn))
}

// Ended reports whether the employment is over on day.
func (e Employment) Ended(day time.Time) bool {
	return e.EndsOn != nil && CalendarDay(day).After(CalendarDay(*e.EndsOn))
}
