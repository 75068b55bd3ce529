package app_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

func init() {
	expectRoutes(map[string]models.Permission{
		"POST /workers/:id/versions":                  models.PermWorkerManage,
		"POST /api/v1/workers/:id/versions":           models.PermWorkerManage,
		"GET /api/v1/workers/:id/versions":            models.PermWorkerRead,
		"GET /employers/:id":                          models.PermWorkerRead,
		"POST /employers/:id/versions":                models.PermEmployerManage,
		"POST /api/v1/employers/:id/versions":         models.PermEmployerManage,
		"GET /api/v1/employers/:id/versions":          models.PermWorkerRead,
		"POST /api/v1/missions/:id/close":             models.PermMissionManage,
		"POST /missions/:id/reopen":                   models.PermMissionManage,
		"POST /api/v1/missions/:id/reopen":            models.PermMissionManage,
		"GET /api/v1/missions/:id/versions":           models.PermWorkerRead,
		"GET /employments/:id/end":                    models.PermWorkerManage,
		"POST /employments/:id/end":                   models.PermWorkerManage,
		"POST /api/v1/employments/:id/end":            models.PermWorkerManage,
		"GET /employments/:id/terms":                  models.PermWorkerManage,
		"POST /employments/:id/terms":                 models.PermWorkerManage,
		"POST /api/v1/employments/:id/terms":          models.PermWorkerManage,
		"GET /api/v1/employments/:id/versions":        models.PermWorkerRead,
		"POST /documents/:id/removal":                 models.PermApplicationCreate,
		"POST /api/v1/documents/:id/removal":          models.PermApplicationCreate,
		"POST /workers/:id/earlier-service":           models.PermWorkerManage,
		"POST /api/v1/workers/:id/earlier-service":    models.PermWorkerManage,
		"GET /api/v1/workers/:id/earlier-service":     models.PermWorkerRead,
		"POST /earlier-service/:id/withdrawal":        models.PermWorkerManage,
		"POST /api/v1/earlier-service/:id/withdrawal": models.PermWorkerManage,
	})
}

// recordsSnapshot is what a refused change must leave as it was: the
// worker, the employer, the employment and the mission as the API reads
// them, and every history.
func recordsSnapshot(t *testing.T, s *apiScenario) string {
	t.Helper()
	admin := s.clients["admin"]
	var b strings.Builder
	for _, path := range []string{"/api/v1/workers/{worker}", "/api/v1/workers/{worker}/versions", "/api/v1/employers?mission_id={mission}",
		"/api/v1/employers/{employer}/versions", "/api/v1/missions", "/api/v1/missions/{mission}/versions",
		"/api/v1/employments/{employment}/versions", "/api/v1/workers"} {
		res, body := admin.do("GET", s.expand(path, time.Now()), nil, "")
		if res.StatusCode != 200 {
			t.Fatalf("snapshot %s: %d %s", path, res.StatusCode, body)
		}
		b.WriteString(body)
	}
	return b.String()
}

// runChanges runs steps; around each refusal it also checks that the
// records and their histories are as they were.
func runChanges(t *testing.T, s *apiScenario, steps []apiStep) {
	t.Helper()
	for _, st := range steps {
		if st.want < 400 {
			s.run(t, []apiStep{st})
			continue
		}
		before := recordsSnapshot(t, s)
		s.run(t, []apiStep{st})
		if after := recordsSnapshot(t, s); after != before {
			t.Errorf("%s: the refusal changed a record or its history", st.name)
		}
	}
}

func workerBody(passport, expires string, extra map[string]any) map[string]any {
	b := map[string]any{"family_name": "Reyes", "given_names": "Ana", "date_of_birth": "1990-05-17", "sex": "female",
		"nationality": "PH", "passport_number": passport, "passport_expires_on": expires, "languages": []string{"tl", "en"},
		"phone": "+32470123456", "iban": "BE68539007547034", "account_in_sole_name": true, "residence_status": "special_id_pending"}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

// TestRecordsThatChange walks a clerk's first week through the API on both
// engines: a passport typo corrected, an expired passport blocking a renewal
// until the new one is recorded, a duplicate refused on change, an
// employer's new rank, an employment's new terms and its end, a mission
// closed and reopened; every refusal leaves the records and histories as
// they were.
func TestRecordsThatChange(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			f := apiFile{mission: "Embassy of the Philippines", employerFamily: "Santos", workerFamily: "Reyes", workerGiven: "Ana", passport: "P1234567"}
			s := newAPIScenario(e)
			yesterday := time.Now().In(brussels()).AddDate(0, 0, -1).Format(time.DateOnly)
			steps := append(f.submitted(), interviewed("interviewer", "interviewer", true, "cleared")...)
			steps = append(steps, []apiStep{
				{name: "issue", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/issue", want: 201, save: "card"},
				{name: "collect", role: "clerk", method: "POST", path: "/api/v1/cards/{card}/collect",
					body: map[string]any{"identity_document_kind": "passport", "identity_document_number": "P1234567", "handed_to_worker_in_person": true},
					want: 200},
				{name: "another worker", role: "clerk", method: "POST", path: "/api/v1/workers",
					body: map[string]any{"family_name": "Cruz", "given_names": "Liza", "date_of_birth": "1988-02-03", "sex": "female",
						"nationality": "PH", "passport_number": "P5550001", "passport_expires_on": "2035-01-01", "languages": []string{"tl"},
						"residence_status": "special_id_pending"}, want: 201, save: "other"},
			}...)
			s.run(t, steps)

			runChanges(t, s, []apiStep{
				{name: "without a reason", role: "clerk", method: "POST", path: "/api/v1/workers/{worker}/versions",
					body: workerBody("P1234568", "2035-01-01", map[string]any{"change_kind": "correction"}), want: 422, code: "invalid_input",
					fields: map[string]string{"reason": "required"}},
				{name: "an unknown kind of change", role: "clerk", method: "POST", path: "/api/v1/workers/{worker}/versions",
					body: workerBody("P1234568", "2035-01-01", map[string]any{"change_kind": "rewrite", "reason": "x"}), want: 422,
					fields: map[string]string{"change_kind": "invalid_choice"}},
				{name: "an invalid value", role: "clerk", method: "POST", path: "/api/v1/workers/{worker}/versions",
					body: workerBody("P1", "2035-01-01", map[string]any{"change_kind": "correction", "reason": "typo"}), want: 422,
					fields: map[string]string{"passport_number": "invalid_format"}},
				{name: "as an interviewer", role: "interviewer", method: "POST", path: "/api/v1/workers/{worker}/versions",
					body: workerBody("P1234568", "2035-01-01", map[string]any{"change_kind": "correction", "reason": "typo"}), want: 403, code: "forbidden"},
				{name: "anonymous", method: "POST", path: "/api/v1/workers/{worker}/versions",
					body: workerBody("P1234568", "2035-01-01", map[string]any{"change_kind": "correction", "reason": "typo"}), want: 401},
				{name: "an unknown worker", role: "clerk", method: "POST", path: "/api/v1/workers/999999/versions",
					body: workerBody("P1234568", "2035-01-01", map[string]any{"change_kind": "correction", "reason": "typo"}), want: 404, code: "not_found"},
				{name: "nothing differs", role: "clerk", method: "POST", path: "/api/v1/workers/{worker}/versions",
					body: workerBody("p 123 4567", "2035-01-01", map[string]any{"change_kind": "correction", "reason": "typo"}), want: 422, code: models.CodeNoChange},
				{name: "the other worker takes this passport", role: "clerk", method: "POST", path: "/api/v1/workers/{other}/versions",
					body: map[string]any{"family_name": "Cruz", "given_names": "Liza", "date_of_birth": "1988-02-03", "sex": "female",
						"nationality": "PH", "passport_number": "P1234567", "passport_expires_on": "2035-01-01", "languages": []string{"tl"},
						"residence_status": "special_id_pending", "change_kind": "correction", "reason": "typo"},
					want: 409, code: models.CodeDuplicateWorker, contains: []string{`"worker_id":{worker}`}},
				{name: "the other worker takes this name and birth", role: "clerk", method: "POST", path: "/api/v1/workers/{other}/versions",
					body: map[string]any{"family_name": "ANA", "given_names": "Reyes", "date_of_birth": "1990-05-17", "sex": "female",
						"nationality": "PH", "passport_number": "P5550001", "passport_expires_on": "2035-01-01", "languages": []string{"tl"},
						"residence_status": "special_id_pending", "change_kind": "correction", "reason": "typo"},
					want: 409, code: models.CodeDuplicateWorker},
				{name: "the passport's expiry corrected", role: "clerk", method: "POST", path: "/api/v1/workers/{worker}/versions",
					body: workerBody("P1234567", yesterday, map[string]any{"change_kind": "correction", "reason": "expiry misread: it expired yesterday"}),
					want: 200, contains: []string{`"passport_expires_on":"` + yesterday + `"`}},
				{name: "open the renewal", role: "clerk", method: "POST", path: "/api/v1/cards/{card}/renewal", want: 201, save: "app"},
			})
			var renewal []apiStep
			for _, k := range models.RequiredDocuments(models.ApplicationRenewal) {
				renewal = append(renewal, apiStep{name: "attach " + string(k), role: "clerk", method: "POST", path: "/api/v1/applications/{app}/documents",
					upload: &apiUpload{kind: string(k), fileName: string(k) + ".pdf", content: apiPDF}, want: 201})
				if k == models.DocPassportCopy {
					renewal[len(renewal)-1].save = "passdoc"
				}
			}
			renewal = append(renewal, []apiStep{
				{name: "a wrong file attached", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/documents",
					upload: &apiUpload{kind: "passport_copy", fileName: "cruz.pdf", content: append(append([]byte{}, apiPDF...), "Cruz"...)}, want: 201, save: "wrongdoc"},
				{name: "remove it without a reason", role: "clerk", method: "POST", path: "/api/v1/documents/{wrongdoc}/removal",
					body: map[string]any{}, want: 422, fields: map[string]string{"reason": "required"}},
				{name: "remove it as an interviewer", role: "interviewer", method: "POST", path: "/api/v1/documents/{wrongdoc}/removal",
					body: map[string]any{"reason": "another worker's passport"}, want: 403},
				{name: "remove it", role: "clerk", method: "POST", path: "/api/v1/documents/{wrongdoc}/removal",
					body: map[string]any{"reason": "another worker's passport"}, want: 200, contains: []string{`"document_id":{wrongdoc}`}},
				{name: "remove it twice", role: "clerk", method: "POST", path: "/api/v1/documents/{wrongdoc}/removal",
					body: map[string]any{"reason": "again"}, want: 409, code: models.CodeDocumentRemoved},
				{name: "the file lists the removal", role: "clerk", method: "GET", path: "/api/v1/applications/{app}", want: 200,
					contains: []string{`"removed_documents":[{"id":{wrongdoc}`, `"reason":"another worker's passport"`, `"removed_by":"Test clerk"`}},
				{name: "the renewal's contract", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/contracts", body: contractTerms(), want: 201, save: "contract"},
				{name: "submit with the expired passport", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/submit", want: 422,
					code: models.CodeNotEligible, fields: map[string]string{"worker.passport_expires_on": models.CodePassportExpired}},
				{name: "the new passport", role: "clerk", method: "POST", path: "/api/v1/workers/{worker}/versions",
					body: workerBody("P7654321", "2036-11-30", map[string]any{"change_kind": "update", "reason": "new passport issued by the embassy"}),
					want: 200, contains: []string{`"passport_number":"P7654321"`}},
				{name: "the renewal passes", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/submit", want: 200,
					contains: []string{`"status":"submitted"`}},
				{name: "the worker's history", role: "interviewer", method: "GET", path: "/api/v1/workers/{worker}/versions", want: 200,
					contains: []string{`"version":1`, `"version":2`, `"kind":"correction"`, `"kind":"update"`, `"changed_by":"Test clerk"`,
						`{"field":"passport_number","old":"P1234567","new":"P7654321"}`, `"reason":"new passport issued by the embassy"`}},
				{name: "the only passport copy of a submitted file", role: "clerk", method: "POST", path: "/api/v1/documents/{passdoc}/removal",
					body: map[string]any{"reason": "wrong"}, want: 409, code: models.CodeDocumentNeeded},
				{name: "the card keeps what was checked at collection", role: "clerk", method: "GET", path: "/api/v1/cards/{card}", want: 200,
					contains: []string{`"identity_document_number":"P1234567"`}},
			}...)
			runChanges(t, s, renewal)

			runChanges(t, s, []apiStep{
				{name: "employer without a reason", role: "clerk", method: "POST", path: "/api/v1/employers/{employer}/versions",
					body: map[string]any{"family_name": "Santos", "given_names": "Maria", "title": "Counsellor", "entitled_to_private_servant": true,
						"posting_ends_on": "2032-06-30", "change_kind": "update"}, want: 422, fields: map[string]string{"reason": "required"}},
				{name: "employer promoted, posting extended", role: "clerk", method: "POST", path: "/api/v1/employers/{employer}/versions",
					body: map[string]any{"family_name": "Santos", "given_names": "Maria", "title": "Counsellor", "entitled_to_private_servant": true,
						"posting_ends_on": "2032-06-30", "change_kind": "update", "reason": "note verbale of the embassy"},
					want: 200, contains: []string{`"title":"Counsellor"`, `"posting_ends_on":"2032-06-30"`, `"mission_id":{mission}`}},
				{name: "the employer's history", role: "clerk", method: "GET", path: "/api/v1/employers/{employer}/versions", want: 200,
					contains: []string{`{"field":"title","old":"First Secretary","new":"Counsellor"}`, `{"field":"posting_ends_on","old":"2031-06-30","new":"2032-06-30"}`}},
				{name: "terms before the start", role: "clerk", method: "POST", path: "/api/v1/employments/{employment}/terms",
					body: map[string]any{"effective_on": "2025-01-01", "weekly_hours": 40, "job_category": "childcare", "reason": "new tasks"},
					want: 422, fields: map[string]string{"effective_on": models.CodeEffectiveBeforeStart}},
				{name: "new terms", role: "clerk", method: "POST", path: "/api/v1/employments/{employment}/terms",
					body: map[string]any{"effective_on": "2026-06-01", "weekly_hours": 40, "job_category": "childcare", "reason": "looks after the children"},
					want: 200, contains: []string{`"weekly_hours":40`, `"job_category":"childcare"`}},
				{name: "end without confirmation", role: "clerk", method: "POST", path: "/api/v1/employments/{employment}/end",
					body: map[string]any{"ends_on": "2026-12-31", "reason": "the worker resigned"},
					want: 409, code: models.CodeConfirmEmploymentEnd, contains: []string{`"cards":1`, `"confirm_required":true`, "can no longer be renewed"}},
				{name: "end before the start", role: "clerk", method: "POST", path: "/api/v1/employments/{employment}/end",
					body: map[string]any{"ends_on": "2025-12-31", "reason": "x", "confirm": true}, want: 422,
					fields: map[string]string{"ends_on": models.CodeEffectiveBeforeStart}},
				{name: "end confirmed", role: "clerk", method: "POST", path: "/api/v1/employments/{employment}/end",
					body: map[string]any{"ends_on": "2026-12-31", "reason": "the worker resigned", "confirm": true},
					want: 200, contains: []string{`"ends_on":"2026-12-31"`}},
				{name: "the employment's history", role: "interviewer", method: "GET", path: "/api/v1/employments/{employment}/versions", want: 200,
					contains: []string{`"action":"terms"`, `"effective_on":"2026-06-01"`, `"action":"end"`, `"effective_on":"2026-12-31"`}},
				{name: "close without a reason", role: "clerk", method: "POST", path: "/api/v1/missions/{mission}/close",
					body: map[string]any{"closed_on": "2026-12-01", "confirm": true}, want: 422, fields: map[string]string{"reason": "required"}},
				{name: "close without confirmation", role: "clerk", method: "POST", path: "/api/v1/missions/{mission}/close",
					body: map[string]any{"closed_on": "2026-12-01", "reason": "the embassy closed"}, want: 409,
					code: models.CodeConfirmMissionClose, contains: []string{`"workers":1`}},
				{name: "close confirmed", role: "clerk", method: "POST", path: "/api/v1/missions/{mission}/close",
					body: map[string]any{"closed_on": "2026-12-01", "reason": "the embassy closed", "confirm": true}, want: 200,
					contains: []string{`"status":"closed"`}},
				{name: "close twice", role: "clerk", method: "POST", path: "/api/v1/missions/{mission}/close",
					body: map[string]any{"closed_on": "2026-12-01", "reason": "again", "confirm": true}, want: 409, code: "mission_closed"},
				{name: "reopen without a reason", role: "clerk", method: "POST", path: "/api/v1/missions/{mission}/reopen",
					body: map[string]any{}, want: 422, fields: map[string]string{"reason": "required"}},
				{name: "reopen", role: "clerk", method: "POST", path: "/api/v1/missions/{mission}/reopen",
					body: map[string]any{"reason": "closed by mistake: it was the consulate"}, want: 200, contains: []string{`"status":"active"`}},
				{name: "reopen an active mission", role: "clerk", method: "POST", path: "/api/v1/missions/{mission}/reopen",
					body: map[string]any{"reason": "again"}, want: 409, code: models.CodeMissionNotClose},
				{name: "the mission's history", role: "clerk", method: "GET", path: "/api/v1/missions/{mission}/versions", want: 200,
					contains: []string{`"action":"close"`, `"reason":"the embassy closed"`, `"action":"reopen"`}},
				{name: "versions of an unknown employment", role: "clerk", method: "GET", path: "/api/v1/employments/999999/versions", want: 404},
			})
		})
	}
}

// TestRecordsPages: the forms on the records' pages keep what was typed on a
// refusal, with the message by the field; ending an employment and closing a
// mission go through a confirmation step that names the consequence; the
// history is on the record's page.
func TestRecordsPages(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			f := apiFile{mission: "Embassy of Viet Nam", employerFamily: "Tran", workerFamily: "Nguyen", workerGiven: "Thi Lan", passport: "C1234567"}
			s := newAPIScenario(e)
			s.run(t, f.register())
			clerk := s.clients["clerk"]
			worker, job, mission, employer := "/workers/"+itoa64(s.ids["worker"]), "/employments/"+itoa64(s.ids["employment"]), "/missions/"+itoa64(s.ids["mission"]), "/employers/"+itoa64(s.ids["employer"])
			form := url.Values{"family_name": {"Nguyen"}, "given_names": {"Thi Lan"}, "date_of_birth": {"1990-05-17"}, "sex": {"female"},
				"nationality": {"PH"}, "passport_number": {"C7654321"}, "passport_expires_on": {"2035-01-01"}, "languages": {"tl, en"},
				"phone": {"+32470123456"}, "iban": {"BE68 5390 0754 7034"}, "account_in_sole_name": {"yes"}, "residence_status": {"special_id_pending"},
				"change_kind": {"correction"}}

			_, page := clerk.get(worker)
			for _, want := range []string{`action="` + worker + `/versions"`, `value="C1234567"`, `href="` + job + `/end"`, `href="` + job + `/terms"`} {
				if !strings.Contains(page, want) {
					t.Errorf("worker page lacks %s", want)
				}
			}
			before := recordsSnapshot(t, s)
			res, page := clerk.postForm(worker+"/versions", form)
			if res.StatusCode != 422 || !strings.Contains(page, `value="C7654321"`) || !strings.Contains(page, `id="reason-error"`) ||
				!strings.Contains(page, "edit-worker\" open") {
				t.Errorf("refused change: %d, values or message lost", res.StatusCode)
			}
			if recordsSnapshot(t, s) != before {
				t.Error("the refused form changed a record")
			}
			form.Set("reason", "typo in the passport number")
			if res, _ := clerk.postForm(worker+"/versions", form); res.StatusCode != 303 {
				t.Fatalf("change: %d", res.StatusCode)
			}
			_, page = clerk.get(worker)
			for _, want := range []string{"C7654321", "History of changes", "typo in the passport number", "<del>C1234567</del>", "Test clerk"} {
				if !strings.Contains(page, want) {
					t.Errorf("worker page after the change lacks %s: %.1500s", want, page)
				}
			}

			// Ending the employment: form, confirmation step, done.
			_, page = clerk.get(job + "/end")
			if !strings.Contains(page, `action="`+job+`/end"`) {
				t.Fatalf("end page: %.300s", page)
			}
			end := url.Values{"ends_on": {"2026-12-31"}, "change_kind": {"update"}, "reason": {"the worker resigned"}}
			before = recordsSnapshot(t, s)
			res, page = clerk.postForm(job+"/end", end)
			if res.StatusCode != 200 || !strings.Contains(page, "0 card(s) in use for it can no longer be renewed") ||
				!strings.Contains(page, `name="ends_on" value="2026-12-31"`) || !strings.Contains(page, `name="confirm" value="yes"`) {
				t.Errorf("confirmation step: %d %.600s", res.StatusCode, page)
			}
			if recordsSnapshot(t, s) != before {
				t.Error("the confirmation step changed a record")
			}
			end.Set("confirm", "yes")
			if res, _ := clerk.postForm(job+"/end", end); res.StatusCode != 303 || res.Header.Get("Location") != worker {
				t.Fatalf("end confirmed: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			_, page = clerk.get(worker)
			if !strings.Contains(page, "Employment with") || !strings.Contains(page, "the worker resigned") {
				t.Error("the end is not in the worker's history")
			}
			res, page = clerk.postForm(job+"/terms", url.Values{"effective_on": {"2027-02-01"}, "weekly_hours": {"40"}, "job_category": {"childcare"},
				"change_kind": {"update"}, "reason": {"new tasks"}})
			if res.StatusCode != 422 || !strings.Contains(page, "new terms cannot apply after it") || !strings.Contains(page, `value="2027-02-01"`) {
				t.Errorf("terms after the end: %d", res.StatusCode)
			}

			// A document attached by mistake, removed from the application's page.
			s.run(t, []apiStep{{name: "open the application", role: "clerk", method: "POST", path: "/api/v1/applications",
				body: map[string]any{"kind": "first_issuance", "employment_id": "{employment}"}, want: 201, save: "app"},
				{name: "a wrong file", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/documents",
					upload: &apiUpload{kind: "passport_copy", fileName: "wrong.pdf", content: apiPDF}, want: 201, save: "doc"}})
			appPage, doc := "/applications/"+itoa64(s.ids["app"]), "/documents/"+itoa64(s.ids["doc"])
			_, page = clerk.get(appPage)
			if !strings.Contains(page, `action="`+doc+`/removal"`) {
				t.Fatalf("application page lacks the removal form")
			}
			if res, page := clerk.postForm(doc+"/removal", url.Values{"reason": {" "}}); res.StatusCode != 422 || !strings.Contains(page, `id="reason-`+itoa64(s.ids["doc"])+`-error"`) {
				t.Errorf("removal without a reason: %d", res.StatusCode)
			}
			if res, _ := clerk.postForm(doc+"/removal", url.Values{"reason": {"scan of another worker"}}); res.StatusCode != 303 || res.Header.Get("Location") != appPage {
				t.Fatalf("removal: %d", res.StatusCode)
			}
			_, page = clerk.get(appPage)
			if !strings.Contains(page, `id="removed-documents"`) || !strings.Contains(page, "scan of another worker") || strings.Contains(page, `action="`+doc+`/removal"`) {
				t.Error("application page: the removed document is not listed apart with its reason")
			}
			if res, _ := clerk.get(doc); res.StatusCode != 200 {
				t.Errorf("the removed document cannot be downloaded for the audit: %d", res.StatusCode)
			}

			// The employer's page, and the mission closed then reopened.
			res, page = clerk.postForm(employer+"/versions", url.Values{"family_name": {"Tran"}, "given_names": {"Maria"}, "title": {"Ambassador"},
				"head_of_mission": {"yes"}, "entitled_to_private_servant": {"yes"}, "posting_ends_on": {"2031-06-30"}, "change_kind": {"update"},
				"reason": {"new ambassador"}})
			if res.StatusCode != 303 {
				t.Fatalf("employer change: %d %.300s", res.StatusCode, page)
			}
			_, page = clerk.get(employer)
			if !strings.Contains(page, "new ambassador") || !strings.Contains(page, "<ins>Ambassador</ins>") {
				t.Error("employer page lacks its history")
			}
			closeForm := url.Values{"closed_on": {"2026-12-01"}, "reason": {"the embassy closed"}}
			res, page = clerk.postForm(mission+"/close", closeForm)
			if res.StatusCode != 200 || !strings.Contains(page, "0 worker(s)&#39; cards can no longer be renewed") {
				t.Errorf("mission confirmation: %d %.2000s", res.StatusCode, page)
			}
			closeForm.Set("confirm", "yes")
			if res, _ := clerk.postForm(mission+"/close", closeForm); res.StatusCode != 303 {
				t.Fatalf("close: %d", res.StatusCode)
			}
			if res, page := clerk.postForm(mission+"/reopen", url.Values{}); res.StatusCode != 422 || !strings.Contains(page, `id="reason-error"`) {
				t.Errorf("reopen without a reason: %d", res.StatusCode)
			}
			if res, _ := clerk.postForm(mission+"/reopen", url.Values{"reason": {"closed by mistake"}}); res.StatusCode != 303 {
				t.Fatalf("reopen: %d", res.StatusCode)
			}
			_, page = clerk.get(mission)
			for _, want := range []string{"Reopened", "closed by mistake", "Closed", "the embassy closed", `href="` + employer + `"`} {
				if !strings.Contains(page, want) {
					t.Errorf("mission page lacks %s", want)
				}
			}
		})
	}
}

// TestEarlierServiceAPI: ten years served before Carddesk, recorded with
// their source, block the first card at the cap; withdrawn as recorded by
// mistake they no longer count; the page shows the periods and the count.
func TestEarlierServiceAPI(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			f := apiFile{mission: "Embassy of Kenya", employerFamily: "Otieno", workerFamily: "Wanjiru", workerGiven: "Grace", passport: "AK1234567"}
			s := newAPIScenario(e)
			yesterday := time.Now().In(brussels()).AddDate(0, 0, -1).Format(time.DateOnly)
			tenYears := time.Now().In(brussels()).AddDate(-10, -1, 0).Format(time.DateOnly)
			steps := append(f.register(), apiStep{name: "open the application", role: "clerk", method: "POST", path: "/api/v1/applications",
				body: map[string]any{"kind": "first_issuance", "employment_id": "{employment}"}, want: 201, save: "app"})
			s.run(t, append(append(steps, attachAll()...), contractStep()))
			runChanges(t, s, []apiStep{
				{name: "without evidence", role: "clerk", method: "POST", path: "/api/v1/workers/{worker}/earlier-service",
					body: map[string]any{"served_from": tenYears, "served_until": yesterday}, want: 422, fields: map[string]string{"evidence": "required"}},
				{name: "still running", role: "clerk", method: "POST", path: "/api/v1/workers/{worker}/earlier-service",
					body: map[string]any{"served_from": tenYears, "served_until": time.Now().In(brussels()).Format(time.DateOnly), "evidence": "register"},
					want: 422, fields: map[string]string{"served_until": "not_past"}},
				{name: "as an interviewer", role: "interviewer", method: "POST", path: "/api/v1/workers/{worker}/earlier-service",
					body: map[string]any{"served_from": tenYears, "served_until": yesterday, "evidence": "register"}, want: 403},
				{name: "ten years before Carddesk", role: "clerk", method: "POST", path: "/api/v1/workers/{worker}/earlier-service",
					body: map[string]any{"served_from": tenYears, "served_until": yesterday, "evidence": "Protocol register, card S-004512"},
					want: 201, save: "period", contains: []string{`"counts":true`, `"evidence":"Protocol register, card S-004512"`}},
				{name: "the cap is reached", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/submit", want: 422,
					fields: map[string]string{"worker.cumulative_service": models.CodeCumulativeCapReached}},
				{name: "the count", role: "interviewer", method: "GET", path: "/api/v1/workers/{worker}/earlier-service", want: 200,
					contains: []string{`"cap_days":3653`, `"id":{period}`}},
				{name: "withdraw without a reason", role: "clerk", method: "POST", path: "/api/v1/earlier-service/{period}/withdrawal",
					body: map[string]any{}, want: 422, fields: map[string]string{"reason": "required"}},
				{name: "withdraw", role: "clerk", method: "POST", path: "/api/v1/earlier-service/{period}/withdrawal",
					body: map[string]any{"reason": "another worker's card in the register"}, want: 200, contains: []string{`"counts":false`}},
				{name: "withdraw twice", role: "clerk", method: "POST", path: "/api/v1/earlier-service/{period}/withdrawal",
					body: map[string]any{"reason": "again"}, want: 409, code: models.CodeServiceWithdrawn},
				{name: "the count without it", role: "clerk", method: "GET", path: "/api/v1/workers/{worker}/earlier-service", want: 200,
					contains: []string{`"counted_days":0`, `"withdrawal_reason":"another worker's card in the register"`}},
				{name: "submit", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/submit", want: 200},
			})
			clerk := s.clients["clerk"]
			worker := "/workers/" + itoa64(s.ids["worker"])
			res, page := clerk.postForm(worker+"/earlier-service", url.Values{"served_from": {"2019-01-01"}, "served_until": {"2020-12-31"}})
			if res.StatusCode != 422 || !strings.Contains(page, `value="2019-01-01"`) || !strings.Contains(page, `id="evidence-error"`) {
				t.Errorf("refused period on the page: %d", res.StatusCode)
			}
			if res, _ := clerk.postForm(worker+"/earlier-service", url.Values{"served_from": {"2019-01-01"}, "served_until": {"2020-12-31"},
				"evidence": {"note verbale of 3 May 2019"}}); res.StatusCode != 303 {
				t.Fatalf("period on the page: %d", res.StatusCode)
			}
			_, page = clerk.get(worker)
			for _, want := range []string{"note verbale of 3 May 2019", "<del>", "another worker&#39;s card in the register", "731 of 3653 days"} {
				if !strings.Contains(page, want) {
					t.Errorf("worker page lacks %s", want)
				}
			}
		})
	}
}

// TestNamesNotCodes: the nationality is chosen from countries named in the
// reader's language; pages show the country's and languages' names, never
// the codes; the worker's name keeps one display order on pages and in the
// API.
func TestNamesNotCodes(t *testing.T) {
	e := newEnv(t, "sqlite")
	s := newAPIScenario(e)
	f := apiFile{mission: "Consulate General of Viet Nam", employerFamily: "Trần", workerFamily: "Nguyễn", workerGiven: "Thị Hoa", passport: "B8823107"}
	s.run(t, f.register())
	clerk := s.clients["clerk"]
	_, page := clerk.get("/workers/new")
	for _, want := range []string{`<select id="nationality" name="nationality"`, `<option value="VN">Vietnam</option>`, `<option value="PH">Philippines</option>`} {
		if !strings.Contains(page, want) {
			t.Errorf("new worker form lacks %s", want)
		}
	}
	if !strings.Contains(page, `<select id="languages" name="languages">`) || !strings.Contains(page, `<select id="languages_2" name="languages">`) ||
		!strings.Contains(page, `<option value="ha">Hausa</option>`) {
		t.Error("the new worker form does not offer the languages from a list")
	}
	worker := "/workers/" + itoa64(s.ids["worker"])
	_, page = clerk.get(worker)
	if !strings.Contains(page, `<option value="tl" selected>Filipino (Tagalog)</option>`) || !strings.Contains(page, `<option value="en" selected>English</option>`) {
		t.Error("the change form does not start with the worker's languages chosen")
	}
	for _, want := range []string{"<dd>Philippines</dd>", "<dd>Filipino (Tagalog), English</dd>", "<h1>Thị Hoa Nguyễn</h1>"} {
		if !strings.Contains(page, want) {
			t.Errorf("worker page lacks %s", want)
		}
	}
	if _, list := clerk.get("/workers"); !strings.Contains(list, "<td>Philippines</td>") {
		t.Error("the list shows the nationality's code")
	}
	s.run(t, []apiStep{{name: "family name first", role: "clerk", method: "POST", path: "/api/v1/workers/{worker}/versions",
		body: map[string]any{"family_name": "Nguyễn", "given_names": "Thị Hoa", "family_name_first": true, "date_of_birth": "1990-05-17",
			"sex": "female", "nationality": "VN", "passport_number": "B8823107", "passport_expires_on": "2035-01-01",
			"languages": []string{"vi"}, "phone": "+32470123456", "iban": "BE68539007547034", "account_in_sole_name": true,
			"residence_status": "special_id_pending", "change_kind": "correction", "reason": "nationality and languages misread; her name is written family name first"},
		want: 200, contains: []string{`"full_name":"Nguyễn Thị Hoa"`, `"nationality":"VN"`}}})
	_, page = clerk.get(worker)
	for _, want := range []string{"<h1>Nguyễn Thị Hoa</h1>", "<dd>Vietnam</dd>", "<dd>Vietnamese</dd>"} {
		if !strings.Contains(page, want) {
			t.Errorf("worker page after the change lacks %s", want)
		}
	}
	// The same in French (the choice is the clerk's, saved with the account).
	clerk.postForm("/language", url.Values{"lang": {"fr"}})
	if _, page := clerk.get("/workers/new"); !strings.Contains(page, `<option value="ET">Éthiopie</option>`) {
		t.Error("the French form does not name the countries in French")
	}
	if _, page := clerk.get(worker); !strings.Contains(page, "<dd>vietnamien</dd>") {
		t.Error("the French page does not name the language in French")
	}
}
