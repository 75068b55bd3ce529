package models

import (
	"strings"
	"testing"
)

func TestEarlierServiceValidate(t *testing.T) {
	today := lcDay(2026, 3, 2)
	ok := EarlierService{WorkerID: 1, StartsOn: lcDay(2015, 9, 1), EndsOn: lcDay(2019, 8, 31), Source: "Protocol register 2015, card S-004512"}
	tests := []struct {
		name   string
		mutate func(*EarlierService)
		want   []string
	}{
		{"ok", func(*EarlierService) {}, nil},
		{"one day", func(e *EarlierService) { e.EndsOn = e.StartsOn }, nil},
		{"ends yesterday", func(e *EarlierService) { e.EndsOn = lcDay(2026, 3, 1) }, nil},
		{"ends today", func(e *EarlierService) { e.EndsOn = today }, []string{"ends_on:not_past"}},
		{"ends before it starts", func(e *EarlierService) { e.EndsOn = lcDay(2015, 8, 31) }, []string{"ends_on:before_start"}},
		{"no source", func(e *EarlierService) { e.Source = "  " }, []string{"source:required"}},
		{"long source", func(e *EarlierService) { e.Source = strings.Repeat("x", MaxServiceSource+1) }, []string{"source:too_long"}},
		{"empty", func(e *EarlierService) { *e = EarlierService{} }, []string{"ends_on:required", "source:required", "starts_on:required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ok
			tt.mutate(&e)
			e.Normalize()
			if got := lcFieldCodes(t, e.Validate(today)); !lcSameStrings(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestEarlierServiceCountsTowardsTheCap: eight years before Carddesk and two
// card years reach the 10-year cap; a withdrawn period no longer counts; an
// earlier period overlapping a card counts each day once.
func TestEarlierServiceCountsTowardsTheCap(t *testing.T) {
	s := DefaultSettings()
	earlier := EarlierService{StartsOn: lcDay(2014, 3, 1), EndsOn: lcDay(2022, 2, 28), Source: "register"}
	cards := []Period{{lcDay(2022, 3, 1), lcDay(2023, 2, 28)}, {lcDay(2023, 3, 1), lcDay(2024, 2, 29)}}
	all := append([]Period{earlier.Period()}, cards...)
	if got := TotalDays(all); got < s.MaxCumulativeDays() {
		t.Errorf("%d days, want the cap (%d) reached", got, s.MaxCumulativeDays())
	}
	if got := TotalDays(cards); got >= s.MaxCumulativeDays() {
		t.Errorf("cards alone reach the cap: %d", got)
	}
	overlap := EarlierService{StartsOn: lcDay(2022, 6, 1), EndsOn: lcDay(2022, 12, 31), Source: "register"}
	if TotalDays(append([]Period{overlap.Period()}, cards...)) != TotalDays(cards) {
		t.Error("an overlapping period counted twice")
	}
	if err := WithdrawEarlierService(earlier, "recorded for the wrong worker"); err != nil {
		t.Fatal(err)
	}
	now := lcDay(2026, 3, 2)
	earlier.WithdrawnAt = &now
	if earlier.Counts() || ErrorCode(WithdrawEarlierService(earlier, "again")) != CodeServiceWithdrawn {
		t.Error("a withdrawn period still counts or withdraws twice")
	}
	if lcFieldCodes(t, WithdrawEarlierService(EarlierService{}, ""))[0] != "reason:required" {
		t.Error("a withdrawal without a reason")
	}
	// The card issued after eight earlier years stops at the cap.
	end, ok := CapEndsOn([]Period{earlier.Period()}, lcDay(2022, 3, 1), s.MaxCumulativeDays())
	if !ok || !end.Before(lcDay(2024, 3, 1)) || end.Before(lcDay(2024, 2, 1)) {
		t.Errorf("cap ends on %v, %v", end, ok)
	}
}
