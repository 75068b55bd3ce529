package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestPageScenarios runs the web pages' main paths against the real router
// and a real database, on every engine available.
func TestPageScenarios(t *testing.T) {
	type scenario struct {
		name         string
		role         string
		method, path string
		form         url.Values
		wantStatus   int
		wantLocation string
		wantContains []string
		wantMissing  []string
	}
	scenarios := []scenario{
		{name: "anonymous home redirects to login", method: "GET", path: "/", wantStatus: 303, wantLocation: "/login"},
		{name: "anonymous admin page keeps the target", method: "GET", path: "/admin/users", wantStatus: 303, wantLocation: "/login?next=%2Fadmin%2Fusers"},
		{name: "login page", method: "GET", path: "/login", wantStatus: 200, wantContains: []string{`<form method="post" action="/login"`, `autocomplete="current-password"`, `<main id="main"`}},
		{name: "wrong password", method: "POST", path: "/login", form: url.Values{"email": {"clerk@example.be"}, "password": {"nope"}},
			wantStatus: 200, wantContains: []string{"E-mail address or password is not correct.", `value="clerk@example.be"`}},
		{name: "unknown account gets the same answer", method: "POST", path: "/login", form: url.Values{"email": {"nobody@example.be"}, "password": {"nope"}},
			wantStatus: 200, wantContains: []string{"E-mail address or password is not correct."}},
		{name: "login redirects to next", method: "POST", path: "/login", form: url.Values{"email": {"clerk@example.be"}, "password": {testPassword}, "next": {"/admin/audit"}},
			wantStatus: 303, wantLocation: "/admin/audit"},
		{name: "login refuses an open redirect", method: "POST", path: "/login", form: url.Values{"email": {"clerk@example.be"}, "password": {testPassword}, "next": {"//evil.example/"}},
			wantStatus: 303, wantLocation: "/"},
		{name: "clerk home", role: "clerk", method: "GET", path: "/", wantStatus: 200, wantContains: []string{"Welcome, Test clerk", "card.issue"}, wantMissing: []string{`href="/admin/users"`}},
		{name: "admin home shows admin sections", role: "admin", method: "GET", path: "/", wantStatus: 200, wantContains: []string{`href="/admin/users"`, `href="/admin/audit"`}},
		{name: "clerk forbidden on admin page", role: "clerk", method: "GET", path: "/admin/users", wantStatus: 403, wantContains: []string{"This is for: Administrator"}, wantMissing: []string{"user.manage"}},
		{name: "interviewer forbidden on audit", role: "interviewer", method: "GET", path: "/admin/audit", wantStatus: 403},
		{name: "admin lists users", role: "admin", method: "GET", path: "/admin/users", wantStatus: 200, wantContains: []string{"clerk@example.be", "interviewer@example.be"}},
		{name: "create user with mistakes keeps values", role: "admin", method: "POST", path: "/admin/users",
			form:       url.Values{"email": {"not-an-address"}, "name": {"Nadia Haddad"}, "roles": {"interviewer"}},
			wantStatus: 422, wantContains: []string{`value="Nadia Haddad"`, `value="not-an-address"`, "Enter an e-mail address like", `value="interviewer" checked`}},
		{name: "create user without role", role: "admin", method: "POST", path: "/admin/users",
			form: url.Values{"email": {"n.haddad@example.be"}, "name": {"Nadia Haddad"}}, wantStatus: 422, wantContains: []string{"Choose at least one role."}},
		{name: "create user shows one-time password", role: "admin", method: "POST", path: "/admin/users",
			form:       url.Values{"email": {"n.haddad@example.be"}, "name": {"Nadia Haddad"}, "roles": {"interviewer", "clerk"}},
			wantStatus: 201, wantContains: []string{`id="one-time-password"`, "n.haddad@example.be"}},
		{name: "duplicate e-mail refused", role: "admin", method: "POST", path: "/admin/users",
			form: url.Values{"email": {"Clerk@Example.be"}, "name": {"Someone"}, "roles": {"clerk"}}, wantStatus: 422, wantContains: []string{"already exists"}},
		{name: "audit page filters by action", role: "admin", method: "GET", path: "/admin/audit?action=auth.", wantStatus: 200, wantContains: []string{"auth.login"}, wantMissing: []string{"user.created"}},
		{name: "audit page bad date", role: "admin", method: "GET", path: "/admin/audit?from=yesterday", wantStatus: 422, wantContains: []string{"YYYY-MM-DD", `value="yesterday"`}},
		{name: "French from Accept-Language", method: "GET", path: "/login", wantStatus: 200, wantContains: []string{`<html lang="fr">`, "Connexion"}},
		{name: "password mismatch", role: "clerk", method: "POST", path: "/password",
			form:       url.Values{"current_password": {testPassword}, "new_password": {"another long password"}, "confirm_password": {"different long password"}},
			wantStatus: 422, wantContains: []string{"The two new passwords differ."}, wantMissing: []string{"another long password"}},
		{name: "form without CSRF token refused", role: "admin", method: "POST", path: "/admin/users",
			form: url.Values{"_csrf": {"forged"}, "email": {"x@example.be"}, "name": {"X"}, "roles": {"clerk"}}, wantStatus: 403},
	}
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			for _, sc := range scenarios {
				t.Run(sc.name, func(t *testing.T) {
					c := e.as(sc.role)
					var res *http.Response
					var body string
					if sc.method == "POST" {
						res, body = c.postForm(sc.path, sc.form)
					} else {
						req, _ := http.NewRequest("GET", e.srv.URL+sc.path, nil)
						if strings.HasPrefix(sc.name, "French") {
							req.Header.Set("Accept-Language", "fr-BE,fr;q=0.9,en;q=0.5")
						}
						r, err := c.http.Do(req)
						if err != nil {
							t.Fatal(err)
						}
						b := new(strings.Builder)
						_, _ = io_copy(b, r)
						res, body = r, b.String()
					}
					if res.StatusCode != sc.wantStatus {
						t.Fatalf("status %d, want %d\n%.600s", res.StatusCode, sc.wantStatus, body)
					}
					if sc.wantLocation != "" && res.Header.Get("Location") != sc.wantLocation {
						t.Errorf("Location %q, want %q", res.Header.Get("Location"), sc.wantLocation)
					}
					for _, s := range sc.wantContains {
						if !strings.Contains(body, s) {
							t.Errorf("page lacks %q", s)
						}
					}
					for _, s := range sc.wantMissing {
						if strings.Contains(body, s) {
							t.Errorf("page contains %q", s)
						}
					}
				})
			}
		})
	}
}

// TestOneTimePasswordFlow: an admin resets a password; the person must
// change it before doing anything else; the old sessions end.
func TestOneTimePasswordFlow(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			victim := e.as("clerk")
			admin := e.as("admin")
			res, body := admin.postForm("/admin/users/"+itoa64(e.users["clerk"].ID)+"/reset-password", nil)
			if res.StatusCode != 200 {
				t.Fatalf("reset: %d %s", res.StatusCode, body)
			}
			m := oneTimeRE.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("no one-time password shown: %s", body)
			}
			if res, _ := victim.get("/"); res.StatusCode != 303 {
				t.Errorf("old session still valid after reset: %d", res.StatusCode)
			}
			c := e.anonymous()
			if res, _ := c.postForm("/login", url.Values{"email": {"clerk@example.be"}, "password": {m[1]}}); res.Header.Get("Location") != "/password" {
				t.Fatalf("login with one-time password goes to %q, want /password", res.Header.Get("Location"))
			}
			if res, _ := c.get("/"); res.Header.Get("Location") != "/password" {
				t.Errorf("home with one-time password: %d %q, want redirect to /password", res.StatusCode, res.Header.Get("Location"))
			}
			if res, _ := c.json("GET", "/api/v1/users", nil); res.StatusCode != 403 {
				t.Errorf("API with one-time password: %d", res.StatusCode)
			}
			res, body = c.postForm("/password", url.Values{"current_password": {m[1]}, "new_password": {"my own new password"}, "confirm_password": {"my own new password"}})
			if res.StatusCode != 303 {
				t.Fatalf("change password: %d %s", res.StatusCode, body)
			}
			if res, _ := c.get("/"); res.StatusCode != 200 {
				t.Errorf("home after change: %d", res.StatusCode)
			}
		})
	}
}

// TestDeactivation: a deactivated account cannot sign in, with the same
// answer as a wrong password, and its open sessions end at once.
func TestDeactivation(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			victim := e.as("interviewer")
			admin := e.as("admin")
			id := itoa64(e.users["interviewer"].ID)
			res, body := admin.postForm("/admin/users/"+id+"/deactivate", url.Values{"reason": {""}})
			if res.StatusCode != 422 || !strings.Contains(body, "Say why") {
				t.Fatalf("deactivate without reason: %d %.300s", res.StatusCode, body)
			}
			res, _ = admin.postForm("/admin/users/"+id+"/deactivate", url.Values{"reason": {"left the Directorate"}})
			if res.StatusCode != 303 {
				t.Fatalf("deactivate: %d", res.StatusCode)
			}
			if res, _ := victim.get("/"); res.StatusCode != 303 {
				t.Errorf("session of a deactivated user still works: %d", res.StatusCode)
			}
			_, body = e.anonymous().postForm("/login", url.Values{"email": {"interviewer@example.be"}, "password": {testPassword}})
			if !strings.Contains(body, "E-mail address or password is not correct.") {
				t.Errorf("deactivated login answer differs from a wrong password")
			}
			if res, body := admin.postForm("/admin/users/"+itoa64(e.users["admin"].ID)+"/deactivate", url.Values{"reason": {"test"}}); res.StatusCode != 409 || !strings.Contains(body, "your own account") {
				t.Errorf("self-deactivation: %d", res.StatusCode)
			}
			u, err := e.store.Users.Get(t.Context(), system, e.users["interviewer"].ID)
			if err != nil || u.Active || u.DeactivationReason != "left the Directorate" {
				t.Errorf("user after deactivation: %+v %v", u, err)
			}
		})
	}
}

// TestLoginThrottling: a burst of failures for one account is slowed down,
// whether the account exists or not, and audited.
func TestLoginThrottling(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			for _, email := range []string{"clerk@example.be", "ghost@example.be"} {
				c := e.anonymous()
				var last *http.Response
				var body string
				for range 6 {
					last, body = c.postForm("/login", url.Values{"email": {email}, "password": {"wrong password"}})
				}
				if last.StatusCode != 429 || last.Header.Get("Retry-After") == "" || !strings.Contains(body, "Too many failed attempts") {
					t.Errorf("%s: 6th failure answered %d (Retry-After %q)", email, last.StatusCode, last.Header.Get("Retry-After"))
				}
				// Even the right password is refused while throttled.
				if res, _ := c.postForm("/login", url.Values{"email": {email}, "password": {testPassword}}); res.StatusCode != 429 {
					t.Errorf("%s: right password during throttling answered %d", email, res.StatusCode)
				}
			}
			events, err := e.store.Audit.Events(t.Context(), system, models.AuditFilter{Action: "auth."})
			if err != nil {
				t.Fatal(err)
			}
			counts := map[string]int{}
			for _, ev := range events {
				counts[ev.Action+" "+ev.RecordID]++
			}
			for _, email := range []string{"clerk@example.be", "ghost@example.be"} {
				if counts[models.AuditLoginFailed+" "+email] != 5 || counts[models.AuditLoginThrottled+" "+email] != 2 {
					t.Errorf("%s: audit counts %v", email, counts)
				}
			}
			// Another account from another address is not affected.
			if res, _ := e.anonymous().postForm("/login", url.Values{"email": {"admin@example.be"}, "password": {testPassword}}); res.StatusCode != 303 {
				t.Errorf("unrelated login refused: %d", res.StatusCode)
			}
		})
	}
}

// TestNewSessionAtLogin: signing in again gives a new session id and ends the
// previous one.
func TestNewSessionAtLogin(t *testing.T) {
	e := newEnv(t, storetest.Engines(t)[0])
	c := e.as("admin")
	u, _ := url.Parse(e.srv.URL)
	cookie := func() *http.Cookie {
		for _, ck := range c.http.Jar.Cookies(u) {
			if ck.Name == "carddesk_session" {
				return ck
			}
		}
		return nil
	}
	first := cookie()
	if res := c.signIn("admin@example.be", testPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second login: %d", res.StatusCode)
	}
	second := cookie()
	if first == nil || second == nil || first.Value == second.Value {
		t.Fatalf("session id not renewed at login")
	}
	req, _ := http.NewRequest("GET", e.srv.URL+"/admin/users", nil)
	req.AddCookie(first)
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("previous session still valid: %d", res.StatusCode)
	}
}
