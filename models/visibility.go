package models

// The visibility policy: what a reader may see of the private interview.
// What the interviewer records (the record, notes, indicators, the kind of
// outcome) is for interviewers and admins only; everyone else who reads an
// application (clerks) learns that an interview is scheduled, held, cleared
// or on hold, and that an application ended after a hold, never how. The
// store masks what it returns with these functions and the pages build their
// filters with them, so the policy is written once.

// ApplicationClosedAfterHold is what a reader without interview content sees
// of an application refused or closed as referred after a hold: that it ended
// after a hold, not how (a referral would reveal what the interview found).
// It is a masked status, never stored and absent from the status table.
const ApplicationClosedAfterHold ApplicationStatus = "closed_after_hold"

// History labels shown in place of a confidential action.
const (
	LabelInterviewOnHold = "interview_on_hold"
	LabelClosedAfterHold = "closed_after_hold"
)

// SeesInterviewContent reports whether a may read what an interview found:
// the record, the kind of outcome, how a hold ended.
func SeesInterviewContent(a Actor) bool {
	return a.system || a.User.Can(PermInterviewRead)
}

// VisibleStatus is status as a may see it.
func VisibleStatus(a Actor, status ApplicationStatus) ApplicationStatus {
	if !SeesInterviewContent(a) && (status == ApplicationReferred || status == ApplicationRefused) {
		return ApplicationClosedAfterHold
	}
	return status
}

// VisibleStatuses lists the statuses a may filter applications by, in
// workflow order: refused and referred are one "closed after a hold" for a
// reader without interview content.
func VisibleStatuses(a Actor) []ApplicationStatus {
	var out []ApplicationStatus
	for _, s := range ApplicationStatuses {
		v := VisibleStatus(a, s)
		if len(out) == 0 || out[len(out)-1] != v {
			out = append(out, v)
		}
	}
	return out
}

// StatusesMatching lists the stored statuses a filter on status stands for,
// as a may see them (nil for an unknown status): a reader without interview
// content who asks for refused, referred or closed after a hold gets both.
func StatusesMatching(a Actor, status ApplicationStatus) []ApplicationStatus {
	switch {
	case status == ApplicationClosedAfterHold || (!SeesInterviewContent(a) && (status == ApplicationReferred || status == ApplicationRefused)):
		return []ApplicationStatus{ApplicationRefused, ApplicationReferred}
	case status.Valid():
		return []ApplicationStatus{status}
	}
	return nil
}

// confidentialActions are the history entries whose action reveals what an
// interview found.
var confidentialActions = map[Action]string{
	ActionRecordInterviewConcerns: LabelInterviewOnHold,
	ActionRecordInterviewReferral: LabelInterviewOnHold,
	ActionCloseReferred:           LabelClosedAfterHold,
	ActionRefuse:                  LabelClosedAfterHold,
}

// RevealsOutcome reports whether e, as a reads it, shows what an interview
// found (concerns, a referral, how a hold ended): the entry is masked for
// readers without interview content, and its view is written to the
// worker's access log for the others.
func RevealsOutcome(a Actor, e ApplicationEvent) bool {
	_, confidential := confidentialActions[e.Action]
	return confidential && SeesInterviewContent(a)
}

// VisibleEvent is how a history entry reads for a: the action itself, or a
// masked label with the reason left out when the reason could say how a hold
// ended. The label is a message id suffix ("history.<label>").
func VisibleEvent(a Actor, e ApplicationEvent) (label, reason string) {
	label, reason = string(e.Action), e.Reason
	if masked, ok := confidentialActions[e.Action]; ok && !SeesInterviewContent(a) {
		label = masked
		if masked == LabelClosedAfterHold {
			reason = ""
		}
	}
	return label, reason
}
