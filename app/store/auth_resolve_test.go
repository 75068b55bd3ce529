package store_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/app/twofactor"
	"github.com/carddesk/carddesk/models"
)

// countReads counts the reading statements s runs from now on.
func countReads(t *testing.T, s *store.Store) *atomic.Int64 {
	var n atomic.Int64
	count := func(*gorm.DB) { n.Add(1) }
	cb := s.DB().Callback()
	for name, err := range map[string]error{
		"query": cb.Query().After("gorm:query").Register("test:count_query", count),
		"row":   cb.Row().After("gorm:row").Register("test:count_row", count),
		"raw":   cb.Raw().After("gorm:raw").Register("test:count_raw", count),
	} {
		if err != nil {
			t.Fatalf("register %s counter: %v", name, err)
		}
	}
	return &n
}

// adminClerk creates a@example.be, an admin and clerk.
func adminClerk(t *testing.T, s *store.Store) *models.User {
	t.Helper()
	u, _, err := s.Users.Create(context.Background(), system, models.NewUser{Email: "a@example.be", Name: "A",
		Roles: []models.Role{models.RoleAdmin, models.RoleClerk}}, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestAuthenticationInOneQuery: a session cookie or a bearer token resolves
// to its user and roles in one query, and a token's last use is written at
// most once a minute, in the background.
func TestAuthenticationInOneQuery(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := adminClerk(t, s)
		// An admin gives a second factor (two-factor sign-in).
		const totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
		if _, err := s.TwoFactor.EnrolWithSecret(ctx, system, u.ID, totpSecret); err != nil {
			t.Fatal(err)
		}
		code, _ := twofactor.Code(totpSecret, s.Now())
		sess, err := s.Auth.Login(ctx, store.LoginRequest{Email: "a@example.be", Password: "a long enough password", TOTPCode: code})
		if err != nil {
			t.Fatal(err)
		}
		secret, tok, err := s.Auth.CreateToken(ctx, system, "a@example.be", "ci")
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		s.Now = func() time.Time { return now }
		reads := countReads(t, s)
		lastUsed := func() *time.Time {
			var at *time.Time
			s.DB().Table("api_tokens").Select("last_used_at").Where("id = ?", tok.ID).Scan(&at)
			return at
		}

		for _, resolve := range []struct {
			name string
			fn   func() (*models.User, error)
		}{
			{"session", func() (*models.User, error) { return s.Auth.SessionUser(ctx, sess.Token) }},
			{"token", func() (*models.User, error) { return s.Auth.TokenUser(ctx, secret) }},
		} {
			reads.Store(0)
			got, err := resolve.fn()
			if err != nil {
				t.Fatalf("%s: %v", resolve.name, err)
			}
			if got.ID != u.ID || got.Email != "a@example.be" || len(got.Roles) != 2 || got.Roles[0] != models.RoleClerk || got.Roles[1] != models.RoleAdmin {
				t.Errorf("%s resolves to %+v, want user %d with roles clerk, admin", resolve.name, got, u.ID)
			}
			if n := reads.Load(); n != 1 {
				t.Errorf("%s: %d reads, want 1", resolve.name, n)
			}
		}

		// The token's first use is written after the answer; uses within
		// the minute are not written again, the first after it is.
		s.WaitTokenTouches()
		first := lastUsed()
		if first == nil || first.Sub(now).Abs() > time.Millisecond {
			t.Fatalf("last_used_at after the first use: %v, want %v", first, now)
		}
		for _, step := range []struct {
			after time.Duration
			want  time.Time
		}{{30 * time.Second, *first}, {61 * time.Second, now.Add(91 * time.Second)}} {
			now = now.Add(step.after)
			if _, err := s.Auth.TokenUser(ctx, secret); err != nil {
				t.Fatal(err)
			}
			s.WaitTokenTouches()
			if got := lastUsed(); got == nil || got.Sub(step.want).Abs() > time.Millisecond {
				t.Errorf("%v later: last_used_at %v, want %v", step.after, got, step.want)
			}
		}
	})
}
