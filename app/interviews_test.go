package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

func init() {
	expectRoutes(map[string]models.Permission{
		"GET /interviews/:id":                         models.PermInterviewRead,
		"GET /interviews/:id/correct":                 models.PermInterviewRecord,
		"POST /interviews/:id/correct":                models.PermInterviewRecord,
		"GET /interviews/:id/summons.pdf":             models.PermInterviewSchedule,
		"GET /workers/:id/history":                    models.PermIndicatorRead,
		"GET /workers/:id/signals/new":                models.PermIndicatorRecord,
		"POST /workers/:id/signals":                   models.PermIndicatorRecord,
		"POST /observations/:id/correct":              models.PermIndicatorRecord,
		"GET /workers/:id/access-log":                 models.PermAuditRead,
		"GET /alerts":                                 models.PermIndicatorRead,
		"GET /employers/:id/observations":             models.PermIndicatorRead,
		"GET /missions/:id/observations":              models.PermIndicatorRead,
		"POST /employers/:id/restrictions":            models.PermEmployerRestrict,
		"POST /restrictions/:id/lift":                 models.PermEmployerRestrict,
		"GET /holds":                                  models.PermHoldDecide,
		"POST /applications/:id/hold-decision":        models.PermHoldDecide,
		"GET /api/v1/indicators":                      models.PermIndicatorRead,
		"GET /api/v1/interviews/:id":                  models.PermInterviewRead,
		"POST /api/v1/interviews/:id/correction":      models.PermInterviewRecord,
		"GET /api/v1/interviews/:id/summons":          models.PermInterviewSchedule,
		"GET /api/v1/workers/:id/history":             models.PermIndicatorRead,
		"POST /api/v1/workers/:id/signals":            models.PermIndicatorRecord,
		"POST /api/v1/observations/:id/correction":    models.PermIndicatorRecord,
		"GET /api/v1/workers/:id/access-log":          models.PermAuditRead,
		"GET /api/v1/alerts":                          models.PermIndicatorRead,
		"GET /api/v1/employers/:id/observations":      models.PermIndicatorRead,
		"GET /api/v1/missions/:id/observations":       models.PermIndicatorRead,
		"POST /api/v1/employers/:id/restrictions":     models.PermEmployerRestrict,
		"POST /api/v1/restrictions/:id/lift":          models.PermEmployerRestrict,
		"GET /api/v1/holds":                           models.PermHoldDecide,
		"POST /api/v1/applications/:id/hold-decision": models.PermHoldDecide,
	})
}

// fullRecordBody is a complete API record: every attestation, the
// checklist all yes, the 11 ILO indicators all no; a referral outcome comes
// with a referral to PAG-ASA. held_at is the scenario's {now}.
func fullRecordBody(employerAbsent bool, outcome string) map[string]any {
	checklist, indicators := map[string]any{}, map[string]any{}
	for _, item := range models.ChecklistItems {
		checklist[string(item)] = map[string]any{"answer": "yes"}
	}
	for _, ind := range models.Indicators(models.TaxonomyILOForcedLabour) {
		indicators[ind.Code] = map[string]any{"answer": "no"}
	}
	body := map[string]any{"held_at": "{now}", "outcome": outcome,
		"attestations": map[string]any{"employer_and_mission_absent": employerAbsent, "worker_informed_of_rights": true,
			"rights_language": "Tagalog", "leaflet_handed_over": true, "leaflet_language": "en"},
		"checklist": checklist, "indicators": indicators}
	if outcome == string(models.OutcomeReferral) {
		body["referral"] = map[string]any{"partner": "pag_asa", "date": time.Now().In(brussels()).Format(time.DateOnly), "contact": "Intake desk"}
	}
	return body
}

// syncBuffer collects log lines written by the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newLoggedEnv is newEnv with every log line, debug included, kept in logs.
func newLoggedEnv(t *testing.T, engine string, logs io.Writer) *env {
	t.Helper()
	st := storetest.Open(t, engine)
	a, err := app.New(app.Config{Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		LoginRatePerMinute: 1000}, st)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, store: st, app: a, srv: httptest.NewServer(a.Handler()), users: map[string]*models.User{},
		secrets: map[string]string{}, lastStep: map[string]int64{}, recovery: map[string][]string{}}
	t.Cleanup(e.srv.Close)
	for _, r := range models.Roles {
		u, _, err := st.Users.Create(context.Background(), system, models.NewUser{
			Email: string(r) + "@example.be", Name: "Test " + string(r), Roles: []models.Role{r}}, testPassword)
		if err != nil {
			t.Fatal(err)
		}
		e.users[string(r)] = u
	}
	return e
}

func (e *env) actor(role string) models.Actor { return models.Actor{User: e.users[role], Via: "web"} }

// household registers a mission, an employer and two of its workers, and
// submits a first issuance for each; it returns the ids.
type household struct {
	mission, employer int64
	workers, apps     [2]int64
}

func newHousehold(t *testing.T, e *env) household {
	t.Helper()
	ctx, clerk := context.Background(), e.actor("clerk")
	var h household
	m := models.Mission{Name: "Embassy of the Philippines", Kind: models.MissionEmbassy, CountryCode: "PH"}
	must(t, e.store.Missions.Create(ctx, clerk, &m))
	emp := models.Employer{MissionID: m.ID, FamilyName: "Santos", GivenNames: "Maria", Title: "Ambassador", HeadOfMission: true, EntitledToPrivateServant: true}
	must(t, e.store.Employers.Create(ctx, clerk, &emp))
	h.mission, h.employer = m.ID, emp.ID
	for i, p := range []struct{ family, passport, iban string }{{"Reyes", "P1234567", "BE68539007547034"}, {"Cruz", "P7654321", "BE71096123456769"}} {
		w := models.Worker{FamilyName: p.family, GivenNames: "Ana", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC), Sex: models.SexFemale,
			Nationality: "PH", PassportNumber: p.passport, PassportExpiresOn: time.Now().AddDate(5, 0, 0), Languages: "tl,en",
			Phone: "+32470123456", IBAN: p.iban, AccountInSoleName: true, ResidenceStatus: models.ResidenceSpecialIDPending}
		must(t, e.store.Workers.Create(ctx, clerk, &w))
		job := models.Employment{WorkerID: w.ID, EmployerID: emp.ID, StartsOn: models.CalendarDay(time.Now().AddDate(0, -1, 0)),
			JobCategory: models.JobHousehold, WeeklyHours: 38}
		must(t, e.store.Employments.Create(ctx, clerk, &job))
		a, err := e.store.Applications.Open(ctx, clerk, models.ApplicationFirstIssuance, job.ID, nil)
		must(t, err)
		for _, k := range models.RequiredDocuments(models.ApplicationFirstIssuance) {
			_, err := e.store.Applications.AttachDocument(ctx, clerk, a.ID, k, string(k)+".pdf", apiPDF)
			must(t, err)
		}
		contracted(t, e, clerk, a.ID)
		must(t, e.store.Applications.Submit(ctx, clerk, a.ID))
		h.workers[i], h.apps[i] = w.ID, a.ID
	}
	return h
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Distinctive content recorded below; none of it may reach a clerk, an
// audit summary or a log line.
var confidential = []string{
	"Okapi free notes about the laundry room",
	"Narwhal checklist note on the passport",
	"Quokka overtime note: 16 hours a day",
	"Tapir isolation note: phone taken",
	"Ibex signal note from the helpline",
	"Gecko helpline of the community",
	"Lynx reason: the NGO corrected its report",
	"Kestrel reason: overtime was entered twice",
	"Heron intake desk",
	"PA-REF-7731",
	// What was observed, in words and codes.
	"Excessive overtime", "excessive_overtime", "Restriction of movement", "restriction_of_movement",
	"withholding_of_wages", "Withholding of wages", "PAG-ASA", "pag_asa",
}

// recordForm is the recording form as an interviewer fills it in.
func recordForm(heldAt time.Time) url.Values {
	v := url.Values{
		"held_at": {heldAt.In(brussels()).Format("2006-01-02T15:04")},
		"attestations.employer_and_mission_absent": {"yes"}, "attestations.worker_informed_of_rights": {"yes"},
		"attestations.rights_language": {"Tagalog"}, "attestations.leaflet_handed_over": {"yes"}, "attestations.leaflet_language": {"en"},
		"interpreter_present": {"yes"}, "interpreter.language": {"tl"}, "interpreter.name_or_service": {"FPS interpreting service"},
		"attestations.interpreter_independent": {"yes"},
		"notes":                                {confidential[0]},
		"outcome":                              {"concerns"},
	}
	for _, item := range models.ChecklistItems {
		v.Set("checklist."+string(item)+".answer", "yes")
	}
	v.Set("checklist.holds_own_passport.answer", "no")
	v.Set("checklist.holds_own_passport.note", confidential[1])
	for _, ind := range models.Indicators(models.TaxonomyILOForcedLabour) {
		v.Set("indicators."+ind.Code+".answer", "no")
	}
	v.Set("indicators.excessive_overtime.answer", "yes")
	v.Set("indicators.excessive_overtime.note", confidential[2])
	v.Set("indicators.isolation.answer", "unclear")
	v.Set("indicators.isolation.note", confidential[3])
	v.Set("indicators.coercion_at_destination.confiscation_of_documents.answer", "yes")
	return v
}

func brussels() *time.Location {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		panic(err)
	}
	return loc
}

// TestNothingConfidentialReachesClerks records an interview, a correction,
// a signal, an observation correction and a referral through the pages,
// then walks every GET route as a clerk, for every record id: no answer
// carries a note or what was observed. Audit summaries and log lines are
// checked too; an interviewer's view of the same pages shows the content,
// so the check cannot pass by accident.
func TestNothingConfidentialReachesClerks(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			logs := &syncBuffer{}
			e := newLoggedEnv(t, engine, logs)
			ctx := context.Background()
			h := newHousehold(t, e)
			interviewer, admin, clerk := e.as("interviewer"), e.as("admin"), e.as("clerk")

			// Worker 0: concerns, recorded through the form, then corrected.
			iv, err := e.store.Interviews.Book(ctx, e.actor("clerk"), h.apps[0], models.InterviewBooking{InterviewerID: e.users["interviewer"].ID,
				At: time.Now().Add(time.Minute), Room: "Egmont 0.14", Interpreter: &models.Interpreter{Language: "tl", NameOrService: "FPS interpreting service"}})
			must(t, err)
			res, body := interviewer.get("/interviews/" + itoa64(iv.ID) + "/record")
			if res.StatusCode != 200 || !strings.Contains(body, "FPS interpreting service") || !strings.Contains(body, `id="no-earlier-observations"`) {
				t.Fatalf("record page: %d %.500s", res.StatusCode, body)
			}
			form := recordForm(time.Now().Add(-time.Minute))
			// The screening signal is computed without storing anything.
			screen := url.Values{"_action": {"screen"}}
			for k, v := range form {
				screen[k] = v
			}
			res, body = interviewer.postForm("/interviews/"+itoa64(iv.ID)+"/record", screen)
			if res.StatusCode != 200 || !strings.Contains(body, `id="screening-result"`) || !strings.Contains(body, confidential[2]) {
				t.Fatalf("screening preview: %d %.300s", res.StatusCode, body)
			}
			bad := url.Values{}
			for k, v := range form {
				bad[k] = v
			}
			bad.Del("checklist.has_phone.answer")
			bad.Set("outcome", "referral")
			res, body = interviewer.postForm("/interviews/"+itoa64(iv.ID)+"/record", bad)
			if res.StatusCode != 422 || !strings.Contains(body, `id="record-error"`) || !strings.Contains(body, confidential[0]) {
				t.Fatalf("incomplete record: %d %.300s", res.StatusCode, body)
			}
			res, _ = interviewer.postForm("/interviews/"+itoa64(iv.ID)+"/record", form)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/interviews/"+itoa64(iv.ID) {
				t.Fatalf("record: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			res, body = interviewer.get("/interviews/" + itoa64(iv.ID) + "/correct")
			if res.StatusCode != 200 || !strings.Contains(body, confidential[2]) {
				t.Fatalf("correction form not prefilled: %d", res.StatusCode)
			}
			corr := recordForm(time.Now().Add(-time.Minute))
			corr.Set("indicators.excessive_overtime.answer", "unclear")
			corr.Set("indicators.withholding_of_wages.answer", "yes")
			corr.Set("correction_reason", confidential[7])
			res, body = interviewer.postForm("/interviews/"+itoa64(iv.ID)+"/correct", corr)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("correction: %d %s", res.StatusCode, regexp.MustCompile(`field-error[^<]*<|error-summary[^<]*<`).FindAllString(body, -1))
			}
			corrected := res.Header.Get("Location")

			// A signal and a correction of one of its observations.
			res, body = interviewer.postForm("/workers/"+itoa64(h.workers[0])+"/signals", url.Values{"source": {"ngo"}, "source_detail": {confidential[5]},
				"received_on": {time.Now().In(brussels()).Format(time.DateOnly)}, "indicators": {"restriction_of_movement", "isolation"}, "note": {confidential[4]}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("signal: %d %.300s", res.StatusCode, body)
			}
			hist, err := e.store.History.Worker(ctx, e.actor("interviewer"), h.workers[0], models.TimelineFilter{Sources: []models.ObservationSource{models.ObservationFromSignal}})
			must(t, err)
			res, _ = interviewer.postForm("/observations/"+itoa64(hist.Entries[0].ID)+"/correct", url.Values{"worker_id": {itoa64(h.workers[0])},
				"answer": {"unclear"}, "correction_reason": {confidential[6]}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("observation correction: %d", res.StatusCode)
			}

			// Worker 1: a referral to PAG-ASA, released by the admin.
			iv2, err := e.store.Interviews.Schedule(ctx, e.actor("clerk"), h.apps[1], e.users["interviewer"].ID, time.Now().Add(time.Minute), "Egmont 0.15")
			must(t, err)
			ref := recordForm(time.Now().Add(-time.Minute))
			ref.Set("outcome", "referral")
			ref.Set("referral.partner", "pag_asa")
			ref.Set("referral.date", time.Now().In(brussels()).Format(time.DateOnly))
			ref.Set("referral.contact", confidential[8])
			ref.Set("referral.reference", confidential[9])
			res, _ = interviewer.postForm("/interviews/"+itoa64(iv2.ID)+"/record", ref)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("referral: %d", res.StatusCode)
			}
			res, body = admin.get("/applications/" + itoa64(h.apps[1]))
			if res.StatusCode != http.StatusOK || !strings.Contains(body, `id="hold-decision"`) || !strings.Contains(body, `value="close_referred"`) {
				t.Fatalf("admin's hold form: %d %.300s", res.StatusCode, body)
			}
			res, _ = admin.postForm("/applications/"+itoa64(h.apps[1])+"/hold-decision", url.Values{"decision": {"release"}, "reason": {"Second interview held; situation regularised."}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("release: %d", res.StatusCode)
			}
			res, _ = admin.postForm("/employers/"+itoa64(h.employer)+"/restrictions", url.Values{"reason": {"Decision following an inspection report"},
				"from": {time.Now().In(brussels()).Format(time.DateOnly)}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("restriction: %d", res.StatusCode)
			}

			// The interviewer and the admin read what was recorded.
			for p, want := range map[string][]string{
				corrected: {confidential[0], confidential[1], confidential[2], confidential[3], confidential[7]},
				"/workers/" + itoa64(h.workers[0]) + "/history?superseded=yes": confidential[2:8],
			} {
				res, body = interviewer.get(p)
				for _, s := range want {
					if res.StatusCode != 200 || !strings.Contains(body, s) {
						t.Errorf("interviewer's %s lacks %q (%d)", p, s, res.StatusCode)
					}
				}
			}
			res, body = admin.get("/employers/" + itoa64(h.employer) + "/observations")
			if res.StatusCode != 200 || !strings.Contains(body, `id="employer-alert"`) || strings.Contains(body, confidential[2]) {
				t.Errorf("employer view: %d alert=%v", res.StatusCode, strings.Contains(body, `id="employer-alert"`))
			}
			res, body = admin.get("/workers/" + itoa64(h.workers[0]) + "/access-log")
			if res.StatusCode != 200 || !strings.Contains(body, "interviewer@example.be") || !strings.Contains(body, "admin@example.be") {
				t.Errorf("access log: %d %.300s", res.StatusCode, body)
			}

			// The clerk: statuses, never content.
			res, body = clerk.get("/applications/" + itoa64(h.apps[0]))
			if res.StatusCode != 200 || !strings.Contains(body, `id="application-status">On hold`) {
				t.Errorf("clerk's application page: %d", res.StatusCode)
			}
			res, body = clerk.postForm("/applications/"+itoa64(h.apps[0])+"/issue", nil)
			if res.StatusCode != http.StatusConflict || !strings.Contains(body, "on hold until an admin decides") {
				t.Errorf("clerk issuing on hold: %d", res.StatusCode)
			}
			walked, leaks := 0, 0
			for _, r := range e.app.Routes() {
				if r.Method != http.MethodGet || r.Path == "/static/*" || r.Path == "/api/v1/openapi.json" || r.Path == "/metrics" {
					continue
				}
				var paths []string
				if strings.Contains(r.Path, ":id") {
					for id := 1; id <= 14; id++ {
						paths = append(paths, strings.ReplaceAll(r.Path, ":id", strconv.Itoa(id)))
					}
				} else {
					paths = append(paths, r.Path)
				}
				if r.Path == "/applications" {
					paths = append(paths, "/applications?status=on_hold", "/applications?status=approved")
				}
				// The documents' texts and the leaflet's contacts are public:
				// they name PAG-ASA as a helpline on every leaflet, not as a
				// referral.
				public := strings.HasSuffix(r.Path, "/translations/versions/:id/file") || strings.HasSuffix(r.Path, "/contacts")
				for _, p := range paths {
					res, body := clerk.get(p)
					if res.StatusCode == http.StatusOK {
						walked++
					}
					for _, s := range confidential {
						if public && (s == "PAG-ASA" || s == "pag_asa") {
							continue
						}
						if strings.Contains(body, s) {
							leaks++
							t.Errorf("clerk's GET %s (%d) shows %q", p, res.StatusCode, s)
						}
					}
				}
			}
			if walked < 40 {
				t.Errorf("only %d clerk pages answered 200: the walk proves little", walked)
			}

			// Audit summaries and log lines.
			events, err := e.store.Audit.Events(ctx, e.actor("admin"), models.AuditFilter{Limit: 500})
			must(t, err)
			for _, ev := range events {
				for _, s := range confidential[:10] {
					if strings.Contains(ev.Summary, s) {
						t.Errorf("audit %s carries %q", ev.Action, s)
					}
				}
			}
			if !strings.Contains(logs.String(), "request") {
				t.Fatal("no log line was captured")
			}
			for _, s := range confidential {
				if strings.Contains(logs.String(), s) {
					t.Errorf("a log line carries %q", s)
				}
			}
		})
	}
}

// TestInterviewAPI drives the interview's JSON API: the full record, reads
// for interviewers and admins only, signals, the employer view, a
// restriction refusing the next application at submit, and hold decisions.
func TestInterviewAPI(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			both, _, err := e.store.Users.Create(t.Context(), system, models.NewUser{Email: "both@example.be", Name: "Admin and interviewer",
				Roles: []models.Role{models.RoleAdmin, models.RoleInterviewer}}, testPassword)
			must(t, err)
			s := newAPIScenario(e)
			s.ids["both"] = both.ID
			f := apiFile{mission: "Embassy of Ethiopia", employerFamily: "Tesfaye", workerFamily: "Girma", workerGiven: "Hanna", passport: "EP1112223"}
			steps := f.submitted()
			rec := fullRecordBody(true, "referral")
			rec["notes"] = "Marten API note"
			inds := rec["indicators"].(map[string]any)
			inds["abuse_of_vulnerability"] = map[string]any{"answer": "yes", "note": "Marten vulnerability note"}
			inds["coercion_at_destination.debt_bondage"] = map[string]any{"answer": "yes"}
			noCheck := fullRecordBody(true, "cleared")
			noCheck["checklist"] = map[string]any{}
			steps = append(steps, []apiStep{
				{name: "schedule with a linked interpreter", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/interviews",
					body: map[string]any{"scheduled_at": "{soon}", "interviewer_id": "{both}", "room": "Room 2.14",
						"interpreter": map[string]any{"language": "am", "name_or_service": "The driver", "independent": false}},
					want: 422, fields: map[string]string{"interpreter": "interpreter_not_independent"}},
				{name: "schedule with an interpreter", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/interviews",
					body: map[string]any{"scheduled_at": "{soon}", "interviewer_id": "{both}", "room": "Room 2.14",
						"interpreter": map[string]any{"language": "am", "name_or_service": "FPS interpreting service", "independent": true}}, want: 201, save: "interview"},
				{name: "no summons for an interviewer", role: "interviewer", method: "GET", path: "/api/v1/interviews/{interview}/summons", want: 403, code: "forbidden"},
				{name: "record without a checklist", role: "both", method: "POST", path: "/api/v1/interviews/{interview}/record", body: noCheck,
					want: 422, fields: map[string]string{"checklist.holds_own_passport": "required"}},
				{name: "record with a referral", role: "both", method: "POST", path: "/api/v1/interviews/{interview}/record", body: rec,
					want: 200, contains: []string{`"outcome":"referral"`}},
				{name: "the record, for the interviewer", role: "interviewer", method: "GET", path: "/api/v1/interviews/{interview}", want: 200,
					contains: []string{"Marten API note", "Marten vulnerability note", `"partner":"pag_asa"`, `"strong":1`}},
				{name: "the record, not for a clerk", role: "clerk", method: "GET", path: "/api/v1/interviews/{interview}", want: 403, code: "forbidden"},
				{name: "the history, not for a clerk", role: "clerk", method: "GET", path: "/api/v1/workers/{worker}/history", want: 403, code: "forbidden"},
				{name: "the clerk's application", role: "clerk", method: "GET", path: "/api/v1/applications/{app}", want: 200,
					contains: []string{`"status":"on_hold"`}, notContains: []string{"Marten", "referral", "pag_asa", "abuse_of_vulnerability"}},
				{name: "a signal", role: "interviewer", method: "POST", path: "/api/v1/workers/{worker}/signals",
					body: map[string]any{"source": "police", "source_detail": "Zone Bruxelles-Capitale", "received_on": time.Now().In(brussels()).Format(time.DateOnly),
						"indicators": []string{"isolation"}, "note": "Marten signal note"}, want: 201, contains: []string{`"source":"police"`}},
				{name: "a signal without indicator", role: "interviewer", method: "POST", path: "/api/v1/workers/{worker}/signals",
					body: map[string]any{"source": "police", "received_on": time.Now().In(brussels()).Format(time.DateOnly), "indicators": []string{}},
					want: 422, fields: map[string]string{"indicators": "required"}},
				{name: "the history by source", role: "admin", method: "GET", path: "/api/v1/workers/{worker}/history?source=signal", want: 200,
					contains: []string{`"indicator_code":"isolation"`, "Marten signal note"}, notContains: []string{`"source":"interview"`}},
				{name: "the employer view", role: "interviewer", method: "GET", path: "/api/v1/employers/{employer}/observations", want: 200,
					contains: []string{`"raised":true`, `"code":"strong_indicator"`}, notContains: []string{"Marten"}},
				{name: "the release by whoever recorded it", role: "both", method: "POST", path: "/api/v1/applications/{app}/hold-decision",
					body: map[string]any{"decision": "release", "reason": "Fine"}, want: 409, code: store.CodeReleaseByInterviewer},
				{name: "the hold list", role: "admin", method: "GET", path: "/api/v1/holds", want: 200, contains: []string{`"referral_partner":"pag_asa"`}},
				{name: "closed as referred", role: "admin", method: "POST", path: "/api/v1/applications/{app}/hold-decision",
					body: map[string]any{"decision": "close_referred", "reason": "The worker's situation is followed by a specialised centre."},
					want: 200, contains: []string{`"status":"referred"`}},
				{name: "the clerk sees it closed after a hold", role: "clerk", method: "GET", path: "/api/v1/applications/{app}", want: 200,
					notContains: []string{"referred", "specialised centre"}},
				{name: "restriction by an interviewer", role: "interviewer", method: "POST", path: "/api/v1/employers/{employer}/restrictions",
					body: map[string]any{"reason": "x", "from": "2026-01-01"}, want: 403, code: "forbidden"},
				{name: "restriction", role: "admin", method: "POST", path: "/api/v1/employers/{employer}/restrictions",
					body: map[string]any{"reason": "Decision of the Protocol Directorate", "from": time.Now().In(brussels()).Format(time.DateOnly)}, want: 201, save: "restriction",
					contains: []string{`"active":true`}},
				{name: "the next application", role: "clerk", method: "POST", path: "/api/v1/applications",
					body: map[string]any{"kind": "first_issuance", "employment_id": "{employment}"}, want: 201, save: "app"},
			}...)
			steps = append(steps, attachAll()...)
			steps = append(steps, []apiStep{
				{name: "refused at submit", role: "clerk", method: "POST", path: "/api/v1/applications/{app}/submit", want: 422,
					fields: map[string]string{"employer.restricted": models.CodeEmployerRestricted}, contains: []string{"Decision of the Protocol Directorate"}},
				{name: "lifted", role: "admin", method: "POST", path: "/api/v1/restrictions/{restriction}/lift", body: map[string]any{"reason": "Inspection closed"},
					want: 200, contains: []string{`"active":false`}},
				{name: "who looked", role: "admin", method: "GET", path: "/api/v1/workers/{worker}/access-log", want: 200,
					contains: []string{`"action":"interview.view"`, `"actor_email":"interviewer@example.be"`}},
				{name: "the catalogue", role: "interviewer", method: "GET", path: "/api/v1/indicators", want: 200,
					contains: []string{`"code":"excessive_overtime"`, `"grade":"strong"`, "meansOfControlDebtBondage"}},
				{name: "alerts", role: "admin", method: "GET", path: "/api/v1/alerts", want: 200, contains: []string{`"employer_id":{employer}`}},
			}...)
			s.run(t, steps[:len(f.submitted())+2])
			// The summons is a PDF, in a language the worker reads.
			res, body := s.clients["clerk"].get("/api/v1/interviews/" + itoa64(s.ids["interview"]) + "/summons")
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF") {
				t.Errorf("summons: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
			}
			s.run(t, steps[len(f.submitted())+2:])
		})
	}
}
