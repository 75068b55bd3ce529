package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// accessLog lists a worker's access log as "action by email".
func accessLog(t *testing.T, s *store.Store, w *world, workerID int64) []string {
	t.Helper()
	_, events, err := s.Audit.WorkerAccessLog(context.Background(), w.admin, workerID)
	must(t, err)
	var out []string
	for _, e := range events {
		out = append(out, e.Action+" by "+e.ActorEmail)
	}
	return out
}

func count(list []string, item string) int {
	n := 0
	for _, x := range list {
		if x == item {
			n++
		}
	}
	return n
}

// TestOutcomeViewsInAccessLog: the holds list shows each worker's outcome
// and referral partner, and an application's history shows an interviewer
// or an admin what the interview found: each view is a line of the worker's
// access log. A clerk's view (outcome masked) and a history without an
// outcome to hide are not.
func TestOutcomeViewsInAccessLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		held := w.submitted(t, models.ApplicationFirstIssuance, nil)
		iv := w.scheduled(t, held)
		_, err := s.Interviews.Record(ctx, w.interviewer, iv.ID, concernsRecord(w.now.Add(-time.Hour)))
		must(t, err)
		before := accessLog(t, s, w, w.worker.ID)

		items, err := s.Holds.List(ctx, w.admin)
		must(t, err)
		if len(items) != 1 || items[0].WorkerID != w.worker.ID || items[0].ReferralPartner != models.PartnerPagAsa {
			t.Fatalf("holds %+v", items)
		}
		if _, err := s.Holds.List(ctx, w.clerk); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk listing holds: %v", err)
		}
		log := accessLog(t, s, w, w.worker.ID)
		if count(log, "holds.view by admin@example.be") != 1 {
			t.Errorf("holds list not in the access log: %v", log)
		}

		for _, reader := range []models.Actor{w.admin, w.interviewer} {
			v, err := s.Applications.Get(ctx, reader, held)
			must(t, err)
			if !slices.ContainsFunc(v.History, func(h store.HistoryEntry) bool {
				return h.Action == models.ActionRecordInterviewReferral && h.Label == string(h.Action)
			}) {
				t.Errorf("%s does not see the outcome: %+v", reader.User.Email, v.History)
			}
		}
		log = accessLog(t, s, w, w.worker.ID)
		for _, want := range []string{"application_outcome.view by admin@example.be", "application_outcome.view by interviewer@example.be"} {
			if count(log, want) != 1 {
				t.Errorf("access log lacks %q once: %v", want, log)
			}
		}

		// The clerk's history is masked: nothing to log.
		n := len(log)
		v, err := s.Applications.Get(ctx, w.clerk, held)
		must(t, err)
		if slices.ContainsFunc(v.History, func(h store.HistoryEntry) bool { return h.Label == string(models.ActionRecordInterviewReferral) }) {
			t.Errorf("clerk sees the outcome: %+v", v.History)
		}
		// An application whose history reveals nothing: not logged either.
		other := w.submitted(t, models.ApplicationFirstIssuance, nil)
		_, err = s.Applications.Get(ctx, w.admin, other)
		must(t, err)
		if log = accessLog(t, s, w, w.worker.ID); len(log) != n {
			t.Errorf("masked or outcome-free views logged: %v", log[:len(log)-n])
		}
		if len(before) >= len(log) {
			t.Errorf("access log did not grow: %v", log)
		}
	})
}
