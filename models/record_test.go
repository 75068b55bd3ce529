package models

import (
	"strings"
	"testing"
	"time"
)

func recWorker() Worker {
	w := Worker{ID: 7, FamilyName: "Reyes", GivenNames: "Ana", DateOfBirth: lcDay(1990, 5, 17), Sex: SexFemale,
		Nationality: "PH", PassportNumber: "P1234567", PassportExpiresOn: lcDay(2026, 1, 1), Languages: "tl,en",
		ResidenceStatus: ResidenceSpecialIDHolder, CreatedAt: lcDay(2025, 1, 1)}
	w.Normalize()
	return w
}

func TestReviseWorker(t *testing.T) {
	today := lcDay(2026, 3, 1)
	fix := ChangeRequest{Kind: ChangeCorrection, Reason: "typo in the passport number"}
	tests := []struct {
		name    string
		mutate  func(*Worker)
		ch      ChangeRequest
		fields  []string // the fields changed
		code    string   // the refusal's code
		refused []string // field:code of a refusal
	}{
		{"passport typo", func(w *Worker) { w.PassportNumber = "p 123 4568" }, fix, []string{"passport_number"}, "", nil},
		{"new passport at renewal", func(w *Worker) { w.PassportNumber = "P7654321"; w.PassportExpiresOn = lcDay(2036, 1, 1) },
			ChangeRequest{Kind: ChangeUpdate, Reason: "new passport"}, []string{"passport_number", "passport_expires_on"}, "", nil},
		{"new phone", func(w *Worker) { w.Phone = "0032 470 12 34 56" }, ChangeRequest{Kind: ChangeUpdate, Reason: "new phone"}, []string{"phone"}, "", nil},
		{"changed name, stored NFC", func(w *Worker) { w.FamilyName = "Nguye\u0302\u0303n" }, ChangeRequest{Kind: ChangeUpdate, Reason: "marriage"},
			[]string{"family_name"}, "", nil},
		{"nothing differs", func(w *Worker) { w.PassportNumber = "p1234567" }, fix, nil, CodeNoChange, nil},
		{"no reason", func(w *Worker) { w.Phone = "+32470123456" }, ChangeRequest{Kind: ChangeUpdate, Reason: "  "}, nil, "", []string{"reason:required"}},
		{"no kind", func(w *Worker) { w.Phone = "+32470123456" }, ChangeRequest{Reason: "x"}, nil, "", []string{"change_kind:invalid_choice"}},
		{"invalid value and no reason", func(w *Worker) { w.PassportNumber = "" }, ChangeRequest{}, nil, "",
			[]string{"change_kind:invalid_choice", "passport_number:required", "reason:required"}},
		{"reason too long", func(w *Worker) { w.Phone = "+32470123456" }, ChangeRequest{Kind: ChangeUpdate, Reason: strings.Repeat("x", MaxChangeReason+1)},
			nil, "", []string{"reason:too_long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := recWorker()
			next := cur
			next.ID, next.CreatedAt = 0, time.Time{} // a request carries neither
			tt.mutate(&next)
			got, changes, err := ReviseWorker(cur, next, tt.ch, today)
			switch {
			case tt.code != "":
				lcWantCode(t, err, KindInvalid, tt.code)
				return
			case tt.refused != nil:
				if codes := lcFieldCodes(t, err); !lcSameStrings(codes, tt.refused) {
					t.Fatalf("got %v, want %v", codes, tt.refused)
				}
				if got.PassportNumber != cur.PassportNumber || got.Phone != cur.Phone {
					t.Error("a refused revision returned other values than the current ones")
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			var names []string
			for _, c := range changes {
				names = append(names, c.Field)
			}
			if !lcSameStrings(names, tt.fields) {
				t.Errorf("changed %v, want %v", names, tt.fields)
			}
			if got.ID != cur.ID || !got.CreatedAt.Equal(cur.CreatedAt) {
				t.Error("the revision lost the record's identity")
			}
			if pk, nk := got.DuplicateKeys(); pk != got.PassportKey || nk != got.NameBirthKey {
				t.Error("duplicate keys not refreshed")
			}
		})
	}
}

func TestReviseWorkerNFC(t *testing.T) {
	cur := recWorker()
	next := cur
	next.FamilyName = "Nguye\u0302\u0303n" // decomposed
	got, changes, err := ReviseWorker(cur, next, ChangeRequest{Kind: ChangeUpdate, Reason: "name"}, lcDay(2026, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	if got.FamilyName != "Nguyễn" || changes[0].New != "Nguyễn" {
		t.Errorf("name stored as %q (%q), want NFC", got.FamilyName, changes[0].New)
	}
}

func TestEndEmployment(t *testing.T) {
	job := Employment{ID: 3, WorkerID: 1, EmployerID: 2, StartsOn: lcDay(2025, 1, 15), JobCategory: JobHousehold, WeeklyHours: 38}
	tests := []struct {
		name   string
		ends   *time.Time
		on     time.Time
		reason string
		want   []string
		code   string
	}{
		{"ended", nil, lcDay(2026, 2, 28), "contract ended", nil, ""},
		{"on the first day", nil, lcDay(2025, 1, 15), "left at once", nil, ""},
		{"end moved", lcPtr(lcDay(2026, 2, 28)), lcDay(2026, 3, 31), "date recorded wrongly", nil, ""},
		{"same end again", lcPtr(lcDay(2026, 2, 28)), lcDay(2026, 2, 28), "again", nil, CodeNoChange},
		{"before the start", nil, lcDay(2025, 1, 14), "x", []string{"ends_on:before_start"}, ""},
		{"no day, no reason", nil, time.Time{}, "", []string{"ends_on:required", "reason:required"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := job
			cur.EndsOn = tt.ends
			got, changes, err := EndEmployment(cur, tt.on, tt.reason)
			switch {
			case tt.code != "":
				lcWantCode(t, err, KindInvalid, tt.code)
			case tt.want != nil:
				if codes := lcFieldCodes(t, err); !lcSameStrings(codes, tt.want) {
					t.Errorf("got %v, want %v", codes, tt.want)
				}
			case err != nil:
				t.Fatal(err)
			default:
				if got.EndsOn == nil || !got.EndsOn.Equal(tt.on) || len(changes) != 1 || changes[0].Field != "ends_on" {
					t.Errorf("got %v, %v", got.EndsOn, changes)
				}
				if !got.Ended(tt.on.AddDate(0, 0, 1)) || got.Ended(tt.on) {
					t.Error("the last day is not the end")
				}
			}
		})
	}
}

func TestChangeEmploymentTerms(t *testing.T) {
	end := lcDay(2026, 12, 31)
	job := Employment{ID: 3, WorkerID: 1, EmployerID: 2, StartsOn: lcDay(2025, 1, 15), EndsOn: &end, JobCategory: JobHousehold, WeeklyHours: 38}
	tests := []struct {
		name  string
		from  time.Time
		hours float64
		cat   JobCategory
		want  []string
		code  string
	}{
		{"new hours", lcDay(2026, 3, 1), 40, JobHousehold, nil, ""},
		{"new category", lcDay(2026, 3, 1), 38, JobChildcare, nil, ""},
		{"same terms", lcDay(2026, 3, 1), 38, JobHousehold, nil, CodeNoChange},
		{"before the start", lcDay(2025, 1, 1), 40, JobHousehold, []string{"effective_on:before_start"}, ""},
		{"after the end", lcDay(2027, 1, 1), 40, JobHousehold, []string{"effective_on:after_end"}, ""},
		{"bad hours and category", lcDay(2026, 3, 1), 60, "gardening", []string{"weekly_hours:out_of_range", "job_category:invalid_choice"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := ChangeEmploymentTerms(job, tt.from, tt.hours, tt.cat, "new contract terms")
			switch {
			case tt.code != "":
				lcWantCode(t, err, KindInvalid, tt.code)
			case tt.want != nil:
				if codes := lcFieldCodes(t, err); !lcSameStrings(codes, tt.want) {
					t.Errorf("got %v, want %v", codes, tt.want)
				}
			case err != nil:
				t.Fatal(err)
			case got.WeeklyHours != tt.hours || got.JobCategory != tt.cat:
				t.Errorf("got %v %v", got.WeeklyHours, got.JobCategory)
			}
		})
	}
}

func TestMissionCloseAndReopen(t *testing.T) {
	m := Mission{ID: 1, Name: "Embassy", Kind: MissionEmbassy, CountryCode: "PH", Status: MissionActive}
	if _, _, err := ReopenMission(m, "mistake"); ErrorCode(err) != CodeMissionNotClose {
		t.Errorf("reopening an active mission: %v", err)
	}
	if _, _, err := CloseMission(m, lcDay(2026, 3, 1), " "); lcFieldCodes(t, err)[0] != "reason:required" {
		t.Errorf("closing without a reason: %v", err)
	}
	closed, changes, err := CloseMission(m, lcDay(2026, 3, 1), "embassy closed")
	if err != nil || closed.Active() || len(changes) != 2 {
		t.Fatalf("close: %v %v %v", closed, changes, err)
	}
	if err := closed.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := CloseMission(closed, lcDay(2026, 3, 2), "again"); ErrorCode(err) != "mission_closed" {
		t.Errorf("closing twice: %v", err)
	}
	if _, _, err := ReopenMission(closed, ""); lcFieldCodes(t, err)[0] != "reason:required" {
		t.Errorf("reopening without a reason: %v", err)
	}
	open, changes, err := ReopenMission(closed, "closed by mistake")
	if err != nil || !open.Active() || open.ClosedOn != nil || len(changes) != 2 {
		t.Fatalf("reopen: %v %v %v", open, changes, err)
	}
	if err := open.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestConsequences(t *testing.T) {
	e := MissionCloseConsequence(3)
	if !IsConfirmation(e) || e.Kind != KindConflict || e.Args["workers"] != 3 || !strings.Contains(Render(e.Message, e.Args), "3 worker(s)' cards can no longer be renewed") {
		t.Errorf("mission: %v", e)
	}
	e = EmploymentEndConsequence(1, lcDay(2026, 2, 28))
	if !IsConfirmation(e) || !strings.Contains(Render(e.Message, e.Args), "on 2026-02-28 means 1 card(s)") {
		t.Errorf("employment: %v", e)
	}
	if IsConfirmation(Fail(KindConflict, "mission_closed", "x")) {
		t.Error("any conflict taken for a confirmation")
	}
}

func TestReviseEmployer(t *testing.T) {
	cur := Employer{ID: 4, MissionID: 9, FamilyName: "Santos", Title: "First Secretary", EntitledToPrivateServant: true}
	next := Employer{MissionID: 99, FamilyName: "Santos", Title: "Counsellor", EntitledToPrivateServant: true, PostingEndsOn: lcPtr(lcDay(2028, 6, 30))}
	got, changes, err := ReviseEmployer(cur, next, ChangeRequest{Kind: ChangeUpdate, Reason: "promoted; posting extended"})
	if err != nil {
		t.Fatal(err)
	}
	if got.MissionID != 9 || got.ID != 4 || len(changes) != 2 || changes[0].Field != "title" || changes[1].New != "2028-06-30" {
		t.Errorf("got %+v %v", got, changes)
	}
	if _, _, err := ReviseEmployer(cur, cur, ChangeRequest{Kind: ChangeUpdate, Reason: "x"}); ErrorCode(err) != CodeNoChange {
		t.Errorf("no change: %v", err)
	}
}
