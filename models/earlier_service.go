package models

import (
	"strings"
	"time"
)

// EarlierService is a period a worker served as a private servant before
// Carddesk recorded it (cards of the paper era, another country's register),
// with the source the clerk read it from. The cumulative cap counts it with
// the periods of the cards Carddesk issued; a period recorded by mistake is
// withdrawn with a reason, never deleted.
type EarlierService struct {
	ID       int64
	WorkerID int64
	StartsOn time.Time
	EndsOn   time.Time
	// Source says where the period comes from: "Protocol register 2014,
	// card S-123456", "note verbale of 3 May 2016".
	Source       string
	RecordedByID int64
	RecordedBy   string // the name, for display
	RecordedAt   time.Time
	// WithdrawnAt is set when the period was withdrawn as recorded by
	// mistake, with WithdrawalReason; it then no longer counts.
	WithdrawnAt      *time.Time
	WithdrawnBy      string
	WithdrawalReason string
}

// MaxServiceSource bounds the source of an earlier period, in characters.
const MaxServiceSource = 500

// Normalize trims the source and makes the ends calendar days.
func (e *EarlierService) Normalize() {
	e.Source = strings.TrimSpace(e.Source)
	if !e.StartsOn.IsZero() {
		e.StartsOn = CalendarDay(e.StartsOn)
	}
	if !e.EndsOn.IsZero() {
		e.EndsOn = CalendarDay(e.EndsOn)
	}
}

// Validate checks an earlier period on today: both ends, in order, in the
// past (service still running is a card, not an earlier period), and a
// source.
func (e EarlierService) Validate(today time.Time) error {
	var v Validation
	if e.StartsOn.IsZero() {
		v.Add("starts_on", "required", "Enter the first day of the period.")
	} else if e.StartsOn.Year() < 1960 {
		v.Add("starts_on", "out_of_range", "Check the first day of the period.")
	}
	switch {
	case e.EndsOn.IsZero():
		v.Add("ends_on", "required", "Enter the last day of the period.")
	case !e.StartsOn.IsZero() && e.EndsOn.Before(e.StartsOn):
		v.Add("ends_on", "before_start", "The end date cannot be before the start date.")
	case !e.EndsOn.Before(CalendarDay(today)):
		v.Add("ends_on", "not_past", "An earlier period ends before today; service still running is recorded by a card.")
	}
	switch n := len([]rune(e.Source)); {
	case n == 0:
		v.Add("source", "required", "Say where the period comes from (register, card number, note verbale).")
	case n > MaxServiceSource:
		v.Add("source", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": MaxServiceSource})
	case strings.ContainsFunc(e.Source, isControl):
		v.Add("source", "invalid_characters", "Remove control characters.")
	}
	return v.Err()
}

// Counts reports whether the period counts towards the cap.
func (e EarlierService) Counts() bool { return e.WithdrawnAt == nil }

// Period is the span the cap counts.
func (e EarlierService) Period() Period { return Period{From: e.StartsOn, To: e.EndsOn} }

// CodeServiceWithdrawn refuses withdrawing a period twice.
const CodeServiceWithdrawn = "service_withdrawn"

// WithdrawEarlierService withdraws a period recorded by mistake.
func WithdrawEarlierService(e EarlierService, reason string) error {
	var v Validation
	validateReason(&v, reason)
	if err := v.Err(); err != nil {
		return err
	}
	if !e.Counts() {
		return Fail(KindConflict, CodeServiceWithdrawn, "This period was withdrawn already.")
	}
	return nil
}
