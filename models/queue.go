package models

import (
	"slices"
	"time"
)

// Queue names one list of things waiting for a member of staff: the home
// page counts each and links to the list it counts. Which queues a reader
// sees follows from the permission each one needs (QueuesFor), never from a
// role name in a template.
type Queue string

// The queues, by the role whose day they make up.
const (
	// Clerk: drafts still missing a required document.
	QueueToComplete Queue = "to_complete"
	// Clerk: drafts with every required document, to submit.
	QueueToSubmit Queue = "to_submit"
	// Clerk: submitted applications waiting for an interview booking.
	QueueToSchedule Queue = "to_schedule"
	// Clerk: approved applications whose card is not issued yet.
	QueueToIssue Queue = "to_issue"
	// Clerk: cards printed and waiting for their worker.
	QueueToCollect Queue = "to_collect"
	// Clerk: cards expiring within the renewal window, or expired, with
	// no renewal open (RenewalDue).
	QueueRenewalsDue Queue = "renewals_due"

	// Interviewer: the reader's own current appointments today and in the
	// current week (Monday to Sunday, Directorate time).
	QueueInterviewsToday Queue = "interviews_today"
	QueueInterviewsWeek  Queue = "interviews_week"
	// Interviewer: the reader's appointments whose time has passed and
	// whose record is not written yet.
	QueueRecordsToFinish Queue = "records_to_finish"
	// Interviewer: employers whose observations raise an alert.
	QueueAlerts Queue = "alerts"
	// Interviewer: referrals without news for FollowUpReminderDays.
	QueueReferralsDue Queue = "referrals_due"

	// Admin: applications on hold, waiting for a decision.
	QueueHoldsToDecide Queue = "holds_to_decide"
	// Admin: the salary scale in force is older than the allowed age.
	QueueScalesStale Queue = "scales_stale"
	// Admin: active accounts to review (AccountNeedsReview).
	QueueAccountsToReview Queue = "accounts_to_review"
)

// QueueDef is a queue with the role whose home page it belongs to and the
// permission a reader needs to see its count.
type QueueDef struct {
	Queue Queue
	Role  Role
	Perm  Permission
	// OnApplications: the queue is a filter of the applications list
	// (/applications?queue=…); the others have a list of their own.
	OnApplications bool
}

// Queues lists every queue, in the order the home page shows them.
var Queues = []QueueDef{
	{QueueToComplete, RoleClerk, PermApplicationCreate, true},
	{QueueToSubmit, RoleClerk, PermApplicationSubmit, true},
	{QueueToSchedule, RoleClerk, PermInterviewSchedule, true},
	{QueueToIssue, RoleClerk, PermCardIssue, true},
	{QueueToCollect, RoleClerk, PermCardIssue, true},
	{QueueRenewalsDue, RoleClerk, PermApplicationCreate, false},
	{QueueInterviewsToday, RoleInterviewer, PermInterviewRecord, true},
	{QueueInterviewsWeek, RoleInterviewer, PermInterviewRecord, true},
	{QueueRecordsToFinish, RoleInterviewer, PermInterviewRecord, true},
	{QueueAlerts, RoleInterviewer, PermIndicatorRecord, false},
	{QueueReferralsDue, RoleInterviewer, PermIndicatorRecord, false},
	{QueueHoldsToDecide, RoleAdmin, PermHoldDecide, true},
	{QueueScalesStale, RoleAdmin, PermScalePublish, false},
	{QueueAccountsToReview, RoleAdmin, PermUserManage, false},
}

// Valid reports whether q is a known queue.
func (q Queue) Valid() bool {
	return slices.ContainsFunc(Queues, func(d QueueDef) bool { return d.Queue == q })
}

// Def returns q's definition; ok is false for an unknown queue.
func (q Queue) Def() (QueueDef, bool) {
	for _, d := range Queues {
		if d.Queue == q {
			return d, true
		}
	}
	return QueueDef{}, false
}

// QueuesFor lists the queues a may see, in the home page's order.
func QueuesFor(a Actor) []QueueDef {
	var out []QueueDef
	for _, d := range Queues {
		if a.Require(d.Perm) == nil {
			out = append(out, d)
		}
	}
	return out
}

// Mine reports whether the queue counts the reader's own work only (the
// interviewer's appointments and records), not the Directorate's.
func (q Queue) Mine() bool {
	switch q {
	case QueueInterviewsToday, QueueInterviewsWeek, QueueRecordsToFinish:
		return true
	}
	return false
}

// Window is a half-open span of time [From, To).
type Window struct{ From, To time.Time }

// Contains reports whether t falls in w.
func (w Window) Contains(t time.Time) bool { return !t.Before(w.From) && t.Before(w.To) }

// DayWindow is the calendar day of now in loc, from midnight to midnight
// (23 or 25 hours on the days the clocks change).
func DayWindow(now time.Time, loc *time.Location) Window {
	n := now.In(loc)
	from := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)
	return Window{From: from, To: time.Date(n.Year(), n.Month(), n.Day()+1, 0, 0, 0, 0, loc)}
}

// WeekWindow is the week of now in loc, from Monday midnight to the next.
func WeekWindow(now time.Time, loc *time.Location) Window {
	n := now.In(loc)
	back := (int(n.Weekday()) + 6) % 7 // days since Monday
	from := time.Date(n.Year(), n.Month(), n.Day()-back, 0, 0, 0, 0, loc)
	return Window{From: from, To: time.Date(from.Year(), from.Month(), from.Day()+7, 0, 0, 0, 0, loc)}
}

// AccountReviewDays is how long an active account may go without a
// sign-in before an admin is asked to review it (deactivate it, or let it
// be): unused accounts with access to workers' files are a risk.
const AccountReviewDays = 90

// AccountNeedsReview reports whether an admin should review u: active, and
// either never signed in since its password was set by someone else
// (MustChangePassword) for more than a week, or without a sign-in for
// AccountReviewDays (since it was created, when it never signed in).
func AccountNeedsReview(u User, lastSignIn *time.Time, now time.Time) bool {
	if !u.Active {
		return false
	}
	since := u.CreatedAt
	if lastSignIn != nil && lastSignIn.After(since) {
		since = *lastSignIn
	}
	if u.MustChangePassword && now.Sub(since) > 7*24*time.Hour {
		return true
	}
	return now.Sub(since) > AccountReviewDays*24*time.Hour
}
