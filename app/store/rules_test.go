package store_test

import (
	"context"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestFirstIssuanceNeedsContractAndIssueRechecksPay: a first issuance is not
// submitted without a contract; a scale published after submission that
// raises the minimum above the contract's pay stops the issue (no card, no
// number drawn, no event) until an amended contract is generated.
func TestFirstIssuanceNeedsContractAndIssueRechecksPay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		app, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, w.employment.ID, nil)
		must(t, err)
		for _, k := range models.RequiredDocuments(models.ApplicationFirstIssuance) {
			_, err := s.Applications.AttachDocument(ctx, w.clerk, app.ID, k, string(k)+".pdf", pdfBytes)
			must(t, err)
		}
		if err := s.Applications.Submit(ctx, w.clerk, app.ID); models.ErrorCode(err) != models.CodeContractRequired {
			t.Fatalf("first issuance without a contract: %v", err)
		}
		if v, _ := s.Applications.Get(ctx, w.clerk, app.ID); v.Status != models.ApplicationDraft {
			t.Fatalf("refused submission left %s", v.Status)
		}
		w.contracted(t, app.ID) // EUR 2150.00 against the seed's 2070.48
		must(t, s.Applications.Submit(ctx, w.clerk, app.ID))
		w.interviewed(t, app.ID, true, models.OutcomeCleared)

		w.publishIndexed(t, 5, calendarDay(w.now)) // 2070.48 + 5% = 2174.00
		events := countRows(t, s, "application_events", "application_id = ?", app.ID)
		if _, err := s.Cards.Issue(ctx, w.clerk, app.ID); models.ErrorCode(err) != models.CodeContractBelowMinimum {
			t.Fatalf("issue on a contract below the new minimum: %v", err)
		}
		if n := countRows(t, s, "cards", ""); n != 0 {
			t.Errorf("%d cards after the refusal", n)
		}
		if n := countRows(t, s, "application_events", "application_id = ?", app.ID); n != events {
			t.Errorf("refused issue appended %d events", n-events)
		}
		_, err = s.Contracts.Generate(ctx, w.clerk, app.ID, contractTerms(218000))
		must(t, err)
		if _, err := s.Cards.Issue(ctx, w.clerk, app.ID); err != nil {
			t.Fatalf("issue on the amended contract: %v", err)
		}
	})
}
