package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// asOwner runs statements as a database owner who drops the audit trail's
// triggers first and re-creates them after, so nothing but the chain can
// tell.
func asOwner(t *testing.T, s *store.Store, stmts ...string) {
	t.Helper()
	// Since 00024 the trigger's DELETE half is a trigger of its own; the
	// owner puts back the two halves as one (without the erasure).
	drop := []string{"DROP TRIGGER audit_events_no_update_delete ON audit_events", "DROP TRIGGER audit_events_no_update_delete_delete ON audit_events",
		"DROP TRIGGER audit_chain_head_guard ON audit_chain_head"}
	create := []string{
		"CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
		"CREATE TRIGGER audit_chain_head_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_chain_head FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard()",
	}
	if !storetest.IsPostgres(s) {
		drop = []string{"DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete", "DROP TRIGGER audit_chain_head_guard"}
		create = []string{
			"CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only (UPDATE refused)'); END",
			"CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only (DELETE refused)'); END",
			`CREATE TRIGGER audit_chain_head_guard BEFORE UPDATE ON audit_chain_head
			WHEN NEW.id IS NOT 1 OR NEW.row_count IS NOT OLD.row_count + 1 OR NEW.last_id IS NOT (SELECT max(id) FROM audit_events)
			  OR NOT EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.last_id AND hash = NEW.last_hash AND prev_hash = OLD.last_hash)
			BEGIN SELECT RAISE(ABORT, 'audit_chain_head_guard: the audit chain head moves only to the row appended after it (UPDATE refused)'); END`,
		}
	}
	for _, q := range append(append(drop, stmts...), create...) {
		must(t, s.DB().Exec(q).Error)
	}
	if err := s.DB().Exec("UPDATE audit_events SET summary = summary").Error; err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("the owner did not put the trigger back: %v", err)
	}
}

// auditedWorld is a world with a card issued, so the trail holds a few
// dozen rows of every kind.
func auditedWorld(t *testing.T, s *store.Store) *world {
	t.Helper()
	w := newWorld(t, s)
	id := w.submitted(t, models.ApplicationFirstIssuance, nil)
	w.interviewed(t, id, true, models.OutcomeCleared)
	if _, err := s.Cards.Issue(context.Background(), w.clerk, id); err != nil {
		t.Fatal(err)
	}
	return w
}

func verify(t *testing.T, s *store.Store, anchors ...store.AuditAnchor) *store.AuditChainReport {
	t.Helper()
	rep, err := s.Audit.VerifyChain(context.Background(), system, anchors...)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// auditIDs returns the audit rows' ids, oldest first.
func auditIDs(t *testing.T, s *store.Store) []int64 {
	t.Helper()
	var ids []int64
	must(t, s.DB().Table("audit_events").Order("id").Pluck("id", &ids).Error)
	return ids
}

// TestAuditChainIntact: the trail the services write verifies, and the head
// names its last row.
func TestAuditChainIntact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		auditedWorld(t, s)
		ids := auditIDs(t, s)
		rep := verify(t, s)
		if rep.Broken != nil {
			t.Fatalf("broken: %+v", rep.Broken)
		}
		var lastHash string
		must(t, s.DB().Raw("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1").Row().Scan(&lastHash))
		if rep.Rows != int64(len(ids)) || rep.HeadID != ids[len(ids)-1] || rep.HeadHash != lastHash || len(ids) < 10 {
			t.Errorf("report %d rows, head %d %s; table %d rows, last %d %s", rep.Rows, rep.HeadID, rep.HeadHash, len(ids), ids[len(ids)-1], lastHash)
		}
	})
}

// TestAuditChainConcurrentWriters: writers appending at the same moment
// queue at the chain head instead of forking the chain.
func TestAuditChainConcurrentWriters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		before := verify(t, s).Rows // the migration's own rows
		var wg sync.WaitGroup
		errs := make(chan error, 80)
		for range 8 {
			wg.Go(func() {
				for range 10 {
					if err := s.Audit.Record(ctx, system, "test.event", "thing", "1", "concurrent"); err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if rep := verify(t, s); rep.Broken != nil || rep.Rows != before+80 {
			t.Errorf("%d rows, broken %+v", rep.Rows, rep.Broken)
		}
	})
}

// TestAuditChainFindsAnEditedRow: an owner drops the trigger, edits a
// summary and re-creates the trigger; verify names the row.
func TestAuditChainFindsAnEditedRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		auditedWorld(t, s)
		ids := auditIDs(t, s)
		edited := ids[len(ids)/2]
		asOwner(t, s, "UPDATE audit_events SET summary = 'nothing happened' WHERE id = "+itoa(edited))
		rep := verify(t, s)
		if rep.Broken == nil || rep.Broken.RowID != edited || !strings.Contains(rep.Broken.Problem, "no longer matches its hash") {
			t.Fatalf("edited row %d: %+v", edited, rep.Broken)
		}
		if rep.Rows != int64(len(ids)/2) {
			t.Errorf("%d rows verified before the break, want %d", rep.Rows, len(ids)/2)
		}
		t.Log(rep.Broken.Problem)
	})
}

// TestAuditChainFindsADeletedRow: a row deleted in the middle breaks the
// link of the row after it.
func TestAuditChainFindsADeletedRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		auditedWorld(t, s)
		ids := auditIDs(t, s)
		gone := ids[len(ids)/2]
		asOwner(t, s, "DELETE FROM audit_events WHERE id = "+itoa(gone))
		rep := verify(t, s)
		next := ids[len(ids)/2+1]
		if rep.Broken == nil || rep.Broken.RowID != next || !strings.Contains(rep.Broken.Problem, "between them were deleted") ||
			!strings.Contains(rep.Broken.Problem, "row "+itoa(ids[len(ids)/2-1])) {
			t.Fatalf("row %d deleted: %+v", gone, rep.Broken)
		}
		t.Log(rep.Broken.Problem)
	})
}

// TestAuditChainFindsRowsDeletedAtTheEnd: the head still names the rows.
func TestAuditChainFindsRowsDeletedAtTheEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		auditedWorld(t, s)
		ids := auditIDs(t, s)
		asOwner(t, s, "DELETE FROM audit_events WHERE id >= "+itoa(ids[len(ids)-2]))
		rep := verify(t, s)
		if rep.Broken == nil || rep.Broken.RowID != ids[len(ids)-1] || !strings.Contains(rep.Broken.Problem, "rows at the end were deleted") {
			t.Fatalf("last rows deleted: %+v", rep.Broken)
		}
		t.Log(rep.Broken.Problem)
	})
}

// TestAuditChainAnchor: an owner who rewrites a row and recomputes the
// hashes after it, head included, leaves a chain that verifies; only a head
// recorded outside the database shows the rewrite. (carddesk_audit_hash is
// the migration's function: in PostgreSQL, and registered by the store on
// SQLite.)
func TestAuditChainAnchor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		auditedWorld(t, s)
		before := verify(t, s)
		anchor := store.AuditAnchor{RowID: before.HeadID, Hash: before.HeadHash}
		must(t, s.Audit.Record(context.Background(), system, "test.event", "thing", "1", "after the anchor"))
		if rep := verify(t, s, anchor); rep.Broken != nil {
			t.Fatalf("anchor of an intact chain: %+v", rep.Broken)
		}
		last := itoa(anchor.RowID)
		asOwner(t, s,
			`UPDATE audit_events SET summary = 'nothing happened' WHERE id = `+last,
			`UPDATE audit_events SET hash = carddesk_audit_hash(prev_hash, at, actor_id, actor_email, action, record_type, record_id,
				request_id, ip, via, summary) WHERE id = `+last,
			`UPDATE audit_events SET prev_hash = (SELECT hash FROM audit_events WHERE id = `+last+`) WHERE id > `+last,
			`UPDATE audit_events SET hash = carddesk_audit_hash(prev_hash, at, actor_id, actor_email, action, record_type, record_id,
				request_id, ip, via, summary) WHERE id > `+last,
			`UPDATE audit_chain_head SET last_hash = (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1)`)
		if rep := verify(t, s); rep.Broken != nil {
			t.Fatalf("a fully recomputed chain should verify without an anchor (the documented limit): %+v", rep.Broken)
		}
		rep := verify(t, s, anchor)
		if rep.Broken == nil || rep.Broken.RowID != anchor.RowID || !strings.Contains(rep.Broken.Problem, "anchor") {
			t.Fatalf("rewrite against the anchor: %+v", rep.Broken)
		}
		t.Log(rep.Broken.Problem)
		if _, err := store.ParseAuditAnchor(last + ":" + anchor.Hash); err != nil {
			t.Error(err)
		}
		if _, err := store.ParseAuditAnchor(last + ":abc"); err == nil {
			t.Error("short anchor accepted")
		}
	})
}

// TestIntegrityMigrationOnExistingData: migration 00005 run on data written
// before it chains the audit trail exactly as the store does (on
// PostgreSQL, carddesk_audit_hash in SQL agrees with the Go encoding) and
// replays the status of every event.
func TestIntegrityMigrationOnExistingData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := auditedWorld(t, s)
		// Times with more precision than the chain keeps, and an actor.
		w.now = w.now.Add(123456789 * time.Nanosecond)
		held := w.submitted(t, models.ApplicationFirstIssuance, nil)
		w.interviewed(t, held, true, models.OutcomeConcerns)
		must(t, s.Holds.Decide(ctx, w.admin, held, models.HoldRelease, "reviewed with the specialised centre"))
		// Lengths are counted in bytes on both sides.
		must(t, s.Audit.Record(ctx, w.clerk, "test.event", "worker", "Ána", "Reyes, Ána — 名前: ✓"))
		type link struct {
			ID             int64
			PrevHash, Hash string
		}
		type status struct {
			ID          int64
			StatusAfter string
		}
		var links, relinked []link
		var statuses, replayed []status
		must(t, s.DB().Table("audit_events").Order("id").Find(&links).Error)
		must(t, s.DB().Table("application_events").Order("id").Find(&statuses).Error)

		must(t, s.MigrateDownTo(ctx, 4))
		if _, err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		must(t, s.DB().Table("audit_events").Order("id").Find(&relinked).Error)
		must(t, s.DB().Table("application_events").Order("id").Find(&replayed).Error)
		// Migrating up again seeds the translations again (00012 was rolled
		// back with the rest): one audit row more, at the end.
		if len(links) < 20 || len(relinked) != len(links)+1 {
			t.Fatalf("%d audit rows before, %d after", len(links), len(relinked))
		}
		for i := range links {
			if links[i] != relinked[i] {
				t.Fatalf("row %d chained by the store as %s, by the migration as %s", links[i].ID, links[i].Hash, relinked[i].Hash)
			}
		}
		if len(replayed) != len(statuses) {
			t.Fatalf("%d events before, %d after", len(statuses), len(replayed))
		}
		for i := range statuses {
			if statuses[i] != replayed[i] || statuses[i].StatusAfter == "" {
				t.Errorf("event %d: status %q by the store, %q by the migration", statuses[i].ID, statuses[i].StatusAfter, replayed[i].StatusAfter)
			}
		}
		if rep := verify(t, s); rep.Broken != nil || rep.Rows != int64(len(relinked)) {
			t.Errorf("after the migration: %d rows, %+v", rep.Rows, rep.Broken)
		}
		// The chain goes on from the migrated head.
		must(t, s.Audit.Record(ctx, system, "test.event", "thing", "1", "after the migration"))
		if rep := verify(t, s); rep.Broken != nil {
			t.Errorf("after appending: %+v", rep.Broken)
		}
	})
}

// BenchmarkAuditAppend measures one audit row on its own, the chain's head
// read, lock and link included: the cost the chain adds to every write.
// Run: go test ./app/store -run '^$' -bench AuditAppend
func BenchmarkAuditAppend(b *testing.B) {
	for _, engine := range storetest.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			s := storetest.Open(b, engine)
			ctx := context.Background()
			for b.Loop() {
				if err := s.Audit.Record(ctx, system, "test.event", "thing", "1", "benchmark"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
