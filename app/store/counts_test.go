package store_test

import (
	"fmt"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
)

// TestCappedCount: a count stops just past store.CountCap, and counts a
// short list exactly; MaxPage ends the pages where the count ends.
func TestCappedCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		for _, c := range []struct{ rows, want int64 }{{0, 0}, {7, 7}, {store.CountCap, store.CountCap}, {5000, store.CountCap + 1}} {
			q := s.DB().Table(fmt.Sprintf(`(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
				SELECT i FROM n WHERE i <= %d) AS numbers`, max(c.rows, 1), c.rows)).Where("i > ?", 0)
			got, err := store.CappedCount(q)
			if err != nil || got != c.want {
				t.Errorf("%d rows: counted %d (%v), want %d", c.rows, got, err, c.want)
			}
		}
	})
	if got := store.MaxPage(25); got != 41 || (got-1)*25 > store.CountCap {
		t.Errorf("MaxPage(25) = %d", got)
	}
}
