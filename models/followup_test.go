package models

import (
	"testing"
	"time"
)

func TestCheckFollowUp(t *testing.T) {
	today := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return CalendarDay(today).AddDate(0, 0, -d) }
	step := func(s FollowUpStatus, d int) FollowUp {
		return FollowUp{WorkerID: 1, Partner: PartnerPagAsa, Status: s, On: day(d)}
	}
	sent := []FollowUp{step(FollowUpSent, 20)}
	decided := append(sent, step(FollowUpVictimGranted, 10))
	closed := append(sent, step(FollowUpClosed, 10))
	for _, c := range []struct {
		name    string
		f       FollowUp
		earlier []FollowUp
		field   string // "" when accepted
	}{
		{"sent first", step(FollowUpSent, 5), nil, ""},
		{"acknowledged before sent", step(FollowUpAcknowledged, 5), nil, "status"},
		{"acknowledged after sent", step(FollowUpAcknowledged, 5), sent, ""},
		{"sent twice", step(FollowUpSent, 5), sent, "status"},
		{"a second decision", step(FollowUpVictimRefused, 5), decided, "status"},
		{"after closing", step(FollowUpAcknowledged, 5), closed, "status"},
		{"in the future", step(FollowUpSent, -1), nil, "on"},
		{"before the previous step", step(FollowUpAcknowledged, 25), sent, "on"},
		{"unknown partner", FollowUp{WorkerID: 1, Partner: "ngo", Status: FollowUpSent, On: day(1)}, nil, "partner"},
	} {
		err := CheckFollowUp(c.f, c.earlier, today)
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.field != "":
			e, ok := err.(*Error)
			if !ok {
				t.Errorf("%s: accepted", c.name)
				continue
			}
			if _, has := e.Field(c.field); !has {
				t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
			}
		}
	}
}

func TestFollowUpLinesDue(t *testing.T) {
	today := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return CalendarDay(today).AddDate(0, 0, -d) }
	steps := []FollowUp{
		{ID: 3, WorkerID: 1, Partner: PartnerPagAsa, Status: FollowUpAcknowledged, On: day(FollowUpReminderDays + 5)},
		{ID: 1, WorkerID: 1, Partner: PartnerPagAsa, Status: FollowUpSent, On: day(60)},
		{ID: 2, WorkerID: 1, Partner: PartnerPolice, Status: FollowUpSent, On: day(5)},
		{ID: 4, WorkerID: 2, Partner: PartnerPayoke, Status: FollowUpSent, On: day(90)},
		{ID: 5, WorkerID: 2, Partner: PartnerPayoke, Status: FollowUpClosed, On: day(80)},
	}
	lines := FollowUpLines(steps, today)
	if len(lines) != 3 {
		t.Fatalf("lines %+v", lines)
	}
	want := map[ReferralPartner]bool{PartnerPagAsa: true, PartnerPolice: false, PartnerPayoke: false}
	for _, l := range lines {
		if l.Due != want[l.Partner] {
			t.Errorf("%s due %v", l.Partner, l.Due)
		}
	}
	if lines[0].Partner != PartnerPayoke || lines[1].Partner != PartnerPagAsa || len(lines[1].Steps) != 2 || lines[1].Steps[0].ID != 1 {
		t.Errorf("order %+v", lines)
	}
}
