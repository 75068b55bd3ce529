package models

import (
	"slices"
	"testing"
)

// TestCardEndDayBounds: a return is never dated before the collection, a
// destruction of a cancelled card never before the cancellation (nor its
// issue); the day itself is allowed, and a refusal leaves the card as it was.
func TestCardEndDayBounds(t *testing.T) {
	today := lcDay(2026, 3, 10)
	issued, collected, cancelled := lcAt(2025, 6, 2, 10), lcAt(2025, 6, 20, 15), lcAt(2026, 3, 5, 11)
	for _, tt := range []struct {
		name   string
		card   Card
		end    CardEnd
		fields []string
	}{
		{"returned before its collection", Card{Status: CardCollected, CollectedAt: &collected},
			CardEnd{Event: CardEndReturned, Reason: EndOfPosting, On: lcDay(2025, 6, 19)}, []string{"ended_on:before_collection"}},
		{"returned on the day of its collection", Card{Status: CardCollected, CollectedAt: &collected},
			CardEnd{Event: CardEndReturned, Reason: EndOfPosting, On: lcDay(2025, 6, 20)}, nil},
		{"an expired card returned before its collection", Card{Status: CardExpired, CollectedAt: &collected},
			CardEnd{Event: CardEndReturned, Reason: EndOfEmployment, On: lcDay(2025, 6, 3)}, []string{"ended_on:before_collection"}},
		{"a lost card returned before its collection", Card{Status: CardReportedLost, CollectedAt: &collected},
			CardEnd{Event: CardEndReturned, Reason: EndLost, On: lcDay(2025, 6, 19)}, []string{"ended_on:before_collection"}},
		{"before the issue and the collection: the later bound", Card{Status: CardCollected, CollectedAt: &collected},
			CardEnd{Event: CardEndReturned, Reason: EndOfPosting, On: lcDay(2025, 6, 1)}, []string{"ended_on:before_collection"}},
		{"a cancelled card destroyed before its cancellation", Card{Status: CardCancelled, StatusChangedAt: &cancelled},
			CardEnd{Event: CardEndDestroyed, Reason: EndReplaced, On: lcDay(2026, 3, 4)}, []string{"ended_on:before_cancellation"}},
		{"a cancelled card destroyed on the day of its cancellation", Card{Status: CardCancelled, StatusChangedAt: &cancelled},
			CardEnd{Event: CardEndDestroyed, Reason: EndReplaced, On: lcDay(2026, 3, 5)}, nil},
		{"a cancelled card destroyed before its issue", Card{Status: CardCancelled},
			CardEnd{Event: CardEndDestroyed, Reason: EndReplaced, On: lcDay(2025, 6, 1)}, []string{"ended_on:before_issue"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.card
			c.ID, c.IssuedAt, c.ExpiresOn = 9, issued, lcDay(2026, 6, 1)
			before := c
			_, err := c.End(tt.end, nil, today)
			if tt.fields == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if codes := lcFieldCodes(t, err); !lcSameStrings(codes, tt.fields) {
				t.Fatalf("got %v, want %v", codes, tt.fields)
			}
			if c.Status != before.Status || c.StatusChangedAt != before.StatusChangedAt || c.StatusReason != before.StatusReason {
				t.Errorf("a refused end changed the card: %+v", c)
			}
		})
	}
}

// TestCardOpenEnds: what may be recorded in each status, given what is
// recorded, and that End agrees with it: every event OpenEnds offers is
// accepted (dated today), every other refused.
func TestCardOpenEnds(t *testing.T) {
	today := lcDay(2026, 3, 10)
	at := lcAt(2025, 6, 2, 10)
	returned := CardEnd{Event: CardEndReturned, Reason: EndOfPosting, On: lcDay(2026, 3, 1)}
	destroyed := CardEnd{Event: CardEndDestroyed, Reason: EndOfPosting, On: lcDay(2026, 3, 2)}
	for _, tt := range []struct {
		status  CardStatus
		earlier []CardEnd
		want    []CardEndEvent
	}{
		{CardReadyForCollection, nil, nil},
		{CardCollected, nil, []CardEndEvent{CardEndReturned}},
		{CardExpired, nil, []CardEndEvent{CardEndReturned}},
		{CardReportedLost, nil, []CardEndEvent{CardEndReturned}},
		{CardCancelled, nil, []CardEndEvent{CardEndDestroyed}},
		{CardCancelled, []CardEnd{destroyed}, nil},
		{CardReturned, []CardEnd{returned}, []CardEndEvent{CardEndDestroyed}},
		{CardReturned, []CardEnd{returned, destroyed}, nil},
	} {
		c := Card{ID: 9, IssuedAt: at, CollectedAt: &at, StatusChangedAt: &at, ExpiresOn: lcDay(2026, 6, 1), Status: tt.status}
		got := c.OpenEnds(tt.earlier)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s after %d end(s): open %v, want %v", tt.status, len(tt.earlier), got, tt.want)
		}
		for _, ev := range CardEndEvents {
			cc := c
			_, err := cc.End(CardEnd{Event: ev, Reason: EndOfPosting, On: today}, tt.earlier, today)
			if (err == nil) != slices.Contains(got, ev) {
				t.Errorf("%s after %d end(s): End(%s) = %v, but OpenEnds offers %v", tt.status, len(tt.earlier), ev, err, got)
			}
		}
	}
}

// TestCardProducible: a card is printed while issued and waiting or in the
// worker's hands, never once it is over.
func TestCardProducible(t *testing.T) {
	for _, st := range CardStatuses {
		want := st == CardReadyForCollection || st == CardCollected
		if got := (Card{Status: st}).Producible(); got != want {
			t.Errorf("%s: producible %v, want %v", st, got, want)
		}
	}
}
