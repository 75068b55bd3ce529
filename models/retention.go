package models

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Retention (issue 12): a worker's personal data is kept for a set time
// after the last card ended (or, for a worker who never held one, after the
// last application was refused, rejected, closed or withdrawn), then
// anonymised: names, passport and card numbers, contacts and documents'
// bytes are erased; the statistical facts (year, nationality, sex, age band,
// outcome, indicators) stay, so earlier years' figures do not change. A
// legal hold stops the clock.

// LegalHoldKind is why a record must be kept past its retention period.
type LegalHoldKind string

// Legal hold kinds.
const (
	HoldForReferral      LegalHoldKind = "referral"       // the case is in a partner's hands
	HoldForPoliceRequest LegalHoldKind = "police_request" // a police request for the record
	HoldForCourtRequest  LegalHoldKind = "court_request"  // a judicial request or proceedings
)

// LegalHoldKinds lists every kind in the order forms show them.
var LegalHoldKinds = []LegalHoldKind{HoldForReferral, HoldForPoliceRequest, HoldForCourtRequest}

// Valid reports whether k is a known kind.
func (k LegalHoldKind) Valid() bool {
	return k == HoldForReferral || k == HoldForPoliceRequest || k == HoldForCourtRequest
}

// LegalHold keeps one worker's record from anonymisation until lifted.
type LegalHold struct {
	ID         int64
	WorkerID   int64
	Kind       LegalHoldKind
	Reason     string
	PlacedByID int64
	PlacedAt   time.Time
	LiftedAt   *time.Time
	LiftedByID *int64
	LiftReason string
}

// Active reports whether the hold still stops the clock.
func (h LegalHold) Active() bool { return h.LiftedAt == nil }

// ValidateLegalHold checks a new hold's kind and reason.
func ValidateLegalHold(kind LegalHoldKind, reason string) error {
	var v Validation
	if !kind.Valid() {
		v.Add("kind", "invalid_kind", "Choose a referral, a police request or a court request.")
	}
	validateHoldReason(&v, reason)
	return v.Err()
}

// ValidateHoldLift checks the reason a hold is lifted.
func ValidateHoldLift(h LegalHold, reason string) error {
	if !h.Active() {
		return Fail(KindConflict, "hold_lifted", "This legal hold is already lifted.")
	}
	var v Validation
	validateHoldReason(&v, reason)
	return v.Err()
}

func validateHoldReason(v *Validation, reason string) {
	switch r := strings.TrimSpace(reason); {
	case r == "":
		v.Add("reason", "required", "Give the reason.")
	case utf8.RuneCountInString(r) > 500:
		v.Add("reason", "too_long", "Use at most 500 characters.")
	}
}

// RetentionFacts is what the retention rule needs to know of one worker.
type RetentionFacts struct {
	// LastCardEnded is when the worker's last card ended: its expiry, or
	// the day it was returned, cancelled or reported lost if earlier. Nil
	// when the worker never held a card.
	LastCardEnded *time.Time
	// CardInUse: a card that has not ended (ready or collected, not
	// expired): never due.
	CardInUse bool
	// LastClosed is when the last application was refused, rejected,
	// closed as referred or withdrawn; nil if none.
	LastClosed *time.Time
	// OpenApplication: an application still under way: never due.
	OpenApplication bool
	// Held: an active legal hold.
	Held bool
}

// RetentionDue returns the day the worker's personal data falls due for
// anonymisation, and whether a date applies at all (a card in use or an
// application under way keeps the record). A legal hold does not move the
// date: it stops the job (see Anonymisable).
func RetentionDue(f RetentionFacts, s OversightSettings) (time.Time, bool) {
	if f.CardInUse || f.OpenApplication {
		return time.Time{}, false
	}
	if f.LastCardEnded != nil {
		return f.LastCardEnded.AddDate(0, s.RetentionMonthsAfterLastCard, 0), true
	}
	if f.LastClosed != nil {
		return f.LastClosed.AddDate(0, s.RetentionMonthsAfterRefusal, 0), true
	}
	return time.Time{}, false
}

// Anonymisable reports whether the housekeeping job anonymises the worker
// today.
func Anonymisable(f RetentionFacts, s OversightSettings, today time.Time) bool {
	due, ok := RetentionDue(f, s)
	return ok && !f.Held && !due.After(today)
}

// Anonymised values: what an erased field holds afterwards. They keep the
// columns' constraints (a name is not empty, the duplicate keys unique).
const (
	AnonymisedName = "(anonymised)"
	// ErasedText replaces a free text erased by the anonymisation (a note's
	// words, a reason, a contact, an address): the columns that require a
	// text keep one, and the database accepts only this value (migration
	// 00024).
	ErasedText = "(erased)"
)

// EraseFromText replaces every occurrence of each secret in text (a card or
// passport number, a name) with ErasedText, longest first, so an audit
// summary keeps what was done and loses whom it named.
func EraseFromText(text string, secrets []string) string {
	s := slices.Clone(secrets)
	slices.SortStableFunc(s, func(a, b string) int { return len(b) - len(a) })
	for _, v := range s {
		if v != "" {
			text = strings.ReplaceAll(text, v, ErasedText)
		}
	}
	return text
}

// AnonymisedDateOfBirth replaces a date of birth: the statistics keep each
// card's age at issue (card_facts) before it is erased.
var AnonymisedDateOfBirth = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
