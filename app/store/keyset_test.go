package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/password"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/generate"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestKeysetPagesListEveryRowOnce: on generated data where many workers
// share a name and many applications share their last change, walking the
// keyset pages of the search and of the applications list (with filters)
// lists every row the filter selects exactly once, in the list's order, on
// both engines.
func TestKeysetPagesListEveryRowOnce(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			opts := storetest.Options(t, engine)
			s, err := store.Open(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			rep, err := generate.Run(ctx, s, generate.Options{Seed: 5, Workers: 120, Applications: 240, Years: 3,
				Now: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Password: "generated password 1",
				PasswordParams: password.Fast, DatabaseURL: opts.DatabaseURL})
			if err != nil {
				t.Fatal(err)
			}
			sess, err := s.Auth.Login(ctx, store.LoginRequest{Email: rep.StaffEmails[0], Password: "generated password 1"})
			if err != nil {
				t.Fatal(err)
			}
			clerk := models.Actor{User: sess.User}
			// Ties on the sort keys: thirty more workers share one name,
			// a third of the applications one instant.
			for i := range 30 {
				wk := newWorker("Tie", "Same", fmt.Sprintf("TIE%05d", i))
				wk.DateOfBirth = date(1970, 1, 1).AddDate(0, 0, i)
				must(t, s.Workers.Create(ctx, clerk, &wk))
			}
			tie := time.Date(2026, 6, 1, 9, 30, 0, 123456000, time.UTC)
			if err := s.DB().Exec("UPDATE applications SET updated_at = ? WHERE id % 3 = 0", tie).Error; err != nil {
				t.Fatal(err)
			}

			for _, q := range []string{"", "a", "tie", "e"} {
				all, total, err := s.Workers.Search(ctx, clerk, q, store.Page{Size: 200})
				if err != nil {
					t.Fatal(err)
				}
				if total < 10 || int64(len(all)) != total {
					t.Fatalf("search %q: %d of %d listed; the test needs every match on one page", q, len(all), total)
				}
				var walked []int64
				f := store.WorkerSearch{Q: q, Limit: 7}
				for pages := 0; ; pages++ {
					if pages > 100 {
						t.Fatalf("search %q: the pages do not end", q)
					}
					p, err := s.Workers.SearchPage(ctx, clerk, f)
					if err != nil {
						t.Fatal(err)
					}
					if p.Total != total {
						t.Errorf("search %q: page %d counts %d, want %d", q, pages+1, p.Total, total)
					}
					if len(p.Hits) > 7 || (p.Next != nil && len(p.Hits) != 7) {
						t.Errorf("search %q: page %d holds %d", q, pages+1, len(p.Hits))
					}
					for _, h := range p.Hits {
						walked = append(walked, h.ID)
					}
					if p.Next == nil {
						break
					}
					f.After = p.Next
				}
				if len(walked) != len(all) {
					t.Fatalf("search %q: the pages list %d workers, want %d", q, len(walked), len(all))
				}
				for i := range all {
					if walked[i] != all[i].ID {
						t.Fatalf("search %q: row %d is worker %d, want %d (the list's order)", q, i, walked[i], all[i].ID)
					}
				}
			}

			var interviewer int64
			s.DB().Raw("SELECT interviewer_id FROM interviews GROUP BY interviewer_id ORDER BY count(*) DESC, interviewer_id LIMIT 1").Scan(&interviewer)
			var status string
			s.DB().Raw("SELECT status FROM applications GROUP BY status ORDER BY count(*) DESC, status LIMIT 1").Scan(&status)
			var ties int64
			s.DB().Raw("SELECT count(*) FROM applications WHERE updated_at = ?", tie).Scan(&ties)
			if ties < 10 {
				t.Fatalf("%d applications share their last change, want ten or more", ties)
			}
			for name, filter := range map[string]store.ApplicationFilter{
				"all":         {},
				"status":      {Status: models.ApplicationStatus(status)},
				"worker name": {ListFilter: store.ListFilter{WorkerName: "a"}},
				"interviewer": {ListFilter: store.ListFilter{InterviewerID: interviewer}},
			} {
				f := filter
				f.Page = store.Page{Size: 200}
				all, total, err := s.Applications.List(ctx, clerk, f)
				if err != nil {
					t.Fatal(err)
				}
				if total < 5 || int64(len(all)) != total || total > 200 {
					t.Fatalf("%s: %d of %d listed; the test needs between 5 and 200 on one page", name, len(all), total)
				}
				var walked []int64
				var after *store.ApplicationCursor
				for pages := 0; ; pages++ {
					if pages > 100 {
						t.Fatalf("%s: the pages do not end", name)
					}
					p, err := s.Applications.ListPage(ctx, clerk, filter, after, 4)
					if err != nil {
						t.Fatal(err)
					}
					if p.Total != total {
						t.Errorf("%s: page %d counts %d, want %d", name, pages+1, p.Total, total)
					}
					for _, it := range p.Items {
						walked = append(walked, it.ID)
					}
					if p.Next == nil {
						break
					}
					after = p.Next
				}
				if len(walked) != len(all) {
					t.Fatalf("%s: the pages list %d applications, want %d", name, len(walked), len(all))
				}
				for i := range all {
					if walked[i] != all[i].ID {
						t.Fatalf("%s: row %d is application %d, want %d (the list's order)", name, i, walked[i], all[i].ID)
					}
				}
			}
		})
	}
}
