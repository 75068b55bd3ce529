package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/twofactor"
	"github.com/carddesk/carddesk/models"
)

// TestTwoFactorCommands: `user totp-code` prints the current code of a
// secret; `user reset-totp` (the operator's way back in) resets an account's
// second factor, with a reason, audited.
func TestTwoFactorCommands(t *testing.T) {
	dir := t.TempDir()
	secret := "JBSWY3DPEHPK3PXPADMINISTRATORDM2"
	out, err := cli(t, dir, "", "user", "totp-code", "--secret", strings.ToLower(secret))
	if err != nil {
		t.Fatal(err, out)
	}
	now := time.Now()
	var ok bool
	for _, at := range []time.Time{now.Add(-30 * time.Second), now, now.Add(30 * time.Second)} {
		c, _ := twofactor.Code(secret, at)
		ok = ok || strings.HasPrefix(out, c+" ")
	}
	if !ok {
		t.Errorf("totp-code printed %q", out)
	}
	if out, err := cli(t, dir, "", "user", "totp-code"); err == nil {
		t.Errorf("totp-code without a secret: %s", out)
	}

	if out, err := cli(t, dir, "a long enough password\n", "user", "add", "--email", "admin@example.be", "--name", "Ada", "--role", "admin"); err != nil {
		t.Fatal(err, out)
	}
	ctx := context.Background()
	var id int64
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	withKey := func(o *store.Options) error { return notesOptions(o, slog.New(slog.NewTextHandler(io.Discard, nil))) }
	must(withStore(ctx, withKey, func(st *store.Store) error {
		u, err := st.Users.ByEmail(ctx, cliActor(), "admin@example.be")
		if err != nil {
			return err
		}
		id = u.ID
		_, err = st.TwoFactor.EnrolWithSecret(ctx, cliActor(), u.ID, secret)
		return err
	}))
	if out, err := cli(t, dir, "", "user", "reset-totp", "--email", "admin@example.be"); err == nil {
		t.Errorf("reset without a reason: %s", out)
	}
	out, err = cli(t, dir, "", "user", "reset-totp", "--email", "admin@example.be", "--reason", "the only admin lost the phone")
	if err != nil || !strings.Contains(out, "second factor of user") {
		t.Fatalf("reset-totp: %v %s", err, out)
	}
	must(withStore(ctx, nil, func(st *store.Store) error {
		s, err := st.TwoFactor.Status(ctx, cliActor(), id)
		if err != nil {
			return err
		}
		if s.Enrolled || !s.Required {
			t.Errorf("after the reset: %+v", s)
		}
		events, err := st.Audit.Events(ctx, cliActor(), models.AuditFilter{Action: models.AuditTOTPReset})
		if err != nil {
			return err
		}
		if len(events) != 1 || !strings.Contains(events[0].Summary, "lost the phone") {
			t.Errorf("audit: %+v", events)
		}
		return nil
	}))
}
