package models

import (
	"slices"
	"strconv"
	"time"
)

// Referral follow-up (issue 13): what became of a referral, partner by
// partner, over time: sent, acknowledged, victim status granted or refused,
// closed, each with its date and the partner's reference. A case may be
// referred to several partners; each partner's line is followed on its own.
// Interviewers record it; interviewers and admins read it.

// FollowUpStatus is where a referral to one partner stands.
type FollowUpStatus string

// Follow-up statuses, in the order they usually come.
const (
	FollowUpSent          FollowUpStatus = "sent"
	FollowUpAcknowledged  FollowUpStatus = "acknowledged"
	FollowUpVictimGranted FollowUpStatus = "victim_status_granted"
	FollowUpVictimRefused FollowUpStatus = "victim_status_refused"
	FollowUpClosed        FollowUpStatus = "closed"
)

// FollowUpStatuses lists every status, in the order forms show them.
var FollowUpStatuses = []FollowUpStatus{FollowUpSent, FollowUpAcknowledged, FollowUpVictimGranted, FollowUpVictimRefused, FollowUpClosed}

// Valid reports whether s is a known status.
func (s FollowUpStatus) Valid() bool { return slices.Contains(FollowUpStatuses, s) }

// FollowUpReminderDays is how long a referral may go without news before
// the interviewers are reminded to ask the partner.
const FollowUpReminderDays = 30

// FollowUp is one step of a referral to one partner.
type FollowUp struct {
	ID       int64
	WorkerID int64
	Partner  ReferralPartner
	Status   FollowUpStatus
	On       time.Time // the day it happened
	// PartnerReference is the partner's file number, sealed like the
	// referral's reference (FollowUpReferenceAAD).
	PartnerReference string
	RecordedByID     int64
	RecordedAt       time.Time
}

// FollowUpReferenceAAD seals a follow-up's partner reference to its worker
// and partner.
func FollowUpReferenceAAD(workerID int64, partner ReferralPartner) []byte {
	return []byte("followup_reference:" + strconv.FormatInt(workerID, 10) + ":" + string(partner))
}

// CheckFollowUp validates step f after the earlier steps of the same
// worker and partner (oldest first), on today: the line opens with "sent",
// nothing follows "closed", a victim-status decision is recorded once, and
// no step is dated in the future or before the one it follows.
func CheckFollowUp(f FollowUp, earlier []FollowUp, today time.Time) error {
	var v Validation
	if f.WorkerID <= 0 {
		v.Add("worker_id", "required", "The follow-up must name the worker.")
	}
	if !f.Partner.Valid() {
		v.Add("partner", "invalid_choice", "Choose the partner.")
	}
	if !f.Status.Valid() {
		v.Add("status", "invalid_choice", "Choose what happened.")
	}
	switch {
	case f.On.IsZero():
		v.Add("on", "required", "Enter the date it happened.")
	case f.On.After(CalendarDay(today)):
		v.Add("on", "in_future", "The date cannot be in the future.")
	case len(earlier) > 0 && f.On.Before(earlier[len(earlier)-1].On):
		v.Add("on", "before_previous", "The date cannot come before the previous step's.")
	}
	if f.Status.Valid() {
		switch {
		case len(earlier) == 0 && f.Status != FollowUpSent:
			v.Add("status", "not_sent_yet", "A referral to this partner starts with \"sent\".")
		case len(earlier) > 0 && earlier[len(earlier)-1].Status == FollowUpClosed:
			v.Add("status", "closed", "The referral to this partner is closed.")
		case len(earlier) > 0 && f.Status == FollowUpSent:
			v.Add("status", "sent_already", "The referral to this partner was sent already.")
		case (f.Status == FollowUpVictimGranted || f.Status == FollowUpVictimRefused) && slices.ContainsFunc(earlier, func(e FollowUp) bool {
			return e.Status == FollowUpVictimGranted || e.Status == FollowUpVictimRefused
		}):
			v.Add("status", "decided_already", "The victim-status decision is recorded already.")
		}
	}
	return v.Err()
}

// FollowUpLine is one partner's referral of one worker: its steps, oldest
// first, and whether it is due a reminder.
type FollowUpLine struct {
	WorkerID int64
	Partner  ReferralPartner
	Steps    []FollowUp
	Due      bool
}

// Last is the line's latest step.
func (l FollowUpLine) Last() FollowUp { return l.Steps[len(l.Steps)-1] }

// FollowUpLines groups steps (any order) into lines by worker and partner,
// in the order of their first step, and marks those open whose last step is
// older than FollowUpReminderDays on today.
func FollowUpLines(steps []FollowUp, today time.Time) []FollowUpLine {
	sorted := slices.Clone(steps)
	slices.SortStableFunc(sorted, func(a, b FollowUp) int {
		if c := a.On.Compare(b.On); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	var out []FollowUpLine
	idx := map[string]int{}
	for _, s := range sorted {
		key := strconv.FormatInt(s.WorkerID, 10) + ":" + string(s.Partner)
		i, ok := idx[key]
		if !ok {
			i = len(out)
			idx[key] = i
			out = append(out, FollowUpLine{WorkerID: s.WorkerID, Partner: s.Partner})
		}
		out[i].Steps = append(out[i].Steps, s)
	}
	cut := CalendarDay(today).AddDate(0, 0, -FollowUpReminderDays)
	for i := range out {
		last := out[i].Last()
		out[i].Due = last.Status != FollowUpClosed && last.On.Before(cut)
	}
	return out
}
