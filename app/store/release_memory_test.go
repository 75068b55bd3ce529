package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
)

// ReleaseMemory shrinks each idle connection of the embedded database once
// and leaves the pool serving; on PostgreSQL it does nothing.
func TestReleaseMemory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		// Open several connections at once, then let them go idle.
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 4 {
			wg.Go(func() {
				<-start
				var n int
				must(t, s.DB().Raw("SELECT count(*) FROM workers w, workers v").Scan(&n).Error)
			})
		}
		close(start)
		wg.Wait()
		sqlDB, err := s.DB().DB()
		must(t, err)
		idle := sqlDB.Stats().Idle
		n, err := s.ReleaseMemory(ctx)
		must(t, err)
		want := idle
		if s.Engine() == store.Postgres {
			want = 0
		}
		if n != want || (s.Engine() == store.SQLite && n < 1) {
			t.Errorf("shrank %d connections, want %d (%d idle)", n, want, idle)
		}
		if got := sqlDB.Stats().OpenConnections; got != sqlDB.Stats().Idle || got < idle {
			t.Errorf("after: %d open, %d idle; %d idle before", got, sqlDB.Stats().Idle, idle)
		}
		var one int
		must(t, s.DB().Raw("SELECT 1").Scan(&one).Error)
	})
}
