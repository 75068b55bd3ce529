package models

import "strconv"

// The interview record as a draft (issue 13): an hour of work is saved as
// the interviewer goes, sealed like the notes, for that interviewer only,
// and dropped when the record is written.

// InterviewDraftAAD is the additional data sealing interviewerID's draft
// of the record of interviewID: a draft cannot be moved to another
// interview or another author.
func InterviewDraftAAD(interviewID, interviewerID int64) []byte {
	return []byte("interview_draft:" + strconv.FormatInt(interviewID, 10) + ":" + strconv.FormatInt(interviewerID, 10))
}

// CodeDraftClosed: the interview is recorded or cancelled, so its record
// can no longer be drafted.
const CodeDraftClosed = "draft_closed"

// CanDraftRecord says whether the record of iv may still be drafted: the
// interview is booked and not recorded yet.
func CanDraftRecord(iv Interview, cancelled bool) error {
	if iv.RecordedAt != nil || cancelled {
		return Fail(KindConflict, CodeDraftClosed, "This interview is recorded or cancelled: its record can no longer be drafted.")
	}
	return nil
}
