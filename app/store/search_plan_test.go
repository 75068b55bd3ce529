package store_test

import (
	"strings"
	"testing"
)

// TestSearchPlansReadByIndex: with the statistics of the generated database
// of 100,000 workers (34,666 employers, 181 missions), the embedded
// database's name search reads the missions that match and then their
// employers by index. Written as a join, SQLite 3.54 scanned every employer
// to merge the union: 5 of the 6 ms a search by passport took at that size.
func TestSearchPlansReadByIndex(t *testing.T) {
	s, _ := openEmbedded(t)
	db := s.DB()
	must(t, db.Exec("ANALYZE").Error)
	must(t, db.Exec("DELETE FROM sqlite_stat1").Error)
	for _, st := range [][3]string{
		{"employers", "employers_mission", "34666 192"},
		{"employers", "employers_name_order", "34666 1445 1 1"},
		{"employments", "employments_employer", "100000 3"},
		{"employments", "employments_worker", "100000 1"},
		{"employments", "employments_worker_starts", "100000 1 1 1"},
		{"missions", "", "181"},
		{"workers", "workers_name_order", "100000 700 99 1"},
		{"workers", "workers_passport_number", "100000 1"},
		{"workers", "workers_search_name", "100000 99"},
	} {
		var idx any = st[1]
		if st[1] == "" {
			idx = nil
		}
		must(t, db.Exec("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", st[0], idx, st[2]).Error)
	}
	must(t, db.Exec("ANALYZE sqlite_schema").Error) // reload the statistics
	rows, err := db.Raw("EXPLAIN QUERY PLAN "+s.NameMatchSQL(), s.NameMatchArgs("ph9892081")...).Rows()
	must(t, err)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		must(t, rows.Scan(&id, &parent, &unused, &detail))
		plan = append(plan, detail)
	}
	text := strings.Join(plan, "\n")
	for _, line := range plan {
		if line == "SCAN e" || line == "SCAN employers" || strings.HasPrefix(line, "SCAN e USING") || strings.HasPrefix(line, "SCAN employers USING") {
			t.Errorf("the search scans every employer:\n%s", text)
		}
	}
	if !strings.Contains(text, "employers_mission") {
		t.Errorf("the missions' employers are not read by index:\n%s", text)
	}
}
