package store_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

var system = models.System("system")

// TestMigrationsMatchAcrossEngines: both dialects carry the same versions,
// so a schema change is never made on one engine only.
func TestMigrationsMatchAcrossEngines(t *testing.T) {
	list := func(engine string) []string {
		entries, err := os.ReadDir("migrations/" + engine)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	pg, lite := list(store.Postgres), list(store.SQLite)
	if !slices.Equal(pg, lite) {
		t.Errorf("migrations differ:\npostgres %v\nsqlite   %v", pg, lite)
	}
	_ = fs.ValidPath
}

func TestMigrateUpIsCurrentAndIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.Ready(ctx); err != nil {
			t.Fatalf("not ready after migrate: %v", err)
		}
		applied, err := s.Migrate(ctx)
		if err != nil || len(applied) != 0 {
			t.Fatalf("second migrate applied %v, %v", applied, err)
		}
	})
}

// TestRefusesNewerSchema: a binary must not start against a database a newer
// Carddesk has migrated.
func TestRefusesNewerSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		known, _ := s.KnownSchemaVersion()
		if err := s.DB().Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)", known+1, true).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := s.Migrate(ctx); !errors.Is(err, store.ErrSchemaTooNew) {
			t.Fatalf("Migrate against a newer schema: %v", err)
		}
		if err := s.Ready(ctx); err == nil {
			t.Fatal("Ready against a newer schema")
		}
	})
}

// TestAuditIsAppendOnly: the database itself refuses to change or delete an
// audit row, whatever the application code does.
func TestAuditIsAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.Audit.Record(ctx, system, "test.event", "thing", "1", "created"); err != nil {
			t.Fatal(err)
		}
		db := s.DB()
		if err := db.Exec("UPDATE audit_events SET summary = 'tampered'").Error; err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("UPDATE audit_events: %v", err)
		}
		if err := db.Exec("DELETE FROM audit_events").Error; err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("DELETE audit_events: %v", err)
		}
		if storetest.IsPostgres(s) {
			if err := db.Exec("TRUNCATE audit_events").Error; err == nil {
				t.Error("TRUNCATE audit_events succeeded")
			}
		}
		var n int64
		db.Table("audit_events").Where("summary = 'created'").Count(&n)
		if n != 1 {
			t.Errorf("audit row changed: %d", n)
		}
	})
}

// TestFailedActionLeavesNothing: a create that fails after its first write
// rolls back the account with its roles and audit row.
func TestFailedActionLeavesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, _, err := s.Users.Create(ctx, system, models.NewUser{Email: "a@example.be", Name: "A", Roles: []models.Role{models.RoleClerk}}, "a long enough password"); err != nil {
			t.Fatal(err)
		}
		// Role rows are checked by the database: an unknown role fails the
		// insert after the user row was written, inside the transaction.
		_, _, err := s.Users.Create(ctx, system, models.NewUser{Email: "b@example.be", Name: "B", Roles: []models.Role{models.RoleClerk, "pilot"}}, "a long enough password")
		if models.ErrorCode(err) != "invalid_input" {
			t.Fatalf("unknown role: %v", err)
		}
		var users, events int64
		s.DB().Table("users").Count(&users)
		s.DB().Table("audit_events").Where("action <> 'translation.seeded'").Count(&events) // the migration's own row
		if users != 1 || events != 1 {
			t.Errorf("after a refused create: %d users, %d audit rows; want 1, 1", users, events)
		}
	})
}

// TestSessionTimeouts: idle and absolute lifetimes end a session.
func TestSessionTimeouts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, _, err := s.Users.Create(ctx, system, models.NewUser{Email: "a@example.be", Name: "A", Roles: []models.Role{models.RoleClerk}}, "a long enough password"); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		s.Now = func() time.Time { return now }
		login := func() string {
			sess, err := s.Auth.Login(ctx, store.LoginRequest{Email: "A@example.be ", Password: "a long enough password", IP: "192.0.2.1"})
			if err != nil {
				t.Fatal(err)
			}
			return sess.Token
		}
		tok := login()
		for _, step := range []time.Duration{20 * time.Minute, 20 * time.Minute, 20 * time.Minute} {
			now = now.Add(step) // active every 20 minutes: idle timeout (30m) never reached
			if _, err := s.Auth.SessionUser(ctx, tok); err != nil {
				t.Fatalf("active session ended after %v: %v", step, err)
			}
		}
		now = now.Add(31 * time.Minute)
		if _, err := s.Auth.SessionUser(ctx, tok); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("idle session still valid: %v", err)
		}
		tok = login()
		for range 40 { // 40 x 20 min > 12 h absolute
			now = now.Add(20 * time.Minute)
			if _, err := s.Auth.SessionUser(ctx, tok); err != nil {
				break
			}
		}
		if _, err := s.Auth.SessionUser(ctx, tok); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("session survived its absolute lifetime")
		}
		if _, err := s.Auth.SessionUser(ctx, "forged"); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("forged token: %v", err)
		}
	})
}

// TestSessionIsStoredHashed: the cookie value is not in the database.
func TestSessionIsStoredHashed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.Users.Create(ctx, system, models.NewUser{Email: "a@example.be", Name: "A", Roles: []models.Role{models.RoleClerk}}, "a long enough password")
		sess, err := s.Auth.Login(ctx, store.LoginRequest{Email: "a@example.be", Password: "a long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		s.DB().Table("sessions").Where("id = ?", sess.Token).Count(&n)
		if n != 0 {
			t.Error("session token stored in clear")
		}
		var hash string
		s.DB().Table("users").Select("password_hash").Where("email = ?", "a@example.be").Scan(&hash)
		if !strings.HasPrefix(hash, "$argon2id$") {
			t.Errorf("password hash %q is not argon2id", hash)
		}
	})
}

// TestTokens: a revoked token, or one whose owner is deactivated, stops working.
func TestTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, _, _ := s.Users.Create(ctx, system, models.NewUser{Email: "a@example.be", Name: "A", Roles: []models.Role{models.RoleClerk}}, "a long enough password")
		secret, tok, err := s.Auth.CreateToken(ctx, system, "a@example.be", "ci")
		if err != nil || !strings.HasPrefix(secret, store.TokenPrefix) {
			t.Fatal(secret, err)
		}
		if got, err := s.Auth.TokenUser(ctx, secret); err != nil || got.ID != u.ID {
			t.Fatalf("TokenUser: %v %v", got, err)
		}
		if err := s.Auth.RevokeToken(ctx, system, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Auth.TokenUser(ctx, secret); !errors.Is(err, store.ErrBadToken) {
			t.Errorf("revoked token accepted: %v", err)
		}
		secret, _, _ = s.Auth.CreateToken(ctx, system, "a@example.be", "ci")
		if err := s.Users.Deactivate(ctx, system, u.ID, "left"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Auth.TokenUser(ctx, secret); !errors.Is(err, store.ErrBadToken) {
			t.Errorf("token of a deactivated user accepted: %v", err)
		}
	})
}

// TestPermissionsInsideServices: the services refuse a caller without the
// permission, whatever route or command called them.
func TestPermissionsInsideServices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clerk, _, _ := s.Users.Create(ctx, system, models.NewUser{Email: "c@example.be", Name: "C", Roles: []models.Role{models.RoleClerk}}, "a long enough password")
		as := models.Actor{User: clerk, Via: "web"}
		checks := map[string]error{}
		_, _, checks["CreateUser"] = s.Users.Create(ctx, as, models.NewUser{Email: "x@example.be", Name: "X", Roles: []models.Role{models.RoleAdmin}}, "")
		_, checks["Users"] = s.Users.List(ctx, as)
		_, checks["AuditEvents"] = s.Audit.Events(ctx, as, models.AuditFilter{})
		_, checks["ResetPassword"] = s.Users.ResetPassword(ctx, as, clerk.ID)
		_, _, checks["CreateToken"] = s.Auth.CreateToken(ctx, as, "c@example.be", "x")
		checks["DeactivateUser"] = s.Users.Deactivate(ctx, as, clerk.ID, "x")
		for name, err := range checks {
			if models.ErrorKind(err) != models.KindForbidden {
				t.Errorf("%s as clerk: %v, want forbidden", name, err)
			}
		}
	})
}
