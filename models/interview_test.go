package models

import (
	"testing"
	"time"
)

func TestInterviewValidateSchedule(t *testing.T) {
	now := lcAt(2025, 6, 1, 9)
	ok := Interview{ApplicationID: 50, InterviewerID: lcInterviewer, ScheduledAt: lcAt(2025, 6, 3, 10), Room: "B.2.14"}
	tests := []struct {
		name   string
		mutate func(*Interview)
		want   []string
	}{
		{"ok", func(iv *Interview) {}, nil},
		{"in the past", func(iv *Interview) { iv.ScheduledAt = lcAt(2025, 5, 31, 10) }, []string{"scheduled_at:in_past"}},
		{"nothing", func(iv *Interview) { *iv = Interview{Room: " "} },
			[]string{"application_id:required", "interviewer_id:required", "room:required", "scheduled_at:required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iv := ok
			tt.mutate(&iv)
			if got := lcFieldCodes(t, iv.ValidateSchedule(now)); !lcSameStrings(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestInterviewRecord(t *testing.T) {
	now := lcAt(2025, 6, 3, 12)
	scheduled := Interview{ID: 7, ApplicationID: 50, InterviewerID: lcInterviewer, ScheduledAt: lcAt(2025, 6, 3, 10), Room: "B.2.14"}
	good := InterviewRecord{RecordedByID: lcInterviewer, HeldAt: lcAt(2025, 6, 3, 10), EmployerAbsent: true, Outcome: OutcomeCleared}
	tests := []struct {
		name   string
		iv     func() Interview
		rec    func(*InterviewRecord)
		want   []string
		wantCd string
	}{
		{name: "recorded", iv: func() Interview { return scheduled }, rec: func(r *InterviewRecord) {}},
		{name: "employer was present: recorded truthfully", iv: func() Interview { return scheduled },
			rec: func(r *InterviewRecord) { r.EmployerAbsent = false }},
		{name: "held in the future", iv: func() Interview { return scheduled },
			rec: func(r *InterviewRecord) { r.HeldAt = now.Add(time.Minute) }, want: []string{"held_at:in_future"}},
		{name: "missing fields", iv: func() Interview { return scheduled },
			rec:  func(r *InterviewRecord) { *r = InterviewRecord{Outcome: "fine"} },
			want: []string{"held_at:required", "outcome:invalid_choice", "recorded_by_id:required"}},
		{name: "already recorded", iv: func() Interview {
			iv := scheduled
			_ = iv.Record(good, now)
			return iv
		}, rec: func(r *InterviewRecord) {}, wantCd: CodeInterviewAlreadyRecorded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iv, r := tt.iv(), good
			tt.rec(&r)
			err := iv.Record(r, now)
			switch {
			case tt.wantCd != "":
				lcWantCode(t, err, KindConflict, tt.wantCd)
			case tt.want != nil:
				if got := lcFieldCodes(t, err); !lcSameStrings(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
				if iv.HeldAt != nil || iv.RecordedByID != nil {
					t.Error("a refused record changed the interview")
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if !iv.Completed() || !iv.RecordedAt.Equal(now) || iv.EmployerAbsent != r.EmployerAbsent || iv.Outcome != r.Outcome {
					t.Errorf("record not applied: %+v", iv)
				}
			}
		})
	}
}

func TestInterviewCorrection(t *testing.T) {
	now := lcAt(2025, 6, 4, 9)
	orig := lcRecorded(7, 50, lcAt(2025, 6, 3, 10), OutcomeCleared)
	fix := InterviewRecord{RecordedByID: lcInterviewer, HeldAt: *orig.HeldAt, EmployerAbsent: true, Outcome: OutcomeConcerns}

	c, err := orig.Correction(fix, "Worker's statement about wages was misrecorded", now)
	if err != nil {
		t.Fatal(err)
	}
	if c.SupersedesID == nil || *c.SupersedesID != 7 || c.Outcome != OutcomeConcerns || c.ApplicationID != 50 || c.ID != 0 {
		t.Fatalf("correction = %+v", c)
	}
	if orig.Outcome != OutcomeCleared {
		t.Fatal("the corrected record was edited")
	}
	if _, err := orig.Correction(fix, "  ", now); lcFieldCodes(t, err)[0] != "correction_reason:required" {
		t.Errorf("correction without reason: %v", err)
	}
	if _, err := (Interview{ID: 9}).Correction(fix, "why", now); ErrorCode(err) != "interview_not_recorded" {
		t.Errorf("correcting an unrecorded interview: %v", err)
	}
}

func TestCurrentInterview(t *testing.T) {
	d := func(day int) time.Time { return lcAt(2025, 6, day, 10) }
	corrected := lcRecorded(4, 50, d(3), OutcomeConcerns)
	corrected.SupersedesID = lcPtr(int64(3))
	earlier := lcRecorded(4, 50, d(2), OutcomeConcerns)
	earlier.SupersedesID = lcPtr(int64(3))
	scheduledOnly := Interview{ID: 9, ApplicationID: 50, InterviewerID: lcInterviewer, ScheduledAt: d(20)}
	tests := []struct {
		name   string
		in     []Interview
		wantID int64
		found  bool
	}{
		{"none", nil, 0, false},
		{"only another application's", []Interview{lcRecorded(1, 49, d(1), OutcomeCleared)}, 0, false},
		{"only scheduled", []Interview{scheduledOnly}, 0, false},
		{"latest held wins", []Interview{lcRecorded(2, 50, d(5), OutcomeCleared), lcRecorded(1, 50, d(1), OutcomeConcerns)}, 2, true},
		{"a correction replaces what it supersedes",
			[]Interview{lcRecorded(3, 50, d(3), OutcomeCleared), corrected}, 4, true},
		{"a correction of the time replaces what it supersedes",
			[]Interview{lcRecorded(3, 50, d(3), OutcomeCleared), earlier}, 4, true},
		{"same time, later record", []Interview{lcRecorded(6, 50, d(3), OutcomeCleared), lcRecorded(5, 50, d(3), OutcomeConcerns)}, 6, true},
		{"scheduled next does not hide the last held",
			[]Interview{lcRecorded(2, 50, d(5), OutcomeCleared), scheduledOnly}, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := CurrentInterview(50, tt.in)
			if ok != tt.found || got.ID != tt.wantID {
				t.Errorf("got %d, %v; want %d, %v", got.ID, ok, tt.wantID, tt.found)
			}
		})
	}
}

func TestOutcomeAction(t *testing.T) {
	for _, o := range InterviewOutcomes {
		a := o.Action()
		if !a.Valid() || !a.NeedsInterview() {
			t.Errorf("%s records as %q", o, a)
		}
		// Every outcome can be recorded on a scheduled interview.
		if _, err := Apply(ApplicationInterviewScheduled, a); err != nil {
			t.Errorf("%s: %v", o, err)
		}
	}
	if InterviewOutcome("fine").Action() != "" {
		t.Error("unknown outcome maps to an action")
	}
}

func TestApplicationScheduleAndRecordInterview(t *testing.T) {
	now := lcAt(2025, 6, 1, 9)
	app := Application{ID: 50, Events: lcHistory(t, 0, ActionSubmit)}
	iv := Interview{ID: 7, ApplicationID: 50, InterviewerID: lcInterviewer, ScheduledAt: lcAt(2025, 6, 3, 10), Room: "B.2.14"}

	if e, err := app.ScheduleInterview(iv, lcClerk, now); err != nil || e.Action != ActionScheduleInterview || *e.InterviewID != 7 {
		t.Fatalf("schedule: %+v, %v", e, err)
	}
	iv.ScheduledAt = lcAt(2025, 6, 4, 10)
	if e, err := app.ScheduleInterview(iv, lcClerk, now); err != nil || e.Action != ActionRescheduleInterview {
		t.Fatalf("reschedule: %+v, %v", e, err)
	}
	other := iv
	other.ApplicationID = 51
	if _, err := app.ScheduleInterview(other, lcClerk, now); ErrorKind(err) != KindInternal {
		t.Errorf("another application's interview: %v", err)
	}

	rec := InterviewRecord{RecordedByID: lcInterviewer, HeldAt: lcAt(2025, 6, 4, 10), EmployerAbsent: true, Outcome: OutcomeConcerns}
	later := lcAt(2025, 6, 4, 12)
	bad := rec
	bad.Outcome = "fine"
	if _, err := app.RecordInterview(&iv, bad, later); err == nil || iv.HeldAt != nil || app.Status == ApplicationOnHold {
		t.Fatalf("invalid record: %v", err)
	}
	e, err := app.RecordInterview(&iv, rec, later)
	if err != nil || e.Action != ActionRecordInterviewConcerns || app.Status != ApplicationOnHold || !iv.Completed() {
		t.Fatalf("record: %+v, %v, %s", e, err, app.Status)
	}

	// A clearance cannot be recorded on a hold; the interview stays as it was.
	iv2 := Interview{ID: 8, ApplicationID: 50, InterviewerID: lcInterviewer, ScheduledAt: now, Room: "B.2.14"}
	rec.Outcome = OutcomeCleared
	_, err = app.RecordInterview(&iv2, rec, later)
	lcWantCode(t, err, KindConflict, CodeActionNotAllowed)
	if iv2.HeldAt != nil {
		t.Error("a refused outcome was written on the interview")
	}
}
