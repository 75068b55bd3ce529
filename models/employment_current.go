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
