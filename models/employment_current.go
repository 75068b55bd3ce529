package models

import "time"

// CheckEmploymentNotEnded refuses to register an employment whose last day
// is already past on today (issue 13): no card can follow it.
func CheckEmploymentNotEnded(e Employment, today time.Time) error {
	var v Validation
	if e.EndsOn != nil && CalendarDay(*e.EndsOn).Before(CalendarDay(today)) {
		v.Add("ends_on", "ended", "This employment has ended already: no card can be issued for it.")
	}
	return v.Err()
}

// CheckEmployerBeforeUploads refuses documents for an application whose
// employer can have no private servant (not entitled, or posting ended):
// eligibility would refuse it at submission anyway (CheckEligibility, with
// the same codes), so the clerk is told before the first upload.
func CheckEmployerBeforeUploads(e Employer, today time.Time) error {
	day := CalendarDay(today)
	switch {
	case !e.EntitledToPrivateServant:
		return &Error{Kind: KindConflict, Code: CodeEmployerNotEntitled,
			Message: "The employer is not recorded as entitled to a private servant; check the employer's rank with the mission's note verbale before collecting documents."}
	case e.PostingEnded(day):
		return &Error{Kind: KindConflict, Code: CodePostingEnded, Message: "The employer's posting in Belgium has ended: no card can follow this application."}
	}
	return nil
}
