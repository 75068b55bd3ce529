package models

import "math"

// Complementary suppression across tables. The cards issued in a year are
// published several times over: by kind (cards), by nationality, sex, age
// band, job category and mission, and as a row of the interview gate. Each
// of those tables is one equation with the same total, so a table that
// withholds its total to protect a cell (4 + 4 = 8) gives the cell away when
// another table publishes that total, and a reader can intersect what each
// table says of the total. SuppressShared decides the cells of such tables
// together: the total is withheld everywhere or nowhere, and cells are hidden
// until no "fewer than N" cell of any table can be worked out from all of
// them. The report itself is decided by publishLinked (suppression_linked.go),
// which links these tables and the others that share a figure.

// CardsIssuedTables share each year's total: the cards issued.
var CardsIssuedTables = []string{TableCards, TableNationality, TableSex, TableAgeBand, TableJobCategory, TableMission}

// SuppressShared decides how the counts of columns that all sum to the same
// total, one column per table, and that total are shown. When the columns do
// not share a total it reports ok false and decides nothing.
func SuppressShared(cols [][]int, threshold int) (cells [][]CellState, total CellState, ok bool) {
	if len(cols) == 0 {
		return nil, CellShown, false
	}
	sum := 0
	for _, n := range cols[0] {
		sum += n
	}
	cells = make([][]CellState, len(cols))
	for k, col := range cols {
		s := 0
		cells[k] = make([]CellState, len(col))
		for i, n := range col {
			s += n
			if n < threshold {
				cells[k][i] = CellBelowThreshold
			}
		}
		if s != sum {
			return nil, CellShown, false
		}
	}
	if sum < threshold {
		return cells, CellBelowThreshold, true
	}
	total = CellShown
	for guard := 0; guard < 1000; guard++ {
		k, pinned := sharedDisclosure(cols, cells, total, sum, threshold)
		if !pinned {
			return cells, total, true
		}
		// Hide the smallest count shown in the table that gives the cell
		// away; if it shows none, withhold the total; if that is withheld
		// already, the total is pinned by another table: hide the smallest
		// count shown anywhere.
		if i := smallestShown(cols[k], cells[k]); i >= 0 {
			cells[k][i] = CellHidden
			continue
		}
		if total == CellShown {
			total = CellHidden
			continue
		}
		bk, bi := -1, -1
		for k2 := range cols {
			if i := smallestShown(cols[k2], cells[k2]); i >= 0 && (bk < 0 || cols[k2][i] < cols[bk][bi]) {
				bk, bi = k2, i
			}
		}
		if bk < 0 {
			return cells, total, true // everything withheld
		}
		cells[bk][bi] = CellHidden
	}
	return cells, total, true
}

func smallestShown(col []int, states []CellState) int {
	next := -1
	for i, st := range states {
		if st == CellShown && (next < 0 || col[i] < col[next]) {
			next = i
		}
	}
	return next
}

// SharedTotalBounds is what a reader who knows the rule can tell of the
// shared total from every table and the total as shown.
func SharedTotalBounds(cols [][]int, cells [][]CellState, total CellState, sum, threshold int) (lo, hi int) {
	switch total {
	case CellShown:
		return sum, sum
	case CellBelowThreshold:
		lo, hi = 0, threshold-1
	default:
		lo, hi = threshold, math.MaxInt
	}
	for k, col := range cols {
		tLo, tHi := 0, 0
		for i := range col {
			l, h := bounds(col, cells[k], threshold, i)
			tLo += l
			tHi = addSat(tHi, h)
		}
		lo, hi = max(lo, tLo), min(hi, tHi)
	}
	return lo, hi
}

// sharedDisclosure reports a table one of whose "fewer than N" cells can be
// worked out from all the tables together.
func sharedDisclosure(cols [][]int, cells [][]CellState, total CellState, sum, threshold int) (int, bool) {
	tLo, tHi := SharedTotalBounds(cols, cells, total, sum, threshold)
	for k, col := range cols {
		for i, st := range cells[k] {
			if st != CellBelowThreshold {
				continue
			}
			lo, hi := bounds(col, cells[k], threshold, i)
			restLo, restHi := 0, 0
			for j := range col {
				if j == i {
					continue
				}
				l, h := bounds(col, cells[k], threshold, j)
				restLo += l
				restHi = addSat(restHi, h)
			}
			if restHi != math.MaxInt && tLo != math.MaxInt {
				lo = max(lo, tLo-restHi)
			}
			if tHi != math.MaxInt {
				hi = min(hi, tHi-restLo)
			}
			if lo >= hi {
				return k, true
			}
		}
	}
	return -1, false
}
