package store_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// BenchmarkYearlyReport draws the published yearly report (audited) on
// PostgreSQL over the known records plus CARDDESK_BENCH_WORKERS workers
// (default 100,000), each with an outside signal, and ten indicator
// observations per worker (1,000,000 by default) spread over five years.
// Cards, applications and interviews come from full lifecycles only (the
// known records): bulk rows would have to pass the gate's triggers.
// Run: TEST_DATABASE_URL=... go test ./app/store -run '^$' -bench YearlyReport -benchtime 20x
func BenchmarkYearlyReport(b *testing.B) {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		b.Skip("the yearly report's benchmark runs on PostgreSQL: set TEST_DATABASE_URL")
	}
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("CARDDESK_BENCH_WORKERS")); err == nil && v > 0 {
		n = v
	}
	s := storetest.Open(b, store.Postgres)
	ctx := context.Background()
	w := knownRecords(b, s)
	var codes []string
	for _, ind := range models.Indicators(models.TaxonomyILOForcedLabour) {
		codes = append(codes, "'"+ind.Code+"'")
	}
	for _, stmt := range []string{
		`INSERT INTO workers (family_name, given_names, search_name, date_of_birth, sex, nationality, passport_number, passport_expires_on,
			languages, phone, iban, account_in_sole_name, residence_status, passport_key, name_birth_key, created_at, updated_at)
		 SELECT 'Bench', 'W' || g, '', timestamptz '1970-01-01' + (g % 12000) * interval '1 day', (ARRAY['female','male','unspecified'])[1 + g % 3],
			(ARRAY['PH','IN','ID','MA','ET','NP','LK','VN'])[1 + g % 8], 'B' || g, timestamptz '2030-01-01', '', '', '', false,
			'special_id_pending', 'bench-p-' || g, 'bench-n-' || g, now(), now() FROM generate_series(1, ` + strconv.Itoa(n) + `) g`,
		`INSERT INTO signals (worker_id, source, source_detail, received_on, recorded_by_id, created_at)
		 SELECT id, 'ngo', '', timestamptz '2022-01-01' + (id % 1820) * interval '1 day', ` + strconv.FormatInt(w.interviewer.UserID(), 10) + `, now()
		 FROM workers WHERE family_name = 'Bench'`,
		// A bulk load: the counting trigger is off while the million rows
		// go in, then the counts are built the way migration 00016 builds
		// them for rows already there.
		`ALTER TABLE indicator_observations DISABLE TRIGGER indicator_counts_follow`,
		`INSERT INTO indicator_observations (worker_id, taxonomy, indicator_code, answer, source, signal_id, signal_source, observed_on, recorded_by_id, created_at)
		 SELECT s.worker_id, 'ilo_forced_labour', (ARRAY[` + strings.Join(codes, ",") + `])[1 + (s.id + k) % 11], 'yes', 'signal', s.id, 'ngo',
			s.received_on + k * interval '1 day', s.recorded_by_id, now()
		 FROM signals s JOIN workers w ON w.id = s.worker_id AND w.family_name = 'Bench', generate_series(1, 10) k`,
		`ALTER TABLE indicator_observations ENABLE TRIGGER indicator_counts_follow`,
		`DELETE FROM indicator_counts`,
		`INSERT INTO indicator_counts (year, source, taxonomy, code, n)
		 SELECT CAST(EXTRACT(YEAR FROM o.observed_on AT TIME ZONE 'UTC') AS integer), o.source, o.taxonomy, o.indicator_code, COUNT(*)
		 FROM indicator_observations o
		 WHERE o.answer <> 'no' AND NOT EXISTS (SELECT 1 FROM indicator_observations x WHERE x.supersedes_id = o.id)
		 GROUP BY 1, 2, 3, 4`,
		`ANALYZE`,
	} {
		if err := s.DB().Exec(stmt).Error; err != nil {
			b.Fatal(err)
		}
	}
	var obs int64
	s.DB().Raw("SELECT COUNT(*) FROM indicator_observations").Scan(&obs)
	b.Logf("%d workers, %d observations", n, obs)
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Statistics.Yearly(ctx, w.admin, 2026); err != nil {
			b.Fatal(err)
		}
	}
}
