package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/demo"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/app/twofactor"
	"github.com/carddesk/carddesk/models"
)

// TestDemoLoads: the demo data set loads on both engines, once, and shows
// the workflow's stages.
func TestDemoLoads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		logins, err := demo.Load(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if len(logins) != 4 {
			t.Fatalf("logins: %v", logins)
		}
		again, err := demo.Load(ctx, s)
		if err != nil || len(again) != 0 {
			t.Fatalf("second load: %v %v", again, err)
		}
		var contracts int64
		s.DB().Table("contracts").Count(&contracts)
		// One for each application submitted (all but the draft): none is
		// submitted without one.
		if contracts != 4 {
			t.Errorf("%d demo contracts, want 4", contracts)
		}
		sys := models.System("system")
		due, err := s.Cards.RenewalsDue(ctx, sys, 0)
		if err != nil || len(due) != 1 {
			t.Errorf("renewals due: %d %v", len(due), err)
		}
		for _, st := range []models.ApplicationStatus{models.ApplicationCollected, models.ApplicationApproved, models.ApplicationInterviewScheduled, models.ApplicationDraft} {
			if _, n, err := s.Applications.List(ctx, sys, store.ApplicationFilter{Status: st}); err != nil || n != 1 {
				t.Errorf("applications %s: %d %v", st, n, err)
			}
		}
	})
}

// TestDemoSecondFactors: each demo account can sign in as the README says:
// the clerk with the password, the interviewer and the admin with the
// password and a code of the secret printed for them.
func TestDemoSecondFactors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, s); err != nil {
			t.Fatal(err)
		}
		for _, l := range demo.Logins() {
			in := store.LoginRequest{Email: l.Email, Password: l.Password}
			if l.TOTPSecret != "" {
				if !models.DefaultTOTPRequired(l.Role) {
					t.Errorf("%s has a demo secret but its role does not require one", l.Email)
				}
				if _, err := s.Auth.Login(ctx, in); models.ErrorCode(err) != "totp_required" {
					t.Errorf("%s without a code: %v", l.Email, err)
				}
				code, err := twofactor.Code(l.TOTPSecret, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				in.TOTPCode = code
			} else if models.DefaultTOTPRequired(l.Role) {
				t.Errorf("%s: role %s requires a second factor, the demo gives none", l.Email, l.Role)
			}
			if sess, err := s.Auth.Login(ctx, in); err != nil || sess.Token == "" {
				t.Errorf("%s: %v", l.Email, err)
			}
		}
	})
}
