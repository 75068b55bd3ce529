package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

func init() {
	expectRoutes(map[string]models.Permission{
		"GET /login/two-factor":                   app.Public,
		"POST /login/two-factor":                  app.Public,
		"GET /login/two-factor/enrol":             app.Public,
		"GET /login/two-factor/enrol/qr.png":      app.Public,
		"POST /login/two-factor/enrol":            app.Public,
		"GET /account/two-factor":                 models.PermAuthenticated,
		"GET /account/two-factor/qr.png":          models.PermAuthenticated,
		"POST /account/two-factor":                models.PermAuthenticated,
		"GET /admin/two-factor":                   models.PermUserManage,
		"GET /api/v1/two-factor":                  models.PermUserManage,
		"POST /admin/two-factor":                  models.PermUserManage,
		"PUT /api/v1/two-factor/policy":           models.PermUserManage,
		"POST /admin/users/:id/two-factor/reset":  models.PermUserManage,
		"POST /api/v1/users/:id/two-factor/reset": models.PermUserManage,
	})
}

func findCookie(res *http.Response, name string) *http.Cookie {
	for _, ck := range res.Cookies() {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

var recoveryCodeRE = regexp.MustCompile(`<li><code>([0-9A-Z-]{19})</code></li>`)

// TestTwoFactorPages: a clerk (not required) sets up the app from their own
// page (QR code on its own route, the secret in text), then signs in in two
// steps: no session before the code, a wrong code refused on the page, the
// right code lands on next, the same code refused again (replay), a
// recovery code once.
func TestTwoFactorPages(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			clerk := e.as("clerk")
			res, page := clerk.get("/account/two-factor")
			m := totpSecretRE.FindStringSubmatch(page)
			if res.StatusCode != 200 || m == nil || !strings.Contains(page, `src="/account/two-factor/qr.png"`) {
				t.Fatalf("enrolment page: %d %.2000s", res.StatusCode, mainOf(page))
			}
			secret := strings.ReplaceAll(m[1], " ", "")
			res, png := clerk.get("/account/two-factor/qr.png")
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(png, "\x89PNG") ||
				res.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("QR code: %d %s %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
			}
			if csp := res.Header.Get("Content-Security-Policy"); strings.Contains(csp, "data:") {
				t.Errorf("the QR code route exists because img-src refuses data:; CSP now %q", csp)
			}
			res, page = clerk.postForm("/account/two-factor", url.Values{"code": {"000000"}})
			if res.StatusCode != 200 || !strings.Contains(page, "This code is not valid") || !strings.Contains(page, secret[:4]) {
				t.Fatalf("wrong first code: %d %.1500s", res.StatusCode, mainOf(page))
			}
			e.mu.Lock()
			e.secrets["clerk@example.be"] = secret
			e.mu.Unlock()
			res, page = clerk.postForm("/account/two-factor", url.Values{"code": {e.totpCode("clerk@example.be")}})
			codes := recoveryCodeRE.FindAllStringSubmatch(page, -1)
			if res.StatusCode != 200 || len(codes) != models.RecoveryCodes {
				t.Fatalf("confirmation: %d, %d recovery codes: %.1500s", res.StatusCode, len(codes), mainOf(page))
			}
			if res, page = clerk.get("/account/two-factor"); !strings.Contains(page, `id="totp-status"`) || !strings.Contains(page, "Recovery codes left: 10") {
				t.Errorf("own page once enrolled: %d %.800s", res.StatusCode, mainOf(page))
			}

			// Signing in: the password opens no session, only the challenge.
			b := e.anonymous()
			res, _ = b.postForm("/login", url.Values{"email": {"clerk@example.be"}, "password": {testPassword}, "next": {"/workers"}})
			if res.StatusCode != 303 || res.Header.Get("Location") != "/login/two-factor?next=%2Fworkers" {
				t.Fatalf("after the password: %d %q", res.StatusCode, res.Header.Get("Location"))
			}
			ck := findCookie(res, "carddesk_signin")
			if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || findCookie(res, "carddesk_session") != nil {
				t.Fatalf("cookies after the password: %v", res.Cookies())
			}
			for _, path := range []string{"/", "/workers", "/account/two-factor"} {
				if res, _ := b.get(path); res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
					t.Errorf("%s before the code: %d %q", path, res.StatusCode, res.Header.Get("Location"))
				}
			}
			if res, body := b.json("GET", "/api/v1/me", nil); res.StatusCode != 401 {
				t.Errorf("API before the code: %d %v", res.StatusCode, body)
			}
			res, page = b.get("/login/two-factor?next=%2Fworkers")
			if res.StatusCode != 200 || !strings.Contains(page, `autocomplete="one-time-code"`) || !strings.Contains(page, `value="/workers"`) {
				t.Fatalf("code page: %d %.1000s", res.StatusCode, mainOf(page))
			}
			res, page = b.postForm("/login/two-factor", url.Values{"code": {"123456"}, "next": {"/workers"}})
			if res.StatusCode != 200 || !strings.Contains(page, "This code is not valid") {
				t.Fatalf("wrong code: %d %.1000s", res.StatusCode, mainOf(page))
			}
			code := e.totpCode("clerk@example.be")
			res, _ = b.postForm("/login/two-factor", url.Values{"code": {code}, "next": {"/workers"}})
			if res.StatusCode != 303 || res.Header.Get("Location") != "/workers" || findCookie(res, "carddesk_session") == nil {
				t.Fatalf("right code: %d %q %v", res.StatusCode, res.Header.Get("Location"), res.Cookies())
			}
			if res, _ := b.get("/workers"); res.StatusCode != 200 {
				t.Errorf("signed in: %d", res.StatusCode)
			}
			// The challenge is spent: its page sends back to the login page.
			if res, _ := b.get("/login/two-factor"); res.Header.Get("Location") != "/login?expired=1" {
				t.Errorf("spent challenge: %d %q", res.StatusCode, res.Header.Get("Location"))
			}
			if _, page := e.anonymous().get("/login?expired=1"); !strings.Contains(page, "This sign-in has expired") {
				t.Error("the login page does not say the sign-in expired")
			}

			// Replay: the same code again, through the API.
			api := e.anonymous()
			res, body := api.json("POST", "/api/v1/session", map[string]string{"email": "clerk@example.be", "password": testPassword, "totp_code": code})
			assertProblem(t, res, body, 401, "totp_invalid")

			// A recovery code, once.
			rc := codes[2][1]
			for i, want := range []int{303, 200} {
				c := e.anonymous()
				c.postForm("/login", url.Values{"email": {"clerk@example.be"}, "password": {testPassword}})
				res, page := c.postForm("/login/two-factor", url.Values{"code": {strings.ToLower(rc)}})
				if res.StatusCode != want || (want == 200 && !strings.Contains(page, "This code is not valid")) {
					t.Errorf("recovery code, use %d: %d %.500s", i+1, res.StatusCode, mainOf(page))
				}
			}
		})
	}
}

// TestTwoFactorAPI: the JSON API takes the code with the password, with
// problem documents totp_required, totp_invalid, totp_enrolment_required;
// the admins' requirement per role and reset (audited, not one's own).
func TestTwoFactorAPI(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			c := e.anonymous()
			res, body := c.json("POST", "/api/v1/session", map[string]string{"email": "admin@example.be", "password": testPassword})
			assertProblem(t, res, body, 401, "totp_required")
			res, body = c.json("POST", "/api/v1/session", map[string]string{"email": "admin@example.be", "password": testPassword, "totp_code": "12345x"})
			assertProblem(t, res, body, 401, "totp_invalid")
			res, body = c.json("POST", "/api/v1/session", map[string]string{"email": "admin@example.be", "password": "wrong", "totp_code": e.totpCode("admin@example.be")})
			assertProblem(t, res, body, 401, "invalid_credentials")

			admin := e.apiSession("admin")
			res, body = admin.json("GET", "/api/v1/two-factor", nil)
			if res.StatusCode != 200 || !strings.Contains(mustJSON(body), `"required":true,"role":"interviewer"`) {
				t.Fatalf("overview: %d %v", res.StatusCode, body)
			}
			// A new interviewer: required by the role, not enrolled.
			u, _, err := e.store.Users.Create(t.Context(), system, models.NewUser{Email: "new@example.be", Name: "New", Roles: []models.Role{models.RoleInterviewer}}, testPassword)
			mustDo(t, err)
			res, body = c.json("POST", "/api/v1/session", map[string]string{"email": "new@example.be", "password": testPassword})
			assertProblem(t, res, body, 403, "totp_enrolment_required")

			res, body = admin.json("PUT", "/api/v1/two-factor/policy", map[string]any{"required": []string{"admin", "pilot"}})
			assertProblem(t, res, body, 422, "invalid_input")
			res, body = admin.json("PUT", "/api/v1/two-factor/policy", map[string]any{"required": []string{"admin"}})
			if res.StatusCode != 200 || !strings.Contains(mustJSON(body), `"required":false,"role":"interviewer"`) {
				t.Fatalf("policy: %d %v", res.StatusCode, body)
			}
			if res, body := c.json("POST", "/api/v1/session", map[string]string{"email": "new@example.be", "password": testPassword}); res.StatusCode != 201 {
				t.Errorf("interviewers no longer required: %d %v", res.StatusCode, body)
			}

			// Reset: the interviewer's enrolment (from the harness).
			iv := e.users["interviewer"].ID
			path := "/api/v1/users/" + itoa64(iv) + "/two-factor/reset"
			res, body = admin.json("POST", path, map[string]string{"reason": ""})
			assertProblem(t, res, body, 422, "invalid_input")
			res, body = admin.json("POST", "/api/v1/users/"+itoa64(e.users["admin"].ID)+"/two-factor/reset", map[string]string{"reason": "test"})
			assertProblem(t, res, body, 409, "cannot_reset_own_totp")
			res, body = e.apiSession("clerk").json("POST", path, map[string]string{"reason": "test"})
			assertProblem(t, res, body, 403, "forbidden")
			ivSession := e.as("interviewer")
			res, body = admin.json("POST", path, map[string]string{"reason": "phone lost"})
			if res.StatusCode != 200 || body["enrolled"] != false {
				t.Fatalf("reset: %d %v", res.StatusCode, body)
			}
			if res, _ := ivSession.get("/"); res.StatusCode != 303 {
				t.Errorf("the interviewer's session survived the reset: %d", res.StatusCode)
			}
			res, body = admin.json("GET", "/api/v1/audit?action="+models.AuditTOTPReset, nil)
			if res.StatusCode != 200 || !strings.Contains(mustJSON(body), "phone lost") {
				t.Errorf("reset not audited: %v", body)
			}
			_ = u
		})
	}
}

// TestTwoFactorConfinedToEnrolment: an interviewer without a second factor
// gets, after the password, the enrolment page and nothing else; confirming
// it opens the session and shows the recovery codes; a one-time password
// then still has to be changed. Wrong codes are throttled with passwords.
func TestTwoFactorConfinedToEnrolment(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			_, oneTime, err := e.store.Users.Create(t.Context(), system, models.NewUser{Email: "new@example.be", Name: "New", Roles: []models.Role{models.RoleInterviewer}}, "")
			mustDo(t, err)
			c := e.anonymous()
			res, _ := c.postForm("/login", url.Values{"email": {"new@example.be"}, "password": {oneTime}})
			if res.StatusCode != 303 || res.Header.Get("Location") != "/login/two-factor/enrol" {
				t.Fatalf("after the password: %d %q", res.StatusCode, res.Header.Get("Location"))
			}
			for _, path := range []string{"/", "/interviews", "/password", "/account/two-factor", "/login/two-factor"} {
				res, _ := c.get(path)
				if loc := res.Header.Get("Location"); res.StatusCode != 303 || !strings.HasPrefix(loc, "/login") || path == "/login/two-factor" && loc != "/login/two-factor/enrol" {
					t.Errorf("%s while confined to enrolment: %d %q", path, res.StatusCode, loc)
				}
			}
			res, page := c.get("/login/two-factor/enrol")
			m := totpSecretRE.FindStringSubmatch(page)
			if res.StatusCode != 200 || m == nil || !strings.Contains(page, `src="/login/two-factor/enrol/qr.png"`) || !strings.Contains(page, "Your role requires a second factor") {
				t.Fatalf("enrolment page: %d %.1500s", res.StatusCode, mainOf(page))
			}
			if res, png := c.get("/login/two-factor/enrol/qr.png"); res.StatusCode != 200 || !strings.HasPrefix(png, "\x89PNG") {
				t.Errorf("QR code: %d", res.StatusCode)
			}
			if res, _ := e.anonymous().get("/login/two-factor/enrol/qr.png"); res.StatusCode != 409 {
				t.Errorf("QR code without a sign-in: %d", res.StatusCode)
			}
			e.mu.Lock()
			e.secrets["new@example.be"] = strings.ReplaceAll(m[1], " ", "")
			e.mu.Unlock()
			res, page = c.postForm("/login/two-factor/enrol", url.Values{"code": {e.totpCode("new@example.be")}})
			if res.StatusCode != 200 || len(recoveryCodeRE.FindAllString(page, -1)) != 10 || !strings.Contains(page, `href="/password"`) ||
				findCookie(res, "carddesk_session") == nil {
				t.Fatalf("confirmation: %d %.1500s", res.StatusCode, mainOf(page))
			}
			if res, _ := c.get("/"); res.StatusCode != 303 || res.Header.Get("Location") != "/password" {
				t.Errorf("one-time password after enrolment: %d %q", res.StatusCode, res.Header.Get("Location"))
			}
			// The recovery page is the new session's: its forms carry that
			// session's CSRF token (signing out from it works).
			if m := csrfInput.FindStringSubmatch(page); m == nil {
				t.Error("no CSRF token on the recovery page")
			} else if res, _ := c.postForm("/logout", url.Values{"_csrf": {m[1]}}); res.StatusCode != 303 || res.Header.Get("Location") != "/login" {
				t.Errorf("sign out from the recovery page: %d %q", res.StatusCode, res.Header.Get("Location"))
			}

			// Throttled like passwords: five wrong codes, then even the right
			// one waits.
			t2 := e.anonymous()
			t2.postForm("/login", url.Values{"email": {"admin@example.be"}, "password": {testPassword}})
			for range 5 {
				t2.postForm("/login/two-factor", url.Values{"code": {"000000"}})
			}
			res, page = t2.postForm("/login/two-factor", url.Values{"code": {e.totpCode("admin@example.be")}})
			if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" {
				t.Errorf("after five wrong codes: %d %.500s", res.StatusCode, mainOf(page))
			}
		})
	}
}
