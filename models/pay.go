package models

import (
	"fmt"
	"time"
)

// Codes of the pay rule. API clients and translations rely on them; never
// rename one.
const (
	CodeContractRequired     = "contract_required"
	CodeContractBelowMinimum = "contract_below_minimum"
)

// EuroCents is an amount of money in euro cents, as the pay rule reads it
// (the salary scale's Cents converts to it). It renders as plain euros
// ("2070.48") in messages.
type EuroCents int64

// String renders c as euros with two decimals.
func (c EuroCents) String() string {
	sign, v := "", int64(c)
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// ContractPay is what the pay rule reads of a generated contract.
type ContractPay struct {
	Reference   string
	StartDate   time.Time
	Gross       EuroCents
	Category    JobCategory
	WeeklyHours float64
}

// PayMinimum is the minimum of the salary scale in force on a day, for the
// employment's category, the worker's seniority that day and the weekly hours.
type PayMinimum struct {
	On             time.Time
	Monthly        EuroCents
	VersionID      int64
	EffectiveDate  time.Time
	Category       string
	SeniorityYears int
	WeeklyHours    float64
}

// PayInput is everything the pay rule decides on. The caller loads it
// inside the transaction that submits the application or issues its card.
type PayInput struct {
	Kind ApplicationKind
	// Contract is the latest contract generated for the application, nil
	// when none.
	Contract *ContractPay
	// Carried is, for a duplicate, the latest contract of the application
	// whose card it replaces: it still holds when the employment's terms
	// (category, weekly hours) have not changed since.
	Carried    *ContractPay
	Employment Employment
	// On is the day of the check (submission or issue).
	On time.Time
}

// CheckApplicationPay is the pay rule of every application: no card, first,
// renewal or duplicate, goes ahead without a generated contract that pays at
// least the minimum in force on the contract's start date and, once the
// contract has started, the minimum in force on the day of the check (a
// scale indexed since the contract was drawn up raises what is due). A
// duplicate may rely on the replaced card's contract while the employment's
// terms are those that contract was drawn up for; once they changed, it needs
// its own. minimumOn computes the minimum in force on a day for the
// employment; its errors (no scale in force) are returned as they are.
//
// Submit and issue both call it, so a scale published between the two is
// checked again before the card exists.
func CheckApplicationPay(in PayInput, minimumOn func(day time.Time) (PayMinimum, error)) error {
	on := CalendarDay(in.On)
	c := in.Contract
	if c == nil && in.Kind == ApplicationDuplicate && in.Carried != nil &&
		in.Carried.Category == in.Employment.JobCategory && in.Carried.WeeklyHours == in.Employment.WeeklyHours {
		c = in.Carried
	}
	if c == nil {
		m, err := minimumOn(on)
		if err != nil {
			return err
		}
		return &Error{Kind: KindConflict, Code: CodeContractRequired, Args: payFigures(m),
			Message: "This application needs a contract checked against the salary scale: generate it first " +
				"(the minimum on {{.on}} is EUR {{.minimum}} a month, salary scale version {{.version_id}} of {{.effective_date}}, {{.seniority}} year(s) of seniority)."}
	}
	days := []time.Time{CalendarDay(c.StartDate)}
	if on.After(days[0]) {
		days = append(days, on)
	}
	for _, day := range days {
		m, err := minimumOn(day)
		if err != nil {
			return err
		}
		if c.Gross >= m.Monthly {
			continue
		}
		args := payFigures(m)
		args["offered"], args["reference"] = c.Gross, c.Reference
		return &Error{Kind: KindConflict, Code: CodeContractBelowMinimum, Args: args,
			Message: "Contract {{.reference}} pays EUR {{.offered}} a month, below the minimum of EUR {{.minimum}} that applies on {{.on}} " +
				"(salary scale version {{.version_id}} of {{.effective_date}}, {{.seniority}} year(s) of seniority). Generate an amended contract first."}
	}
	return nil
}

func payFigures(m PayMinimum) map[string]any {
	return map[string]any{
		"minimum": m.Monthly, "version_id": m.VersionID, "effective_date": m.EffectiveDate.Format(time.DateOnly),
		"category": m.Category, "seniority": m.SeniorityYears, "weekly_hours": m.WeeklyHours,
		"on": CalendarDay(m.On).Format(time.DateOnly),
	}
}
