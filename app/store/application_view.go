package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// InterviewState is what everyone with access to an application may know of
// its interview: scheduled, held and cleared, on hold, or released. What was
// said, the checklist, indicators and the kind of outcome (concerns or
// referral) are for interviewers and admins only.
type InterviewState string

// Interview states shown to clerks.
const (
	InterviewScheduled InterviewState = "scheduled"
	InterviewCleared   InterviewState = "cleared"
	InterviewOnHold    InterviewState = "on_hold"
)

// InterviewSummary is an interview as every reader of the application sees it.
type InterviewSummary struct {
	ID              int64
	ScheduledAt     time.Time
	Room            string
	InterviewerID   int64
	InterviewerName string
	HeldAt          *time.Time
	State           InterviewState
	Current         bool // the appointment the application waits for, or the record that speaks for it
	// InterpreterLanguage is the interpreter booked with an appointment not
	// yet held (whoever scheduled it knows it); never interview content.
	InterpreterLanguage string
}

// Scheduled reports whether the interview waits to be held, for the pages.
func (s InterviewSummary) Scheduled() bool { return s.State == InterviewScheduled }

// SummonsNumber is the number of this appointment's summons (a reschedule
// is a new appointment with a new number; the history keeps both).
func (s InterviewSummary) SummonsNumber() string { return models.SummonsNumber(s.ID) }

// HistoryEntry is one line of an application's history as its reader may
// see it: for a reader without interview.read, the kind of interview outcome
// is masked as "on hold".
type HistoryEntry struct {
	Seq       int
	Action    models.Action
	Label     string // message id suffix for the action, masked when needed
	ActorName string
	At        time.Time
	Reason    string
	// Summons is the summons number of the appointment a scheduling or
	// rescheduling booked: a reschedule's line carries the new number, the
	// earlier line the old one.
	Summons string
}

// ApplicationView is an application with what its page shows.
type ApplicationView struct {
	models.Application
	Worker     models.Worker
	Employer   EmployerView
	Employment models.Employment
	Documents  []models.Document
	// RemovedDocuments are the documents taken out of the file by mistake,
	// with the removal's reason (records.go).
	RemovedDocuments []RemovedDocument
	Missing          []models.DocumentKind
	Interviews       []InterviewSummary
	History          []HistoryEntry
	Card             *models.Card
	ReplacedCard     *models.Card
	Allowed          []models.Action
	// Offer is what this reader may do next (models.OfferFor): the page
	// offers it and nothing else.
	Offer models.ApplicationOffer
	// Hold is set for a reader who decides holds, while the application is
	// on hold (holds.go); it carries no interview content.
	Hold *HoldInfo
	// Tasks are the steps to a collected card with the one action this
	// reader may take now (models.Tasks; tasks.go).
	Tasks []models.Task
}

// Application returns an application as actor may see it.
func (s *Applications) Get(ctx context.Context, actor models.Actor, id int64) (*ApplicationView, error) {
	if err := actor.Require(models.PermApplicationRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	_, app, err := s.loadApplication(db, id, false)
	if err != nil {
		return nil, err
	}
	v := &ApplicationView{Application: app}
	w, err := s.worker(db, app.WorkerID)
	if err != nil {
		return nil, err
	}
	v.Worker = *w
	e, err := s.employerView(db, app.EmployerID)
	if err != nil {
		return nil, err
	}
	v.Employer = *e
	job, err := s.employment(db, app.EmploymentID)
	if err != nil {
		return nil, err
	}
	v.Employment = *job
	if v.Documents, err = find[models.Document, documentRow](notRemoved(db.Where("application_id = ?", id)).Order("id"), "documents"); err != nil {
		return nil, err
	}
	if v.RemovedDocuments, err = s.removedDocuments(db, id); err != nil {
		return nil, err
	}
	var kinds []models.DocumentKind
	for _, d := range v.Documents {
		kinds = append(kinds, d.Kind)
	}
	v.Missing = models.MissingDocuments(app.Kind, kinds)

	names, err := userNames(db)
	if err != nil {
		return nil, err
	}
	interviews, err := s.interviewsOf(db, id)
	if err != nil {
		return nil, err
	}
	current, hasCurrent := models.CurrentInterview(id, interviews)
	scheduled := scheduledInterviewID(app.Events)
	released := map[int64]bool{}
	for _, e := range app.Events {
		if e.Action == models.ActionReleaseHold && e.InterviewID != nil {
			released[*e.InterviewID] = true
		}
	}
	interpreters := map[int64]string{}
	var contents []interviewRow
	if err := db.Select("id, interpreter_language").Where("application_id = ?", id).Find(&contents).Error; err != nil {
		return nil, fmt.Errorf("interpreters of application %d: %w", id, err)
	}
	for _, c := range contents {
		interpreters[c.ID] = c.InterpreterLanguage
	}
	for _, iv := range interviews {
		sum := InterviewSummary{ID: iv.ID, ScheduledAt: iv.ScheduledAt, Room: iv.Room, InterviewerID: iv.InterviewerID,
			InterviewerName: names[iv.InterviewerID], HeldAt: iv.HeldAt, State: InterviewScheduled}
		switch {
		case !iv.Completed():
		case iv.Outcome == models.OutcomeCleared || released[iv.ID]:
			sum.State = InterviewCleared
		default:
			sum.State = InterviewOnHold
		}
		sum.Current = (hasCurrent && iv.ID == current.ID) || (!iv.Completed() && iv.ID == scheduled)
		if !iv.Completed() {
			// The booking only: whether one interpreted is part of the record.
			sum.InterpreterLanguage = interpreters[iv.ID]
		}
		if iv.Completed() || iv.ID == scheduled {
			v.Interviews = append(v.Interviews, sum)
		}
	}
	revealed := false
	for _, e := range app.Events {
		label, reason := models.VisibleEvent(actor, e)
		entry := HistoryEntry{Seq: e.Seq, Action: e.Action, Label: label, ActorName: names[e.ActorID], At: e.At, Reason: reason}
		if (e.Action == models.ActionScheduleInterview || e.Action == models.ActionRescheduleInterview) && e.InterviewID != nil {
			entry.Summons = models.SummonsNumber(*e.InterviewID)
		}
		v.History = append(v.History, entry)
		revealed = revealed || models.RevealsOutcome(actor, e)
	}
	cards, err := find[models.Card, cardRow](db.Where("application_id = ?", id), "cards")
	if err != nil {
		return nil, err
	}
	if len(cards) > 0 {
		v.Card = &cards[0]
	}
	if app.ReplacesCardID != nil {
		if c, err := s.card(db, *app.ReplacesCardID, false); err == nil {
			v.ReplacedCard = c
		}
	}
	if v.Hold, err = s.holdInfo(db, actor, app); err != nil {
		return nil, err
	}
	status, _ := models.StatusOf(app.Events)
	v.Status = models.VisibleStatus(actor, v.Status)
	for _, a := range models.AllowedActions(status) {
		if actor.Require(a.Permission()) == nil {
			v.Allowed = append(v.Allowed, a)
		}
	}
	v.Offer = models.OfferFor(actor, app, interviews, v.Card, s.local(), s.opts.Settings)
	if v.Tasks, err = s.tasks(db, actor, v); err != nil {
		return nil, err
	}
	if revealed { // no view of an outcome without its line in the worker's access log
		if err := s.transact(ctx, func(tx *gorm.DB) error {
			return s.audit(tx, actor, auditOutcomeView, "worker", idText(app.WorkerID), "history of application "+idText(id)+" viewed with its interview outcome")
		}); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// ApplicationListItem is one line of a list of applications.
type ApplicationListItem struct {
	ID           int64
	Kind         models.ApplicationKind
	Status       models.ApplicationStatus
	WorkerID     int64
	WorkerName   string
	EmployerName string
	MissionName  string
	UpdatedAt    time.Time
}

// ApplicationFilter selects applications.
type ApplicationFilter struct {
	Status   models.ApplicationStatus
	WorkerID int64
	Page     Page
	// The work queues' filters (queues.go): a queue, the worker's name,
	// employer, mission, interviewer and the day of the last change.
	ListFilter
}

// Applications lists applications, most recently changed first.
func (s *Applications) List(ctx context.Context, actor models.Actor, f ApplicationFilter) ([]ApplicationListItem, int64, error) {
	return s.list(ctx, actor, f, f.Page.norm(), nil)
}

// list reads one page of the list: page.Size applications past after (a
// keyset page, page.Number 1) or past the first page.Number-1 pages.
func (s *Applications) list(ctx context.Context, actor models.Actor, f ApplicationFilter, page Page, after *ApplicationCursor) ([]ApplicationListItem, int64, error) {
	if err := actor.Require(models.PermApplicationRead); err != nil {
		return nil, 0, err
	}
	q := s.db.WithContext(ctx).Table("applications a").
		Joins("JOIN workers w ON w.id = a.worker_id").Joins("JOIN employers e ON e.id = a.employer_id").Joins("JOIN missions m ON m.id = e.mission_id")
	if f.Status != "" {
		q = q.Where("a.status IN ?", models.StatusesMatching(actor, f.Status))
	}
	if f.WorkerID > 0 {
		q = q.Where("a.worker_id = ?", f.WorkerID)
	}
	q = s.filterApplications(q, actor, f.ListFilter)
	// The count stops past CountCap; so do the pages.
	page.Number = min(page.Number, MaxPage(page.Size))
	total, err := cappedCount(q)
	if err != nil {
		return nil, 0, fmt.Errorf("count applications: %w", err)
	}
	if after != nil {
		cond, args := applicationAfter(after)
		q = q.Where(cond, args...)
	}
	// Scanned column by column, not matched to the struct by reflection
	// (issue 14).
	rows, err := q.Select(`a.id, a.kind, a.status, a.worker_id, ` + workerNameSQL + ` AS worker_name,
		trim(e.title || ' ' || e.given_names || ' ' || e.family_name) AS employer_name, m.name AS mission_name, a.updated_at`).
		Order("a.updated_at DESC, a.id DESC").Offset(page.offset()).Limit(page.Size).Rows()
	if err != nil {
		return nil, 0, fmt.Errorf("list applications: %w", err)
	}
	defer rows.Close()
	var out []ApplicationListItem
	for rows.Next() {
		var it ApplicationListItem
		if err := rows.Scan(&it.ID, &it.Kind, &it.Status, &it.WorkerID, &it.WorkerName, &it.EmployerName, &it.MissionName, &it.UpdatedAt); err != nil {
			return nil, 0, fmt.Errorf("read applications: %w", err)
		}
		it.WorkerName = strings.TrimSuffix(it.WorkerName, ", ")
		it.Status = models.VisibleStatus(actor, it.Status)
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("read applications: %w", err)
	}
	return out, total, nil
}
