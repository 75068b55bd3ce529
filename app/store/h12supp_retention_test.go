package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestRetentionErasesSourcesAndHoldReasons: a period of earlier service's
// source and withdrawal reason and a legal hold's reasons are free text that
// can name the worker. While the hold runs the worker is not anonymised and
// all of it stays; once it is lifted, the anonymisation erases them (to
// '(erased)', migration 00035) and keeps the period's dates and the hold's
// kind and dates, and the earlier years' reports do not change. Before the
// anonymisation, and of a hold still running, the erasure is refused; after
// it, nothing else changes.
func TestRetentionErasesSourcesAndHoldReasons(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := knownRecords(t, s)
		o := models.DefaultOversightSettings()
		o.RetentionMonthsAfterLastCard = 12
		s.SetOversightSettings(o)
		var w3 int64
		must(t, s.DB().Raw("SELECT id FROM workers WHERE family_name = 'Worker3'").Scan(&w3).Error)
		kept := models.EarlierService{StartsOn: date(2014, 1, 1), EndsOn: date(2014, 12, 31), Source: "Protocol register 2014, card S-004512 of Worker3"}
		must(t, s.Records.RecordEarlierService(ctx, w.clerk, w3, &kept))
		mistake := models.EarlierService{StartsOn: date(2015, 1, 1), EndsOn: date(2015, 6, 30), Source: "Note verbale about Worker3, 2015"}
		must(t, s.Records.RecordEarlierService(ctx, w.clerk, w3, &mistake))
		_, err := s.Records.WithdrawEarlierService(ctx, w.clerk, mistake.ID, "Worker3's sister's card, not hers")
		must(t, err)
		hold, err := s.Retention.PlaceHold(ctx, w.admin, w3, models.HoldForPoliceRequest, "Police request about Worker3's employer")
		must(t, err)

		ofW3 := "worker_id = " + itoa(w3)
		refusedNow := func(when string) {
			t.Helper()
			for _, sql := range []string{
				"UPDATE earlier_service SET source = '(erased)' WHERE " + ofW3,
				"UPDATE earlier_service SET withdrawal_reason = '(erased)' WHERE withdrawn_at IS NOT NULL AND " + ofW3,
				"UPDATE legal_holds SET reason = '(erased)' WHERE " + ofW3,
			} {
				if res := s.DB().Exec(sql); res.Error == nil || !refusedByRule(res.Error) {
					t.Errorf("%s: allowed (%d rows, %v): %s", when, res.RowsAffected, res.Error, sql)
				}
			}
		}
		refusedNow("before any anonymisation")

		w.now = time.Date(2028, 6, 1, 9, 0, 0, 0, time.UTC)
		before := map[int]models.StatisticsReport{}
		for _, y := range []int{2025, 2026} {
			before[y], err = s.Statistics.ExactReport(ctx, y)
			must(t, err)
		}
		_, err = s.Retention.Anonymise(ctx, models.System("housekeeping"))
		must(t, err)
		// The hold runs: nothing of it or of the worker is erased.
		if countRows(t, s, "workers", "family_name = 'Worker3'") != 1 ||
			countRows(t, s, "earlier_service", "source LIKE '%Worker3%' AND "+ofW3) != 2 ||
			countRows(t, s, "earlier_service", "withdrawal_reason LIKE '%Worker3%' AND "+ofW3) != 1 ||
			countRows(t, s, "legal_holds", "reason LIKE '%Worker3%' AND lifted_at IS NULL AND "+ofW3) != 1 {
			t.Error("the held worker's sources or hold lost their text")
		}
		refusedNow("while the hold runs")

		must(t, s.Retention.LiftHold(ctx, w.admin, hold.ID, "Worker3's case closed by the prosecutor"))
		refusedNow("lifted, not yet anonymised")
		if n, err := s.Retention.Anonymise(ctx, models.System("housekeeping")); err != nil || n != 1 {
			t.Fatalf("after the lift: %d %v", n, err)
		}
		for _, y := range []int{2025, 2026} {
			after, err := s.Statistics.ExactReport(ctx, y)
			must(t, err)
			if !reflect.DeepEqual(after.Tables, before[y].Tables) || !reflect.DeepEqual(after.Durations, before[y].Durations) {
				t.Errorf("the %d report changed with the anonymisation", y)
			}
		}
		// The text is erased, the facts stay.
		if got := countRows(t, s, "earlier_service", "source = '(erased)' AND "+ofW3); got != 2 {
			t.Errorf("%d sources erased, want 2", got)
		}
		if got := countRows(t, s, "earlier_service", "withdrawal_reason = '(erased)' AND withdrawn_at IS NOT NULL AND "+ofW3); got != 1 {
			t.Errorf("%d withdrawal reasons erased, want 1", got)
		}
		if got := countRows(t, s, "earlier_service", "withdrawal_reason = '' AND withdrawn_at IS NULL AND "+ofW3); got != 1 {
			t.Errorf("the period not withdrawn: %d rows keep an empty reason", got)
		}
		if got := countRows(t, s, "legal_holds", "reason = '(erased)' AND lift_reason = '(erased)' AND kind = 'police_request' AND lifted_at IS NOT NULL AND "+ofW3); got != 1 {
			t.Errorf("%d holds erased, want 1", got)
		}
		days, _, err := s.Records.ServiceDays(ctx, w.clerk, w3)
		must(t, err)
		if days < models.DaysBetween(kept.StartsOn, kept.EndsOn)+1 {
			t.Errorf("the cap no longer counts the period: %d days", days)
		}
		for _, word := range []string{"Worker3", "S-004512"} {
			if got := countRows(t, s, "earlier_service", "(source LIKE ? OR withdrawal_reason LIKE ?)", "%"+word+"%", "%"+word+"%"); got != 0 {
				t.Errorf("%d periods still say %s", got, word)
			}
			if got := countRows(t, s, "legal_holds", "(reason LIKE ? OR lift_reason LIKE ?)", "%"+word+"%", "%"+word+"%"); got != 0 {
				t.Errorf("%d holds still say %s", got, word)
			}
		}

		// The exception is the erasure and nothing else.
		for _, sql := range []string{
			"UPDATE earlier_service SET source = 'Another source' WHERE " + ofW3,
			"UPDATE earlier_service SET starts_on = ends_on WHERE " + ofW3,
			"UPDATE earlier_service SET source = '(erased)', ends_on = starts_on WHERE " + ofW3,
			"UPDATE earlier_service SET withdrawal_reason = 'rewritten' WHERE withdrawn_at IS NOT NULL AND " + ofW3,
			"UPDATE earlier_service SET withdrawn_at = NULL, withdrawal_reason = '' WHERE withdrawn_at IS NOT NULL AND " + ofW3,
			"DELETE FROM earlier_service WHERE " + ofW3,
			"UPDATE legal_holds SET reason = 'rewritten' WHERE " + ofW3,
			"UPDATE legal_holds SET kind = 'referral' WHERE " + ofW3,
			"UPDATE legal_holds SET reason = '(erased)', kind = 'referral' WHERE " + ofW3,
			"UPDATE legal_holds SET lifted_at = NULL, lifted_by_id = NULL, lift_reason = '' WHERE " + ofW3,
			"DELETE FROM legal_holds WHERE " + ofW3,
		} {
			if res := s.DB().Exec(sql); res.Error == nil || !refusedByRule(res.Error) {
				t.Errorf("allowed after the anonymisation (%d rows, %v): %s", res.RowsAffected, res.Error, sql)
			}
		}
		// A hold placed after the anonymisation runs: its reason is what
		// it needs, and is not erased.
		if h2, err := s.Retention.PlaceHold(ctx, w.admin, w3, models.HoldForCourtRequest, "Court request 2028/17"); err == nil {
			if res := s.DB().Exec("UPDATE legal_holds SET reason = '(erased)' WHERE id = ?", h2.ID); res.Error == nil || !refusedByRule(res.Error) {
				t.Errorf("a running hold's reason erased (%v)", res.Error)
			}
		}
	})
}
