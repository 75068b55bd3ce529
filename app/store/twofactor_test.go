package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/app/twofactor"
	"github.com/carddesk/carddesk/models"
)

const tfPassword = "a long enough password"

// tfEnv is a store on a clock the test moves, with one user per role.
type tfEnv struct {
	t     *testing.T
	s     *store.Store
	now   time.Time
	users map[models.Role]*models.User
}

func newTFEnv(t *testing.T, s *store.Store) *tfEnv {
	e := &tfEnv{t: t, s: s, now: time.Date(2026, 12, 1, 9, 0, 5, 0, time.UTC), users: map[models.Role]*models.User{}}
	s.Now = func() time.Time { return e.now }
	for _, r := range models.Roles {
		u, _, err := s.Users.Create(context.Background(), system, models.NewUser{Email: string(r) + "@example.be", Name: string(r), Roles: []models.Role{r}}, tfPassword)
		must(t, err)
		e.users[r] = u
	}
	return e
}

func (e *tfEnv) login(role models.Role, code string, interactive bool) (*store.Session, error) {
	return e.s.Auth.Login(context.Background(), store.LoginRequest{Email: string(role) + "@example.be", Password: tfPassword,
		IP: "192.0.2.7", TOTPCode: code, Interactive: interactive})
}

func (e *tfEnv) code(secret string) string {
	c, err := twofactor.Code(secret, e.now)
	must(e.t, err)
	return c
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if models.ErrorCode(err) != code {
		t.Fatalf("got %v, want %s", err, code)
	}
}

// TestTwoFactorEnrolAndSignIn: a clerk (not required) enrols from their
// session; after that a password alone opens no session; the code does,
// once; a recovery code works once; a wrong code counts as a failed sign-in.
func TestTwoFactorEnrolAndSignIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		e := newTFEnv(t, s)
		sess, err := e.login(models.RoleClerk, "", true)
		must(t, err)
		if sess.Pending != nil || sess.Token == "" {
			t.Fatalf("a clerk without a second factor: %+v", sess)
		}
		clerk := models.Actor{User: sess.User, Via: "web"}
		me := store.Enrollee{Actor: clerk}
		p1, err := s.TwoFactor.Pending(ctx, me, "page")
		must(t, err)
		p2, err := s.TwoFactor.Pending(ctx, me, "QR code")
		must(t, err)
		if p1.Secret != p2.Secret || len(p1.Secret) != 32 || !strings.HasPrefix(p1.URL, "otpauth://totp/") {
			t.Fatalf("pending secret changes between views: %q %q", p1.Secret, p2.Secret)
		}
		var stored []byte
		must(t, s.DB().Raw("SELECT secret FROM totp_enrolments WHERE user_id = ?", sess.User.ID).Row().Scan(&stored))
		if strings.Contains(string(stored), p1.Secret) {
			t.Error("the TOTP secret is stored in clear")
		}

		_, err = s.TwoFactor.Confirm(ctx, me, "000000", store.SignInMeta{IP: "192.0.2.7"})
		wantCode(t, err, "totp_invalid")
		done, err := s.TwoFactor.Confirm(ctx, me, e.code(p1.Secret), store.SignInMeta{IP: "192.0.2.7"})
		must(t, err)
		if len(done.RecoveryCodes) != models.RecoveryCodes || done.Session != nil {
			t.Fatalf("confirm: %+v", done)
		}
		st, err := s.TwoFactor.Status(ctx, clerk, sess.User.ID)
		must(t, err)
		if !st.Enrolled || st.RecoveryCodesLeft != 10 || st.Required {
			t.Errorf("status %+v", st)
		}

		// A password alone: the API is told to send the code, the browser
		// gets a challenge and no session.
		e.now = e.now.Add(30 * time.Second)
		_, err = e.login(models.RoleClerk, "", false)
		wantCode(t, err, "totp_required")
		pending, err := e.login(models.RoleClerk, "", true)
		must(t, err)
		if pending.Pending == nil || pending.Pending.Step != models.StepCode || pending.Token != "" {
			t.Fatalf("no challenge: %+v", pending)
		}
		var sessions int64
		s.DB().Table("sessions").Where("user_id = ?", sess.User.ID).Count(&sessions)
		if sessions != 1 {
			t.Errorf("%d sessions, want only the first one", sessions)
		}
		if s.TwoFactor.ChallengeStep(ctx, pending.Pending.Token) != models.StepCode {
			t.Error("ChallengeStep")
		}
		meta := store.SignInMeta{IP: "192.0.2.7", Via: "web"}
		_, err = s.TwoFactor.SignIn(ctx, pending.Pending.Token, "123", meta)
		wantCode(t, err, "totp_invalid")
		code := e.code(p1.Secret)
		signed, err := s.TwoFactor.SignIn(ctx, pending.Pending.Token, code, meta)
		must(t, err)
		if signed.Token == "" {
			t.Fatal("no session after the code")
		}
		if _, err := s.Auth.SessionUser(ctx, signed.Token); err != nil {
			t.Fatal(err)
		}
		_, err = s.TwoFactor.SignIn(ctx, pending.Pending.Token, code, meta)
		wantCode(t, err, "sign_in_expired") // the challenge ended with the sign-in

		// Replay: the same code through the API, in the same window.
		_, err = e.login(models.RoleClerk, code, false)
		wantCode(t, err, "totp_invalid")
		// An older code inside the drift window, after a newer one: refused too.
		old, _ := twofactor.Code(p1.Secret, e.now.Add(-30*time.Second))
		_, err = e.login(models.RoleClerk, old, false)
		wantCode(t, err, "totp_invalid")
		// The next window's code is accepted.
		e.now = e.now.Add(30 * time.Second)
		if _, err := e.login(models.RoleClerk, e.code(p1.Secret), false); err != nil {
			t.Fatal(err)
		}

		// A recovery code, in lower case with spaces: once.
		rc := strings.ToLower(strings.ReplaceAll(done.RecoveryCodes[3], "-", " "))
		if _, err := e.login(models.RoleClerk, rc, false); err != nil {
			t.Fatalf("recovery code: %v", err)
		}
		_, err = e.login(models.RoleClerk, rc, false)
		wantCode(t, err, "totp_invalid")
		st, _ = s.TwoFactor.Status(ctx, clerk, sess.User.ID)
		if st.RecoveryCodesLeft != 9 {
			t.Errorf("%d recovery codes left, want 9", st.RecoveryCodesLeft)
		}
		var used int64
		s.DB().Table("audit_events").Where("action = ?", models.AuditTOTPRecoveryUsed).Count(&used)
		var failed int64
		s.DB().Table("audit_events").Where("action = ?", models.AuditTOTPFailed).Count(&failed)
		if used != 1 || failed != 5 {
			t.Errorf("audit: %d recovery uses, %d refused codes; want 1 and 5", used, failed)
		}
	})
}

// TestTwoFactorWrongCodesAreThrottled: failed codes count with failed
// passwords: past the limit even the right code is refused.
func TestTwoFactorWrongCodesAreThrottled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		e := newTFEnv(t, s)
		secret := "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
		_, err := s.TwoFactor.EnrolWithSecret(ctx, system, e.users[models.RoleAdmin].ID, secret)
		must(t, err)
		ch, err := e.login(models.RoleAdmin, "", true)
		must(t, err)
		for range 5 {
			_, err = s.TwoFactor.SignIn(ctx, ch.Pending.Token, "000000", store.SignInMeta{IP: "192.0.2.7"})
			wantCode(t, err, "totp_invalid")
		}
		_, err = s.TwoFactor.SignIn(ctx, ch.Pending.Token, e.code(secret), store.SignInMeta{IP: "192.0.2.7"})
		wantCode(t, err, "login_throttled")
		_, err = e.login(models.RoleAdmin, e.code(secret), false)
		wantCode(t, err, "login_throttled")
		e.now = e.now.Add(16 * time.Minute)
		if _, err := e.login(models.RoleAdmin, e.code(secret), false); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

// TestTwoFactorRequiredRoleConfinedToEnrolment: an interviewer (required by
// default) without a second factor gets no session after the password: only
// an enrolment challenge, which opens the session once confirmed. An admin
// resets it (audited); the user is sent to enrolment again.
func TestTwoFactorRequiredRoleConfinedToEnrolment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		e := newTFEnv(t, s)
		_, err := e.login(models.RoleInterviewer, "", false)
		wantCode(t, err, "totp_enrolment_required")
		ch, err := e.login(models.RoleInterviewer, "", true)
		must(t, err)
		if ch.Pending == nil || ch.Pending.Step != models.StepEnrol || ch.Token != "" {
			t.Fatalf("want an enrolment challenge: %+v", ch)
		}
		// The challenge is no session, and no code step.
		if _, err := s.Auth.SessionUser(ctx, ch.Pending.Token); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("the challenge opens a session: %v", err)
		}
		_, err = s.TwoFactor.SignIn(ctx, ch.Pending.Token, "123456", store.SignInMeta{})
		wantCode(t, err, "sign_in_expired")

		who := store.Enrollee{AtSignIn: true, Challenge: ch.Pending.Token}
		p, err := s.TwoFactor.Pending(ctx, who, "page")
		must(t, err)
		done, err := s.TwoFactor.Confirm(ctx, who, e.code(p.Secret), store.SignInMeta{IP: "192.0.2.7", UserAgent: "test"})
		must(t, err)
		if done.Session == nil || done.Session.Token == "" {
			t.Fatal("enrolment did not open the session")
		}
		if _, err := s.Auth.SessionUser(ctx, done.Session.Token); err != nil {
			t.Fatal(err)
		}
		// The challenge is spent.
		_, err = s.TwoFactor.Pending(ctx, who, "page")
		wantCode(t, err, "sign_in_expired")

		// An expired challenge does nothing.
		late, err := e.login(models.RoleInterviewer, "", true)
		must(t, err)
		e.now = e.now.Add(11 * time.Minute)
		_, err = s.TwoFactor.SignIn(ctx, late.Pending.Token, e.code(p.Secret), store.SignInMeta{})
		wantCode(t, err, "sign_in_expired")

		// Reset by an admin: refused without a reason, for oneself, for a clerk.
		admin := models.Actor{User: e.users[models.RoleAdmin], Via: "web"}
		target := e.users[models.RoleInterviewer].ID
		wantCode(t, s.TwoFactor.Reset(ctx, admin, target, ""), "invalid_input")
		wantCode(t, s.TwoFactor.Reset(ctx, models.Actor{User: e.users[models.RoleClerk]}, target, "lost phone"), "forbidden")
		wantCode(t, s.TwoFactor.Reset(ctx, admin, admin.User.ID, "lost phone"), "cannot_reset_own_totp")
		must(t, s.TwoFactor.Reset(ctx, admin, target, "lost phone"))
		wantCode(t, s.TwoFactor.Reset(ctx, admin, target, "again"), "totp_not_enrolled")
		if _, err := s.Auth.SessionUser(ctx, done.Session.Token); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("the reset left the session open: %v", err)
		}
		var summary string
		must(t, s.DB().Raw("SELECT summary FROM audit_events WHERE action = ?", models.AuditTOTPReset).Row().Scan(&summary))
		if !strings.Contains(summary, "lost phone") {
			t.Errorf("audit summary %q", summary)
		}
		again, err := e.login(models.RoleInterviewer, "", true)
		must(t, err)
		if again.Pending == nil || again.Pending.Step != models.StepEnrol {
			t.Fatalf("after a reset: %+v", again)
		}
		// The old recovery codes died with the enrolment.
		_, err = e.login(models.RoleInterviewer, done.RecoveryCodes[0], false)
		wantCode(t, err, "totp_enrolment_required")
	})
}

// TestTwoFactorPolicyPerRole: the defaults, an admin requiring it for
// clerks (whose unenrolled sessions end), and the audit row.
func TestTwoFactorPolicyPerRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		e := newTFEnv(t, s)
		admin := models.Actor{User: e.users[models.RoleAdmin], Via: "web"}
		list, err := s.TwoFactor.Policies(ctx, admin)
		must(t, err)
		got := map[models.Role]bool{}
		for _, p := range list {
			got[p.Role] = p.Required
		}
		if len(list) != len(models.Roles) || got[models.RoleClerk] || got[models.RoleOversight] || !got[models.RoleInterviewer] || !got[models.RoleAdmin] {
			t.Fatalf("default policies %+v", list)
		}
		_, err = s.TwoFactor.Policies(ctx, models.Actor{User: e.users[models.RoleClerk]})
		wantCode(t, err, "forbidden")

		clerkSession, err := e.login(models.RoleClerk, "", true)
		must(t, err)
		must(t, s.TwoFactor.SetPolicy(ctx, admin, models.TOTPPolicy{models.RoleClerk: true, models.RoleAdmin: true}))
		if _, err := s.Auth.SessionUser(ctx, clerkSession.Token); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("an unenrolled clerk's session survived the new requirement: %v", err)
		}
		ch, err := e.login(models.RoleClerk, "", true)
		must(t, err)
		if ch.Pending == nil || ch.Pending.Step != models.StepEnrol {
			t.Fatalf("clerk after the policy change: %+v", ch)
		}
		var n int64
		s.DB().Table("audit_events").Where("action = ? AND record_id = ?", models.AuditTOTPPolicyChanged, "clerk").Count(&n)
		if n != 1 {
			t.Errorf("%d policy audit rows for clerk, want 1 (admin unchanged: none)", n)
		}
		list, _ = s.TwoFactor.Policies(ctx, admin)
		if list[0].Role != models.RoleClerk || !list[0].Required || list[0].UpdatedBy != "admin@example.be" {
			t.Errorf("clerk policy %+v", list[0])
		}
		must(t, s.TwoFactor.SetPolicy(ctx, admin, models.TOTPPolicy{models.RoleInterviewer: false}))
		if sess, err := e.login(models.RoleInterviewer, "", true); err != nil || sess.Pending != nil {
			t.Errorf("interviewer no longer required: %+v %v", sess, err)
		}
		// A role without a row (one added after migration 00020) follows
		// its default, and a change records a row for it.
		must(t, s.DB().Exec("DELETE FROM totp_role_policies WHERE role = 'admin'").Error)
		list, _ = s.TwoFactor.Policies(ctx, admin)
		if len(list) != len(models.Roles) || list[2].Role != models.RoleAdmin || !list[2].Required {
			t.Errorf("a role without a row: %+v", list)
		}
		must(t, s.TwoFactor.SetPolicy(ctx, admin, models.TOTPPolicy{models.RoleAdmin: false}))
		list, _ = s.TwoFactor.Policies(ctx, admin)
		if list[2].Required || list[2].UpdatedBy != "admin@example.be" {
			t.Errorf("the new row: %+v", list[2])
		}
	})
}

// TestTwoFactorTablesRefuseRewrites: the database keeps enrolments and
// recovery codes: no DELETE, no second use, no un-revoking, no new secret.
func TestTwoFactorTablesRefuseRewrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		e := newTFEnv(t, s)
		codes, err := s.TwoFactor.EnrolWithSecret(ctx, system, e.users[models.RoleAdmin].ID, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
		must(t, err)
		if _, err := e.login(models.RoleAdmin, codes[0], false); err != nil {
			t.Fatal(err)
		}
		// What the service does is allowed: revoking once.
		must(t, s.TwoFactor.Reset(ctx, system, e.users[models.RoleAdmin].ID, "operator reset"))
		for _, stmt := range []string{
			"DELETE FROM totp_enrolments",
			"UPDATE totp_enrolments SET revoked_at = NULL",
			"UPDATE totp_enrolments SET confirmed_at = NULL",
			"UPDATE totp_enrolments SET secret = secret || secret",
			"UPDATE totp_enrolments SET user_id = user_id + 1",
			"DELETE FROM totp_recovery_codes",
			"UPDATE totp_recovery_codes SET used_at = NULL",
			"UPDATE totp_recovery_codes SET code_hash = 'x'",
		} {
			if err := s.DB().Exec(stmt).Error; err == nil {
				t.Errorf("%s: accepted", stmt)
			}
		}
		if storetest.IsPostgres(s) {
			for _, table := range []string{"totp_enrolments", "totp_recovery_codes"} {
				if err := s.DB().Exec("TRUNCATE " + table + " CASCADE").Error; err == nil {
					t.Errorf("TRUNCATE %s accepted", table)
				}
			}
		}
	})
}

// TestTwoFactorSecretsAreResealed: `carddesk notes reseal` moves the TOTP
// secrets to the new key; after the old key is dropped, codes still work.
func TestTwoFactorSecretsAreResealed(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			opts := storetest.Options(t, engine)
			keyA, keyB := newKey(t), newKey(t)
			a := reopen(t, opts, newSealer(t, keyA))
			_, err := a.Migrate(ctx)
			must(t, err)
			e := newTFEnv(t, a)
			secret := "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
			_, err = a.TwoFactor.EnrolWithSecret(ctx, system, e.users[models.RoleAdmin].ID, secret)
			must(t, err)
			b := reopen(t, opts, newSealer(t, keyB, keyA))
			b.Now = a.Now
			rep, err := b.ResealNotes(ctx, models.System("cli"), store.ResealOptions{})
			must(t, err)
			for _, c := range rep.Columns {
				if c.Column == "totp_enrolments.secret" && c.Resealed != 1 {
					t.Errorf("%+v", c)
				}
			}
			onlyB := reopen(t, opts, newSealer(t, keyB))
			onlyB.Now = a.Now
			e.s = onlyB
			if _, err := e.login(models.RoleAdmin, e.code(secret), false); err != nil {
				t.Fatalf("sign-in after the rotation: %v", err)
			}
		})
	}
}
