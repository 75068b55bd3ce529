package models

import "math"

// Small numbers never identify anyone. A published count below the
// threshold is shown as "fewer than N" (primary suppression); where a
// table publishes its total, enough other cells are hidden as well
// (complementary suppression) that no hidden count can be worked out from
// the total and the cells shown.
//
// Zero is below the threshold too, so "fewer than 5" says nothing about
// whether anyone is counted at all, and a reader learns only 0..N-1 of a
// cell so marked. The tables publish no totals across years, so each year's
// column is its own equation: cells + ... = total. The attacker considered
// knows the rule: a "fewer than N" cell lies in [0, N-1]; a cell hidden to
// protect it was a count of at least N and, since the smallest shown count
// is chosen each time, at most the smallest count still shown.

// CellState says how a published cell is shown.
type CellState int

const (
	// CellShown: the count is published.
	CellShown CellState = iota
	// CellBelowThreshold: shown as "fewer than N".
	CellBelowThreshold
	// CellHidden: hidden so that a "fewer than N" cell beside it cannot be
	// worked out from the total.
	CellHidden
)

// Cell is one published cell: Value is 0 unless State is CellShown.
type Cell struct {
	Value int
	State CellState
}

// Shown reports whether the cell's count is published.
func (c Cell) Shown() bool { return c.State == CellShown }

// SuppressColumn decides how each count of one column and its total are
// shown. With total false, the column publishes no total and only the
// counts below threshold are withheld.
func SuppressColumn(counts []int, withTotal bool, threshold int) (cells []CellState, total CellState) {
	cells = make([]CellState, len(counts))
	sum := 0
	for i, n := range counts {
		sum += n
		if n < threshold {
			cells[i] = CellBelowThreshold
		}
	}
	if !withTotal {
		return cells, CellShown
	}
	if sum < threshold {
		// The total is itself withheld: no equation to solve.
		return cells, CellBelowThreshold
	}
	for ColumnDiscloses(counts, cells, sum, threshold) {
		next := -1
		for i, st := range cells {
			if st == CellShown && (next < 0 || counts[i] < counts[next]) {
				next = i
			}
		}
		if next < 0 {
			// Every cell is withheld and their bounds still pin one
			// down (each is N-1): withhold the total as well.
			return cells, CellHidden
		}
		cells[next] = CellHidden
	}
	return cells, CellShown
}

// CellBounds returns what a reader who knows the rule can tell of cell i of
// a column shown as states, with its total published: the least and the
// greatest value it can have.
func CellBounds(counts []int, states []CellState, total, threshold, i int) (lo, hi int) {
	lo, hi = bounds(counts, states, threshold, i)
	if states[i] == CellShown {
		return lo, hi
	}
	rest := total
	sumLo, sumHi := 0, 0
	for j, st := range states {
		if j == i {
			continue
		}
		if st == CellShown {
			rest -= counts[j]
			continue
		}
		l, h := bounds(counts, states, threshold, j)
		sumLo += l
		sumHi = addSat(sumHi, h)
	}
	return max(lo, rest-sumHi), min(hi, rest-sumLo)
}

// bounds is what a reader knows of cell i alone.
func bounds(counts []int, states []CellState, threshold, i int) (lo, hi int) {
	switch states[i] {
	case CellBelowThreshold:
		return 0, threshold - 1
	case CellHidden:
		hi = math.MaxInt
		for j, st := range states {
			if st == CellShown {
				hi = min(hi, counts[j])
			}
		}
		return threshold, hi
	}
	return counts[i], counts[i]
}

func addSat(a, b int) int {
	if b == math.MaxInt || a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

// ColumnDiscloses reports whether some "fewer than N" cell of the column
// can be worked out exactly from the published total and the cells shown.
func ColumnDiscloses(counts []int, states []CellState, total, threshold int) bool {
	for i, st := range states {
		if st != CellBelowThreshold {
			continue
		}
		if lo, hi := CellBounds(counts, states, total, threshold, i); lo >= hi {
			return true
		}
	}
	return false
}

// PublishedTable is a StatTable as published: cells and totals suppressed.
type PublishedTable struct {
	ID       string
	RowLabel string
	Rows     []string
	Cells    [][]Cell
	// Totals is nil for a table that is not a partition.
	Totals []Cell
}

// PublishedDuration is a DurationFigure as published: withheld when fewer
// cards than the threshold were issued.
type PublishedDuration struct {
	Cards      Cell
	MedianDays int
	P90Days    int
	Withheld   bool
}

// PublishedReport is the yearly report as every page and export shows it.
type PublishedReport struct {
	Year      int
	Years     []int
	Threshold int
	Tables    []PublishedTable
	Durations []PublishedDuration
	// InterviewShare[column]: the share, in per cent, of the cards issued
	// that year that name a held interview of their own application; -1
	// when the cards issued are withheld.
	InterviewShare []int
}

// Table returns the published table with id.
func (p PublishedReport) Table(id string) (PublishedTable, bool) {
	for _, t := range p.Tables {
		if t.ID == id {
			return t, true
		}
	}
	return PublishedTable{}, false
}

// Publish applies the threshold to every figure of r.
func Publish(r StatisticsReport, threshold int) PublishedReport {
	out := PublishedReport{Year: r.Year, Years: r.Years, Threshold: threshold}
	for _, t := range r.Tables {
		out.Tables = append(out.Tables, PublishTable(t, threshold))
	}
	publishLinked(&out, r, threshold) // suppression_linked.go: across the tables
	for _, d := range r.Durations {
		pd := PublishedDuration{Cards: Cell{Value: d.Cards}}
		if d.Cards < threshold {
			pd = PublishedDuration{Cards: Cell{State: CellBelowThreshold}, Withheld: true}
		} else {
			pd.MedianDays, pd.P90Days = d.MedianDays, d.P90Days
		}
		out.Durations = append(out.Durations, pd)
	}
	// The share is published only where both its counts are: with the
	// cards issued shown, a share of a "fewer than N" count gives the count
	// away (3 of 10 is 30 %).
	gate := r.Table(TableInterviewGate)
	pubGate, _ := out.Table(TableInterviewGate)
	cards, _ := out.Table(TableCards)
	for j := range r.Years {
		share := -1
		if len(gate.Rows) == 2 && pubGate.Cells[0][j].Shown() && pubGate.Cells[1][j].Shown() {
			issued, backed := gate.Counts[0][j], gate.Counts[1][j]
			share = backed * 100 / issued
		}
		out.InterviewShare = append(out.InterviewShare, share)
		// The cards behind a duration count the cards issued: shown
		// only where their total is.
		if j < len(out.Durations) && cards.Totals != nil && !cards.Totals[j].Shown() && out.Durations[j].Cards.Shown() {
			out.Durations[j].Cards = Cell{State: CellHidden}
		}
	}
	return out
}

// PublishTable suppresses one table, column by column.
func PublishTable(t StatTable, threshold int) PublishedTable {
	out := PublishedTable{ID: t.ID, RowLabel: t.RowLabel, Rows: t.Rows, Cells: make([][]Cell, len(t.Rows))}
	for i := range t.Rows {
		out.Cells[i] = make([]Cell, len(t.Counts[i]))
	}
	if len(t.Rows) == 0 {
		return out
	}
	cols := len(t.Counts[0])
	totals := t.Totals()
	if t.Partition {
		out.Totals = make([]Cell, cols)
	}
	for j := range cols {
		col := t.Column(j)
		states, total := SuppressColumn(col, t.Partition, threshold)
		for i, st := range states {
			out.Cells[i][j] = Cell{State: st}
			if st == CellShown {
				out.Cells[i][j].Value = col[i]
			}
		}
		if t.Partition {
			out.Totals[j] = Cell{State: total}
			if total == CellShown {
				out.Totals[j].Value = totals[j]
			}
		}
	}
	return out
}

// StatRowLabel is the RowLabel of tables whose rows are named per table
// (stats.row.<table>.<row>).
const StatRowLabel = "stats.row."

// The tables of the yearly report, by id (messages stats.table.<id>).
const (
	TableCards           = "cards"            // by kind: issued, renewed, duplicated
	TableClosures        = "closures"         // refused, closed as referred, rejected, withdrawn
	TableCollection      = "collection"       // collected late, never collected, renewals after expiry
	TableInterviews      = "interviews"       // held, with an interpreter
	TableInterviewGate   = "interview_gate"   // cards issued, backed by an interview of their application
	TableOutcomes        = "outcomes"         // cleared, concerns, referral
	TableHolds           = "holds"            // opened, released, refused, closed as referred
	TableReferrals       = "referrals"        // by partner
	TableIndicatorsILO   = "indicators_ilo"   // ILO forced-labour indicators, in interviews
	TableSignalsILO      = "signals_ilo"      // the same, in outside signals
	TableDimensions      = "dimensions"       // ILO-EC dimensions, in interviews
	TableSignalDimension = "signal_dimension" // the same, in outside signals
	TableNationality     = "nationality"      // cards issued, by the worker's nationality
	TableSex             = "sex"
	TableAgeBand         = "age_band"
	TableJobCategory     = "job_category"
	TableMission         = "mission"   // cards issued by mission, where the mission has enough workers that year (MissionTable)
	TableEmployers       = "employers" // restrictions decided, employers with observations
)

// StatOtherMissions is the row of the missions too small to be named.
const StatOtherMissions = "_other"
