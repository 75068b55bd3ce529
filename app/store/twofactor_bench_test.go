package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/app/twofactor"
	"github.com/carddesk/carddesk/models"
)

// BenchmarkSecondStep measures the second step of a sign-in (the challenge,
// the sealed secret opened, the code checked and its step recorded, the
// session opened), without the password's cost: what two-factor sign-in
// adds to BenchmarkLogin. The clock moves one step per iteration, since a
// code is accepted once.
// Run: go test ./app/store -run '^$' -bench SecondStep -benchmem
func BenchmarkSecondStep(b *testing.B) {
	for _, engine := range storetest.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			s := storetest.Open(b, engine)
			ctx := context.Background()
			now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
			s.Now = func() time.Time { return now }
			u, _, err := s.Users.Create(ctx, system, models.NewUser{Email: "a@example.be", Name: "A", Roles: []models.Role{models.RoleAdmin}}, "a long enough password")
			if err != nil {
				b.Fatal(err)
			}
			secret := "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
			if _, err := s.TwoFactor.EnrolWithSecret(ctx, system, u.ID, secret); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				b.StopTimer()
				now = now.Add(30 * time.Second)
				ch, err := s.Auth.Login(ctx, store.LoginRequest{Email: "a@example.be", Password: "a long enough password", Interactive: true})
				if err != nil {
					b.Fatal(err)
				}
				code, _ := twofactor.Code(secret, now)
				b.StartTimer()
				if _, err := s.TwoFactor.SignIn(ctx, ch.Pending.Token, code, store.SignInMeta{IP: "192.0.2.1"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
