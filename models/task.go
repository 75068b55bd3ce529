package models

import "slices"

// TaskStep is one step of an application's way to a collected card, as the
// application page lists them (the GOV.UK "task list" pattern).
type TaskStep string

// The steps, in order.
const (
	StepDocuments   TaskStep = "documents"
	StepContract    TaskStep = "contract"
	StepSubmitted   TaskStep = "submitted"
	StepScheduled   TaskStep = "interview_scheduled"
	StepInterviewed TaskStep = "interviewed"
	StepCardIssued  TaskStep = "card_issued"
	StepCollected   TaskStep = "collected"
)

// TaskSteps lists the steps in order.
var TaskSteps = []TaskStep{StepDocuments, StepContract, StepSubmitted, StepScheduled, StepInterviewed, StepCardIssued, StepCollected}

// TaskState is where a step stands.
type TaskState string

// Task states.
const (
	TaskDone      TaskState = "done"
	TaskNext      TaskState = "next"       // the step to work on now
	TaskWaiting   TaskState = "waiting"    // comes after a step not done yet
	TaskOnHold    TaskState = "on_hold"    // only an admin's decision moves it
	TaskClosed    TaskState = "closed"     // the application ended before it
	TaskNotNeeded TaskState = "not_needed" // this kind of application skips it
)

// TaskAction is the one action that moves a step on, offered to a reader
// only when it can succeed now.
type TaskAction string

// Task actions.
const (
	TaskAttachDocuments  TaskAction = "attach_documents"
	TaskGenerateContract TaskAction = "generate_contract"
	TaskSubmit           TaskAction = "submit"
	TaskSchedule         TaskAction = "schedule_interview"
	TaskRecord           TaskAction = "record_interview"
	TaskDecideHold       TaskAction = "decide_hold"
	TaskIssue            TaskAction = "issue_card"
	TaskCollect          TaskAction = "collect_card"
)

// Task is one step with its state, the action this reader may take on it
// now (empty when none), and, when the step is this reader's to move but
// the domain refuses it now, why (Refusal).
type Task struct {
	Step    TaskStep
	State   TaskState
	Action  TaskAction
	Refusal *Error
}

// TaskInput is what Tasks needs to know of an application and its reader.
type TaskInput struct {
	Application Application // with its history
	Reader      Actor
	// Offer is OfferFor the reader, with SubmitRefusal filled in by whoever
	// ran the eligibility check.
	Offer ApplicationOffer
	// Missing lists the required documents not attached yet.
	Missing []DocumentKind
	// HasContract: a standard contract was generated for the application.
	HasContract bool
	// BookedInterviewID is the appointment the application waits for (0
	// when none).
	BookedInterviewID int64
}

// reachedBy is the last step each status has completed.
var reachedBy = map[ApplicationStatus]TaskStep{
	ApplicationSubmitted:          StepSubmitted,
	ApplicationInterviewScheduled: StepScheduled,
	ApplicationInterviewed:        StepScheduled,
	ApplicationOnHold:             StepScheduled,
	ApplicationApproved:           StepInterviewed,
	ApplicationCardReady:          StepCardIssued,
	ApplicationCollected:          StepCollected,
}

// Tasks lists the steps of an application with their state and the one
// action that moves the next step, offered only when the domain's own
// checks (the status table, the reader's permissions, eligibility, the
// interview gate) say it can succeed now. A page offers these and nothing
// else; the services check each action again when it is asked for.
func Tasks(in TaskInput) []Task {
	app := in.Application
	status, err := StatusOf(app.Events)
	if err != nil {
		return nil
	}
	o := in.Offer
	docsDone := len(in.Missing) == 0
	contractDone := in.HasContract || slices.Contains(presentKinds(in), DocSignedContract)
	// How far the history went, for an application closed on the way.
	var last TaskStep
	if r, ok := reachedBy[status]; ok {
		last = r
	} else if status != ApplicationDraft {
		last = reachedInHistory(app.Events)
	}
	reachedIdx := slices.Index(TaskSteps, last)
	closed := status.Terminal() && status != ApplicationCollected
	tasks := make([]Task, len(TaskSteps))
	nextSet := false
	for i, step := range TaskSteps {
		t := Task{Step: step}
		switch {
		case step == StepContract && app.Kind == ApplicationDuplicate:
			t.State = TaskNotNeeded
		case i <= reachedIdx:
			t.State = TaskDone
		case step == StepDocuments && docsDone:
			t.State = TaskDone
		case step == StepContract && contractDone && status == ApplicationDraft:
			t.State = TaskDone
		case closed:
			t.State = TaskClosed
		case step == StepInterviewed && status == ApplicationOnHold:
			t.State, nextSet = TaskOnHold, true
			if o.DecideHold {
				t.Action = TaskDecideHold
			}
		case !nextSet:
			t.State, nextSet = TaskNext, true
			t.Action, t.Refusal = nextAction(step, in, status, docsDone)
		default:
			t.State = TaskWaiting
		}
		tasks[i] = t
	}
	// In a draft, documents and the contract can be worked on side by side:
	// each not done is next, and submitting waits for both.
	if status == ApplicationDraft {
		for i, t := range tasks {
			if (t.Step == StepDocuments || t.Step == StepContract) && t.State == TaskWaiting {
				tasks[i].State = TaskNext
				tasks[i].Action, tasks[i].Refusal = nextAction(t.Step, in, status, docsDone)
			}
		}
	}
	return tasks
}

// nextAction is the action that moves step, when this reader may take it
// and it can succeed now, or the domain's refusal when the step is the
// reader's but cannot move yet.
func nextAction(step TaskStep, in TaskInput, status ApplicationStatus, docsDone bool) (TaskAction, *Error) {
	o := in.Offer
	switch step {
	case StepDocuments:
		if o.AttachDocuments {
			return TaskAttachDocuments, nil
		}
	case StepContract:
		if status == ApplicationDraft && in.Reader.Require(PermContractGenerate) == nil {
			return TaskGenerateContract, nil
		}
	case StepSubmitted:
		switch {
		case o.Submit && docsDone && o.SubmitRefusal == nil:
			return TaskSubmit, nil
		case o.Submit && o.SubmitRefusal != nil:
			return "", o.SubmitRefusal
		}
	case StepScheduled:
		if o.Schedule {
			return TaskSchedule, nil
		}
	case StepInterviewed:
		if in.BookedInterviewID > 0 && in.Reader.Require(PermInterviewRecord) == nil {
			return TaskRecord, nil
		}
	case StepCardIssued:
		if o.Issue {
			return TaskIssue, nil
		}
		if o.IssueRefusal != nil {
			return "", o.IssueRefusal
		}
	case StepCollected:
		if o.Collect {
			return TaskCollect, nil
		}
	}
	return "", nil
}

func presentKinds(in TaskInput) []DocumentKind {
	var present []DocumentKind
	for _, k := range RequiredDocuments(in.Application.Kind) {
		if !slices.Contains(in.Missing, k) {
			present = append(present, k)
		}
	}
	return present
}

// reachedInHistory is the last step an application closed on the way had
// completed, read from its history.
func reachedInHistory(events []ApplicationEvent) TaskStep {
	var last TaskStep // none: closed as a draft
	for _, e := range events {
		switch e.Action {
		case ActionSubmit:
			last = StepSubmitted
		case ActionScheduleInterview, ActionRescheduleInterview:
			last = StepScheduled
		case ActionRecordInterviewHeld, ActionRecordInterviewCleared, ActionRecordInterviewConcerns, ActionRecordInterviewReferral:
			last = StepInterviewed
		case ActionIssueCard:
			last = StepCardIssued
		}
	}
	return last
}
