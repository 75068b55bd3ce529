package app_test

import (
	"context"
	"fmt"
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
		Board:            salaryscales.BoardTerms{Breakfast: true, Midday: true, Evening: true, Lodging: true},
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
