package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// demoTypoPassport is the passport number Nguyễn Thị Hoa was registered
// with, two digits swapped; the history corrects it to her real one.
const demoTypoPassport = "B8823170"

// loadHistory gives the demo records the history real work leaves, made
// through the same store functions the pages and the API call (each change
// a version with who, when and why):
//
//   - Nguyễn's record corrected twice: the passport number registered with
//     two digits swapped, then her name's order (family name first);
//   - Haile's earlier employment with the Tesfaye household: its weekly
//     hours reduced from a date, then ended the day before she joined the
//     Trần household;
//   - Dawit Tesfaye promoted (a new title, his contracts untouched);
//   - service before Carddesk: Santos's years in the paper register, and
//     Nguyễn's years attested by a note verbale, with a period recorded by
//     mistake and withdrawn.
//
// at sets the store's clock; c is the clerk who makes the changes.
func loadHistory(ctx context.Context, st *store.Store, c models.Actor, now time.Time, at func(time.Time),
	workers []models.Worker, employers []models.Employer) error {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	santos, nguyen, haile := workers[0], workers[3], workers[5]
	tesfaye := employers[2]

	// Haile first worked for the Tesfaye household, from three years ago;
	// the hours agreed a year later are recorded with the employment, its
	// end once she has left.
	at(now.AddDate(-1, 0, -19))
	first := models.Employment{WorkerID: haile.ID, EmployerID: tesfaye.ID, StartsOn: models.CalendarDay(now.AddDate(-3, 0, 0)),
		JobCategory: models.JobHousehold, WeeklyHours: 38, LiveIn: true}
	if err := st.Employments.Create(ctx, c, &first); err != nil {
		return fmt.Errorf("demo earlier employment: %w", err)
	}
	at(now.AddDate(-1, 0, -19).Add(time.Hour))
	if _, err := st.Records.ChangeEmploymentTerms(ctx, c, first.ID, models.CalendarDay(now.AddDate(-2, 0, 0)), 30, models.JobHousehold,
		models.ChangeRequest{Kind: models.ChangeUpdate, Reason: "Hours reduced to 30 a week at the worker's request (evening language course), agreed by the employer in writing."}); err != nil {
		return fmt.Errorf("demo employment terms: %w", err)
	}
	at(now.AddDate(-1, 0, -14))
	if _, err := st.Records.EndEmployment(ctx, c, first.ID, models.CalendarDay(now.AddDate(-1, 0, -16)),
		models.ChangeRequest{Kind: models.ChangeUpdate, Reason: "She left the Tesfaye household, which reduced its staff; she works for the Trần household from the next day."},
		true); err != nil {
		return fmt.Errorf("demo end of employment: %w", err)
	}

	// Dawit Tesfaye promoted: the employer record gets a new version.
	at(now.AddDate(0, -1, 0))
	promoted := tesfaye
	promoted.Title = "Counsellor"
	if _, err := st.Records.UpdateEmployer(ctx, c, tesfaye.ID, promoted,
		models.ChangeRequest{Kind: models.ChangeUpdate, Reason: "Promoted Counsellor; note verbale of the Permanent Mission received last week."}); err != nil {
		return fmt.Errorf("demo employer update: %w", err)
	}

	// Santos served a diplomat of her embassy before Carddesk existed.
	at(now.AddDate(-1, 0, 9))
	if err := st.Records.RecordEarlierService(ctx, c, santos.ID, &models.EarlierService{
		StartsOn: day(2011, time.March, 1), EndsOn: day(2015, time.August, 31),
		Source: "Protocol register (paper era), card S-0412873: private servant of the Deputy Head of Mission of the Philippines",
	}); err != nil {
		return fmt.Errorf("demo earlier service of Santos: %w", err)
	}

	// Nguyễn's draft: the passport copy shows the number was mistyped, and
	// her name is written family name first.
	at(now.AddDate(0, 0, -1).Add(time.Hour))
	fixed := nguyen
	fixed.PassportNumber = "B8823107"
	got, err := st.Records.UpdateWorker(ctx, c, nguyen.ID, fixed, models.ChangeRequest{Kind: models.ChangeCorrection,
		Reason: "Two digits swapped at registration; checked against the passport copy attached to her application."})
	if err != nil {
		return fmt.Errorf("demo passport correction: %w", err)
	}
	at(now.AddDate(0, 0, -1).Add(2 * time.Hour))
	named := *got
	named.FamilyNameFirst = true
	if _, err := st.Records.UpdateWorker(ctx, c, nguyen.ID, named, models.ChangeRequest{Kind: models.ChangeCorrection,
		Reason: "Her name is written family name first, as on her passport: Nguyễn Thị Hoa."}); err != nil {
		return fmt.Errorf("demo name order correction: %w", err)
	}
	if err := st.Records.RecordEarlierService(ctx, c, nguyen.ID, &models.EarlierService{
		StartsOn: day(2013, time.June, 1), EndsOn: day(2017, time.May, 31),
		Source: "Note verbale of the Consulate General of Viet Nam of 12 June 2017: private servant of the Consul",
	}); err != nil {
		return fmt.Errorf("demo earlier service of Nguyễn: %w", err)
	}
	wrong := models.EarlierService{StartsOn: day(2018, time.January, 15), EndsOn: day(2019, time.December, 31),
		Source: "Protocol register 2018, card S-0533190"}
	if err := st.Records.RecordEarlierService(ctx, c, nguyen.ID, &wrong); err != nil {
		return fmt.Errorf("demo earlier service recorded by mistake: %w", err)
	}
	at(now.AddDate(0, 0, -1).Add(3 * time.Hour))
	if _, err := st.Records.WithdrawEarlierService(ctx, c, wrong.ID,
		"Card S-0533190 was another worker's of the same name (other date of birth); checked in the Protocol register."); err != nil {
		return fmt.Errorf("demo withdrawal of earlier service: %w", err)
	}
	return nil
}
