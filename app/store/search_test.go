package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/password"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/generate"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestSearchMatchesEveryWord: on generated data (names in many scripts),
// the indexed search finds exactly the workers a plain scan finds: every
// word in the worker's name or the employer's or mission's name, short
// words included; and a passport or card number finds its worker.
func TestSearchMatchesEveryWord(t *testing.T) {
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
			rep, err := generate.Run(ctx, s, generate.Options{Seed: 3, Workers: 400, Applications: 800, Years: 5,
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
			// The oracle: the words matched by a scan of every row.
			scan := func(terms []string) int64 {
				q := s.DB().Table("workers")
				for _, term := range terms {
					like := "%" + term + "%"
					q = q.Where(`workers.search_name LIKE ? OR workers.id IN (SELECT em.worker_id FROM employments em
						JOIN employers e ON e.id = em.employer_id JOIN missions m ON m.id = e.mission_id
						WHERE e.search_name LIKE ? OR lower(m.name) LIKE ?)`, like, like, like)
				}
				var n int64
				q.Count(&n)
				return n
			}
			for _, q := range []string{"santos", "maria luz", "Nguyễn thi", "शर्मा", "ተስፋዬ", "шевченко", "n'diaye", "al-sabah",
				"embassy of ph", "de", "a", "tesfaye member", "zzzq"} {
				hits, total, err := s.Workers.Search(ctx, clerk, q, store.Page{Size: 25})
				if err != nil {
					t.Fatalf("search %q: %v", q, err)
				}
				want := scan(models.SearchTerms(q))
				if total != want || int64(len(hits)) != min(want, 25) {
					t.Errorf("search %q: %d hits (%d listed), a scan finds %d", q, total, len(hits), want)
				}
			}
			var w struct {
				ID             int64
				PassportNumber string
			}
			s.DB().Table("workers").Select("id, passport_number").Order("id DESC").Take(&w)
			var card struct {
				WorkerID int64
				Number   string
			}
			s.DB().Table("cards").Select("worker_id, number").Order("id").Take(&card)
			for q, id := range map[string]int64{w.PassportNumber: w.ID, card.Number: card.WorkerID} {
				hits, total, err := s.Workers.Search(ctx, clerk, q, store.Page{})
				if err != nil || total != 1 || hits[0].ID != id {
					t.Errorf("search %q: %v, %d hits, want worker %d", q, err, total, id)
				}
			}
		})
	}
}
