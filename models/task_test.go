package models

import (
	"testing"
	"time"
)

// history builds an application's events from actions.
func history(kind ApplicationKind, actions ...Action) Application {
	app := Application{ID: 1, Kind: kind}
	iv, card := int64(7), int64(9)
	for i, a := range actions {
		e := ApplicationEvent{Seq: i + 1, Action: a, ActorID: 1, At: time.Date(2026, 3, 2, 9, i, 0, 0, time.UTC), Reason: "r"}
		if a.NeedsInterview() {
			e.InterviewID = &iv
		}
		if a.NeedsCard() {
			e.CardID = &card
		}
		app.Events = append(app.Events, e)
	}
	app.Status, _ = StatusOf(app.Events)
	return app
}

func states(ts []Task) string {
	out := ""
	for _, t := range ts {
		c := map[TaskState]string{TaskDone: "D", TaskNext: "N", TaskWaiting: "w", TaskOnHold: "H", TaskClosed: "x", TaskNotNeeded: "-"}[t.State]
		out += c
	}
	return out
}

func actionOf(ts []Task, step TaskStep) (TaskAction, *Error) {
	for _, t := range ts {
		if t.Step == step {
			return t.Action, t.Refusal
		}
	}
	return "", nil
}

func TestTasks(t *testing.T) {
	clerk := Actor{User: &User{ID: 2, Active: true, Roles: []Role{RoleClerk}}}
	interviewer := Actor{User: &User{ID: 3, Active: true, Roles: []Role{RoleInterviewer}}}
	admin := Actor{User: &User{ID: 4, Active: true, Roles: []Role{RoleAdmin}}}
	allDocs := []DocumentKind(nil)
	someDocs := []DocumentKind{DocSignedContract, DocPassportCopy}
	ineligible := &Error{Kind: KindInvalid, Code: "not_eligible"}
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name       string
		app        Application
		reader     Actor
		missing    []DocumentKind
		contract   bool
		refusal    *Error
		booked     int64
		want       string // one letter a step
		step       TaskStep
		wantAction TaskAction
		wantRefuse bool
	}{
		{name: "new draft: documents and contract both next, submit waits", app: history(ApplicationFirstIssuance), reader: clerk, missing: someDocs,
			want: "NNwwwww", step: StepDocuments, wantAction: TaskAttachDocuments},
		{name: "draft without documents: no submit button", app: history(ApplicationFirstIssuance), reader: clerk, missing: someDocs,
			want: "NNwwwww", step: StepSubmitted, wantAction: ""},
		{name: "draft complete: submit offered", app: history(ApplicationFirstIssuance), reader: clerk, missing: allDocs, contract: true,
			want: "DDNwwww", step: StepSubmitted, wantAction: TaskSubmit},
		{name: "draft the eligibility check refuses: no button, the reasons", app: history(ApplicationFirstIssuance), reader: clerk, missing: allDocs, contract: true, refusal: ineligible,
			want: "DDNwwww", step: StepSubmitted, wantAction: "", wantRefuse: true},
		{name: "signed contract attached counts as the contract", app: history(ApplicationFirstIssuance), reader: clerk, missing: allDocs,
			want: "DDNwwww", step: StepContract, wantAction: ""},
		{name: "a duplicate needs no contract", app: history(ApplicationDuplicate), reader: clerk, missing: allDocs,
			want: "D-Nwwww", step: StepSubmitted, wantAction: TaskSubmit},
		{name: "an interviewer cannot submit", app: history(ApplicationFirstIssuance), reader: interviewer, missing: allDocs, contract: true,
			want: "DDNwwww", step: StepSubmitted, wantAction: ""},
		{name: "submitted: schedule", app: history(ApplicationFirstIssuance, ActionSubmit), reader: clerk,
			want: "DDDNwww", step: StepScheduled, wantAction: TaskSchedule},
		{name: "submitted: no card button for the clerk", app: history(ApplicationFirstIssuance, ActionSubmit), reader: clerk,
			want: "DDDNwww", step: StepCardIssued, wantAction: ""},
		{name: "scheduled: the interviewer records", app: history(ApplicationFirstIssuance, ActionSubmit, ActionScheduleInterview), reader: interviewer, booked: 7,
			want: "DDDDNww", step: StepInterviewed, wantAction: TaskRecord},
		{name: "scheduled: nothing for the clerk to record", app: history(ApplicationFirstIssuance, ActionSubmit, ActionScheduleInterview), reader: clerk, booked: 7,
			want: "DDDDNww", step: StepInterviewed, wantAction: ""},
		{name: "on hold: an admin decides", app: history(ApplicationFirstIssuance, ActionSubmit, ActionScheduleInterview, ActionRecordInterviewConcerns), reader: admin,
			want: "DDDDHww", step: StepInterviewed, wantAction: TaskDecideHold},
		{name: "on hold: the clerk is offered nothing", app: history(ApplicationFirstIssuance, ActionSubmit, ActionScheduleInterview, ActionRecordInterviewConcerns), reader: clerk,
			want: "DDDDHww", step: StepCardIssued, wantAction: ""},
		{name: "approved: the clerk issues", app: history(ApplicationFirstIssuance, ActionSubmit, ActionScheduleInterview, ActionRecordInterviewCleared), reader: clerk,
			want: "DDDDDNw", step: StepCardIssued, wantAction: TaskIssue},
		{name: "card ready: collection", app: history(ApplicationFirstIssuance, ActionSubmit, ActionScheduleInterview, ActionRecordInterviewCleared, ActionIssueCard), reader: clerk,
			want: "DDDDDDN", step: StepCollected, wantAction: TaskCollect},
		{name: "collected: all done", app: history(ApplicationFirstIssuance, ActionSubmit, ActionScheduleInterview, ActionRecordInterviewCleared, ActionIssueCard, ActionCollect), reader: clerk,
			want: "DDDDDDD", step: StepCollected, wantAction: ""},
		{name: "withdrawn after submission: the rest closed", app: history(ApplicationFirstIssuance, ActionSubmit, ActionWithdraw), reader: clerk,
			want: "DDDxxxx", step: StepScheduled, wantAction: ""},
		{name: "withdrawn draft with documents missing", app: history(ApplicationFirstIssuance, ActionWithdraw), reader: clerk, missing: someDocs,
			want: "xxxxxxx", step: StepDocuments, wantAction: ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var card *Card
			if c.app.Status == ApplicationCardReady {
				card = &Card{ID: 9, Status: CardReadyForCollection}
			}
			// The interviewer who recorded is not the clerk: the gate passes.
			ivs := []Interview{{ID: 7, ApplicationID: 1, InterviewerID: 3, ScheduledAt: now.Add(-2 * time.Hour)}}
			if c.app.Status == ApplicationApproved {
				held := now.Add(-time.Hour)
				ivs[0].HeldAt, ivs[0].RecordedAt, ivs[0].RecordedByID, ivs[0].Outcome, ivs[0].EmployerAbsent = &held, &held, ptrInt(3), OutcomeCleared, true
			}
			o := OfferFor(c.reader, c.app, ivs, card, now, DefaultSettings())
			if o.Submit {
				o.SubmitRefusal = c.refusal
			}
			ts := Tasks(TaskInput{Application: c.app, Reader: c.reader, Offer: o, Missing: c.missing, HasContract: c.contract, BookedInterviewID: c.booked})
			if got := states(ts); got != c.want {
				t.Errorf("states %s, want %s", got, c.want)
			}
			act, refusal := actionOf(ts, c.step)
			if act != c.wantAction {
				t.Errorf("%s: action %q, want %q", c.step, act, c.wantAction)
			}
			if (refusal != nil) != c.wantRefuse {
				t.Errorf("%s: refusal %v", c.step, refusal)
			}
		})
	}
}

func ptrInt(n int64) *int64 { return &n }
