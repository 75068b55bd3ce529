package demo_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app"
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
		due, err := s.Cards.RenewalsDuePage(ctx, sys, store.RenewalsFilter{})
		if err != nil || len(due.Cards) != 1 || due.Total != 1 || due.Next != nil {
			t.Errorf("renewals due: %d of %d, next %v, %v", len(due.Cards), due.Total, due.Next, err)
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

// TestDemoHasHistory: the demo's records carry the history real work
// leaves, so the history pages are not empty: a worker corrected twice, an
// employment whose terms changed and that ended, an employer's new title,
// and service before Carddesk, one period withdrawn.
func TestDemoHasHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, s); err != nil {
			t.Fatal(err)
		}
		sys := models.System("system")
		id := func(table, column, value string) int64 {
			var ids []int64
			if err := s.DB().Table(table).Where(column+" = ?", value).Pluck("id", &ids).Error; err != nil || len(ids) != 1 {
				t.Fatalf("%s %s=%s: %v %v", table, column, value, ids, err)
			}
			return ids[0]
		}
		nguyen, santos, haile := id("workers", "family_name", "Nguyễn"), id("workers", "family_name", "Santos"), id("workers", "family_name", "Haile")

		w, err := s.Workers.Get(ctx, sys, nguyen)
		if err != nil {
			t.Fatal(err)
		}
		if w.PassportNumber != "B8823107" || w.FullName() != "Nguyễn Thị Hoa" {
			t.Errorf("Nguyễn after her corrections: passport %q, name %q", w.PassportNumber, w.FullName())
		}
		vs, err := s.Records.Versions(ctx, sys, models.EntityWorker, nguyen)
		if err != nil || len(vs) != 2 {
			t.Fatalf("Nguyễn's versions: %d %v", len(vs), err)
		}
		if vs[0].Kind != models.ChangeCorrection || !changed(vs[0], "passport_number", "B8823170", "B8823107") || vs[0].ChangedBy != "Claire Dubois" {
			t.Errorf("the passport correction: %+v", vs[0])
		}

		var ended []int64
		s.DB().Table("employments").Where("worker_id = ? AND ends_on IS NOT NULL", haile).Pluck("id", &ended)
		if len(ended) != 1 {
			t.Fatalf("Haile's ended employments: %v", ended)
		}
		vs, err = s.Records.Versions(ctx, sys, models.EntityEmployment, ended[0])
		if err != nil || len(vs) != 2 || vs[0].Action != "terms" || vs[1].Action != "end" || vs[1].EffectiveOn == nil || vs[1].Reason == "" {
			t.Errorf("the earlier employment's versions: %+v %v", vs, err)
		}
		vs, err = s.Records.Versions(ctx, sys, models.EntityEmployer, id("employers", "family_name", "Tesfaye"))
		if err != nil || len(vs) != 1 || !changed(vs[0], "title", "First Secretary", "Counsellor") {
			t.Errorf("Tesfaye's versions: %+v %v", vs, err)
		}

		periods, err := s.Records.EarlierService(ctx, sys, nguyen)
		if err != nil || len(periods) != 2 || !periods[0].Counts() || periods[1].Counts() || periods[1].WithdrawalReason == "" {
			t.Errorf("Nguyễn's earlier service: %+v %v", periods, err)
		}
		periods, err = s.Records.EarlierService(ctx, sys, santos)
		if err != nil || len(periods) != 1 || periods[0].RecordedBy != "Claire Dubois" {
			t.Fatalf("Santos's earlier service: %+v %v", periods, err)
		}
		// The cap counts her years before Carddesk with her card's.
		days, _, err := s.Records.ServiceDays(ctx, sys, santos)
		if earlier := models.TotalDays([]models.Period{periods[0].Period()}); err != nil || days <= earlier+300 {
			t.Errorf("Santos's service: %d days (%d of them before Carddesk), %v", days, earlier, err)
		}
	})
}

// changed reports whether v changed field from old to new.
func changed(v models.RecordVersion, field, old, new string) bool {
	for _, c := range v.Changes {
		if c.Field == field && c.Old == old && c.New == new {
			return true
		}
	}
	return false
}

// TestDemoCardLayoutPrints: the demo's issued card has its worker's photo,
// so a newcomer signed in as the demo clerk prints the card's layout.
func TestDemoCardLayoutPrints(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, s); err != nil {
			t.Fatal(err)
		}
		var cards []int64
		if err := s.DB().Table("cards").Pluck("id", &cards).Error; err != nil || len(cards) != 1 {
			t.Fatalf("demo cards: %v %v", cards, err)
		}
		var photos int64
		s.DB().Table("documents").Where("kind = ?", models.DocWorkerPhoto).Count(&photos)
		if photos != 1 {
			t.Errorf("%d demo photos, want 1", photos)
		}
		a, err := app.New(app.Config{}, s)
		if err != nil {
			t.Fatal(err)
		}
		clerk := demo.Logins()[0]
		sess, err := s.Auth.Login(ctx, store.LoginRequest{Email: clerk.Email, Password: clerk.Password})
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/cards/%d/layout.pdf", cards[0]), nil)
		req.AddCookie(&http.Cookie{Name: "carddesk_session", Value: sess.Token})
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) {
			t.Fatalf("layout of the demo card: %d %s %.200q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
		}
		if !bytes.Contains(rec.Body.Bytes(), []byte("/Image")) {
			t.Error("the layout carries no image: the photo is not printed")
		}
	})
}
