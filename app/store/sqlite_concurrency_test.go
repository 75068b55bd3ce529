package store_test

import (
	"context"
	"fmt"
	"regexp"
	"sync"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestConcurrentWritersEmbedded: on the embedded database, cards issued
// while another clerk registers workers all succeed (transactions take the
// write lock up front and wait for it), and times are stored in SQLite's
// own format.
func TestConcurrentWritersEmbedded(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	w := newWorld(t, s)
	apps := prepareCards(t, w, 6)
	ctx := context.Background()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			wk := newWorker("Busy", fmt.Sprintf("Worker %d", i), fmt.Sprintf("B%07d", i))
			if err := s.Workers.Create(ctx, w.clerk2, &wk); err != nil {
				t.Errorf("register a worker meanwhile: %v", err)
				return
			}
		}
	}()
	for _, id := range apps {
		if _, err := s.Cards.Issue(ctx, w.clerk, id); err != nil {
			t.Errorf("issue a card while workers are registered: %v", err)
		}
	}
	close(stop)
	wg.Wait()

	var stored string
	must(t, s.DB().Raw("SELECT CAST(issued_at AS TEXT) FROM cards ORDER BY id LIMIT 1").Row().Scan(&stored))
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$`).MatchString(stored) {
		t.Errorf("time stored as %q, want SQLite's format 2006-01-02 15:04:05.999999999-07:00", stored)
	}
}

// prepareCards makes n applications ready to be issued (submitted, private
// interview cleared), each for its own employer because of the household
// cap.
func prepareCards(t testing.TB, w *world, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	for i := range n {
		e := models.Employer{MissionID: w.mission.ID, FamilyName: fmt.Sprintf("Host%03d", i), EntitledToPrivateServant: true}
		must(t, w.s.Employers.Create(ctx, w.clerk, &e))
		job := w.employment
		job.ID, job.EmployerID = 0, e.ID
		must(t, w.s.Employments.Create(ctx, w.clerk, &job))
		w.employment = job
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		w.interviewed(t, id, true, models.OutcomeCleared)
		ids = append(ids, id)
	}
	return ids
}
