package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestPasswordChangeEndsOtherCredentials: changing one's password keeps the
// session it was done from, ends the others and revokes the API tokens; an
// admin's reset does the same to every session.
func TestPasswordChangeEndsOtherCredentials(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			s, _ := openThrottled(t, engine)
			ctx := context.Background()
			admin, err := s.Users.ByEmail(ctx, system, "admin@example.be")
			if err != nil {
				t.Fatal(err)
			}
			login := func() *store.Session {
				sess, err := s.Auth.Login(ctx, store.LoginRequest{Email: "clerk@example.be", Password: throttlePassword, IP: "192.0.2.1"})
				if err != nil {
					t.Fatal(err)
				}
				return sess
			}
			here, other := login(), login()
			secret, _, err := s.Auth.CreateToken(ctx, models.Actor{User: admin}, "clerk@example.be", "integration")
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Users.ChangePassword(ctx, models.Actor{User: here.User, IP: "192.0.2.1"}, throttlePassword, "my own new password, long", here.Token); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Auth.SessionUser(ctx, here.Token); err != nil {
				t.Errorf("the session the password was changed from: %v", err)
			}
			if _, err := s.Auth.SessionUser(ctx, other.Token); !errors.Is(err, store.ErrNoSession) {
				t.Errorf("another session after the change: %v, want it ended", err)
			}
			if _, err := s.Auth.TokenUser(ctx, secret); !errors.Is(err, store.ErrBadToken) {
				t.Errorf("an API token after the change: %v, want it revoked", err)
			}
			events, err := s.Audit.Events(ctx, system, models.AuditFilter{Action: models.AuditPasswordChanged})
			if err != nil || len(events) != 1 || events[0].Summary != "password changed by its owner; 1 other sessions ended, 1 API tokens revoked" {
				t.Errorf("audit: %+v %v", events, err)
			}

			// An admin's reset ends every session and revokes the tokens.
			secret, _, err = s.Auth.CreateToken(ctx, models.Actor{User: admin}, "clerk@example.be", "integration 2")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Users.ResetPassword(ctx, models.Actor{User: admin}, here.User.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Auth.SessionUser(ctx, here.Token); !errors.Is(err, store.ErrNoSession) {
				t.Errorf("session after a reset: %v", err)
			}
			if _, err := s.Auth.TokenUser(ctx, secret); !errors.Is(err, store.ErrBadToken) {
				t.Errorf("token after a reset: %v", err)
			}
		})
	}
}

// TestPasswordFormIsThrottledLikeSignIn: wrong current passwords count as
// failed sign-ins of the account; past the limit the form refuses even the
// right one, and so does the sign-in.
func TestPasswordFormIsThrottledLikeSignIn(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			s, rule := openThrottled(t, engine)
			ctx := context.Background()
			sess, err := s.Auth.Login(ctx, store.LoginRequest{Email: "clerk@example.be", Password: throttlePassword, IP: "192.0.2.1"})
			if err != nil {
				t.Fatal(err)
			}
			actor := models.Actor{User: sess.User, IP: "192.0.2.1"}
			for i := range rule.MaxPerAccount {
				err := s.Users.ChangePassword(ctx, actor, fmt.Sprintf("guess %d of the password", i), "my own new password, long", sess.Token)
				if f, ok := securityFieldCode(err, "current_password"); !ok || f != "wrong_password" {
					t.Fatalf("guess %d: %v", i+1, err)
				}
			}
			if err := s.Users.ChangePassword(ctx, actor, throttlePassword, "my own new password, long", sess.Token); models.ErrorCode(err) != "login_throttled" {
				t.Errorf("the right current password after %d wrong ones: %v, want login_throttled", rule.MaxPerAccount, err)
			}
			if _, err := s.Auth.Login(ctx, store.LoginRequest{Email: "clerk@example.be", Password: throttlePassword, IP: "203.0.113.7"}); models.ErrorCode(err) != "login_throttled" {
				t.Errorf("sign-in after the form's failures: %v, want login_throttled", err)
			}
			// Nothing changed: the old password is still the password.
			u, err := s.Users.ByEmail(ctx, system, "clerk@example.be")
			if err != nil || u.PasswordHash != sess.User.PasswordHash {
				t.Errorf("the password changed: %v", err)
			}
			events, err := s.Audit.Events(ctx, system, models.AuditFilter{Action: models.AuditPasswordChangeFailed})
			if err != nil || len(events) != rule.MaxPerAccount {
				t.Errorf("%d failed changes audited, want %d (%v)", len(events), rule.MaxPerAccount, err)
			}
		})
	}
}

// TestCommonPasswordsAreRefused: a new password on the list of common ones
// is refused wherever a password is chosen, with the field named.
func TestCommonPasswordsAreRefused(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			s, _ := openThrottled(t, engine)
			ctx := context.Background()
			sess, err := s.Auth.Login(ctx, store.LoginRequest{Email: "clerk@example.be", Password: throttlePassword})
			if err != nil {
				t.Fatal(err)
			}
			err = s.Users.ChangePassword(ctx, models.Actor{User: sess.User}, throttlePassword, "Qwerty123456", sess.Token)
			if f, _ := securityFieldCode(err, "new_password"); f != "password_common" {
				t.Errorf("change to a common password: %v", err)
			}
			_, _, err = s.Users.Create(ctx, system, models.NewUser{Email: "new@example.be", Name: "New", Roles: []models.Role{models.RoleClerk}}, "Sunshine2024!")
			if f, _ := securityFieldCode(err, "password"); f != "password_common" {
				t.Errorf("account created with a common password: %v", err)
			}
			if err := s.Users.SetPassword(ctx, system, sess.User.ID, "1qaz2wsx3edc"); models.ErrorCode(err) == "" {
				t.Error("the operator set a common password")
			}
		})
	}
}

func securityFieldCode(err error, field string) (string, bool) {
	var me *models.Error
	if !errors.As(err, &me) {
		return "", false
	}
	f, ok := me.Field(field)
	return f.Code, ok
}
