package models

import (
	"strconv"
	"strings"
	"time"
)

// Records that change (issue 9). A worker, an employer, a mission or an
// employment is corrected or updated by writing a new version of it: the
// record's row holds the values now, and each change appends a RecordVersion
// naming who changed what, when and why, with the values before and after.
// Nothing a card or a contract printed is rewritten: contracts keep their
// snapshot, cards their number, dates and collection record.

// RecordEntity names the kind of record a version is of.
type RecordEntity string

// The records that change.
const (
	EntityWorker     RecordEntity = "worker"
	EntityEmployer   RecordEntity = "employer"
	EntityMission    RecordEntity = "mission"
	EntityEmployment RecordEntity = "employment"
)

// ChangeKind says why the values differ: a correction fixes a value that was
// wrong from the start (a typo in the passport number); an update records a
// fact that changed (a new passport at renewal, a new phone, a new rank).
type ChangeKind string

// Change kinds.
const (
	ChangeCorrection ChangeKind = "correction"
	ChangeUpdate     ChangeKind = "update"
)

// ChangeKinds lists every value, in the order forms show them.
var ChangeKinds = []ChangeKind{ChangeCorrection, ChangeUpdate}

// Valid reports whether k is a known value.
func (k ChangeKind) Valid() bool { return k == ChangeCorrection || k == ChangeUpdate }

// MaxChangeReason bounds the reason of a change, in characters.
const MaxChangeReason = 1000

// FieldChange is one field's value before and after a change, as text.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// RecordVersion is one change of a record.
type RecordVersion struct {
	ID       int64
	Entity   RecordEntity
	EntityID int64
	// Version counts the record's changes from 1.
	Version int
	Kind    ChangeKind
	// Action names what was done: "edit", "reopen", "end", "terms".
	Action  string
	Reason  string
	Changes []FieldChange
	// EffectiveOn is the day the change takes effect, for changes that have
	// one (an employment's end, new terms from a date).
	EffectiveOn *time.Time
	ChangedByID int64
	ChangedBy   string // the name, for display
	ChangedAt   time.Time
}

// RecordField is one field of a record as a version stores it.
type RecordField struct{ Name, Value string }

// Codes of the refusals of a change.
const (
	CodeNoChange        = "no_change"
	CodeMissionNotClose = "mission_not_closed"
)

// ChangeRequest is what every change carries besides the new values.
type ChangeRequest struct {
	Kind   ChangeKind
	Reason string
}

// Normalize trims the reason.
func (c *ChangeRequest) Normalize() { c.Reason = strings.TrimSpace(c.Reason) }

// Validate requires a kind and a reason a later reader can understand.
func (c ChangeRequest) Validate() error {
	var v Validation
	c.validate(&v)
	return v.Err()
}

func (c ChangeRequest) validate(v *Validation) {
	if !c.Kind.Valid() {
		v.Add("change_kind", "invalid_choice", "Say whether this corrects a mistake or records a change.")
	}
	validateReason(v, c.Reason)
}

func validateReason(v *Validation, reason string) {
	switch n := len([]rune(strings.TrimSpace(reason))); {
	case n == 0:
		v.Add("reason", "required", "Give the reason for the change; it is kept in the record's history.")
	case n > MaxChangeReason:
		v.Add("reason", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": MaxChangeReason})
	case strings.ContainsFunc(reason, func(r rune) bool { return isControl(r) && r != '\n' && r != '\r' && r != '\t' }):
		v.Add("reason", "invalid_characters", "Remove control characters from the reason.")
	}
}

// DiffFields returns the fields whose value differs between before and
// after, in after's order. A field absent from before counts as empty.
func DiffFields(before, after []RecordField) []FieldChange {
	old := make(map[string]string, len(before))
	for _, f := range before {
		old[f.Name] = f.Value
	}
	var out []FieldChange
	for _, f := range after {
		if old[f.Name] != f.Value {
			out = append(out, FieldChange{Field: f.Name, Old: old[f.Name], New: f.Value})
		}
	}
	return out
}

// RequireChange refuses a change that changes nothing: a version without a
// difference would only blur the history.
func RequireChange(changes []FieldChange) error {
	if len(changes) == 0 {
		return Fail(KindInvalid, CodeNoChange, "Nothing differs from the record as it is: change a value, or leave the record as it is.")
	}
	return nil
}

func dayText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return CalendarDay(t).Format(time.DateOnly)
}

func optionalDayText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return dayText(*t)
}

func boolText(b bool) string { return strconv.FormatBool(b) }

// RecordFields are the worker's values as a version keeps them.
func (w Worker) RecordFields() []RecordField {
	return []RecordField{
		{"family_name", w.FamilyName}, {"given_names", w.GivenNames}, {"family_name_first", boolText(w.FamilyNameFirst)},
		{"date_of_birth", dayText(w.DateOfBirth)},
		{"sex", string(w.Sex)}, {"nationality", w.Nationality}, {"passport_number", w.PassportNumber},
		{"passport_expires_on", dayText(w.PassportExpiresOn)}, {"languages", w.Languages}, {"phone", w.Phone},
		{"iban", w.IBAN}, {"account_in_sole_name", boolText(w.AccountInSoleName)}, {"residence_status", string(w.ResidenceStatus)},
	}
}

// ReviseWorker returns the worker with the values of next, keeping what
// identifies the record (its id and creation). It normalises and validates
// the result and refuses a revision that changes nothing. The caller checks
// the duplicate rule against the other workers.
func ReviseWorker(current, next Worker, ch ChangeRequest, today time.Time) (Worker, []FieldChange, error) {
	next.ID, next.CreatedAt = current.ID, current.CreatedAt
	next.Normalize()
	ch.Normalize()
	var v Validation
	v.Merge(next.Validate(today))
	v.Merge(CheckWorkerRevisionDates(current, next, ch, today))
	ch.validate(&v)
	if err := v.Err(); err != nil {
		return current, nil, err
	}
	changes := DiffFields(current.RecordFields(), next.RecordFields())
	if err := RequireChange(changes); err != nil {
		return current, nil, err
	}
	return next, changes, nil
}

// RecordFields are the employer's values as a version keeps them.
func (e Employer) RecordFields() []RecordField {
	return []RecordField{
		{"family_name", e.FamilyName}, {"given_names", e.GivenNames}, {"title", e.Title},
		{"head_of_mission", boolText(e.HeadOfMission)}, {"entitled_to_private_servant", boolText(e.EntitledToPrivateServant)},
		{"posting_ends_on", optionalDayText(e.PostingEndsOn)},
	}
}

// ReviseEmployer returns the employer with next's values. The mission stays:
// a member posted to another mission is another employer record.
func ReviseEmployer(current, next Employer, ch ChangeRequest) (Employer, []FieldChange, error) {
	next.ID, next.MissionID, next.CreatedAt = current.ID, current.MissionID, current.CreatedAt
	next.Normalize()
	ch.Normalize()
	var v Validation
	v.Merge(next.Validate())
	ch.validate(&v)
	if err := v.Err(); err != nil {
		return current, nil, err
	}
	changes := DiffFields(current.RecordFields(), next.RecordFields())
	if err := RequireChange(changes); err != nil {
		return current, nil, err
	}
	return next, changes, nil
}

// RecordFields are the mission's values as a version keeps them.
func (m Mission) RecordFields() []RecordField {
	return []RecordField{{"mission_name", m.Name}, {"status", string(m.Status)}, {"closed_on", optionalDayText(m.ClosedOn)}, {"language", m.Language}}
}

// ReopenMission reopens a mission closed by mistake. Only a closed mission
// can be reopened, and the reason is required: the closing stays in the
// history.
func ReopenMission(m Mission, reason string) (Mission, []FieldChange, error) {
	var v Validation
	validateReason(&v, reason)
	if err := v.Err(); err != nil {
		return m, nil, err
	}
	if m.Active() {
		return m, nil, Fail(KindConflict, CodeMissionNotClose, "This mission is not closed: there is nothing to reopen.")
	}
	next := m
	next.Status, next.ClosedOn = MissionActive, nil
	return next, DiffFields(m.RecordFields(), next.RecordFields()), nil
}

// RecordFields are the employment's values as a version keeps them.
func (e Employment) RecordFields() []RecordField {
	return []RecordField{
		{"starts_on", dayText(e.StartsOn)}, {"ends_on", optionalDayText(e.EndsOn)}, {"job_category", string(e.JobCategory)},
		{"weekly_hours", strconv.FormatFloat(e.WeeklyHours, 'f', -1, 64)}, {"live_in", boolText(e.LiveIn)},
	}
}

// Codes of the refusals of an employment change.
const (
	CodeEffectiveBeforeStart = "before_start"
	CodeEffectiveAfterEnd    = "after_end"
)

// EndEmployment ends an employment on a day, with a reason. An employment
// already ended may have its end moved (a correction); the end can never
// come before the start.
func EndEmployment(e Employment, endsOn time.Time, reason string) (Employment, []FieldChange, error) {
	var v Validation
	if endsOn.IsZero() {
		v.Add("ends_on", "required", "Enter the last day of the employment.")
	} else if CalendarDay(endsOn).Before(CalendarDay(e.StartsOn)) {
		v.Add("ends_on", CodeEffectiveBeforeStart, "The end date cannot be before the start date ({{.starts_on}}).",
			map[string]any{"starts_on": dayText(e.StartsOn)})
	}
	validateReason(&v, reason)
	if err := v.Err(); err != nil {
		return e, nil, err
	}
	next := e
	d := CalendarDay(endsOn)
	next.EndsOn = &d
	changes := DiffFields(e.RecordFields(), next.RecordFields())
	if err := RequireChange(changes); err != nil {
		return e, nil, err
	}
	return next, changes, nil
}

// ChangeEmploymentTerms changes the weekly hours and the category of an
// employment from a day on. The day must fall within the employment; the
// version keeps it, and contracts already generated keep the terms they
// printed.
func ChangeEmploymentTerms(e Employment, from time.Time, hours float64, category JobCategory, reason string) (Employment, []FieldChange, error) {
	next := e
	next.WeeklyHours, next.JobCategory = hours, category
	var v Validation
	if err, ok := next.Validate().(*Error); ok {
		for _, f := range err.Fields {
			if f.Field == "weekly_hours" || f.Field == "job_category" {
				v.Add(f.Field, f.Code, f.Message, f.Args)
			}
		}
	}
	switch {
	case from.IsZero():
		v.Add("effective_on", "required", "Enter the day the new terms apply from.")
	case CalendarDay(from).Before(CalendarDay(e.StartsOn)):
		v.Add("effective_on", CodeEffectiveBeforeStart, "The new terms cannot apply before the employment starts ({{.starts_on}}).",
			map[string]any{"starts_on": dayText(e.StartsOn)})
	case e.EndsOn != nil && CalendarDay(from).After(CalendarDay(*e.EndsOn)):
		v.Add("effective_on", CodeEffectiveAfterEnd, "The employment ended on {{.ends_on}}: new terms cannot apply after it.",
			map[string]any{"ends_on": dayText(*e.EndsOn)})
	}
	validateReason(&v, reason)
	if err := v.Err(); err != nil {
		return e, nil, err
	}
	changes := DiffFields(e.RecordFields(), next.RecordFields())
	if err := RequireChange(changes); err != nil {
		return e, nil, err
	}
	return next, changes, nil
}

// CloseMission closes an active mission on a day, with a reason. Its
// employers can no longer have applications submitted, so their workers'
// cards can no longer be renewed.
func CloseMission(m Mission, on time.Time, reason string) (Mission, []FieldChange, error) {
	var v Validation
	if on.IsZero() {
		v.Add("closed_on", "required", "Enter a date.")
	}
	validateReason(&v, reason)
	if err := v.Err(); err != nil {
		return m, nil, err
	}
	if !m.Active() {
		return m, nil, Fail(KindConflict, "mission_closed", "This mission is already closed.")
	}
	next := m
	d := CalendarDay(on)
	next.Status, next.ClosedOn = MissionClosed, &d
	return next, DiffFields(m.RecordFields(), next.RecordFields()), nil
}

// Irreversible actions are taken in two steps: without the caller's
// confirmation the action is refused, with nothing changed, by an error
// naming its consequence; the page shows it on a confirmation step, the API
// answers it as a problem whose args carry the figures.
const (
	CodeConfirmMissionClose  = "confirm_mission_close"
	CodeConfirmEmploymentEnd = "confirm_employment_end"
	CodeConfirmScalePublish  = "confirm_scale_publish"
)

// IsConfirmation reports whether err is the request to confirm an
// irreversible action.
func IsConfirmation(err error) bool {
	c := ErrorCode(err)
	return c == CodeConfirmMissionClose || c == CodeConfirmEmploymentEnd || c == CodeConfirmScalePublish ||
		c == CodeConfirmScaleCorrection
}

func confirmation(code, message string, args map[string]any) *Error {
	e := Fail(KindConflict, code, message)
	args["confirm_required"] = true
	e.Args = args
	return e
}

// MissionCloseConsequence is what closing a mission does: the workers of its
// employers who hold a card in use can no longer have it renewed.
func MissionCloseConsequence(workers int) *Error {
	return confirmation(CodeConfirmMissionClose,
		"Closing this mission means {{.workers}} worker(s)' cards can no longer be renewed: its employers can no longer sponsor an application. Confirm to close it.",
		map[string]any{"workers": workers})
}

// EmploymentEndConsequence is what ending an employment does: the worker's
// card in use for it can no longer be renewed after the last day.
func EmploymentEndConsequence(cards int, endsOn time.Time) *Error {
	return confirmation(CodeConfirmEmploymentEnd,
		"Ending this employment on {{.ends_on}} means {{.cards}} card(s) in use for it can no longer be renewed, and no application for it can be submitted after that day. Confirm to end it.",
		map[string]any{"cards": cards, "ends_on": dayText(endsOn)})
}

// ScalePublishConsequence is what publishing a salary scale version does: it
// becomes the minimum for every contract starting from its effective date
// and can never be edited or withdrawn; contracts of applications in
// progress that start from that day were drawn up under an earlier version.
func ScalePublishConsequence(contracts int, effective time.Time) *Error {
	return confirmation(CodeConfirmScalePublish,
		"Publishing this version makes it the minimum for every contract starting from {{.effective_date}}, and it can never be edited or withdrawn. {{.contracts}} contract(s) of applications in progress start from that day and were drawn up under an earlier version: generate them again. Confirm to publish.",
		map[string]any{"contracts": contracts, "effective_date": dayText(effective)})
}

// ErasedVersion is what a worker's versions hold once the worker is
// anonymised under the retention rule (issue 12): the reason and the values
// before and after may carry the personal data erased (a corrected passport
// number, a former name), so both are replaced by these constants, the only
// change the database lets anyone make to a version (migration 00021).
var ErasedVersion = struct {
	Reason  string
	Changes []FieldChange
}{Reason: "(erased)", Changes: []FieldChange{{Field: "erased"}}}
