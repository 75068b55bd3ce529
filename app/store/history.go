package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// The history of a worker: observations from interviews and signals, kept
// for life and across employers, corrected only by superseding entries; and
// the employer and mission views that group them. Every read here is for
// interviewers and admins (indicator.read) and is written to the audit trail
// with the worker whose history was shown, so that an admin can answer "who
// looked at this worker's history" (WorkerAccessLog).

// Audit actions of confidential views.
const (
	auditHistoryView  = "worker_history.view"
	auditInterview    = "interview.view"
	auditEmployerView = "employer_observations.view"
	auditMissionView  = "mission_observations.view"
	auditAlertsView   = "employer_alerts.view"
	// auditHoldsView: the admins' list of holds showed the worker, with the
	// outcome that put the application on hold (and its referral partner).
	auditHoldsView = "holds.view"
	// auditOutcomeView: an application's history showed its reader what an
	// interview of the worker found (models.RevealsOutcome).
	auditOutcomeView = "application_outcome.view"
)

// accessLogActions are the audited views a worker's access log lists.
var accessLogActions = []string{auditHistoryView, auditInterview, auditHoldsView, auditOutcomeView}

// ObservationItem is an observation as the history pages show it.
type ObservationItem struct {
	models.TimelineEntry
	Indicator models.Indicator
	// Note is opened on the worker's timeline only; employer and mission
	// views leave it empty and link to the timeline.
	Note           Note
	RecordedByName string
	WorkerName     string
	EmployerName   string
	MissionName    string
	// ApplicationID is the application of the interview, for interview
	// observations.
	ApplicationID int64
	SignalDetail  string
}

// PastInterview is a recorded interview of a worker, as listed in the
// worker's history.
type PastInterview struct {
	ID               int64
	ApplicationID    int64
	Kind             models.ApplicationKind
	HeldAt           *time.Time
	Outcome          models.InterviewOutcome
	InterviewerName  string
	EmployerName     string
	SupersededByID   int64
	CorrectionReason string
	ReferralPartner  models.ReferralPartner
}

// SignalItem is a signal with its note opened.
type SignalItem struct {
	models.Signal
	Note           Note
	RecordedByName string
	EmployerName   string
	IndicatorList  []models.Indicator
}

// WorkerHistory is a worker's history across employers and years.
type WorkerHistory struct {
	Worker     models.Worker
	Filter     models.TimelineFilter
	Entries    []ObservationItem
	Interviews []PastInterview
	Signals    []SignalItem
	// CTDC lists the Counter Trafficking Data Collaborative means-of-control
	// fields the current "yes" observations support.
	CTDC []models.CTDCField
	// Codes are the indicators present anywhere in the history, for the
	// filter.
	Codes []models.Indicator
	// Current counts the observations that still count (not superseded,
	// not withdrawn).
	Current int
}

// WorkerHistory returns a worker's timeline, filtered by f, with earlier
// interviews and signals. The view is audited.
func (s *History) Worker(ctx context.Context, actor models.Actor, workerID int64, f models.TimelineFilter) (*WorkerHistory, error) {
	if err := actor.Require(models.PermIndicatorRead); err != nil {
		return nil, err
	}
	// The reads need no transaction (the history only grows); the view's
	// audit row is committed in its own short transaction before the
	// history is returned. Grouping the views' rows in one transaction
	// (one chain-head lock and one flush a group) was tried and measured:
	// at 100,000 workers and 50 connections it answered 169-183 histories
	// a second against 404-465 this way, since PostgreSQL already shares
	// the flushes of concurrent commits and a group waits for the one
	// before it.
	h, err := s.workerHistory(s.db.WithContext(ctx), workerID, f)
	if err != nil {
		return nil, err
	}
	if err := s.audit(s.db.WithContext(ctx), actor, auditHistoryView, "worker", idText(workerID), "timeline viewed"); err != nil {
		return nil, err
	}
	return h, nil
}

// names resolves the people and employers a history page names. The
// employers are read as the page names them: a page names a few of the
// tens of thousands a register holds.
type names struct {
	tx        *gorm.DB
	users     map[int64]string
	employers map[int64]EmployerView
}

func loadNames(tx *gorm.DB) (*names, error) {
	users, err := userNames(tx)
	if err != nil {
		return nil, err
	}
	return &names{tx: tx, users: users, employers: map[int64]EmployerView{}}, nil
}

// employerView is employer id with its mission (zero if there is none).
func (n *names) employerView(id int64) EmployerView {
	if e, ok := n.employers[id]; ok {
		return e
	}
	var v EmployerView
	if e, err := get[models.Employer, employerRow](nil, n.tx, "employer", id, false); err == nil {
		v.Employer = *e
		if m, err := get[models.Mission, missionRow](nil, n.tx, "mission", e.MissionID, false); err == nil {
			v.Mission = *m
		}
	}
	n.employers[id] = v
	return v
}

// preload reads the employers ids name, with their missions, in a few
// queries, for lists that name many.
func (n *names) preload(ids []int64) error {
	var missing []int64
	for _, id := range ids {
		if _, ok := n.employers[id]; !ok {
			missing = append(missing, id)
		}
	}
	slices.Sort(missing)
	missing = slices.Compact(missing)
	for len(missing) > 0 {
		chunk := missing[:min(len(missing), 1000)]
		missing = missing[len(chunk):]
		var rows []employerViewRow
		if err := n.tx.Table("employers e").Select(employerViewColumns()).Joins("JOIN missions m ON m.id = e.mission_id").
			Where("e.id IN ?", chunk).Scan(&rows).Error; err != nil {
			return fmt.Errorf("employers named: %w", err)
		}
		for _, r := range rows {
			n.employers[r.Employer.ID] = EmployerView{Employer: r.Employer.model(), Mission: r.Mission.model()}
		}
	}
	return nil
}

func (n *names) employer(id *int64) (string, string) {
	if id == nil {
		return "", ""
	}
	e := n.employerView(*id)
	return e.FullName(), e.Mission.Name
}

// workerHistory reads a worker's history in a fixed number of queries,
// whatever its length (issue 14): the worker, the observations, the
// signals, the interviews with their applications and referrals, the staff
// and the employers named, each once.
func (s *core) workerHistory(tx *gorm.DB, workerID int64, f models.TimelineFilter) (*WorkerHistory, error) {
	w, err := s.worker(tx, workerID)
	if err != nil {
		return nil, err
	}
	h := &WorkerHistory{Worker: *w, Filter: f}
	obs, err := find[models.IndicatorObservation, observationRow](tx.Where("worker_id = ?", workerID).Order("id"), "observations")
	if err != nil {
		return nil, fmt.Errorf("observations of worker %d: %w", workerID, err)
	}
	n, err := loadNames(tx)
	if err != nil {
		return nil, err
	}
	signals, err := s.signalsOf(tx, obs, "worker_id = ?", workerID)
	if err != nil {
		return nil, err
	}
	ivs, err := pastInterviewsOf(tx, workerID)
	if err != nil {
		return nil, err
	}
	var employers []int64
	for _, o := range obs {
		if o.EmployerID != nil {
			employers = append(employers, *o.EmployerID)
		}
	}
	for _, sg := range signals {
		if sg.EmployerID != nil {
			employers = append(employers, *sg.EmployerID)
		}
	}
	for _, iv := range ivs {
		employers = append(employers, iv.EmployerID)
	}
	if err := n.preload(employers); err != nil {
		return nil, err
	}
	apps, err := interviewApplications(tx, obs, ivs)
	if err != nil {
		return nil, err
	}
	s.historyEntries(h, obs, signals, n, apps)
	for i := range signals {
		signals[i].EmployerName, _ = n.employer(signals[i].EmployerID)
		signals[i].RecordedByName = n.users[signals[i].RecordedByID]
	}
	h.Signals = signals
	h.Interviews = s.pastInterviews(ivs, n)
	return h, nil
}

// historyEntries fills the timeline, the filter's codes, the count of
// current observations and the CTDC fields from the worker's observations.
func (s *core) historyEntries(h *WorkerHistory, obs []models.IndicatorObservation, signals []SignalItem, n *names, apps map[int64]int64) {
	detail := map[int64]string{}
	for _, sg := range signals {
		detail[sg.ID] = sg.SourceDetail
	}
	for _, e := range models.Timeline(obs, h.Filter) {
		item := s.observationItem(e, n, apps, detail)
		item.WorkerName = h.Worker.FullName()
		item.Note = s.open(e.Note, models.ObservationNoteAAD(e.IndicatorObservation))
		h.Entries = append(h.Entries, item)
	}
	seen := map[string]bool{}
	for _, o := range obs {
		seen[o.IndicatorCode] = true
	}
	for _, t := range []models.Taxonomy{models.TaxonomyILOForcedLabour, models.TaxonomyILOEC} {
		for _, ind := range models.Indicators(t) {
			if seen[ind.Code] {
				h.Codes = append(h.Codes, ind)
			}
		}
	}
	for _, e := range models.Timeline(obs, models.TimelineFilter{}) {
		if e.Current() {
			h.Current++
		}
	}
	ctdc := models.CTDCSummary(obs)
	for _, field := range models.CTDCFields {
		if ctdc[field] {
			h.CTDC = append(h.CTDC, field)
		}
	}
}

// pastInterviewRow is an interview of the worker with what the history
// shows of its application, read in one query.
type pastInterviewRow struct {
	ID               int64
	ApplicationID    int64
	InterviewerID    int64
	HeldAt           *time.Time
	RecordedAt       *time.Time
	Outcome          models.InterviewOutcome
	SupersedesID     *int64
	CorrectionReason string
	Kind             models.ApplicationKind
	EmployerID       int64
	// ReferralPartner is the partner the interview referred the worker to.
	ReferralPartner models.ReferralPartner
}

// pastInterviewsOf reads the interviews of the worker's applications, the
// latest first, each with its application's kind and employer and the
// partner it referred the worker to.
func pastInterviewsOf(tx *gorm.DB, workerID int64) ([]pastInterviewRow, error) {
	var rows []pastInterviewRow
	err := tx.Table("interviews i").Select(`i.id, i.application_id, i.interviewer_id, i.held_at, i.recorded_at, i.outcome,
		i.supersedes_id, i.correction_reason, a.kind, a.employer_id,
		coalesce(r.partner, '') AS referral_partner`).Joins("JOIN applications a ON a.id = i.application_id").
		Joins("LEFT JOIN referrals r ON r.interview_id = i.id"). // one referral at most per interview
		Where("a.worker_id = ?", workerID).Order("i.held_at DESC, i.id DESC").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("interviews of worker %d: %w", workerID, err)
	}
	return rows, nil
}

// pastInterviews lists the recorded interviews, with who corrected them.
func (s *core) pastInterviews(ivs []pastInterviewRow, n *names) []PastInterview {
	supersededBy := map[int64]int64{}
	for _, iv := range ivs {
		if iv.SupersedesID != nil && iv.RecordedAt != nil {
			supersededBy[*iv.SupersedesID] = iv.ID
		}
	}
	var out []PastInterview
	for _, iv := range ivs {
		if iv.RecordedAt == nil {
			continue
		}
		opened := s.openInterview(models.Interview{SupersedesID: iv.SupersedesID, CorrectionReason: iv.CorrectionReason})
		emp, _ := n.employer(&iv.EmployerID)
		out = append(out, PastInterview{ID: iv.ID, ApplicationID: iv.ApplicationID, Kind: iv.Kind, HeldAt: iv.HeldAt,
			Outcome: iv.Outcome, InterviewerName: n.users[iv.InterviewerID], EmployerName: emp, SupersededByID: supersededBy[iv.ID],
			CorrectionReason: opened.CorrectionReason, ReferralPartner: iv.ReferralPartner})
	}
	return out
}

// interviewApplications maps the interviews named by obs to their
// applications: from the worker's interviews already read, and from the
// database for any other.
func interviewApplications(tx *gorm.DB, obs []models.IndicatorObservation, known []pastInterviewRow) (map[int64]int64, error) {
	out := map[int64]int64{}
	for _, iv := range known {
		out[iv.ID] = iv.ApplicationID
	}
	var ids []int64
	for _, o := range obs {
		if o.InterviewID == nil {
			continue
		}
		if _, ok := out[*o.InterviewID]; !ok && !slices.Contains(ids, *o.InterviewID) {
			ids = append(ids, *o.InterviewID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	ivs, err := find[models.Interview, interviewRow](tx.Select("id, application_id").Where("id IN ?", ids), "interviews")
	if err != nil {
		return nil, err
	}
	for _, iv := range ivs {
		out[iv.ID] = iv.ApplicationID
	}
	return out, nil
}

func (s *core) observationItem(e models.TimelineEntry, n *names, apps map[int64]int64, detail map[int64]string) ObservationItem {
	ind, _ := models.LookupIndicator(e.IndicatorCode)
	item := ObservationItem{TimelineEntry: e, Indicator: ind, RecordedByName: n.users[e.RecordedByID]}
	if e.SupersedesID != nil {
		item.CorrectionReason = s.openText(e.CorrectionReason, models.ObservationCorrectionReasonAAD(e.IndicatorObservation))
	}
	item.Note = Note{}
	item.EmployerName, item.MissionName = n.employer(e.EmployerID)
	if e.InterviewID != nil {
		item.ApplicationID = apps[*e.InterviewID]
	}
	if e.SignalID != nil {
		item.SignalDetail = detail[*e.SignalID]
	}
	return item
}

// signalsOf loads signals with their notes opened and their indicators,
// which are the observations obs holds that point at them and correct
// nothing (obs in id order).
func (s *core) signalsOf(tx *gorm.DB, obs []models.IndicatorObservation, where string, args ...any) ([]SignalItem, error) {
	rows, err := find[models.Signal, signalRow](tx.Where(where, args...).Order("received_on DESC, id DESC"), "signals")
	if err != nil {
		return nil, fmt.Errorf("signals: %w", err)
	}
	bySignal := map[int64][]string{}
	for _, o := range obs {
		if o.SignalID != nil && o.SupersedesID == nil {
			bySignal[*o.SignalID] = append(bySignal[*o.SignalID], o.IndicatorCode)
		}
	}
	out := make([]SignalItem, 0, len(rows))
	for _, sg := range rows {
		sg.ReceivedOn = sg.ReceivedOn.UTC() // the note's additional data names the day in UTC
		item := SignalItem{Signal: sg, Note: s.open(sg.Note, models.SignalNoteAAD(sg))}
		for _, code := range bySignal[sg.ID] {
			item.Indicators = append(item.Indicators, code)
			if ind, ok := models.LookupIndicator(code); ok {
				item.IndicatorList = append(item.IndicatorList, ind)
			}
		}
		out = append(out, item)
	}
	return out, nil
}

// --- Signals and corrections

// employerOn is the worker's employer on day: the latest employment started
// by then and not ended before it; nil when there is none.
func employerOn(tx *gorm.DB, workerID int64, day time.Time) (*int64, error) {
	jobs, err := find[models.Employment, employmentRow](tx.Where("worker_id = ?", workerID).Order("starts_on DESC, id DESC"), "employments")
	if err != nil {
		return nil, err
	}
	for _, j := range jobs {
		if models.CalendarDay(j.StartsOn).After(day) || (j.EndsOn != nil && models.CalendarDay(*j.EndsOn).Before(day)) {
			continue
		}
		id := j.EmployerID
		return &id, nil
	}
	return nil, nil
}

// RecordSignal records information about a worker received outside an
// interview (a neighbour, an NGO, the police, a social inspection, the
// worker by phone), with its indicators and a sealed note. Each indicator
// becomes an observation in the worker's history, with the worker's employer
// on the day the signal was received.
func (s *History) RecordSignal(ctx context.Context, actor models.Actor, sg models.Signal, note string) (*models.Signal, error) {
	if err := actor.Require(models.PermIndicatorRecord); err != nil {
		return nil, err
	}
	now := s.now()
	sg.ID, sg.EmployerID, sg.Note = 0, nil, nil
	sg.RecordedByID, sg.CreatedAt = actor.UserID(), now
	sg.SourceDetail = strings.TrimSpace(sg.SourceDetail)
	if !sg.ReceivedOn.IsZero() {
		sg.ReceivedOn = models.CalendarDay(sg.ReceivedOn)
	}
	var v models.Validation
	v.Merge(sg.Validate(s.local()))
	if len([]rune(note)) > models.MaxNoteLength {
		v.Add("note", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": models.MaxNoteLength})
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.transact(ctx, func(tx *gorm.DB) error {
		if _, err := s.worker(tx, sg.WorkerID); err != nil {
			return err
		}
		var err error
		if sg.EmployerID, err = employerOn(tx, sg.WorkerID, sg.ReceivedOn); err != nil {
			return err
		}
		if err := sg.SealNote(note, s.opts.Sealer); err != nil {
			return err
		}
		row := signalRowOf(sg)
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("store signal: %w", err)
		}
		sg.ID = row.ID
		obs, err := models.ObservationsFromSignal(sg)
		if err != nil {
			return err
		}
		if err := s.appendObservations(tx, obs, now); err != nil {
			return err
		}
		return s.audit(tx, actor, "signal.recorded", "worker", idText(sg.WorkerID), "signal "+idText(sg.ID)+" recorded")
	})
	if err != nil {
		return nil, err
	}
	return &sg, nil
}

// CorrectObservation appends a correction of observation id: a new entry
// that supersedes it, with a reason (answer "no" withdraws it). Only the
// latest version can be corrected; both stay on the timeline.
func (s *History) CorrectObservation(ctx context.Context, actor models.Actor, id int64, c models.ObservationCorrection) (*models.IndicatorObservation, error) {
	if err := actor.Require(models.PermIndicatorRecord); err != nil {
		return nil, err
	}
	c.RecordedByID = actor.UserID()
	if len([]rune(c.Note)) > models.MaxNoteLength {
		var v models.Validation
		v.Add("note", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": models.MaxNoteLength})
		return nil, v.Err()
	}
	var out models.IndicatorObservation
	err := s.transact(ctx, func(tx *gorm.DB) error {
		old, err := s.observation(tx, id)
		if err != nil {
			return err
		}
		later, err := find[models.IndicatorObservation, observationRow](tx.Select("id").Where("supersedes_id = ?", id), "observations")
		if err != nil {
			return err
		}
		target := models.CorrectionTarget{ID: old.ID}
		if len(later) > 0 {
			target.SupersededByID = later[0].ID
		}
		if err := models.CheckCorrection(target, c.Reason); err != nil {
			return err
		}
		if c.IndicatorCode == "" {
			c.IndicatorCode = old.IndicatorCode
		}
		n, err := models.Supersede(*old, c, s.opts.Sealer)
		if err != nil {
			return err
		}
		obs := []models.IndicatorObservation{n}
		if err := s.appendObservations(tx, obs, s.now()); err != nil {
			return err
		}
		out = obs[0]
		return s.audit(tx, actor, "observation.corrected", "worker", idText(old.WorkerID),
			"observation "+idText(old.ID)+" superseded by "+idText(out.ID))
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
