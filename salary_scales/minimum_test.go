package salaryscales

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/models"
)

func TestMinimumFor(t *testing.T) {
	v := twoSteps()
	v.ID = 4
	tests := []struct {
		name      string
		category  string
		seniority int
		hours     float64
		wantStep  int
		wantM     Cents
		wantH     Cents
		errField  string
	}{
		{"first step full time", "cleaning", 0, 38, 0, 200000, 1215, ""},
		{"still first step", "cleaning", 4, 38, 0, 200000, 1215, ""},
		{"second step from year 5", "cleaning", 5, 38, 5, 210000, 1275, ""},
		{"beyond the last step", "childcare", 30, 38, 5, 230000, 1397, ""},
		{"half time pro rata", "childcare", 0, 19, 0, 110000, 1336, ""},
		{"pro rata rounds to the cent", "cleaning", 0, 37.5, 0, 197368, 1215, ""}, // 200000*37.5/38 = 197368.42
		{"more hours than the reference", "cleaning", 0, 40, 0, 210526, 1215, ""}, // 210526.3
		{"unknown category", "gardening", 0, 38, 0, 0, 0, "category"},
		{"negative seniority", "cleaning", -1, 38, 0, 0, 0, "seniority"},
		{"zero hours", "cleaning", 0, 0, 0, 0, 0, "weekly_hours"},
		{"absurd hours", "cleaning", 0, 168, 0, 0, 0, "weekly_hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := MinimumFor(v, tt.category, tt.seniority, tt.hours)
			if tt.errField != "" {
				var de *models.Error
				if !errors.As(err, &de) {
					t.Fatalf("want validation error, got %v", err)
				}
				if _, ok := de.Field(tt.errField); !ok {
					t.Errorf("no error on %s: %v", tt.errField, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.StepFromYears != tt.wantStep || m.Monthly != tt.wantM || m.Hourly != tt.wantH {
				t.Errorf("got step %d %s/%s, want step %d %s/%s", m.StepFromYears, m.Monthly, m.Hourly, tt.wantStep, tt.wantM, tt.wantH)
			}
			if m.VersionID != 4 || !m.EffectiveDate.Equal(v.EffectiveDate) || m.Category != tt.category || m.SeniorityYears != tt.seniority {
				t.Errorf("provenance = %+v", m)
			}
		})
	}
}

func TestMinimumOn(t *testing.T) {
	old := published(1, date(2024, time.May, 1))
	newer := published(2, date(2025, time.January, 1))
	newer.Rates[0].Monthly, newer.Rates[1].Monthly = 204000, 214000
	vs := []Version{old, newer}
	start := date(2020, time.March, 1)

	// First contract in 2024: old version, 4 years, first step.
	m, v, err := MinimumOn(vs, date(2024, time.June, 1), "cleaning", start, 38)
	if err != nil || v.ID != 1 || m.Monthly != 200000 || m.SeniorityYears != 4 {
		t.Fatalf("2024: %+v %d %v", m, v.ID, err)
	}
	// Renewal in 2025: the version then in force and the new seniority.
	m, v, err = MinimumOn(vs, date(2025, time.June, 1), "cleaning", start, 38)
	if err != nil || v.ID != 2 || m.Monthly != 214000 || m.StepFromYears != 5 {
		t.Fatalf("2025: %+v %d %v", m, v.ID, err)
	}
	// The contract signed in 2024 at 2,050 EUR cannot be renewed as it is.
	if err := CheckSalary(205000, m); models.ErrorCode(err) != ErrSalaryBelowMinimum {
		t.Errorf("renewal at the old salary: %v", err)
	}
	if _, _, err := MinimumOn(vs, date(2023, time.June, 1), "cleaning", start, 38); models.ErrorCode(err) != ErrNoScaleInForce {
		t.Errorf("before any version: %v", err)
	}
}

func TestCheckSalary(t *testing.T) {
	m := Minimum{VersionID: 3, EffectiveDate: date(2024, time.May, 1), Category: "cleaning", SeniorityYears: 2,
		WeeklyHours: 38, Monthly: 207048, Hourly: 1257}
	tests := []struct {
		offered Cents
		ok      bool
	}{
		{207048, true}, {300000, true}, {207047, false}, {0, false},
	}
	for _, tt := range tests {
		err := CheckSalary(tt.offered, m)
		if tt.ok {
			if err != nil {
				t.Errorf("CheckSalary(%s) = %v", tt.offered, err)
			}
			continue
		}
		var de *models.Error
		if !errors.As(err, &de) || de.Code != ErrSalaryBelowMinimum || de.Kind != models.KindInvalid {
			t.Fatalf("CheckSalary(%s) = %v", tt.offered, err)
		}
		if de.Args["offered"] != tt.offered || de.Args["minimum"] != Cents(207048) || de.Args["version_id"] != int64(3) ||
			de.Args["effective_date"] != "2024-05-01" {
			t.Errorf("args = %v", de.Args)
		}
		msg := models.Render(de.Message, de.Args)
		for _, want := range []string{"EUR " + tt.offered.String(), "EUR 2070.48", "version 3", "2024-05-01"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message %q lacks %q", msg, want)
			}
		}
		if f, ok := de.Field("gross_monthly_salary"); !ok || f.Code != ErrSalaryBelowMinimum {
			t.Errorf("no field error: %+v", de.Fields)
		}
	}
}

func TestDeductions(t *testing.T) {
	v := Seed()
	all := BoardTerms{Breakfast: true, Midday: true, Evening: true, Lodging: true}
	tests := []struct {
		name     string
		terms    BoardTerms
		gross    Cents
		perDay   Cents
		uncapped Cents
		deducted Cents
		capped   bool
		capPct   int
		errField string
	}{
		{"nothing written, nothing deducted", BoardTerms{}, 207048, 0, 0, 0, false, 20, ""},
		{"full board and a room, 365/12 days", all, 207048, 322, 9794, 9794, false, 20, ""}, // 3.22*365/12 = 97.9417
		{"breakfast only, 22 days", BoardTerms{Breakfast: true, DaysPerMonth: 22}, 207048, 55, 1210, 1210, false, 20, ""},
		{"lodging only, 30 days", BoardTerms{Lodging: true, DaysPerMonth: 30}, 207048, 74, 2220, 2220, false, 20, ""},
		{"capped at 20%", all, 40000, 322, 9794, 8000, true, 20, ""},
		{"cap rounds down", all, 40001, 322, 9794, 8000, true, 20, ""}, // 20% of 400.01 = 80.002
		{"whole dwelling raises the cap to 40%", BoardTerms{Breakfast: true, Midday: true, Evening: true, Lodging: true, WholeDwelling: true},
			20000, 322, 9794, 8000, true, 40, ""},
		{"whole dwelling without lodging", BoardTerms{WholeDwelling: true}, 207048, 0, 0, 0, false, 0, "board.whole_dwelling"},
		{"too many days", BoardTerms{Lodging: true, DaysPerMonth: 32}, 207048, 0, 0, 0, false, 0, "board.days_per_month"},
		{"negative gross", all, -1, 0, 0, 0, false, 0, "gross_monthly_salary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Deductions(v, tt.terms, tt.gross)
			if tt.errField != "" {
				var de *models.Error
				if !errors.As(err, &de) {
					t.Fatalf("want error on %s, got %v", tt.errField, err)
				}
				if _, ok := de.Field(tt.errField); !ok {
					t.Errorf("no error on %s: %v", tt.errField, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.PerDay != tt.perDay || d.Uncapped != tt.uncapped || d.Deducted != tt.deducted || d.Capped != tt.capped || d.CapPercent != tt.capPct {
				t.Errorf("got %+v", d)
			}
			if d.CashPaid != tt.gross-tt.deducted || d.GrossMonthly != tt.gross {
				t.Errorf("cash paid %s, want %s", d.CashPaid, tt.gross-tt.deducted)
			}
			if tt.terms.DaysPerMonth == 0 && d.Days != DaysPerMonthConvention {
				t.Errorf("days = %q", d.Days)
			}
		})
	}
}

func TestMoney(t *testing.T) {
	parse := []struct {
		in   string
		want Cents
		ok   bool
	}{
		{"2070.48", 207048, true}, {"2070,48", 207048, true}, {" 12.5 ", 1250, true}, {"3", 300, true},
		{"-0.05", -5, true}, {"+1.00", 100, true}, {"0.7", 70, true},
		{"2.070,48", 0, false}, {"2,070.48", 0, false}, {"1.234", 0, false}, {"", 0, false}, {"EUR 5", 0, false},
		{"1.", 0, false}, {".5", 0, false}, {"1e3", 0, false}, {"99999999999999", 0, false},
	}
	for _, tt := range parse {
		got, err := ParseEuros(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseEuros(%q) = %d, %v", tt.in, got, err)
		}
	}
	format := []struct {
		c        Cents
		str, eur string
	}{
		{207048, "2070.48", "EUR 2,070.48"}, {5, "0.05", "EUR 0.05"}, {-123456789, "-1234567.89", "EUR -1,234,567.89"},
		{100000, "1000.00", "EUR 1,000.00"}, {99999, "999.99", "EUR 999.99"}, {0, "0.00", "EUR 0.00"},
	}
	for _, tt := range format {
		if tt.c.String() != tt.str || tt.c.EUR() != tt.eur {
			t.Errorf("%d: %q %q", tt.c, tt.c.String(), tt.c.EUR())
		}
		if back, err := ParseEuros(tt.c.String()); err != nil || back != tt.c {
			t.Errorf("round trip %d: %d %v", tt.c, back, err)
		}
	}
}
