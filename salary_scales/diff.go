package salaryscales

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Diff sections, in the order Diff returns them.
const (
	SectionVersion = "version" // effective date, reference week, caps, source note
	SectionRate    = "rate"    // one row per category, step and amount (monthly, hourly)
	SectionBoard   = "board"   // board-and-lodging daily amounts
)

// DiffRow is one line of a side-by-side view of two versions. Old and New
// are display values ("" where the item is absent on that side); Change is
// the relative change of an amount ("+2.00%"), empty when not meaningful.
type DiffRow struct {
	Section   string
	Item      string // e.g. "effective_date", "monthly", "hourly", "breakfast"
	Category  string // rate rows: the category code
	FromYears int    // rate rows: the step
	Old, New  string
	Changed   bool
	Change    string
}

// Diff compares old (usually the version in force) with new (usually a
// draft) item by item, for a side-by-side view. Every item of either side
// has a row, changed or not; categories follow old's order then new's
// additions, steps ascend.
func Diff(old, new Version) []DiffRow {
	var rows []DiffRow
	add := func(section, item, o, n string) {
		rows = append(rows, DiffRow{Section: section, Item: item, Old: o, New: n, Changed: o != n})
	}
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return Day(t).Format(time.DateOnly)
	}
	add(SectionVersion, "effective_date", date(old.EffectiveDate), date(new.EffectiveDate))
	add(SectionVersion, "reference_weekly_hours", formatHoursOrEmpty(old.ReferenceWeeklyHours), formatHoursOrEmpty(new.ReferenceWeeklyHours))
	add(SectionVersion, "deduction_cap_percent", strconv.Itoa(old.DeductionCapPercent), strconv.Itoa(new.DeductionCapPercent))
	add(SectionVersion, "whole_dwelling_cap_percent", strconv.Itoa(old.WholeDwellingCapPercent), strconv.Itoa(new.WholeDwellingCapPercent))
	add(SectionVersion, "source_note", old.SourceNote, new.SourceNote)

	var cats []string
	for _, c := range old.Categories {
		cats = append(cats, c.Code)
	}
	for _, c := range new.Categories {
		if !slices.Contains(cats, c.Code) {
			cats = append(cats, c.Code)
		}
	}
	steps := append(slices.Clone(old.Steps), new.Steps...)
	slices.Sort(steps)
	steps = slices.Compact(steps)
	for _, cat := range cats {
		for _, step := range steps {
			or, oOK := old.Rate(cat, step)
			nr, nOK := new.Rate(cat, step)
			if !oOK && !nOK {
				continue
			}
			for _, item := range []string{"monthly", "hourly"} {
				var o, n *Cents
				if oOK {
					o = pick(&or, item)
				}
				if nOK {
					n = pick(&nr, item)
				}
				rows = append(rows, amountRow(SectionRate, item, cat, step, o, n))
			}
		}
	}
	for _, b := range []struct {
		item string
		o, n Cents
	}{
		{"breakfast", old.Board.Breakfast, new.Board.Breakfast},
		{"midday", old.Board.Midday, new.Board.Midday},
		{"evening", old.Board.Evening, new.Board.Evening},
		{"lodging", old.Board.Lodging, new.Board.Lodging},
	} {
		o, n := b.o, b.n
		rows = append(rows, amountRow(SectionBoard, b.item, "", 0, &o, &n))
	}
	return rows
}

func pick(r *Rate, item string) *Cents {
	if item == "monthly" {
		return &r.Monthly
	}
	return &r.Hourly
}

func amountRow(section, item, cat string, step int, o, n *Cents) DiffRow {
	row := DiffRow{Section: section, Item: item, Category: cat, FromYears: step}
	if o != nil {
		row.Old = o.String()
	}
	if n != nil {
		row.New = n.String()
	}
	row.Changed = row.Old != row.New
	if o != nil && n != nil && *o > 0 {
		// Basis points of change, rounded, shown with two decimals.
		bp := mulDivRound(int64(*n-*o), 10_000, int64(*o))
		sign := "+"
		if bp < 0 {
			sign, bp = "-", -bp
		}
		row.Change = fmt.Sprintf("%s%d.%02d%%", sign, bp/100, bp%100)
	}
	return row
}

func formatHoursOrEmpty(h float64) string {
	if h == 0 {
		return ""
	}
	return formatHours(h)
}
