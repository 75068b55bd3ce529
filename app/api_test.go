package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestAPIScenarios covers the JSON API: login, CSRF with sessions, bearer
// tokens, problem documents with stable codes and field errors.
func TestAPIScenarios(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			c := e.anonymous()
			c.csrf = ""

			res, body := c.json("GET", "/api/v1/me", nil)
			assertProblem(t, res, body, 401, "unauthenticated")

			res, body = c.json("POST", "/api/v1/session", map[string]string{"email": "admin@example.be", "password": "wrong"})
			assertProblem(t, res, body, 401, "invalid_credentials")
			res, body2 := c.json("POST", "/api/v1/session", map[string]string{"email": "nobody@example.be", "password": "wrong"})
			assertProblem(t, res, body2, 401, "invalid_credentials")
			if body["detail"] != body2["detail"] {
				t.Errorf("unknown account and wrong password answer differently: %v / %v", body["detail"], body2["detail"])
			}

			res, body = c.json("POST", "/api/v1/session", map[string]any{"email": "admin@example.be", "password": testPassword, "remember": true})
			assertProblem(t, res, body, 422, "invalid_input")
			if fe := fieldErrors(body); fe["remember"] != "unknown_field" {
				t.Errorf("unknown field not reported: %v", body)
			}

			res, body = c.json("POST", "/api/v1/session", e.loginBody("admin"))
			if res.StatusCode != 201 {
				t.Fatalf("login: %d %v", res.StatusCode, body)
			}
			csrf, _ := body["csrf_token"].(string)
			if csrf == "" {
				t.Fatal("login returned no csrf_token")
			}

			res, body = c.json("GET", "/api/v1/me", nil)
			if res.StatusCode != 200 || !slices.Contains(toStrings(body["permissions"]), "user.manage") {
				t.Fatalf("me: %d %v", res.StatusCode, body)
			}

			newUser := map[string]any{"email": "api.user@example.be", "name": "Api User", "roles": []string{"interviewer"}}
			res, body = c.json("POST", "/api/v1/users", newUser)
			assertProblem(t, res, body, 403, "csrf_failed")

			c.csrf = csrf
			res, body = c.json("POST", "/api/v1/users", map[string]any{"email": "bad", "name": "", "roles": []string{"pilot"}})
			assertProblem(t, res, body, 422, "invalid_input")
			fe := fieldErrors(body)
			if fe["email"] != "invalid_email" || fe["name"] != "required" || fe["roles"] != "invalid_role" {
				t.Errorf("field errors: %v", fe)
			}
			res, body = c.json("POST", "/api/v1/users", newUser)
			if res.StatusCode != 201 || body["one_time_password"] == "" {
				t.Fatalf("create user: %d %v", res.StatusCode, body)
			}
			res, body = c.json("GET", "/api/v1/users", nil)
			if res.StatusCode != 200 || !strings.Contains(mustJSON(body), "api.user@example.be") {
				t.Errorf("list users: %d", res.StatusCode)
			}

			res, body = c.json("GET", "/api/v1/audit?action=user.created&limit=5", nil)
			if res.StatusCode != 200 || !strings.Contains(mustJSON(body), "user.created") || strings.Contains(mustJSON(body), "auth.login") {
				t.Errorf("audit filter: %d %v", res.StatusCode, body)
			}
			res, body = c.json("GET", "/api/v1/audit?from=last-week", nil)
			assertProblem(t, res, body, 422, "invalid_input")

			// A clerk's token gets 403 on admin routes, 200 on its own.
			secret, _, err := e.store.Auth.CreateToken(context.Background(), system, "clerk@example.be", "test")
			if err != nil {
				t.Fatal(err)
			}
			tc := e.anonymous()
			tc.csrf = ""
			for _, tt := range []struct {
				method, path string
				want         int
			}{{"GET", "/api/v1/me", 200}, {"GET", "/api/v1/users", 403}, {"GET", "/api/v1/audit", 403}, {"POST", "/api/v1/users", 403}} {
				req, _ := http.NewRequest(tt.method, e.srv.URL+tt.path, strings.NewReader("{}"))
				req.Header.Set("Authorization", "Bearer "+secret)
				req.Header.Set("Content-Type", "application/json")
				r, err := tc.http.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				r.Body.Close()
				if r.StatusCode != tt.want {
					t.Errorf("token %s %s: %d, want %d", tt.method, tt.path, r.StatusCode, tt.want)
				}
			}
			req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer cdk_forged")
			r, _ := tc.http.Do(req)
			r.Body.Close()
			if r.StatusCode != 401 {
				t.Errorf("forged token: %d", r.StatusCode)
			}

			res, _ = c.json("DELETE", "/api/v1/session", nil)
			if res.StatusCode != 204 {
				t.Errorf("logout: %d", res.StatusCode)
			}
			res, body = c.json("GET", "/api/v1/me", nil)
			assertProblem(t, res, body, 401, "unauthenticated")
		})
	}
}

func assertProblem(t *testing.T, res *http.Response, body map[string]any, status int, code string) {
	t.Helper()
	if res.StatusCode != status || body["code"] != code || res.Header.Get("Content-Type") != "application/problem+json" ||
		body["status"] != float64(status) || body["type"] != "urn:carddesk:problem:"+code {
		t.Errorf("want %d problem %q, got %d %s %v", status, code, res.StatusCode, res.Header.Get("Content-Type"), body)
	}
}

func fieldErrors(body map[string]any) map[string]string {
	out := map[string]string{}
	list, _ := body["errors"].([]any)
	for _, x := range list {
		m, _ := x.(map[string]any)
		out[m["field"].(string)] = m["code"].(string)
	}
	return out
}

func toStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		out = append(out, x.(string))
	}
	return out
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestOpenAPIMatchesRoutes fails when an API route is missing from the
// OpenAPI document, or the document describes a route that does not exist.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newEnv(t, store.SQLite)
	res, body := e.anonymous().get("/api/v1/openapi.json")
	if res.StatusCode != 200 {
		t.Fatal(res.StatusCode)
	}
	doc, err := openapi3.NewLoader().LoadFromData([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("OpenAPI document invalid: %v", err)
	}
	param := regexp.MustCompile(`\{(\w+)\}`)
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+param.ReplaceAllString(path, ":$1")] = true
		}
	}
	routed := map[string]bool{}
	for _, r := range e.app.Routes() {
		if strings.HasPrefix(r.Path, "/api/") {
			routed[r.Method+" "+r.Path] = true
			if !documented[r.Method+" "+r.Path] {
				t.Errorf("route %s %s is not in openapi.json", r.Method, r.Path)
			}
		}
	}
	for k := range documented {
		if !routed[k] {
			t.Errorf("openapi.json describes %s, which is not routed", k)
		}
	}
}

// TestSecurityHeaders checks the headers every page carries.
func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, store.SQLite)
	res, _ := e.anonymous().get("/login")
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "same-origin",
		"Cache-Control":           "no-store",
		"X-Request-Id":            "",
	} {
		got := res.Header.Get(h)
		if got == "" || !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to contain %q", h, got, want)
		}
	}
	var session *http.Cookie
	c := e.anonymous()
	r := c.signIn("admin@example.be", testPassword) // through the second factor
	for _, ck := range r.Cookies() {
		if ck.Name == "carddesk_session" {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
		t.Errorf("session cookie: %+v", session)
	}
}

// TestReadyAndMetrics: /readyz reflects the database; the Prometheus metrics
// are not on the main address (anyone could read the volumes of each route)
// but on the metrics handler, which serve puts on CARDDESK_METRICS_ADDR.
func TestReadyAndMetrics(t *testing.T) {
	e := newEnv(t, store.SQLite)
	c := e.anonymous()
	if res, body := c.get("/readyz"); res.StatusCode != 200 || !strings.Contains(body, "ready") {
		t.Errorf("readyz: %d %s", res.StatusCode, body)
	}
	for _, who := range []string{"", "admin"} {
		if res, body := e.as(who).get("/metrics"); res.StatusCode != http.StatusNotFound || strings.Contains(body, "carddesk_http_requests_total") {
			t.Errorf("/metrics on the main address, signed in as %q: %d %.200s", who, res.StatusCode, body)
		}
	}
	metrics := httptest.NewServer(e.app.MetricsHandler())
	defer metrics.Close()
	res, err := http.Get(metrics.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `carddesk_http_requests_total{method="GET",route="/readyz",status="200"} 1`) {
		t.Errorf("metrics: %d %.500s", res.StatusCode, body)
	}
	if res, err := http.Get(metrics.URL + "/login"); err != nil || res.StatusCode != http.StatusNotFound {
		t.Errorf("the metrics address serves only /metrics: %v %v", res.StatusCode, err)
	}
	e.store.Close()
	if res, _ := c.get("/readyz"); res.StatusCode != 503 {
		t.Errorf("readyz with the database closed: %d", res.StatusCode)
	}
}

var _ = models.RoleAdmin
