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

// TestAlertCountFollowsTheRule: the alerts queue's count, read from the
// table the database keeps (migration 00027), is the number of employers
// the alert rule (models.EmployerAlerts) flags over every observation, on
// generated data and again after corrections withdraw or change
// observations, on both engines.
func TestAlertCountFollowsTheRule(t *testing.T) {
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
			_, err = generate.Run(ctx, s, generate.Options{Seed: 7, Workers: 80, Applications: 160, Observations: 600, Years: 3,
				Now: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Password: "generated password 1",
				PasswordParams: password.Fast, DatabaseURL: opts.DatabaseURL})
			if err != nil {
				t.Fatal(err)
			}
			rule := func() int64 {
				t.Helper()
				var obs []models.IndicatorObservation
				if err := s.DB().Table("indicator_observations").Select("id, worker_id, employer_id, indicator_code, answer, grade, supersedes_id, observed_on").
					Order("id").Scan(&obs).Error; err != nil {
					t.Fatal(err)
				}
				return int64(len(models.EmployerAlerts(obs)))
			}
			check := func(when string) int64 {
				t.Helper()
				got, err := store.AlertCount(s)
				if err != nil {
					t.Fatal(err)
				}
				if want := rule(); got != want {
					t.Errorf("%s: the count says %d employers, the rule flags %d", when, got, want)
				}
				return got
			}
			before := check("generated")
			if before == 0 {
				t.Fatal("the generated data raises no alert: the test needs some")
			}

			var interviewer int64
			s.DB().Raw("SELECT user_id FROM user_roles WHERE role = ? ORDER BY user_id LIMIT 1", string(models.RoleInterviewer)).Scan(&interviewer)
			u, err := s.Users.Get(ctx, models.System("test"), interviewer)
			if err != nil {
				t.Fatal(err)
			}
			iv := models.Actor{User: u}
			// Withdraw every current observation of three employers, and
			// correct some others to a strong indicator.
			var employers []int64
			s.DB().Raw("SELECT DISTINCT employer_id FROM indicator_observations WHERE employer_id IS NOT NULL ORDER BY employer_id LIMIT 3").Scan(&employers)
			var current []struct {
				ID, EmployerID int64
				Taxonomy       string
			}
			s.DB().Raw(`SELECT o.id, o.employer_id, o.taxonomy FROM indicator_observations o WHERE o.employer_id IS NOT NULL AND o.answer IN ('yes', 'unclear')
				AND NOT EXISTS (SELECT 1 FROM indicator_observations x WHERE x.supersedes_id = o.id) ORDER BY o.id`).Scan(&current)
			changed := 0
			for i, o := range current {
				c := models.ObservationCorrection{Reason: "Corrected after the interviewer's review of the record."}
				switch {
				case o.EmployerID == employers[0] || o.EmployerID == employers[1] || o.EmployerID == employers[2]:
					c.Answer = models.IndicatorNo
				case i%9 == 0 && o.Taxonomy == "ilo_ec_2009":
					c.Answer, c.IndicatorCode = models.IndicatorYes, "violence_on_victims"
				case i%9 == 0:
					c.Answer = models.IndicatorUnclear
				default:
					continue
				}
				if _, err := s.History.CorrectObservation(ctx, iv, o.ID, c); err != nil {
					t.Fatalf("correct %d: %v", o.ID, err)
				}
				changed++
			}
			if changed == 0 {
				t.Fatal("no observation corrected")
			}
			if after := check("after corrections"); after == before {
				t.Errorf("corrections of %d observations left the count at %d: the test must change it", changed, after)
			}
		})
	}
}
