package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
)

// TestConcurrentMigrationsTakeTurns: two instances starting at once against
// one fresh PostgreSQL database both come up (without the session lock they
// raced to create goose's table and failed on pg_type_typname_nsp_index).
func TestConcurrentMigrationsTakeTurns(t *testing.T) {
	ctx := context.Background()
	for round := range 3 {
		url := storetest.NewPostgresDatabase(t)
		var stores [2]*store.Store
		for i := range stores {
			s, err := store.Open(ctx, store.Options{DatabaseURL: url})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			stores[i] = s
		}
		// As on a real start, one instance has looked at the schema version
		// (creating goose's version table) a moment before both migrate.
		if _, err := stores[0].SchemaVersion(ctx); err != nil {
			t.Fatal(err)
		}
		var errs [2]error
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, s := range stores {
			wg.Go(func() {
				<-start
				_, errs[i] = s.Migrate(ctx)
			})
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d, instance %d: %v", round+1, i+1, err)
			}
			if err := stores[i].Ready(ctx); err != nil {
				t.Errorf("round %d, instance %d not ready: %v", round+1, i+1, err)
			}
		}
	}
}
