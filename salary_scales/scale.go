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
	"strings"
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
// task decides which one applies. They are the domain's one list of
// categories (models.JobCategories): a scale row for any other code is
// refused, so that no employment can fall outside the scale.
const (
	CategoryCleaning  = string(models.JobCleaning)
	CategoryHousehold = string(models.JobHousehold)
	CategoryChildcare = string(models.JobChildcare)
)

// Category is a kind of domestic work with its own line of minimum pay.
// Code is one of models.JobCategories; Label is the English name shown to
// staff. Contracts translate the code.
type Category struct {
	Code  string
	Label string
}

// DefaultCategories returns the three Joint Committee 323 categories.
func DefaultCategories() []Category {
	out := make([]Category, len(models.JobCategories))
	for i, c := range models.JobCategories {
		out[i] = Category{Code: string(c), Label: c.Label()}
	}
	return out
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
	// CorrectsID is, for a correcting version, the published version it
	// corrects: it takes effect on the same day and, once published, is in
	// force in its place (see NewCorrection). CorrectionReason says why; a
	// correcting version without one is refused.
	CorrectsID       int64
	CorrectionReason string

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

// WeeksPerMonth is the convention that turns a week into a month: 52 weeks
// a year over 12 months.
const (
	weeksPerYear    = 52
	monthsPerYear   = 12
	maxReasonLength = 2000
)

// MonthlyFromHourly is the monthly amount an hourly rate makes for a
// reference week: hourly × weekly hours × 52/12, rounded to the nearest cent
// (halves away from zero, as every rounding of this package).
func MonthlyFromHourly(hourly Cents, referenceWeeklyHours float64) Cents {
	return Cents(mulDivRound(int64(hourly), hundredths(referenceWeeklyHours)*weeksPerYear, 100*monthsPerYear))
}

// HourlyFromMonthly is the hourly rate a monthly amount makes for a
// reference week: monthly ÷ (weekly hours × 52/12), rounded to the cent.
// referenceWeeklyHours must be above zero.
func HourlyFromMonthly(monthly Cents, referenceWeeklyHours float64) Cents {
	return Cents(mulDivRound(int64(monthly), 100*monthsPerYear, hundredths(referenceWeeklyHours)*weeksPerYear))
}

// RateAgrees reports whether the hourly and monthly amounts of r agree with
// the reference week to the cent: one of them is exactly the other converted
// through the week (MonthlyFromHourly or HourlyFromMonthly). Both directions
// are accepted because scales are published both ways: the national minimum
// fixes the monthly amount (EUR 2,070.48, so EUR 12.57 an hour), the Joint
// Committee 323 tables fix the hourly one.
func RateAgrees(r Rate, referenceWeeklyHours float64) bool {
	if hundredths(referenceWeeklyHours) <= 0 {
		return true // the reference week itself is refused
	}
	return r.Monthly == MonthlyFromHourly(r.Hourly, referenceWeeklyHours) ||
		r.Hourly == HourlyFromMonthly(r.Monthly, referenceWeeklyHours)
}

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
//	board.breakfast, board.midday, board.evening, board.lodging,
//	correction_reason.
//
// Rules: no negative or missing amount (every amount must be above zero, and
// every category has a rate at every step); every category is one of the
// domain's (models.JobCategories); the hourly and monthly amounts of each
// row agree with the reference week to the cent (RateAgrees); steps ascend
// strictly from 0; no step pays less than the one before it, monthly or
// hourly; a correcting version says why.
func Validate(v Version) error {
	var val models.Validation
	if v.EffectiveDate.IsZero() {
		val.Add("effective_date", "required", "Enter the date from which this version applies.")
	}
	weekOK := true
	if h := v.ReferenceWeeklyHours; math.IsNaN(h) || h <= 0 || h > maxWeeklyHours {
		weekOK = false
		val.Add("reference_weekly_hours", "out_of_range",
			"The reference week must be more than 0 and at most {{.max}} hours.", map[string]any{"max": maxWeeklyHours})
	}
	if v.SourceNote == "" {
		val.Add("source_note", "required", "Say where these amounts come from, so that a reader can check them.")
	}
	if v.CorrectsID != 0 {
		checkReason(&val, "correction_reason", v.CorrectionReason)
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
		case !models.JobCategory(c.Code).Valid():
			val.Add(f+".code", "unknown_category",
				"{{.category}} is not a category of work employments can have; a scale gives minimums for {{.categories}} only.",
				map[string]any{"category": c.Code, "categories": categoryList()})
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
			if weekOK && r.Monthly > 0 && r.Hourly > 0 && !RateAgrees(r, v.ReferenceWeeklyHours) {
				args := map[string]any{"category": c.Label, "years": step, "hours": formatHours(v.ReferenceWeeklyHours),
					"monthly": r.Monthly.EUR(), "hourly": r.Hourly.EUR(),
					"monthly_from_hourly": MonthlyFromHourly(r.Hourly, v.ReferenceWeeklyHours).EUR(),
					"hourly_from_monthly": HourlyFromMonthly(r.Monthly, v.ReferenceWeeklyHours).EUR()}
				val.Add(f+".monthly", "rate_disagrees_with_week",
					"{{.category}} from {{.years}} years: {{.hourly}} an hour for {{.hours}} hours a week makes {{.monthly_from_hourly}} a month (× 52/12), not {{.monthly}}.", args)
				val.Add(f+".hourly", "rate_disagrees_with_week",
					"{{.category}} from {{.years}} years: {{.monthly}} a month for {{.hours}} hours a week makes {{.hourly_from_monthly}} an hour (÷ 52/12), not {{.hourly}}.", args)
			}
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

// categoryList names the domain's categories for a message: "cleaning,
// household, childcare".
func categoryList() string {
	s := ""
	for i, c := range models.JobCategories {
		if i > 0 {
			s += ", "
		}
		s += string(c)
	}
	return s
}

func checkReason(val *models.Validation, field, reason string) {
	switch n := len([]rune(reason)); {
	case n == 0 || len(strings.TrimSpace(reason)) == 0:
		val.Add(field, "required", "Say what was wrong with the version this one corrects: the reason is kept with both versions.")
	case n > maxReasonLength:
		val.Add(field, "too_long", "Keep the reason to {{.max}} characters.", map[string]any{"max": maxReasonLength})
	}
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
// A correcting version (CorrectsID set) follows its own rules instead of the
// last two: it corrects a published version that no published version
// corrects yet, it takes effect on the same day, and from then on it is in
// force in the corrected version's place (InForce). It may therefore change
// a past that was settled wrongly; the contracts drawn up under the
// corrected version are listed for review (BelowCorrectedMinimum).
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
	if draft.CorrectsID != 0 {
		if err := checkCorrects(draft, versions); err != nil {
			return draft, err
		}
		out := draft.Clone()
		out.Status = StatusPublished
		out.EffectiveDate = eff
		out.PublishedAt = now
		return out, nil
	}
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

// checkCorrects is the rule of a correcting version: the version it
// corrects is published, not corrected already, and takes effect on the
// same day.
func checkCorrects(draft Version, versions []Version) error {
	target, ok := find(versions, draft.CorrectsID)
	if !ok || target.Status != StatusPublished {
		return models.Fail(models.KindConflict, "correction_target_not_published",
			"Only a published salary scale version can be corrected.")
	}
	if by, ok := CorrectedBy(target, versions); ok && by.ID != draft.ID {
		return models.Fail(models.KindConflict, "scale_already_corrected",
			"Salary scale version {{.id}} is already corrected by version {{.by}}; correct version {{.by}} instead.").
			With("id", target.ID).With("by", by.ID)
	}
	if !Day(draft.EffectiveDate).Equal(Day(target.EffectiveDate)) {
		return effectiveDateError("correction_date_differs",
			"A correcting version takes effect on the day of the version it corrects, {{.date}}.", Day(target.EffectiveDate))
	}
	return nil
}

func find(versions []Version, id int64) (Version, bool) {
	for _, v := range versions {
		if v.ID == id {
			return v, true
		}
	}
	return Version{}, false
}

// CorrectedBy returns the published version that corrects v, if any.
func CorrectedBy(v Version, versions []Version) (Version, bool) {
	for _, c := range versions {
		if c.Status == StatusPublished && c.CorrectsID != 0 && c.CorrectsID == v.ID {
			return c, true
		}
	}
	return Version{}, false
}

// Correction returns the version that stands for v once every published
// correction is taken into account: v itself when nothing corrects it,
// otherwise the last of the chain of corrections.
func Correction(v Version, versions []Version) Version {
	seen := map[int64]bool{v.ID: true}
	for {
		c, ok := CorrectedBy(v, versions)
		if !ok || seen[c.ID] {
			return v
		}
		seen[c.ID] = true
		v = c
	}
}

// NewCorrection starts a correcting draft of the published version v: the
// same table, effective date and note, CorrectsID set to v, and the reason
// given. It is refused when v is a draft, when a published version already
// corrects v (correct that one instead) or when reason is empty (field
// "reason").
func NewCorrection(v Version, versions []Version, reason string) (Version, error) {
	if v.Status != StatusPublished {
		return v, models.Fail(models.KindConflict, "correction_target_not_published",
			"Only a published salary scale version can be corrected.")
	}
	if by, ok := CorrectedBy(v, versions); ok {
		return v, models.Fail(models.KindConflict, "scale_already_corrected",
			"Salary scale version {{.id}} is already corrected by version {{.by}}; correct version {{.by}} instead.").
			With("id", v.ID).With("by", by.ID)
	}
	var val models.Validation
	checkReason(&val, "reason", reason)
	if err := val.Err(); err != nil {
		return v, err
	}
	d := NewDraftFrom(v)
	d.EffectiveDate = Day(v.EffectiveDate)
	d.CorrectsID = v.ID
	d.CorrectionReason = strings.TrimSpace(reason)
	return d, nil
}

// ErrCategoryInUse is the code of the error CheckCoverage returns.
const ErrCategoryInUse = "category_in_use"

// CheckCoverage refuses a version that lacks a category employments use:
// inUse counts, by category code, the employments that run on or after the
// version's effective date (their contracts would fall under it). Each
// missing category is named with its count, on the field "categories".
func CheckCoverage(v Version, inUse map[string]int) error {
	var val models.Validation
	for _, c := range models.JobCategories {
		n := inUse[string(c)]
		if n == 0 {
			continue
		}
		if _, ok := v.Category(string(c)); ok {
			continue
		}
		val.Add("categories", ErrCategoryInUse,
			"This version has no minimum for the category {{.category}}, which {{.count}} employment(s) use from {{.date}} on; add the category back before publishing.",
			map[string]any{"category": string(c), "count": n, "date": Day(v.EffectiveDate).Format(time.DateOnly)})
	}
	return val.Err()
}

// ErrNoScaleInForce is the code of the error InForce returns when no
// published version has taken effect on the date asked.
const ErrNoScaleInForce = "no_scale_in_force"

// InForce returns the published version in force on date: the one with the
// latest effective date on or before it, leaving out any version a published
// correction replaces (the correction shares its date and is in force
// instead). Publish keeps effective dates unique among the versions that
// stand; should two share one anyway, InForce refuses to guess and returns an
// internal error.
func InForce(versions []Version, date time.Time) (Version, error) {
	d := Day(date)
	best := -1
	ambiguous := false
	corrected := map[int64]bool{}
	for _, v := range versions {
		if v.Status == StatusPublished && v.CorrectsID != 0 {
			corrected[v.CorrectsID] = true
		}
	}
	for i, v := range versions {
		if v.Status != StatusPublished || Day(v.EffectiveDate).After(d) || corrected[v.ID] {
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
// date, by a later published version that is in force, or by a published
// correction.
func Superseded(v Version, versions []Version, date time.Time) bool {
	if v.Status != StatusPublished {
		return false
	}
	if _, ok := CorrectedBy(v, versions); ok {
		return true
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
	d.CorrectsID = 0
	d.CorrectionReason = ""
	return d
}

// ApplyIndexation raises (or, with a negative percent, lowers) every monthly
// and hourly amount of the draft v by percent, rounded to the nearest cent.
// percent is read to four decimals (2.0123%). The two amounts of a row keep
// agreeing with the reference week (RateAgrees): the amount the row is set
// by is indexed (the hourly one when the monthly follows from it, the
// monthly one otherwise) and the other follows from it. The
// board-and-lodging daily amounts are fixed by regulation, not by the wage
// index, and are left unchanged.
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
	ref := v.ReferenceWeeklyHours
	for i, r := range out.Rates {
		switch {
		case hundredths(ref) > 0 && r.Hourly > 0 && r.Monthly == MonthlyFromHourly(r.Hourly, ref):
			out.Rates[i].Hourly = Cents(mulDivRound(int64(r.Hourly), factor, 1_000_000))
			out.Rates[i].Monthly = MonthlyFromHourly(out.Rates[i].Hourly, ref)
		case hundredths(ref) > 0 && r.Monthly > 0 && r.Hourly == HourlyFromMonthly(r.Monthly, ref):
			out.Rates[i].Monthly = Cents(mulDivRound(int64(r.Monthly), factor, 1_000_000))
			out.Rates[i].Hourly = HourlyFromMonthly(out.Rates[i].Monthly, ref)
		default: // the row disagrees already; Validate says so
			out.Rates[i].Monthly = Cents(mulDivRound(int64(r.Monthly), factor, 1_000_000))
			out.Rates[i].Hourly = Cents(mulDivRound(int64(r.Hourly), factor, 1_000_000))
		}
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

// ErrCategoryNotInScale is the code of the error CheckCategoryCovered returns.
const ErrCategoryNotInScale = "category_not_in_scale"

// CheckCategoryCovered is the other side of CheckCoverage: an employment in
// category from start (to end, nil while open) is refused when a published
// version that stands during that time (in force on start, or taking effect
// later, up to end) has no minimum for the category. The field is
// job_category.
func CheckCategoryCovered(versions []Version, category string, start time.Time, end *time.Time) error {
	corrected := map[int64]bool{}
	for _, v := range versions {
		if v.Status == StatusPublished && v.CorrectsID != 0 {
			corrected[v.CorrectsID] = true
		}
	}
	var standing []Version
	if cur, err := InForce(versions, start); err == nil {
		standing = append(standing, cur)
	}
	for _, v := range versions {
		eff := Day(v.EffectiveDate)
		if v.Status != StatusPublished || corrected[v.ID] || !eff.After(Day(start)) || (end != nil && eff.After(Day(*end))) {
			continue
		}
		standing = append(standing, v)
	}
	for _, v := range standing {
		if _, ok := v.Category(category); !ok {
			var val models.Validation
			val.Add("job_category", ErrCategoryNotInScale,
				"The salary scale version {{.version_id}} of {{.effective_date}} has no minimum for the category {{.category}}, so no contract could be drawn up; choose another category or have an admin add it to the scale.",
				map[string]any{"version_id": v.ID, "effective_date": Day(v.EffectiveDate).Format(time.DateOnly), "category": category})
			return val.Err()
		}
	}
	return nil
}
