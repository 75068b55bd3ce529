package models

import (
	"strings"
	"testing"
	"time"
)

var referralToday = time.Date(2027, 3, 10, 15, 0, 0, 0, time.UTC)

func TestReferralPartners(t *testing.T) {
	want := map[ReferralPartner]bool{
		PartnerGoodOffices: false, PartnerECOSOC: false, PartnerPolice: false,
		PartnerPagAsa: true, PartnerPayoke: true, PartnerSurya: true,
	}
	if len(ReferralPartners) != len(want) {
		t.Fatalf("%d partners, want %d", len(ReferralPartners), len(want))
	}
	for _, p := range ReferralPartners {
		centre, ok := want[p]
		if !ok || !p.Valid() {
			t.Errorf("unexpected partner %s", p)
		}
		if p.SpecialisedCentre() != centre {
			t.Errorf("%s: specialised centre = %v", p, p.SpecialisedCentre())
		}
		if p.Label() == string(p) {
			t.Errorf("%s has no label", p)
		}
	}
	if ReferralPartner("red_cross").Valid() {
		t.Error("unknown partner is valid")
	}
}

func TestReferralValidate(t *testing.T) {
	ok := Referral{Partner: PartnerPagAsa, Date: referralToday, Contact: "Duty social worker", Reference: "PA-2027-114"}
	with := func(f func(*Referral)) Referral { r := ok; f(&r); return r }
	tests := []struct {
		name      string
		r         Referral
		wantField string
		wantCode  string
	}{
		{"complete", ok, "", ""},
		{"reference may follow later", with(func(r *Referral) { r.Reference = "" }), "", ""},
		{"earlier date, other zone of the same day", with(func(r *Referral) { r.Date = time.Date(2027, 3, 10, 23, 0, 0, 0, time.UTC) }), "", ""},
		{"no partner", with(func(r *Referral) { r.Partner = "" }), "referral.partner", "required"},
		{"unknown partner", with(func(r *Referral) { r.Partner = "red_cross" }), "referral.partner", "invalid_choice"},
		{"no date", with(func(r *Referral) { r.Date = time.Time{} }), "referral.date", "required"},
		{"future date", with(func(r *Referral) { r.Date = referralToday.AddDate(0, 0, 1) }), "referral.date", "in_future"},
		{"no contact", with(func(r *Referral) { r.Contact = "  " }), "referral.contact", "required"},
		{"contact too long", with(func(r *Referral) { r.Contact = strings.Repeat("c", 201) }), "referral.contact", "too_long"},
		{"reference too long", with(func(r *Referral) { r.Reference = strings.Repeat("r", 101) }), "referral.reference", "too_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireFieldErr(t, tt.r.Validate(referralToday), tt.wantField, tt.wantCode)
		})
	}
}

func TestOutcomeEffects(t *testing.T) {
	tests := []struct {
		o                      InterviewOutcome
		hold, clears, referral bool
		action                 Action
	}{
		{OutcomeCleared, false, true, false, ActionRecordInterviewCleared},
		{OutcomeConcerns, true, false, false, ActionRecordInterviewConcerns},
		{OutcomeReferral, true, false, true, ActionRecordInterviewReferral},
		{"unknown", false, false, false, ""},
	}
	for _, tt := range tests {
		if tt.o.PutsOnHold() != tt.hold || tt.o.ClearsGate() != tt.clears || tt.o.RequiresReferral() != tt.referral || tt.o.Action() != tt.action {
			t.Errorf("%s: hold=%v clears=%v referral=%v action=%s", tt.o, tt.o.PutsOnHold(), tt.o.ClearsGate(), tt.o.RequiresReferral(), tt.o.Action())
		}
		if tt.o.Valid() && tt.o.Label() == string(tt.o) {
			t.Errorf("%s has no label", tt.o)
		}
	}
	for _, o := range InterviewOutcomes {
		// The status table must agree: holding outcomes lead to on_hold.
		next, err := Apply(ApplicationInterviewed, o.Action())
		if err != nil {
			t.Errorf("%s from interviewed: %v", o, err)
			continue
		}
		if (next == ApplicationOnHold) != o.PutsOnHold() {
			t.Errorf("%s leads to %s, but PutsOnHold = %v", o, next, o.PutsOnHold())
		}
	}
}

func TestValidateOutcome(t *testing.T) {
	ref := &Referral{Partner: PartnerPolice, Date: referralToday, Contact: "Zone Brussels-Capital/Ixelles"}
	tests := []struct {
		name      string
		o         InterviewOutcome
		r         *Referral
		wantField string
		wantCode  string
	}{
		{"cleared", OutcomeCleared, nil, "", ""},
		{"concerns", OutcomeConcerns, nil, "", ""},
		{"referral with referral", OutcomeReferral, ref, "", ""},
		{"no outcome", "", nil, "outcome", "required"},
		{"unknown outcome", "fine", nil, "outcome", "invalid_choice"},
		{"referral without referral", OutcomeReferral, nil, "referral", "required"},
		{"referral with cleared", OutcomeCleared, ref, "outcome", "referral_needs_referral_outcome"},
		{"invalid referral", OutcomeReferral, &Referral{Partner: PartnerPolice, Date: referralToday}, "referral.contact", "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireFieldErr(t, ValidateOutcome(tt.o, tt.r, referralToday), tt.wantField, tt.wantCode)
		})
	}
}
