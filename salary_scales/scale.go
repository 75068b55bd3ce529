// Package salaryscales owns the indicative salary scales of the standard
// employment contract: versions that are drafted, validated and published
// (never edited once published, only superseded), the version in force on a
// date, and the minimum pay that follows for a category, a seniority and a
// number of weekly hours, with the board-and-lodging deductions allowed
// against it.
//
// The package is pure: plain structs in, plain structs or domain errors
// (models.Error) out. Money is in euro cents (Cents, an int64), dates are
// calendar days held as time.Time at UTC midnight (see Day). Storage and
// pages live in app/.
package salaryscales

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"time"

	"github.com/carddesk/carddesk/models"
)

// Status is where a scale version stands. A version is drafted, then
// published; a published version is never edited again. "Superseded" is not
// stored: it follows from a later published version being in force (see
// Superseded).
type Status string

// Scale version statuses.
const (
	StatusDraft     Status = "draft"
	StatusPublished Status = "published"
)

// Default parameters of a new scale version.
const (
	// DefaultReferenceWeeklyHours is the full-time week the amounts are set for.
	DefaultReferenceWeeklyHours = 38
	// DefaultDeductionCapPercent caps board-and-lodging deductions as a share of gross pay.
	DefaultDeductionCapPercent = 20
	// DefaultWholeDwellingCapPercent is the cap when a whole dwelling is provided.
	DefaultWholeDwellingCapPercent = 40
	// DefaultMaxAgeMonths is the age past which the version in force is stale.
	DefaultMaxAgeMonths = 12
)

// The three Joint Committee 323 categories every scale starts with; the main
// task decides which one applies. An admin may add others.
const (
	CategoryCleaning  = "cleaning"
	CategoryHousehold = "household"
	CategoryChildcare = "childcare"
)

// Category is a kind of domestic work with its own line of minimum pay.
// Code is stable and machine-readable (lowercase letters, digits and
// underscores); Label is the English name shown to staff. Contracts translate
// the three default codes and print Label for any other.
type Category struct {
	Code  string
	Label string
}

// DefaultCategories returns the three Joint Committee 323 categories.
func DefaultCategories() []Category {
	return []Category{
		{Code: CategoryCleaning, Label: "Cleaning"},
		{Code: CategoryHousehold, Label: "Household work"},
		{Code: CategoryChildcare, Label: "Childcare"},
	}
}

// Rate is the minimum pay of one category from one seniority step on: the
// gross monthly pay for the reference week and the gross hourly rate.
type Rate struct {
	Category string
	// FromYears is the step: the rate applies from this many completed years
	// of seniority on (0 = from the first day).
	FromYears int
	Monthly   Cents
	Hourly    Cents
}

// BoardAndLodging holds the fixed daily amounts that may be deducted for
// meals and a room, when the contract says so before work starts.
type BoardAndLodging struct {
	Breakfast Cents
	Midday    Cents
	Evening   Cents
	Lodging   Cents
}

// Version is one version of the salary scale. Steps and Rates together form
// the table: one Rate per category and step.
type Version struct {
	ID            int64
	Status        Status
	EffectiveDate time.Time // first day the version applies; a calendar day (see Day)
	PublishedAt   time.Time // set by Publish; zero for a draft
	// BasedOnID is the version a draft was started from (0 for none).
	BasedOnID int64

	ReferenceWeeklyHours float64
	Categories           []Category
	// Steps are the seniority steps in completed years, ascending, starting at 0.
	Steps []int
	Rates []Rate

	Board                   BoardAndLodging
	DeductionCapPercent     int // of gross monthly pay
	WholeDwellingCapPercent int // of gross monthly pay, when a whole dwelling is provided

	// SourceNote says where the amounts come from, so a reader can check them.
	SourceNote string
}

// SeedSourceNote labels the seed version so that the first thing an admin
// reads is that it must be replaced.
const SeedSourceNote = "SEED VERSION - replace it. These are not the Joint Committee 323 (domestic work) scales: " +
	"every category and step carries the national guaranteed minimum monthly income of EUR 2,070.48 gross " +
	"for 38 hours a week (EUR 12.57 an hour) from 1 May 2024, as published by Fairwork Belgium. " +
	"Board-and-lodging daily amounts: breakfast 0.55, midday meal 1.09, evening meal 0.84, lodging 0.74 EUR; " +
	"deductions capped at 20% of gross pay (40% with a whole dwelling). " +
	"Replace with the Joint Committee 323 tables from the FPS Employment minimum-wage database."

// Seed returns the version a new installation starts with: the national
// guaranteed minimum for all three default categories, published, effective
// 1 May 2024, clearly labelled as a seed. It is stale from the start on any
// date more than DefaultMaxAgeMonths later, which is the point.
func Seed() Version {
	v := Version{
		Status:                  StatusPublished,
		EffectiveDate:           time.Date(2024, time.May, 1, 0, 0, 0, 0, time.UTC),
		PublishedAt:             time.Date(2024, time.May, 1, 0, 0, 0, 0, time.UTC),
		ReferenceWeeklyHours:    DefaultReferenceWeeklyHours,
		Categories:              DefaultCategories(),
		Steps:                   []int{0},
		Board:                   BoardAndLodging{Breakfast: 55, Midday: 109, Evening: 84, Lodging: 74},
		DeductionCapPercent:     DefaultDeductionCapPercent,
		WholeDwellingCapPercent: DefaultWholeDwellingCapPercent,
		SourceNote:              SeedSourceNote,
	}
	for _, c := range v.Categories {
		v.Rates = append(v.Rates, Rate{Category: c.Code, FromYears: 0, Monthly: 207048, Hourly: 1257})
	}
	return v
}

// Day returns the calendar day of t (in t's own location) as UTC midnight:
// the form every date of this package is compared in.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Rate returns the rate of category at exactly step fromYears.
func (v Version) Rate(category string, fromYears int) (Rate, bool) {
	for _, r := range v.Rates {
		if r.Category == category && r.FromYears == fromYears {
			return r, true
		}
	}
	return Rate{}, false
}

// Category returns the category with code.
func (v Version) Category(code string) (Category, bool) {
	for _, c := range v.Categories {
		if c.Code == code {
			return c, true
		}
	}
	return Category{}, false
}

// Clone returns a deep copy of v, so that editing the copy's slices never
// touches v.
func (v Version) Clone() Version {
	v.Categories = slices.Clone(v.Categories)
	v.Steps = slices.Clone(v.Steps)
	v.Rates = slices.Clone(v.Rates)
	return v
}

var categoryCode = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// maxWeeklyHours bounds any week in this package: a value above it is a typo.
const maxWeeklyHours = 80

// Validate checks a version before it is saved or published and reports
// every problem at once, keyed by field:
//
//	effective_date, reference_weekly_hours, source_note,
//	deduction_cap_percent, whole_dwelling_cap_percent,
//	categories, categories[i].code, categories[i].label,
//	steps, steps[i],
//	rates[<category>][<from years>].monthly / .hourly, rates[i],
//	board.breakfast, board.midday, board.evening, board.lodging.
//
// Rules: no negative or missing amount (every amount must be above zero, and
// every category has a rate at every step); steps ascend strictly from 0; no
// step pays less than the one before it, monthly or hourly.
func Validate(v Version) error {
	var val models.Validation
	if v.EffectiveDate.IsZero() {
		val.Add("effective_date", "required", "Enter the date from which this version applies.")
	}
	if h := v.ReferenceWeeklyHours; math.IsNaN(h) || h <= 0 || h > maxWeeklyHours {
		val.Add("reference_weekly_hours", "out_of_range",
			"The reference week must be more than 0 and at most {{.max}} hours.", map[string]any{"max": maxWeeklyHours})
	}
	if v.SourceNote == "" {
		val.Add("source_note", "required", "Say where these amounts come from, so that a reader can check them.")
	}
	if v.DeductionCapPercent <= 0 || v.DeductionCapPercent > 100 {
		val.Add("deduction_cap_percent", "out_of_range", "The deduction cap must be a percentage between 1 and 100.")
	}
	if v.WholeDwellingCapPercent < v.DeductionCapPercent || v.WholeDwellingCapPercent > 100 {
		val.Add("whole_dwelling_cap_percent", "out_of_range",
			"The cap with a whole dwelling must be a percentage at least the ordinary cap and at most 100.")
	}
	for _, b := range []struct {
		field string
		c     Cents
	}{
		{"board.breakfast", v.Board.Breakfast}, {"board.midday", v.Board.Midday},
		{"board.evening", v.Board.Evening}, {"board.lodging", v.Board.Lodging},
	} {
		checkAmount(&val, b.field, b.c)
	}

	// Categories.
	if len(v.Categories) == 0 {
		val.Add("categories", "required", "Define at least one category.")
	}
	seenCat := map[string]bool{}
	var tableCats []Category // categories whose rates can be checked
	for i, c := range v.Categories {
		f := fmt.Sprintf("categories[%d]", i)
		switch {
		case !categoryCode.MatchString(c.Code):
			val.Add(f+".code", "invalid_code",
				"A category code is 1 to 40 lowercase letters, digits or underscores, starting with a letter.")
		case seenCat[c.Code]:
			val.Add(f+".code", "duplicate", "The category {{.category}} is defined twice.", map[string]any{"category": c.Code})
		default:
			tableCats = append(tableCats, c)
		}
		seenCat[c.Code] = true
		if c.Label == "" {
			val.Add(f+".label", "required", "Give the category a name.")
		}
	}

	// Steps.
	if len(v.Steps) == 0 {
		val.Add("steps", "required", "Define at least one seniority step, starting at year 0.")
	} else if v.Steps[0] != 0 {
		val.Add("steps[0]", "first_step_not_zero", "The first seniority step must start at 0 years, so that every worker has a minimum.")
	}
	for i := 1; i < len(v.Steps); i++ {
		if v.Steps[i] <= v.Steps[i-1] {
			val.Add(fmt.Sprintf("steps[%d]", i), "not_ascending",
				"Seniority steps must ascend: {{.years}} years follows {{.previous}} years.", map[string]any{"years": v.Steps[i], "previous": v.Steps[i-1]})
		}
	}

	// Rates: exactly one per category and step, amounts above zero,
	// never less than the step before.
	type key struct {
		cat  string
		from int
	}
	seenRate := map[key]bool{}
	for _, r := range v.Rates {
		f := rateField(r.Category, r.FromYears)
		args := map[string]any{"category": r.Category, "years": r.FromYears}
		switch {
		case !seenCat[r.Category]:
			val.Add(f, "unknown_category", "A rate names the category {{.category}}, which is not defined.", args)
		case !slices.Contains(v.Steps, r.FromYears):
			val.Add(f, "unknown_step", "A rate for {{.category}} names the step {{.years}} years, which is not defined.", args)
		case seenRate[key{r.Category, r.FromYears}]:
			val.Add(f, "duplicate", "The rate for {{.category}} from {{.years}} years is given twice.", args)
		}
		seenRate[key{r.Category, r.FromYears}] = true
	}
	for _, c := range tableCats {
		var prev *Rate
		for _, step := range v.Steps {
			f := rateField(c.Code, step)
			r, ok := v.Rate(c.Code, step)
			args := map[string]any{"category": c.Label, "years": step}
			if !ok {
				val.Add(f+".monthly", "required", "Enter the monthly minimum for {{.category}} from {{.years}} years.", args)
				val.Add(f+".hourly", "required", "Enter the hourly minimum for {{.category}} from {{.years}} years.", args)
				continue
			}
			checkAmount(&val, f+".monthly", r.Monthly)
			checkAmount(&val, f+".hourly", r.Hourly)
			if prev != nil {
				if r.Monthly < prev.Monthly {
					val.Add(f+".monthly", "below_previous_step",
						"{{.category}} from {{.years}} years pays {{.amount}} a month, less than {{.previous_amount}} from {{.previous_years}} years.",
						map[string]any{"category": c.Label, "years": step, "amount": r.Monthly.EUR(), "previous_amount": prev.Monthly.EUR(), "previous_years": prev.FromYears})
				}
				if r.Hourly < prev.Hourly {
					val.Add(f+".hourly", "below_previous_step",
						"{{.category}} from {{.years}} years pays {{.amount}} an hour, less than {{.previous_amount}} from {{.previous_years}} years.",
						map[string]any{"category": c.Label, "years": step, "amount": r.Hourly.EUR(), "previous_amount": prev.Hourly.EUR(), "previous_years": prev.FromYears})
				}
			}
			rr := r
			prev = &rr
		}
	}
	return val.Err()
}

// rateField names the field of one cell of the table, as forms and the API
// name it ("rates.cleaning.6.monthly").
func rateField(category string, fromYears int) string {
	return fmt.Sprintf("rates.%s.%d", category, fromYears)
}

func checkAmount(val *models.Validation, field string, c Cents) {
	switch {
	case c < 0:
		val.Add(field, "negative", "An amount cannot be negative.")
	case c == 0:
		val.Add(field, "required", "Enter an amount above zero.")
	}
}

// CanEdit reports whether v may still be changed: only a draft may.
func CanEdit(v Version) error {
	if v.Status != StatusDraft {
		return models.Fail(models.KindConflict, "scale_version_published",
			"A published salary scale version is never edited; start a new draft from it instead.")
	}
	return nil
}

// Publish checks draft against the rules and the versions already published
// and returns it published at the given time. The rules:
//   - only a draft is published, and it must pass Validate;
//   - no two published versions share an effective date, so the version in
//     force on any day is unambiguous;
//   - a new version takes effect after the one in force today: it may
//     supersede it or be scheduled later (a future effective date is
//     allowed), but it never rewrites a past that is already settled.
//
// versions may hold drafts and the draft itself; only other published
// versions count.
func Publish(draft Version, versions []Version, now time.Time) (Version, error) {
	if err := CanEdit(draft); err != nil {
		return draft, err
	}
	if err := Validate(draft); err != nil {
		return draft, err
	}
	eff := Day(draft.EffectiveDate)
	for _, p := range versions {
		if p.Status != StatusPublished || (draft.ID != 0 && p.ID == draft.ID) {
			continue
		}
		if Day(p.EffectiveDate).Equal(eff) {
			return draft, effectiveDateError("effective_date_taken",
				"Another published version already takes effect on {{.date}}; choose another date.", eff)
		}
	}
	if cur, err := InForce(versions, now); err == nil && !eff.After(Day(cur.EffectiveDate)) {
		return draft, effectiveDateError("effective_date_not_later",
			"The version in force took effect on {{.date}}; a new version must take effect after that date.", Day(cur.EffectiveDate))
	}
	out := draft.Clone()
	out.Status = StatusPublished
	out.EffectiveDate = eff
	out.PublishedAt = now
	return out, nil
}

func effectiveDateError(code, msg string, date time.Time) error {
	var val models.Validation
	val.Add("effective_date", code, msg, map[string]any{"date": date.Format(time.DateOnly)})
	return val.Err()
}

// ErrNoScaleInForce is the code of the error InForce returns when no
// published version has taken effect on the date asked.
const ErrNoScaleInForce = "no_scale_in_force"

// InForce returns the published version in force on date: the one with the
// latest effective date on or before it. Publish keeps effective dates
// unique; should two published versions share one anyway, InForce refuses
// to guess and returns an internal error.
func InForce(versions []Version, date time.Time) (Version, error) {
	d := Day(date)
	best := -1
	ambiguous := false
	for i, v := range versions {
		if v.Status != StatusPublished || Day(v.EffectiveDate).After(d) {
			continue
		}
		switch {
		case best < 0 || Day(v.EffectiveDate).After(Day(versions[best].EffectiveDate)):
			best, ambiguous = i, false
		case Day(v.EffectiveDate).Equal(Day(versions[best].EffectiveDate)):
			ambiguous = true
		}
	}
	if best < 0 {
		return Version{}, models.Fail(models.KindNotFound, ErrNoScaleInForce,
			"No published salary scale version is in force on {{.date}}.").With("date", d.Format(time.DateOnly))
	}
	if ambiguous {
		return Version{}, models.Fail(models.KindInternal, "scale_ambiguous",
			"Two published salary scale versions take effect on {{.date}}.").With("date", Day(versions[best].EffectiveDate).Format(time.DateOnly))
	}
	return versions[best], nil
}

// Superseded reports whether the published version v has been replaced, on
// date, by a later published version that is in force.
func Superseded(v Version, versions []Version, date time.Time) bool {
	if v.Status != StatusPublished {
		return false
	}
	cur, err := InForce(versions, date)
	return err == nil && Day(cur.EffectiveDate).After(Day(v.EffectiveDate))
}

// NewDraftFrom starts a draft from v (usually the version in force): the
// same table, amounts and source note, no identity, no effective date (the
// admin must choose one) and a link back to v.
func NewDraftFrom(v Version) Version {
	d := v.Clone()
	d.ID = 0
	d.Status = StatusDraft
	d.EffectiveDate = time.Time{}
	d.PublishedAt = time.Time{}
	d.BasedOnID = v.ID
	return d
}

// ApplyIndexation raises (or, with a negative percent, lowers) every monthly
// and hourly amount of the draft v by percent, each rounded to the nearest
// cent. percent is read to four decimals (2.0123%). The board-and-lodging
// daily amounts are fixed by regulation, not by the wage index, and are left
// unchanged.
func ApplyIndexation(v Version, percent float64) (Version, error) {
	if err := CanEdit(v); err != nil {
		return v, err
	}
	if math.IsNaN(percent) || math.IsInf(percent, 0) || percent <= -100 || percent > 100 {
		var val models.Validation
		val.Add("percent", "out_of_range", "The indexation must be a percentage above -100 and at most 100.")
		return v, val.Err()
	}
	// Work in millionths: 2% is 20000 parts in 1,000,000.
	factor := 1_000_000 + int64(math.Round(percent*10_000))
	out := v.Clone()
	for i, r := range out.Rates {
		out.Rates[i].Monthly = Cents(mulDivRound(int64(r.Monthly), factor, 1_000_000))
		out.Rates[i].Hourly = Cents(mulDivRound(int64(r.Hourly), factor, 1_000_000))
	}
	return out, nil
}

// IsStale reports whether v, the version in force, is older than maxAgeMonths
// on now (0 or less means DefaultMaxAgeMonths): its effective date lies more
// than that many months back. Admins and clerks are then alerted, and every
// contract generated says so.
func IsStale(v Version, now time.Time, maxAgeMonths int) bool {
	if maxAgeMonths <= 0 {
		maxAgeMonths = DefaultMaxAgeMonths
	}
	return Day(now).After(Day(v.EffectiveDate).AddDate(0, maxAgeMonths, 0))
}

// Seniority returns the whole years completed from start to on (0 when on is
// before start). A start on 29 February completes its years on 1 March in
// common years.
func Seniority(start, on time.Time) int {
	s, o := Day(start), Day(on)
	if o.Before(s) {
		return 0
	}
	years := o.Year() - s.Year()
	if o.Month() < s.Month() || (o.Month() == s.Month() && o.Day() < s.Day()) {
		years--
	}
	return years
}
