package models

import (
	"testing"
	"time"
)

func TestLoginThrottleAddressDelay(t *testing.T) {
	th := DefaultLoginThrottle
	ms := time.Millisecond
	for _, tt := range []struct {
		failures int
		want     time.Duration
	}{
		{0, 0}, {9, 0}, {10, 0},
		{11, 250 * ms}, {12, 500 * ms}, {13, time.Second}, {14, 2 * time.Second},
		{15, 4 * time.Second}, {16, 4 * time.Second}, {1000, 4 * time.Second}, {1 << 40, 4 * time.Second},
	} {
		if got := th.AddressDelay(tt.failures); got != tt.want {
			t.Errorf("AddressDelay(%d) = %v, want %v", tt.failures, got, tt.want)
		}
	}
	if d := (LoginThrottle{SlowAfter: 1, DelayStep: 300 * ms, DelayMax: 1000 * ms}).AddressDelay(5); d != time.Second {
		t.Errorf("a step that does not divide the ceiling: %v, want the ceiling", d)
	}
}

func TestLoginThrottleAccountWait(t *testing.T) {
	th := DefaultLoginThrottle
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	ago := func(mins ...int) []time.Time {
		var out []time.Time
		for _, m := range mins {
			out = append(out, now.Add(-time.Duration(m)*time.Minute))
		}
		return out
	}
	for _, tt := range []struct {
		name     string
		failures []time.Time
		want     time.Duration
	}{
		{"none", nil, 0},
		{"four", ago(1, 2, 3, 4), 0},
		{"five within the window", ago(1, 2, 3, 4, 5), 10 * time.Minute},
		{"six, the fifth counts", ago(1, 2, 3, 4, 6, 7), 9 * time.Minute},
		{"fifth just leaving", ago(1, 2, 3, 4, 15), 0},
	} {
		if got := th.AccountWait(tt.failures, now); got != tt.want {
			t.Errorf("%s: AccountWait = %v, want %v", tt.name, got, tt.want)
		}
	}
}
