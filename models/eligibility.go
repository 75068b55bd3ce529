package models

import (
	"slices"
	"time"
)

// MinimumAge is the worker's minimum age on the submission date.
const MinimumAge = 18

// Eligibility reason codes: each is a FieldError.Code in the not_eligible
// error, on the field named with it below.
const (
	CodeNotEligible          = "not_eligible"
	CodeWorkerUnder18        = "worker_under_18"           // worker.date_of_birth
	CodeWorkerBelgian        = "worker_belgian"            // worker.nationality
	CodeResidencePermanent   = "residence_permanent"       // worker.residence_status
	CodeResidenceIrregular   = "residence_irregular"       // worker.residence_status
	CodeResidenceTemporary   = "residence_temporary"       // worker.residence_status
	CodeResidenceUnknown     = "residence_unknown"         // worker.residence_status
	CodePassportExpired      = "passport_expired"          // worker.passport_expires_on
	CodeAccountMissing       = "account_missing"           // worker.iban
	CodeAccountNotSoleName   = "account_not_sole_name"     // worker.iban
	CodeCumulativeCapReached = "cumulative_cap_reached"    // worker.cumulative_service
	CodeMissionClosed        = "mission_closed"            // mission.status
	CodeEmployerMissionWrong = "employer_mission_mismatch" // employer.mission_id
	CodeEmployerNotEntitled  = "employer_not_entitled"     // employer.entitled
	CodePostingEnded         = "posting_ended"             // employer.posting_ends_on
	CodeEmployerRestricted   = "employer_restricted"       // employer.restricted
	CodeHouseholdCapReached  = "household_cap_reached"     // employer.household
	CodeEmploymentMismatch   = "employment_mismatch"       // employment
	CodeEmploymentEnded      = "employment_ended"          // employment.ends_on
	CodeNotFullTime          = "not_full_time"             // employment.weekly_hours
	CodeDocumentMissing      = "document_missing"          // documents.<kind>
)

// EligibilityInput is everything the submit check needs. The caller loads it
// inside the submitting transaction; the rules here decide.
type EligibilityInput struct {
	Application Application
	Worker      Worker
	Employer    Employer
	Mission     Mission
	Employment  Employment
	// Documents are the kinds attached to the application.
	Documents []DocumentKind
	SubmitOn  time.Time
	// OtherServants counts the other workers (not this one) the employer
	// currently has as private servants: an active employment with a card in
	// use or an application in progress.
	OtherServants int
	// CumulativeServiceDays is TotalDays of the worker's earlier cards'
	// service periods (Card.ServicePeriod), including a card still running.
	CumulativeServiceDays int
	// CapException is true when an admin granted this worker an exception to
	// the cumulative cap, with a reason; the caller audits it.
	CapException bool
	// EmployerRestricted and EmployerRestrictionReason carry an admin's
	// restriction on the employer ("no new private servants"), added by the
	// interview issue. The reason is shown to the clerk as given.
	EmployerRestricted        bool
	EmployerRestrictionReason string
}

// Eligibility returns every condition the application fails, each with a code
// and a message a clerk can act on, in a stable order; nil means eligible.
// All failures are reported at once so the file is completed in one round.
//
// A duplicate is not checked against the household and cumulative caps nor
// full-time work: it replaces a card already decided, adds no servant and no
// time (it keeps the replaced card's expiry), and a later change of setting
// must not strand a worker without a card.
func Eligibility(in EligibilityInput, s Settings) []FieldError {
	var v Validation
	day := CalendarDay(in.SubmitOn)
	w, emp, m, job := in.Worker, in.Employer, in.Mission, in.Employment
	kind := in.Application.Kind
	if !kind.Valid() {
		v.Add("application.kind", "invalid_choice", "Choose first issuance, renewal or duplicate.")
	}

	// The worker.
	if age := AgeOn(w.DateOfBirth, day); w.DateOfBirth.IsZero() || age < MinimumAge {
		v.Add("worker.date_of_birth", CodeWorkerUnder18,
			"The worker must be {{.min_age}} or older on the submission date; check the date of birth against the passport.",
			map[string]any{"age": age, "min_age": MinimumAge})
	}
	if w.Nationality == CountryBelgium {
		v.Add("worker.nationality", CodeWorkerBelgian,
			"A Belgian cannot hold a type S card: a Belgian worker is employed under ordinary Belgian law.")
	}
	switch st := w.ResidenceStatus; {
	case st.Acceptable():
	case st == ResidencePermanent:
		v.Add("worker.residence_status", CodeResidencePermanent,
			"The worker is a permanent resident: the type S card is only for workers who come to Belgium for this employment.")
	case st == ResidenceIrregular:
		v.Add("worker.residence_status", CodeResidenceIrregular,
			"The worker is in irregular stay: a type S card cannot be issued. If the worker may be a victim, talk to an interviewer.")
	case st == ResidenceTourist || st == ResidenceAuPair || st == ResidenceStudent || st == ResidenceOtherTemporary:
		v.Add("worker.residence_status", CodeResidenceTemporary,
			"The worker is in Belgium on a temporary stay (tourist, au pair, student or other permit), which cannot be turned into a type S card.",
			map[string]any{"residence_status": string(st)})
	default:
		v.Add("worker.residence_status", CodeResidenceUnknown, "Record the worker's residence status.")
	}
	if w.PassportExpiresOn.IsZero() || CalendarDay(w.PassportExpiresOn).Before(day) {
		v.Add("worker.passport_expires_on", CodePassportExpired,
			"The worker's passport has expired; record the new passport first.")
	}
	if s.RequireSoleNameAccount {
		switch {
		case w.IBAN == "":
			v.Add("worker.iban", CodeAccountMissing,
				"Record the IBAN of the worker's salary account: pay goes by transfer to an account in the worker's sole name.")
		case !w.AccountInSoleName:
			v.Add("worker.iban", CodeAccountNotSoleName,
				"Confirm, from a bank document, that the account is in the worker's sole name (no co-holder, not the employer).")
		}
	}
	if kind != ApplicationDuplicate && !in.CapException && in.CumulativeServiceDays >= s.MaxCumulativeDays() {
		v.Add("worker.cumulative_service", CodeCumulativeCapReached,
			"The worker has reached the {{.max_years}}-year limit as a private servant. Only an admin can grant an exception, with a reason.",
			map[string]any{"days": in.CumulativeServiceDays, "max_days": s.MaxCumulativeDays(), "max_years": s.MaxCumulativeYears})
	}

	// The mission and the employer.
	if !m.Active() {
		v.Add("mission.status", CodeMissionClosed, "The employer's mission is closed: it cannot sponsor a card.")
	}
	if emp.MissionID != m.ID {
		v.Add("employer.mission_id", CodeEmployerMissionWrong, "The employer is not a member of this mission; check the employer's record.")
	}
	if !emp.EntitledToPrivateServant {
		v.Add("employer.entitled", CodeEmployerNotEntitled,
			"The employer is not recorded as entitled to a private servant; check the employer's rank with the mission's note verbale.")
	}
	if emp.PostingEnded(day) {
		v.Add("employer.posting_ends_on", CodePostingEnded, "The employer's posting in Belgium has ended.")
	}
	if in.EmployerRestricted {
		v.Add("employer.restricted", CodeEmployerRestricted,
			"An admin has restricted this employer from taking new private servants: {{.reason}}",
			map[string]any{"reason": in.EmployerRestrictionReason})
	}
	if cp := s.HouseholdCapFor(emp); kind != ApplicationDuplicate && in.OtherServants >= cp {
		v.Add("employer.household", CodeHouseholdCapReached,
			"The employer already has {{.count}} private servant(s), the most allowed per household ({{.cap}}).",
			map[string]any{"count": in.OtherServants, "cap": cp})
	}

	// The employment.
	if job.WorkerID != w.ID || job.EmployerID != emp.ID ||
		in.Application.WorkerID != w.ID || in.Application.EmployerID != emp.ID || in.Application.EmploymentID != job.ID {
		v.Add("employment", CodeEmploymentMismatch, "The employment chosen is not this worker's with this employer.")
	}
	if job.Ended(day) {
		v.Add("employment.ends_on", CodeEmploymentEnded, "The employment has ended.")
	}
	if kind != ApplicationDuplicate && job.WeeklyHours < s.FullTimeWeeklyHours {
		v.Add("employment.weekly_hours", CodeNotFullTime,
			"A private servant works full-time: the contract must state at least {{.min}} hours a week.",
			map[string]any{"hours": job.WeeklyHours, "min": s.FullTimeWeeklyHours})
	}

	// The file.
	for _, k := range MissingDocuments(kind, in.Documents) {
		v.Add("documents."+string(k), CodeDocumentMissing, "Attach the {{.label}}.", map[string]any{"kind": string(k), "label": k.Label()})
	}

	if err, ok := v.Err().(*Error); ok {
		return err.Fields
	}
	return nil
}

// CheckEligibility returns nil when the application may be submitted, or a
// not_eligible error listing every failing condition in Fields.
func CheckEligibility(in EligibilityInput, s Settings) error {
	reasons := Eligibility(in, s)
	if len(reasons) == 0 {
		return nil
	}
	return &Error{Kind: KindInvalid, Code: CodeNotEligible,
		Message: "The application does not meet the conditions for a type S card.", Fields: reasons}
}

// CalendarDay returns t's calendar date (in t's own location) as midnight
// UTC, the form every date in this package is compared in, so that time zones
// and daylight saving never shift a day.
func CalendarDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DaysBetween returns the number of calendar days from a to b (negative when b
// is earlier).
func DaysBetween(a, b time.Time) int {
	return int(CalendarDay(b).Sub(CalendarDay(a)).Hours() / 24)
}

// Period is a span of calendar days, both ends included.
type Period struct {
	From time.Time
	To   time.Time
}

// Days returns the number of days in p (0 when To is before From).
func (p Period) Days() int {
	if n := DaysBetween(p.From, p.To) + 1; n > 0 {
		return n
	}
	return 0
}

// MergePeriods returns the union of ps as sorted, disjoint periods, merging
// overlapping and back-to-back ones. A renewal issued before the old card
// expires, or a duplicate of a lost card, overlaps an earlier card: merging
// counts each day once. Empty periods are dropped.
func MergePeriods(ps []Period) []Period {
	var in []Period
	for _, p := range ps {
		if p.Days() > 0 {
			in = append(in, Period{CalendarDay(p.From), CalendarDay(p.To)})
		}
	}
	slices.SortFunc(in, func(a, b Period) int { return a.From.Compare(b.From) })
	var out []Period
	for _, p := range in {
		if n := len(out); n > 0 && !p.From.After(out[n-1].To.AddDate(0, 0, 1)) {
			if p.To.After(out[n-1].To) {
				out[n-1].To = p.To
			}
			continue
		}
		out = append(out, p)
	}
	return out
}

// TotalDays returns the number of distinct days ps cover.
func TotalDays(ps []Period) int {
	total := 0
	for _, p := range MergePeriods(ps) {
		total += p.Days()
	}
	return total
}

// CapEndsOn returns the last day a card starting on from may run without the
// worker's service exceeding capDays, given earlier service periods, and false
// when the cap is already reached before from. Service after from is assumed
// continuous (the new card covers it).
func CapEndsOn(earlier []Period, from time.Time, capDays int) (time.Time, bool) {
	from = CalendarDay(from)
	before := 0
	for _, p := range MergePeriods(earlier) {
		if !p.From.Before(from) {
			break
		}
		to := p.To
		if !to.Before(from) {
			to = from.AddDate(0, 0, -1)
		}
		before += Period{p.From, to}.Days()
	}
	remaining := capDays - before
	if remaining <= 0 {
		return time.Time{}, false
	}
	return from.AddDate(0, 0, remaining-1), true
}
