package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

const throttlePassword = "a long enough password"

// openThrottled opens a store whose address delays are short enough for a
// test, with three accounts.
func openThrottled(t *testing.T, engine string) (*store.Store, models.LoginThrottle) {
	t.Helper()
	opts := storetest.Options(t, engine)
	rule := models.LoginThrottle{Window: 15 * time.Minute, MaxPerAccount: 5, SlowAfter: 10,
		DelayStep: 10 * time.Millisecond, DelayMax: 80 * time.Millisecond}
	opts.Login = rule
	s, err := store.Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, r := range []models.Role{models.RoleClerk, models.RoleAdmin, models.RoleInterviewer} {
		if _, _, err := s.Users.Create(context.Background(), system, models.NewUser{Email: string(r) + "@example.be",
			Name: "Test " + string(r), Roles: []models.Role{r}}, throttlePassword); err != nil {
			t.Fatal(err)
		}
	}
	return s, rule
}

// TestLoginThrottleSlowsAnAddressButLocksOnlyTheAccount: 20 failures from one
// address for one account, and more for other accounts, do not stop another
// account's right password from the same address: it is slowed, by a
// bounded delay, and gets in. The guessed account is refused.
func TestLoginThrottleSlowsAnAddressButLocksOnlyTheAccount(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			s, rule := openThrottled(t, engine)
			ctx := context.Background()
			const office = "192.0.2.10"
			// Sign-ins from the login page: for the admin and the interviewer,
			// whose roles require a second factor, a right password opens its
			// second step (twofactor.go), an error-free answer too.
			login := func(email, pw string) error {
				_, err := s.Auth.Login(ctx, store.LoginRequest{Email: email, Password: pw, IP: office, Interactive: true})
				return err
			}
			for i := range 20 {
				err := login("clerk@example.be", fmt.Sprintf("guess number %d", i))
				want := "invalid_credentials"
				if i >= rule.MaxPerAccount {
					want = "login_throttled"
				}
				if models.ErrorCode(err) != want {
					t.Fatalf("failure %d for the clerk: %v, want %s", i+1, err, want)
				}
			}
			// The same address sprays other addresses: its failures pass
			// SlowAfter and its attempts wait.
			for i := range 10 {
				if err := login(fmt.Sprintf("ghost%d@example.be", i%2), "a wrong guess again"); models.ErrorCode(err) == "" {
					t.Fatal("a wrong password was accepted")
				}
			}
			start := time.Now()
			if err := login("admin@example.be", throttlePassword); err != nil {
				t.Fatalf("the admin's right password from the same address: %v", err)
			}
			if took := time.Since(start); took < rule.DelayMax {
				t.Errorf("the admin's sign-in from an address with 15 failures took %v, want it slowed by %v", took, rule.DelayMax)
			}
			// The guessed account stays refused, even with its right password.
			if err := login("clerk@example.be", throttlePassword); models.ErrorCode(err) != "login_throttled" {
				t.Errorf("the guessed account's right password: %v, want login_throttled", err)
			}
			// A fresh address is not slowed at all.
			start = time.Now()
			if _, err := s.Auth.Login(ctx, store.LoginRequest{Email: "interviewer@example.be", Password: throttlePassword, IP: "192.0.2.99", Interactive: true}); err != nil {
				t.Fatal(err)
			}
			if took := time.Since(start); took >= 2*time.Second {
				t.Errorf("a sign-in from a fresh address took %v", took)
			}
		})
	}
}

// TestLoginThrottleStopsAGuesserSpreadOverAddresses: one failure from each of
// five addresses locks the account; the sixth address's right password is
// refused too, and the refusal is audited.
func TestLoginThrottleStopsAGuesserSpreadOverAddresses(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			s, _ := openThrottled(t, engine)
			ctx := context.Background()
			for i := range 5 {
				_, err := s.Auth.Login(ctx, store.LoginRequest{Email: "interviewer@example.be", Password: "not the password",
					IP: fmt.Sprintf("198.51.100.%d", i+1)})
				if models.ErrorCode(err) != "invalid_credentials" {
					t.Fatalf("failure %d: %v", i+1, err)
				}
			}
			_, err := s.Auth.Login(ctx, store.LoginRequest{Email: "Interviewer@example.be", Password: throttlePassword, IP: "198.51.100.6"})
			var me *models.Error
			if models.ErrorCode(err) != "login_throttled" || !errors.As(err, &me) || me.Args["retry_after"].(int) <= 0 {
				t.Fatalf("right password from a sixth address: %v, want login_throttled with a retry_after", err)
			}
			events, err := s.Audit.Events(ctx, system, models.AuditFilter{Action: models.AuditLoginThrottled})
			if err != nil || len(events) != 1 || events[0].RecordID != "interviewer@example.be" {
				t.Errorf("throttled attempts audited: %v %v", events, err)
			}
		})
	}
}
