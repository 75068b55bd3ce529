package models

import (
	"slices"
	"strings"
	"time"
)

// The end of a card (issue 13): at the end of the posting or the employment,
// at the cap, when it is replaced or turns up after a loss, the card comes
// back to the Directorate (returned), and the Directorate destroys the cards
// it holds (destroyed). Each is recorded once, with the day it happened, a
// reason from a fixed list and a note; the card's status says returned and
// stays so. A returned card no longer counts as in use: it cannot be renewed
// (ValidateReplacedCard; a trigger on both engines), its service toward the
// cumulative cap ends on the day it was handed back (ServicePeriod), and it
// leaves the renewals-due list.

// CardEndEvent is what happened to the card at its end.
type CardEndEvent string

// Card end events.
const (
	CardEndReturned  CardEndEvent = "returned"
	CardEndDestroyed CardEndEvent = "destroyed"
)

// CardEndEvents lists every event, in the order forms show them.
var CardEndEvents = []CardEndEvent{CardEndReturned, CardEndDestroyed}

// Valid reports whether e is a known event.
func (e CardEndEvent) Valid() bool { return slices.Contains(CardEndEvents, e) }

// CardEndReason is why the card's life ended.
type CardEndReason string

// Card end reasons.
const (
	EndOfPosting    CardEndReason = "end_of_posting"    // the employer's posting in Belgium ended
	EndOfEmployment CardEndReason = "end_of_employment" // the worker left this employer
	EndCapReached   CardEndReason = "cap_reached"       // the cumulative cap as a private servant
	EndLost         CardEndReason = "lost"              // reported lost, then found or written off
	EndReplaced     CardEndReason = "replaced"          // a renewal or duplicate took its place
	EndOther        CardEndReason = "other"             // said in the note
)

// CardEndReasons lists every reason, in the order forms show them.
var CardEndReasons = []CardEndReason{EndOfPosting, EndOfEmployment, EndCapReached, EndLost, EndReplaced, EndOther}

// Valid reports whether r is a known reason.
func (r CardEndReason) Valid() bool { return slices.Contains(CardEndReasons, r) }

// Label is the reason in words, for messages and the card's status line.
func (r CardEndReason) Label() string { return strings.ReplaceAll(string(r), "_", " ") }

// MaxCardEndNote bounds the note of a card's end.
const MaxCardEndNote = 2000

// CardEnd is the record of a card's return or destruction.
type CardEnd struct {
	ID     int64
	CardID int64
	Event  CardEndEvent
	Reason CardEndReason
	Note   string
	// On is the day it happened, which may be before the day it is
	// recorded (a card posted back by the mission).
	On           time.Time
	RecordedByID int64
	RecordedAt   time.Time
}

// Card end error codes.
const (
	CodeCardEndRecorded = "card_end_recorded" // this event is already recorded for the card
	CodeCardNotHeld     = "card_not_held"     // destroying a card the Directorate does not hold
)

// Held reports whether the Directorate holds the card: it came back
// (returned) or never left (cancelled), so it may be destroyed.
func (c Card) Held() bool { return c.Status == CardReturned || c.Status == CardCancelled }

// OpenEnds lists the events that may be recorded on c now, given the ends
// already recorded for it, in the order forms show them: the one answer the
// card's page and End share (End adds the checks of the day and the note).
func (c Card) OpenEnds(earlier []CardEnd) []CardEndEvent {
	var out []CardEndEvent
	for _, ev := range CardEndEvents {
		if c.endRefusal(ev, earlier) == nil {
			out = append(out, ev)
		}
	}
	return out
}

// endRefusal says why event ev cannot be recorded on c now, whatever its
// day: it is already recorded, a return the card's status does not allow
// (ApplyCard), or a destruction of a card the Directorate does not hold.
func (c Card) endRefusal(ev CardEndEvent, earlier []CardEnd) error {
	for _, x := range earlier {
		if x.Event == ev {
			return Fail(KindConflict, CodeCardEndRecorded, "The card's {{.event}} is already recorded, on {{.on}}.").
				With("event", string(ev)).With("on", CalendarDay(x.On).Format(time.DateOnly))
		}
	}
	switch ev {
	case CardEndReturned:
		_, err := ApplyCard(c.Status, CardReturn)
		return err
	case CardEndDestroyed:
		if !c.Held() {
			return Fail(KindConflict, CodeCardNotHeld,
				"The card is {{.status_label}}: only a card the Directorate holds (returned, or cancelled before collection) is destroyed. Record its return first.").
				With("status_label", c.Status.Label())
		}
	}
	return nil
}

// endNotBefore is the first day event ev may be dated on card c, given the
// day it came back (nil if not recorded), and the field error code and
// message of a day before it: never before the issue, a return never before
// the collection, a destruction never before the return nor, for a
// cancelled card, before the cancellation. The database backs each bound
// (migrations 00025 and 00036). The days of the issue, the collection and
// the cancellation are those instants' days in loc, the Directorate's zone.
func (c Card) endNotBefore(ev CardEndEvent, returnedOn *time.Time, loc *time.Location) (time.Time, string, string, map[string]any) {
	first, code := CalendarDay(c.IssuedAt.In(loc)), "before_issue"
	msg, arg := "The card was issued on {{.issued_on}}: it cannot have ended before.", "issued_on"
	later := func(d time.Time, cd, m, a string) {
		if d = CalendarDay(d.In(loc)); d.After(first) {
			first, code, msg, arg = d, cd, m, a
		}
	}
	switch {
	case ev == CardEndReturned && c.CollectedAt != nil:
		later(*c.CollectedAt, "before_collection", "The card was collected on {{.collected_on}}: it cannot have come back before.", "collected_on")
	case ev == CardEndDestroyed && returnedOn != nil:
		later(*returnedOn, "before_return", "The card came back on {{.returned_on}}: it cannot have been destroyed before.", "returned_on")
	case ev == CardEndDestroyed && c.Status == CardCancelled && c.StatusChangedAt != nil:
		later(*c.StatusChangedAt, "before_cancellation", "The card was cancelled on {{.cancelled_on}}: it cannot have been destroyed before.", "cancelled_on")
	}
	return first, code, msg, map[string]any{arg: first.Format(time.DateOnly)}
}

// End records e on card c, given the ends already recorded for it, now
// being today (an instant in the Directorate's zone: its days are that
// zone's).
// A return applies the card's return (ApplyCard) and dates it e.On, never
// before the collection; a destruction needs the card back first (returned,
// or cancelled before it was ever collected) and cannot precede the return
// or the cancellation (endNotBefore). Every field error is reported at once.
func (c *Card) End(e CardEnd, earlier []CardEnd, today time.Time) (CardEnd, error) {
	e.CardID = c.ID
	e.Note = strings.TrimSpace(e.Note)
	var v Validation
	if !e.Event.Valid() {
		v.Add("event", "invalid_choice", "Choose whether the card was returned or destroyed.")
	}
	if !e.Reason.Valid() {
		v.Add("end_reason", "invalid_choice", "Choose why the card's life ended.")
	}
	if e.Reason == EndOther && e.Note == "" {
		v.Add("note", "required", "Say what happened; it is kept with the card.")
	}
	if len([]rune(e.Note)) > MaxCardEndNote {
		v.Add("note", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": MaxCardEndNote})
	}
	var returnedOn *time.Time
	for _, x := range earlier {
		if x.Event == CardEndReturned {
			d := CalendarDay(x.On)
			returnedOn = &d
		}
	}
	switch {
	case e.On.IsZero():
		v.Add("ended_on", "required", "Enter the day it happened.")
	case CalendarDay(e.On).After(CalendarDay(today)):
		v.Add("ended_on", "in_future", "The day cannot be in the future.")
	default:
		if first, code, msg, args := c.endNotBefore(e.Event, returnedOn, today.Location()); CalendarDay(e.On).Before(first) {
			v.Add("ended_on", code, msg, args)
		}
	}
	if err := v.Err(); err != nil {
		return e, err
	}
	if err := c.endRefusal(e.Event, earlier); err != nil {
		return e, err
	}
	on := CalendarDay(e.On)
	e.On = on
	if e.Event == CardEndReturned {
		next, _ := ApplyCard(c.Status, CardReturn) // endRefusal allowed it
		c.Status, c.StatusChangedAt, c.UpdatedAt = next, &on, today
		c.StatusReason = strings.TrimSuffix(e.Reason.Label()+": "+e.Note, ": ")
	}
	return e, nil
}
