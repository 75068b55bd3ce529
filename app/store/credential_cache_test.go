package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// eventually polls cond every millisecond for up to two seconds and says
// how long it took to hold.
func eventually(t *testing.T, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < 2*time.Second {
		if cond() {
			return time.Since(start)
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("%s: not within 2 s", what)
	return 0
}

// TestTokenCacheFollowsTheDatabase: on PostgreSQL a bearer token is kept
// once resolved, and every change to what it resolves to, typed straight
// into the database on another connection, reaches the cache through the
// triggers' notification: a revocation, a deactivation, a role taken away,
// a token deleted. A change made while the listener is cut off is not
// served from the cache afterwards. A last use recorded changes nothing.
// SQLite keeps nothing.
func TestTokenCacheFollowsTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, _, err := s.Users.Create(ctx, system, models.NewUser{Email: "a@example.be", Name: "A",
			Roles: []models.Role{models.RoleAdmin, models.RoleClerk}}, "a long enough password")
		if err != nil {
			t.Fatal(err)
		}
		secret, tok, err := s.Auth.CreateToken(ctx, system, "a@example.be", "ci")
		if err != nil {
			t.Fatal(err)
		}
		reads := countReads(t, s)
		resolve := func() (*models.User, int64) {
			t.Helper()
			reads.Store(0)
			got, err := s.Auth.TokenUser(ctx, secret)
			if err != nil && !errors.Is(err, store.ErrBadToken) {
				t.Fatal(err)
			}
			return got, reads.Load()
		}
		if _, n := resolve(); n != 1 {
			t.Fatalf("first resolution: %d reads, want 1", n)
		}
		if !storetest.IsPostgres(s) {
			for range 3 {
				if _, n := resolve(); n != 1 {
					t.Errorf("SQLite: %d reads, want 1 on every request (nothing kept)", n)
				}
			}
			if s.TokenCacheOn() {
				t.Error("SQLite: the token cache is on")
			}
			return
		}
		eventually(t, "listener listening", s.TokenCacheOn)
		kept := func() bool { _, n := resolve(); return n == 0 }
		eventually(t, "token kept", kept)
		s.WaitTokenTouches()

		// Another connection, as psql or a second instance would be.
		other, err := store.Open(ctx, s.OptionsForTest())
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		exec := func(sql string, args ...any) {
			t.Helper()
			if err := other.DB().Exec(sql, args...).Error; err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}

		// A last use recorded is not a change: still kept.
		exec("UPDATE api_tokens SET last_used_at = now() WHERE id = ?", tok.ID)
		time.Sleep(50 * time.Millisecond)
		if !kept() {
			t.Error("a last use recorded made the cache forget")
		}

		for _, c := range []struct {
			name, change, undo string
			refused            func(*models.User) bool
		}{
			{"revoked", "UPDATE api_tokens SET revoked_at = now() WHERE id = ?", "UPDATE api_tokens SET revoked_at = NULL WHERE id = ?",
				func(got *models.User) bool { return got == nil }},
			{"deactivated", "UPDATE users SET active = false, deactivated_at = now(), deactivation_reason = 'left' WHERE id = ?",
				"UPDATE users SET active = true, deactivated_at = NULL, deactivation_reason = '' WHERE id = ?",
				func(got *models.User) bool { return got == nil }},
			{"role taken away", "DELETE FROM user_roles WHERE user_id = ? AND role = 'admin'", "INSERT INTO user_roles (user_id, role) VALUES (?, 'admin')",
				func(got *models.User) bool { return got != nil && !got.Can(models.PermUserManage) }},
		} {
			id := tok.ID
			if c.name != "revoked" {
				id = u.ID
			}
			exec(c.change, id)
			took := eventually(t, c.name, func() bool { got, _ := resolve(); return c.refused(got) })
			t.Logf("%s: refused after %v", c.name, took)
			exec(c.undo, id)
			eventually(t, c.name+" undone", func() bool { got, _ := resolve(); return got != nil && got.Can(models.PermUserManage) })
			eventually(t, c.name+": kept again", kept)
		}

		// The listener cut off: nothing is kept until another listens, and
		// a revocation meanwhile, whose notification nobody heard, is not
		// served from what was kept before.
		pid := s.CredentialListenerPID()
		exec("SELECT pg_terminate_backend(?)", int64(pid))
		eventually(t, "cache off", func() bool { return !s.TokenCacheOn() })
		exec("UPDATE api_tokens SET revoked_at = now() WHERE id = ?", tok.ID)
		if got, n := resolve(); got != nil || n != 1 {
			t.Errorf("listener down, token revoked: %v in %d reads, want refused in 1", got, n)
		}
		eventually(t, "listening again", s.TokenCacheOn)
		if s.CredentialListenerPID() == pid {
			t.Error("the same backend listens after it was terminated")
		}
		if got, _ := resolve(); got != nil {
			t.Error("a revoked token was served after the listener came back")
		}

		// Deleted.
		exec("UPDATE api_tokens SET revoked_at = NULL WHERE id = ?", tok.ID)
		eventually(t, "restored", kept)
		exec("DELETE FROM api_tokens WHERE id = ?", tok.ID)
		eventually(t, "deleted", func() bool { got, _ := resolve(); return got == nil })
	})
}

// TestTokenCacheOff: with the cache turned off (a pooler that does not
// pass LISTEN), every bearer request reads its token from PostgreSQL and
// no listener connects.
func TestTokenCacheOff(t *testing.T) {
	opts := storetest.Options(t, store.Postgres)
	opts.TokenCacheOff = true
	s, err := store.Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Users.Create(ctx, system, models.NewUser{Email: "a@example.be", Name: "A",
		Roles: []models.Role{models.RoleClerk}}, "a long enough password"); err != nil {
		t.Fatal(err)
	}
	secret, _, err := s.Auth.CreateToken(ctx, system, "a@example.be", "ci")
	if err != nil {
		t.Fatal(err)
	}
	reads := countReads(t, s)
	for i := range 5 {
		reads.Store(0)
		if _, err := s.Auth.TokenUser(ctx, secret); err != nil {
			t.Fatal(err)
		}
		if n := reads.Load(); n != 1 {
			t.Errorf("request %d: %d reads, want 1", i, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	var listeners int64
	if err := s.DB().Raw("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?",
		"carddesk credential listener").Scan(&listeners).Error; err != nil {
		t.Fatal(err)
	}
	if s.TokenCacheOn() || listeners != 0 {
		t.Errorf("cache on %v, %d listeners, want off and none", s.TokenCacheOn(), listeners)
	}
}
