package models

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// The attacker on the whole published report. It knows how the report's
// figures hang together (which totals are shared, which figure is a part of
// which, how the interview share is computed) and the threshold rule, and
// reads every published figure of a year's column at once. For each "fewer
// than N" cell it looks for every value that some assignment of all the
// withheld figures allows; a cell with one possible value is recovered. It
// is a small constraint solver of its own (bounds propagation and domain
// splitting), not the bounds the defender uses.

// atkConstraint is sum(coef[i] * x[vars[i]]) <= c.
type atkConstraint struct {
	vars, coef []int
	c          int
}

type attacker struct {
	lo, hi []int
	cons   []atkConstraint
}

func (a *attacker) newVar(lo, hi int) int {
	a.lo, a.hi = append(a.lo, lo), append(a.hi, hi)
	return len(a.lo) - 1
}

func (a *attacker) le(c int, terms ...int) { // terms: var, coef, var, coef...
	var k atkConstraint
	for i := 0; i < len(terms); i += 2 {
		k.vars, k.coef = append(k.vars, terms[i]), append(k.coef, terms[i+1])
	}
	k.c = c
	a.cons = append(a.cons, k)
}

func (a *attacker) eq(c int, terms ...int) {
	a.le(c, terms...)
	neg := slices.Clone(terms)
	for i := 1; i < len(neg); i += 2 {
		neg[i] = -neg[i]
	}
	a.le(-c, neg...)
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// propagate narrows lo/hi to bounds consistency; false if infeasible.
func (a *attacker) propagate(lo, hi []int) bool {
	for changed := true; changed; {
		changed = false
		for _, k := range a.cons {
			minSum := 0
			for i, v := range k.vars {
				if k.coef[i] > 0 {
					minSum += k.coef[i] * lo[v]
				} else {
					minSum += k.coef[i] * hi[v]
				}
			}
			if minSum > k.c {
				return false
			}
			for i, v := range k.vars {
				a := k.coef[i]
				own := a * lo[v]
				if a < 0 {
					own = a * hi[v]
				}
				room := k.c - (minSum - own) // a*x <= room
				if a > 0 {
					if b := floorDiv(room, a); b < hi[v] {
						hi[v], changed = b, true
					}
				} else {
					if b := -floorDiv(room, -a); b > lo[v] { // ceil(room/a)
						lo[v], changed = b, true
					}
				}
				if lo[v] > hi[v] {
					return false
				}
			}
		}
	}
	return true
}

// solve finds one assignment within lo/hi, or nil.
func (a *attacker) solve(lo, hi []int) []int {
	lo, hi = slices.Clone(lo), slices.Clone(hi)
	if !a.propagate(lo, hi) {
		return nil
	}
	pick := -1
	for v := range lo {
		if lo[v] < hi[v] && (pick < 0 || hi[v]-lo[v] < hi[pick]-lo[pick]) {
			pick = v
		}
	}
	if pick < 0 {
		return lo
	}
	mid := lo[pick] + (hi[pick]-lo[pick])/2
	h2 := slices.Clone(hi)
	h2[pick] = mid
	if s := a.solve(lo, h2); s != nil {
		return s
	}
	l2 := slices.Clone(lo)
	l2[pick] = mid + 1
	return a.solve(l2, hi)
}

// possible returns, for each variable in targets, the values some
// assignment gives it.
func (a *attacker) possible(targets []int, limit int) map[int]map[int]bool {
	out := map[int]map[int]bool{}
	for _, t := range targets {
		out[t] = map[int]bool{}
	}
	baseLo, baseHi := slices.Clone(a.lo), slices.Clone(a.hi)
	if !a.propagate(baseLo, baseHi) {
		return out
	}
	for _, t := range targets {
		for v := baseLo[t]; v <= min(baseHi[t], limit); v++ {
			if out[t][v] {
				continue
			}
			lo, hi := slices.Clone(baseLo), slices.Clone(baseHi)
			lo[t], hi[t] = v, v
			if s := a.solve(lo, hi); s != nil {
				for _, u := range targets {
					out[u][s[u]] = true
				}
			}
		}
	}
	return out
}

// attackColumn reads column j of p and returns, for each "fewer than N"
// cell (table/row), the values the attacker finds possible.
//
// The attacker also knows every zero of a row the data brings (a
// nationality of another year), which a report on other years tells.
//
// blind: the attacker reads nothing published, only what the zeros of
// such rows tell by themselves (all nationalities' counts zero make no
// cards issued): what it recovers so is told by any report and is no
// disclosure of this one.
func attackColumn(r StatisticsReport, p PublishedReport, j, maxCount int, blind bool) map[string]map[int]bool {
	a := &attacker{}
	n := p.Threshold
	varOf := map[string]int{}
	cellVar := func(name string, c Cell) int {
		var v int
		if blind {
			c.State = -1
		}
		switch c.State {
		case CellShown:
			v = a.newVar(c.Value, c.Value)
		case CellBelowThreshold:
			v = a.newVar(0, n-1)
		case CellHidden:
			v = a.newVar(n, maxCount)
		default:
			v = a.newVar(0, maxCount)
		}
		varOf[name] = v
		return v
	}
	var below []int
	names := map[int]string{}
	for ti, t := range p.Tables {
		var rows []int
		for i, row := range t.Rows {
			name := t.ID + "/" + row
			v := cellVar(name, t.Cells[i][j])
			rows = append(rows, v)
			if i >= r.Tables[ti].FixedRows && r.Tables[ti].Counts[i][j] == 0 {
				a.lo[v], a.hi[v] = 0, 0 // known from another report
				continue
			}
			if p.Tables[ti].Cells[i][j].State == CellBelowThreshold {
				below = append(below, v)
				names[v] = name
			}
		}
		if t.Totals != nil {
			tot := cellVar(t.ID+"/", t.Totals[j])
			terms := []int{tot, -1}
			for _, v := range rows {
				terms = append(terms, v, 1)
			}
			a.eq(0, terms...)
		}
	}
	same := func(x, y string) {
		vx, okX := varOf[x]
		vy, okY := varOf[y]
		if okX && okY {
			a.eq(0, vx, 1, vy, -1)
		}
	}
	part := func(x, whole string) {
		vx, okX := varOf[x]
		vy, okY := varOf[whole]
		if okX && okY {
			a.le(0, vx, 1, vy, -1)
		}
	}
	for _, id := range CardsIssuedTables[1:] {
		same(id+"/", TableCards+"/")
	}
	same(TableInterviewGate+"/cards_issued", TableCards+"/")
	same(TableInterviews+"/held", TableOutcomes+"/")
	same(TableReferrals+"/", TableOutcomes+"/referral")
	same(TableHolds+"/refuse", TableClosures+"/refuse")
	same(TableHolds+"/close_referred", TableClosures+"/close_referred")
	part(TableInterviews+"/with_interpreter", TableInterviews+"/held")
	part(TableInterviewGate+"/backed_by_interview", TableInterviewGate+"/cards_issued")
	part(TableCollection+"/renewed_after_expiry", TableCards+"/renewal")
	if vl, ok := varOf[TableCollection+"/collected_late"]; ok {
		a.le(0, vl, 1, varOf[TableCollection+"/never_collected"], 1, varOf[TableCards+"/"], -1)
	}
	// The share: floor(100 * backed / issued) = s.
	if s := p.InterviewShare[j]; s >= 0 && !blind {
		b, i := varOf[TableInterviewGate+"/backed_by_interview"], varOf[TableInterviewGate+"/cards_issued"]
		a.le(0, b, -100, i, s)    // 100b >= s*i
		a.le(-1, b, 100, i, -s-1) // 100b < (s+1)*i
		a.le(-1, i, -1)           // issued >= 1
	}
	if d := p.Durations[j]; d.Cards.Shown() && !blind {
		v := a.newVar(d.Cards.Value, d.Cards.Value)
		a.eq(0, v, 1, varOf[TableCards+"/"], -1)
	}
	out := map[string]map[int]bool{}
	for v, vals := range a.possible(below, n-1) {
		out[names[v]] = vals
	}
	return out
}

// split divides total into parts parts, small ones often.
func split(rng *rand.Rand, total, parts, threshold int) []int {
	out := make([]int, parts)
	left := total
	for i := range parts - 1 {
		v := rng.IntN(left + 1)
		if rng.IntN(2) == 0 {
			v = rng.IntN(min(left, threshold) + 1)
		}
		out[i] = v
		left -= v
	}
	out[parts-1] = left
	rng.Shuffle(parts, func(i, k int) { out[i], out[k] = out[k], out[i] })
	return out
}

// randomReport builds a report of the given years whose figures hang
// together as the store's do; column(y) draws the counts of year y from a
// generator seeded by the year, so two reports share a year's counts.
func randomReport(seed uint64, years []int, threshold int) StatisticsReport {
	type column map[string][]int
	cols := make([]column, len(years))
	issuedBy := make([]int, len(years))
	for j, y := range years {
		rng := rand.New(rand.NewPCG(seed, uint64(y)))
		c := column{}
		big := 4 * threshold
		issued := rng.IntN(big)
		c[TableCards] = split(rng, issued, 3, threshold)
		c[TableNationality] = split(rng, issued, 1+rng.IntN(4), threshold)
		c[TableSex] = split(rng, issued, 3, threshold)
		c[TableAgeBand] = split(rng, issued, len(AgeBands), threshold)
		c[TableJobCategory] = split(rng, issued, 3, threshold)
		issuedBy[j] = issued
		backed := issued - rng.IntN(min(issued, 2)+1)
		c[TableInterviewGate] = []int{issued, backed}
		renewed := c[TableCards][1]
		late := rng.IntN(issued + 1)
		c[TableCollection] = []int{late, rng.IntN(issued - late + 1), rng.IntN(renewed + 1)}
		held := rng.IntN(big)
		c[TableOutcomes] = split(rng, held, 3, threshold)
		c[TableInterviews] = []int{held, rng.IntN(held + 1)}
		c[TableReferrals] = split(rng, c[TableOutcomes][2], len(ReferralPartners), threshold)
		c[TableClosures] = split(rng, rng.IntN(big), 4, threshold)
		c[TableHolds] = []int{rng.IntN(big), rng.IntN(big), c[TableClosures][0], c[TableClosures][1]}
		c[TableEmployers] = []int{rng.IntN(big), rng.IntN(big)}
		// Follow-up lines: three partitions by partner, linked to nothing
		// (models/followup_stats.go).
		for _, id := range FollowUpTables {
			c[id] = split(rng, rng.IntN(big), len(ReferralPartners), threshold)
		}
		cols[j] = c
	}
	rows := map[string][]string{
		TableCards:         {"first_issuance", "renewal", "duplicate"},
		TableClosures:      {"refuse", "close_referred", "reject", "withdraw"},
		TableCollection:    {"collected_late", "never_collected", "renewed_after_expiry"},
		TableInterviews:    {"held", "with_interpreter"},
		TableInterviewGate: {"cards_issued", "backed_by_interview"},
		TableOutcomes:      {"cleared", "concerns", "referral"},
		TableHolds:         {"opened", "release_hold", "refuse", "close_referred"},
		TableSex:           {"female", "male", "unspecified"},
		TableAgeBand:       AgeBands,
		TableJobCategory:   {"cleaning", "household", "childcare"},
		TableEmployers:     {"restrictions", "with_observations"},
	}
	for _, p := range ReferralPartners {
		rows[TableReferrals] = append(rows[TableReferrals], string(p))
		for _, id := range FollowUpTables {
			rows[id] = append(rows[id], string(p))
		}
	}
	partition := map[string]bool{TableCards: true, TableClosures: true, TableOutcomes: true, TableReferrals: true,
		TableNationality: true, TableSex: true, TableAgeBand: true, TableJobCategory: true, TableMission: true,
		TableFollowUpsGranted: true, TableFollowUpsRefused: true, TableFollowUpsOpen: true}
	r := StatisticsReport{Year: years[len(years)-1], Years: years}
	order := []string{TableCards, TableClosures, TableCollection, TableInterviews, TableInterviewGate, TableOutcomes, TableHolds,
		TableReferrals, TableFollowUpsGranted, TableFollowUpsRefused, TableFollowUpsOpen, TableNationality, TableSex, TableAgeBand, TableJobCategory, TableMission, TableEmployers}
	for _, id := range order {
		if id == TableMission { // named year by year, as the store does
			r.Tables = append(r.Tables, MissionTable(years, randomMissions(seed, years, issuedBy, threshold), threshold))
			continue
		}
		n := 0
		for _, c := range cols {
			n = max(n, len(c[id]))
		}
		t := StatTable{ID: id, Partition: partition[id], Rows: rows[id], FixedRows: len(rows[id])}
		for i := len(t.Rows); i < n; i++ {
			t.Rows = append(t.Rows, fmt.Sprintf("r%d", i))
		}
		for i := range t.Rows {
			line := make([]int, len(years))
			for j, c := range cols {
				if i < len(c[id]) {
					line[j] = c[id][i]
				}
			}
			t.Counts = append(t.Counts, line)
		}
		r.Tables = append(r.Tables, t)
	}
	for _, c := range cols {
		r.Durations = append(r.Durations, DurationFigure{Cards: c[TableCards][0] + c[TableCards][1] + c[TableCards][2], MedianDays: 20, P90Days: 40})
	}
	return r
}

// TestReportCannotBeAttacked: over random small reports, the attacker who
// reads every published figure of the report together (the tables, their
// totals, the interview share, the cards behind the durations) finds at
// least two values, the true one among them, for every "fewer than N"
// cell of every table; and a year's column is published the same in every
// report that shows it, so two reports tell nothing by their difference.
func TestReportCannotBeAttacked(t *testing.T) {
	const threshold = 5
	cases := 80
	if testing.Short() {
		cases = 20
	}
	for seed := range uint64(cases) {
		r := randomReport(seed, []int{2025, 2026}, threshold)
		p := Publish(r, threshold)
		for j := range p.Years {
			for ti, tab := range p.Tables {
				for i, c := range tab.Cells {
					if c[j].Shown() && r.Tables[ti].Counts[i][j] < threshold {
						t.Fatalf("seed %d: %s/%s shown below the threshold", seed, tab.ID, tab.Rows[i])
					}
				}
			}
			truth := map[string]int{}
			for _, tab := range r.Tables {
				for i, row := range tab.Rows {
					truth[tab.ID+"/"+row] = tab.Counts[i][j]
				}
			}
			var told map[string]map[int]bool // what the known zeros tell, when needed
			for name, vals := range attackColumn(r, p, j, 8*threshold, false) {
				if !vals[truth[name]] {
					t.Fatalf("seed %d, %d: %s: the attacker misses the true %d: %v", seed, p.Years[j], name, truth[name], vals)
				}
				if len(vals) < 2 && told == nil {
					told = attackColumn(r, p, j, 8*threshold, true)
				}
				if len(vals) < 2 && len(told[name]) >= 2 {
					t.Fatalf("seed %d, %d: %s recovered: %v\n%s", seed, p.Years[j], name, vals, dumpColumn(r, p, j))
				}
			}
		}
		// The same year in the next report.
		next := Publish(randomReport(seed, []int{2026, 2027}, threshold), threshold)
		for ti, tab := range p.Tables {
			for i := range tab.Cells {
				k := slices.Index(next.Tables[ti].Rows, tab.Rows[i])
				if k < 0 {
					// A row of 2025 only: its zero in 2026 is told (a
					// mission named in 2025 only counts nothing in 2026).
					if n := r.Tables[ti].Counts[i][1]; n != 0 {
						t.Fatalf("seed %d: 2026 %s/%s counts %d in one report and lacks the row in the next", seed, tab.ID, tab.Rows[i], n)
					}
					continue
				}
				if a, b := tab.Cells[i][1], next.Tables[ti].Cells[k][0]; a != b {
					t.Fatalf("seed %d: 2026 %s/%s published %v in one report, %v in the next", seed, tab.ID, tab.Rows[i], a, b)
				}
			}
		}
	}
}

func dumpColumn(r StatisticsReport, p PublishedReport, j int) string {
	s := ""
	for ti, t := range r.Tables {
		s += t.ID + ":"
		for i := range t.Rows {
			s += fmt.Sprintf(" %d=%v", t.Counts[i][j], p.Tables[ti].Cells[i][j])
		}
		if p.Tables[ti].Totals != nil {
			s += fmt.Sprintf(" | %v", p.Tables[ti].Totals[j])
		}
		s += "\n"
	}
	return s + fmt.Sprintf("share %v durations %+v\n", p.InterviewShare[j], p.Durations[j])
}

// BenchmarkPublishLarge: a five-year report of 3,000 cards a year, by 150
// nationalities and 100 missions, most of them small, decided as linked
// systems.
// go test ./models -run '^$' -bench PublishLarge
func BenchmarkPublishLarge(b *testing.B) {
	r := randomReport(1, ReportYears(2026), 5)
	rng := rand.New(rand.NewPCG(5, 6))
	const issued = 3000
	for ti, t := range r.Tables {
		if !slices.Contains(CardsIssuedTables, t.ID) {
			continue
		}
		if rows := map[string]int{TableNationality: 150, TableMission: 100}[t.ID]; rows > 0 {
			t.Rows, t.Counts, t.FixedRows = nil, nil, 0
			for i := range rows {
				t.Rows = append(t.Rows, fmt.Sprintf("r%d", i))
				t.Counts = append(t.Counts, make([]int, len(r.Years)))
			}
		}
		for j := range r.Years {
			for i := range t.Counts {
				t.Counts[i][j] = 0
			}
			for range issued { // skewed: a few large rows, many small
				i := rng.IntN(len(t.Rows))
				if rng.IntN(4) > 0 {
					i = rng.IntN(min(3, len(t.Rows)))
				}
				t.Counts[i][j]++
			}
		}
		r.Tables[ti] = t
	}
	gate := slices.IndexFunc(r.Tables, func(t StatTable) bool { return t.ID == TableInterviewGate })
	for j := range r.Years {
		r.Tables[gate].Counts[0][j], r.Tables[gate].Counts[1][j] = issued, issued
		r.Durations[j].Cards = issued
	}
	b.ResetTimer()
	for range b.N {
		Publish(r, 5)
	}
}
