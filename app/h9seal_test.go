package app_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

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

// TestReassignPastInterviewScenario: through the API and the page on every
// engine, an unrecorded interview whose time has passed is reassigned at its
// scheduled time (not at "now"), a new time in the past is refused with the
// field named and nothing changed, the page says what keeping the time
// means, and the new interviewer records what was held.
func TestReassignPastInterviewScenario(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			s := newAPIScenario(e)
			addStaff(t, s, "interviewer2", models.RoleInterviewer)
			f := apiFile{mission: "Embassy of the Philippines", employerFamily: "Santos", workerFamily: "Reyes", workerGiven: "Ana", passport: "P1234567"}
			s.run(t, append(f.submitted(), apiStep{name: "schedule", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/interviews",
				body: map[string]any{"scheduled_at": "{soon}", "interviewer_id": "{interviewer}", "room": "Room 2.14"}, want: 201, save: "interview"}))
			var scheduled time.Time
			mustDo(t, e.store.DB().Raw("SELECT scheduled_at FROM interviews WHERE id = ?", s.ids["interview"]).Row().Scan(&scheduled))
			// Twenty minutes later the interview is past and still unrecorded.
			e.store.Now = func() time.Time { return time.Now().UTC().Add(20 * time.Minute) }
			if res, body := s.clients["admin"].do("GET", fmt.Sprintf("/interviews/%d/reassign", s.ids["interview"]), nil, ""); res.StatusCode != 200 ||
				!strings.Contains(body, `id="reassign-past"`) || !strings.Contains(body, `name="scheduled_at"`) {
				t.Errorf("reassign page of a past interview: %d", res.StatusCode)
			}
			s.run(t, []apiStep{
				{name: "a new time in the past", role: "admin", method: "POST", path: "/api/v1/interviews/{interview}/reassign",
					body: map[string]any{"interviewer_id": "{interviewer2}", "reason": "held by a colleague", "scheduled_at": "{now}"},
					want: 422, fields: map[string]string{"scheduled_at": models.CodeReassignInPast}},
				{name: "reassigned at its time", role: "admin", method: "POST", path: "/api/v1/interviews/{interview}/reassign",
					body: map[string]any{"interviewer_id": "{interviewer2}", "reason": "held by a colleague in his place"}, want: 200,
					contains: []string{`"status":"interview_scheduled"`}},
			})
			var next struct {
				ID            int64
				InterviewerID int64
				ScheduledAt   time.Time
			}
			mustDo(t, e.store.DB().Table("interviews").Select("id, interviewer_id, scheduled_at").Where("application_id = ?", s.ids["app"]).Order("id DESC").Limit(1).Scan(&next).Error)
			if next.InterviewerID != s.ids["interviewer2"] || !next.ScheduledAt.Equal(scheduled) {
				t.Fatalf("reassigned: interviewer %d at %s, want %d at %s", next.InterviewerID, next.ScheduledAt, s.ids["interviewer2"], scheduled)
			}
			s.ids["interview"] = next.ID
			s.run(t, []apiStep{
				{name: "the new interviewer records what was held", role: "interviewer2", method: "POST", path: "/api/v1/interviews/{interview}/record",
					body: fullRecordBody(true, "cleared"), want: 200},
			})
		})
	}
}
