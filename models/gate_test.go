package models

import (
	"testing"
	"time"
)

var lcGateNow = lcAt(2025, 6, 20, 10)

const (
	lcInterviewer = int64(60)
	lcClerk       = int64(70)
	lcAdmin       = int64(80)
)

// lcRecorded returns a completed, attested interview for application appID.
func lcRecorded(id, appID int64, held time.Time, outcome InterviewOutcome) Interview {
	return Interview{
		ID: id, ApplicationID: appID, InterviewerID: lcInterviewer, ScheduledAt: held, Room: "B.2.14",
		HeldAt: lcPtr(held), RecordedByID: lcPtr(lcInterviewer), RecordedAt: lcPtr(held.Add(time.Hour)),
		EmployerAbsent: true, Outcome: outcome,
	}
}

// lcGateCase is an application with interview 7 recorded cleared ten days
// before lcGateNow, ready for a card.
func lcGateCase(t *testing.T) (Application, []Interview) {
	app := Application{ID: 50, Kind: ApplicationFirstIssuance, WorkerID: 30, EmployerID: 20, EmploymentID: 40,
		Events: lcHistory(t, 7, ActionSubmit, ActionScheduleInterview, ActionRecordInterviewCleared)}
	app.Status, _ = StatusOf(app.Events)
	return app, []Interview{lcRecorded(7, 50, lcGateNow.AddDate(0, 0, -10), OutcomeCleared)}
}

// lcOnHold turns the gate case into one whose interview raised concerns.
func lcOnHold(t *testing.T, outcome InterviewOutcome, more ...ApplicationEvent) (Application, []Interview) {
	app, ivs := lcGateCase(t)
	action := outcome.Action()
	app.Events = append(lcHistory(t, 7, ActionSubmit, ActionScheduleInterview, action), more...)
	ivs[0].Outcome = outcome
	return app, ivs
}

func lcRelease(actor, interviewID int64, reason string) ApplicationEvent {
	return ApplicationEvent{Action: ActionReleaseHold, ActorID: actor, At: lcGateNow.AddDate(0, 0, -2),
		InterviewID: lcPtr(interviewID), Reason: reason}
}

func TestCheckIssueGate(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(t *testing.T) (Application, []Interview)
		issuer   int64
		now      time.Time
		maxAge   int
		wantKind Kind
		wantCode string
	}{
		{name: "cleared, attested, recent, other person", setup: lcGateCase},
		{name: "no interview at all", setup: func(t *testing.T) (Application, []Interview) {
			app, _ := lcGateCase(t)
			return app, nil
		}, wantCode: CodeInterviewRequired},
		{name: "an earlier application's interview never counts", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			ivs[0].ApplicationID = 49 // the previous year's application
			return app, ivs
		}, wantCode: CodeInterviewRequired},
		{name: "unsaved application", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			app.ID, ivs[0].ApplicationID = 0, 0
			return app, ivs
		}, wantCode: CodeInterviewRequired},
		{name: "scheduled, not yet recorded", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			ivs[0].HeldAt, ivs[0].RecordedByID, ivs[0].Outcome = nil, nil, ""
			return app, ivs
		}, wantCode: CodeInterviewRequired},
		{name: "held in the future", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			ivs[0].HeldAt = lcPtr(lcGateNow.Add(time.Hour))
			return app, ivs
		}, wantCode: CodeInterviewRequired},
		{name: "employer present or not attested", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			ivs[0].EmployerAbsent = false
			return app, ivs
		}, wantCode: CodeAttestationMissing},
		{name: "concerns, on hold", setup: func(t *testing.T) (Application, []Interview) {
			return lcOnHold(t, OutcomeConcerns)
		}, wantCode: CodeInterviewNotCleared},
		{name: "referral, on hold", setup: func(t *testing.T) (Application, []Interview) {
			return lcOnHold(t, OutcomeReferral)
		}, wantCode: CodeInterviewNotCleared},
		{name: "concerns, hold released by an admin with a reason", setup: func(t *testing.T) (Application, []Interview) {
			return lcOnHold(t, OutcomeConcerns, lcRelease(lcAdmin, 7, "Employer's answers verified by ECOSOC"))
		}},
		{name: "referral, hold released", setup: func(t *testing.T) (Application, []Interview) {
			return lcOnHold(t, OutcomeReferral, lcRelease(lcAdmin, 7, "Worker wishes to continue; PAG-ASA follows up"))
		}},
		{name: "hold released by the interviewer does not count", setup: func(t *testing.T) (Application, []Interview) {
			return lcOnHold(t, OutcomeConcerns, lcRelease(lcInterviewer, 7, "fine after all"))
		}, wantCode: CodeInterviewNotCleared},
		{name: "hold released by the interviewer, recorded by someone else, does not count", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcOnHold(t, OutcomeConcerns, lcRelease(lcInterviewer, 7, "fine after all"))
			ivs[0].RecordedByID = lcPtr(int64(61))
			return app, ivs
		}, wantCode: CodeInterviewNotCleared},
		{name: "hold released by the recorder does not count", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcOnHold(t, OutcomeConcerns, lcRelease(lcAdmin, 7, "fine after all"))
			ivs[0].RecordedByID = lcPtr(lcAdmin)
			return app, ivs
		}, wantCode: CodeInterviewNotCleared},
		{name: "hold released without a reason does not count", setup: func(t *testing.T) (Application, []Interview) {
			return lcOnHold(t, OutcomeConcerns, lcRelease(lcAdmin, 7, ""))
		}, wantCode: CodeInterviewNotCleared},
		{name: "release of another interview does not count", setup: func(t *testing.T) (Application, []Interview) {
			return lcOnHold(t, OutcomeConcerns, lcRelease(lcAdmin, 6, "released"))
		}, wantCode: CodeInterviewNotCleared},
		{name: "cleared record corrected to concerns", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			c := lcRecorded(8, 50, *ivs[0].HeldAt, OutcomeConcerns)
			c.SupersedesID = lcPtr(int64(7))
			app.Events = append(app.Events, lcEvent(ActionRecordInterviewConcerns, lcInterviewer, lcGateNow.AddDate(0, 0, -1), 8))
			return app, append(ivs, c)
		}, wantCode: CodeInterviewNotCleared},
		{name: "correction moving the time earlier still replaces the original", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			c := lcRecorded(8, 50, ivs[0].HeldAt.Add(-2*time.Hour), OutcomeConcerns)
			c.SupersedesID = lcPtr(int64(7))
			app.Events = append(app.Events, lcEvent(ActionRecordInterviewConcerns, lcInterviewer, lcGateNow.AddDate(0, 0, -1), 8))
			return app, append(ivs, c)
		}, wantCode: CodeInterviewNotCleared},
		{name: "released hold, then a new interview with concerns", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcOnHold(t, OutcomeConcerns, lcRelease(lcAdmin, 7, "released"))
			ivs[0].HeldAt = lcPtr(lcGateNow.AddDate(0, 0, -100))
			app.Events = append(app.Events,
				lcEvent(ActionScheduleInterview, lcClerk, lcGateNow.AddDate(0, 0, -5), 9),
				lcEvent(ActionRecordInterviewConcerns, lcInterviewer, lcGateNow.AddDate(0, 0, -3), 9))
			return app, append(ivs, lcRecorded(9, 50, lcGateNow.AddDate(0, 0, -3), OutcomeConcerns))
		}, wantCode: CodeInterviewNotCleared},
		{name: "held exactly 90 days ago", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			ivs[0].HeldAt = lcPtr(lcAt(2025, 3, 22, 17)) // 90 calendar days before 20 June
			return app, ivs
		}},
		{name: "held 91 days ago", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			ivs[0].HeldAt = lcPtr(lcAt(2025, 3, 21, 8))
			return app, ivs
		}, wantCode: CodeInterviewExpired},
		{name: "zero max age means the default, not no limit", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			ivs[0].HeldAt = lcPtr(lcGateNow.AddDate(-1, 0, 0))
			return app, ivs
		}, maxAge: -1, wantCode: CodeInterviewExpired},
		{name: "shorter configured age", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			ivs[0].HeldAt = lcPtr(lcGateNow.AddDate(0, 0, -31))
			return app, ivs
		}, maxAge: 30, wantCode: CodeInterviewExpired},
		{name: "interviewer cannot issue", setup: lcGateCase, issuer: lcInterviewer, wantCode: CodeSamePerson},
		{name: "interviewer cannot issue even when a colleague recorded", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			ivs[0].RecordedByID = lcPtr(int64(61))
			return app, ivs
		}, issuer: lcInterviewer, wantCode: CodeSamePerson},
		{name: "recorder cannot issue", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			ivs[0].RecordedByID = lcPtr(lcClerk)
			return app, ivs
		}, wantCode: CodeSamePerson},
		{name: "issuer must be known", setup: lcGateCase, issuer: -1, wantKind: KindInvalid, wantCode: "invalid_input"},
		{name: "interview cleared but status not approved (new interview scheduled)", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			app.Events = append(app.Events, lcEvent(ActionScheduleInterview, lcClerk, lcGateNow, 10))
			return app, ivs
		}, wantCode: CodeActionNotAllowed},
		{name: "card already issued", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			app.Events = append(app.Events, lcEvent(ActionIssueCard, lcClerk, lcGateNow, 0))
			return app, ivs
		}, wantCode: CodeActionNotAllowed},
		{name: "withdrawn", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			app.Events = append(app.Events, lcEvent(ActionWithdraw, lcClerk, lcGateNow, 0))
			return app, ivs
		}, wantCode: CodeActionNotAllowed},
		{name: "cached status is not trusted", setup: func(t *testing.T) (Application, []Interview) {
			app, ivs := lcGateCase(t)
			app.Events = app.Events[:2] // scheduled, never recorded in the history
			app.Status = ApplicationApproved
			return app, ivs
		}, wantCode: CodeActionNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, ivs := tt.setup(t)
			issuer := tt.issuer
			if issuer == 0 {
				issuer = lcClerk
			}
			if issuer < 0 {
				issuer = 0
			}
			now := tt.now
			if now.IsZero() {
				now = lcGateNow
			}
			maxAge := tt.maxAge
			if maxAge == 0 {
				maxAge = 90
			}
			if maxAge < 0 {
				maxAge = 0
			}
			err := CheckIssueGate(app, ivs, issuer, now, maxAge)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("gate refused: %v", err)
				}
				return
			}
			kind := tt.wantKind
			if kind == "" {
				kind = KindConflict
			}
			e := lcWantCode(t, err, kind, tt.wantCode)
			if e.Message == "" {
				t.Error("no message for the clerk")
			}
		})
	}
}

// TestGateUsesTheNowTimeZone: an interview recorded late in the evening UTC
// is on the next calendar day in Brussels, and the age is counted there.
func TestGateUsesTheNowTimeZone(t *testing.T) {
	brussels := time.FixedZone("CEST", 2*3600)
	app, ivs := lcGateCase(t)
	ivs[0].HeldAt = lcPtr(time.Date(2025, 3, 21, 22, 30, 0, 0, time.UTC)) // 22 March 00:30 in Brussels
	now := time.Date(2025, 6, 20, 9, 0, 0, 0, brussels)
	if err := CheckIssueGate(app, ivs, lcClerk, now, 90); err != nil {
		t.Fatalf("held 90 Brussels days ago, refused: %v", err)
	}
}

func TestIssueGateInterviewReturnsTheCurrentRecord(t *testing.T) {
	app, ivs := lcGateCase(t)
	older := lcRecorded(5, 50, lcGateNow.AddDate(0, 0, -40), OutcomeCleared)
	other := lcRecorded(6, 51, lcGateNow.AddDate(0, 0, -1), OutcomeCleared)
	iv, err := IssueGateInterview(app, append([]Interview{older, other}, ivs...), lcClerk, lcGateNow, 90)
	if err != nil || iv.ID != 7 {
		t.Fatalf("got interview %d, %v; want 7", iv.ID, err)
	}
}

func TestApplicationIssueCard(t *testing.T) {
	s := DefaultSettings()
	t.Run("gate met", func(t *testing.T) {
		app, ivs := lcGateCase(t)
		e, err := app.IssueCard(ivs, lcClerk, lcGateNow, s, 900)
		if err != nil {
			t.Fatal(err)
		}
		if app.Status != ApplicationCardReady || e.Action != ActionIssueCard || e.CardID == nil || *e.CardID != 900 {
			t.Fatalf("status %s, event %+v", app.Status, e)
		}
	})
	t.Run("gate not met appends nothing", func(t *testing.T) {
		app, ivs := lcGateCase(t)
		before := len(app.Events)
		_, err := app.IssueCard(ivs, lcInterviewer, lcGateNow, s, 900)
		lcWantCode(t, err, KindConflict, CodeSamePerson)
		if len(app.Events) != before || app.Status != ApplicationApproved {
			t.Fatal("a refused issue changed the application")
		}
	})
	t.Run("settings age applies", func(t *testing.T) {
		app, ivs := lcGateCase(t)
		s := s
		s.InterviewMaxAgeDays = 5
		_, err := app.IssueCard(ivs, lcClerk, lcGateNow, s, 900)
		lcWantCode(t, err, KindConflict, CodeInterviewExpired)
	})
}
