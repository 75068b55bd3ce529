package models

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CardType is the letter of the special identity card this product issues
// (Royal Decree of 30 October 1991, art. 4: S for private servants).
const CardType = "S"

// MaxCardSequence is the largest sequence a card number can carry (9 digits).
const MaxCardSequence = 999_999_999

// CodeCardNumberInvalid: a card number fails its format or check digits.
const CodeCardNumberInvalid = "card_number_invalid"

// FormatCardNumber returns the card number for sequence seq: "S", the
// sequence as 9 digits, and 2 check digits (ISO 7064 MOD 97-10 over the whole,
// the letter counting as 28 as in IBANs). The check digits catch every single
// wrong digit and every swap of two neighbours, so a mistyped number in a
// search or at the counter finds nothing rather than someone else's card.
// The sequence comes from one database sequence shared by every instance,
// which is what makes a number unique for life; it is never reused.
func FormatCardNumber(seq int64) (string, error) {
	if seq < 1 || seq > MaxCardSequence {
		return "", fmt.Errorf("card sequence %d out of range 1..%d", seq, MaxCardSequence)
	}
	body := fmt.Sprintf("%s%09d", CardType, seq)
	return fmt.Sprintf("%s%02d", body, 98-mod97(body+"00")), nil
}

// NormalizeCardNumber upper-cases a card number and drops spaces and
// separators, as typed at the counter.
func NormalizeCardNumber(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r == ' ' || r == '-' || r == '.' || r == '/' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ValidateCardNumber checks a (normalised) card number and returns its
// sequence.
func ValidateCardNumber(number string) (int64, error) {
	bad := Fail(KindInvalid, CodeCardNumberInvalid,
		"This is not a valid card number: it is S followed by 11 digits; check it for a typing error.")
	if len(number) != 12 || !strings.HasPrefix(number, CardType) || strings.ContainsFunc(number[1:], func(r rune) bool { return r < '0' || r > '9' }) {
		return 0, bad
	}
	if mod97(number) != 1 {
		return 0, bad
	}
	seq, _ := strconv.ParseInt(number[1:10], 10, 64)
	if seq < 1 {
		return 0, bad
	}
	return seq, nil
}

// CardStatus is where a card stands in its life.
type CardStatus string

// Card statuses.
const (
	CardReadyForCollection CardStatus = "ready_for_collection"
	CardCollected          CardStatus = "collected"
	CardExpired            CardStatus = "expired"
	CardReturned           CardStatus = "returned"
	CardCancelled          CardStatus = "cancelled"
	CardReportedLost       CardStatus = "reported_lost"
)

// CardStatuses lists every status.
var CardStatuses = []CardStatus{
	CardReadyForCollection, CardCollected, CardExpired, CardReturned, CardCancelled, CardReportedLost,
}

// Valid reports whether s is a known status.
func (s CardStatus) Valid() bool { return slices.Contains(CardStatuses, s) }

// Label is the status in words, for messages.
func (s CardStatus) Label() string { return strings.ReplaceAll(string(s), "_", " ") }

// CardAction is something that happens to a card.
type CardAction string

// Card actions.
const (
	CardCollect    CardAction = "collect"     // the worker collects it in person
	CardExpire     CardAction = "expire"      // its validity ran out
	CardReturn     CardAction = "return"      // handed back (end of employment, cap, found after loss)
	CardCancel     CardAction = "cancel"      // withdrawn by the directorate without being handed back
	CardReportLost CardAction = "report_lost" // lost or stolen, on a police report
)

// CardActions lists every card action.
var CardActions = []CardAction{CardCollect, CardExpire, CardReturn, CardCancel, CardReportLost}

// Label is the action in words, for messages.
func (a CardAction) Label() string { return strings.ReplaceAll(string(a), "_", " ") }

// cardTransitions is the one table of what may happen to a card in each
// status. A card not yet collected cannot be reported lost (it never left the
// directorate: cancel it); a lost card that turns up is returned.
var cardTransitions = map[CardStatus]map[CardAction]CardStatus{
	CardReadyForCollection: {
		CardCollect: CardCollected,
		CardExpire:  CardExpired,
		CardCancel:  CardCancelled,
	},
	CardCollected: {
		CardExpire:     CardExpired,
		CardReturn:     CardReturned,
		CardCancel:     CardCancelled,
		CardReportLost: CardReportedLost,
	},
	CardExpired:      {CardReturn: CardReturned},
	CardReportedLost: {CardReturn: CardReturned},
	CardReturned:     {},
	CardCancelled:    {},
}

// ApplyCard returns the status action leads to from status, or an
// action_not_allowed conflict.
func ApplyCard(status CardStatus, action CardAction) (CardStatus, error) {
	next, ok := cardTransitions[status][action]
	if !ok {
		return status, &Error{Kind: KindConflict, Code: CodeActionNotAllowed,
			Message: "The card is {{.status_label}}: \"{{.action_label}}\" is not possible now.",
			Args: map[string]any{
				"status": string(status), "action": string(action),
				"status_label": status.Label(), "action_label": action.Label(),
			}}
	}
	return next, nil
}

// Card is a type S special identity card.
type Card struct {
	ID int64
	// Number is FormatCardNumber(Sequence); both are unique.
	Number   string
	Sequence int64
	// ApplicationID is unique: one card per application.
	ApplicationID int64
	// InterviewID is the interview that passed the issue gate; the database
	// requires it to be a completed interview of ApplicationID.
	InterviewID    int64
	WorkerID       int64
	EmployerID     int64
	ReplacesCardID *int64
	IssuedAt       time.Time
	IssuedByID     int64
	// ExpiresOn is the last day of validity.
	ExpiresOn time.Time
	Status    CardStatus
	// Collection: when, by which clerk, on which identity document, and the
	// clerk's attestation that the worker collected it in person.
	CollectedAt               *time.Time
	CollectedByClerkID        *int64
	IdentityDocumentKind      IdentityDocumentKind
	IdentityDocumentNumber    string
	CollectedByWorkerInPerson bool
	// StatusChangedAt and StatusReason describe the last change after
	// issue (expiry, return, cancellation, loss).
	StatusChangedAt *time.Time
	StatusReason    string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	// HasRenewal is HasRenewal(ID, its applications), kept by the database
	// as the card's renewals are opened, withdrawn or rejected (migration
	// 00026): the renewals-due list reads it from an index.
	HasRenewal bool
}

// NewCard builds the card for app, issued at issuedAt by issuerID on the
// strength of interview iv (as returned by IssueGateInterview), with sequence
// seq and the expiry CardExpiry computed.
func NewCard(app Application, iv Interview, seq, issuerID int64, issuedAt, expiresOn time.Time) (Card, error) {
	number, err := FormatCardNumber(seq)
	if err != nil {
		return Card{}, err
	}
	if iv.ApplicationID != app.ID || !iv.Completed() {
		return Card{}, fmt.Errorf("card for application %d: interview %d is not a completed interview of it", app.ID, iv.ID)
	}
	return Card{
		Number: number, Sequence: seq, ApplicationID: app.ID, InterviewID: iv.ID,
		WorkerID: app.WorkerID, EmployerID: app.EmployerID, ReplacesCardID: app.ReplacesCardID,
		IssuedAt: issuedAt, IssuedByID: issuerID, ExpiresOn: CalendarDay(expiresOn),
		Status: CardReadyForCollection, CreatedAt: issuedAt, UpdatedAt: issuedAt,
	}, nil
}

// CardValidityInput is what decides a new card's expiry.
type CardValidityInput struct {
	Kind     ApplicationKind
	IssuedOn time.Time
	// ReplacedExpiresOn is the replaced card's expiry; a duplicate keeps it.
	ReplacedExpiresOn *time.Time
	PostingEndsOn     *time.Time
	EmploymentEndsOn  *time.Time
	// CapEndsOn is the last day within the cumulative cap (CapEndsOn), nil
	// when an admin exception applies.
	CapEndsOn *time.Time
}

// CodeNoValidity: the card would expire before it is issued.
const CodeNoValidity = "no_validity"

// CardExpiry returns the last day of validity of a new card: one year from
// issue (the day before the anniversary), a duplicate the replaced card's
// expiry; and never past the end of the employer's posting, the end of the
// employment, or the day the worker reaches the cumulative cap.
func CardExpiry(in CardValidityInput) (time.Time, error) {
	issued := CalendarDay(in.IssuedOn)
	expires := issued.AddDate(1, 0, -1)
	if in.Kind == ApplicationDuplicate {
		if in.ReplacedExpiresOn == nil {
			return time.Time{}, fmt.Errorf("duplicate card: the replaced card's expiry is required")
		}
		expires = CalendarDay(*in.ReplacedExpiresOn)
	}
	for _, limit := range []*time.Time{in.PostingEndsOn, in.EmploymentEndsOn, in.CapEndsOn} {
		if limit != nil && CalendarDay(*limit).Before(expires) {
			expires = CalendarDay(*limit)
		}
	}
	if expires.Before(issued) {
		return time.Time{}, Fail(KindConflict, CodeNoValidity,
			"The card would expire before it is issued: the posting or the employment has ended, or the replaced card has expired.")
	}
	return expires, nil
}

// IdentityDocumentKind is the document the clerk checks at collection.
type IdentityDocumentKind string

// Identity documents accepted at collection.
const (
	IDPassport       IdentityDocumentKind = "passport"
	IDNationalIDCard IdentityDocumentKind = "national_id_card"
	IDTravelDocument IdentityDocumentKind = "travel_document"
)

// IdentityDocumentKinds lists every kind.
var IdentityDocumentKinds = []IdentityDocumentKind{IDPassport, IDNationalIDCard, IDTravelDocument}

// Valid reports whether k is a known kind.
func (k IdentityDocumentKind) Valid() bool { return slices.Contains(IdentityDocumentKinds, k) }

// Collection is the record of handing the card over.
type Collection struct {
	ClerkID                int64
	At                     time.Time
	IdentityDocumentKind   IdentityDocumentKind
	IdentityDocumentNumber string
	// HandedToWorkerInPerson is the clerk's attestation that the card went
	// into the worker's own hands. The employer never collects it: the
	// collection is the one moment the state reliably sees the worker.
	HandedToWorkerInPerson bool
}

// Collection error codes.
const (
	CodeCollectionNotInPerson    = "collection_not_in_person"
	CodeIdentityDocumentMismatch = "identity_document_mismatch"
	CodeCardExpired              = "card_expired"
)

// Collect records the in-person collection of the card by worker w.
func (c *Card) Collect(w Worker, r Collection) error {
	next, err := ApplyCard(c.Status, CardCollect)
	if err != nil {
		return err
	}
	if !r.At.IsZero() && CalendarDay(r.At).After(c.ExpiresOn) {
		return &Error{Kind: KindConflict, Code: CodeCardExpired,
			Message: "The card expired on {{.expires_on}}; it can no longer be collected.",
			Args:    map[string]any{"expires_on": c.ExpiresOn.Format(time.DateOnly)}}
	}
	var v Validation
	if r.ClerkID <= 0 {
		v.Add("clerk_id", "required", "The collection must name the clerk.")
	}
	if r.At.IsZero() {
		v.Add("at", "required", "Enter when the card was collected.")
	} else if r.At.Before(c.IssuedAt) {
		v.Add("at", "before_issue", "The card cannot be collected before it was issued.")
	}
	number := NormalizePassportNumber(r.IdentityDocumentNumber)
	switch {
	case !r.IdentityDocumentKind.Valid():
		v.Add("identity_document_kind", "invalid_choice", "Choose the identity document you checked.")
	case number == "":
		v.Add("identity_document_number", "required", "Enter the number of the identity document you checked.")
	case w.ID != c.WorkerID || (r.IdentityDocumentKind == IDPassport && number != w.PassportNumber):
		v.Add("identity_document_number", CodeIdentityDocumentMismatch,
			"This passport is not the one recorded for the card's worker: hand the card only to the worker, after checking the passport.")
	}
	if !r.HandedToWorkerInPerson {
		v.Add("handed_to_worker_in_person", CodeCollectionNotInPerson,
			"The card is handed only to the worker in person, never to the employer or anyone from the mission.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	at, clerk := r.At, r.ClerkID
	c.Status, c.CollectedAt, c.CollectedByClerkID = next, &at, &clerk
	c.IdentityDocumentKind, c.IdentityDocumentNumber = r.IdentityDocumentKind, number
	c.CollectedByWorkerInPerson = true
	c.UpdatedAt = at
	return nil
}

// Transition applies a card action other than collection (which needs
// Collect) at at, for reason.
func (c *Card) Transition(action CardAction, at time.Time, reason string) error {
	if action == CardCollect {
		return fmt.Errorf("card %d: collection must go through Collect", c.ID)
	}
	next, err := ApplyCard(c.Status, action)
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" && action != CardExpire {
		var v Validation
		v.Add("reason", "required", "Say why; it is kept with the card.")
		return v.Err()
	}
	c.Status, c.StatusChangedAt, c.StatusReason, c.UpdatedAt = next, &at, reason, at
	return nil
}

// ShouldExpire reports whether the card's validity has run out on today while
// its status still says otherwise; a daily job applies CardExpire to it.
func (c Card) ShouldExpire(today time.Time) bool {
	return (c.Status == CardReadyForCollection || c.Status == CardCollected) && CalendarDay(today).After(c.ExpiresOn)
}

// Producible reports whether the card is printed (its layout, the
// producer's export): issued and waiting, or in the worker's hands (a
// reprint of a damaged card); never once it is over or lost.
func (c Card) Producible() bool {
	return c.Status == CardReadyForCollection || c.Status == CardCollected
}

// ServicePeriod is the time this card counts toward the cumulative cap: from
// issue to expiry, or to the day it was returned or cancelled if earlier. A
// card never collected never served and does not count. The days of the
// issue and of the return are those instants' days in loc, the
// Directorate's zone.
func (c Card) ServicePeriod(loc *time.Location) (Period, bool) {
	if c.CollectedAt == nil {
		return Period{}, false
	}
	to := c.ExpiresOn
	if (c.Status == CardReturned || c.Status == CardCancelled) && c.StatusChangedAt != nil {
		if d := CalendarDay(c.StatusChangedAt.In(loc)); d.Before(to) {
			to = d
		}
	}
	return Period{From: CalendarDay(c.IssuedAt.In(loc)), To: to}, true
}

// RenewalDueReason says why a card is on the renewals-due list.
type RenewalDueReason string

// Renewal-due reasons.
const (
	RenewalExpiring RenewalDueReason = "expiring" // expires within the window
	RenewalExpired  RenewalDueReason = "expired"  // expired, and no renewal was opened
)

// RenewalDue reports whether card c belongs on the renewals-due list on today:
// a card in the worker's hands expiring within windowDays, or expired, for
// which no renewal application is under way (see HasRenewal). Cards returned,
// cancelled or reported lost are not due: they are either over or replaced.
func RenewalDue(c Card, hasRenewal bool, today time.Time, windowDays int) (RenewalDueReason, bool) {
	if hasRenewal || (c.Status != CardCollected && c.Status != CardExpired) {
		return "", false
	}
	day := CalendarDay(today)
	if c.Status == CardExpired || day.After(c.ExpiresOn) {
		return RenewalExpired, true
	}
	if DaysBetween(day, c.ExpiresOn) <= windowDays {
		return RenewalExpiring, true
	}
	return "", false
}

// RenewalVoidStatuses are the statuses of a renewal that leave its card due
// again (HasRenewal); the store filters the renewals-due list by them too.
var RenewalVoidStatuses = []ApplicationStatus{ApplicationWithdrawn, ApplicationRejected}

// HasRenewal reports whether apps holds a renewal of card cardID that is under
// way or done. A withdrawn or rejected renewal leaves the card due again; a
// refused or referred one does not, because that case is already decided.
func HasRenewal(cardID int64, apps []Application) bool {
	for _, a := range apps {
		if a.Kind != ApplicationRenewal || a.ReplacesCardID == nil || *a.ReplacesCardID != cardID {
			continue
		}
		if !slices.Contains(RenewalVoidStatuses, a.Status) {
			return true
		}
	}
	return false
}

// NewRenewal opens the renewal application for card c, pre-filled from it;
// the employment is the worker's current one with the same employer.
func NewRenewal(c Card, employmentID, createdByID int64, at time.Time) Application {
	id := c.ID
	return NewApplication(ApplicationRenewal, c.WorkerID, c.EmployerID, employmentID, &id, createdByID, at)
}
