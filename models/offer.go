package models

import (
	"errors"
	"time"
)

// ApplicationOffer is what a reader may do next with an application: the
// actions the status table allows now that the reader's permissions grant,
// and for the card what the gate itself says. A page offers these as
// buttons and nothing else; the services check every one again when it is
// asked for.
type ApplicationOffer struct {
	AttachDocuments bool
	Submit          bool
	Schedule        bool
	Reschedule      bool
	Reject          bool
	Withdraw        bool
	CapException    bool
	DecideHold      bool
	// Issue: the gate passes for this reader now. IssueRefusal says why
	// not, when issuing is this reader's part but the gate refuses (the
	// page shows it instead of a button).
	Issue        bool
	IssueRefusal *Error
	// Collect: the card waits for its worker. CardActions are the changes
	// the card's status table allows besides collection and expiry.
	Collect     bool
	CardActions []CardAction
	// SubmitRefusal is the eligibility check's refusal, run ahead by the
	// application's view (store) where Submit is offered: a submission that
	// would be refused is not offered as a button (Tasks).
	SubmitRefusal *Error
}

// OfferFor computes the offer of app to a: interviews are the
// application's, card its card (nil before issue), on now under s.
func OfferFor(a Actor, app Application, interviews []Interview, card *Card, now time.Time, s Settings) ApplicationOffer {
	var o ApplicationOffer
	status, err := StatusOf(app.Events)
	if err != nil {
		return o
	}
	allowed := func(act Action) bool {
		_, err := Apply(status, act)
		return err == nil && a.Require(act.Permission()) == nil
	}
	o.Submit, o.Reject, o.Withdraw = allowed(ActionSubmit), allowed(ActionReject), allowed(ActionWithdraw)
	o.Schedule, o.Reschedule = allowed(ActionScheduleInterview), allowed(ActionRescheduleInterview)
	o.DecideHold = allowed(ActionReleaseHold)
	o.AttachDocuments = status == ApplicationDraft && a.Require(PermApplicationCreate) == nil
	o.CapException = status == ApplicationDraft && !app.HasCapException() && a.Require(PermCapException) == nil
	if card == nil && a.Require(PermCardIssue) == nil && issueIsNext(status) {
		_, err := IssueGateInterview(app, interviews, a.UserID(), now, s.InterviewMaxAgeDays)
		var refusal *Error
		switch {
		case err == nil:
			o.Issue = true
		case errors.As(err, &refusal):
			o.IssueRefusal = refusal
		}
	}
	if card != nil && a.Require(PermCardIssue) == nil {
		o.Collect = allowed(ActionCollect) && cardAllows(card.Status, CardCollect)
		// A return is recorded with its day and reason (Card.End, issue 13).
		for _, act := range []CardAction{CardReportLost, CardCancel} {
			if cardAllows(card.Status, act) {
				o.CardActions = append(o.CardActions, act)
			}
		}
	}
	return o
}

// issueIsNext reports whether the card is what the application works
// towards from status: after submission and before a card or a close.
func issueIsNext(status ApplicationStatus) bool {
	switch status {
	case ApplicationSubmitted, ApplicationInterviewScheduled, ApplicationInterviewed, ApplicationOnHold, ApplicationApproved:
		return true
	}
	return false
}

func cardAllows(status CardStatus, action CardAction) bool {
	_, err := ApplyCard(status, action)
	return err == nil
}
