package app

import (
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// The application page's task list (issue 13): each step to a collected
// card with its state and the one action that moves it, as models.Tasks
// computed it for the reader.

// taskView is one step as the page draws it.
type taskView struct {
	Step, State       string
	Label, StateLabel string
	ActionLabel, Href string
	Refusal           string
	Reasons           []string
}

// taskHref is where a step's action is taken: the form further down the
// page, or the page that holds it.
func taskHref(v *store.ApplicationView, act models.TaskAction, booked int64) string {
	switch act {
	case models.TaskAttachDocuments:
		return "#documents"
	case models.TaskGenerateContract:
		return "/applications/" + itoa64(v.ID) + "/contracts"
	case models.TaskSubmit:
		return "#submit"
	case models.TaskSchedule:
		return "#schedule"
	case models.TaskRecord:
		return "/interviews/" + itoa64(booked) + "/record"
	case models.TaskDecideHold:
		return "#hold-decision"
	case models.TaskIssue, models.TaskCollect:
		return "#card"
	}
	return ""
}

// Message id prefixes of the steps, states and actions (queues.*.toml).
const (
	taskStepMsg   = "task.step."
	taskStateMsg  = "task.state."
	taskActionMsg = "task.action."
)

func (a *App) taskViews(loc *localizer, v *store.ApplicationView) []taskView {
	var booked int64
	for _, iv := range v.Interviews {
		if iv.Current && iv.Scheduled() {
			booked = iv.ID
		}
	}
	out := make([]taskView, len(v.Tasks))
	for i, t := range v.Tasks {
		tv := taskView{Step: string(t.Step), State: string(t.State), Label: loc.T(taskStepMsg + string(t.Step)),
			StateLabel: loc.T(taskStateMsg + string(t.State))}
		if t.Action != "" {
			tv.ActionLabel, tv.Href = loc.T(taskActionMsg+string(t.Action)), taskHref(v, t.Action, booked)
		}
		if t.Refusal != nil {
			tv.Refusal = loc.errorText(t.Refusal)
			for _, f := range t.Refusal.Fields {
				tv.Reasons = append(tv.Reasons, loc.fieldText(f))
			}
		}
		out[i] = tv
	}
	return out
}
