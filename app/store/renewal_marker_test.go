package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// collectedCard takes application id from submitted to a collected card.
func (w *world) collectedCard(t *testing.T, id int64) *models.Card {
	t.Helper()
	ctx := context.Background()
	w.interviewed(t, id, true, models.OutcomeCleared)
	card, err := w.s.Cards.Issue(ctx, w.clerk, id)
	must(t, err)
	card, err = w.s.Cards.Collect(ctx, w.clerk, card.ID, models.Collection{IdentityDocumentKind: models.IDPassport,
		IdentityDocumentNumber: w.worker.PassportNumber, HandedToWorkerInPerson: true})
	must(t, err)
	return card
}

// openedWithDocuments opens an application of kind with every document it
// requires, a contract when it needs one, and submits it.
func (w *world) openedWithDocuments(t *testing.T, kind models.ApplicationKind, replaces int64) int64 {
	t.Helper()
	ctx := context.Background()
	app, err := w.s.Applications.Open(ctx, w.clerk, kind, w.employment.ID, &replaces)
	must(t, err)
	for _, k := range models.RequiredDocuments(kind) {
		_, err := w.s.Applications.AttachDocument(ctx, w.clerk, app.ID, k, string(k)+".pdf", pdfBytes)
		must(t, err)
	}
	if kind != models.ApplicationDuplicate {
		_, err = w.s.Contracts.Generate(ctx, w.clerk, app.ID, contractTerms(215000))
		must(t, err)
	}
	must(t, w.s.Applications.Submit(ctx, w.clerk, app.ID))
	return app.ID
}

// TestRenewalMarker: cards.has_renewal follows the card's renewals on every
// path (issue, renewal opened, withdrawn, rejected, issued; a duplicate; a
// return), and the renewals-due list, its pages and the queue's count read
// it.
func TestRenewalMarker(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		// marker reads the card's marker and whether the list holds it.
		marker := func(label string, cardID int64, wantMarker, wantDue bool) {
			t.Helper()
			var got bool
			must(t, s.DB().Raw("SELECT has_renewal FROM cards WHERE id = ?", cardID).Row().Scan(&got))
			if got != wantMarker {
				t.Errorf("%s: card %d has_renewal %v, want %v", label, cardID, got, wantMarker)
			}
			due, err := renewalsDue(ctx, s, w.clerk)
			must(t, err)
			listed := false
			for _, c := range due {
				listed = listed || c.ID == cardID
			}
			if listed != wantDue {
				t.Errorf("%s: card %d on the renewals due %v, want %v", label, cardID, listed, wantDue)
			}
		}

		first := w.collectedCard(t, w.submitted(t, models.ApplicationFirstIssuance, nil))
		marker("issued, far from expiry", first.ID, false, false)
		w.now = first.ExpiresOn.AddDate(0, 0, -20).Add(9 * time.Hour)
		marker("issued, expiring", first.ID, false, true)

		// A renewal opened takes the card off; withdrawn or rejected, it puts
		// it back.
		r1, err := s.Cards.OpenRenewal(ctx, w.clerk, first.ID)
		must(t, err)
		marker("renewal opened", first.ID, true, false)
		must(t, s.Applications.Close(ctx, w.clerk, r1.ID, models.ActionWithdraw, "the mission withdrew it"))
		marker("renewal withdrawn", first.ID, false, true)
		r2 := w.openedWithDocuments(t, models.ApplicationRenewal, first.ID)
		marker("second renewal submitted", first.ID, true, false)
		must(t, s.Applications.Close(ctx, w.clerk, r2, models.ActionReject, "incomplete file"))
		marker("renewal rejected", first.ID, false, true)

		// A renewal issued: the old card stays off, the new one starts
		// unmarked, not due yet.
		r3 := w.openedWithDocuments(t, models.ApplicationRenewal, first.ID)
		second := w.collectedCard(t, r3)
		marker("renewal issued: old card", first.ID, true, false)
		marker("renewal issued: new card", second.ID, false, false)

		// The new card lost: off the list; its duplicate is no renewal of
		// it, and the duplicate card is due near its expiry, as any card.
		_, err = s.Cards.ChangeStatus(ctx, w.clerk, second.ID, models.CardReportLost, "police report 2027/123")
		must(t, err)
		marker("reported lost", second.ID, false, false)
		dup := w.openedWithDocuments(t, models.ApplicationDuplicate, second.ID)
		marker("duplicate under way", second.ID, false, false)
		third := w.collectedCard(t, dup)
		marker("duplicate issued: lost card", second.ID, false, false)
		w.now = third.ExpiresOn.AddDate(0, 0, -10).Add(9 * time.Hour)
		marker("duplicate expiring", third.ID, false, true)

		// Returned: never due, whatever its marker.
		_, err = s.Cards.ChangeStatus(ctx, w.clerk, third.ID, models.CardReturn, "employment ended")
		must(t, err)
		marker("returned", third.ID, false, false)

		// Nobody else sets the marker: the database refuses a value that
		// disagrees with the card's renewals.
		if err := s.DB().Exec("UPDATE cards SET has_renewal = ? WHERE id = ?", true, third.ID).Error; err == nil {
			t.Error("has_renewal set by hand on a card with no renewal")
		}
		if err := s.DB().Exec("UPDATE cards SET has_renewal = ? WHERE id = ?", false, first.ID).Error; err == nil {
			t.Error("has_renewal cleared by hand on a renewed card")
		}
		marker("after refused writes", first.ID, true, false)
	})
}

// TestRenewalsDuePages: the list in pages of a given size, in order of
// expiry then id, each page going on after the last one's cursor, with the
// count of the whole list on each; the queue counts the same cards.
func TestRenewalsDuePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		var ids []int64
		for i, p := range []string{"P7000001", "P7000002", "P7000003"} {
			// Workers of the same employer, one day apart.
			wk := newWorker("Marker", string(rune('A'+i)), p)
			must(t, s.Workers.Create(ctx, w.clerk, &wk))
			w.worker = wk
			w.employment = models.Employment{WorkerID: wk.ID, EmployerID: w.employer.ID, StartsOn: date(2026, 2, 1),
				JobCategory: models.JobHousehold, WeeklyHours: 38, LiveIn: true}
			must(t, s.Employments.Create(ctx, w.clerk, &w.employment))
			ids = append(ids, w.collectedCard(t, w.submitted(t, models.ApplicationFirstIssuance, nil)).ID)
			w.now = w.now.Add(24 * time.Hour)
		}
		w.now = w.now.AddDate(1, 0, -20)
		var got []int64
		f := store.RenewalsFilter{Limit: 2}
		for range 3 {
			page, err := s.Cards.RenewalsDuePage(ctx, w.clerk, f)
			must(t, err)
			if page.Total != 3 {
				t.Errorf("total %d, want 3", page.Total)
			}
			for _, c := range page.Cards {
				got = append(got, c.ID)
			}
			if page.Next == nil {
				break
			}
			f.After = page.Next
		}
		if len(got) != 3 || got[0] != ids[0] || got[1] != ids[1] || got[2] != ids[2] {
			t.Errorf("pages %v, want %v", got, ids)
		}
		counts, err := s.Queues.Counts(ctx, w.clerk, time.UTC)
		must(t, err)
		found := false
		for _, q := range counts {
			if q.Queue == models.QueueRenewalsDue {
				found = true
				if q.Count != 3 {
					t.Errorf("queue count %d, want 3", q.Count)
				}
			}
		}
		if !found {
			t.Error("the clerk's counts have no renewals-due queue")
		}
		if _, err := s.Cards.RenewalsDuePage(ctx, models.Actor{}, store.RenewalsFilter{}); models.ErrorKind(err) != models.KindForbidden &&
			models.ErrorKind(err) != models.KindUnauthorized {
			t.Errorf("renewals due read without card.read: %v", err)
		}
	})
}

// renewalsDue walks every page of the renewals due (the setting's window),
// as a reader following the next cursors would.
func renewalsDue(ctx context.Context, s *store.Store, actor models.Actor) ([]store.CardView, error) {
	var all []store.CardView
	f := store.RenewalsFilter{Limit: 2}
	for {
		page, err := s.Cards.RenewalsDuePage(ctx, actor, f)
		if err != nil {
			return nil, err
		}
		all = append(all, page.Cards...)
		if page.Next == nil {
			return all, nil
		}
		f.After = page.Next
	}
}
