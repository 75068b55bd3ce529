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

// TestRetentionAnonymises: the workers due are listed in advance; a legal
// hold keeps one; the job erases the others' personal data while every
// figure of the earlier years' reports stays the same and the audit trail
// keeps its rows; the hold lifted, the held record goes too.
func TestRetentionAnonymises(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := knownRecords(t, s)
		o := models.DefaultOversightSettings()
		o.RetentionMonthsAfterLastCard = 12
		s.SetOversightSettings(o)
		var workers []int64
		must(t, s.DB().Raw("SELECT id FROM workers WHERE family_name LIKE 'Worker%' ORDER BY family_name").Scan(&workers).Error)
		if len(workers) != 6 {
			t.Fatalf("workers %v", workers)
		}
		w3 := workers[2]
		var card1 int64
		must(t, s.DB().Raw("SELECT MAX(id) FROM cards WHERE worker_id = ?", workers[0]).Scan(&card1).Error)

		// Nothing due yet in July 2026 but what was closed in 2025 falls
		// due in 2027: listed a year ahead.
		if n, err := s.Retention.Anonymise(ctx, w.admin); err != nil || n != 0 {
			t.Fatalf("anonymised %d in 2026: %v", n, err)
		}
		due, err := s.Retention.Due(ctx, w.admin, 365)
		must(t, err)
		if len(due) != 4 { // W2 (card ended March 2026), W3, W4, W5
			t.Errorf("due within a year: %+v", due)
		}
		if _, err := s.Retention.Due(ctx, w.clerk, 365); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk: %v", err)
		}
		if _, err := s.Retention.PlaceHold(ctx, w.admin, w3, models.HoldForReferral, " "); models.ErrorCode(err) != "invalid_input" && fieldCodes(err)["reason"] != "required" {
			t.Errorf("hold without reason: %v", err)
		}
		hold, err := s.Retention.PlaceHold(ctx, w.admin, w3, models.HoldForReferral, "PAG-ASA follows the case")
		must(t, err)

		// The exception is narrow: a card of a worker not anonymised keeps
		// its number.
		if err := s.DB().Exec("UPDATE cards SET number = 'ANON-' || id WHERE id = ?", card1).Error; err == nil {
			t.Error("a card number was erased without an anonymisation")
		}

		// A correction of the first worker's passport number: its version
		// holds the old and new numbers, which the erasure must reach.
		w1, err := s.Workers.Get(ctx, w.clerk, workers[0])
		must(t, err)
		next := *w1
		next.PassportNumber = "CORRECTED1"
		_, err = s.Records.UpdateWorker(ctx, w.clerk, w1.ID, next, models.ChangeRequest{Kind: models.ChangeCorrection, Reason: "passport number mistyped"})
		must(t, err)
		// Versions are append-only until the worker is anonymised.
		if err := s.DB().Exec("UPDATE record_versions SET reason = ?, changes = ? WHERE entity = 'worker' AND entity_id = ?",
			models.ErasedVersion.Reason, `[{"field":"erased","old":"","new":""}]`, w1.ID).Error; err == nil {
			t.Error("a version was erased without an anonymisation")
		}

		w.now = time.Date(2028, 6, 1, 9, 0, 0, 0, time.UTC)
		before := map[int]models.StatisticsReport{}
		for _, y := range []int{2025, 2026} {
			before[y], err = s.Statistics.ExactReport(ctx, y)
			must(t, err)
		}
		audits := countRows(t, s, "audit_events", "1 = 1")
		n, err := s.Retention.Anonymise(ctx, models.System("housekeeping"))
		must(t, err)
		if n != 5 {
			t.Errorf("anonymised %d, want 5 (all but the held one)", n)
		}
		for _, y := range []int{2025, 2026} {
			after, err := s.Statistics.ExactReport(ctx, y)
			must(t, err)
			if !reflect.DeepEqual(after.Tables, before[y].Tables) || !reflect.DeepEqual(after.Durations, before[y].Durations) {
				t.Errorf("the %d report changed with the anonymisation", y)
			}
		}
		if got := countRows(t, s, "audit_events", "1 = 1"); got != audits+5 {
			t.Errorf("audit rows %d, want %d + 5", got, audits)
		}
		if got := countRows(t, s, "audit_events", "record_type = 'worker' AND record_id = ? AND action <> 'retention.anonymise'", itoa(workers[0])); got == 0 {
			t.Error("the anonymised worker's earlier audit rows are gone")
		}
		if got := countRows(t, s, "workers", "family_name = ? AND passport_number = ? AND phone = '' AND iban = '' AND given_names = ''",
			models.AnonymisedName, models.AnonymisedName); got != 5 {
			t.Errorf("%d workers anonymised", got)
		}
		if got := countRows(t, s, "record_versions", "entity = 'worker' AND (changes LIKE '%CORRECTED1%' OR reason <> ?)", models.ErasedVersion.Reason); got != 0 {
			t.Errorf("%d worker versions kept their values", got)
		}
		if got := countRows(t, s, "record_versions", "entity = 'worker' AND entity_id = ?", w1.ID); got != 2 {
			t.Errorf("worker 1 has %d versions, want the correction and the erasure", got)
		}
		// The exception is narrow: nothing else of an erased version changes.
		if err := s.DB().Exec("UPDATE record_versions SET changed_via = 'x' WHERE entity = 'worker' AND entity_id = ?", w1.ID).Error; err == nil {
			t.Error("an erased version was rewritten")
		}
		if got := countRows(t, s, "workers", "family_name = 'Worker3'"); got != 1 {
			t.Error("the held worker was anonymised")
		}
		if got := countRows(t, s, "cards", "number LIKE 'ANON-%'"); got != 4 {
			t.Errorf("%d card numbers erased, want 4", got)
		}
		if got := countRows(t, s, "cards", "identity_document_number NOT IN ('', ?)", models.AnonymisedName); got != 0 {
			t.Errorf("%d identity document numbers kept", got)
		}
		if got := countRows(t, s, "document_contents", "document_id IN (SELECT d.id FROM documents d JOIN applications a ON a.id = d.application_id WHERE a.worker_id <> ?)", w3); got != 0 {
			t.Errorf("%d documents kept their bytes", got)
		}
		if got := countRows(t, s, "document_contents", "1 = 1"); got == 0 {
			t.Error("the held worker's documents lost their bytes")
		}
		// The hold lifted, the next run takes the record.
		if err := s.Retention.LiftHold(ctx, w.admin, hold.ID, ""); fieldCodes(err)["reason"] != "required" {
			t.Errorf("lift without reason: %v", err)
		}
		must(t, s.Retention.LiftHold(ctx, w.admin, hold.ID, "The case is closed"))
		if err := s.Retention.LiftHold(ctx, w.admin, hold.ID, "again"); models.ErrorCode(err) != "hold_lifted" {
			t.Errorf("lift twice: %v", err)
		}
		n, err = s.Retention.Anonymise(ctx, models.System("housekeeping"))
		if err != nil || n != 1 {
			t.Errorf("after the lift: %d %v", n, err)
		}
		if due, _ := s.Retention.Due(ctx, w.admin, 3650); len(due) != 0 {
			t.Errorf("still due: %+v", due)
		}
	})
}

// TestRetentionBatchesAgree: the retention facts are read a batch of
// workers at a time; with batches of one, two and five workers (boundaries
// inside the six known workers) the list due and the job's count are those
// of a single batch, and a legal hold still keeps its worker.
func TestRetentionBatchesAgree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := knownRecords(t, s)
		o := models.DefaultOversightSettings()
		o.RetentionMonthsAfterLastCard = 12
		s.SetOversightSettings(o)
		var held int64
		must(t, s.DB().Raw("SELECT id FROM workers WHERE family_name = 'Worker3'").Scan(&held).Error)
		_, err := s.Retention.PlaceHold(ctx, w.admin, held, models.HoldForReferral, "PAG-ASA follows the case")
		must(t, err)
		w.now = time.Date(2028, 6, 1, 9, 0, 0, 0, time.UTC)

		whole, err := s.Retention.Due(ctx, w.admin, 365)
		must(t, err)
		if len(whole) != 6 {
			t.Fatalf("due in one batch: %+v", whole)
		}
		for _, n := range []int{1, 2, 5} {
			store.SetRetentionBatch(t, n)
			got, err := s.Retention.Due(ctx, w.admin, 365)
			must(t, err)
			if !reflect.DeepEqual(got, whole) {
				t.Errorf("batches of %d:\n got %+v\nwant %+v", n, got, whole)
			}
		}
		store.SetRetentionBatch(t, 2)
		n, err := s.Retention.Anonymise(ctx, models.System("housekeeping"))
		must(t, err)
		if n != 5 {
			t.Errorf("anonymised %d in batches of two, want 5 (all but the held one)", n)
		}
		left, err := s.Retention.Due(ctx, w.admin, 3650)
		must(t, err)
		if len(left) != 1 || left[0].WorkerID != held || !left[0].Held() {
			t.Errorf("left after the job: %+v", left)
		}
	})
}
