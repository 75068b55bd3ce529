package models

import (
	"time"
)

// Oversight (issue 12): the Directorate's yearly figures for Government,
// Parliament and the national rapporteur, published so that small numbers
// never identify anyone, and each record's lifecycle (retention).

// OversightSettings are the disclosure and retention rules.
type OversightSettings struct {
	// SuppressionThreshold: a published count below it is shown as "fewer
	// than N" (statistical offices commonly use 5 or 10).
	SuppressionThreshold int
	// KAnonymity: every combination of quasi-identifiers in the microdata
	// export appears at least this many times (CTDC's own value is 11).
	KAnonymity int
	// RetentionMonthsAfterLastCard: personal data of a worker whose last
	// card ended this long ago is anonymised.
	RetentionMonthsAfterLastCard int
	// RetentionMonthsAfterRefusal: the same for a worker who never held a
	// card, counted from the refusal, rejection or withdrawal of the last
	// application.
	RetentionMonthsAfterRefusal int
}

// DefaultOversightSettings returns the rules a fresh installation starts
// with. The retention periods are UNCONFIRMED: a proposal (five years after
// the last card, two after a refusal) for the Directorate's data protection
// officer to confirm.
func DefaultOversightSettings() OversightSettings {
	return OversightSettings{SuppressionThreshold: 5, KAnonymity: 11, RetentionMonthsAfterLastCard: 60, RetentionMonthsAfterRefusal: 24}
}

func (o OversightSettings) validate(v *Validation) {
	if o.SuppressionThreshold < 2 || o.SuppressionThreshold > 100 {
		v.Add("suppression_threshold", "out_of_range", "Must be between 2 and 100.")
	}
	if o.KAnonymity < 2 || o.KAnonymity > 1000 {
		v.Add("k_anonymity", "out_of_range", "Must be between 2 and 1000.")
	}
	if o.RetentionMonthsAfterLastCard < 1 || o.RetentionMonthsAfterLastCard > 1200 {
		v.Add("retention_months_after_last_card", "out_of_range", "Must be between 1 and 1200 months.")
	}
	if o.RetentionMonthsAfterRefusal < 1 || o.RetentionMonthsAfterRefusal > 1200 {
		v.Add("retention_months_after_refusal", "out_of_range", "Must be between 1 and 1200 months.")
	}
}

// StatisticsYears is how many years a report covers: the chosen year and
// the ones before it, for comparison.
const StatisticsYears = 5

// LateCollectionDays: a card collected more than this many days after it
// was issued counts as collected late; one never collected and issued more
// than this many days before the report was drawn counts as never
// collected.
const LateCollectionDays = 30

// StatTable is one table of the yearly report: a count per row and year.
// Rows are codes; RowLabel is the message prefix that names them.
type StatTable struct {
	ID       string
	RowLabel string
	Rows     []string
	// Counts[row][column]: the columns are the report's Years.
	Counts [][]int
	// Partition: the rows split one population (each counted once), so
	// the table publishes each year's total beside them.
	Partition bool
	// FixedRows: the first FixedRows rows are the table's code list, in
	// every report; the rows after them are there because the data of some
	// year of the report has them (a nationality), so a report on other
	// years lacks them and tells their zero.
	FixedRows int
}

// Totals returns each column's sum.
func (t StatTable) Totals() []int {
	if len(t.Counts) == 0 {
		return nil
	}
	out := make([]int, len(t.Counts[0]))
	for _, row := range t.Counts {
		for j, n := range row {
			out[j] += n
		}
	}
	return out
}

// Column returns column j's counts.
func (t StatTable) Column(j int) []int {
	out := make([]int, len(t.Counts))
	for i, row := range t.Counts {
		out[i] = row[j]
	}
	return out
}

// DurationFigure is the time from submission to card for the cards issued
// in one year, in whole days.
type DurationFigure struct {
	Cards      int
	MedianDays int
	P90Days    int
}

// StatisticsReport is the yearly report before publication: exact counts,
// for the store test and for nothing else (Publish makes what is shown).
type StatisticsReport struct {
	Year  int
	Years []int // oldest first; the last is Year
	// AsOf is when the report was drawn (cards issued too recently are not
	// yet "never collected").
	AsOf   time.Time
	Tables []StatTable
	// Durations[column]: submission to card.
	Durations []DurationFigure
}

// Table returns the table with id, or an empty one.
func (r StatisticsReport) Table(id string) StatTable {
	for _, t := range r.Tables {
		if t.ID == id {
			return t
		}
	}
	return StatTable{ID: id}
}

// Count returns the count of row in table id for year (0 if absent).
func (r StatisticsReport) Count(id, row string, year int) int {
	t := r.Table(id)
	for j, y := range r.Years {
		if y != year {
			continue
		}
		for i, code := range t.Rows {
			if code == row {
				return t.Counts[i][j]
			}
		}
	}
	return 0
}

// ReportYears returns the years a report on year covers, oldest first.
func ReportYears(year int) []int {
	out := make([]int, StatisticsYears)
	for i := range out {
		out[i] = year - StatisticsYears + 1 + i
	}
	return out
}

// ValidStatisticsYear reports whether year can be reported on at now: not
// in the future, not before the Directorate's records could begin.
func ValidStatisticsYear(year int, now time.Time) error {
	if year < 2000 || year > now.Year() {
		return Fail(KindInvalid, "invalid_year", "Choose a year between 2000 and {{.max}}.").With("max", now.Year())
	}
	return nil
}

// CTDC's broad age groups (its data dictionary's ageBroad), adults only: a
// worker is 18 or older.
var AgeBands = []string{"18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+"}

// AgeBand returns the band of an age in whole years.
func AgeBand(age int) string {
	switch {
	case age <= 20:
		return "18-20"
	case age <= 23:
		return "21-23"
	case age <= 26:
		return "24-26"
	case age <= 29:
		return "27-29"
	case age <= 38:
		return "30-38"
	case age <= 47:
		return "39-47"
	}
	return "48+"
}
