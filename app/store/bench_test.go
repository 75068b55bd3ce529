package store_test

import (
	"context"
	"testing"

	"github.com/carddesk/carddesk/app/password"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/models"
)

// BenchmarkLogin measures a sign-in with the production password cost
// (argon2id, 19 MiB, t=2): the floor of the login page's latency.
// Run: go test ./app/store -run '^$' -bench Login -benchmem
func BenchmarkLogin(b *testing.B) {
	opts := storetest.Options(b, store.SQLite)
	opts.Password = password.Default
	s, err := store.Open(context.Background(), opts)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	if _, _, err := s.Users.Create(context.Background(), system, models.NewUser{Email: "a@example.be", Name: "A", Roles: []models.Role{models.RoleClerk}}, "a long enough password"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Auth.Login(context.Background(), store.LoginRequest{Email: "a@example.be", Password: "a long enough password"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIssueCard measures issuing a card, gate and database trigger
// included, on the embedded database. Each iteration prepares a fresh
// interviewed application outside the timer.
// Run: go test ./app/store -run '^$' -bench IssueCard -benchmem
func BenchmarkIssueCard(b *testing.B) {
	for _, engine := range storetest.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			s := storetest.Open(b, engine)
			w := newWorld(b, s)
			ctx := context.Background()
			for b.Loop() {
				b.StopTimer()
				// One worker per card: the household cap would refuse a second
				// servant for the same employer.
				e := models.Employer{MissionID: w.mission.ID, FamilyName: "Host", EntitledToPrivateServant: true}
				must(b, s.Employers.Create(ctx, w.clerk, &e))
				w.employment.EmployerID = e.ID
				job := w.employment
				job.ID = 0
				must(b, s.Employments.Create(ctx, w.clerk, &job))
				w.employment = job
				id := w.submitted(b, models.ApplicationFirstIssuance, nil)
				w.interviewed(b, id, true, models.OutcomeCleared)
				b.StartTimer()
				if _, err := s.Cards.Issue(ctx, w.clerk, id); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLeafletFromStore measures a rights leaflet as the application
// serves it (the texts in use, the contacts and the scale read from the
// embedded database, then set), against the same leaflet from the embedded
// texts alone: the cost of translations being data.
// Run: go test ./app/store -run '^$' -bench LeafletFromStore -benchmem
func BenchmarkLeafletFromStore(b *testing.B) {
	s := storetest.Open(b, store.SQLite)
	ctx := context.Background()
	for _, lang := range []string{"fr", "ne", "ar"} {
		b.Run(lang+"/store", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Translations.Leaflet(ctx, lang); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(lang+"/embedded", func(b *testing.B) {
			for b.Loop() {
				if _, err := contracts.Leaflet(contracts.LeafletData{Language: lang, Minimum: 207048}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
