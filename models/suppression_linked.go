package models

import "math"

// Complementary suppression over the whole report. The yearly report
// publishes one population several times over, so its tables are linked:
//
//   - the cards issued in a year are the total of the cards by kind, by
//     nationality, sex, age band, job category and mission, and the interview
//     gate's first row (CardsIssuedTables);
//   - the interviews held are the total of the outcomes;
//   - the referrals by partner add up to the outcome "referral" (one
//     referral per interview with that outcome);
//   - the holds refused or closed as referred are the closures of those
//     kinds;
//   - and some figures count a part of another: interviews with an
//     interpreter of those held, cards backed by an interview of those
//     issued, renewals after expiry of the renewals, cards collected late or
//     never of those issued.
//
// Table by table, a cell hidden in one table is shown in another (the
// holds publish the refusals the closures hide), and a total withheld in
// one is published in the next. publishLinked decides every year's column
// of the report as one system: a figure published in two tables is one
// unknown with one state; each table that publishes a total is one
// equation; a "fewer than N" cell is hidden until no reader can pin it down
// from every published figure together; and a part is withheld wherever the
// whole is.
//
// The reader considered knows the threshold: a "fewer than N" figure lies
// in [0, N-1] and a hidden one is at least N. The years' columns are
// separate systems (the report publishes nothing summed over years), so a
// year's column is decided by that year's counts alone and is the same in
// every report that shows it.

// reportLink names one figure of the report: a row of a table, or its total
// (row -1).
type reportLink struct {
	table string
	row   string // "" for the total
}

// linkedEquals are figures that are one count published twice.
var linkedEquals = [][2]reportLink{
	{{TableInterviewGate, "cards_issued"}, {TableCards, ""}},
	{{TableInterviews, "held"}, {TableOutcomes, ""}},
	{{TableReferrals, ""}, {TableOutcomes, string(OutcomeReferral)}},
	{{TableHolds, "refuse"}, {TableClosures, "refuse"}},
	{{TableHolds, "close_referred"}, {TableClosures, "close_referred"}},
}

// linkedParts are figures that count a part of another: the part is
// withheld wherever the whole is, so that neither bounds the other.
var linkedParts = [][2]reportLink{ // {part, whole}
	{{TableInterviews, "with_interpreter"}, {TableInterviews, "held"}},
	{{TableInterviewGate, "backed_by_interview"}, {TableInterviewGate, "cards_issued"}},
	{{TableCollection, "renewed_after_expiry"}, {TableCards, string(ApplicationRenewal)}},
	{{TableCollection, "collected_late"}, {TableCards, ""}},
	{{TableCollection, "never_collected"}, {TableCards, ""}},
}

// linkedSystem is one year's column: the figures, the unknowns they are
// (several figures can be one unknown), and the equations.
type linkedSystem struct {
	threshold int
	value     []int       // per unknown
	state     []CellState // per unknown
	// known: a zero of a row from the data, which a report on other years
	// tells by lacking the row: the reader knows it, so it protects
	// nothing and needs no protection, and the column is decided the same
	// in every report.
	known []bool
	// slack: the unpublished rest of a whole after its parts (cards
	// collected on time): at least 0, never shown.
	slack []bool
	// told: pinned by the known zeros alone.
	told   []bool
	figure map[reportLink]int
	// equations: the rows of a table that publishes its total sum to it.
	equations []linkedEquation
}

type linkedEquation struct {
	rows  []int
	total int
}

// newLinkedSystem builds column j of the report's tables. Figures linked as
// equal are one unknown only when their counts agree (the referrals of a
// year can differ from the referral outcomes when the referral was dated in
// another year); where they differ they are still withheld together.
func newLinkedSystem(r StatisticsReport, j, threshold int) *linkedSystem {
	s := &linkedSystem{threshold: threshold, figure: map[reportLink]int{}}
	parent := map[reportLink]reportLink{}
	var find func(l reportLink) reportLink
	find = func(l reportLink) reportLink {
		if p, ok := parent[l]; ok && p != l {
			root := find(p)
			parent[l] = root
			return root
		}
		return l
	}
	counts := map[reportLink]int{}
	for _, t := range r.Tables {
		if len(t.Rows) == 0 {
			continue
		}
		for i, row := range t.Rows {
			counts[reportLink{t.ID, row}] = t.Counts[i][j]
		}
		if t.Partition {
			counts[reportLink{t.ID, ""}] = t.Totals()[j]
		}
	}
	union := func(a, b reportLink) {
		ca, okA := counts[a]
		cb, okB := counts[b]
		if okA && okB && ca == cb {
			parent[find(a)] = find(b)
		}
	}
	for _, id := range CardsIssuedTables[1:] {
		union(reportLink{id, ""}, reportLink{CardsIssuedTables[0], ""})
	}
	for _, l := range linkedEquals {
		union(l[0], l[1])
	}
	unknown := map[reportLink]int{}
	id := func(l reportLink, fromData bool) int {
		if fromData && counts[l] == 0 {
			s.value, s.state = append(s.value, 0), append(s.state, CellBelowThreshold)
			s.known, s.slack = append(s.known, true), append(s.slack, false)
			s.figure[l] = len(s.value) - 1
			return len(s.value) - 1
		}
		root := find(l)
		k, ok := unknown[root]
		if !ok {
			k = len(s.value)
			unknown[root] = k
			s.value = append(s.value, counts[l])
			st := CellShown
			if counts[l] < threshold {
				st = CellBelowThreshold
			}
			s.state = append(s.state, st)
			s.known, s.slack = append(s.known, false), append(s.slack, false)
		}
		s.figure[l] = k
		return k
	}
	for _, t := range r.Tables {
		if len(t.Rows) == 0 {
			continue
		}
		var eq linkedEquation
		for i, row := range t.Rows {
			eq.rows = append(eq.rows, id(reportLink{t.ID, row}, i >= t.FixedRows))
		}
		if t.Partition {
			eq.total = id(reportLink{t.ID, ""}, false)
			s.equations = append(s.equations, eq)
		}
	}
	// Parts of one whole: parts + the unpublished rest = whole.
	for _, ps := range linkedPartSums {
		whole, ok := s.figure[ps.whole]
		if !ok {
			continue
		}
		eq := linkedEquation{total: whole}
		rest := s.value[whole]
		for _, l := range ps.parts {
			if k, ok := s.figure[l]; ok {
				eq.rows = append(eq.rows, k)
				rest -= s.value[k]
			}
		}
		s.value, s.state = append(s.value, rest), append(s.state, CellHidden)
		s.known, s.slack = append(s.known, false), append(s.slack, true)
		eq.rows = append(eq.rows, len(s.value)-1)
		s.equations = append(s.equations, eq)
	}
	return s
}

// linkedPartSums are disjoint parts of one whole, each published: their sum
// is at most the whole, so a "fewer than N" part beside a shown part as
// large as the whole is told (9 collected late of 9 cards: none never
// collected).
var linkedPartSums = []struct {
	parts []reportLink
	whole reportLink
}{
	{[]reportLink{{TableCollection, "collected_late"}, {TableCollection, "never_collected"}}, reportLink{TableCards, ""}},
	{[]reportLink{{TableCollection, "renewed_after_expiry"}}, reportLink{TableCards, string(ApplicationRenewal)}},
	{[]reportLink{{TableInterviews, "with_interpreter"}}, reportLink{TableInterviews, "held"}},
	{[]reportLink{{TableInterviewGate, "backed_by_interview"}}, reportLink{TableInterviewGate, "cards_issued"}},
}

// bounds is what the reader can tell of every unknown from the states and
// the equations (bounds propagated to a fixed point); blind, from the
// equations and the known zeros alone.
func (s *linkedSystem) bounds(blind bool) (lo, hi []int) {
	lo, hi = make([]int, len(s.value)), make([]int, len(s.value))
	for k, st := range s.state {
		switch {
		case s.known[k]:
			lo[k], hi[k] = 0, 0
		case s.slack[k] || blind:
			lo[k], hi[k] = 0, math.MaxInt
		case st == CellShown:
			lo[k], hi[k] = s.value[k], s.value[k]
		case st == CellBelowThreshold:
			lo[k], hi[k] = 0, s.threshold-1
		default:
			lo[k], hi[k] = s.threshold, math.MaxInt
		}
	}
	for changed := true; changed; {
		changed = false
		tighten := func(k, l, h int) {
			if l > lo[k] {
				lo[k], changed = l, true
			}
			if h < hi[k] {
				hi[k], changed = h, true
			}
		}
		for _, eq := range s.equations {
			// The rows' sums, the unbounded highs counted apart, so that
			// each row's "the others" is one subtraction.
			sumLo, finiteHi, unbounded := 0, 0, 0
			for _, k := range eq.rows {
				sumLo += lo[k]
				if hi[k] == math.MaxInt {
					unbounded++
				} else {
					finiteHi += hi[k]
				}
			}
			sumHi := finiteHi
			if unbounded > 0 {
				sumHi = math.MaxInt
			}
			tighten(eq.total, sumLo, sumHi)
			for _, k := range eq.rows {
				restLo, restHi := sumLo-lo[k], finiteHi // the other rows' sums
				if hi[k] == math.MaxInt {
					if unbounded > 1 {
						restHi = math.MaxInt
					}
				} else if restHi -= hi[k]; unbounded > 0 {
					restHi = math.MaxInt
				}
				l, h := 0, math.MaxInt
				if restHi != math.MaxInt {
					l = lo[eq.total] - restHi
				}
				if hi[eq.total] != math.MaxInt {
					h = hi[eq.total] - restLo
				}
				tighten(k, l, h)
			}
		}
	}
	return lo, hi
}

// pinned returns the unknowns shown as "fewer than N" that the reader can
// narrow to one value, leaving out those the known zeros alone tell (no
// nationality had a card: no cards were issued), which no report can keep.
func (s *linkedSystem) pinned() []int {
	lo, hi := s.bounds(false)
	var out []int
	for k, st := range s.state {
		if st == CellBelowThreshold && !s.known[k] && !s.told[k] && lo[k] >= hi[k] {
			out = append(out, k)
		}
	}
	return out
}

// protect hides figures until no "fewer than N" unknown is pinned: the
// smallest count shown among the rows of an equation that holds the pinned
// unknown, else that equation's total, else the smallest count shown in an
// equation reached from it through withheld unknowns.
func (s *linkedSystem) protect() {
	if s.threshold <= 1 {
		return // "fewer than 1" is 0: nothing to protect
	}
	lo, hi := s.bounds(true)
	s.told = make([]bool, len(s.value))
	for k := range s.told {
		s.told[k] = lo[k] >= hi[k]
	}
	for guard := 0; guard <= len(s.value); guard++ {
		hidden := false
		for _, k := range s.pinned() {
			if h := s.nextToHide(k); h >= 0 {
				s.state[h] = CellHidden
				hidden = true
				break
			}
		}
		if !hidden {
			return // protected, or nothing left to hide
		}
	}
}

func (s *linkedSystem) nextToHide(k int) int {
	reached := map[int]bool{k: true}
	frontier := []int{k}
	for len(frontier) > 0 {
		var eqs []linkedEquation
		for _, eq := range s.equations {
			for _, f := range frontier {
				if eq.total == f || containsInt(eq.rows, f) {
					eqs = append(eqs, eq)
					break
				}
			}
		}
		best := -1
		for _, eq := range eqs {
			for _, r := range eq.rows {
				if s.state[r] == CellShown && !s.slack[r] && (best < 0 || s.value[r] < s.value[best]) {
					best = r
				}
			}
		}
		if best >= 0 {
			return best
		}
		for _, eq := range eqs {
			if s.state[eq.total] == CellShown {
				return eq.total
			}
		}
		// Every figure of those equations is withheld: look one step
		// further, through them.
		frontier = nil
		for _, eq := range eqs {
			for _, u := range append([]int{eq.total}, eq.rows...) {
				if !reached[u] {
					reached[u] = true
					frontier = append(frontier, u)
				}
			}
		}
	}
	return -1
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// stateOf returns the state of figure l, shown if the column lacks it.
func (s *linkedSystem) stateOf(l reportLink) (CellState, bool) {
	k, ok := s.figure[l]
	if !ok {
		return CellShown, false
	}
	return s.state[k], true
}

// withholdParts hides every part whose whole is withheld, and both
// figures linked as equal where one is withheld (where their counts differ
// they are two unknowns), until nothing changes. Hiding a shown count only
// widens what the reader knows of it (from one value to "at least N"), so
// no cell protected before is pinned after.
func (s *linkedSystem) withholdParts() {
	for changed := true; changed; {
		changed = false
		hide := func(l reportLink) {
			if k, ok := s.figure[l]; ok && s.state[k] == CellShown {
				s.state[k], changed = CellHidden, true
			}
		}
		for _, p := range linkedParts {
			if st, ok := s.stateOf(p[1]); ok && st != CellShown {
				hide(p[0])
			}
		}
		for _, e := range linkedEquals {
			a, okA := s.stateOf(e[0])
			b, okB := s.stateOf(e[1])
			if okA && okB && (a == CellShown) != (b == CellShown) {
				hide(e[0])
				hide(e[1])
			}
		}
	}
}

// publishLinked decides the tables of out (already published one by one)
// together, year by year.
func publishLinked(out *PublishedReport, r StatisticsReport, threshold int) {
	for j := range r.Years {
		s := newLinkedSystem(r, j, threshold)
		s.protect()
		s.withholdParts()
		for ti, t := range r.Tables {
			p := &out.Tables[ti]
			for i, row := range t.Rows {
				st, _ := s.stateOf(reportLink{t.ID, row})
				p.Cells[i][j] = Cell{State: st}
				if st == CellShown {
					p.Cells[i][j].Value = t.Counts[i][j]
				}
			}
			if t.Partition && len(t.Rows) > 0 {
				st, _ := s.stateOf(reportLink{t.ID, ""})
				p.Totals[j] = Cell{State: st}
				if st == CellShown {
					p.Totals[j].Value = t.Totals()[j]
				}
			}
		}
	}
}
