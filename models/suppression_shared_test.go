package models

import (
	"math"
	"math/rand/v2"
	"testing"
)

// feasibleAt is the attacker on one table whose total is t: every value
// each withheld cell takes in some assignment that the published cells and
// the rule allow, and whether there is any such assignment.
func feasibleAt(cells []Cell, t, threshold int) (map[int]map[int]bool, bool) {
	type slot struct{ i, lo, hi int }
	var slots []slot
	rest, minShown := t, math.MaxInt
	for _, c := range cells {
		if c.State == CellShown {
			rest -= c.Value
			minShown = min(minShown, c.Value)
		}
	}
	for i, c := range cells {
		switch c.State {
		case CellBelowThreshold:
			slots = append(slots, slot{i, 0, threshold - 1})
		case CellHidden:
			slots = append(slots, slot{i, threshold, min(minShown, t)})
		}
	}
	out := map[int]map[int]bool{}
	for _, s := range slots {
		out[s.i] = map[int]bool{}
	}
	any := false
	vals := make([]int, len(slots))
	var walk func(k, sum int)
	walk = func(k, sum int) {
		if k == len(slots) {
			if sum == rest {
				any = true
				for n, s := range slots {
					out[s.i][vals[n]] = true
				}
			}
			return
		}
		for v := slots[k].lo; v <= slots[k].hi && sum+v <= rest; v++ {
			vals[k] = v
			walk(k+1, sum+v)
		}
	}
	walk(0, 0)
	return out, any
}

// feasibleShared is the attacker on tables that share their total: it tries
// every total the published total allows and keeps the values of the
// assignments that every table admits at that total.
func feasibleShared(tables [][]Cell, total Cell, threshold int) []map[int]map[int]bool {
	lo, hi := threshold, 120
	switch total.State {
	case CellShown:
		lo, hi = total.Value, total.Value
	case CellBelowThreshold:
		lo, hi = 0, threshold-1
	}
	out := make([]map[int]map[int]bool, len(tables))
	for k := range out {
		out[k] = map[int]map[int]bool{}
	}
	for t := lo; t <= hi; t++ {
		var found []map[int]map[int]bool
		for _, cells := range tables {
			f, ok := feasibleAt(cells, t, threshold)
			if !ok {
				found = nil
				break
			}
			found = append(found, f)
		}
		for k, f := range found {
			for i, vs := range f {
				if out[k][i] == nil {
					out[k][i] = map[int]bool{}
				}
				for v := range vs {
					out[k][i][v] = true
				}
			}
		}
	}
	return out
}

func publishShared2(cols [][]int, threshold int) ([][]Cell, Cell) {
	states, ts, ok := SuppressShared(cols, threshold)
	if !ok {
		panic("columns do not share a total")
	}
	out := make([][]Cell, len(cols))
	sum := 0
	for _, n := range cols[0] {
		sum += n
	}
	for k, col := range cols {
		out[k] = make([]Cell, len(col))
		for i, st := range states[k] {
			out[k][i].State = st
			if st == CellShown {
				out[k][i].Value = col[i]
			}
		}
	}
	total := Cell{State: ts}
	if ts == CellShown {
		total.Value = sum
	}
	return out, total
}

// TestSuppressedCellCannotBeRecoveredAcrossTables: eight cards issued, all
// first issuances, to four workers of each of two nationalities. Alone, the
// nationality table withholds its total (4 + 4), but the cards table
// publishes it, and the two together give both counts away; published
// together, neither table, nor both, tell them.
func TestSuppressedCellCannotBeRecoveredAcrossTables(t *testing.T) {
	cards, nationality := []int{8, 0, 0}, []int{4, 4}
	// Table by table, the attack succeeds.
	c1, t1 := publishColumn(cards, true, 5)
	c2, _ := publishColumn(nationality, true, 5)
	if t1 != (Cell{Value: 8}) {
		t.Fatalf("the cards table alone: %v %v", c1, t1)
	}
	if got := feasibleShared([][]Cell{c1, c2}, t1, 5)[1][0]; len(got) != 1 || !got[4] {
		t.Fatalf("the attack on the tables published one by one should recover 4: %v", got)
	}
	// Together, it fails.
	cells, total := publishShared2([][]int{cards, nationality}, 5)
	for k, f := range feasibleShared(cells, total, 5) {
		for i, c := range cells[k] {
			if c.State == CellBelowThreshold && len(f[i]) < 2 {
				t.Errorf("table %d cell %d recovered from both tables: %v (published %v, total %v)", k, i, f[i], cells, total)
			}
		}
	}

	// Through the report: the nationality and cards tables and the
	// interview gate's cards issued withhold the total together.
	r := StatisticsReport{Year: 2026, Years: []int{2026}, Tables: []StatTable{
		{ID: TableCards, Rows: []string{"first_issuance", "renewal", "duplicate"}, Counts: [][]int{{8}, {0}, {0}}, Partition: true},
		{ID: TableInterviewGate, Rows: []string{"cards_issued", "backed_by_interview"}, Counts: [][]int{{8}, {8}}},
		{ID: TableNationality, Rows: []string{"PH", "IN"}, Counts: [][]int{{4}, {4}}, Partition: true},
		{ID: TableSex, Rows: []string{"female", "male"}, Counts: [][]int{{8}, {0}}, Partition: true},
	}}
	p := Publish(r, 5)
	for _, id := range []string{TableCards, TableNationality, TableSex} {
		tab, _ := p.Table(id)
		if tab.Totals[0].Shown() {
			t.Errorf("%s publishes the total the nationality table needs withheld: %+v", id, tab.Totals)
		}
	}
	gate, _ := p.Table(TableInterviewGate)
	if gate.Cells[0][0].Shown() || gate.Cells[1][0].Shown() {
		t.Errorf("the interview gate publishes the cards issued: %+v", gate.Cells)
	}
}

// TestSharedSuppressionProperties: over random sets of two or three
// columns sharing a total, nothing below the threshold is shown, and the
// attacker who reads all of them together finds at least two values for
// every "fewer than N" cell.
func TestSharedSuppressionProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 24))
	const threshold = 5
	for n := range 400 {
		total := rng.IntN(30)
		tables := 2 + rng.IntN(2)
		cols := make([][]int, tables)
		for k := range cols {
			rows := 2 + rng.IntN(3)
			col := make([]int, rows)
			left := total
			for i := range rows - 1 {
				v := rng.IntN(left + 1)
				if rng.IntN(2) == 0 {
					v = rng.IntN(min(left, threshold) + 1) // small counts often
				}
				col[i] = v
				left -= v
			}
			col[rows-1] = left
			cols[k] = col
		}
		cells, tot := publishShared2(cols, threshold)
		for k, col := range cols {
			for i, c := range cells[k] {
				if c.Shown() && col[i] < threshold {
					t.Fatalf("case %d: %v shown below the threshold: %v", n, cols, cells)
				}
			}
		}
		for k, f := range feasibleShared(cells, tot, threshold) {
			for i, c := range cells[k] {
				if c.State == CellBelowThreshold && (len(f[i]) < 2 || !f[i][cols[k][i]]) {
					t.Fatalf("case %d: %v published %v total %v: table %d cell %d recovered: %v", n, cols, cells, tot, k, i, f[i])
				}
			}
		}
	}
}
