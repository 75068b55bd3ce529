package app_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// contracted generates, through the store, the contract of application
// appID at a salary above the seed scale's minimum: no application is
// submitted without one (models.CheckApplicationPay).
func contracted(t *testing.T, e *env, clerk models.Actor, appID int64) {
	t.Helper()
	terms := salaryscales.ContractTerms{
		Language: "en", SecondLanguage: "fr", GrossMonthly: 215000,
		Board:            salaryscales.BoardTerms{Breakfast: true, Midday: true, Evening: true}, // no lodging: live-out workers too
		EmployerFunction: "First Secretary", EmployerAddress: "Avenue Louise 231, 1050 Brussels",
		WorkerAddress: "Avenue Louise 231, 1050 Brussels", Workplace: "Avenue Louise 231, 1050 Brussels",
		Duties: "cleaning the residence, laundry, preparing family meals", Place: "Brussels",
		DaysPerWeek: 5, RestDays: []time.Weekday{time.Saturday, time.Sunday}, AnnualLeaveDays: 20,
		RepatriationTo: "Manila, Philippines",
	}
	if _, err := e.store.Contracts.Generate(context.Background(), clerk, appID, terms); err != nil {
		t.Fatalf("contract of application %d: %v", appID, err)
	}
}

func init() {
	expectRoutes(map[string]models.Permission{
		"GET /applications/:id/clearance":         models.PermHoldDecide,
		"GET /api/v1/applications/:id/clearance":  models.PermHoldDecide,
		"POST /applications/:id/clearance":        models.PermHoldDecide,
		"POST /api/v1/applications/:id/clearance": models.PermHoldDecide,
		"GET /interviews/:id/reassign":            models.PermInterviewReassign,
		"POST /interviews/:id/reassign":           models.PermInterviewReassign,
		"POST /api/v1/interviews/:id/reassign":    models.PermInterviewReassign,
	})
}

// addStaff creates an account named name@example.be with roles, signs it in
// as a scenario client and remembers its id under name.
func addStaff(t *testing.T, s *apiScenario, name string, roles ...models.Role) {
	t.Helper()
	u, _, err := s.e.store.Users.Create(context.Background(), system, models.NewUser{Email: name + "@example.be", Name: "Test " + name, Roles: roles}, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	s.e.users[name] = u
	s.ids[name] = u.ID
	s.clients[name] = s.e.as(name)
}

// clearedAgainstEvidenceBody records cleared although retention of identity
// documents and physical violence are answered yes.
func clearedAgainstEvidenceBody(reason string) map[string]any {
	body := fullRecordBody(true, "cleared")
	ind := body["indicators"].(map[string]any)
	ind[models.ILORetentionOfIdentityDocuments] = map[string]any{"answer": "yes"}
	ind[models.ILOPhysicalAndSexualViolence] = map[string]any{"answer": "yes"}
	if reason != "" {
		body["clearance_reason"] = reason
	}
	return body
}

// TestClearedAgainstEvidenceScenario: through the API on every engine, a
// clearance against the evidence without a reason is refused with nothing
// changed; with one the application is on hold, the card refused, the admin
// who held the interview and the interviewer cannot confirm, another admin
// can, once.
func TestClearedAgainstEvidenceScenario(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			s := newAPIScenario(e)
			addStaff(t, s, "both", models.RoleAdmin, models.RoleInterviewer)
			f := apiFile{mission: "Embassy of the Philippines", employerFamily: "Santos", workerFamily: "Reyes", workerGiven: "Ana", passport: "P1234567"}
			steps := f.submitted()
			steps = append(steps, []apiStep{
				{name: "schedule with the admin-interviewer", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/interviews",
					body: map[string]any{"scheduled_at": "{soon}", "interviewer_id": "{both}", "room": "Room 2.14"}, want: 201, save: "interview"},
				{name: "cleared against the evidence without a reason", role: "both", method: "POST", path: "/api/v1/interviews/{interview}/record",
					body: clearedAgainstEvidenceBody(""), want: 422, fields: map[string]string{"clearance_reason": models.CodeClearanceReasonRequired},
					contains: []string{"no card can be issued"}},
				{name: "cleared against the evidence with a reason", role: "both", method: "POST", path: "/api/v1/interviews/{interview}/record",
					body: clearedAgainstEvidenceBody("Her passport was returned to her in my presence"), want: 200},
				{name: "the application is on hold", role: "clerk", method: "GET", path: "/api/v1/applications/{app}", want: 200,
					contains: []string{`"status":"on_hold"`}, notContains: []string{"passport was returned"}},
				{name: "issue before the confirmation", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/issue",
					want: 409, code: models.CodeClearanceNotConfirmed},
				{name: "the interviewer cannot read the review", role: "interviewer", method: "GET", path: "/api/v1/applications/{app}/clearance", want: 403},
				{name: "a clerk cannot confirm", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/clearance",
					body: map[string]any{"decision": "confirmed", "reason": "ok"}, want: 403},
				{name: "the admin who held it cannot confirm", role: "both", method: "POST", path: "/api/v1/applications/{app}/clearance",
					body: map[string]any{"decision": "confirmed", "reason": "ok"}, want: 409, code: models.CodeClearanceByInterviewer},
				{name: "confirmation without a reason", role: "admin", method: "POST", path: "/api/v1/applications/{app}/clearance",
					body: map[string]any{"decision": "confirmed"}, want: 422, fields: map[string]string{"reason": "required"}},
				{name: "an unknown decision", role: "admin", method: "POST", path: "/api/v1/applications/{app}/clearance",
					body: map[string]any{"decision": "maybe", "reason": "x"}, want: 422, fields: map[string]string{"decision": "invalid_choice"}},
				{name: "the admin reads the evidence", role: "admin", method: "GET", path: "/api/v1/applications/{app}/clearance", want: 200,
					contains: []string{`"awaiting_confirmation":true`, models.ILORetentionOfIdentityDocuments, "passport was returned to her"}},
			}...)
			s.run(t, steps)
			// The page: the evidence and the form for the other admin, no form
			// for the one who held the interview.
			page := fmt.Sprintf("/applications/%d/clearance", s.ids["app"])
			if res, body := s.clients["admin"].do("GET", page, nil, ""); res.StatusCode != 200 || !strings.Contains(body, `id="decide-clearance"`) ||
				!strings.Contains(body, "Retention of identity documents") || !strings.Contains(body, "passport was returned to her") {
				t.Errorf("clearance page for the other admin: %d %.400s", res.StatusCode, body)
			}
			if res, body := s.clients["both"].do("GET", page, nil, ""); res.StatusCode != 200 || strings.Contains(body, `id="decide-clearance"`) ||
				!strings.Contains(body, `id="clearance-by-interviewer"`) {
				t.Errorf("clearance page for who held it: %d", res.StatusCode)
			}
			steps = []apiStep{
				{name: "another admin confirms", role: "admin", method: "POST", path: "/api/v1/applications/{app}/clearance",
					body: map[string]any{"decision": "confirmed", "reason": "Seen again with PAG-ASA: documents in her hands"}, want: 200,
					contains: []string{`"status":"approved"`}, notContains: []string{"PAG-ASA"}},
				{name: "confirmed twice", role: "admin", method: "POST", path: "/api/v1/applications/{app}/clearance",
					body: map[string]any{"decision": "confirmed", "reason": "again"}, want: 409, code: models.CodeClearanceNotAwaited},
				{name: "issue", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/issue", want: 201},
			}
			s.run(t, steps)
		})
	}
}

// TestClearanceConfirmationsConcurrent (PostgreSQL): two admins confirm the
// same clearance at the same moment while a clerk tries to issue: one
// confirmation, one release in the history, and a card only after it.
func TestClearanceConfirmationsConcurrent(t *testing.T) {
	if !slices.Contains(storetest.Engines(t), store.Postgres) {
		t.Skip("needs TEST_DATABASE_URL")
	}
	for round := 0; round < 3; round++ {
		e := newEnv(t, store.Postgres)
		s := newAPIScenario(e)
		addStaff(t, s, "admin2", models.RoleAdmin)
		f := apiFile{mission: "Embassy of the Philippines", employerFamily: "Santos", workerFamily: "Reyes", workerGiven: "Ana", passport: "P1234567"}
		steps := append(f.submitted(), interviewedAgainstEvidence()...)
		s.run(t, steps)
		app := s.ids["app"]
		body := `{"decision":"confirmed","reason":"Seen again with the centre"}`
		var wg sync.WaitGroup
		codes := make([]int, 3)
		for i, who := range []string{"admin", "admin2", "clerk"} {
			wg.Add(1)
			go func(i int, c *client) {
				defer wg.Done()
				path := fmt.Sprintf("/api/v1/applications/%d/clearance", app)
				if i == 2 {
					path = fmt.Sprintf("/api/v1/applications/%d/issue", app)
				}
				res, _ := c.do("POST", path, strings.NewReader(body), "application/json")
				codes[i] = res.StatusCode
			}(i, s.clients[who])
		}
		wg.Wait()
		var confirmed, releases, cards int64
		mustDo(t, e.store.DB().Table("clearance_confirmations").Where("application_id = ? AND decision = 'confirmed'", app).Count(&confirmed).Error)
		mustDo(t, e.store.DB().Table("application_events").Where("application_id = ? AND action = 'release_hold'", app).Count(&releases).Error)
		mustDo(t, e.store.DB().Table("cards").Where("application_id = ?", app).Count(&cards).Error)
		ok := 0
		for _, c := range codes[:2] {
			if c == 200 {
				ok++
			} else if c != 409 {
				t.Errorf("round %d: a confirmation answered %d", round, c)
			}
		}
		if ok != 1 || confirmed != 1 || releases != 1 {
			t.Errorf("round %d: %d confirmations answered 200, %d stored, %d releases", round, ok, confirmed, releases)
		}
		if (codes[2] == 201) != (cards == 1) || (codes[2] != 201 && codes[2] != 409) {
			t.Errorf("round %d: issue answered %d with %d cards", round, codes[2], cards)
		}
	}
}

// interviewedAgainstEvidence schedules the interview with the interviewer,
// who records it cleared against the evidence, with a reason.
func interviewedAgainstEvidence() []apiStep {
	return []apiStep{
		{name: "schedule the interview", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/interviews",
			body: map[string]any{"scheduled_at": "{soon}", "interviewer_id": "{interviewer}", "room": "Room 2.14"}, want: 201, save: "interview"},
		{name: "cleared against the evidence", role: "interviewer", method: "POST", path: "/api/v1/interviews/{interview}/record",
			body: clearedAgainstEvidenceBody("She says the passport is back with her"), want: 200},
	}
}

// households numbers the households registered, so names and passports differ.
var households int

// householdOfOne registers, through the API, an employer whose cap is one
// (not a head of mission) with n workers, and opens for each a first
// issuance with every document and a contract, ready to submit. It returns
// the application ids.
func householdOfOne(t *testing.T, e *env, clerk *client, n int) []int64 {
	t.Helper()
	households++
	id := func(res *http.Response, body map[string]any) int64 {
		t.Helper()
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("%s: %d %v", res.Request.URL.Path, res.StatusCode, body)
		}
		return int64(body["id"].(float64))
	}
	mission := id(clerk.json("POST", "/api/v1/missions", map[string]any{"name": "Embassy of Peru", "kind": "embassy", "country_code": "PE"}))
	employer := id(clerk.json("POST", "/api/v1/employers", map[string]any{"mission_id": mission, "family_name": "Quispe", "given_names": "Rosa",
		"title": "Counsellor", "entitled_to_private_servant": true, "posting_ends_on": "2031-06-30"}))
	terms := contractTerms()
	delete(terms, "start_date")
	var apps []int64
	for i := 0; i < n; i++ {
		worker := id(clerk.json("POST", "/api/v1/workers", map[string]any{"family_name": fmt.Sprintf("Mamani%c%c", 'A'+households, 'A'+i), "given_names": "Luz",
			"date_of_birth": "1990-05-17", "sex": "female", "nationality": "PE", "passport_number": fmt.Sprintf("PE%07d", 1000*households+i),
			"passport_expires_on": "2035-01-01", "languages": []string{"es", "en"}, "phone": "+32470123456", "iban": "BE68539007547034",
			"account_in_sole_name": true, "residence_status": "special_id_pending"}))
		job := id(clerk.json("POST", fmt.Sprintf("/api/v1/workers/%d/employments", worker), map[string]any{"employer_id": employer,
			"starts_on": "2026-01-15", "job_category": "household", "weekly_hours": 38, "live_in": true}))
		app := id(clerk.json("POST", "/api/v1/applications", map[string]any{"kind": "first_issuance", "employment_id": job}))
		for _, k := range models.RequiredDocuments(models.ApplicationFirstIssuance) {
			up := &apiUpload{kind: string(k), fileName: string(k) + ".pdf", content: apiPDF}
			body, ct := up.encode()
			if res, text := clerk.do("POST", fmt.Sprintf("/api/v1/applications/%d/documents", app), body, ct); res.StatusCode != 201 {
				t.Fatalf("attach %s: %d %s", k, res.StatusCode, text)
			}
		}
		id(clerk.json("POST", fmt.Sprintf("/api/v1/applications/%d/contracts", app), terms))
		apps = append(apps, app)
	}
	return apps
}

// TestHouseholdCapCountsApplicationsInProgress: on every engine, with a cap
// of one, a second application of the household is refused at submission
// while the first is in progress (no card yet), with nothing changed; once
// the first is withdrawn, it goes through.
func TestHouseholdCapCountsApplicationsInProgress(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			s := newAPIScenario(e)
			apps := householdOfOne(t, e, s.clients["clerk"], 2)
			s.ids["first"], s.ids["app"] = apps[0], apps[1]
			s.run(t, []apiStep{
				{name: "the first is submitted", role: "clerk", method: "POST", path: "/api/v1/applications/{first}/submit", want: 200},
				{name: "the second is refused: the first is in progress", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/submit",
					want: 422, code: models.CodeNotEligible, fields: map[string]string{"employer.household": models.CodeHouseholdCapReached}},
			})
			if err := e.store.Applications.Close(context.Background(), e.actor("clerk"), apps[0], models.ActionWithdraw, "The mission withdrew the request"); err != nil {
				t.Fatal(err)
			}
			s.run(t, []apiStep{
				{name: "once the first is withdrawn, the second goes through", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/submit", want: 200},
			})
		})
	}
}

// TestHouseholdCapUnderConcurrency (PostgreSQL): two applications of a
// household whose cap is one, submitted at the same moment, and an issue
// racing a submission: never both pass.
func TestHouseholdCapUnderConcurrency(t *testing.T) {
	if !slices.Contains(storetest.Engines(t), store.Postgres) {
		t.Skip("needs TEST_DATABASE_URL")
	}
	e := newEnv(t, store.Postgres)
	clerk, clerk2 := e.as("clerk"), e.as("clerk")
	race := func(a, b func() int) (int, int) {
		var wg sync.WaitGroup
		var ca, cb int
		start := make(chan struct{})
		wg.Add(2)
		go func() { defer wg.Done(); <-start; ca = a() }()
		go func() { defer wg.Done(); <-start; cb = b() }()
		close(start)
		wg.Wait()
		return ca, cb
	}
	post := func(c *client, path string) func() int {
		return func() int {
			res, _ := c.do("POST", path, nil, "")
			return res.StatusCode
		}
	}
	inProgress := func(apps []int64) int64 {
		var n int64
		mustDo(t, e.store.DB().Table("applications").Where("id IN ? AND status <> 'draft'", apps).Count(&n).Error)
		return n
	}
	for round := 0; round < 5; round++ {
		apps := householdOfOne(t, e, clerk, 2)
		a, b := race(post(clerk, fmt.Sprintf("/api/v1/applications/%d/submit", apps[0])), post(clerk2, fmt.Sprintf("/api/v1/applications/%d/submit", apps[1])))
		if n := inProgress(apps); (a == 200) == (b == 200) || n != 1 {
			t.Errorf("round %d: submissions answered %d and %d, %d in progress", round, a, b, n)
		}
	}
	// One issued while the other is submitted.
	for round := 0; round < 3; round++ {
		apps := householdOfOne(t, e, clerk, 2)
		s := newAPIScenario(e)
		s.ids["app"] = apps[0]
		s.run(t, append([]apiStep{{name: "submit the first", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/submit", want: 200}},
			interviewed("interviewer", "interviewer", true, "cleared")...))
		issue, submit := race(post(clerk, fmt.Sprintf("/api/v1/applications/%d/issue", apps[0])), post(clerk2, fmt.Sprintf("/api/v1/applications/%d/submit", apps[1])))
		var cards int64
		mustDo(t, e.store.DB().Table("cards").Where("application_id IN ?", apps).Count(&cards).Error)
		if issue != 201 || submit == 200 || cards != 1 || inProgress(apps[1:]) != 0 {
			t.Errorf("round %d: issue %d, submit %d, %d cards", round, issue, submit, cards)
		}
	}
}

// TestInterviewRecordedByItsInterviewerOnTime: on every engine, a record
// without the attestation is refused with the consequence; a record held
// before the scheduled time less the tolerance is refused; only the
// interviewer the interview is assigned to records it, and an admin can
// reassign it; every refusal leaves everything as it was.
func TestInterviewRecordedByItsInterviewerOnTime(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			s := newAPIScenario(e)
			addStaff(t, s, "interviewer2", models.RoleInterviewer)
			f := apiFile{mission: "Embassy of the Philippines", employerFamily: "Santos", workerFamily: "Reyes", workerGiven: "Ana", passport: "P1234567"}
			later := time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)
			steps := append(f.submitted(), []apiStep{
				{name: "schedule in two hours", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/interviews",
					body: map[string]any{"scheduled_at": later, "interviewer_id": "{interviewer}", "room": "Room 2.14"}, want: 201, save: "interview"},
				{name: "recorded as held two hours early", role: "interviewer", method: "POST", path: "/api/v1/interviews/{interview}/record",
					body: fullRecordBody(true, "cleared"), want: 422, fields: map[string]string{"held_at": models.CodeHeldBeforeScheduled}},
				{name: "reschedule to now", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/interviews",
					body: map[string]any{"scheduled_at": "{soon}", "interviewer_id": "{interviewer}", "room": "Room 2.14"}, want: 201, save: "interview"},
				{name: "recorded without the attestation", role: "interviewer", method: "POST", path: "/api/v1/interviews/{interview}/record",
					body: fullRecordBody(false, "cleared"), want: 422, fields: map[string]string{"attestations.employer_and_mission_absent": "attestation_required"},
					contains: []string{"no card can follow"}},
				{name: "recorded by another interviewer", role: "interviewer2", method: "POST", path: "/api/v1/interviews/{interview}/record",
					body: fullRecordBody(true, "cleared"), want: 403, code: models.CodeNotAssignedInterviewer},
				{name: "a clerk cannot reassign", role: "clerk", method: "POST", path: "/api/v1/interviews/{interview}/reassign",
					body: map[string]any{"interviewer_id": "{interviewer2}", "reason": "away"}, want: 403},
				{name: "reassign without a reason", role: "admin", method: "POST", path: "/api/v1/interviews/{interview}/reassign",
					body: map[string]any{"interviewer_id": "{interviewer2}"}, want: 422, fields: map[string]string{"reason": "required"}},
				{name: "reassign to the same interviewer", role: "admin", method: "POST", path: "/api/v1/interviews/{interview}/reassign",
					body: map[string]any{"interviewer_id": "{interviewer}", "reason": "x"}, want: 422, fields: map[string]string{"interviewer_id": models.CodeReassignSameInterviewer}},
				{name: "the admin reassigns", role: "admin", method: "POST", path: "/api/v1/interviews/{interview}/reassign",
					body: map[string]any{"interviewer_id": "{interviewer2}", "reason": "The interviewer booked is ill"}, want: 200,
					contains: []string{`"status":"interview_scheduled"`}},
			}...)
			s.run(t, steps)
			// The new appointment is the application's current one.
			var ivID int64
			mustDo(t, e.store.DB().Raw("SELECT max(id) FROM interviews WHERE application_id = ?", s.ids["app"]).Row().Scan(&ivID))
			s.ids["interview"] = ivID
			s.run(t, []apiStep{
				{name: "the first interviewer can no longer record", role: "interviewer", method: "POST", path: "/api/v1/interviews/{interview}/record",
					body: fullRecordBody(true, "cleared"), want: 403, code: models.CodeNotAssignedInterviewer},
				{name: "the new interviewer records", role: "interviewer2", method: "POST", path: "/api/v1/interviews/{interview}/record",
					body: fullRecordBody(true, "cleared"), want: 200},
			})
			if res, body := s.clients["admin"].do("GET", fmt.Sprintf("/interviews/%d/reassign", ivID), nil, ""); res.StatusCode != 200 || !strings.Contains(body, `id="reassign-interview"`) {
				t.Errorf("reassign page: %d", res.StatusCode)
			}
		})
	}
}

// TestContractTermsWithinTheLaw: on every engine, a trial period (off by
// default), annual leave below four weeks and a lodging deduction for a
// live-out worker are refused by the API with the field named, and no
// contract is stored; rest days are kept Monday first.
func TestContractTermsWithinTheLaw(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			s := newAPIScenario(e)
			f := apiFile{mission: "Embassy of the Philippines", employerFamily: "Santos", workerFamily: "Reyes", workerGiven: "Ana", passport: "P1234567"}
			s.run(t, append(f.register(), apiStep{name: "open", role: "clerk", method: "POST", path: "/api/v1/applications",
				body: map[string]any{"kind": "first_issuance", "employment_id": "{employment}"}, want: 201, save: "app"}))
			contracts := func() int64 {
				var n int64
				mustDo(t, e.store.DB().Table("contracts").Count(&n).Error)
				return n
			}
			terms := func(change func(map[string]any)) map[string]any {
				m := contractTerms()
				delete(m, "start_date")
				change(m)
				return m
			}
			path := "/api/v1/applications/{app}/contracts"
			s.run(t, []apiStep{
				{name: "a trial period", role: "clerk", method: "POST", path: path, body: terms(func(m map[string]any) { m["probation_days"] = 30 }),
					want: 422, fields: map[string]string{"probation_days": "probation_not_allowed"}},
				{name: "two weeks of leave", role: "clerk", method: "POST", path: path, body: terms(func(m map[string]any) { m["annual_leave_days"] = 10 }),
					want: 422, fields: map[string]string{"annual_leave_days": "below_legal_minimum"}},
			})
			if n := contracts(); n != 0 {
				t.Fatalf("%d contracts after the refusals", n)
			}
			// A live-out worker: no lodging deducted.
			var job struct{ ID int64 }
			mustDo(t, e.store.DB().Table("employments").Select("id").Where("id = ?", s.ids["employment"]).Scan(&job).Error)
			// Employments change by versions (records that change): the
			// version first, then the row with its number.
			mustDo(t, e.store.DB().Exec(`INSERT INTO record_versions (entity, entity_id, version, kind, action, reason, changes, changed_via, changed_at)
				SELECT 'employment', id, record_version + 1, 'update', 'terms', 'moved out', '[{"field":"live_in","old":"true","new":"false"}]', 'test', ?
				FROM employments WHERE id = ?`, time.Now().UTC(), job.ID).Error)
			mustDo(t, e.store.DB().Exec("UPDATE employments SET live_in = ?, record_version = record_version + 1 WHERE id = ?", false, job.ID).Error)
			s.run(t, []apiStep{
				{name: "lodging for a live-out worker", role: "clerk", method: "POST", path: path,
					body: terms(func(m map[string]any) { m["board"] = map[string]any{"lodging": true} }),
					want: 422, fields: map[string]string{"board.lodging": "lodging_live_out"}},
				{name: "rest days in calendar order", role: "clerk", method: "POST", path: path,
					body: terms(func(m map[string]any) { m["rest_days"] = []string{"sunday", "saturday"} }), want: 201,
					contains: []string{`"rest_days":["saturday","sunday"]`}},
			})
			if n := contracts(); n != 1 {
				t.Errorf("%d contracts, want 1", n)
			}
		})
	}
}
