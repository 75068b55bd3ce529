package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// The yearly report (issue 12). Every figure is an aggregate computed by the
// database (GROUP BY over one range of years, on the indexes of migration
// 00016): no row about a person leaves the query, and the time grows with
// the number of groups, not of records. models.Publish then suppresses
// small numbers; only the published report leaves this file.

// Yearly returns the published report on year and the years before it,
// and records the view in the audit trail.
func (s *Statistics) Yearly(ctx context.Context, actor models.Actor, year int) (models.PublishedReport, error) {
	return s.published(ctx, actor, year, "statistics.view", "web")
}

// Export returns the published report for an export in format (csv,
// xlsx, pdf, json), and records the export in the audit trail.
func (s *Statistics) Export(ctx context.Context, actor models.Actor, year int, format string) (models.PublishedReport, error) {
	return s.published(ctx, actor, year, "statistics.export", format)
}

func (s *Statistics) published(ctx context.Context, actor models.Actor, year int, action, what string) (models.PublishedReport, error) {
	if err := actor.Require(models.PermStatisticsRead); err != nil {
		return models.PublishedReport{}, err
	}
	if err := models.ValidStatisticsYear(year, s.local()); err != nil {
		return models.PublishedReport{}, err
	}
	var out models.PublishedReport
	err := s.transact(ctx, func(tx *gorm.DB) error {
		r, err := s.report(tx, year)
		if err != nil {
			return err
		}
		out = models.Publish(r, s.opts.Settings.Oversight.SuppressionThreshold)
		return s.audit(tx, actor, action, "statistics", strconv.Itoa(year), fmt.Sprintf("yearly report %d (%s)", year, what))
	})
	return out, err
}

// yearExpr is the calendar year (UTC) of a timestamp column.
func (s *core) yearExpr(col string) string {
	if s.engine == Postgres {
		return "CAST(EXTRACT(YEAR FROM " + col + " AT TIME ZONE 'UTC') AS integer)"
	}
	return "CAST(strftime('%Y', " + col + ") AS integer)"
}

// daysExpr is the whole days from a to b.
func (s *core) daysExpr(a, b string) string {
	if s.engine == Postgres {
		return "CAST(floor(EXTRACT(EPOCH FROM (" + b + " - " + a + ")) / 86400) AS integer)"
	}
	return "CAST(julianday(" + b + ") - julianday(" + a + ") AS integer)"
}

// ageExpr is the age in completed years on day at of someone born on dob.
func (s *core) ageExpr(dob, at string) string {
	if s.engine == Postgres {
		return "CAST(date_part('year', age((" + at + " AT TIME ZONE 'UTC')::date, (" + dob + " AT TIME ZONE 'UTC')::date)) AS integer)"
	}
	return "(CAST(strftime('%Y', " + at + ") AS integer) - CAST(strftime('%Y', " + dob + ") AS integer) - (strftime('%m-%d', " + at + ") < strftime('%m-%d', " + dob + ")))"
}

// reportBuilder collects counts by table, row and year.
type reportBuilder struct {
	years  []int
	counts map[string]map[string][]int
}

func (b *reportBuilder) add(table, row string, year, n int) {
	j := year - b.years[0]
	if j < 0 || j >= len(b.years) {
		return
	}
	if b.counts[table] == nil {
		b.counts[table] = map[string][]int{}
	}
	if b.counts[table][row] == nil {
		b.counts[table][row] = make([]int, len(b.years))
	}
	b.counts[table][row][j] += n
}

// table builds one table with rows in the order given (every one shown,
// zero or not); extra rows the data has are appended in sorted order.
func (b *reportBuilder) table(id, label string, partition bool, rows ...string) models.StatTable {
	t := models.StatTable{ID: id, RowLabel: label, Partition: partition, FixedRows: len(rows)}
	var extra []string
	for k := range b.counts[id] {
		if !slices.Contains(rows, k) {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, r := range append(slices.Clone(rows), extra...) {
		t.Rows = append(t.Rows, r)
		c := b.counts[id][r]
		if c == nil {
			c = make([]int, len(b.years))
		}
		t.Counts = append(t.Counts, c)
	}
	return t
}

// report computes the exact figures of year and the years before it.
func (s *core) report(tx *gorm.DB, year int) (models.StatisticsReport, error) {
	years := models.ReportYears(year)
	from := time.Date(years[0], 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	asOf := s.now()
	b := &reportBuilder{years: years, counts: map[string]map[string][]int{}}
	durations := make([]map[int]int, len(years)) // days -> cards
	byMission := map[int64][]int{}               // mission -> cards per year
	missionWorkers := map[int64][]int{}          // mission -> workers with a card, per year
	for i := range durations {
		durations[i] = map[int]int{}
	}
	type query struct {
		sql  string
		args []any
		row  func(scan func(...any) error) error
	}
	var y, n, m, k, l, p int
	var key, key2, key3 string
	cy := s.yearExpr("c.issued_at")
	queries := []query{
		// Cards by the kind of their application.
		{"SELECT " + cy + ", a.kind, COUNT(*) FROM cards c JOIN applications a ON a.id = c.application_id " +
			"WHERE c.issued_at >= ? AND c.issued_at < ? GROUP BY 1, 2", nil,
			func(scan func(...any) error) error {
				err := scan(&y, &key, &n)
				b.add(models.TableCards, key, y, n)
				return err
			}},
		// Collection, renewals after expiry, and the interview gate.
		{"SELECT " + cy + ", COUNT(*)," +
			" SUM(CASE WHEN c.collected_at IS NOT NULL AND " + s.daysExpr("c.issued_at", "c.collected_at") + " > ? THEN 1 ELSE 0 END)," +
			" SUM(CASE WHEN c.collected_at IS NULL AND c.issued_at < ? THEN 1 ELSE 0 END)," +
			" SUM(CASE WHEN a.kind = 'renewal' AND c.issued_at > o.expires_on THEN 1 ELSE 0 END)," +
			" SUM(CASE WHEN i.held_at IS NOT NULL THEN 1 ELSE 0 END)" +
			" FROM cards c JOIN applications a ON a.id = c.application_id LEFT JOIN cards o ON o.id = a.replaces_card_id" +
			" LEFT JOIN interviews i ON i.id = c.interview_id AND i.application_id = c.application_id" +
			" WHERE c.issued_at >= ? AND c.issued_at < ? GROUP BY 1",
			[]any{models.LateCollectionDays, asOf.AddDate(0, 0, -models.LateCollectionDays)},
			func(scan func(...any) error) error {
				err := scan(&y, &n, &m, &k, &l, &p)
				b.add(models.TableCollection, "collected_late", y, m)
				b.add(models.TableCollection, "never_collected", y, k)
				b.add(models.TableCollection, "renewed_after_expiry", y, l)
				b.add(models.TableInterviewGate, "cards_issued", y, n)
				b.add(models.TableInterviewGate, "backed_by_interview", y, p)
				return err
			}},
		// Submission to card, as a histogram of whole days.
		{"SELECT " + cy + ", " + s.daysExpr("e.at", "c.issued_at") + ", COUNT(*) FROM cards c" +
			" JOIN application_events e ON e.application_id = c.application_id AND e.action = 'submit'" +
			" WHERE c.issued_at >= ? AND c.issued_at < ? GROUP BY 1, 2", nil,
			func(scan func(...any) error) error {
				err := scan(&y, &m, &n)
				if j := y - years[0]; j >= 0 && j < len(years) {
					durations[j][m] += n
				}
				return err
			}},
		// Who the cards went to.
		// The age of an anonymised worker's card is the one kept at the
		// anonymisation (card_facts), the date of birth being erased.
		{"SELECT " + cy + ", w.nationality, w.sex, COALESCE(f.age_at_issue, " + s.ageExpr("w.date_of_birth", "c.issued_at") + "), e.job_category, em.mission_id, COUNT(*)" +
			" FROM cards c JOIN workers w ON w.id = c.worker_id JOIN applications a ON a.id = c.application_id LEFT JOIN card_facts f ON f.card_id = c.id" +
			" JOIN employments e ON e.id = a.employment_id JOIN employers em ON em.id = c.employer_id" +
			" WHERE c.issued_at >= ? AND c.issued_at < ? GROUP BY 1, 2, 3, 4, 5, 6", nil,
			func(scan func(...any) error) error {
				var mission int64
				err := scan(&y, &key, &key2, &m, &key3, &mission, &n)
				if j := y - years[0]; err == nil && j >= 0 && j < len(years) {
					if byMission[mission] == nil {
						byMission[mission] = make([]int, len(years))
					}
					byMission[mission][j] += n
				}
				b.add(models.TableNationality, key, y, n)
				b.add(models.TableSex, key2, y, n)
				b.add(models.TableAgeBand, models.AgeBand(m), y, n)
				b.add(models.TableJobCategory, key3, y, n)
				return err
			}},
		// Applications closed without a card.
		{"SELECT " + s.yearExpr("at") + ", action, COUNT(*) FROM application_events" +
			" WHERE action IN ('refuse', 'close_referred', 'reject', 'withdraw') AND at >= ? AND at < ? GROUP BY 1, 2", nil,
			func(scan func(...any) error) error {
				err := scan(&y, &key, &n)
				b.add(models.TableClosures, key, y, n)
				if key != "reject" && key != "withdraw" {
					b.add(models.TableHolds, key, y, n)
				}
				return err
			}},
		{"SELECT " + s.yearExpr("at") + ", COUNT(*) FROM application_events WHERE action = 'release_hold' AND at >= ? AND at < ? GROUP BY 1", nil,
			func(scan func(...any) error) error {
				err := scan(&y, &n)
				b.add(models.TableHolds, "release_hold", y, n)
				return err
			}},
		// Holds opened: an event that put the application on hold from
		// another status.
		{"SELECT " + s.yearExpr("e.at") + ", COUNT(*) FROM application_events e" +
			" JOIN application_events q ON q.application_id = e.application_id AND q.seq = e.seq - 1" +
			" WHERE e.status_after = 'on_hold' AND q.status_after <> 'on_hold' AND e.at >= ? AND e.at < ? GROUP BY 1", nil,
			func(scan func(...any) error) error {
				err := scan(&y, &n)
				b.add(models.TableHolds, "opened", y, n)
				return err
			}},
		// Interviews held, in their current record (a correction replaces
		// the record it supersedes).
		{"SELECT " + s.yearExpr("i.held_at") + ", i.outcome, COUNT(*), SUM(CASE WHEN i.interpreter_language <> '' THEN 1 ELSE 0 END)" +
			" FROM interviews i WHERE i.recorded_at IS NOT NULL AND i.held_at >= ? AND i.held_at < ?" +
			" AND NOT EXISTS (SELECT 1 FROM interviews x WHERE x.supersedes_id = i.id) GROUP BY 1, 2", nil,
			func(scan func(...any) error) error {
				err := scan(&y, &key, &n, &m)
				if key == "" {
					key = "pending"
				}
				b.add(models.TableOutcomes, key, y, n)
				b.add(models.TableInterviews, "held", y, n)
				b.add(models.TableInterviews, "with_interpreter", y, m)
				return err
			}},
		// Referrals by partner, of current interview records.
		{"SELECT " + s.yearExpr("r.date") + ", r.partner, COUNT(*) FROM referrals r WHERE r.date >= ? AND r.date < ?" +
			" AND NOT EXISTS (SELECT 1 FROM interviews x WHERE x.supersedes_id = r.interview_id) GROUP BY 1, 2", nil,
			func(scan func(...any) error) error {
				err := scan(&y, &key, &n)
				b.add(models.TableReferrals, key, y, n)
				return err
			}},
		// Referral follow-up lines by partner, in the year of their "sent"
		// step (one per line, models.CheckFollowUp), by where they stand
		// now (models/followup_stats.go).
		{"SELECT " + s.yearExpr("f.on_date") + ", f.partner," +
			" SUM(CASE WHEN EXISTS (SELECT 1 FROM referral_followups g WHERE g.worker_id = f.worker_id AND g.partner = f.partner AND g.status = 'victim_status_granted') THEN 1 ELSE 0 END)," +
			" SUM(CASE WHEN EXISTS (SELECT 1 FROM referral_followups g WHERE g.worker_id = f.worker_id AND g.partner = f.partner AND g.status = 'victim_status_refused') THEN 1 ELSE 0 END)," +
			" SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM referral_followups g WHERE g.worker_id = f.worker_id AND g.partner = f.partner" +
			" AND g.status IN ('victim_status_granted', 'victim_status_refused', 'closed')) THEN 1 ELSE 0 END)" +
			" FROM referral_followups f WHERE f.status = 'sent' AND f.on_date >= ? AND f.on_date < ? GROUP BY 1, 2", nil,
			func(scan func(...any) error) error {
				err := scan(&y, &key, &n, &m, &k)
				b.add(models.TableFollowUpsGranted, key, y, n)
				b.add(models.TableFollowUpsRefused, key, y, m)
				b.add(models.TableFollowUpsOpen, key, y, k)
				return err
			}},
		// Indicators observed (yes or unclear, not since withdrawn or
		// corrected), by source: counted as they are recorded (00016).
		{"SELECT year, source, taxonomy, code, n FROM indicator_counts WHERE year >= ? AND year <= ? AND n > 0", []any{years[0], year},
			func(scan func(...any) error) error {
				err := scan(&y, &key, &key2, &key3, &n)
				if models.Taxonomy(key2) == models.TaxonomyILOForcedLabour {
					t := models.TableIndicatorsILO
					if key == "signal" {
						t = models.TableSignalsILO
					}
					b.add(t, key3, y, n)
				} else if ind, ok := models.LookupIndicator(key3); ok {
					t := models.TableDimensions
					if key == "signal" {
						t = models.TableSignalDimension
					}
					b.add(t, string(ind.Dimension), y, n)
				}
				return err
			}},
		{"SELECT year, COUNT(*) FROM indicator_employer_years WHERE year >= ? AND year <= ? GROUP BY year", []any{years[0], year},
			func(scan func(...any) error) error {
				err := scan(&y, &n)
				b.add(models.TableEmployers, "with_observations", y, n)
				return err
			}},
		// A mission is named in a year only where enough workers received
		// its cards that year (models.MissionTable); the others are counted
		// together.
		{"SELECT " + cy + ", em.mission_id, COUNT(DISTINCT c.worker_id) FROM cards c JOIN employers em ON em.id = c.employer_id" +
			" WHERE c.issued_at >= ? AND c.issued_at < ? GROUP BY 1, 2", nil,
			func(scan func(...any) error) error {
				var mission int64
				err := scan(&y, &mission, &n)
				if j := y - years[0]; err == nil && j >= 0 && j < len(years) {
					if missionWorkers[mission] == nil {
						missionWorkers[mission] = make([]int, len(years))
					}
					missionWorkers[mission][j] = n
				}
				return err
			}},
		{"SELECT " + s.yearExpr("starts_on") + ", COUNT(*) FROM employer_restrictions WHERE starts_on >= ? AND starts_on < ? GROUP BY 1", nil,
			func(scan func(...any) error) error {
				err := scan(&y, &n)
				b.add(models.TableEmployers, "restrictions", y, n)
				return err
			}},
	}
	for _, q := range queries {
		args := q.args
		if !strings.Contains(q.sql, "year >= ?") { // the counts tables are keyed by year
			args = append(args, from, to)
		}
		rows, err := tx.Raw(q.sql, args...).Rows()
		if err != nil {
			return models.StatisticsReport{}, fmt.Errorf("yearly report: %w", err)
		}
		for rows.Next() {
			if err := q.row(rows.Scan); err != nil {
				rows.Close()
				return models.StatisticsReport{}, fmt.Errorf("yearly report: %w", err)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return models.StatisticsReport{}, fmt.Errorf("yearly report: %w", err)
		}
	}
	missions, err := s.missionCounts(tx, byMission, missionWorkers)
	if err != nil {
		return models.StatisticsReport{}, err
	}
	r := models.StatisticsReport{Year: year, Years: years, AsOf: asOf}
	codes := func(list any) []string {
		var out []string
		switch l := list.(type) {
		case []models.ApplicationKind:
			for _, v := range l {
				out = append(out, string(v))
			}
		case []models.ReferralPartner:
			for _, v := range l {
				out = append(out, string(v))
			}
		case []models.Sex:
			for _, v := range l {
				out = append(out, string(v))
			}
		case []models.JobCategory:
			for _, v := range l {
				out = append(out, string(v))
			}
		case []models.Dimension:
			for _, v := range l {
				out = append(out, string(v))
			}
		case []models.Indicator:
			for _, v := range l {
				out = append(out, v.Code)
			}
		}
		return out
	}
	outcomes := []string{"cleared", "concerns", "referral"}
	r.Tables = []models.StatTable{
		b.table(models.TableCards, models.StatRowLabel, true, codes(models.ApplicationKinds)...),
		b.table(models.TableClosures, models.StatRowLabel, true, "refuse", "close_referred", "reject", "withdraw"),
		b.table(models.TableCollection, models.StatRowLabel, false, "collected_late", "never_collected", "renewed_after_expiry"),
		b.table(models.TableInterviews, models.StatRowLabel, false, "held", "with_interpreter"),
		b.table(models.TableInterviewGate, models.StatRowLabel, false, "cards_issued", "backed_by_interview"),
		b.table(models.TableOutcomes, "outcome.", true, outcomes...),
		b.table(models.TableHolds, models.StatRowLabel, false, "opened", "release_hold", "refuse", "close_referred"),
		b.table(models.TableReferrals, "partner.", true, codes(models.ReferralPartners)...),
		b.table(models.TableFollowUpsGranted, "partner.", true, codes(models.ReferralPartners)...),
		b.table(models.TableFollowUpsRefused, "partner.", true, codes(models.ReferralPartners)...),
		b.table(models.TableFollowUpsOpen, "partner.", true, codes(models.ReferralPartners)...),
		b.table(models.TableIndicatorsILO, "indicator.", false, codes(models.Indicators(models.TaxonomyILOForcedLabour))...),
		b.table(models.TableSignalsILO, "indicator.", false, codes(models.Indicators(models.TaxonomyILOForcedLabour))...),
		b.table(models.TableDimensions, "dimension.", false, codes(models.Dimensions)...),
		b.table(models.TableSignalDimension, "dimension.", false, codes(models.Dimensions)...),
		b.table(models.TableNationality, "", true),
		b.table(models.TableSex, "sex.", true, codes(models.Sexes)...),
		b.table(models.TableAgeBand, "", true, models.AgeBands...),
		b.table(models.TableJobCategory, "job.", true, codes(models.JobCategories)...),
		models.MissionTable(years, missions, s.opts.Settings.Oversight.SuppressionThreshold),
		b.table(models.TableEmployers, models.StatRowLabel, false, "restrictions", "with_observations"),
	}
	for _, hist := range durations {
		r.Durations = append(r.Durations, durationOf(hist))
	}
	return r, nil
}

// missionCounts gives each mission with a card in the report its name,
// cards and workers by year, for models.MissionTable to decide year by year
// which are named. Only the names of missions named in some year are read.
func (s *core) missionCounts(tx *gorm.DB, byMission, workers map[int64][]int) ([]models.MissionCounts, error) {
	threshold := s.opts.Settings.Oversight.SuppressionThreshold
	var ids []int64
	for id, counts := range byMission {
		for j := range counts {
			if j < len(workers[id]) && models.MissionNamed(workers[id][j], threshold) {
				ids = append(ids, id)
				break
			}
		}
	}
	names := map[int64]string{}
	if len(ids) > 0 {
		var rows []struct {
			ID   int64
			Name string
		}
		if err := tx.Table("missions").Select("id, name").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("yearly report: missions: %w", err)
		}
		for _, r := range rows {
			names[r.ID] = r.Name
		}
	}
	var out []models.MissionCounts
	for id, counts := range byMission {
		w := workers[id]
		if _, ok := names[id]; !ok {
			w = nil // named in no year: counted under other missions throughout
		}
		out = append(out, models.MissionCounts{Name: names[id], Cards: counts, Workers: w})
	}
	return out, nil
}

// durationOf reads the median and the 90th percentile off a histogram of
// whole days.
func durationOf(hist map[int]int) models.DurationFigure {
	var days []int
	total := 0
	for d, n := range hist {
		days = append(days, d)
		total += n
	}
	sort.Ints(days)
	f := models.DurationFigure{Cards: total}
	if total == 0 {
		return f
	}
	at := func(rank int) int { // the rank-th smallest, from 0
		seen := 0
		for _, d := range days {
			seen += hist[d]
			if rank < seen {
				return d
			}
		}
		return days[len(days)-1]
	}
	f.MedianDays = at((total - 1) / 2)
	f.P90Days = at((total*9+9)/10 - 1)
	return f
}
