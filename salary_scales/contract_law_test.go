package salaryscales

import (
	"testing"
	"time"

	"github.com/carddesk/carddesk/models"
)

func TestValidateLaw(t *testing.T) {
	liveIn, liveOut := models.Employment{LiveIn: true}, models.Employment{}
	base := ContractTerms{DaysPerWeek: 5, AnnualLeaveDays: 20}
	allowed := models.DefaultSettings()
	allowed.ProbationAllowed = true
	for _, tc := range []struct {
		name  string
		terms func(*ContractTerms)
		job   models.Employment
		s     models.Settings
		field string
		code  string
	}{
		{"lawful", func(*ContractTerms) {}, liveIn, models.DefaultSettings(), "", ""},
		{"a trial period by default", func(c *ContractTerms) { c.ProbationDays = 7 }, liveIn, models.DefaultSettings(), "probation_days", "probation_not_allowed"},
		{"a trial period allowed", func(c *ContractTerms) { c.ProbationDays = 183 }, liveIn, allowed, "", ""},
		{"a trial period past six months", func(c *ContractTerms) { c.ProbationDays = 184 }, liveIn, allowed, "probation_days", "out_of_range"},
		{"19 days for five days a week", func(c *ContractTerms) { c.AnnualLeaveDays = 19 }, liveIn, models.DefaultSettings(), "annual_leave_days", "below_legal_minimum"},
		{"20 days for six days a week", func(c *ContractTerms) { c.DaysPerWeek = 6 }, liveIn, models.DefaultSettings(), "annual_leave_days", "below_legal_minimum"},
		{"lodging for a live-out worker", func(c *ContractTerms) { c.Board.Lodging = true }, liveOut, models.DefaultSettings(), "board.lodging", "lodging_live_out"},
		{"meals for a live-out worker", func(c *ContractTerms) { c.Board.Midday = true }, liveOut, models.DefaultSettings(), "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			terms := base
			tc.terms(&terms)
			err := terms.ValidateLaw(tc.job, tc.s)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e, _ := err.(*models.Error)
			if e == nil {
				t.Fatalf("accepted, want %s on %s", tc.code, tc.field)
			}
			if f, ok := e.Field(tc.field); !ok || f.Code != tc.code {
				t.Errorf("got %v, want %s on %s", err, tc.code, tc.field)
			}
		})
	}
	c := ContractTerms{RestDays: []time.Weekday{time.Sunday, time.Saturday, time.Sunday}}
	c.Normalize()
	if len(c.RestDays) != 2 || c.RestDays[0] != time.Saturday || c.RestDays[1] != time.Sunday {
		t.Errorf("rest days: %v, want Saturday then Sunday", c.RestDays)
	}
}
