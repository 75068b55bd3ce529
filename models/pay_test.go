package models

import (
	"errors"
	"testing"
	"time"
)

func TestCheckApplicationPay(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	job := Employment{JobCategory: JobHousehold, WeeklyHours: 38}
	// The minimum rises from 1 June.
	minimumOn := func(d time.Time) (PayMinimum, error) {
		if d.Before(day(1, 1)) {
			return PayMinimum{}, Fail(KindConflict, "no_scale_in_force", "none")
		}
		m := PayMinimum{On: d, Monthly: 207048, VersionID: 1}
		if !d.Before(day(6, 1)) {
			m.Monthly, m.VersionID = 211189, 2
		}
		return m, nil
	}
	contract := func(start time.Time, gross EuroCents) *ContractPay {
		return &ContractPay{Reference: "CT-1", StartDate: start, Gross: gross, Category: JobHousehold, WeeklyHours: 38}
	}
	changed := contract(day(3, 1), 215000)
	changed.WeeklyHours = 30
	for _, tc := range []struct {
		name     string
		in       PayInput
		wantCode string
	}{
		{"first issuance without a contract", PayInput{Kind: ApplicationFirstIssuance, Employment: job, On: day(3, 2)}, CodeContractRequired},
		{"renewal without a contract", PayInput{Kind: ApplicationRenewal, Employment: job, On: day(3, 2)}, CodeContractRequired},
		{"first issuance at the minimum", PayInput{Kind: ApplicationFirstIssuance, Contract: contract(day(3, 1), 207048), Employment: job, On: day(3, 2)}, ""},
		{"a cent below", PayInput{Kind: ApplicationFirstIssuance, Contract: contract(day(3, 1), 207047), Employment: job, On: day(3, 2)}, CodeContractBelowMinimum},
		{"minimum raised since the start", PayInput{Kind: ApplicationFirstIssuance, Contract: contract(day(3, 1), 210000), Employment: job, On: day(6, 2)}, CodeContractBelowMinimum},
		{"starts after the raise", PayInput{Kind: ApplicationFirstIssuance, Contract: contract(day(7, 1), 210000), Employment: job, On: day(3, 2)}, CodeContractBelowMinimum},
		{"starts before the raise, checked before it", PayInput{Kind: ApplicationFirstIssuance, Contract: contract(day(3, 1), 210000), Employment: job, On: day(5, 31)}, ""},
		{"duplicate on the replaced card's contract", PayInput{Kind: ApplicationDuplicate, Carried: contract(day(3, 1), 215000), Employment: job, On: day(4, 2)}, ""},
		{"duplicate after the terms changed", PayInput{Kind: ApplicationDuplicate, Carried: changed, Employment: job, On: day(4, 2)}, CodeContractRequired},
		{"duplicate with a carried contract now below", PayInput{Kind: ApplicationDuplicate, Carried: contract(day(3, 1), 208000), Employment: job, On: day(6, 2)}, CodeContractBelowMinimum},
		{"a renewal never carries", PayInput{Kind: ApplicationRenewal, Carried: contract(day(3, 1), 215000), Employment: job, On: day(4, 2)}, CodeContractRequired},
		{"no scale in force on the start date", PayInput{Kind: ApplicationFirstIssuance, Contract: contract(time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), 215000), Employment: job, On: day(3, 2)}, "no_scale_in_force"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckApplicationPay(tc.in, minimumOn)
			if tc.wantCode == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var de *Error
			if !errors.As(err, &de) || de.Code != tc.wantCode || de.Kind != KindConflict {
				t.Fatalf("got %v, want %s", err, tc.wantCode)
			}
			if tc.wantCode != "no_scale_in_force" && (de.Args["minimum"] == nil || de.Args["version_id"] == nil) {
				t.Errorf("figures missing: %v", de.Args)
			}
		})
	}
}

func TestEuroCentsString(t *testing.T) {
	for c, want := range map[EuroCents]string{207048: "2070.48", 5: "0.05", -305: "-3.05", 0: "0.00"} {
		if got := c.String(); got != want {
			t.Errorf("%d: %q, want %q", c, got, want)
		}
	}
}
