package store_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/password"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/generate"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/app/twofactor"
	"github.com/carddesk/carddesk/models"
)

// BenchmarkScaleReads measures the desk's reads on generated data (issue
// 14), on each engine: search by name, passport and card number, the
// dossier, a history of fifty observations, the renewals due, the
// application list filtered by status, the audit trail filtered by record
// and by action. The data is generated once per engine into a fresh
// database, CARDDESK_BENCH_WORKERS workers (default 2,000) with three
// applications and ten observations each and fifty audit rows per worker.
// Run:
//
//	TEST_DATABASE_URL=postgres://... CARDDESK_BENCH_WORKERS=10000 \
//	  go test ./app/store -run '^$' -bench ScaleReads -benchtime 200x
//
// For the full size, generate with `carddesk generate` and use the load
// test (cmd/carddesk-load), which also measures the ceiling.
func BenchmarkScaleReads(b *testing.B) {
	workers := 2000
	if v := os.Getenv("CARDDESK_BENCH_WORKERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 10 || n > 200_000 {
			b.Fatalf("CARDDESK_BENCH_WORKERS=%q: want 10 to 200000", v)
		}
		workers = n
	}
	for _, engine := range storetest.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			opts := storetest.Options(b, engine)
			s, err := store.Open(ctx, opts)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if _, err := s.Migrate(ctx); err != nil {
				b.Fatal(err)
			}
			rep, err := generate.Run(ctx, s, generate.Options{Seed: 1, Workers: workers, Applications: 3 * workers,
				Observations: 10 * workers, AuditRows: 50 * workers, Years: 20, Now: time.Now().UTC(),
				Password: "generated password 1", PasswordParams: password.Fast, DatabaseURL: opts.DatabaseURL})
			if err != nil {
				b.Fatal(err)
			}
			// The admin gives a second factor (two-factor sign-in).
			adminUser, err := s.Users.ByEmail(ctx, system, "admin1@generated.example")
			if err != nil {
				b.Fatal(err)
			}
			const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
			if _, err := s.TwoFactor.EnrolWithSecret(ctx, system, adminUser.ID, secret); err != nil {
				b.Fatal(err)
			}
			code, _ := twofactor.Code(secret, s.Now())
			sess, err := s.Auth.Login(ctx, store.LoginRequest{Email: "admin1@generated.example", Password: "generated password 1", TOTPCode: code})
			if err != nil {
				b.Fatal(err)
			}
			admin := models.Actor{User: sess.User}
			var w struct {
				ID             int64
				PassportNumber string
				FamilyName     string
			}
			s.DB().Table("workers").Select("id, passport_number, family_name").Where("id = ?", rep.FirstWorkerID+int64(workers/2)).Take(&w)
			var card string
			s.DB().Table("cards").Select("number").Order("id DESC").Limit(1).Scan(&card)
			var long int64
			s.DB().Raw("SELECT worker_id FROM indicator_observations GROUP BY worker_id HAVING count(*) = 50 LIMIT 1").Scan(&long)
			reads := []struct {
				name string
				fn   func() error
			}{
				{"search_name", func() error { _, _, err := s.Workers.Search(ctx, admin, w.FamilyName, store.Page{}); return err }},
				{"search_passport", func() error { _, _, err := s.Workers.Search(ctx, admin, w.PassportNumber, store.Page{}); return err }},
				{"search_card", func() error { _, _, err := s.Workers.Search(ctx, admin, card, store.Page{}); return err }},
				{"dossier", func() error {
					if _, err := s.Workers.Get(ctx, admin, w.ID); err != nil {
						return err
					}
					_, err := s.Employments.OfWorker(ctx, admin, w.ID)
					return err
				}},
				{"history_50", func() error {
					_, err := s.History.Worker(ctx, admin, long, models.TimelineFilter{})
					return err
				}},
				{"renewals_due", func() error { _, err := s.Cards.RenewalsDuePage(ctx, admin, store.RenewalsFilter{}); return err }},
				{"applications_approved", func() error {
					_, _, err := s.Applications.List(ctx, admin, store.ApplicationFilter{Status: models.ApplicationApproved})
					return err
				}},
				{"audit_record", func() error {
					_, err := s.Audit.Events(ctx, admin, models.AuditFilter{RecordType: "worker", RecordID: fmt.Sprint(w.ID), Limit: 50})
					return err
				}},
				{"audit_action", func() error {
					_, err := s.Audit.Events(ctx, admin, models.AuditFilter{Action: "card.", Limit: 50})
					return err
				}},
				// What the housekeeping's daily anonymisation and the admins'
				// retention page read first: every worker's retention facts.
				{"retention_due", func() error { _, err := s.Retention.Due(ctx, admin, 90); return err }},
			}
			for _, r := range reads {
				b.Run(r.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if err := r.fn(); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
