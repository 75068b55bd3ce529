package models

import "time"

// LoginThrottle is how failed sign-ins are answered. Two counts, over Window:
//
//   - per account (the address typed, whether it exists or not): past
//     MaxPerAccount failures, attempts for that account are refused, the
//     right password too, until the oldest of them leaves the window. A
//     guesser spread over many client addresses is stopped all the same.
//   - per client address: past SlowAfter failures, every attempt from that
//     address waits before its password is checked, DelayStep at first,
//     doubling with each further failure, never more than DelayMax. An
//     address is slowed, never refused: colleagues behind one office proxy
//     keep signing in while someone there mistypes, or guesses.
type LoginThrottle struct {
	Window        time.Duration
	MaxPerAccount int
	SlowAfter     int
	DelayStep     time.Duration
	DelayMax      time.Duration
}

// DefaultLoginThrottle: 5 failures per account in 15 minutes; from the 11th
// failure of one address, 250 ms, 500 ms, 1 s ... at most 4 s per attempt.
var DefaultLoginThrottle = LoginThrottle{Window: 15 * time.Minute, MaxPerAccount: 5,
	SlowAfter: 10, DelayStep: 250 * time.Millisecond, DelayMax: 4 * time.Second}

// AccountWait says how long attempts for one account are refused, given the
// times of its failures within the window, newest first (at most
// MaxPerAccount are needed); 0 means an attempt is accepted.
func (t LoginThrottle) AccountWait(failures []time.Time, now time.Time) time.Duration {
	if t.MaxPerAccount <= 0 || len(failures) < t.MaxPerAccount {
		return 0
	}
	// Allowed again once the oldest of the last MaxPerAccount failures
	// leaves the window.
	wait := failures[t.MaxPerAccount-1].Add(t.Window).Sub(now)
	return max(wait, 0)
}

// AddressDelay says how long an attempt from a client address waits before
// its password is checked, given that address's failures within the window.
func (t LoginThrottle) AddressDelay(failures int) time.Duration {
	over := failures - t.SlowAfter
	if over <= 0 || t.DelayStep <= 0 {
		return 0
	}
	d := t.DelayStep
	for i := 1; i < over && d < t.DelayMax; i++ {
		d *= 2
	}
	return min(d, t.DelayMax)
}
