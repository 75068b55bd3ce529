package models

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// feasible enumerates every assignment of the withheld cells a reader who
// knows the rule could believe, given the published cells and total, and
// returns for each withheld cell the set of values it takes. It is the
// attacker: it does not use CellBounds, only the published table.
func feasible(shown []Cell, total Cell, threshold int) map[int]map[int]bool {
	type slot struct{ i, lo, hi int }
	var slots []slot
	rest := total.Value
	minShown := math.MaxInt
	for _, c := range shown {
		if c.State == CellShown {
			rest -= c.Value
			minShown = min(minShown, c.Value)
		}
	}
	for i, c := range shown {
		switch c.State {
		case CellBelowThreshold:
			slots = append(slots, slot{i, 0, threshold - 1})
		case CellHidden:
			hi := minShown
			if total.State == CellShown {
				hi = min(hi, total.Value)
			}
			if hi == math.MaxInt {
				hi = 200 // no total, nothing shown: any value
			}
			slots = append(slots, slot{i, threshold, hi})
		}
	}
	out := map[int]map[int]bool{}
	for _, s := range slots {
		out[s.i] = map[int]bool{}
	}
	vals := make([]int, len(slots))
	var walk func(k, sum int)
	walk = func(k, sum int) {
		if k == len(slots) {
			if total.State != CellShown || sum == rest {
				for n, s := range slots {
					out[s.i][vals[n]] = true
				}
			}
			return
		}
		for v := slots[k].lo; v <= slots[k].hi; v++ {
			if total.State == CellShown && sum+v > rest {
				break
			}
			vals[k] = v
			walk(k+1, sum+v)
		}
	}
	walk(0, 0)
	return out
}

func publishColumn(counts []int, withTotal bool, threshold int) ([]Cell, Cell) {
	states, ts := SuppressColumn(counts, withTotal, threshold)
	cells := make([]Cell, len(counts))
	sum := 0
	for i, st := range states {
		sum += counts[i]
		cells[i].State = st
		if st == CellShown {
			cells[i].Value = counts[i]
		}
	}
	total := Cell{State: ts}
	if ts == CellShown {
		total.Value = sum
	}
	return cells, total
}

// TestSuppressionProperties: over random columns, nothing below the
// threshold is shown, every count shown is at least the threshold, and no
// "fewer than N" cell can be worked out from the rest of its column: the
// attacker finds at least two values for each, the true one among them.
func TestSuppressionProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 2026))
	for run := 0; run < 3000; run++ {
		threshold := 3 + rng.IntN(4)
		counts := make([]int, 1+rng.IntN(6))
		for i := range counts {
			switch rng.IntN(3) {
			case 0:
				counts[i] = rng.IntN(threshold) // small
			case 1:
				counts[i] = threshold - 1 // the edge a total could pin
			default:
				counts[i] = threshold + rng.IntN(12)
			}
		}
		cells, total := publishColumn(counts, true, threshold)
		for i, c := range cells {
			if counts[i] < threshold && c.State != CellBelowThreshold {
				t.Fatalf("%v (t=%d): cell %d = %d shown as %v", counts, threshold, i, counts[i], c)
			}
			if c.State == CellShown && c.Value != counts[i] {
				t.Fatalf("%v: cell %d shown as %d", counts, i, c.Value)
			}
		}
		for i, values := range feasible(cells, total, threshold) {
			if !values[counts[i]] {
				t.Fatalf("%v (t=%d): the true value of cell %d is not among the attacker's %v", counts, threshold, i, values)
			}
			if cells[i].State == CellBelowThreshold && len(values) < 2 {
				t.Fatalf("%v (t=%d) published as %v total %v: cell %d recovered as %v", counts, threshold, cells, total, i, values)
			}
		}
	}
}

// TestSuppressedCellCannotBeRecovered: the table that gives a cell away by
// subtraction (a total of 21 with 20 shown) hides a second cell, and the
// attack by subtraction, and the full enumeration, both fail.
func TestSuppressedCellCannotBeRecovered(t *testing.T) {
	counts := []int{1, 20, 9}
	cells, total := publishColumn(counts, true, 5)
	if cells[0].State != CellBelowThreshold || total.Value != 30 {
		t.Fatalf("published %v total %v", cells, total)
	}
	// Subtraction: total minus what is shown.
	rest := total.Value
	hidden := 0
	for _, c := range cells {
		if c.State == CellShown {
			rest -= c.Value
		} else {
			hidden++
		}
	}
	if rest == 1 || hidden < 2 || cells[2].State != CellHidden {
		t.Fatalf("only %d cells withheld: %v", hidden, cells)
	}
	for i, values := range feasible(cells, total, 5) {
		if cells[i].State == CellBelowThreshold && len(values) < 2 {
			t.Errorf("cell %d recovered: %v", i, values)
		}
	}
	// The four-and-four column: both below the threshold and nothing else
	// to hide; the total is withheld too.
	cells, total = publishColumn([]int{4, 4}, true, 5)
	if total.State == CellShown {
		t.Errorf("4+4 published its total: %v %v", cells, total)
	}
	// No total, no equation: only the small cells are withheld.
	cells, total = publishColumn([]int{1, 20}, false, 5)
	if cells[1] != (Cell{Value: 20}) || cells[0].State != CellBelowThreshold || total.State != CellShown {
		t.Errorf("without total: %v %v", cells, total)
	}
}

func TestPublishTable(t *testing.T) {
	tab := StatTable{ID: "sex", Rows: []string{"female", "male"}, Counts: [][]int{{12, 3}, {2, 8}}, Partition: true}
	p := PublishTable(tab, 5)
	// 2024: 12 and 2 -> the 2 is withheld, and the 12 with it.
	if p.Cells[0][0].State != CellHidden || p.Cells[1][0].State != CellBelowThreshold || p.Totals[0] != (Cell{Value: 14}) {
		t.Errorf("first column: %v %v / %v", p.Cells[0][0], p.Cells[1][0], p.Totals[0])
	}
	if p.Cells[0][1].State != CellBelowThreshold || p.Cells[1][1].State != CellHidden || p.Totals[1] != (Cell{Value: 11}) {
		t.Errorf("second column: %v %v / %v", p.Cells[0][1], p.Cells[1][1], p.Totals[1])
	}
	r := Publish(StatisticsReport{Year: 2026, Years: []int{2025, 2026}, Tables: []StatTable{
		{ID: TableInterviewGate, Rows: []string{"issued", "backed"}, Counts: [][]int{{4, 20}, {4, 20}}}},
		Durations: []DurationFigure{{Cards: 4, MedianDays: 9}, {Cards: 20, MedianDays: 12, P90Days: 30}}}, 5)
	if r.InterviewShare[0] != -1 || r.InterviewShare[1] != 100 {
		t.Errorf("shares %v", r.InterviewShare)
	}
	if !r.Durations[0].Withheld || r.Durations[0].MedianDays != 0 || r.Durations[1].MedianDays != 12 {
		t.Errorf("durations %+v", r.Durations)
	}
}

func TestAgeBands(t *testing.T) {
	for _, tt := range []struct {
		age  int
		band string
	}{{18, "18-20"}, {20, "18-20"}, {21, "21-23"}, {26, "24-26"}, {29, "27-29"}, {30, "30-38"}, {47, "39-47"}, {48, "48+"}, {80, "48+"}} {
		if got := AgeBand(tt.age); got != tt.band {
			t.Errorf("AgeBand(%d) = %s, want %s", tt.age, got, tt.band)
		}
	}
	dob := time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)
	if AgeOn(dob, time.Date(2026, 5, 16, 0, 0, 0, 0, time.UTC)) != 35 || AgeOn(dob, time.Date(2026, 5, 17, 0, 0, 0, 0, time.UTC)) != 36 {
		t.Error("AgeOn around the birthday")
	}
	if err := ValidStatisticsYear(2027, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); ErrorCode(err) != "invalid_year" {
		t.Errorf("future year: %v", err)
	}
}

func TestRetentionRule(t *testing.T) {
	s := DefaultOversightSettings()
	day := func(y int, m time.Month, d int) *time.Time {
		v := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		return &v
	}
	for _, tt := range []struct {
		name  string
		f     RetentionFacts
		due   *time.Time
		today time.Time
		anon  bool
	}{
		{"card ended five years ago", RetentionFacts{LastCardEnded: day(2021, 3, 1)}, day(2026, 3, 1), *day(2026, 3, 1), true},
		{"card ended a day short", RetentionFacts{LastCardEnded: day(2021, 3, 2)}, day(2026, 3, 2), *day(2026, 3, 1), false},
		{"held", RetentionFacts{LastCardEnded: day(2001, 1, 1), Held: true}, day(2006, 1, 1), *day(2026, 3, 1), false},
		{"card in use", RetentionFacts{LastCardEnded: day(2001, 1, 1), CardInUse: true}, nil, *day(2026, 3, 1), false},
		{"refused, never a card", RetentionFacts{LastClosed: day(2024, 2, 29)}, day(2026, 3, 1), *day(2026, 3, 1), true},
		{"application under way", RetentionFacts{LastClosed: day(2020, 1, 1), OpenApplication: true}, nil, *day(2026, 3, 1), false},
		{"nothing yet", RetentionFacts{}, nil, *day(2026, 3, 1), false},
	} {
		due, ok := RetentionDue(tt.f, s)
		if ok != (tt.due != nil) || (ok && !due.Equal(*tt.due)) {
			t.Errorf("%s: due %v %v, want %v", tt.name, due, ok, tt.due)
		}
		if got := Anonymisable(tt.f, s, tt.today); got != tt.anon {
			t.Errorf("%s: anonymisable %v", tt.name, got)
		}
	}
	if ErrorKind(ValidateLegalHold("x", "")) != KindInvalid || ValidateLegalHold(HoldForPoliceRequest, "Request of the Brussels prosecutor") != nil {
		t.Error("ValidateLegalHold")
	}
	lifted := time.Now()
	if ErrorCode(ValidateHoldLift(LegalHold{LiftedAt: &lifted}, "done")) != "hold_lifted" {
		t.Error("lift twice")
	}
}
