package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// Bad input gets a clear 4xx, never a 500 and never a hang (issue 10): a
// broken multipart body, non-finite or denormal numbers, an oversized
// sign-in, on every route that takes a body.

// badBody is a body no route should answer with a 5xx.
type badBody struct {
	name        string
	contentType string
	body        func(fields []string) string
}

// multipartHead is a valid multipart body's start, for truncating.
const boundary = "carddeskBoundary7MA4YWxk"

var badBodies = []badBody{
	{"multipart without a boundary", "multipart/form-data", func([]string) string { return "--x\r\ncontent\r\n" }},
	{"multipart truncated", "multipart/form-data; boundary=" + boundary, func([]string) string {
		return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\npassport\r\n--" + boundary +
			"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 trunc"
	}},
	{"multipart with a broken part header", "multipart/form-data; boundary=" + boundary, func([]string) string {
		return "--" + boundary + "\r\nContent-Disposition form-data name kind\r\n\r\nx\r\n--" + boundary + "--\r\n"
	}},
	{"multipart with no part", "multipart/form-data; boundary=" + boundary, func([]string) string { return "--" + boundary + "--\r\n" }},
	{"multipart that is not multipart", "multipart/form-data; boundary=" + boundary, func([]string) string { return "{\"email\": \"x\"}" }},
	{"JSON with a NaN literal", "application/json", func(fields []string) string { return jsonWith(fields, "NaN") }},
	{"JSON with 5e-324", "application/json", func(fields []string) string { return jsonWith(fields, "5e-324") }},
	{"JSON with 1e309", "application/json", func(fields []string) string { return jsonWith(fields, "1e309") }},
	{"JSON cut short", "application/json", func([]string) string { return `{"weekly_hours": 38, "email": "a` }},
	{"form of NaN", "application/x-www-form-urlencoded", func(fields []string) string { return formWith(fields, "NaN") }},
	{"form of 5e-324", "application/x-www-form-urlencoded", func(fields []string) string { return formWith(fields, "5e-324") }},
	{"form of Inf", "application/x-www-form-urlencoded", func(fields []string) string { return formWith(fields, "-Inf") }},
	{"form of 0x1p-1074", "application/x-www-form-urlencoded", func(fields []string) string { return formWith(fields, "0x1p-1074") }},
}

func jsonWith(fields []string, literal string) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = fmt.Sprintf("%q: %s", f, literal)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func formWith(fields []string, value string) string {
	v := url.Values{}
	for _, f := range fields {
		v.Set(f, value)
	}
	return v.Encode()
}

// requestFields lists the top-level member names of a request type.
func requestFields(req any) []string {
	if req == nil {
		return []string{"weekly_hours", "email", "name", "hours"}
	}
	t := reflect.TypeOf(req)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []string
	for i := 0; i < t.NumField(); i++ {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// everyRole signs in an account holding every role, so that each route's
// permission lets the body through to its binder.
func everyRole(e *env) *client {
	_, _, err := e.store.Users.Create(context.Background(), system, models.NewUser{Email: "every@example.be", Name: "Every Role",
		Roles: models.Roles}, testPassword)
	mustDo(e.t, err)
	return e.as("every")
}

var pathParam = regexp.MustCompile(`:\w+`)

// TestBadBodiesNeverFail sends every bad body to every route that takes a
// body, on records that exist, as an account that holds every permission:
// each answer is below 500 and comes within seconds; an API refusal is a
// problem document.
func TestBadBodiesNeverFail(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e, _ := newScaleEnv(t, engine) // a mission, employer, worker, employment and application, each id 1
			c := everyRole(e)
			tried, statuses := 0, map[int]int{}
			for _, r := range e.app.Routes() {
				if r.Method == http.MethodGet || strings.Contains(r.Path, "logout") || strings.HasSuffix(r.Path, "/session") ||
					strings.Contains(r.Path, "password") {
					continue // ending the session would leave the rest unauthenticated
				}
				path := pathParam.ReplaceAllString(r.Path, "1")
				fields := requestFields(r.Request)
				for _, b := range badBodies {
					text := b.body(fields)
					if b.contentType == "application/x-www-form-urlencoded" {
						text += "&_csrf=" + url.QueryEscape(c.csrf) // past the CSRF check, to the binder
					}
					start := time.Now()
					res, body := c.do(r.Method, path, strings.NewReader(text), b.contentType)
					tried++
					statuses[res.StatusCode]++
					if res.StatusCode >= 500 {
						t.Errorf("%s %s, %s: %d %.300s", r.Method, r.Path, b.name, res.StatusCode, body)
					}
					if d := time.Since(start); d > 5*time.Second {
						t.Errorf("%s %s, %s: answered in %s", r.Method, r.Path, b.name, d)
					}
					if strings.HasPrefix(r.Path, "/api/") && res.StatusCode >= 400 && res.Header.Get("Content-Type") != "application/problem+json" {
						t.Errorf("%s %s, %s: %d as %s", r.Method, r.Path, b.name, res.StatusCode, res.Header.Get("Content-Type"))
					}
				}
			}
			// Most reach a binder or a rule: refused as input (422) or by
			// the record's state (409, an action without a body on a
			// version already published), not merely as unknown (404) or
			// forbidden (403).
			if reached := statuses[http.StatusUnprocessableEntity] + statuses[http.StatusConflict]; tried < 500 || reached < tried*2/3 {
				t.Errorf("%d requests tried, answers %v", tried, statuses)
			}
			t.Logf("%d bad bodies, answers %v", tried, statuses)
		})
	}
}

// TestBadInputScenarios: the cases of the issue, each with the answer a
// person can act on.
func TestBadInputScenarios(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e, appID := newScaleEnv(t, engine)
			clerk, admin := e.apiSession("clerk"), e.apiSession("admin")
			page := e.as("clerk")
			var workerID int64
			mustDo(t, e.store.DB().Raw("SELECT id FROM workers ORDER BY id LIMIT 1").Row().Scan(&workerID))
			docs := fmt.Sprintf("/api/v1/applications/%d/documents", appID)
			jobs := fmt.Sprintf("/api/v1/workers/%d/employments", workerID)
			mb := strings.Repeat("a", 1<<20) + "@example.be"
			job := func(hours string) string {
				return `{"employer_id": 1, "starts_on": "2026-02-01", "job_category": "household", "weekly_hours": ` + hours + `, "live_in": true}`
			}
			for _, sc := range []struct {
				name, method, path, contentType, body string
				c                                     *client
				status                                int
				code, field                           string
			}{
				{"multipart without a boundary", "POST", docs, "multipart/form-data", "--x\r\n", clerk, 422, "bad_request", ""},
				{"multipart truncated", "POST", docs, "multipart/form-data; boundary=" + boundary, badBodies[1].body(nil), clerk, 422, "bad_request", ""},
				{"multipart with no part", "POST", docs, "multipart/form-data; boundary=" + boundary, "--" + boundary + "--\r\n", clerk, 422, "invalid_input", "file"},
				{"weekly hours NaN (JSON)", "POST", jobs, "application/json", job("NaN"), clerk, 422, "bad_json", ""},
				{"weekly hours 5e-324 (JSON)", "POST", jobs, "application/json", job("5e-324"), clerk, 422, "invalid_input", "weekly_hours"},
				{"weekly hours 1e309 (JSON)", "POST", jobs, "application/json", job("1e309"), clerk, 422, "invalid_input", "weekly_hours"},
				{"weekly hours NaN (JSON string)", "POST", jobs, "application/json", job(`"NaN"`), clerk, 422, "invalid_input", "weekly_hours"},
				{"weekly hours NaN (form)", "POST", fmt.Sprintf("/workers/%d/employments", workerID), "application/x-www-form-urlencoded",
					"employer_id=1&starts_on=2026-02-01&job_category=household&weekly_hours=NaN", page, 422, "", "weekly_hours"},
				{"weekly hours 5e-324 (form)", "POST", fmt.Sprintf("/workers/%d/employments", workerID), "application/x-www-form-urlencoded",
					"employer_id=1&starts_on=2026-02-01&job_category=household&weekly_hours=5e-324", page, 422, "", "weekly_hours"},
				{"1 MB e-mail at sign-in (API)", "POST", "/api/v1/session", "application/json",
					`{"email": "` + mb + `", "password": "x"}`, e.anonymous(), 422, "too_large", ""},
				{"1 MB e-mail at sign-in (form)", "POST", "/login", "application/x-www-form-urlencoded",
					url.Values{"email": {mb}, "password": {"x"}}.Encode(), e.anonymous(), 422, "", ""},
				{"scale CSV with bytes that are not UTF-8", "POST", "/api/v1/scales/import", "text/csv",
					"format,carddesk-salary-scale,1\neffective_date,2027-01-01\nreference_weekly_hours,38\ndeduction_cap_percent,20\n" +
						"whole_dwelling_cap_percent,40\nsource_note,JC \xff\xfe 323\nboard,breakfast,0.55\nboard,midday,1.09\nboard,evening,0.84\n" +
						"board,lodging,0.74\ncategory,cleaning,Cleaning\nrate,cleaning,0,2100.00,12.75\n", admin, 422, "invalid_input", "file"},
				{"300-character e-mail at sign-in (API)", "POST", "/api/v1/session", "application/json",
					`{"email": "` + strings.Repeat("a", 300) + `@example.be", "password": "x"}`, e.anonymous(), 422, "invalid_input", "email"},
			} {
				t.Run(sc.name, func(t *testing.T) {
					body := sc.body
					if sc.path == "/login" || strings.HasPrefix(sc.path, "/workers/") {
						body += "&_csrf=" + url.QueryEscape(sc.c.csrf)
					}
					start := time.Now()
					res, text := sc.c.do(sc.method, sc.path, strings.NewReader(body), sc.contentType)
					if d := time.Since(start); d > 5*time.Second {
						t.Errorf("answered in %s", d)
					}
					if res.StatusCode != sc.status {
						t.Fatalf("status %d, want %d: %.400s", res.StatusCode, sc.status, text)
					}
					if !strings.HasPrefix(sc.path, "/api/") {
						if sc.field != "" && !strings.Contains(text, `id="`+sc.field+`-error"`) {
							t.Errorf("no message next to %s: %.2000s", sc.field, mainOf(text))
						}
						return
					}
					var p map[string]any
					if err := json.Unmarshal([]byte(text), &p); err != nil || p["code"] != sc.code {
						t.Fatalf("problem %v (%v), want code %s", p, err, sc.code)
					}
					if sc.field != "" {
						if fe := fieldErrors(p); fe[sc.field] == "" {
							t.Errorf("no error on %s: %v", sc.field, p)
						}
					}
				})
			}
			// Nothing was stored by any of them.
			var jobsStored, docsStored int64
			mustDo(t, e.store.DB().Table("employments").Count(&jobsStored).Error)
			mustDo(t, e.store.DB().Table("documents").Count(&docsStored).Error)
			if jobsStored != 1 || docsStored != 0 {
				t.Errorf("%d employments (want the one of the set-up), %d documents stored", jobsStored, docsStored)
			}
		})
	}
}
