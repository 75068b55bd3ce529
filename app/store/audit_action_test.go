package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
	"gorm.io/gorm"
)

// The audit trail filtered by an action or a family of actions ("card.")
// finds exactly those, on both engines (case and all: SQLite's LIKE used to
// take "CARD." for "card."), and on PostgreSQL the condition is read as a
// range of the action's index even in a generic plan, which knows nothing
// of the value: the LIKE it replaced, its pattern a parameter, read no
// index, and a family with no recent row scanned all 10,000,000 rows of
// the generated trail. (Which plan serves the whole query, newest first,
// is PostgreSQL's choice from the statistics: see the README.)
func TestAuditActionFilter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		system := models.System("test")
		for _, a := range []string{"card.issued", "card.collected", "card", "cardx.issued", "card/", "card-", "car.issued", "card.%_"} {
			must(t, s.Audit.Record(ctx, system, a, "card", "1", "test row"))
		}
		for _, c := range []struct {
			filter string
			want   []string
		}{
			{"card.", []string{"card.%_", "card.collected", "card.issued"}},
			{"card", []string{"card"}},
			{"card.issued", []string{"card.issued"}},
			{"card.%", nil},
			{"car.", []string{"car.issued"}},
			{"retention.", nil},
			{"CARD.", nil},
		} {
			events, err := s.Audit.Events(ctx, system, models.AuditFilter{Action: c.filter, Limit: 500})
			must(t, err)
			var got []string
			for _, e := range events {
				got = append(got, e.Action)
			}
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("action %q: got %q, want %q", c.filter, got, c.want)
			}
		}
		if s.Engine() != store.Postgres {
			// SQLite walks the trail back from its newest row for a family
			// rather than sorting the family's every row from the index.
			where, args := s.AuditActionFilter("card.")
			var plan []struct {
				ID, Parent, Notused int
				Detail              string
			}
			must(t, s.DB().Raw("EXPLAIN QUERY PLAN SELECT * FROM audit_events WHERE "+where+" ORDER BY id DESC LIMIT 50", args...).Scan(&plan).Error)
			for _, p := range plan {
				if strings.Contains(p.Detail, "TEMP B-TREE") || strings.Contains(p.Detail, "audit_events_action") {
					t.Errorf("a family of actions is sorted from the action's index: %+v", plan)
				}
			}
			return
		}
		for _, action := range []string{"retention.", "auth.login"} {
			where, args := s.AuditActionFilter(action)
			for i := range args {
				where = strings.Replace(where, "?", fmt.Sprintf("$%d", i+1), 1)
			}
			var plan []string
			must(t, s.DB().Connection(func(tx *gorm.DB) error {
				for _, q := range []string{"SET plan_cache_mode = force_generic_plan", "SET enable_seqscan = off",
					"PREPARE audit_action_plan AS SELECT id FROM audit_events WHERE " + where} {
					if err := tx.Exec(q).Error; err != nil {
						return err
					}
				}
				defer tx.Exec("DEALLOCATE audit_action_plan; RESET plan_cache_mode; RESET enable_seqscan")
				var params []string
				for _, a := range args {
					params = append(params, "'"+a.(string)+"'") // the test's own strings, without quotes
				}
				return tx.Raw("EXPLAIN EXECUTE audit_action_plan(" + strings.Join(params, ", ") + ")").Scan(&plan).Error
			}))
			text := strings.Join(plan, "\n")
			if !strings.Contains(text, "audit_events_action_bytes") || !strings.Contains(text, "Index Cond") {
				t.Errorf("action %q is not read from the action's index:\n%s", action, text)
			}
		}
	})
}
