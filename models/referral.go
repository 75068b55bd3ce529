package models

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ReferralPartner is an organisation a worker's situation can be referred to.
// The list is fixed by Belgian practice (DOMAIN.md); adding one is a code
// change because each partner has a different mandate the UI explains.
type ReferralPartner string

// Referral partners.
const (
	// PartnerGoodOffices is the Commission of Good Offices, for labour
	// disputes with employers who enjoy immunity.
	PartnerGoodOffices ReferralPartner = "good_offices_commission"
	// PartnerECOSOC is the NSSO's ECOSOC social-inspection teams, for
	// suspected trafficking and labour exploitation.
	PartnerECOSOC ReferralPartner = "nsso_ecosoc"
	// PartnerPolice is the police, for suspected trafficking or any danger.
	PartnerPolice ReferralPartner = "police"
	// PartnerPagAsa, PartnerPayoke and PartnerSurya are the three specialised
	// centres for victims of trafficking (Brussels, Antwerp, Liège); only
	// their guidance opens the protection status.
	PartnerPagAsa ReferralPartner = "pag_asa"
	PartnerPayoke ReferralPartner = "payoke"
	PartnerSurya  ReferralPartner = "surya"
)

// ReferralPartners lists every partner in the order forms show them.
var ReferralPartners = []ReferralPartner{
	PartnerPagAsa, PartnerPayoke, PartnerSurya, PartnerECOSOC, PartnerPolice, PartnerGoodOffices,
}

// Valid reports whether p is a known partner.
func (p ReferralPartner) Valid() bool { return slices.Contains(ReferralPartners, p) }

// Label is the partner's name in English (the centres' own names are not
// translated).
func (p ReferralPartner) Label() string {
	switch p {
	case PartnerGoodOffices:
		return "Commission of Good Offices"
	case PartnerECOSOC:
		return "NSSO social inspection (ECOSOC teams)"
	case PartnerPolice:
		return "Police"
	case PartnerPagAsa:
		return "PAG-ASA (Brussels)"
	case PartnerPayoke:
		return "Payoke (Antwerp)"
	case PartnerSurya:
		return "Sürya (Liège)"
	}
	return string(p)
}

// SpecialisedCentre reports whether p is one of the three centres for
// victims of trafficking, whose guidance the protection status requires.
func (p ReferralPartner) SpecialisedCentre() bool {
	return p == PartnerPagAsa || p == PartnerPayoke || p == PartnerSurya
}

// Referral records that the interviewer referred the worker's situation to a
// partner. It is part of the interview record and, like it, never edited.
type Referral struct {
	ID           int64
	InterviewID  int64
	WorkerID     int64
	Partner      ReferralPartner
	Date         time.Time // the day the partner was contacted
	Contact      string    // person or desk contacted at the partner
	Reference    string    // the partner's file number, when it gave one
	RecordedByID int64
	CreatedAt    time.Time
}

// ReferralContactAAD and ReferralReferenceAAD are the additional data the
// referral's contact and the partner's reference are sealed with, bound to
// the interview record (which has at most one referral). The partner itself
// is not sealed: it decides the application's path (a hold, a referral
// closed) and the admins' list of holds shows it.
func ReferralContactAAD(interviewID int64) []byte {
	return []byte("referral_contact:interview=" + strconv.FormatInt(interviewID, 10))
}

// ReferralReferenceAAD: see ReferralContactAAD.
func ReferralReferenceAAD(interviewID int64) []byte {
	return []byte("referral_reference:interview=" + strconv.FormatInt(interviewID, 10))
}

// Validate checks a referral on the day today. The reference is optional
// because a partner often gives its file number only later; the contact is
// required so a colleague can follow up.
func (r Referral) Validate(today time.Time) error {
	var v Validation
	switch {
	case r.Partner == "":
		v.Add("referral.partner", "required", "Choose the organisation the worker was referred to.")
	case !r.Partner.Valid():
		v.Add("referral.partner", "invalid_choice", "Unknown referral partner.")
	}
	switch {
	case r.Date.IsZero():
		v.Add("referral.date", "required", "Enter the date of the referral.")
	case CalendarDay(r.Date).After(CalendarDay(today)):
		v.Add("referral.date", "in_future", "The referral date cannot be in the future.")
	}
	switch c := strings.TrimSpace(r.Contact); {
	case c == "":
		v.Add("referral.contact", "required", "Name the person or desk contacted.")
	case len([]rune(c)) > 200:
		v.Add("referral.contact", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": 200})
	}
	if len([]rune(strings.TrimSpace(r.Reference))) > 100 {
		v.Add("referral.reference", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": 100})
	}
	return v.Err()
}

// InterviewOutcome (interview.go) is the interviewer's decision at the end
// of the private interview; the screening signal only advises. The methods
// below say what each outcome does to the application.

// Label is the English name of the outcome.
func (o InterviewOutcome) Label() string {
	switch o {
	case OutcomeCleared:
		return "Cleared"
	case OutcomeConcerns:
		return "Concerns"
	case OutcomeReferral:
		return "Referral"
	}
	return string(o)
}

// PutsOnHold reports whether the outcome puts the application on hold until
// an admin decides (see HoldDecision). Concerns and referral both do: a card
// handed over while a worker may be exploited ties them to the employer for
// another year.
func (o InterviewOutcome) PutsOnHold() bool { return o == OutcomeConcerns || o == OutcomeReferral }

// ClearsGate reports whether the outcome, on its own, satisfies the card
// gate's "cleared interview" condition. An outcome that put the application
// on hold satisfies it only after an admin releases the hold.
func (o InterviewOutcome) ClearsGate() bool { return o == OutcomeCleared }

// RequiresReferral reports whether the outcome must come with a referral.
func (o InterviewOutcome) RequiresReferral() bool { return o == OutcomeReferral }

// ValidateOutcome checks an outcome and its referral together: a referral
// outcome needs a valid referral, and a referral with any other outcome is
// refused so the record never says "cleared" next to a referral to the police.
func ValidateOutcome(o InterviewOutcome, referral *Referral, today time.Time) error {
	var v Validation
	switch {
	case o == "":
		v.Add("outcome", "required", "Choose the outcome of the interview.")
	case !o.Valid():
		v.Add("outcome", "invalid_choice", "Choose cleared, concerns or referral.")
	case o.RequiresReferral() && referral == nil:
		v.Add("referral", "required", "Record the referral: partner, date and contact.")
	case !o.RequiresReferral() && referral != nil:
		v.Add("outcome", "referral_needs_referral_outcome", "A referral was entered: choose the outcome referral.")
	}
	if referral != nil && o.RequiresReferral() {
		var fe *Error
		if err := referral.Validate(today); errors.As(err, &fe) {
			for _, f := range fe.Fields {
				v.Add(f.Field, f.Code, f.Message, f.Args)
			}
		}
	}
	return v.Err()
}
