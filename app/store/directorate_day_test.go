package store_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestDirectorateDayAfterMidnight: the rules' days are Brussels days. At
// 23:30 UTC on 1 December it is already 2 December in Brussels: a card
// issued then is issued on the 2nd (it runs to 1 December next year), a
// return dated the 2nd is not "in the future", and the 1st is before its
// issue. The instants stay UTC on disk, so SQLite's text comparisons
// stay chronological.
func TestDirectorateDayAfterMidnight(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		w.now = time.Date(2026, 12, 1, 20, 30, 0, 0, time.UTC)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		w.interviewed(t, id, true, models.OutcomeCleared)
		if w.now != time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC) {
			t.Fatalf("the clock is at %s, want 23:30 UTC", w.now)
		}
		card, err := s.Cards.Issue(ctx, w.clerk, id)
		must(t, err)
		if got, want := card.ExpiresOn, date(2027, 12, 1); !got.Equal(want) {
			t.Errorf("card issued at 00:30 in Brussels on 2 December expires on %s, want %s", got.Format(time.DateOnly), want.Format(time.DateOnly))
		}
		card, err = s.Cards.Collect(ctx, w.clerk, card.ID, models.Collection{IdentityDocumentKind: models.IDPassport,
			IdentityDocumentNumber: w.worker.PassportNumber, HandedToWorkerInPerson: true})
		must(t, err)

		end := func(on time.Time) error {
			_, _, err := s.Cards.End(ctx, w.clerk, card.ID, models.CardEnd{Event: models.CardEndReturned, Reason: models.EndOfPosting, On: on})
			return err
		}
		if code := fieldCode(end(date(2026, 12, 3)), "ended_on"); code != "in_future" {
			t.Errorf("a return dated 3 December: ended_on %q, want in_future", code)
		}
		if code := fieldCode(end(date(2026, 12, 1)), "ended_on"); code != "before_issue" {
			t.Errorf("a return dated 1 December, the day before the issue in Brussels: ended_on %q, want before_issue", code)
		}
		must(t, end(date(2026, 12, 2)))

		if s.Engine() != store.SQLite {
			return
		}
		var issuedAt, collectedAt string
		must(t, s.DB().Raw("SELECT issued_at || '', collected_at || '' FROM cards WHERE id = ?", card.ID).Row().Scan(&issuedAt, &collectedAt))
		for name, v := range map[string]string{"issued_at": issuedAt, "collected_at": collectedAt} {
			if !strings.HasPrefix(v, "2026-12-01 23:30:00") || !strings.HasSuffix(v, "+00:00") {
				t.Errorf("%s stored as %q, want 2026-12-01 23:30:00…+00:00", name, v)
			}
		}
	})
}

// TestEmbeddedTimesAreWrittenInUTC: whatever zone an instant carries, the
// embedded database gets it in UTC (store.EmbeddedDriver), so a comparison
// in SQL between a Brussels time and a UTC one is chronological.
func TestEmbeddedTimesAreWrittenInUTC(t *testing.T) {
	s, _ := openEmbedded(t)
	brussels, err := time.LoadLocation("Europe/Brussels")
	must(t, err)
	at := time.Date(2026, 12, 2, 0, 30, 0, 0, brussels) // 23:30 UTC the day before
	var text string
	var earlier bool
	must(t, s.DB().Raw("SELECT ? || '', ? < ?", at, at, time.Date(2026, 12, 1, 23, 45, 0, 0, time.UTC)).Row().Scan(&text, &earlier))
	if text != "2026-12-01 23:30:00+00:00" {
		t.Errorf("00:30 in Brussels written as %q, want 2026-12-01 23:30:00+00:00", text)
	}
	if !earlier {
		t.Error("00:30 in Brussels compared as later than 23:45 UTC the day before")
	}
	for _, v := range []any{&at, sql.NullTime{Time: at, Valid: true}} {
		must(t, s.DB().Raw("SELECT ? || ''", v).Row().Scan(&text))
		if text != "2026-12-01 23:30:00+00:00" {
			t.Errorf("%T written as %q, want UTC", v, text)
		}
	}
}
