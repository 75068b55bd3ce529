package demo_test

import (
	"context"
	"testing"

	"github.com/carddesk/carddesk/app/demo"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
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
