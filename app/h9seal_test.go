package app_test

import (
	"testing"

	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestConcernsCorrectedToClearanceScenario: through the API on every engine,
// an application on hold for concerns whose record the interviewer corrects
// into a clearance against the evidence stays on hold and waits for a
// second admin: the correction without a written reason is refused with
// nothing changed, a correction into a plain clearance too; the hold
// decision cannot release it, the review shows the correction and its
// reason, the admin who neither held nor recorded it confirms, and the card
// follows.
func TestConcernsCorrectedToClearanceScenario(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			s := newAPIScenario(e)
			concerns := fullRecordBody(true, "concerns")
			concerns["indicators"].(map[string]any)[models.ILORetentionOfIdentityDocuments] = map[string]any{"answer": "yes"}
			correction := func(body map[string]any, reason string) map[string]any {
				body["correction_reason"] = reason
				return body
			}
			f := apiFile{mission: "Embassy of the Philippines", employerFamily: "Santos", workerFamily: "Reyes", workerGiven: "Ana", passport: "P1234567"}
			steps := f.submitted()
			steps = append(steps, []apiStep{
				{name: "schedule", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/interviews",
					body: map[string]any{"scheduled_at": "{soon}", "interviewer_id": "{interviewer}", "room": "Room 2.14"}, want: 201, save: "interview"},
				{name: "concerns", role: "interviewer", method: "POST", path: "/api/v1/interviews/{interview}/record", body: concerns, want: 200},
				{name: "corrected into a clearance against the evidence without a reason", role: "interviewer", method: "POST",
					path: "/api/v1/interviews/{interview}/correction", body: correction(clearedAgainstEvidenceBody(""), "her passport was in her bag"),
					want: 422, fields: map[string]string{"clearance_reason": models.CodeClearanceReasonRequired}},
				{name: "corrected into a plain clearance while on hold", role: "interviewer", method: "POST",
					path: "/api/v1/interviews/{interview}/correction", body: correction(fullRecordBody(true, "cleared"), "no indicator after all"),
					want: 409, code: models.CodeActionNotAllowed},
				{name: "corrected into a clearance against the evidence", role: "interviewer", method: "POST",
					path: "/api/v1/interviews/{interview}/correction",
					body: correction(clearedAgainstEvidenceBody("Her passport was in her own bag all along"), "her passport was in her bag"),
					want: 201, save: "correction"},
				{name: "still on hold", role: "clerk", method: "GET", path: "/api/v1/applications/{app}", want: 200,
					contains: []string{`"status":"on_hold"`}, notContains: []string{"own bag"}},
				{name: "issue before the confirmation", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/issue", want: 409},
				{name: "the hold decision cannot release a clearance", role: "admin", method: "POST", path: "/api/v1/applications/{app}/hold-decision",
					body: map[string]any{"decision": "release", "reason": "cleared"}, want: 409},
				{name: "the review shows the correction", role: "admin", method: "GET", path: "/api/v1/applications/{app}/clearance", want: 200,
					contains: []string{`"awaiting_confirmation":true`, "own bag all along"}},
				{name: "another admin confirms", role: "admin", method: "POST", path: "/api/v1/applications/{app}/clearance",
					body: map[string]any{"decision": "confirmed", "reason": "Seen again: passport in her hands"}, want: 200,
					contains: []string{`"status":"approved"`}},
				{name: "issue", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/issue", want: 201},
			}...)
			s.run(t, steps)
		})
	}
}
