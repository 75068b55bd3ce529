package models

import (
	"fmt"
	"strings"
	"time"
)

// CodeCumulativeCapReached (eligibility.go) also refuses the issue itself
// when the cap is reached between submission and issue.

// IssueInput is everything issuing a card decides on. The caller loads it
// inside the issuing transaction, with the application row locked.
type IssueInput struct {
	Application Application
	// Interviews are the application's interviews (scheduled and recorded).
	Interviews []Interview
	IssuerID   int64
	Now        time.Time
	Settings   Settings
	// PostingEndsOn and EmploymentEndsOn cut the validity short.
	PostingEndsOn    *time.Time
	EmploymentEndsOn *time.Time
	// ReplacedCard is the card a renewal or duplicate names, nil otherwise.
	ReplacedCard *Card
	// ServicePeriods are the worker's earlier cards' periods toward the
	// cumulative cap.
	ServicePeriods []Period
}

// IssueCard is the one rule for issuing a card: the interview gate
// (IssueGateInterview), the cumulative cap unless an admin granted this
// application an exception (a duplicate adds no time), and the expiry
// (CardExpiry). Only when all pass does it call draw for the card's sequence
// number, so a refused issue spends no number, then save, which stores the
// card and sets its ID, and appends the issue_card event naming it to app.
// It returns the card and the event; on a refusal nothing is drawn, saved or
// appended.
func IssueCard(app *Application, in IssueInput, draw func() (int64, error), save func(*Card) error) (Card, ApplicationEvent, error) {
	in.Application = *app
	iv, err := IssueGateInterview(in.Application, in.Interviews, in.IssuerID, in.Now, in.Settings.InterviewMaxAgeDays)
	if err != nil {
		return Card{}, ApplicationEvent{}, err
	}
	validity := CardValidityInput{Kind: app.Kind, IssuedOn: in.Now, PostingEndsOn: in.PostingEndsOn, EmploymentEndsOn: in.EmploymentEndsOn}
	if app.ReplacesCardID != nil {
		if in.ReplacedCard == nil || in.ReplacedCard.ID != *app.ReplacesCardID {
			return Card{}, ApplicationEvent{}, fmt.Errorf("issue card for application %d: the replaced card %d was not loaded", app.ID, *app.ReplacesCardID)
		}
		validity.ReplacedExpiresOn = &in.ReplacedCard.ExpiresOn
	}
	if !app.HasCapException() && app.Kind != ApplicationDuplicate {
		capEnd, ok := CapEndsOn(in.ServicePeriods, in.Now, in.Settings.MaxCumulativeDays())
		if !ok {
			return Card{}, ApplicationEvent{}, Fail(KindConflict, CodeCumulativeCapReached,
				"The worker has reached the cumulative limit as a private servant; only an admin can grant an exception.")
		}
		validity.CapEndsOn = &capEnd
	}
	expires, err := CardExpiry(validity)
	if err != nil {
		return Card{}, ApplicationEvent{}, err
	}
	seq, err := draw()
	if err != nil {
		return Card{}, ApplicationEvent{}, fmt.Errorf("issue card for application %d: %w", app.ID, err)
	}
	card, err := NewCard(*app, iv, seq, in.IssuerID, in.Now, expires)
	if err != nil {
		return Card{}, ApplicationEvent{}, err
	}
	if err := save(&card); err != nil {
		return Card{}, ApplicationEvent{}, fmt.Errorf("issue card for application %d: %w", app.ID, err)
	}
	ev, err := app.IssueCard(in.Interviews, in.IssuerID, in.Now, in.Settings, card.ID)
	if err != nil {
		return Card{}, ApplicationEvent{}, err
	}
	return card, ev, nil
}

// Codes of the cap exception.
const (
	CodeApplicationNotDraft = "application_not_draft"
	CodeExceptionExists     = "exception_exists"
)

// HasCapException reports whether an admin granted this application an
// exception to the cumulative cap.
func (a Application) HasCapException() bool { return a.CapExceptionReason != "" }

// GrantCapException lets a draft application past the cumulative cap, by an
// admin's decision with a reason; one exception per application.
func (a *Application) GrantCapException(actor Actor, reason string, at time.Time) error {
	if err := actor.Require(PermCapException); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		var v Validation
		v.Add("reason", "required", "Say why the exception is granted; it is kept with the application.")
		return v.Err()
	}
	if status, _ := StatusOf(a.Events); status != ApplicationDraft {
		return Fail(KindConflict, CodeApplicationNotDraft, "An exception is granted before the application is submitted.")
	}
	if a.HasCapException() {
		return Fail(KindConflict, CodeExceptionExists, "An exception was already granted for this application.")
	}
	by := actor.UserID()
	a.CapExceptionReason, a.CapExceptionByID, a.UpdatedAt = reason, &by, at
	return nil
}
