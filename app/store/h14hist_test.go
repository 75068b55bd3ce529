package store_test

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// countQueries counts the statements s runs while fn runs.
func countQueries(t *testing.T, s *store.Store, fn func()) int64 {
	t.Helper()
	var n atomic.Int64
	var on atomic.Bool
	count := func(*gorm.DB) {
		if on.Load() {
			n.Add(1)
		}
	}
	cb := s.DB().Callback()
	name := "h14hist:count:" + t.Name()
	must(t, cb.Query().After("gorm:query").Register(name, count))
	must(t, cb.Row().After("gorm:row").Register(name, count))
	must(t, cb.Raw().After("gorm:raw").Register(name, count))
	must(t, cb.Create().After("gorm:create").Register(name, count))
	on.Store(true)
	fn()
	on.Store(false)
	return n.Load()
}

// TestHistoryQueriesDoNotGrow: a worker's history is read in the same
// number of statements whatever it holds (issue 14): signals, their
// indicators, interviews and employers are each read once, not once each.
func TestHistoryQueriesDoNotGrow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		iv := w.scheduled(t, id)
		r := fullRecord(w.now.Add(-time.Hour), true, models.OutcomeConcerns)
		answer(&r, models.ILOWithholdingOfWages, models.IndicatorUnclear, "")
		_, err := s.Interviews.Record(ctx, w.interviewer, iv.ID, r)
		must(t, err)
		read := func() *store.WorkerHistory {
			h, err := s.History.Worker(ctx, w.interviewer, w.worker.ID, models.TimelineFilter{})
			must(t, err)
			return h
		}
		var short *store.WorkerHistory
		few := countQueries(t, s, func() { short = read() })

		for i, codes := range [][]string{{models.ILORestrictionOfMovement, models.ILOIsolation}, {models.ILOIsolation}, {models.ILOIntimidationAndThreats, models.ILOIsolation}} {
			sig := models.Signal{WorkerID: w.worker.ID, Source: models.SignalNGO, SourceDetail: "hotline", ReceivedOn: w.now.Add(-time.Duration(i) * 24 * time.Hour), Indicators: codes}
			_, err := s.History.RecordSignal(ctx, w.interviewer, sig, "a note")
			must(t, err)
		}
		var long *store.WorkerHistory
		more := countQueries(t, s, func() { long = read() })
		if len(long.Signals) != 3 || len(long.Entries) != len(short.Entries)+5 || len(long.Interviews) != 1 {
			t.Fatalf("history: %d signals, %d entries (before %d), %d interviews", len(long.Signals), len(long.Entries), len(short.Entries), len(long.Interviews))
		}
		for _, sg := range long.Signals {
			if len(sg.Indicators) == 0 || len(sg.Indicators) != len(sg.IndicatorList) || sg.Note.Text != "a note" || sg.EmployerName != w.employer.FullName() {
				t.Errorf("signal %+v", sg)
			}
		}
		t.Logf("%d statements", more)
		if more != few {
			t.Errorf("the history took %d statements with one interview, %d with three signals more", few, more)
		}
	})
}

// TestConcurrentHistoryViewsEachAudited: views read at the same moment
// each commit their own audit row: each view has its own row in the worker's access log, the chain stays intact,
// and a refused view adds none.
func TestConcurrentHistoryViewsEachAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		w.interviewed(t, id, true, models.OutcomeCleared)
		before := accessLog(t, s, w, w.worker.ID)
		rowsBefore := len(auditIDs(t, s))

		const views = 24
		var wg sync.WaitGroup
		errs := make(chan error, views)
		for i := range views {
			reader := w.admin
			if i%2 == 1 {
				reader = w.interviewer
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				h, err := s.History.Worker(ctx, reader, w.worker.ID, models.TimelineFilter{})
				if err == nil && h.Worker.ID != w.worker.ID {
					t.Errorf("history of %d for worker %d", h.Worker.ID, w.worker.ID)
				}
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			must(t, err)
		}
		if _, err := s.History.Worker(ctx, w.clerk, w.worker.ID, models.TimelineFilter{}); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk reading the history: %v", err)
		}

		if got := len(auditIDs(t, s)) - rowsBefore; got != views {
			t.Errorf("%d audit rows appended for %d views", got, views)
		}
		log := accessLog(t, s, w, w.worker.ID)
		for _, who := range []string{"admin@example.be", "interviewer@example.be"} {
			line := "worker_history.view by " + who
			if got, want := count(log, line), count(before, line)+views/2; got != want {
				t.Errorf("%q %d times, want %d: %v", line, got, want, log)
			}
		}
		if rep := verify(t, s); rep.Broken != nil {
			t.Errorf("chain broken after grouped views: %+v", rep.Broken)
		}
	})
}

// TestSearchIndexesWithoutPendingList: on PostgreSQL the name search's
// trigram indexes take each insert into the index itself (migration 00032),
// so a search never reads a pending list of unsorted entries, and the audit
// chain head is vacuumed with its index; the worker registered here is
// found through the index.
func TestSearchIndexesWithoutPendingList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if s.Engine() != store.Postgres {
			t.Skip("GIN pending lists are PostgreSQL's")
		}
		for _, index := range []string{"workers_search_name_trgm", "employers_search_name_trgm", "missions_name_trgm"} {
			var options []string
			must(t, s.DB().Raw("SELECT unnest(reloptions) FROM pg_class WHERE relname = ?", index).Scan(&options).Error)
			if len(options) != 1 || options[0] != "fastupdate=off" {
				t.Errorf("%s options %v, want fastupdate=off", index, options)
			}
		}
		var head []string
		must(t, s.DB().Raw("SELECT unnest(reloptions) FROM pg_class WHERE relname = 'audit_chain_head'").Scan(&head).Error)
		if !slices.Contains(head, "vacuum_index_cleanup=on") || !slices.Contains(head, "fillfactor=10") {
			t.Errorf("audit_chain_head options %v", head)
		}
		w := newWorld(t, s)
		hits, _, err := s.Workers.Search(context.Background(), w.clerk, w.worker.FamilyName, store.Page{})
		must(t, err)
		if len(hits) != 1 || hits[0].ID != w.worker.ID {
			t.Errorf("search %q: %+v", w.worker.FamilyName, hits)
		}
	})
}
