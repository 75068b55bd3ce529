package models

import "time"

// Dates that must still lie ahead when a record is entered (issue 13): a
// worker is not registered on a passport that has already expired, nor an
// employer on a posting that has already ended. Eligibility at submit checks
// the same facts again for the application (CheckEligibility); this check is
// at the door, so the clerk corrects the date before seven uploads, not after.
// The record's own Validate stays as it is: a record entered years ago keeps
// its dates, and correcting its other fields stays possible.

// The codes are eligibility's (CodePassportExpired, CodePostingEnded), on
// the entry form's own field.

func passportExpired(v *Validation, w Worker, today time.Time) {
	if !w.PassportExpiresOn.IsZero() && CalendarDay(w.PassportExpiresOn).Before(CalendarDay(today)) {
		v.Add("passport_expires_on", CodePassportExpired,
			"This passport expired on {{.expires_on}}: register the worker on a passport valid today.",
			map[string]any{"expires_on": CalendarDay(w.PassportExpiresOn).Format(time.DateOnly)})
	}
}

func postingEnded(v *Validation, e Employer, today time.Time) {
	if e.PostingEnded(today) {
		v.Add("posting_ends_on", CodePostingEnded,
			"This posting ended on {{.ends_on}}: an employer is registered only while posted. Check the date.",
			map[string]any{"ends_on": CalendarDay(*e.PostingEndsOn).Format(time.DateOnly)})
	}
}

// ValidateEntry checks a new worker record as of today: Validate, and a
// passport not yet expired. Every error is reported at once.
func (w Worker) ValidateEntry(today time.Time) error {
	var v Validation
	v.Merge(w.Validate(today))
	passportExpired(&v, w, today)
	return v.Err()
}

// ValidateEntry checks a new employer record as of today: Validate, and a
// posting not yet ended.
func (e Employer) ValidateEntry(today time.Time) error {
	var v Validation
	v.Merge(e.Validate())
	postingEnded(&v, e, today)
	return v.Err()
}

// CheckWorkerRevisionDates refuses an update (a new passport) whose expiry
// already lies behind on today. A correction may set a past date, since it
// fixes what the old record should have said, and a revision that leaves an
// expired passport's date as it was is not refused for it.
func CheckWorkerRevisionDates(current, next Worker, ch ChangeRequest, today time.Time) error {
	if ch.Kind != ChangeUpdate || CalendarDay(current.PassportExpiresOn).Equal(CalendarDay(next.PassportExpiresOn)) {
		return nil
	}
	var v Validation
	passportExpired(&v, next, today)
	return v.Err()
}
