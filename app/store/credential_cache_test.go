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

// eventually polls cond every millisecond for up to five seconds and says
// how long it took to hold.
func eventually(t *testing.T, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < 5*time.Second {
		if cond() {
			return time.Since(start)
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("%s: not within 5 s", what)
	return 0
}

// TestTokenCacheFollowsTheDatabase: on PostgreSQL a bearer token is kept
// once resolved, and every change to what it resolves to, typed straight
// into the database on another connection, reaches the cache through the
// triggers' notification. A change made while the listener is cut off is
// not served from the cache afterwards; a listener that hears nothing any
// more (its probes stop) switches the cache off; a resolution that raced a
// revocation is not kept. A last use recorded changes nothing. SQLite
// keeps nothing.
func TestTokenCacheFollowsTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := adminClerk(t, s)
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
		db, err := store.Open(ctx, s.OptionsForTest())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		exec := func(sql string, args ...any) {
			t.Helper()
			if err := db.DB().Exec(sql, args...).Error; err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
		b, _, err := s.Users.Create(ctx, system, models.NewUser{Email: "b@example.be", Name: "B",
			Roles: []models.Role{models.RoleClerk}}, "a long enough password")
		if err != nil {
			t.Fatal(err)
		}
		eventually(t, "kept again after a commit", kept)

		// A last use recorded is not a change: still kept once every
		// notification committed before a probe has arrived.
		exec("UPDATE api_tokens SET last_used_at = now() WHERE id = ?", tok.ID)
		if !s.WaitCredentialProbe() {
			t.Fatal("the listener heard no probe")
		}
		if !kept() {
			t.Error("a last use recorded made the cache forget")
		}

		asBefore := func(got *models.User) bool {
			return got != nil && got.ID == u.ID && got.Email == "a@example.be" && got.Can(models.PermUserManage) && !got.MustChangePassword
		}
		for _, c := range []struct {
			name, change, undo string
			id                 int64
			seen               func(*models.User) bool
		}{
			{"revoked", "UPDATE api_tokens SET revoked_at = now() WHERE id = ?", "UPDATE api_tokens SET revoked_at = NULL WHERE id = ?", tok.ID,
				func(got *models.User) bool { return got == nil }},
			{"secret changed", "UPDATE api_tokens SET token_hash = 'x' || token_hash WHERE id = ?", "UPDATE api_tokens SET token_hash = substr(token_hash, 2) WHERE id = ?", tok.ID,
				func(got *models.User) bool { return got == nil }},
			{"moved to another user", "UPDATE api_tokens SET user_id = " + itoa(b.ID) + " WHERE id = ?", "UPDATE api_tokens SET user_id = " + itoa(u.ID) + " WHERE id = ?", tok.ID,
				func(got *models.User) bool { return got != nil && got.ID == b.ID }},
			{"deactivated", "UPDATE users SET active = false, deactivated_at = now(), deactivation_reason = 'left' WHERE id = ?",
				"UPDATE users SET active = true, deactivated_at = NULL, deactivation_reason = '' WHERE id = ?", u.ID,
				func(got *models.User) bool { return got == nil }},
			{"role taken away", "DELETE FROM user_roles WHERE user_id = ? AND role = 'admin'", "INSERT INTO user_roles (user_id, role) VALUES (?, 'admin')", u.ID,
				func(got *models.User) bool { return got != nil && !got.Can(models.PermUserManage) }},
			{"email changed", "UPDATE users SET email = 'a2@example.be' WHERE id = ?", "UPDATE users SET email = 'a@example.be' WHERE id = ?", u.ID,
				func(got *models.User) bool { return got != nil && got.Email == "a2@example.be" }},
			{"password to change", "UPDATE users SET must_change_password = true WHERE id = ?", "UPDATE users SET must_change_password = false WHERE id = ?", u.ID,
				func(got *models.User) bool { return got != nil && got.MustChangePassword }},
		} {
			exec(c.change, c.id)
			took := eventually(t, c.name, func() bool { got, _ := resolve(); return c.seen(got) })
			t.Logf("%s: seen after %v", c.name, took)
			exec(c.undo, c.id)
			eventually(t, c.name+" undone", func() bool { got, _ := resolve(); return asBefore(got) })
			eventually(t, c.name+": kept again", kept)
		}

		// A resolution that read the token before a revocation committed
		// and was heard does not keep what it read.
		// Forget what is kept (a commit of this instance), then resolve
		// with the revocation landing between the query and the keeping.
		if _, _, err := s.Auth.CreateToken(ctx, system, "b@example.be", "other"); err != nil {
			t.Fatal(err)
		}
		store.SetTokenQueried(t, func() {
			store.SetTokenQueried(t, nil)
			exec("UPDATE api_tokens SET revoked_at = now() WHERE id = ?", tok.ID)
			if !s.WaitCredentialProbe() {
				t.Error("the listener heard no probe")
			}
		})
		if got, _ := resolve(); !asBefore(got) {
			t.Fatal("the racing resolution did not answer the user as read before the revocation")
		}
		if got, n := resolve(); got != nil || n != 1 {
			t.Errorf("after the race: answered %v in %d reads, want refused in 1 (the raced answer kept)", got != nil, n)
		}
		exec("UPDATE api_tokens SET revoked_at = NULL WHERE id = ?", tok.ID)
		eventually(t, "kept after the race", kept)

		// A listener that hears nothing any more: its probes stop, and the
		// cache is off within the probes' window; back when they are heard.
		s.PauseCredentialProbes(true)
		took := eventually(t, "cache off without probes", func() bool { return !s.TokenCacheOn() })
		t.Logf("no probe heard: cache off after %v", took)
		for range 2 {
			if _, n := resolve(); n != 1 {
				t.Errorf("no probe heard: %d reads, want 1 (nothing kept)", n)
			}
		}
		s.PauseCredentialProbes(false)
		eventually(t, "probes heard again", s.TokenCacheOn)
		eventually(t, "kept with the probes back", kept)

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
	s, secret := openWithToken(t, opts)
	defer s.Close()
	ctx := context.Background()
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
	if s.TokenCacheOn() || listeners(t, s) != 0 {
		t.Errorf("cache on %v, %d listeners, want off and none", s.TokenCacheOn(), listeners(t, s))
	}
}

// openWithToken opens and migrates a store with opts, adds the clerk
// a@example.be and returns a bearer token of theirs.
func openWithToken(t *testing.T, opts store.Options) (*store.Store, string) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	adminClerk(t, s)
	secret, _, err := s.Auth.CreateToken(ctx, system, "a@example.be", "ci")
	if err != nil {
		t.Fatal(err)
	}
	return s, secret
}

// listeners counts the token cache's listeners on s's database.
func listeners(t *testing.T, s *store.Store) int64 {
	t.Helper()
	var n int64
	if err := s.DB().Raw("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?",
		"carddesk credential listener").Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestTokenCacheAfterClose: a bearer request after the store closed starts
// no listener.
func TestTokenCacheAfterClose(t *testing.T) {
	opts := storetest.Options(t, store.Postgres)
	s, secret := openWithToken(t, opts)
	ctx := context.Background()
	s.Close()
	s.Auth.TokenUser(ctx, secret) // refused: the pool is closed
	watch, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close()
	time.Sleep(300 * time.Millisecond)
	if s.TokenCacheOn() || listeners(t, watch) != 0 {
		t.Errorf("after Close: cache on %v, %d listeners, want off and none", s.TokenCacheOn(), listeners(t, watch))
	}
}
