package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

func init() {
	expectRoutes(map[string]models.Permission{
		"POST /api/v1/missions":                    models.PermMissionManage,
		"GET /api/v1/missions":                     models.PermWorkerRead,
		"POST /api/v1/employers":                   models.PermEmployerManage,
		"GET /api/v1/employers":                    models.PermWorkerRead,
		"POST /api/v1/workers":                     models.PermWorkerManage,
		"GET /api/v1/workers":                      models.PermWorkerRead,
		"GET /api/v1/workers/:id":                  models.PermWorkerRead,
		"POST /api/v1/workers/:id/employments":     models.PermWorkerManage,
		"POST /api/v1/applications":                models.PermApplicationCreate,
		"GET /api/v1/applications/:id":             models.PermApplicationRead,
		"POST /api/v1/applications/:id/documents":  models.PermApplicationCreate,
		"POST /api/v1/applications/:id/submit":     models.PermApplicationSubmit,
		"POST /api/v1/applications/:id/interviews": models.PermInterviewSchedule,
		"POST /api/v1/interviews/:id/record":       models.PermInterviewRecord,
		"POST /api/v1/applications/:id/issue":      models.PermCardIssue,
		"POST /api/v1/cards/:id/collect":           models.PermCardIssue,
		"GET /api/v1/cards":                        models.PermCardRead,
		"GET /api/v1/cards/:id":                    models.PermCardRead,
		"POST /api/v1/cards/:id/renewal":           models.PermApplicationCreate,
	})
}

// apiPDF is a small document every check accepts as a PDF.
var apiPDF = []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")

// apiStep is one call of a scenario. Paths, bodies and expectations name the
// records created by earlier steps as {mission}, {employer}, {worker},
// {employment}, {app}, {interview} and {card}; {interviewer} and {both} are
// staff ids; {now} and {soon} are RFC 3339 instants taken when the step runs.
type apiStep struct {
	name   string
	role   string // "" is anonymous
	method string
	path   string
	body   any        // JSON body
	upload *apiUpload // multipart body instead
	// Expectations: the status, the problem code and field errors of a
	// refusal, and text the answer must or must not contain.
	want        int
	code        string
	fields      map[string]string
	contains    []string
	notContains []string
	save        string // remember the answer's "id" under this name
	check       func(t *testing.T, body map[string]any)
}

type apiUpload struct {
	kind, fileName string
	content        []byte
	contentType    string // of the request, when not multipart
}

// apiScenario runs steps in order against one server. After every refusal it
// checks that nothing was written: the counts of records and the state of the
// application in progress are what they were before the call.
type apiScenario struct {
	e       *env
	clients map[string]*client
	ids     map[string]int64
}

func newAPIScenario(e *env) *apiScenario {
	s := &apiScenario{e: e, clients: map[string]*client{}, ids: map[string]int64{"interviewer": e.users["interviewer"].ID}}
	for _, role := range []string{"", "clerk", "interviewer", "admin"} {
		s.clients[role] = e.as(role)
	}
	return s
}

func (s *apiScenario) expand(text string, now time.Time) string {
	for name, id := range s.ids {
		text = strings.ReplaceAll(text, `"{`+name+`}"`, strconv.FormatInt(id, 10)) // a JSON number in bodies
		text = strings.ReplaceAll(text, "{"+name+"}", strconv.FormatInt(id, 10))
	}
	text = strings.ReplaceAll(text, "{now}", now.Format(time.RFC3339))
	// {soon+Nh}: N hours and a minute from now, so that bookings left
	// unrecorded by one scenario do not hold the next one's interviewer
	// and room (the calendar refuses overlaps).
	text = soonPlus.ReplaceAllStringFunc(text, func(m string) string {
		n, _ := strconv.Atoi(soonPlus.FindStringSubmatch(m)[1])
		return now.Add(time.Duration(n)*time.Hour + time.Minute).Format(time.RFC3339)
	})
	return strings.ReplaceAll(text, "{soon}", now.Add(time.Minute).Format(time.RFC3339))
}

var (
	soonPlus = regexp.MustCompile(`\{soon\+(\d+)h\}`)
)

func (s *apiScenario) run(t *testing.T, steps []apiStep) {
	t.Helper()
	for _, st := range steps {
		c, ok := s.clients[st.role]
		if !ok {
			c = s.e.as(st.role)
			s.clients[st.role] = c
		}
		now := time.Now().UTC().Truncate(time.Second)
		path := s.expand(st.path, now)
		var body io.Reader
		contentType := ""
		switch {
		case st.upload != nil:
			body, contentType = st.upload.encode()
		case st.body != nil:
			b, err := json.Marshal(st.body)
			if err != nil {
				t.Fatal(err)
			}
			body, contentType = strings.NewReader(s.expand(string(b), now)), "application/json"
		}
		before := ""
		if st.want >= 400 {
			before = s.snapshot(t)
		}
		res, text := c.do(st.method, path, body, contentType)
		out := map[string]any{}
		if text != "" && json.Unmarshal([]byte(text), &out) != nil {
			t.Fatalf("%s: %s %s: not JSON: %.300s", st.name, st.method, path, text)
		}
		if res.StatusCode != st.want {
			t.Fatalf("%s: %s %s: %d, want %d: %.600s", st.name, st.method, path, res.StatusCode, st.want, text)
		}
		if st.code != "" {
			assertProblem(t, res, out, st.want, st.code)
		}
		got := fieldErrors(out)
		for f, code := range st.fields {
			if got[f] != code {
				t.Errorf("%s: field %s has %q, want %q: %v", st.name, f, got[f], code, got)
			}
		}
		for _, want := range st.contains {
			if want = s.expand(want, now); !strings.Contains(text, want) {
				t.Errorf("%s: answer lacks %s: %.600s", st.name, want, text)
			}
		}
		for _, unwanted := range st.notContains {
			if unwanted = s.expand(unwanted, now); strings.Contains(text, unwanted) {
				t.Errorf("%s: answer contains %s: %.600s", st.name, unwanted, text)
			}
		}
		if st.want >= 400 {
			if after := s.snapshot(t); after != before {
				t.Errorf("%s: the refusal changed something:\n before %s\n after  %s", st.name, before, after)
			}
		}
		if st.save != "" {
			id, ok := out["id"].(float64)
			if !ok {
				t.Fatalf("%s: no id to save as %s: %.300s", st.name, st.save, text)
			}
			s.ids[st.save] = int64(id)
		}
		if st.check != nil {
			st.check(t, out)
		}
	}
}

// snapshot describes what a refusal must leave as it was: how many missions,
// employers and workers exist, and the application in progress with its
// status, history, documents and card.
func (s *apiScenario) snapshot(t *testing.T) string {
	t.Helper()
	admin := s.clients["admin"]
	count := func(path string) string {
		res, body := admin.json("GET", path, nil)
		if res.StatusCode != 200 {
			t.Fatalf("snapshot %s: %d %v", path, res.StatusCode, body)
		}
		if total, ok := body["total"]; ok {
			return fmt.Sprint(total)
		}
		return fmt.Sprint(len(body["items"].([]any)))
	}
	snap := fmt.Sprintf("missions=%s employers=%s workers=%s", count("/api/v1/missions"), count("/api/v1/employers"), count("/api/v1/workers"))
	if id, ok := s.ids["app"]; ok {
		res, app := admin.json("GET", "/api/v1/applications/"+itoa64(id), nil)
		if res.StatusCode != 200 {
			t.Fatalf("snapshot application %d: %d %v", id, res.StatusCode, app)
		}
		snap += fmt.Sprintf(" app=%v history=%d documents=%d interviews=%d card=%v",
			app["status"], len(app["history"].([]any)), len(app["documents"].([]any)), len(app["interviews"].([]any)), app["card"] != nil)
	}
	return snap
}

func (u *apiUpload) encode() (io.Reader, string) {
	if u.contentType != "" {
		return bytes.NewReader(u.content), u.contentType
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("kind", u.kind)
	f, _ := w.CreateFormFile("file", u.fileName)
	f.Write(u.content)
	w.Close()
	return &buf, w.FormDataContentType()
}

// apiFile is one household: a mission, an employer and a worker.
type apiFile struct {
	mission, employerFamily, workerFamily, workerGiven, passport string
}

// register creates the file's records by API, as a clerk.
func (f apiFile) register() []apiStep {
	return []apiStep{
		{name: "register the mission", role: "clerk", method: "POST", path: "/api/v1/missions",
			body: map[string]any{"name": f.mission, "kind": "embassy", "country_code": "PH"}, want: 201, save: "mission"},
		{name: "register the employer", role: "clerk", method: "POST", path: "/api/v1/employers",
			body: map[string]any{"mission_id": "{mission}", "family_name": f.employerFamily, "given_names": "Maria", "title": "First Secretary",
				"entitled_to_private_servant": true, "posting_ends_on": "2031-06-30"}, want: 201, save: "employer"},
		{name: "register the worker", role: "clerk", method: "POST", path: "/api/v1/workers",
			body: map[string]any{"family_name": f.workerFamily, "given_names": f.workerGiven, "date_of_birth": "1990-05-17", "sex": "female",
				"nationality": "PH", "passport_number": f.passport, "passport_expires_on": "2035-01-01", "languages": []string{"tl", "en"},
				"phone": "+32470123456", "iban": "BE68539007547034", "account_in_sole_name": true, "residence_status": "special_id_pending"},
			want: 201, save: "worker"},
		{name: "record the employment", role: "clerk", method: "POST", path: "/api/v1/workers/{worker}/employments",
			body: map[string]any{"employer_id": "{employer}", "starts_on": "2026-01-15", "job_category": "household", "weekly_hours": 38, "live_in": true},
			want: 201, save: "employment"},
	}
}

// submitted opens a first-issuance application, attaches every required
// document and submits it.
func (f apiFile) submitted() []apiStep {
	steps := append(f.register(), apiStep{name: "open the application", role: "clerk", method: "POST", path: "/api/v1/applications",
		body: map[string]any{"kind": "first_issuance", "employment_id": "{employment}"}, want: 201, save: "app"})
	steps = append(steps, attachAll()...)
	steps = append(steps, contractStep())
	return append(steps, apiStep{name: "submit", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/submit",
		want: 200, contains: []string{`"status":"submitted"`}})
}

// contractStep generates the application's contract at a salary above the
// seed scale's minimum, starting on the default day: no application is
// submitted without one (models.CheckApplicationPay).
func contractStep() apiStep {
	terms := contractTerms()
	delete(terms, "start_date")
	return apiStep{name: "generate the contract", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/contracts",
		body: terms, want: 201, contains: []string{`"application_id":{app}`}}
}

func attachAll() []apiStep {
	var steps []apiStep
	for _, k := range models.RequiredDocuments(models.ApplicationFirstIssuance) {
		steps = append(steps, apiStep{name: "attach " + string(k), role: "clerk", method: "POST", path: "/api/v1/applications/{app}/documents",
			upload: &apiUpload{kind: string(k), fileName: string(k) + ".pdf", content: apiPDF}, want: 201,
			contains: []string{`"kind":"` + string(k) + `"`, `"content_type":"application/pdf"`}})
	}
	return steps
}

// interviewed schedules the interview with interviewer (a role name) and has
// them record it as held now. The booking is at {soon}: the rules refuse a
// record made more than InterviewEarlyMinutes before the scheduled time, and
// recording it at once frees the interviewer and room for the next scenario
// (the calendar counts only bookings neither cancelled nor recorded).
func interviewed(interviewer, idName string, employerAbsent bool, outcome string) []apiStep {
	return []apiStep{
		{name: "schedule the interview", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/interviews",
			body: map[string]any{"scheduled_at": "{soon}", "interviewer_id": "{" + idName + "}", "room": "Room 2.14"}, want: 201, save: "interview",
			contains: []string{`"room":"Room 2.14"`}, notContains: []string{"outcome"}},
		{name: "record the interview", role: interviewer, method: "POST", path: "/api/v1/interviews/{interview}/record",
			body: fullRecordBody(employerAbsent, outcome), want: 200,
			contains: []string{`"outcome":"` + outcome + `"`}},
	}
}

// TestCardAPIWorkflow drives the whole card lifecycle through the JSON API,
// with the refusals met on the way, on every engine.
func TestCardAPIWorkflow(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			maxUpload := e.store.Settings().MaxUploadBytes

			t.Run("first issuance", func(t *testing.T) {
				f := apiFile{mission: "Embassy of the Philippines", employerFamily: "Santos", workerFamily: "Reyes", workerGiven: "Ana", passport: "P1234567"}
				steps := []apiStep{
					{name: "anonymous caller", method: "POST", path: "/api/v1/missions", body: map[string]any{"name": "X", "kind": "embassy"},
						want: 401, code: "unauthenticated"},
					{name: "unknown field", role: "clerk", method: "POST", path: "/api/v1/missions",
						body: map[string]any{"name": "X", "kind": "embassy", "country_code": "PH", "ambassador": "Y"}, want: 422, code: "invalid_input",
						fields: map[string]string{"ambassador": "unknown_field"}},
					{name: "interviewer cannot register a mission", role: "interviewer", method: "POST", path: "/api/v1/missions",
						body: map[string]any{"name": "X", "kind": "embassy", "country_code": "PH"}, want: 403, code: "forbidden"},
				}
				steps = append(steps, f.register()...)
				steps = append(steps, []apiStep{
					{name: "missions list it", role: "interviewer", method: "GET", path: "/api/v1/missions", want: 200,
						contains: []string{`"name":"Embassy of the Philippines"`, `"status":"active"`}},
					{name: "employers of the mission", role: "clerk", method: "GET", path: "/api/v1/employers?mission_id={mission}", want: 200,
						contains: []string{`"family_name":"Santos"`, `"mission_name":"Embassy of the Philippines"`, `"posting_ends_on":"2031-06-30"`}},
					{name: "employer with a malformed date", role: "clerk", method: "POST", path: "/api/v1/employers",
						body: map[string]any{"mission_id": "{mission}", "family_name": "Cruz", "posting_ends_on": "30/06/2031"}, want: 422,
						code: "invalid_input", fields: map[string]string{"posting_ends_on": "invalid_date"}},
					{name: "the same worker again", role: "clerk", method: "POST", path: "/api/v1/workers",
						body: map[string]any{"family_name": "REYES", "given_names": "Ána", "date_of_birth": "1990-05-17", "sex": "female",
							"nationality": "PH", "passport_number": "P 999 999", "passport_expires_on": "2035-01-01", "languages": []string{"tl"},
							"residence_status": "special_id_pending"},
						want: 409, code: "duplicate_worker", contains: []string{`"args":{"worker_id":{worker}}`}},
					{name: "search by name without accents", role: "clerk", method: "GET", path: "/api/v1/workers?q=reyes", want: 200,
						contains: []string{`"total":1`, `"limit":25`, `"page_size":25`, `"id":{worker}`}},
					{name: "worker with employments", role: "interviewer", method: "GET", path: "/api/v1/workers/{worker}", want: 200,
						contains: []string{`"date_of_birth":"1990-05-17"`, `"languages":["tl","en"]`, `"employments":[{"id":{employment}`,
							`"starts_on":"2026-01-15"`, `"family_name":"Santos"`}},
					{name: "open the application", role: "clerk", method: "POST", path: "/api/v1/applications",
						body: map[string]any{"kind": "first_issuance", "employment_id": "{employment}"}, want: 201, save: "app",
						contains: []string{`"status":"draft"`, `"worker_id":{worker}`, `"employer_id":{employer}`}},
					{name: "submit without documents", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/submit",
						want: 422, code: models.CodeNotEligible, fields: map[string]string{
							"documents.note_verbale": models.CodeDocumentMissing, "documents.passport_copy": models.CodeDocumentMissing}},
					{name: "upload of a text file", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/documents",
						upload: &apiUpload{kind: "note_verbale", fileName: "note.pdf", content: []byte("just some text, not a PDF")},
						want:   422, code: "invalid_input", fields: map[string]string{"file": models.CodeDocumentType}},
					{name: "upload over the limit", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/documents",
						upload: &apiUpload{kind: "note_verbale", fileName: "note.pdf", content: append(append([]byte{}, apiPDF...), make([]byte, maxUpload)...)},
						want:   422, code: "invalid_input", fields: map[string]string{"file": models.CodeDocumentTooLarge}},
					{name: "upload as JSON", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/documents",
						upload: &apiUpload{content: []byte(`{"kind":"note_verbale"}`), contentType: "application/json"},
						want:   422, code: "unsupported_media_type"},
					{name: "upload without a kind", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/documents",
						upload: &apiUpload{fileName: "note.pdf", content: apiPDF}, want: 422, fields: map[string]string{"kind": "invalid_choice"}},
				}...)
				steps = append(steps, attachAll()...)
				steps = append(steps, []apiStep{
					{name: "submit without a contract", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/submit",
						want: 409, code: models.CodeContractRequired, contains: []string{"EUR 2070.48"}},
					contractStep(),
					{name: "issue before submitting", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/issue",
						want: 409, code: models.CodeInterviewRequired},
					{name: "submit", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/submit", want: 200,
						contains: []string{`"status":"submitted"`, `"missing_documents":[]`, `"action":"submit"`}},
					{name: "issue before the interview", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/issue",
						want: 409, code: models.CodeInterviewRequired},
					{name: "schedule in the past", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/interviews",
						body: map[string]any{"scheduled_at": "2020-01-01T09:00:00+01:00", "interviewer_id": "{interviewer}", "room": "Room 2.14"},
						want: 422, fields: map[string]string{"scheduled_at": "in_past"}},
					{name: "schedule with a malformed time", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/interviews",
						body: map[string]any{"scheduled_at": "tomorrow at nine", "interviewer_id": "{interviewer}", "room": "Room 2.14"},
						want: 422, fields: map[string]string{"scheduled_at": "invalid_datetime"}},
				}...)
				steps = append(steps, interviewed("interviewer", "interviewer", true, "cleared")...)
				steps = append(steps, []apiStep{
					{name: "record without the attestation", role: "interviewer", method: "POST", path: "/api/v1/interviews/{interview}/record",
						body: map[string]any{"held_at": "{now}", "outcome": "cleared"}, want: 422,
						fields: map[string]string{"attestations.employer_and_mission_absent": "attestation_required"}},
					{name: "interviewer cannot issue", role: "interviewer", method: "POST", path: "/api/v1/applications/{app}/issue",
						want: 403, code: "forbidden"},
					{name: "the clerk sees the interview cleared", role: "clerk", method: "GET", path: "/api/v1/applications/{app}", want: 200,
						contains:    []string{`"status":"approved"`, `"state":"cleared"`, `"allowed_actions":["schedule_interview","issue_card","reject","withdraw"]`},
						notContains: []string{"outcome"}},
					{name: "issue", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/issue", want: 201, save: "card",
						contains: []string{`"status":"ready_for_collection"`, `"application_id":{app}`, `"number":"S`}},
					{name: "issue twice", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/issue", want: 409,
						code: models.CodeActionNotAllowed},
					{name: "collect without the worker in person", role: "clerk", method: "POST", path: "/api/v1/cards/{card}/collect",
						body: map[string]any{"identity_document_kind": "passport", "identity_document_number": "P1234567", "handed_to_worker_in_person": false},
						want: 422, fields: map[string]string{"handed_to_worker_in_person": models.CodeCollectionNotInPerson}},
					{name: "collect", role: "clerk", method: "POST", path: "/api/v1/cards/{card}/collect",
						body: map[string]any{"identity_document_kind": "passport", "identity_document_number": "p1234567", "handed_to_worker_in_person": true},
						want: 200, contains: []string{`"status":"collected"`, `"collected_by_worker_in_person":true`, `"identity_document_number":"P1234567"`}},
					{name: "the application is collected", role: "clerk", method: "GET", path: "/api/v1/applications/{app}", want: 200,
						contains: []string{`"status":"collected"`, `"card":{"id":{card}`}, check: func(t *testing.T, body map[string]any) {
							var actions []string
							for _, h := range body["history"].([]any) {
								actions = append(actions, h.(map[string]any)["action"].(string))
							}
							want := []string{"submit", "schedule_interview", "record_interview_cleared", "issue_card", "collect"}
							if !slices.Equal(actions, want) {
								t.Errorf("history %v, want %v", actions, want)
							}
						}},
					{name: "the card", role: "admin", method: "GET", path: "/api/v1/cards/{card}", want: 200,
						contains: []string{`"worker_name":"Ana Reyes"`, `"mission_name":"Embassy of the Philippines"`, `"employment_id":{employment}`}},
					{name: "not due within 60 days", role: "clerk", method: "GET", path: "/api/v1/cards?expiring_within_days=60", want: 200,
						contains: []string{`"expiring_within_days":60`}, notContains: []string{`"id":{card}`}},
					{name: "due within 400 days", role: "clerk", method: "GET", path: "/api/v1/cards?expiring_within_days=400", want: 200,
						contains: []string{`"id":{card}`, `"due_reason":"expiring"`}},
					{name: "a window that is not a number", role: "clerk", method: "GET", path: "/api/v1/cards?expiring_within_days=soon", want: 422,
						fields: map[string]string{"expiring_within_days": "invalid_number"}},
					{name: "interviewer cannot open the renewal", role: "interviewer", method: "POST", path: "/api/v1/cards/{card}/renewal",
						want: 403, code: "forbidden"},
					{name: "open the renewal", role: "clerk", method: "POST", path: "/api/v1/cards/{card}/renewal", want: 201,
						contains: []string{`"kind":"renewal"`, `"status":"draft"`, `"replaces_card_id":{card}`, `"employment_id":{employment}`}},
					{name: "no longer due", role: "clerk", method: "GET", path: "/api/v1/cards?expiring_within_days=400", want: 200,
						notContains: []string{`"id":{card}`}},
					{name: "anonymous reader", method: "GET", path: "/api/v1/applications/{app}", want: 401, code: "unauthenticated"},
					{name: "unknown application", role: "clerk", method: "GET", path: "/api/v1/applications/999999", want: 404, code: "not_found"},
					{name: "employment of an unknown worker", role: "clerk", method: "POST", path: "/api/v1/workers/999999/employments",
						body: map[string]any{"employer_id": "{employer}", "starts_on": "2026-01-15", "job_category": "household", "weekly_hours": 38},
						want: 404, code: "not_found"},
				}...)
				newAPIScenario(e).run(t, steps)
			})

			t.Run("employer present", func(t *testing.T) {
				// An interview with the employer present cannot be recorded as
				// the private interview, so no card follows it.
				f := apiFile{mission: "Embassy of Morocco", employerFamily: "Alaoui", workerFamily: "Bennani", workerGiven: "Fatima", passport: "MA7654321"}
				steps := interviewed("interviewer", "interviewer", false, "cleared")
				steps[len(steps)-1].want, steps[len(steps)-1].fields = 422, map[string]string{"attestations.employer_and_mission_absent": "attestation_required"}
				steps[len(steps)-1].contains = nil
				steps = append(f.submitted(), steps...)
				steps = append(steps, apiStep{name: "issue", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/issue",
					want: 409, code: models.CodeInterviewRequired},
					// The interview not held frees the interviewer and room it
					// held, for the next scenario's booking at {soon}.
					apiStep{name: "cancel the booking", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/interviews/cancel",
						body: map[string]any{"reason": "The employer stayed in the room; a new private interview follows."}, want: 200})
				newAPIScenario(e).run(t, steps)
			})

			t.Run("referral is masked for clerks", func(t *testing.T) {
				f := apiFile{mission: "Embassy of Ethiopia", employerFamily: "Tesfaye", workerFamily: "Girma", workerGiven: "Hanna", passport: "EP1112223"}
				steps := append(f.submitted(), interviewed("interviewer", "interviewer", true, "referral")...)
				steps = append(steps, []apiStep{
					{name: "the clerk's view", role: "clerk", method: "GET", path: "/api/v1/applications/{app}", want: 200,
						contains:    []string{`"status":"on_hold"`, `"state":"on_hold"`, `"action":"interview_on_hold"`},
						notContains: []string{"referral", "concerns", "outcome"}},
					{name: "the interviewer's view", role: "interviewer", method: "GET", path: "/api/v1/applications/{app}", want: 200,
						contains: []string{`"action":"record_interview_referral"`}},
					{name: "issue", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/issue",
						want: 409, code: models.CodeInterviewNotCleared},
				}...)
				newAPIScenario(e).run(t, steps)
			})

			t.Run("same person", func(t *testing.T) {
				both, _, err := e.store.Users.Create(t.Context(), system, models.NewUser{Email: "both@example.be", Name: "Clerk and interviewer",
					Roles: []models.Role{models.RoleClerk, models.RoleInterviewer}}, testPassword)
				if err != nil {
					t.Fatal(err)
				}
				f := apiFile{mission: "Embassy of Indonesia", employerFamily: "Wijaya", workerFamily: "Lestari", workerGiven: "Sri", passport: "ID5556667"}
				s := newAPIScenario(e)
				s.ids["both"] = both.ID
				steps := append(f.submitted(), interviewed("both", "both", true, "cleared")...)
				steps = append(steps, apiStep{name: "issue by the interviewer", role: "both", method: "POST", path: "/api/v1/applications/{app}/issue",
					want: 409, code: models.CodeSamePerson})
				s.run(t, steps)
			})
		})
	}
}
