package models

import "sort"

// The breakdown by mission. A mission is named (given its own row) in a
// year only where its cards of that year went to at least the suppression
// threshold's number of workers; in every other year its cards are counted
// under "other missions". The rule looks at one year at a time, never at the
// report's five years together: a mission named over 2022–26 but not over
// 2023–27 would otherwise give its 2026 count away as the difference
// between the two reports' "other missions" of 2026. Decided year by year,
// each year's column of the table depends on that year's counts alone, as
// the rest of the report's does (suppression_linked.go), so two reports
// that show a year show it alike.

// MissionCounts is one mission's cards issued and distinct workers who
// received them, per year of a report (oldest first).
type MissionCounts struct {
	Name    string
	Cards   []int
	Workers []int
}

// MissionNamed reports whether a mission whose cards of a year went to
// workers workers is named in that year.
func MissionNamed(workers, threshold int) bool {
	return workers >= threshold
}

// MissionTable builds the table of cards issued by mission over years:
// "other missions" first (in every report), then each mission named in at
// least one of the years, by name. A named mission's cell in a year where it
// is not named is 0 (its cards are under "other missions"): a zero of a row
// from the data, which a report on other years tells by lacking the row.
// Missions sharing a name share a row.
func MissionTable(years []int, missions []MissionCounts, threshold int) StatTable {
	t := StatTable{ID: TableMission, Partition: true, FixedRows: 1,
		Rows: []string{StatOtherMissions}, Counts: [][]int{make([]int, len(years))}}
	rows := map[string][]int{}
	for _, m := range missions {
		for j := range years {
			if j >= len(m.Cards) || m.Cards[j] == 0 {
				continue
			}
			w := 0
			if j < len(m.Workers) {
				w = m.Workers[j]
			}
			if !MissionNamed(w, threshold) || m.Name == StatOtherMissions {
				t.Counts[0][j] += m.Cards[j]
				continue
			}
			if rows[m.Name] == nil {
				rows[m.Name] = make([]int, len(years))
			}
			rows[m.Name][j] += m.Cards[j]
		}
	}
	names := make([]string, 0, len(rows))
	for name := range rows {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Rows = append(t.Rows, name)
		t.Counts = append(t.Counts, rows[name])
	}
	return t
}
