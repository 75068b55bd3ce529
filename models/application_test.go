package models

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// Helpers shared by the card-lifecycle tests; the lc prefix keeps them apart
// from other test files in the package.

func lcDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func lcAt(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }

func lcPtr[T any](v T) *T { return &v }

// lcWantCode fails unless err is a domain error of kind and code.
func lcWantCode(t *testing.T, err error, kind Kind, code string) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want %s/%s", err, kind, code)
	}
	if e.Kind != kind || e.Code != code {
		t.Fatalf("got %s/%s (%v), want %s/%s", e.Kind, e.Code, err, kind, code)
	}
	return e
}

// lcFieldCodes returns err's field errors as sorted "field:code" strings,
// nil for a nil error.
func lcFieldCodes(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want a domain error with fields", err)
	}
	out := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	sort.Strings(out)
	return out
}

func lcSameStrings(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	sort.Strings(a)
	sort.Strings(b)
	return slices.Equal(a, b)
}

// lcEvent builds a well-formed event for action.
func lcEvent(action Action, actor int64, at time.Time, interviewID int64) ApplicationEvent {
	e := ApplicationEvent{Action: action, ActorID: actor, At: at}
	if action.NeedsReason() {
		e.Reason = "reason for " + string(action)
	}
	if action.NeedsInterview() {
		e.InterviewID = lcPtr(interviewID)
	}
	if action.NeedsCard() {
		e.CardID = lcPtr(int64(900))
	}
	return e
}

// lcHistory builds a history by replaying actions through the table (so it
// is always a valid history), the interview actions naming interviewID.
func lcHistory(t *testing.T, interviewID int64, actions ...Action) []ApplicationEvent {
	t.Helper()
	var events []ApplicationEvent
	status := ApplicationDraft
	for i, a := range actions {
		next, err := Apply(status, a)
		if err != nil {
			t.Fatalf("history step %d: %v", i+1, err)
		}
		e := lcEvent(a, 1, lcAt(2025, 1, 1, 8).Add(time.Duration(i)*time.Hour), interviewID)
		e.Seq = i + 1
		events = append(events, e)
		status = next
	}
	return events
}

// wantTransitions restates the status table independently: a change to
// applicationTransitions must be made here too, on purpose.
var wantTransitions = map[ApplicationStatus]map[Action]ApplicationStatus{
	ApplicationDraft: {ActionSubmit: ApplicationSubmitted, ActionWithdraw: ApplicationWithdrawn},
	ApplicationSubmitted: {
		ActionScheduleInterview: ApplicationInterviewScheduled,
		ActionReject:            ApplicationRejected, ActionWithdraw: ApplicationWithdrawn,
	},
	ApplicationInterviewScheduled: {
		ActionRescheduleInterview: ApplicationInterviewScheduled, ActionRecordInterviewHeld: ApplicationInterviewed,
		ActionRecordInterviewCleared: ApplicationApproved, ActionRecordInterviewConcerns: ApplicationOnHold,
		ActionRecordInterviewReferral: ApplicationOnHold, ActionReject: ApplicationRejected,
		ActionWithdraw: ApplicationWithdrawn, ActionCancelInterview: ApplicationSubmitted,
	},
	ApplicationInterviewed: {
		ActionRecordInterviewCleared: ApplicationApproved, ActionRecordInterviewConcerns: ApplicationOnHold,
		ActionRecordInterviewReferral: ApplicationOnHold,
	},
	ApplicationOnHold: {
		ActionRecordInterviewConcerns: ApplicationOnHold, ActionRecordInterviewReferral: ApplicationOnHold,
		ActionReleaseHold: ApplicationApproved, ActionRefuse: ApplicationRefused,
		ActionCloseReferred:          ApplicationReferred,
		ActionHoldForClearanceReview: ApplicationOnHold, // a correction into a clearance against the evidence waits (issue 9)
	},
	ApplicationApproved: {
		ActionHoldForClearanceReview: ApplicationOnHold,
		ActionScheduleInterview:      ApplicationInterviewScheduled, ActionRecordInterviewConcerns: ApplicationOnHold,
		ActionRecordInterviewReferral: ApplicationOnHold, ActionIssueCard: ApplicationCardReady,
		ActionReject: ApplicationRejected, ActionWithdraw: ApplicationWithdrawn,
	},
	ApplicationCardReady: {ActionCollect: ApplicationCollected, ActionWithdraw: ApplicationWithdrawn},
}

// TestApplyEveryStatusAndAction covers every status x action pair: allowed
// pairs lead to the expected status, every other pair is an
// action_not_allowed conflict that leaves the status unchanged.
func TestApplyEveryStatusAndAction(t *testing.T) {
	pairs := 0
	for _, status := range ApplicationStatuses {
		for _, action := range Actions {
			pairs++
			t.Run(string(status)+"/"+string(action), func(t *testing.T) {
				got, err := Apply(status, action)
				if want, ok := wantTransitions[status][action]; ok {
					if err != nil || got != want {
						t.Fatalf("Apply = %s, %v; want %s", got, err, want)
					}
					return
				}
				e := lcWantCode(t, err, KindConflict, CodeActionNotAllowed)
				if got != status {
					t.Errorf("status after refusal = %s, want unchanged %s", got, status)
				}
				if e.Args["status"] != string(status) || e.Args["action"] != string(action) {
					t.Errorf("args = %v", e.Args)
				}
				if !strings.Contains(e.Message, "{{.status_label}}") {
					t.Errorf("message %q does not name the status", e.Message)
				}
			})
		}
	}
	if want := len(ApplicationStatuses) * len(Actions); pairs != want || pairs != 12*16 { // 16 actions: hold_for_clearance_review (issue 9b) and cancel_interview (issue 13) included
		t.Fatalf("covered %d pairs, want %d", pairs, want)
	}
}

func TestApplicationTableIsClosed(t *testing.T) {
	if len(applicationTransitions) != len(ApplicationStatuses) {
		t.Errorf("table has %d statuses, list has %d", len(applicationTransitions), len(ApplicationStatuses))
	}
	for from, row := range applicationTransitions {
		if !from.Valid() {
			t.Errorf("unknown status %q in table", from)
		}
		for a, to := range row {
			if !a.Valid() || !to.Valid() {
				t.Errorf("%s --%s--> %s: unknown action or status", from, a, to)
			}
		}
	}
	// Every status is reachable from draft, and from every status a terminal
	// one is reachable (no application can be stranded).
	reach := func(from ApplicationStatus) map[ApplicationStatus]bool {
		seen := map[ApplicationStatus]bool{from: true}
		queue := []ApplicationStatus{from}
		for len(queue) > 0 {
			s := queue[0]
			queue = queue[1:]
			for _, to := range applicationTransitions[s] {
				if !seen[to] {
					seen[to] = true
					queue = append(queue, to)
				}
			}
		}
		return seen
	}
	fromDraft := reach(ApplicationDraft)
	for _, s := range ApplicationStatuses {
		if !fromDraft[s] {
			t.Errorf("%s is unreachable from draft", s)
		}
		terminal := false
		for r := range reach(s) {
			terminal = terminal || r.Terminal()
		}
		if !terminal {
			t.Errorf("no terminal status reachable from %s", s)
		}
	}
	for _, s := range []ApplicationStatus{ApplicationCollected, ApplicationWithdrawn, ApplicationRejected, ApplicationRefused, ApplicationReferred} {
		if !s.Terminal() || AllowedActions(s) != nil {
			t.Errorf("%s should be terminal", s)
		}
	}
}

func TestAllowedActions(t *testing.T) {
	tests := []struct {
		status ApplicationStatus
		want   []Action
	}{
		{ApplicationDraft, []Action{ActionSubmit, ActionWithdraw}},
		{ApplicationInterviewed, []Action{ActionRecordInterviewCleared, ActionRecordInterviewConcerns, ActionRecordInterviewReferral}},
		{ApplicationOnHold, []Action{ActionRecordInterviewConcerns, ActionRecordInterviewReferral, ActionReleaseHold, ActionRefuse, ActionCloseReferred, ActionHoldForClearanceReview}},
		{ApplicationCollected, nil},
	}
	for _, tt := range tests {
		if got := AllowedActions(tt.status); !slices.Equal(got, tt.want) {
			t.Errorf("AllowedActions(%s) = %v, want %v", tt.status, got, tt.want)
		}
	}
}

// TestActionPermissions checks who may perform each action: hold decisions
// are the admin's alone, interview records the interviewer's alone, and no
// clerk action is missing from the clerk's role.
func TestActionPermissions(t *testing.T) {
	for _, a := range Actions {
		p := a.Permission()
		if p == "" {
			t.Errorf("%s has no permission", a)
			continue
		}
		var holders []Role
		for _, r := range Roles {
			if RoleHas(r, p) {
				holders = append(holders, r)
			}
		}
		var want []Role
		switch a {
		case ActionReleaseHold, ActionRefuse, ActionCloseReferred:
			want = []Role{RoleAdmin}
		case ActionRecordInterviewHeld, ActionRecordInterviewCleared, ActionRecordInterviewConcerns, ActionRecordInterviewReferral,
			ActionHoldForClearanceReview:
			want = []Role{RoleInterviewer}
		default:
			want = []Role{RoleClerk}
		}
		if !slices.Equal(holders, want) {
			t.Errorf("%s (%s) is held by %v, want %v", a, p, holders, want)
		}
	}
}

func TestStatusOf(t *testing.T) {
	tests := []struct {
		name    string
		actions []Action
		want    ApplicationStatus
		wantErr bool
	}{
		{"empty history is a draft", nil, ApplicationDraft, false},
		{"happy path", []Action{ActionSubmit, ActionScheduleInterview, ActionRecordInterviewCleared, ActionIssueCard, ActionCollect}, ApplicationCollected, false},
		{"two-step record", []Action{ActionSubmit, ActionScheduleInterview, ActionRecordInterviewHeld, ActionRecordInterviewCleared}, ApplicationApproved, false},
		{"hold released", []Action{ActionSubmit, ActionScheduleInterview, ActionRecordInterviewConcerns, ActionReleaseHold}, ApplicationApproved, false},
		{"referral closed", []Action{ActionSubmit, ActionScheduleInterview, ActionRecordInterviewReferral, ActionCloseReferred}, ApplicationReferred, false},
		{"interview repeated after expiry", []Action{ActionSubmit, ActionScheduleInterview, ActionRecordInterviewCleared, ActionScheduleInterview, ActionRecordInterviewCleared}, ApplicationApproved, false},
		{"issue before interview is a broken history", []Action{ActionSubmit, ActionIssueCard}, ApplicationSubmitted, true},
		{"clearance cannot lift a hold", []Action{ActionSubmit, ActionScheduleInterview, ActionRecordInterviewConcerns, ActionRecordInterviewCleared}, ApplicationOnHold, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var events []ApplicationEvent
			for _, a := range tt.actions {
				events = append(events, ApplicationEvent{Action: a})
			}
			got, err := StatusOf(events)
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Fatalf("StatusOf = %s, %v; want %s, error %v", got, err, tt.want, tt.wantErr)
			}
			if err != nil && ErrorCode(err) != CodeActionNotAllowed {
				t.Errorf("error code = %s", ErrorCode(err))
			}
		})
	}
}

func TestApplicationDo(t *testing.T) {
	at := lcAt(2025, 5, 1, 9)
	tests := []struct {
		name       string
		history    []Action
		event      ApplicationEvent
		wantStatus ApplicationStatus
		wantKind   Kind
		wantCode   string
		wantFields []string
	}{
		{name: "schedule", history: []Action{ActionSubmit},
			event: lcEvent(ActionScheduleInterview, 5, at, 7), wantStatus: ApplicationInterviewScheduled},
		{name: "withdraw needs a reason", history: nil,
			event:    ApplicationEvent{Action: ActionWithdraw, ActorID: 5, At: at, Reason: "  "},
			wantKind: KindInvalid, wantCode: "invalid_input", wantFields: []string{"reason:required"}},
		{name: "interview action needs the interview", history: []Action{ActionSubmit},
			event:    ApplicationEvent{Action: ActionScheduleInterview, ActorID: 5, At: at},
			wantKind: KindInvalid, wantCode: "invalid_input", wantFields: []string{"interview_id:required"}},
		{name: "collect needs the card", history: []Action{ActionSubmit, ActionScheduleInterview, ActionRecordInterviewCleared, ActionIssueCard},
			event:    ApplicationEvent{Action: ActionCollect, ActorID: 5, At: at},
			wantKind: KindInvalid, wantCode: "invalid_input", wantFields: []string{"card_id:required"}},
		{name: "actor and time required", history: nil,
			event:    ApplicationEvent{Action: ActionWithdraw, Reason: "mission withdrew the note"},
			wantKind: KindInvalid, wantCode: "invalid_input", wantFields: []string{"actor_id:required", "at:required"}},
		{name: "unknown action", history: nil,
			event:    ApplicationEvent{Action: "approve", ActorID: 5, At: at},
			wantKind: KindInvalid, wantCode: "invalid_input", wantFields: []string{"action:invalid_choice"}},
		{name: "not allowed in status", history: []Action{ActionSubmit, ActionScheduleInterview, ActionRecordInterviewHeld},
			event: lcEvent(ActionWithdraw, 5, at, 0), wantKind: KindConflict, wantCode: CodeActionNotAllowed},
		{name: "submit only through Submit", history: nil,
			event: lcEvent(ActionSubmit, 5, at, 0), wantKind: KindInternal, wantCode: "internal"},
		{name: "issue only through IssueCard", history: []Action{ActionSubmit, ActionScheduleInterview, ActionRecordInterviewCleared},
			event: lcEvent(ActionIssueCard, 5, at, 0), wantKind: KindInternal, wantCode: "internal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := Application{ID: 3, Events: lcHistory(t, 7, tt.history...)}
			app.Status, _ = StatusOf(app.Events)
			before := len(app.Events)
			e, err := app.Do(tt.event)
			if tt.wantCode != "" {
				lcWantCode(t, err, tt.wantKind, tt.wantCode)
				if got := lcFieldCodes(t, err); tt.wantFields != nil && !lcSameStrings(got, tt.wantFields) {
					t.Errorf("fields = %v, want %v", got, tt.wantFields)
				}
				if len(app.Events) != before {
					t.Error("a refused action was appended")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if app.Status != tt.wantStatus || e.Seq != before+1 || e.ApplicationID != 3 || len(app.Events) != before+1 {
				t.Fatalf("status %s seq %d app %d len %d", app.Status, e.Seq, e.ApplicationID, len(app.Events))
			}
			if s, _ := StatusOf(app.Events); s != app.Status {
				t.Errorf("cached status %s differs from replay %s", app.Status, s)
			}
		})
	}
}

// TestDoReplaysInsteadOfTrustingStatus: a tampered cached status does not
// let an action through.
func TestDoReplaysInsteadOfTrustingStatus(t *testing.T) {
	app := Application{ID: 3, Events: lcHistory(t, 7, ActionSubmit), Status: ApplicationOnHold}
	_, err := app.Do(lcEvent(ActionReleaseHold, 9, lcAt(2025, 5, 1, 9), 7))
	lcWantCode(t, err, KindConflict, CodeActionNotAllowed)
}

func TestApplicationValidate(t *testing.T) {
	ok := NewApplication(ApplicationFirstIssuance, 1, 2, 3, nil, 4, lcAt(2025, 1, 1, 9))
	tests := []struct {
		name   string
		mutate func(*Application)
		want   []string
	}{
		{"first issuance", func(a *Application) {}, nil},
		{"renewal names the card", func(a *Application) { a.Kind, a.ReplacesCardID = ApplicationRenewal, lcPtr(int64(8)) }, nil},
		{"renewal without card", func(a *Application) { a.Kind = ApplicationRenewal }, []string{"replaces_card_id:required"}},
		{"duplicate without card", func(a *Application) { a.Kind = ApplicationDuplicate }, []string{"replaces_card_id:required"}},
		{"first issuance with card", func(a *Application) { a.ReplacesCardID = lcPtr(int64(8)) }, []string{"replaces_card_id:not_allowed"}},
		{"missing everything", func(a *Application) { *a = Application{} },
			[]string{"employer_id:required", "employment_id:required", "kind:invalid_choice", "worker_id:required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ok
			tt.mutate(&a)
			if got := lcFieldCodes(t, a.Validate()); !lcSameStrings(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if ok.Status != ApplicationDraft || len(ok.Events) != 0 {
		t.Errorf("a new application is an empty draft, got %s with %d events", ok.Status, len(ok.Events))
	}
}

func TestValidateReplacedCard(t *testing.T) {
	card := Card{ID: 8, WorkerID: 1, Status: CardCollected}
	tests := []struct {
		name   string
		kind   ApplicationKind
		mutate func(*Card)
		ok     bool
	}{
		{"renew a card in use", ApplicationRenewal, func(c *Card) {}, true},
		{"renew an expired card", ApplicationRenewal, func(c *Card) { c.Status = CardExpired }, true},
		{"renew a returned card", ApplicationRenewal, func(c *Card) { c.Status = CardReturned }, false},
		{"renew another worker's card", ApplicationRenewal, func(c *Card) { c.WorkerID = 2 }, false},
		{"renew another card", ApplicationRenewal, func(c *Card) { c.ID = 9 }, false},
		{"duplicate of a lost card", ApplicationDuplicate, func(c *Card) { c.Status = CardReportedLost }, true},
		{"duplicate of a card not reported lost", ApplicationDuplicate, func(c *Card) {}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := card
			tt.mutate(&c)
			a := NewApplication(tt.kind, 1, 2, 3, lcPtr(int64(8)), 4, lcAt(2025, 1, 1, 9))
			err := ValidateReplacedCard(a, c)
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if got := lcFieldCodes(t, err); !slices.Equal(got, []string{"replaces_card_id:" + CodeReplacedCardInvalid}) {
				t.Errorf("got %v", got)
			}
		})
	}
}
