package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

func init() {
	expectRoutes(map[string]models.Permission{
		"GET /scales":                      models.PermScaleRead,
		"POST /scales":                     models.PermScalePublish,
		"POST /scales/import":              models.PermScalePublish,
		"GET /scales/:id":                  models.PermScaleRead,
		"POST /scales/:id":                 models.PermScalePublish,
		"POST /scales/:id/indexation":      models.PermScalePublish,
		"GET /scales/:id/diff":             models.PermScaleRead,
		"POST /scales/:id/publish":         models.PermScalePublish,
		"POST /scales/:id/discard":         models.PermScalePublish,
		"GET /scales/:id/csv":              models.PermScaleRead,
		"GET /applications/:id/contracts":  models.PermApplicationRead,
		"POST /applications/:id/contracts": models.PermContractGenerate,
		"GET /contracts/:id/pdf":           models.PermApplicationRead,
		"POST /contracts/:id/reprint":      models.PermContractGenerate,

		"GET /api/v1/scales":                      models.PermScaleRead,
		"POST /api/v1/scales":                     models.PermScalePublish,
		"POST /api/v1/scales/import":              models.PermScalePublish,
		"GET /api/v1/scales/in-force":             models.PermScaleRead,
		"GET /api/v1/scales/:id":                  models.PermScaleRead,
		"PUT /api/v1/scales/:id":                  models.PermScalePublish,
		"DELETE /api/v1/scales/:id":               models.PermScalePublish,
		"POST /api/v1/scales/:id/indexation":      models.PermScalePublish,
		"POST /api/v1/scales/:id/publish":         models.PermScalePublish,
		"GET /api/v1/scales/:id/diff":             models.PermScaleRead,
		"GET /api/v1/scales/:id/csv":              models.PermScaleRead,
		"GET /api/v1/applications/:id/contracts":  models.PermApplicationRead,
		"POST /api/v1/applications/:id/contracts": models.PermContractGenerate,
		"GET /api/v1/contracts/:id":               models.PermApplicationRead,
		"GET /api/v1/contracts/:id/pdf":           models.PermApplicationRead,
		"POST /api/v1/contracts/:id/reprint":      models.PermContractGenerate,
	})
}

// scaleNow is the day the scale scenarios run on: the seed (1 May 2024) is
// out of date by then.
var scaleNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// newScaleEnv is a Carddesk whose clock stands on scaleNow, with a draft
// first-issuance application for a household worker (38 hours a week).
func newScaleEnv(t *testing.T, engine string) (*env, int64) {
	t.Helper()
	st := storetest.Open(t, engine)
	st.Now = func() time.Time { return scaleNow }
	e := newEnvOn(t, st, true)
	ctx := context.Background()
	clerk := models.Actor{User: e.users["clerk"], Via: "web"}
	m := models.Mission{Name: "Embassy of the Philippines", Kind: models.MissionEmbassy, CountryCode: "PH"}
	mustDo(t, st.Missions.Create(ctx, clerk, &m))
	emp := models.Employer{MissionID: m.ID, FamilyName: "Santos", GivenNames: "Maria", Title: "First Secretary", EntitledToPrivateServant: true}
	mustDo(t, st.Employers.Create(ctx, clerk, &emp))
	w := models.Worker{FamilyName: "Nguyễn", GivenNames: "Thị Hường", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC),
		Sex: models.SexFemale, Nationality: "VN", PassportNumber: "C1234567", PassportExpiresOn: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
		Languages: "vi,en", Phone: "+32470123456", IBAN: "BE68539007547034", AccountInSoleName: true,
		ResidenceStatus: models.ResidenceSpecialIDPending}
	mustDo(t, st.Workers.Create(ctx, clerk, &w))
	job := models.Employment{WorkerID: w.ID, EmployerID: emp.ID, StartsOn: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
		JobCategory: models.JobHousehold, WeeklyHours: 38, LiveIn: true}
	mustDo(t, st.Employments.Create(ctx, clerk, &job))
	app, err := st.Applications.Open(ctx, clerk, models.ApplicationFirstIssuance, job.ID, nil)
	mustDo(t, err)
	return e, app.ID
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// contractForm is a complete contract form; fields override it.
func contractForm(fields ...string) url.Values {
	v := url.Values{
		"language": {"fr"}, "second_language": {"en"}, "start_date": {"2026-03-02"}, "gross_monthly_salary": {"2150,00"},
		"employer_function": {"First Secretary"}, "employer_address": {"Avenue Louise 231, 1050 Bruxelles"},
		"worker_address": {"Avenue Louise 231, 1050 Bruxelles"}, "workplace": {"Avenue Louise 231, 1050 Bruxelles"},
		"duties": {"entretien de la résidence, lessive, repas"}, "place": {"Bruxelles"}, "days_per_week": {"5"},
		"rest_days": {"saturday", "sunday"}, "annual_leave_days": {"20"}, "probation_days": {"0"},
		"notice_employer_weeks": {"0"}, "notice_worker_weeks": {"0"}, "repatriation_to": {"Hanoi, Viet Nam"},
		"board.breakfast": {"yes"}, "board.midday": {"yes"}, "board.evening": {"yes"}, "board.lodging": {"yes"},
	}
	for i := 0; i+1 < len(fields); i += 2 {
		v.Set(fields[i], fields[i+1])
	}
	return v
}

func wantIn(t *testing.T, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q:\n%.4000s", what, w, mainOf(body))
		}
	}
}

// mainOf is the page's main element, what a failure message needs to show.
func mainOf(page string) string {
	if i := strings.Index(page, "<main"); i >= 0 {
		page = page[i:]
	}
	return page
}

func wantNotIn(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("%s contains %q", what, w)
		}
	}
}

// TestScalePagesAdminFlow: the admin sees the seed is out of date, starts a
// draft, applies 2%, corrects a mistake without losing input, reviews the
// difference and publishes; the stale alert goes from the home pages.
func TestScalePagesAdminFlow(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e, _ := newScaleEnv(t, engine)
			admin, clerk, interviewer := e.as("admin"), e.as("clerk"), e.as("interviewer")

			for role, c := range map[string]*client{"admin": admin, "clerk": clerk} {
				_, home := c.get("/")
				wantIn(t, role+" home", home, "Salary scale out of date", "Version 1, in force since 2024-05-01", `href="/scales"`)
			}
			if _, home := interviewer.get("/"); strings.Contains(home, "Salary scale out of date") || strings.Contains(home, `href="/scales"`) {
				t.Error("interviewer sees the scale alert or menu")
			}
			_, page := clerk.get("/scales")
			wantIn(t, "clerk's scale list", page, "The salary scale is out of date", "SEED VERSION", "In force")
			wantNotIn(t, "clerk's scale list", page, `action="/scales"`, `action="/scales/import"`)
			if res, _ := clerk.postForm("/scales", nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("clerk starting a draft: %d", res.StatusCode)
			}

			res, _ := admin.postForm("/scales", nil)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/scales/2" {
				t.Fatalf("start draft: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			res, page = admin.postForm("/scales/2/indexation", url.Values{"percent": {"deux"}})
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("indexation 'deux': %d", res.StatusCode)
			}
			wantIn(t, "refused indexation", page, `value="deux"`, "Enter a number")
			if res, _ = admin.postForm("/scales/2/indexation", url.Values{"percent": {"2"}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("indexation 2%%: %d", res.StatusCode)
			}
			_, page = admin.get("/scales/2")
			wantIn(t, "indexed draft", page, `name="rates.household.0.monthly" value="2111.89"`, `name="rates.cleaning.0.hourly" value="12.83"`,
				`name="board.breakfast" type="text" value="0.55"`)

			form := url.Values{"effective_date": {"2026-03-02"}, "reference_weekly_hours": {"38"}, "deduction_cap_percent": {"20"},
				"whole_dwelling_cap_percent": {"40"}, "source_note": {"Indexation of 2% on the seed, for the test"}, "steps": {"0"},
				"board.breakfast": {"0.55"}, "board.midday": {"1.09"}, "board.evening": {"0.84"}, "board.lodging": {"0.74"},
				"categories[3].code": {""}, "categories[3].label": {""}}
			for i, cat := range []string{"cleaning", "household", "childcare"} {
				form.Set(fmt.Sprintf("categories[%d].code", i), cat)
				form.Set(fmt.Sprintf("categories[%d].label", i), map[string]string{"cleaning": "Cleaning", "household": "Household work", "childcare": "Childcare"}[cat])
				form.Set("rates."+cat+".0.monthly", "2111.89")
				form.Set("rates."+cat+".0.hourly", "12.83")
			}
			// A mistake in one cell, and a new category without amounts: the
			// page comes back with both marked and every value kept.
			bad := url.Values{}
			for k, v := range form {
				bad[k] = v
			}
			bad.Set("rates.household.0.monthly", "2.111,89")
			bad.Set("categories[3].code", "cooking")
			bad.Set("categories[3].label", "Cooking")
			res, page = admin.postForm("/scales/2", bad)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("bad draft: %d", res.StatusCode)
			}
			wantIn(t, "refused draft", page, `value="2.111,89"`, "Enter an amount in euros", `name="rates.cooking.0.monthly"`,
				`value="Cooking"`, ">Indexation of 2% on the seed, for the test</textarea>")
			if res, page = admin.postForm("/scales/2", form); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save draft: %d %.2000s", res.StatusCode, page)
			}
			_, page = admin.get("/scales/2/diff")
			wantIn(t, "difference", page, "&#43;2.00%", "2070.48", "2111.89", "2024-05-01", "2026-03-02", "Household work, from 0 years, monthly",
				`action="/scales/2/publish"`)
			wantNotIn(t, "difference", page, "scales.item.")
			if _, page = clerk.get("/scales/2/diff"); strings.Contains(page, `action="/scales/2/publish"`) {
				t.Error("the clerk is offered the publish button")
			}
			if res, _ = clerk.postForm("/scales/2/publish", nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("clerk publishing: %d", res.StatusCode)
			}
			// Publishing names its consequence first and waits for a confirmation.
			if res, page = admin.postForm("/scales/2/publish", nil); res.StatusCode != http.StatusOK || !strings.Contains(page, "can never be edited or withdrawn") {
				t.Fatalf("publish, first step: %d", res.StatusCode)
			}
			if res, _ = admin.postForm("/scales/2/publish", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("publish: %d", res.StatusCode)
			}
			_, page = admin.get("/scales/2")
			wantIn(t, "published version", page, `id="scale-status">In force`, "2111.89")
			wantNotIn(t, "published version", page, `action="/scales/2"`, "The salary scale is out of date")
			_, home := clerk.get("/")
			wantNotIn(t, "clerk home after publishing", home, "Salary scale out of date")

			// Published: the page refuses a second publication with the reason.
			res, page = admin.postForm("/scales/2/publish", nil)
			if res.StatusCode != http.StatusConflict {
				t.Errorf("publishing twice: %d", res.StatusCode)
			}
			wantIn(t, "second publication", page, "never edited")
		})
	}
}

// multipartFile builds a form upload of one file named "file".
func multipartFile(t *testing.T, csrf, name string, content []byte) (*bytes.Buffer, string) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mustDo(t, mw.WriteField("_csrf", csrf))
	fw, err := mw.CreateFormFile("file", name)
	mustDo(t, err)
	fw.Write(content)
	mustDo(t, mw.Close())
	return &body, mw.FormDataContentType()
}

// TestScaleCSVPages: export a version, import it as a draft; a broken file
// is refused with every problem and its line.
func TestScaleCSVPages(t *testing.T) {
	e, _ := newScaleEnv(t, store.SQLite)
	admin, clerk := e.as("admin"), e.as("clerk")
	res, csv := clerk.get("/scales/1/csv")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "salary-scale-1.csv") {
		t.Fatalf("export: %d %v", res.StatusCode, res.Header)
	}
	wantIn(t, "export", csv, "effective_date,2024-05-01", "rate,household,0,2070.48,12.57", "board,breakfast,0.55")

	body, ct := multipartFile(t, admin.csrf, "scale.csv", []byte(csv))
	res, _ = admin.do("POST", "/scales/import", body, ct)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/scales/") {
		t.Fatalf("import: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	broken := strings.Replace(strings.Replace(csv, "rate,household,0,2070.48", "rate,household,0,x", 1), "board,lodging,0.74", "board,lodging,abc", 1)
	body, ct = multipartFile(t, admin.csrf, "broken.csv", []byte(broken))
	res, page := admin.do("POST", "/scales/import", body, ct)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("broken import: %d", res.StatusCode)
	}
	if strings.Count(page, "<li>line ") < 2 {
		t.Errorf("broken import lists fewer than two problems with their lines:\n%s", page)
	}
	body, ct = multipartFile(t, clerk.csrf, "scale.csv", []byte(csv))
	if res, _ = clerk.do("POST", "/scales/import", body, ct); res.StatusCode != http.StatusForbidden {
		t.Errorf("clerk importing: %d", res.StatusCode)
	}
}

// TestContractPages: the clerk sees the minimum that applies, a salary under
// it is refused on the page with the figures and nothing is stored; a good
// one is stored, downloaded and reprinted byte for byte.
func TestContractPages(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e, appID := newScaleEnv(t, engine)
			clerk, interviewer, admin := e.as("clerk"), e.as("interviewer"), e.as("admin")
			path := fmt.Sprintf("/applications/%d/contracts", appID)

			_, page := clerk.get(path)
			wantIn(t, "contract page", page, "EUR 2,070.48", "salary scale version 1", "out of date", `<option value="">Choose a language</option>`,
				"Français (fr)", "Nederlands (nl)", "Deutsch (de)", "English (en)", `value="First Secretary"`, "Household work")
			wantNotIn(t, "contract page", page, "contracts.category.", "contracts.weekday.")

			res, page := clerk.postForm(path, contractForm("gross_monthly_salary", "2000", "start_date", "2026-03-02"))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("salary below the minimum: %d", res.StatusCode)
			}
			wantIn(t, "refusal", page, "EUR 2000.00 is below the minimum of EUR 2070.48", "salary scale version 1 of 2024-05-01",
				`value="2000"`, `id="contract-error"`)
			if n := countContracts(t, e, appID); n != 0 {
				t.Errorf("%d contracts stored after a refusal", n)
			}

			res, page = clerk.postForm(path, contractForm("language", ""))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("no language: %d", res.StatusCode)
			}
			wantIn(t, "no language", page, "Choose the language of the contract")

			res, _ = clerk.postForm(path, contractForm())
			if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), path+"#contract-") {
				t.Fatalf("generate: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			list, err := e.store.Contracts.OfApplication(context.Background(), models.Actor{User: e.users["clerk"]}, appID)
			mustDo(t, err)
			if len(list) != 1 || list[0].Language != "fr" || list[0].SecondLanguage != "en" || list[0].GrossMonthlyCents != 215000 {
				t.Fatalf("stored: %+v", list)
			}
			ct := list[0]
			_, page = interviewer.get(path)
			wantIn(t, "interviewer's contract page", page, ct.Reference, "EUR 2,150.00", fmt.Sprintf(`href="/contracts/%d/pdf"`, ct.ID))
			wantNotIn(t, "interviewer's contract page", page, `id="generate-contract"`, "/reprint")

			res, pdf := interviewer.get(fmt.Sprintf("/contracts/%d/pdf", ct.ID))
			sum := sha256.Sum256([]byte(pdf))
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || hex.EncodeToString(sum[:]) != ct.SHA256 {
				t.Fatalf("download: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
			}
			res, again := clerk.postForm(fmt.Sprintf("/contracts/%d/reprint", ct.ID), nil)
			if res.StatusCode != http.StatusOK || again != pdf || res.Header.Get("X-Reprint-Count") != "1" {
				t.Errorf("reprint: %d, same bytes %v, count %s", res.StatusCode, again == pdf, res.Header.Get("X-Reprint-Count"))
			}
			for who, c := range map[string]*client{"interviewer": interviewer, "admin": admin} {
				if res, _ := c.postForm(path, contractForm()); res.StatusCode != http.StatusForbidden {
					t.Errorf("%s generating: %d", who, res.StatusCode)
				}
				if res, _ := c.postForm(fmt.Sprintf("/contracts/%d/reprint", ct.ID), nil); res.StatusCode != http.StatusForbidden {
					t.Errorf("%s reprinting: %d", who, res.StatusCode)
				}
			}
		})
	}
}

func countContracts(t *testing.T, e *env, appID int64) int {
	t.Helper()
	list, err := e.store.Contracts.OfApplication(context.Background(), models.System("system"), appID)
	mustDo(t, err)
	return len(list)
}

// apiSession signs in through the API and returns a client that sends the
// CSRF token it was given.
func (e *env) apiSession(role string) *client {
	c := e.anonymous()
	res, out := c.json("POST", "/api/v1/session", e.loginBody(role))
	if res.StatusCode != http.StatusCreated {
		e.t.Fatalf("API login as %s: %d %v", role, res.StatusCode, out)
	}
	c.csrf, _ = out["csrf_token"].(string)
	return c
}

// TestScaleAndContractAPI: the scenario table, then the whole flow through
// the API: draft, indexation, update, diff, publish, a contract refused with
// figures, one generated, its PDF.
func TestScaleAndContractAPI(t *testing.T) {
	e, appID := newScaleEnv(t, store.SQLite)
	clients := map[string]*client{"": e.anonymous(), "clerk": e.apiSession("clerk"), "interviewer": e.apiSession("interviewer"), "admin": e.apiSession("admin")}
	scenarios := []struct {
		name, role, method, url string
		body                    any
		wantStatus              int
		wantContains            string
	}{
		{"anonymous list", "", "GET", "/api/v1/scales", nil, 401, "unauthenticated"},
		{"interviewer list", "interviewer", "GET", "/api/v1/scales", nil, 403, "scale.read"},
		{"clerk list", "clerk", "GET", "/api/v1/scales", nil, 200, "SEED VERSION"},
		{"in force on a date", "clerk", "GET", "/api/v1/scales/in-force?date=2025-01-01", nil, 200, `"monthly":"2070.48"`},
		{"none in force before the seed", "clerk", "GET", "/api/v1/scales/in-force?date=2020-01-01", nil, 404, "no_scale_in_force"},
		{"bad date", "clerk", "GET", "/api/v1/scales/in-force?date=yesterday", nil, 422, "invalid_date"},
		{"clerk drafting", "clerk", "POST", "/api/v1/scales", map[string]any{}, 403, "scale.publish"},
		{"editing the seed", "admin", "PUT", "/api/v1/scales/1", map[string]any{"source_note": "x"}, 409, "scale_version_published"},
		{"indexing the seed", "admin", "POST", "/api/v1/scales/1/indexation", map[string]any{"percent": 2}, 409, "scale_version_published"},
		{"unknown field", "admin", "POST", "/api/v1/scales", map[string]any{"from": 1}, 422, "unknown_field"},
		{"import as JSON", "admin", "POST", "/api/v1/scales/import", map[string]any{}, 422, "unsupported_media_type"},
		{"no such version", "clerk", "GET", "/api/v1/scales/999", nil, 404, "not_found"},
		{"contracts of no application", "clerk", "GET", "/api/v1/applications/999/contracts", nil, 404, "not_found"},
		{"admin generating", "admin", "POST", fmt.Sprintf("/api/v1/applications/%d/contracts", appID), map[string]any{}, 403, "contract.generate"},
	}
	for _, sc := range scenarios {
		res, body := clients[sc.role].do(sc.method, sc.url, jsonBody(sc.body), "application/json")
		if res.StatusCode != sc.wantStatus || !strings.Contains(body, sc.wantContains) {
			t.Errorf("%s: %d %.300s; want %d with %q", sc.name, res.StatusCode, body, sc.wantStatus, sc.wantContains)
		}
	}

	admin, clerk := clients["admin"], clients["clerk"]
	res, draft := admin.json("POST", "/api/v1/scales", nil)
	if res.StatusCode != http.StatusCreated || draft["status"] != "draft" || draft["based_on_id"] != float64(1) {
		t.Fatalf("draft: %d %v", res.StatusCode, draft)
	}
	id := int64(draft["id"].(float64))
	base := fmt.Sprintf("/api/v1/scales/%d", id)
	if res, out := admin.json("POST", base+"/indexation", map[string]any{}); res.StatusCode != 422 || !strings.Contains(mustJSON(out), "percent") {
		t.Errorf("indexation without percent: %d %v", res.StatusCode, out)
	}
	res, draft = admin.json("POST", base+"/indexation", map[string]any{"percent": 2})
	if res.StatusCode != http.StatusOK || !strings.Contains(mustJSON(draft["rates"]), `"monthly":"2111.89"`) {
		t.Fatalf("indexation: %d %v", res.StatusCode, draft["rates"])
	}
	draft["effective_date"] = "2026-03-02"
	draft["source_note"] = "Indexed by 2% for the API test"
	if res, out := admin.json("PUT", base, draft); res.StatusCode != http.StatusOK || out["effective_date"] != "2026-03-02" {
		t.Fatalf("update: %d %v", res.StatusCode, out)
	}
	res, diff := clerk.json("GET", base+"/diff", nil)
	if res.StatusCode != http.StatusOK || diff["changed"] != float64(8) || !strings.Contains(mustJSON(diff["rows"]), `"change":"+2.00%"`) {
		t.Errorf("diff: %d changed %v", res.StatusCode, diff["changed"])
	}
	if res, out := admin.json("POST", base+"/publish", nil); res.StatusCode != http.StatusConflict || out["code"] != models.CodeConfirmScalePublish {
		t.Fatalf("publish without confirmation: %d %v", res.StatusCode, out)
	}
	if res, out := admin.json("POST", base+"/publish", map[string]any{"confirm": true}); res.StatusCode != http.StatusOK || out["in_force"] != true || out["status"] != "published" {
		t.Fatalf("publish: %d %v", res.StatusCode, out)
	}
	if res, out := clerk.json("GET", "/api/v1/scales/in-force", nil); res.StatusCode != http.StatusOK || out["id"] != float64(id) {
		t.Errorf("in force after publishing: %v", out["id"])
	}
	res, csv := clerk.do("GET", base+"/csv", nil, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(csv, "rate,household,0,2111.89,12.83") {
		t.Errorf("csv: %d %s", res.StatusCode, csv)
	}
	res, imported := admin.do("POST", "/api/v1/scales/import", strings.NewReader(csv), "text/csv")
	if res.StatusCode != http.StatusCreated || !strings.Contains(imported, `"status":"draft"`) {
		t.Errorf("import: %d %s", res.StatusCode, imported)
	}

	terms := map[string]any{
		"language": "de", "second_language": "en", "start_date": "2026-03-02", "gross_monthly_salary": "2100.00",
		"board":             map[string]any{"breakfast": true, "lodging": true},
		"employer_function": "Erste Sekretärin", "employer_address": "Avenue Louise 231, 1050 Brüssel",
		"worker_address": "Avenue Louise 231, 1050 Brüssel", "workplace": "Avenue Louise 231, 1050 Brüssel",
		"duties": "Reinigung, Wäsche, Mahlzeiten", "place": "Brüssel", "days_per_week": 5,
		"rest_days": []string{"saturday", "sunday"}, "annual_leave_days": 20, "repatriation_to": "Hanoi, Vietnam",
	}
	cpath := fmt.Sprintf("/api/v1/applications/%d/contracts", appID)
	res, problem := clerk.json("POST", cpath, terms)
	figures, _ := problem["args"].(map[string]any)
	if res.StatusCode != 422 || problem["code"] != "salary_below_minimum" || figures["offered"] != "2100.00" ||
		figures["minimum"] != "2111.89" || figures["version_id"] != float64(id) || !strings.Contains(res.Header.Get("Content-Type"), "problem+json") {
		t.Fatalf("below the indexed minimum: %d %v", res.StatusCode, problem)
	}
	terms["gross_monthly_salary"] = "2200.00"
	res, ct := clerk.json("POST", cpath, terms)
	if res.StatusCode != http.StatusCreated || ct["scale_version_id"] != float64(id) || ct["minimum_monthly"] != "2111.89" ||
		ct["cash_paid"] == "2200.00" || ct["language"] != "de" {
		t.Fatalf("generate: %d %v", res.StatusCode, ct)
	}
	res, pdf := clerk.do("GET", ct["pdf_url"].(string), nil, "")
	sum := sha256.Sum256([]byte(pdf))
	if res.StatusCode != http.StatusOK || hex.EncodeToString(sum[:]) != ct["sha256"] {
		t.Errorf("pdf: %d", res.StatusCode)
	}
	if res, out := clients["interviewer"].json("GET", cpath, nil); res.StatusCode != http.StatusOK || len(out["contracts"].([]any)) != 1 {
		t.Errorf("list: %d %v", res.StatusCode, out)
	}
	res, again := clerk.do("POST", fmt.Sprintf("/api/v1/contracts/%v/reprint", ct["id"]), nil, "")
	if res.StatusCode != http.StatusOK || again != pdf || res.Header.Get("X-Reprint-Count") != "1" {
		t.Errorf("reprint: %d", res.StatusCode)
	}
	if res, out := clerk.json("GET", fmt.Sprintf("/api/v1/contracts/%v", ct["id"]), nil); res.StatusCode != http.StatusOK || out["reprint_count"] != float64(1) {
		t.Errorf("contract after a reprint: %v", out["reprint_count"])
	}
}

func jsonBody(v any) *strings.Reader {
	if v == nil {
		return strings.NewReader("")
	}
	return strings.NewReader(mustJSON(v))
}
