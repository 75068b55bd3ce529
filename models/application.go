package models

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ApplicationKind is why a card is requested.
type ApplicationKind string

// Application kinds.
const (
	ApplicationFirstIssuance ApplicationKind = "first_issuance"
	// ApplicationRenewal: a new yearly card; a new application with its own
	// documents and its own private interview.
	ApplicationRenewal ApplicationKind = "renewal"
	// ApplicationDuplicate replaces a lost or stolen card, with the same
	// expiry; it too needs its own interview, since a "lost" card may be one
	// the employer keeps.
	ApplicationDuplicate ApplicationKind = "duplicate"
)

// ApplicationKinds lists every kind, in the order forms show them.
var ApplicationKinds = []ApplicationKind{ApplicationFirstIssuance, ApplicationRenewal, ApplicationDuplicate}

// Valid reports whether k is a known kind.
func (k ApplicationKind) Valid() bool { return slices.Contains(ApplicationKinds, k) }

// ApplicationStatus is where an application stands. It is never set directly:
// it follows from the application's history (StatusOf).
type ApplicationStatus string

// Application statuses.
const (
	ApplicationDraft              ApplicationStatus = "draft"
	ApplicationSubmitted          ApplicationStatus = "submitted"
	ApplicationInterviewScheduled ApplicationStatus = "interview_scheduled"
	// ApplicationInterviewed: the interview was held, its outcome is not
	// recorded yet. Nothing but an outcome can follow, so an application
	// cannot be withdrawn between what the worker said and what the
	// interviewer records.
	ApplicationInterviewed ApplicationStatus = "interviewed"
	// ApplicationOnHold: the interview raised concerns or led to a referral;
	// only an admin's decision moves it on.
	ApplicationOnHold ApplicationStatus = "on_hold"
	// ApplicationApproved: the interview was cleared, or an admin released
	// the hold; a card may be issued, subject to CheckIssueGate.
	ApplicationApproved  ApplicationStatus = "approved"
	ApplicationCardReady ApplicationStatus = "card_ready"
	ApplicationCollected ApplicationStatus = "collected"

	ApplicationWithdrawn ApplicationStatus = "withdrawn" // the mission withdrew the request
	ApplicationRejected  ApplicationStatus = "rejected"  // a clerk turned it down on the file
	ApplicationRefused   ApplicationStatus = "refused"   // an admin refused it after a hold
	ApplicationReferred  ApplicationStatus = "referred"  // closed because the case was referred
)

// ApplicationStatuses lists every status, in workflow order.
var ApplicationStatuses = []ApplicationStatus{
	ApplicationDraft, ApplicationSubmitted, ApplicationInterviewScheduled, ApplicationInterviewed,
	ApplicationOnHold, ApplicationApproved, ApplicationCardReady, ApplicationCollected,
	ApplicationWithdrawn, ApplicationRejected, ApplicationRefused, ApplicationReferred,
}

// Valid reports whether s is a known status.
func (s ApplicationStatus) Valid() bool { return slices.Contains(ApplicationStatuses, s) }

// Terminal reports whether no action is allowed any more.
func (s ApplicationStatus) Terminal() bool { return len(applicationTransitions[s]) == 0 }

// Label is the status in words, for messages.
func (s ApplicationStatus) Label() string { return strings.ReplaceAll(string(s), "_", " ") }

// Action is something that happens to an application. Each one is appended to
// the application's history.
type Action string

// Application actions.
const (
	ActionSubmit                  Action = "submit"
	ActionScheduleInterview       Action = "schedule_interview"
	ActionRescheduleInterview     Action = "reschedule_interview"
	ActionRecordInterviewHeld     Action = "record_interview_held"
	ActionRecordInterviewCleared  Action = "record_interview_cleared"
	ActionRecordInterviewConcerns Action = "record_interview_concerns"
	ActionRecordInterviewReferral Action = "record_interview_referral"
	ActionReleaseHold             Action = "release_hold"
	ActionRefuse                  Action = "refuse"
	ActionCloseReferred           Action = "close_referred"
	ActionIssueCard               Action = "issue_card"
	ActionCollect                 Action = "collect"
	ActionReject                  Action = "reject"
	ActionWithdraw                Action = "withdraw"
	// ActionCancelInterview cancels the booked appointment without a new
	// one (issue 13): the application waits for a booking again.
	ActionCancelInterview Action = "cancel_interview"
)

// Actions lists every action, in workflow order.
var Actions = []Action{
	ActionSubmit, ActionScheduleInterview, ActionRescheduleInterview, ActionRecordInterviewHeld,
	ActionRecordInterviewCleared, ActionRecordInterviewConcerns, ActionRecordInterviewReferral,
	ActionReleaseHold, ActionRefuse, ActionCloseReferred, ActionIssueCard, ActionCollect,
	ActionReject, ActionWithdraw, ActionHoldForClearanceReview, ActionCancelInterview,
}

// Valid reports whether a is a known action.
func (a Action) Valid() bool { return slices.Contains(Actions, a) }

// Label is the action in words, for messages.
func (a Action) Label() string { return strings.ReplaceAll(string(a), "_", " ") }

// applicationTransitions is the one table of which actions each status allows
// and the status that results. Read it top to bottom as the workflow. Points
// that are deliberate:
//   - interviewed and on_hold allow neither withdraw nor reject: once the
//     worker has spoken, only the interviewer's outcome, then an admin, may
//     close the case, so that an employer cannot make a concern vanish by
//     withdrawing the request;
//   - a concern or referral may be recorded even after clearance (approved)
//     and while on hold (a correction superseding the earlier record), but a
//     clearance can never lift a hold: only release_hold does;
//   - approved allows schedule_interview, because an interview older than
//     the allowed age no longer counts and the worker must be seen again;
//   - collected is final for the application; the card lives on in its own
//     status table.
var applicationTransitions = map[ApplicationStatus]map[Action]ApplicationStatus{
	ApplicationDraft: {
		ActionSubmit:   ApplicationSubmitted,
		ActionWithdraw: ApplicationWithdrawn,
	},
	ApplicationSubmitted: {
		ActionScheduleInterview: ApplicationInterviewScheduled,
		ActionReject:            ApplicationRejected,
		ActionWithdraw:          ApplicationWithdrawn,
	},
	ApplicationInterviewScheduled: {
		ActionRescheduleInterview:     ApplicationInterviewScheduled,
		ActionRecordInterviewHeld:     ApplicationInterviewed,
		ActionRecordInterviewCleared:  ApplicationApproved,
		ActionRecordInterviewConcerns: ApplicationOnHold,
		ActionRecordInterviewReferral: ApplicationOnHold,
		ActionReject:                  ApplicationRejected,
		ActionWithdraw:                ApplicationWithdrawn,
		ActionCancelInterview:         ApplicationSubmitted,
	},
	ApplicationInterviewed: {
		ActionRecordInterviewCleared:  ApplicationApproved,
		ActionRecordInterviewConcerns: ApplicationOnHold,
		ActionRecordInterviewReferral: ApplicationOnHold,
	},
	ApplicationOnHold: {
		ActionRecordInterviewConcerns: ApplicationOnHold,
		ActionRecordInterviewReferral: ApplicationOnHold,
		ActionReleaseHold:             ApplicationApproved,
		ActionRefuse:                  ApplicationRefused,
		ActionCloseReferred:           ApplicationReferred,
		// a correction into a clearance against the evidence waits for its
		// confirmation (CorrectionActions)
		ActionHoldForClearanceReview: ApplicationOnHold,
	},
	ApplicationApproved: {
		ActionHoldForClearanceReview:  ApplicationOnHold,
		ActionScheduleInterview:       ApplicationInterviewScheduled,
		ActionRecordInterviewConcerns: ApplicationOnHold,
		ActionRecordInterviewReferral: ApplicationOnHold,
		ActionIssueCard:               ApplicationCardReady,
		ActionReject:                  ApplicationRejected,
		ActionWithdraw:                ApplicationWithdrawn,
	},
	ApplicationCardReady: {
		ActionCollect: ApplicationCollected,
		// The card printed for it must be cancelled in the same transaction.
		ActionWithdraw: ApplicationWithdrawn,
	},
	ApplicationCollected: {},
	ApplicationWithdrawn: {},
	ApplicationRejected:  {},
	ApplicationRefused:   {},
	ApplicationReferred:  {},
}

// actionPermissions says which permission each action needs; the services
// check it (Actor.Require) inside the transaction that appends the action,
// and OfferFor offers an action only to who holds it. A route checks the
// permission it is registered with, which for a route carrying several
// actions (POST /applications/:id/close: reject or withdraw) admits the
// broader one. The table lets a reviewer see at a glance that only admins
// decide holds.
var actionPermissions = map[Action]Permission{
	ActionSubmit:                  PermApplicationSubmit,
	ActionScheduleInterview:       PermInterviewSchedule,
	ActionRescheduleInterview:     PermInterviewSchedule,
	ActionRecordInterviewHeld:     PermInterviewRecord,
	ActionRecordInterviewCleared:  PermInterviewRecord,
	ActionRecordInterviewConcerns: PermInterviewRecord,
	ActionRecordInterviewReferral: PermInterviewRecord,
	ActionReleaseHold:             PermHoldDecide,
	ActionRefuse:                  PermHoldDecide,
	ActionCloseReferred:           PermHoldDecide,
	ActionIssueCard:               PermCardIssue,
	ActionCollect:                 PermCardIssue,
	ActionReject:                  PermApplicationSubmit,
	ActionWithdraw:                PermApplicationCreate,
	ActionHoldForClearanceReview:  PermInterviewRecord,
	ActionCancelInterview:         PermInterviewSchedule,
}

// Permission returns the permission a user needs to perform a.
func (a Action) Permission() Permission { return actionPermissions[a] }

// NeedsReason reports whether the event must say why: every decision that
// ends or unblocks an application is explained, for the worker's file and
// the audit trail.
func (a Action) NeedsReason() bool {
	switch a {
	case ActionWithdraw, ActionReject, ActionReleaseHold, ActionRefuse, ActionCloseReferred, ActionCancelInterview:
		return true
	}
	return false
}

// NeedsInterview reports whether the event must name the interview it is
// about.
func (a Action) NeedsInterview() bool {
	switch a {
	case ActionScheduleInterview, ActionRescheduleInterview, ActionRecordInterviewHeld,
		ActionRecordInterviewCleared, ActionRecordInterviewConcerns, ActionRecordInterviewReferral,
		ActionReleaseHold, ActionHoldForClearanceReview, ActionCancelInterview:
		return true
	}
	return false
}

// NeedsCard reports whether the event must name the card it is about.
func (a Action) NeedsCard() bool { return a == ActionIssueCard || a == ActionCollect }

// CodeActionNotAllowed is returned when the status does not allow an action.
const CodeActionNotAllowed = "action_not_allowed"

// ErrActionNotAllowed is the conflict returned for an action the status table
// does not allow.
func ErrActionNotAllowed(status ApplicationStatus, action Action) *Error {
	return &Error{Kind: KindConflict, Code: CodeActionNotAllowed,
		Message: "The application is {{.status_label}}: \"{{.action_label}}\" is not possible now.",
		Args: map[string]any{
			"status": string(status), "action": string(action),
			"status_label": status.Label(), "action_label": action.Label(),
		}}
}

// Apply returns the status that action leads to from status, or an
// action_not_allowed conflict. It is the only function that knows the
// transitions.
func Apply(status ApplicationStatus, action Action) (ApplicationStatus, error) {
	next, ok := applicationTransitions[status][action]
	if !ok {
		return status, ErrActionNotAllowed(status, action)
	}
	return next, nil
}

// AllowedActions lists the actions status allows, in workflow order, for the
// buttons a page offers.
func AllowedActions(status ApplicationStatus) []Action {
	var out []Action
	for _, a := range Actions {
		if _, ok := applicationTransitions[status][a]; ok {
			out = append(out, a)
		}
	}
	return out
}

// StatusOf replays a history from draft. An error means the stored history
// breaks the table, which only a bug or a manual edit can cause.
func StatusOf(events []ApplicationEvent) (ApplicationStatus, error) {
	status := ApplicationDraft
	for i, e := range events {
		next, err := Apply(status, e.Action)
		if err != nil {
			return status, fmt.Errorf("replay event %d (%s): %w", i+1, e.Action, err)
		}
		status = next
	}
	return status, nil
}

// ApplicationEvent is one entry of an application's append-only history.
type ApplicationEvent struct {
	ID            int64
	ApplicationID int64
	// Seq is the 1-based position in the history. Storage keeps
	// (application_id, seq) unique, so two concurrent writers that read the
	// same history cannot both append.
	Seq     int
	Action  Action
	ActorID int64
	At      time.Time
	// Reason says why (required where Action.NeedsReason); it may be shown
	// to clerks, so interview content never goes here.
	Reason      string
	InterviewID *int64
	CardID      *int64
}

// Application is a request for a type S card for one worker with one employer.
type Application struct {
	ID           int64
	Kind         ApplicationKind
	WorkerID     int64
	EmployerID   int64
	EmploymentID int64
	// ReplacesCardID is the card renewed (renewal) or replaced (duplicate).
	ReplacesCardID *int64
	// Status caches StatusOf(Events) for lists and searches; only Do,
	// Submit and IssueCard write it.
	Status ApplicationStatus
	Events []ApplicationEvent
	// CapExceptionReason is an admin's exception to the cumulative cap
	// (GrantCapException), with who granted it; empty when none.
	CapExceptionReason string
	CapExceptionByID   *int64
	CreatedByID        int64
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// NewApplication opens a draft.
func NewApplication(kind ApplicationKind, workerID, employerID, employmentID int64, replacesCardID *int64, createdByID int64, at time.Time) Application {
	return Application{
		Kind: kind, WorkerID: workerID, EmployerID: employerID, EmploymentID: employmentID,
		ReplacesCardID: replacesCardID, Status: ApplicationDraft, CreatedByID: createdByID,
		CreatedAt: at, UpdatedAt: at,
	}
}

// Validate checks an application as opened.
func (a Application) Validate() error {
	var v Validation
	if !a.Kind.Valid() {
		v.Add("kind", "invalid_choice", "Choose first issuance, renewal or duplicate.")
	}
	if a.WorkerID <= 0 {
		v.Add("worker_id", "required", "Choose the worker.")
	}
	if a.EmployerID <= 0 {
		v.Add("employer_id", "required", "Choose the employer.")
	}
	if a.EmploymentID <= 0 {
		v.Add("employment_id", "required", "Choose the employment.")
	}
	switch {
	case a.Kind == ApplicationFirstIssuance && a.ReplacesCardID != nil:
		v.Add("replaces_card_id", "not_allowed", "A first issuance replaces no card; choose renewal or duplicate.")
	case (a.Kind == ApplicationRenewal || a.Kind == ApplicationDuplicate) && (a.ReplacesCardID == nil || *a.ReplacesCardID <= 0):
		v.Add("replaces_card_id", "required", "Choose the card this application renews or replaces.")
	}
	return v.Err()
}

// CodeReplacedCardInvalid: the card named by ReplacesCardID cannot be renewed
// or replaced by this application.
const CodeReplacedCardInvalid = "replaced_card_invalid"

// ValidateReplacedCard checks the card a renewal or duplicate refers to: it
// must be the same worker's, a renewal follows a card in use or expired, and a
// duplicate follows a card reported lost (after the police report).
func ValidateReplacedCard(a Application, replaced Card) error {
	var v Validation
	switch {
	case a.ReplacesCardID == nil || *a.ReplacesCardID != replaced.ID:
		v.Add("replaces_card_id", CodeReplacedCardInvalid, "This is not the card the application names.")
	case replaced.WorkerID != a.WorkerID:
		v.Add("replaces_card_id", CodeReplacedCardInvalid, "This card belongs to another worker.")
	case a.Kind == ApplicationRenewal && replaced.Status != CardCollected && replaced.Status != CardExpired:
		v.Add("replaces_card_id", CodeReplacedCardInvalid, "Only a card in use or expired can be renewed.")
	case a.Kind == ApplicationDuplicate && replaced.Status != CardReportedLost:
		v.Add("replaces_card_id", CodeReplacedCardInvalid, "Record the card as reported lost, with the police report, before asking for a duplicate.")
	}
	return v.Err()
}

// Do appends one event to the history and updates Status. It checks the
// status table and the event's own fields. Submit and issue_card are refused
// here: they carry domain checks (eligibility, the interview gate) that only
// Submit and IssueCard perform, so no caller can skip them.
func (a *Application) Do(e ApplicationEvent) (ApplicationEvent, error) {
	if e.Action == ActionSubmit || e.Action == ActionIssueCard {
		return e, fmt.Errorf("application %d: %s must go through its own method: %w", a.ID, e.Action,
			Fail(KindInternal, "internal", "An action bypassed its domain checks."))
	}
	return a.appendEvent(e)
}

func (a *Application) appendEvent(e ApplicationEvent) (ApplicationEvent, error) {
	var v Validation
	if !e.Action.Valid() {
		v.Add("action", "invalid_choice", "Unknown action.")
	}
	if e.ActorID <= 0 {
		v.Add("actor_id", "required", "The action must name who performs it.")
	}
	if e.At.IsZero() {
		v.Add("at", "required", "The action must carry its time.")
	}
	e.Reason = strings.TrimSpace(e.Reason)
	if e.Action.NeedsReason() && e.Reason == "" {
		v.Add("reason", "required", "Give the reason; it is kept in the application's history.")
	}
	if e.Action.NeedsInterview() && (e.InterviewID == nil || *e.InterviewID <= 0) {
		v.Add("interview_id", "required", "The action must name the interview.")
	}
	if e.Action.NeedsCard() && (e.CardID == nil || *e.CardID <= 0) {
		v.Add("card_id", "required", "The action must name the card.")
	}
	if err := v.Err(); err != nil {
		return e, err
	}
	// Replay rather than trust the cached Status.
	status, err := StatusOf(a.Events)
	if err != nil {
		return e, fmt.Errorf("application %d: %w", a.ID, err)
	}
	next, err := Apply(status, e.Action)
	if err != nil {
		return e, err
	}
	e.ApplicationID = a.ID
	e.Seq = len(a.Events) + 1
	a.Events = append(a.Events, e)
	a.Status = next
	a.UpdatedAt = e.At
	return e, nil
}

// Submit runs the eligibility check and, when every condition is met, appends
// the submit event. in.Application is ignored: the receiver is the
// application checked.
func (a *Application) Submit(in EligibilityInput, s Settings, actorID int64, at time.Time) (ApplicationEvent, error) {
	status, err := StatusOf(a.Events)
	if err != nil {
		return ApplicationEvent{}, fmt.Errorf("application %d: %w", a.ID, err)
	}
	if _, err := Apply(status, ActionSubmit); err != nil {
		return ApplicationEvent{}, err
	}
	in.Application = *a
	in.SubmitOn = at
	if err := CheckEligibility(in, s); err != nil {
		return ApplicationEvent{}, err
	}
	return a.appendEvent(ApplicationEvent{Action: ActionSubmit, ActorID: actorID, At: at})
}

// IssueCard runs the interview gate and, when it passes, appends the
// issue_card event for cardID. Storage calls it inside the transaction that
// creates the card, with the application row locked.
func (a *Application) IssueCard(interviews []Interview, issuerID int64, now time.Time, s Settings, cardID int64) (ApplicationEvent, error) {
	if err := CheckIssueGate(*a, interviews, issuerID, now, s.InterviewMaxAgeDays); err != nil {
		return ApplicationEvent{}, err
	}
	return a.appendEvent(ApplicationEvent{Action: ActionIssueCard, ActorID: issuerID, At: now, CardID: &cardID})
}
