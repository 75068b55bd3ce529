package models

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var lcSubmitDay = lcAt(2025, 6, 2, 10)

// lcEligible returns a first-issuance application that meets every condition
// on lcSubmitDay.
func lcEligible() EligibilityInput {
	m := Mission{ID: 10, Name: "Embassy of the Philippines", Kind: MissionEmbassy, CountryCode: "PH", Status: MissionActive}
	emp := Employer{ID: 20, MissionID: 10, FamilyName: "Santos", GivenNames: "Jose", EntitledToPrivateServant: true,
		PostingEndsOn: lcPtr(lcDay(2027, 8, 31))}
	w := Worker{ID: 30, FamilyName: "Reyes", GivenNames: "Maria", DateOfBirth: lcDay(1985, 4, 12), Sex: SexFemale,
		Nationality: "PH", PassportNumber: "P1234567A", PassportExpiresOn: lcDay(2030, 1, 1), Languages: "tl,en",
		IBAN: "BE68539007547034", AccountInSoleName: true, ResidenceStatus: ResidenceNoneYet}
	job := Employment{ID: 40, WorkerID: 30, EmployerID: 20, StartsOn: lcDay(2025, 7, 1), JobCategory: JobHousehold, WeeklyHours: 38}
	app := NewApplication(ApplicationFirstIssuance, 30, 20, 40, nil, 1, lcSubmitDay)
	app.ID = 50
	return EligibilityInput{
		Application: app, Worker: w, Employer: emp, Mission: m, Employment: job,
		Documents: RequiredDocuments(ApplicationFirstIssuance), SubmitOn: lcSubmitDay,
	}
}

func lcReasonCodes(reasons []FieldError) []string {
	var out []string
	for _, r := range reasons {
		out = append(out, r.Field+":"+r.Code)
	}
	return out
}

func TestEligibility(t *testing.T) {
	s := DefaultSettings()
	tests := []struct {
		name   string
		mutate func(*EligibilityInput, *Settings)
		want   []string
	}{
		{"eligible", func(in *EligibilityInput, s *Settings) {}, nil},
		{"18 today", func(in *EligibilityInput, s *Settings) { in.Worker.DateOfBirth = lcDay(2007, 6, 2) }, nil},
		{"18 tomorrow", func(in *EligibilityInput, s *Settings) { in.Worker.DateOfBirth = lcDay(2007, 6, 3) },
			[]string{"worker.date_of_birth:worker_under_18"}},
		{"no date of birth", func(in *EligibilityInput, s *Settings) { in.Worker.DateOfBirth = time.Time{} },
			[]string{"worker.date_of_birth:worker_under_18"}},
		{"Belgian", func(in *EligibilityInput, s *Settings) { in.Worker.Nationality = "BE" },
			[]string{"worker.nationality:worker_belgian"}},
		{"special id pending", func(in *EligibilityInput, s *Settings) { in.Worker.ResidenceStatus = ResidenceSpecialIDPending }, nil},
		{"special id holder", func(in *EligibilityInput, s *Settings) { in.Worker.ResidenceStatus = ResidenceSpecialIDHolder }, nil},
		{"permanent resident", func(in *EligibilityInput, s *Settings) { in.Worker.ResidenceStatus = ResidencePermanent },
			[]string{"worker.residence_status:residence_permanent"}},
		{"irregular", func(in *EligibilityInput, s *Settings) { in.Worker.ResidenceStatus = ResidenceIrregular },
			[]string{"worker.residence_status:residence_irregular"}},
		{"tourist", func(in *EligibilityInput, s *Settings) { in.Worker.ResidenceStatus = ResidenceTourist },
			[]string{"worker.residence_status:residence_temporary"}},
		{"au pair", func(in *EligibilityInput, s *Settings) { in.Worker.ResidenceStatus = ResidenceAuPair },
			[]string{"worker.residence_status:residence_temporary"}},
		{"student", func(in *EligibilityInput, s *Settings) { in.Worker.ResidenceStatus = ResidenceStudent },
			[]string{"worker.residence_status:residence_temporary"}},
		{"other temporary", func(in *EligibilityInput, s *Settings) { in.Worker.ResidenceStatus = ResidenceOtherTemporary },
			[]string{"worker.residence_status:residence_temporary"}},
		{"no residence status", func(in *EligibilityInput, s *Settings) { in.Worker.ResidenceStatus = "" },
			[]string{"worker.residence_status:residence_unknown"}},
		{"passport expired yesterday", func(in *EligibilityInput, s *Settings) { in.Worker.PassportExpiresOn = lcDay(2025, 6, 1) },
			[]string{"worker.passport_expires_on:passport_expired"}},
		{"passport expires today", func(in *EligibilityInput, s *Settings) { in.Worker.PassportExpiresOn = lcDay(2025, 6, 2) }, nil},
		{"no account", func(in *EligibilityInput, s *Settings) { in.Worker.IBAN = "" },
			[]string{"worker.iban:account_missing"}},
		{"account not in sole name", func(in *EligibilityInput, s *Settings) { in.Worker.AccountInSoleName = false },
			[]string{"worker.iban:account_not_sole_name"}},
		{"sole-name rule switched off", func(in *EligibilityInput, s *Settings) {
			in.Worker.IBAN, in.Worker.AccountInSoleName, s.RequireSoleNameAccount = "", false, false
		}, nil},
		{"one day under the cumulative cap", func(in *EligibilityInput, s *Settings) { in.CumulativeServiceDays = s.MaxCumulativeDays() - 1 }, nil},
		{"cumulative cap reached", func(in *EligibilityInput, s *Settings) { in.CumulativeServiceDays = s.MaxCumulativeDays() },
			[]string{"worker.cumulative_service:cumulative_cap_reached"}},
		{"cumulative cap with admin exception", func(in *EligibilityInput, s *Settings) {
			in.CumulativeServiceDays, in.CapException = 4000, true
		}, nil},
		{"mission closed", func(in *EligibilityInput, s *Settings) {
			in.Mission.Status, in.Mission.ClosedOn = MissionClosed, lcPtr(lcDay(2025, 5, 1))
		}, []string{"mission.status:mission_closed"}},
		{"employer of another mission", func(in *EligibilityInput, s *Settings) { in.Employer.MissionID = 11 },
			[]string{"employer.mission_id:employer_mission_mismatch"}},
		{"employer not entitled", func(in *EligibilityInput, s *Settings) { in.Employer.EntitledToPrivateServant = false },
			[]string{"employer.entitled:employer_not_entitled"}},
		{"posting ends on submit day", func(in *EligibilityInput, s *Settings) { in.Employer.PostingEndsOn = lcPtr(lcDay(2025, 6, 2)) }, nil},
		{"posting ended", func(in *EligibilityInput, s *Settings) { in.Employer.PostingEndsOn = lcPtr(lcDay(2025, 6, 1)) },
			[]string{"employer.posting_ends_on:posting_ended"}},
		{"employer restricted", func(in *EligibilityInput, s *Settings) {
			in.EmployerRestricted, in.EmployerRestrictionReason = true, "Decision of 3 March 2025"
		}, []string{"employer.restricted:employer_restricted"}},
		{"household cap reached", func(in *EligibilityInput, s *Settings) { in.OtherServants = 1 },
			[]string{"employer.household:household_cap_reached"}},
		{"head of mission may have three", func(in *EligibilityInput, s *Settings) {
			in.Employer.HeadOfMission, in.OtherServants = true, 2
		}, nil},
		{"head of mission cap reached", func(in *EligibilityInput, s *Settings) {
			in.Employer.HeadOfMission, in.OtherServants = true, 3
		}, []string{"employer.household:household_cap_reached"}},
		{"employment of another worker", func(in *EligibilityInput, s *Settings) { in.Employment.WorkerID = 31 },
			[]string{"employment:employment_mismatch"}},
		{"application names another employment", func(in *EligibilityInput, s *Settings) { in.Application.EmploymentID = 41 },
			[]string{"employment:employment_mismatch"}},
		{"employment ended", func(in *EligibilityInput, s *Settings) { in.Employment.EndsOn = lcPtr(lcDay(2025, 6, 1)) },
			[]string{"employment.ends_on:employment_ended"}},
		{"part-time", func(in *EligibilityInput, s *Settings) { in.Employment.WeeklyHours = 37.5 },
			[]string{"employment.weekly_hours:not_full_time"}},
		{"missing note verbale and contract", func(in *EligibilityInput, s *Settings) {
			in.Documents = slices.DeleteFunc(slices.Clone(in.Documents), func(k DocumentKind) bool {
				return k == DocNoteVerbale || k == DocSignedContract
			})
		}, []string{"documents.note_verbale:document_missing", "documents.signed_contract:document_missing"}},
		{"unknown kind", func(in *EligibilityInput, s *Settings) { in.Application.Kind = "" },
			[]string{"application.kind:invalid_choice"}},
		{"duplicate skips caps and full-time", func(in *EligibilityInput, s *Settings) {
			in.Application.Kind = ApplicationDuplicate
			in.Documents = RequiredDocuments(ApplicationDuplicate)
			in.OtherServants, in.CumulativeServiceDays, in.Employment.WeeklyHours = 5, 5000, 20
		}, nil},
		{"duplicate needs the police report", func(in *EligibilityInput, s *Settings) {
			in.Application.Kind = ApplicationDuplicate
		}, []string{"documents.police_report:document_missing"}},
		{"everything wrong at once", func(in *EligibilityInput, s *Settings) {
			in.Worker.DateOfBirth, in.Worker.Nationality, in.Worker.ResidenceStatus = lcDay(2010, 1, 1), "BE", ResidenceTourist
			in.Employer.EntitledToPrivateServant, in.Mission.Status = false, MissionClosed
			in.Documents = nil
			in.OtherServants = 1
		}, []string{
			"worker.date_of_birth:worker_under_18", "worker.nationality:worker_belgian",
			"worker.residence_status:residence_temporary", "mission.status:mission_closed",
			"employer.entitled:employer_not_entitled", "employer.household:household_cap_reached",
			"documents.note_verbale:document_missing", "documents.signed_contract:document_missing",
			"documents.declaration_of_return:document_missing", "documents.social_security_proof:document_missing",
			"documents.work_accident_insurance:document_missing", "documents.repatriation_insurance:document_missing",
			"documents.passport_copy:document_missing",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, s := lcEligible(), s
			tt.mutate(&in, &s)
			got := Eligibility(in, s)
			if !lcSameStrings(lcReasonCodes(got), tt.want) {
				t.Fatalf("got %v\nwant %v", lcReasonCodes(got), tt.want)
			}
			for _, r := range got {
				if r.Message == "" {
					t.Errorf("%s: no message for the clerk", r.Code)
				}
			}
			err := CheckEligibility(in, s)
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			e := lcWantCode(t, err, KindInvalid, CodeNotEligible)
			if len(e.Fields) != len(tt.want) {
				t.Errorf("error carries %d reasons, want %d", len(e.Fields), len(tt.want))
			}
		})
	}
}

func TestEligibilityRestrictionReasonIsAnArgument(t *testing.T) {
	in := lcEligible()
	in.EmployerRestricted, in.EmployerRestrictionReason = true, "Decision {{.x}} of 3 March"
	r := Eligibility(in, DefaultSettings())
	if len(r) != 1 || r[0].Args["reason"] != in.EmployerRestrictionReason || strings.Contains(r[0].Message, "March") {
		t.Fatalf("the reason must travel in Args, not in the message template: %+v", r)
	}
}

func TestSubmit(t *testing.T) {
	s := DefaultSettings()
	t.Run("eligible", func(t *testing.T) {
		in := lcEligible()
		app := in.Application
		e, err := app.Submit(in, s, 7, lcSubmitDay)
		if err != nil {
			t.Fatal(err)
		}
		if app.Status != ApplicationSubmitted || e.Action != ActionSubmit || e.ActorID != 7 || len(app.Events) != 1 {
			t.Fatalf("status %s, event %+v", app.Status, e)
		}
	})
	t.Run("ineligible appends nothing", func(t *testing.T) {
		in := lcEligible()
		in.Worker.Nationality = "BE"
		app := in.Application
		_, err := app.Submit(in, s, 7, lcSubmitDay)
		lcWantCode(t, err, KindInvalid, CodeNotEligible)
		if app.Status != ApplicationDraft || len(app.Events) != 0 {
			t.Fatalf("status %s with %d events", app.Status, len(app.Events))
		}
	})
	t.Run("checks the receiver, not in.Application", func(t *testing.T) {
		in := lcEligible()
		app := in.Application
		in.Application.Kind = "" // would fail if it were the one checked
		if _, err := app.Submit(in, s, 7, lcSubmitDay); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("already submitted", func(t *testing.T) {
		in := lcEligible()
		app := in.Application
		app.Events = lcHistory(t, 0, ActionSubmit)
		_, err := app.Submit(in, s, 7, lcSubmitDay)
		lcWantCode(t, err, KindConflict, CodeActionNotAllowed)
	})
}

func TestMergePeriods(t *testing.T) {
	p := func(fy int, fm time.Month, fd int, ty int, tm time.Month, td int) Period {
		return Period{lcDay(fy, fm, fd), lcDay(ty, tm, td)}
	}
	tests := []struct {
		name string
		in   []Period
		want []Period
		days int
	}{
		{"none", nil, nil, 0},
		{"one year", []Period{p(2020, 1, 1, 2020, 12, 31)}, []Period{p(2020, 1, 1, 2020, 12, 31)}, 366},
		{"overlap (early renewal)",
			[]Period{p(2021, 1, 1, 2021, 12, 31), p(2020, 1, 1, 2020, 12, 31), p(2020, 11, 15, 2021, 11, 14)},
			[]Period{p(2020, 1, 1, 2021, 12, 31)}, 731},
		{"back to back", []Period{p(2020, 1, 1, 2020, 1, 31), p(2020, 2, 1, 2020, 2, 29)}, []Period{p(2020, 1, 1, 2020, 2, 29)}, 60},
		{"contained (duplicate)", []Period{p(2020, 1, 1, 2020, 12, 31), p(2020, 6, 1, 2020, 12, 31)}, []Period{p(2020, 1, 1, 2020, 12, 31)}, 366},
		{"gap kept", []Period{p(2020, 1, 1, 2020, 1, 10), p(2020, 1, 12, 2020, 1, 20)},
			[]Period{p(2020, 1, 1, 2020, 1, 10), p(2020, 1, 12, 2020, 1, 20)}, 19},
		{"inverted dropped", []Period{p(2020, 1, 10, 2020, 1, 1)}, nil, 0},
		{"times of day ignored", []Period{{lcAt(2020, 1, 1, 23), lcAt(2020, 1, 2, 1)}}, []Period{p(2020, 1, 1, 2020, 1, 2)}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MergePeriods(tt.in)
			if !slices.EqualFunc(got, tt.want, func(a, b Period) bool { return a.From.Equal(b.From) && a.To.Equal(b.To) }) {
				t.Errorf("MergePeriods = %v, want %v", got, tt.want)
			}
			if d := TotalDays(tt.in); d != tt.days {
				t.Errorf("TotalDays = %d, want %d", d, tt.days)
			}
		})
	}
}

func TestCapEndsOn(t *testing.T) {
	nine := []Period{{lcDay(2016, 1, 1), lcDay(2024, 12, 31)}} // 3288 days
	tests := []struct {
		name    string
		earlier []Period
		from    time.Time
		cap     int
		want    time.Time
		ok      bool
	}{
		{"no earlier service", nil, lcDay(2025, 1, 1), 3653, lcDay(2025, 1, 1).AddDate(0, 0, 3652), true},
		{"ninth year done", nine, lcDay(2025, 1, 1), 3653, lcDay(2025, 1, 1).AddDate(0, 0, 3653-3288-1), true},
		{"tenth yearly card fits whole", nine, lcDay(2025, 1, 1), 3653, lcDay(2025, 12, 31), true},
		{"overlap with the running card is not counted twice", []Period{{lcDay(2016, 1, 1), lcDay(2025, 3, 31)}}, lcDay(2025, 1, 1), 3653,
			lcDay(2025, 1, 1).AddDate(0, 0, 3653-3288-1), true},
		{"cap already reached", []Period{{lcDay(2010, 1, 1), lcDay(2019, 12, 31)}}, lcDay(2025, 1, 1), 3652, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := CapEndsOn(tt.earlier, tt.from, tt.cap)
			if ok != tt.ok || !got.Equal(tt.want) {
				t.Errorf("CapEndsOn = %s, %v; want %s, %v", got.Format(time.DateOnly), ok, tt.want.Format(time.DateOnly), tt.ok)
			}
			if ok {
				total := TotalDays(append(slices.Clone(tt.earlier), Period{tt.from, got}))
				if total > tt.cap {
					t.Errorf("service would be %d days, over the cap %d", total, tt.cap)
				}
			}
		})
	}
}

func TestCalendarDayAndDaysBetween(t *testing.T) {
	brussels := time.FixedZone("CEST", 2*3600)
	late := time.Date(2025, 6, 1, 23, 30, 0, 0, time.UTC) // 2 June 01:30 in Brussels
	if got := CalendarDay(late.In(brussels)); !got.Equal(lcDay(2025, 6, 2)) {
		t.Errorf("CalendarDay in Brussels = %s", got)
	}
	if got := CalendarDay(late); !got.Equal(lcDay(2025, 6, 1)) {
		t.Errorf("CalendarDay in UTC = %s", got)
	}
	tests := []struct {
		a, b time.Time
		want int
	}{
		{lcDay(2025, 1, 1), lcDay(2025, 1, 1), 0},
		{lcAt(2025, 1, 1, 23), lcAt(2025, 1, 2, 1), 1},
		{lcDay(2024, 2, 28), lcDay(2024, 3, 1), 2},
		{lcDay(2025, 3, 1), lcDay(2025, 2, 1), -28},
		{lcDay(2025, 3, 29), lcDay(2025, 3, 31), 2}, // across the DST change
	}
	for _, tt := range tests {
		if got := DaysBetween(tt.a, tt.b); got != tt.want {
			t.Errorf("DaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
