package models

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The history of a worker: every indicator answered yes or unclear, in any
// interview or reported from outside one, kept for life and across employers,
// so that the next interviewer knows what the last one saw. The history is
// append-only: a mistake is corrected by a new observation that supersedes
// the old one, and both stay visible.

// NoteSealer encrypts a note before it is stored. app/sealed.Sealer
// implements it; the domain names only the method it needs so that models
// stays free of key handling.
type NoteSealer interface {
	Seal(plaintext, additionalData []byte) ([]byte, error)
}

// ObservationSource says where an observation comes from.
type ObservationSource string

// Observation sources.
const (
	ObservationFromInterview ObservationSource = "interview"
	ObservationFromSignal    ObservationSource = "signal"
)

// Valid reports whether s is a known source.
func (s ObservationSource) Valid() bool {
	return s == ObservationFromInterview || s == ObservationFromSignal
}

// IndicatorObservation is one indicator seen for one worker. It is never
// updated or deleted; see Supersede.
type IndicatorObservation struct {
	ID       int64
	WorkerID int64
	// EmployerID is the worker's employer when the indicator was observed,
	// nil when there was none (a signal after the employment ended). It is
	// what the employer view and the employer alert group by.
	EmployerID    *int64
	Taxonomy      Taxonomy
	IndicatorCode string
	// Answer is yes or unclear; "no" only on a correction that withdraws an
	// earlier observation.
	Answer IndicatorAnswer
	// Grade is the ILO-EC grade of the indicator, copied from the catalogue
	// so the record keeps the grade in force when it was written; empty for
	// the ILO forced-labour list.
	Grade  Grade
	Source ObservationSource
	// InterviewID is set for an interview observation, SignalID and
	// SignalSource for a signal observation.
	InterviewID  *int64
	SignalID     *int64
	SignalSource SignalSource
	// ObservedOn is the day of the interview or the day the signal was
	// received.
	ObservedOn   time.Time
	RecordedByID int64
	// Note is the sealed note (ciphertext from NoteSealer, additional data
	// ObservationNoteAAD); nil when there is none. Plain text is never held
	// in this struct, so no code path can store or render it by accident.
	Note []byte
	// SupersedesID and CorrectionReason are set on a correction: it
	// replaces the observation SupersedesID, which stays on the timeline,
	// marked as superseded.
	SupersedesID     *int64
	CorrectionReason string
	CreatedAt        time.Time
}

// Current reports whether the observation still counts: not withdrawn by a
// correction answered "no". Whether it is superseded is a property of the
// whole history; see Timeline.
func (o IndicatorObservation) Current() bool { return o.Answer.Observed() }

// ObservationNoteAAD is the additional data an observation's note is sealed
// with. It binds the ciphertext to the observation's immutable facts
// (worker, source, indicator, the entry it corrects) rather than to its row
// id, because the note is sealed before the row exists; since observations
// are never updated, these facts identify the row for its whole life, and a
// note moved to another worker, interview or indicator does not open.
func ObservationNoteAAD(o IndicatorObservation) []byte {
	return observationAAD("indicator_observation_note", o)
}

// ObservationCorrectionReasonAAD is the additional data a correction's
// reason is sealed with: the same facts as the note's, another purpose.
func ObservationCorrectionReasonAAD(o IndicatorObservation) []byte {
	return observationAAD("indicator_observation_correction_reason", o)
}

func observationAAD(purpose string, o IndicatorObservation) []byte {
	b := append([]byte(purpose), ":worker="...)
	b = strconv.AppendInt(b, o.WorkerID, 10)
	switch {
	case o.InterviewID != nil:
		b = strconv.AppendInt(append(b, ":interview="...), *o.InterviewID, 10)
	case o.SignalID != nil:
		b = strconv.AppendInt(append(b, ":signal="...), *o.SignalID, 10)
	}
	b = append(append(b, ":code="...), o.IndicatorCode...)
	if o.SupersedesID != nil {
		b = strconv.AppendInt(append(b, ":supersedes="...), *o.SupersedesID, 10)
	}
	return b
}

// Validate checks an observation before it is appended.
func (o IndicatorObservation) Validate() error {
	var v Validation
	if o.WorkerID <= 0 {
		v.Add("worker_id", "required", "Choose the worker.")
	}
	ind, known := indicatorsByCode[o.IndicatorCode]
	switch {
	case !known:
		v.Add("indicator_code", "invalid_choice", "Unknown indicator.")
	case o.Taxonomy != ind.Taxonomy:
		v.Add("taxonomy", "taxonomy_mismatch", "The indicator does not belong to this list.")
	case o.Grade != ind.Grade:
		v.Add("grade", "grade_mismatch", "The grade must be the one the indicator list gives.")
	}
	switch {
	case o.Answer.Observed():
	case o.Answer == IndicatorNo && o.SupersedesID != nil:
		// A correction may withdraw an observation that turned out wrong.
	default:
		v.Add("answer", "invalid_choice", "Only yes or unclear answers are kept in the history.")
	}
	switch o.Source {
	case ObservationFromInterview:
		if o.InterviewID == nil || *o.InterviewID <= 0 || o.SignalID != nil || o.SignalSource != "" {
			v.Add("source", "source_mismatch", "An interview observation names its interview and nothing else.")
		}
	case ObservationFromSignal:
		if o.SignalID == nil || *o.SignalID <= 0 || o.InterviewID != nil || !o.SignalSource.Valid() {
			v.Add("source", "source_mismatch", "A signal observation names its signal and the signal's source.")
		}
	default:
		v.Add("source", "invalid_choice", "Unknown source.")
	}
	if o.ObservedOn.IsZero() {
		v.Add("observed_on", "required", "Enter the date.")
	}
	if o.RecordedByID <= 0 {
		v.Add("recorded_by_id", "required", "The person recording must be known.")
	}
	if o.SupersedesID != nil {
		validateCorrectionReason(&v, o.CorrectionReason)
	} else if o.CorrectionReason != "" {
		v.Add("correction_reason", "not_a_correction", "Only a correction carries a correction reason.")
	}
	return v.Err()
}

// ObservationContext is what an interview contributes to each observation it
// produces.
type ObservationContext struct {
	WorkerID     int64
	EmployerID   *int64 // the employer of the application the interview is for
	InterviewID  int64
	HeldOn       time.Time
	RecordedByID int64
}

// ObservationsFromInterview turns an interview's indicator answers into
// observations for the worker's history: one per indicator answered yes or
// unclear, in either list, in catalogue order; "no" answers are not kept.
// Each non-empty note is sealed with sealer; a note with no sealer is an
// error, never a plaintext row.
func ObservationsFromInterview(c ObservationContext, responses []IndicatorResponse, sealer NoteSealer) ([]IndicatorObservation, error) {
	if err := ValidateIndicatorResponses(responses); err != nil {
		return nil, err
	}
	byCode := make(map[string]IndicatorResponse, len(responses))
	for _, r := range responses {
		byCode[r.Code] = r
	}
	var out []IndicatorObservation
	for _, cat := range [][]Indicator{iloForcedLabourCatalogue, iloECCatalogue} {
		for _, ind := range cat {
			r, ok := byCode[ind.Code]
			if !ok || !r.Answer.Observed() {
				continue
			}
			interviewID := c.InterviewID
			o := IndicatorObservation{
				WorkerID:      c.WorkerID,
				EmployerID:    c.EmployerID,
				Taxonomy:      ind.Taxonomy,
				IndicatorCode: ind.Code,
				Answer:        r.Answer,
				Grade:         ind.Grade,
				Source:        ObservationFromInterview,
				InterviewID:   &interviewID,
				ObservedOn:    c.HeldOn,
				RecordedByID:  c.RecordedByID,
			}
			if err := o.Validate(); err != nil {
				return nil, fmt.Errorf("observation %s: %w", ind.Code, err)
			}
			if err := o.sealNote(r.Note, sealer); err != nil {
				return nil, err
			}
			out = append(out, o)
		}
	}
	return out, nil
}

func (o *IndicatorObservation) sealNote(note string, sealer NoteSealer) error {
	if strings.TrimSpace(note) == "" {
		return nil
	}
	if sealer == nil {
		return errors.New("observation note: no sealer configured")
	}
	sealed, err := sealer.Seal([]byte(note), ObservationNoteAAD(*o))
	if err != nil {
		return fmt.Errorf("seal observation note: %w", err)
	}
	o.Note = sealed
	return nil
}

// ObservationCorrection is what a person changes when correcting an
// observation. The indicator and answer may change; answer "no" withdraws
// the observation. Note is plain text, sealed by Supersede.
type ObservationCorrection struct {
	IndicatorCode string
	Answer        IndicatorAnswer
	Reason        string
	Note          string
	RecordedByID  int64
}

// Supersede returns the correction of old as a new observation to append:
// same worker, employer, source and date as old, the corrected indicator and
// answer, SupersedesID pointing to old and the reason. old itself is never
// changed. The caller checks first, inside its transaction, that old is not
// already superseded (CheckCorrection), so a history stays one chain.
func Supersede(old IndicatorObservation, c ObservationCorrection, sealer NoteSealer) (IndicatorObservation, error) {
	if old.ID <= 0 {
		return IndicatorObservation{}, Fail(KindNotFound, "not_found", "Only a recorded observation can be corrected.")
	}
	ind, ok := indicatorsByCode[c.IndicatorCode]
	if !ok {
		var v Validation
		v.Add("indicator_code", "invalid_choice", "Unknown indicator.")
		return IndicatorObservation{}, v.Err()
	}
	oldID := old.ID
	n := old
	n.ID = 0
	n.Taxonomy, n.IndicatorCode, n.Grade = ind.Taxonomy, ind.Code, ind.Grade
	n.Answer = c.Answer
	n.RecordedByID = c.RecordedByID
	n.Note = nil
	n.SupersedesID = &oldID
	n.CorrectionReason = strings.TrimSpace(c.Reason)
	n.CreatedAt = time.Time{}
	if err := n.Validate(); err != nil {
		return IndicatorObservation{}, err
	}
	if err := n.sealNote(c.Note, sealer); err != nil {
		return IndicatorObservation{}, err
	}
	return n, nil
}

// SignalSource says who reported a signal.
type SignalSource string

// Signal sources.
const (
	SignalNeighbour        SignalSource = "neighbour"
	SignalNGO              SignalSource = "ngo"
	SignalPolice           SignalSource = "police"
	SignalSocialInspection SignalSource = "social_inspection"
	SignalWorkerByPhone    SignalSource = "worker_by_phone"
	SignalOther            SignalSource = "other"
)

// SignalSources lists every signal source in the order forms show them.
var SignalSources = []SignalSource{
	SignalNeighbour, SignalNGO, SignalPolice, SignalSocialInspection, SignalWorkerByPhone, SignalOther,
}

// Valid reports whether s is a known signal source.
func (s SignalSource) Valid() bool { return slices.Contains(SignalSources, s) }

// Label is the English name of the source.
func (s SignalSource) Label() string {
	switch s {
	case SignalNeighbour:
		return "Neighbour"
	case SignalNGO:
		return "NGO"
	case SignalPolice:
		return "Police"
	case SignalSocialInspection:
		return "Social inspection"
	case SignalWorkerByPhone:
		return "The worker, by phone"
	case SignalOther:
		return "Other"
	}
	return string(s)
}

// Signal is information about a worker received outside an interview. Its
// indicators become observations (ObservationsFromSignal) so that the
// timeline shows them beside interview answers.
type Signal struct {
	ID         int64
	WorkerID   int64
	EmployerID *int64 // the worker's employer at the time, when known
	Source     SignalSource
	// SourceDetail says more about the source (which NGO, which police
	// zone); required for "other". Do not write a private informant's name
	// here: it is not sealed.
	SourceDetail string
	ReceivedOn   time.Time
	// Indicators are the indicator codes the signal reports. Storage keeps
	// them as the signal's observations, not as a column.
	Indicators []string
	// Note is sealed (additional data SignalNoteAAD); nil when empty.
	Note         []byte
	RecordedByID int64
	CreatedAt    time.Time
}

// SignalNoteAAD is the additional data a signal's note is sealed with. Like
// ObservationNoteAAD it uses immutable facts known before the row exists.
func SignalNoteAAD(s Signal) []byte {
	return []byte("signal_note:worker=" + strconv.FormatInt(s.WorkerID, 10) +
		":source=" + string(s.Source) +
		":received=" + s.ReceivedOn.Format(time.DateOnly) +
		":recorded_by=" + strconv.FormatInt(s.RecordedByID, 10))
}

// Validate checks a signal on the day today. At least one indicator is
// required: a signal is kept to be seen on the worker's timeline, which is
// made of indicators.
func (s Signal) Validate(today time.Time) error {
	var v Validation
	if s.WorkerID <= 0 {
		v.Add("worker_id", "required", "Choose the worker.")
	}
	switch {
	case s.Source == "":
		v.Add("source", "required", "Say where the signal comes from.")
	case !s.Source.Valid():
		v.Add("source", "invalid_choice", "Unknown source.")
	}
	switch d := strings.TrimSpace(s.SourceDetail); {
	case s.Source == SignalOther && d == "":
		v.Add("source_detail", "required", "Describe the source.")
	case len([]rune(d)) > 200:
		v.Add("source_detail", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": 200})
	}
	switch {
	case s.ReceivedOn.IsZero():
		v.Add("received_on", "required", "Enter the date the signal was received.")
	case CalendarDay(s.ReceivedOn).After(CalendarDay(today)):
		v.Add("received_on", "in_future", "The date cannot be in the future.")
	}
	if len(s.Indicators) == 0 {
		v.Add("indicators", "required", "Choose at least one indicator the signal reports.")
	}
	seen := make(map[string]bool, len(s.Indicators))
	for _, code := range s.Indicators {
		if _, ok := indicatorsByCode[code]; !ok {
			v.Add("indicators", "invalid_choice", "Unknown indicator.")
			break
		}
		if seen[code] {
			v.Add("indicators", "duplicate", "An indicator is listed twice.")
			break
		}
		seen[code] = true
	}
	if s.RecordedByID <= 0 {
		v.Add("recorded_by_id", "required", "The person recording must be known.")
	}
	return v.Err()
}

// SealNote seals note into s.Note. Call it after every field that
// SignalNoteAAD reads is set.
func (s *Signal) SealNote(note string, sealer NoteSealer) error {
	if strings.TrimSpace(note) == "" {
		s.Note = nil
		return nil
	}
	if sealer == nil {
		return errors.New("signal note: no sealer configured")
	}
	sealed, err := sealer.Seal([]byte(note), SignalNoteAAD(*s))
	if err != nil {
		return fmt.Errorf("seal signal note: %w", err)
	}
	s.Note = sealed
	return nil
}

// ObservationsFromSignal returns one observation (answer yes: the source
// reports it) per indicator of a stored signal. The note stays on the signal;
// the observations point to it.
func ObservationsFromSignal(s Signal) ([]IndicatorObservation, error) {
	if s.ID <= 0 {
		return nil, errors.New("observations from signal: the signal must be stored first")
	}
	out := make([]IndicatorObservation, 0, len(s.Indicators))
	for _, code := range s.Indicators {
		ind, ok := indicatorsByCode[code]
		if !ok {
			var v Validation
			v.Add("indicators", "invalid_choice", "Unknown indicator.")
			return nil, v.Err()
		}
		signalID := s.ID
		o := IndicatorObservation{
			WorkerID:      s.WorkerID,
			EmployerID:    s.EmployerID,
			Taxonomy:      ind.Taxonomy,
			IndicatorCode: ind.Code,
			Answer:        IndicatorYes,
			Grade:         ind.Grade,
			Source:        ObservationFromSignal,
			SignalID:      &signalID,
			SignalSource:  s.Source,
			ObservedOn:    s.ReceivedOn,
			RecordedByID:  s.RecordedByID,
		}
		if err := o.Validate(); err != nil {
			return nil, fmt.Errorf("observation %s: %w", code, err)
		}
		out = append(out, o)
	}
	return out, nil
}

// TimelineFilter selects entries of a worker's timeline. Empty lists mean
// "all".
type TimelineFilter struct {
	IndicatorCodes []string
	Sources        []ObservationSource
	SignalSources  []SignalSource
	// IncludeSuperseded shows corrected entries too, marked Superseded.
	IncludeSuperseded bool
}

// TimelineEntry is an observation as the timeline shows it.
type TimelineEntry struct {
	IndicatorObservation
	// Superseded is true when a later correction replaced this entry;
	// SupersededByID names that correction.
	Superseded     bool
	SupersededByID int64
}

// Timeline filters and orders a worker's observations, newest first (by
// date, then by id so corrections follow what they correct). Superseded
// entries are left out unless the filter asks for them; corrections are
// always in, and say what they supersede.
func Timeline(observations []IndicatorObservation, f TimelineFilter) []TimelineEntry {
	supersededBy := make(map[int64]int64)
	for _, o := range observations {
		if o.SupersedesID != nil {
			supersededBy[*o.SupersedesID] = o.ID
		}
	}
	var out []TimelineEntry
	for _, o := range observations {
		by, superseded := supersededBy[o.ID]
		if superseded && !f.IncludeSuperseded {
			continue
		}
		if len(f.IndicatorCodes) > 0 && !slices.Contains(f.IndicatorCodes, o.IndicatorCode) {
			continue
		}
		if len(f.Sources) > 0 && !slices.Contains(f.Sources, o.Source) {
			continue
		}
		if len(f.SignalSources) > 0 && !slices.Contains(f.SignalSources, o.SignalSource) {
			continue
		}
		out = append(out, TimelineEntry{IndicatorObservation: o, Superseded: superseded, SupersededByID: by})
	}
	slices.SortStableFunc(out, func(a, b TimelineEntry) int {
		if c := b.ObservedOn.Compare(a.ObservedOn); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	return out
}

// currentObservations drops superseded entries and withdrawals: what the
// history says today.
func currentObservations(observations []IndicatorObservation) []IndicatorObservation {
	entries := Timeline(observations, TimelineFilter{})
	out := make([]IndicatorObservation, 0, len(entries))
	for _, e := range entries {
		if e.Current() {
			out = append(out, e.IndicatorObservation)
		}
	}
	return out
}

// CTDCSummary returns the CTDC means-of-control fields that a worker's
// current observations answered yes support, for statistics and exchange.
// Unclear answers are left out: an exchange format has no "maybe".
func CTDCSummary(observations []IndicatorObservation) map[CTDCField]bool {
	out := make(map[CTDCField]bool)
	for _, o := range currentObservations(observations) {
		if o.Answer != IndicatorYes {
			continue
		}
		for _, f := range indicatorsByCode[o.IndicatorCode].CTDC {
			out[f] = true
		}
	}
	return out
}

// Employer alert reason codes.
const (
	AlertSeveralWorkers  = "several_workers"
	AlertStrongIndicator = "strong_indicator"
)

// EmployerAlertReason is one reason an employer is flagged.
type EmployerAlertReason struct {
	Code           string
	Message        string // English template with {{.name}} placeholders filled from Args; pages translate by Code
	Args           map[string]any
	WorkerIDs      []int64
	ObservationIDs []int64
}

// EmployerAlert flags an employer for a person's attention in the employer
// and mission views. Like the screening signal it is advice, not a finding;
// unclear answers count, because the point is that someone looks.
type EmployerAlert struct {
	EmployerID int64
	Reasons    []EmployerAlertReason
}

// Raised reports whether there is any reason to look at the employer.
func (a EmployerAlert) Raised() bool { return len(a.Reasons) > 0 }

// EmployerAlertFor applies the alert rule to the observations of one
// employer (others in the slice are ignored): current observations from two
// or more distinct workers, or any current strong-grade indicator.
// Superseded and withdrawn observations do not count.
func EmployerAlertFor(employerID int64, observations []IndicatorObservation) EmployerAlert {
	return employerAlertOfCurrent(employerID, currentObservations(observations))
}

// employerAlertOfCurrent is EmployerAlertFor on observations that are
// current already.
func employerAlertOfCurrent(employerID int64, current []IndicatorObservation) EmployerAlert {
	alert := EmployerAlert{EmployerID: employerID}
	var workers, strongWorkers, allIDs, strongIDs []int64
	for _, o := range current {
		if o.EmployerID == nil || *o.EmployerID != employerID {
			continue
		}
		allIDs = append(allIDs, o.ID)
		if !slices.Contains(workers, o.WorkerID) {
			workers = append(workers, o.WorkerID)
		}
		if o.Grade == GradeStrong {
			strongIDs = append(strongIDs, o.ID)
			if !slices.Contains(strongWorkers, o.WorkerID) {
				strongWorkers = append(strongWorkers, o.WorkerID)
			}
		}
	}
	slices.Sort(workers)
	slices.Sort(strongWorkers)
	slices.Sort(allIDs)
	slices.Sort(strongIDs)
	if len(workers) >= 2 {
		alert.Reasons = append(alert.Reasons, EmployerAlertReason{
			Code:           AlertSeveralWorkers,
			Message:        "Indicators were observed for {{.count}} different workers of this employer.",
			Args:           map[string]any{"count": len(workers)},
			WorkerIDs:      workers,
			ObservationIDs: allIDs,
		})
	}
	if len(strongIDs) > 0 {
		alert.Reasons = append(alert.Reasons, EmployerAlertReason{
			Code:           AlertStrongIndicator,
			Message:        "{{.count}} strong indicator(s) of trafficking were observed.",
			Args:           map[string]any{"count": len(strongIDs)},
			WorkerIDs:      strongWorkers,
			ObservationIDs: strongIDs,
		})
	}
	return alert
}

// EmployerAlerts applies the alert rule to every employer in observations
// (a mission view passes the observations of all its employers) and returns
// the raised alerts, by employer id.
//
// The history is read once and its current observations grouped by
// employer, so the cost grows with the observations, not with employers
// times observations (issue 14).
func EmployerAlerts(observations []IndicatorObservation) []EmployerAlert {
	byEmployer := map[int64][]IndicatorObservation{}
	for _, o := range currentObservations(observations) {
		if o.EmployerID != nil {
			byEmployer[*o.EmployerID] = append(byEmployer[*o.EmployerID], o)
		}
	}
	employers := make([]int64, 0, len(byEmployer))
	for id := range byEmployer {
		employers = append(employers, id)
	}
	slices.Sort(employers)
	var out []EmployerAlert
	for _, id := range employers {
		if a := employerAlertOfCurrent(id, byEmployer[id]); a.Raised() {
			out = append(out, a)
		}
	}
	return out
}

// RestrictionKind names what an employer restriction forbids.
type RestrictionKind string

// RestrictionNoNewPrivateServants refuses every new application for the
// employer, as Germany does after violations. It is the only kind so far;
// the type leaves room for, say, a mission-wide suspension.
const RestrictionNoNewPrivateServants RestrictionKind = "no_new_private_servants"

// EmployerRestriction is an admin's decision that an employer may not take
// on new private servants from From until Until (inclusive; nil means until
// further notice).
type EmployerRestriction struct {
	ID         int64
	EmployerID int64
	Kind       RestrictionKind
	// Reason is shown to the clerk whose application is refused, and may
	// reach the mission through them: write it without interview content
	// (for example "Decision of 3 March 2027 following a social-inspection
	// report").
	Reason      string
	From        time.Time
	Until       *time.Time
	DecidedByID int64
	CreatedAt   time.Time
}

// Validate checks a restriction.
func (r EmployerRestriction) Validate() error {
	var v Validation
	if r.EmployerID <= 0 {
		v.Add("employer_id", "required", "Choose the employer.")
	}
	if r.Kind != RestrictionNoNewPrivateServants {
		v.Add("kind", "invalid_choice", "Unknown restriction.")
	}
	switch reason := strings.TrimSpace(r.Reason); {
	case reason == "":
		v.Add("reason", "required", "Give the reason; it is shown when an application is refused.")
	case len([]rune(reason)) > 1000:
		v.Add("reason", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": 1000})
	}
	if r.From.IsZero() {
		v.Add("from", "required", "Enter the date the restriction starts.")
	}
	if r.Until != nil && !r.From.IsZero() && CalendarDay(*r.Until).Before(CalendarDay(r.From)) {
		v.Add("until", "before_start", "The end date cannot be before the start date.")
	}
	if r.DecidedByID <= 0 {
		v.Add("decided_by_id", "required", "The deciding admin must be known.")
	}
	return v.Err()
}

// CanRestrictEmployer checks that actor may place restriction r, and that r
// is valid. Services call it inside the transaction that stores r.
func CanRestrictEmployer(actor Actor, r EmployerRestriction) error {
	if err := actor.Require(PermEmployerRestrict); err != nil {
		return err
	}
	return r.Validate()
}

// ActiveOn reports whether the restriction applies on day.
func (r EmployerRestriction) ActiveOn(day time.Time) bool {
	d := CalendarDay(day)
	if d.Before(CalendarDay(r.From)) {
		return false
	}
	return r.Until == nil || !d.After(CalendarDay(*r.Until))
}

// ActiveEmployerRestriction returns the restriction that bars employerID on
// day, if any; restrictions may hold other employers' rows. Storage uses it
// to fill EligibilityInput.EmployerRestricted and its reason at submit.
func ActiveEmployerRestriction(employerID int64, restrictions []EmployerRestriction, day time.Time) (EmployerRestriction, bool) {
	for _, r := range restrictions {
		if r.EmployerID == employerID && r.Kind == RestrictionNoNewPrivateServants && r.ActiveOn(day) {
			return r, true
		}
	}
	return EmployerRestriction{}, false
}

// CheckEmployerRestrictions is the submit-time rule on its own: an
// application for an employer under an active restriction on day is refused
// with the code "employer_restricted" (CodeEmployerRestricted) and the
// restriction's reason.
func CheckEmployerRestrictions(employerID int64, restrictions []EmployerRestriction, day time.Time) error {
	r, ok := ActiveEmployerRestriction(employerID, restrictions, day)
	if !ok {
		return nil
	}
	args := map[string]any{"reason": r.Reason, "since": CalendarDay(r.From).Format(time.DateOnly)}
	if r.Until != nil {
		args["until"] = CalendarDay(*r.Until).Format(time.DateOnly)
	}
	return &Error{Kind: KindConflict, Code: CodeEmployerRestricted,
		Message: "This employer may not take on new private servants: {{.reason}}", Args: args}
}
