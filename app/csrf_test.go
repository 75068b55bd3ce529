package app_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestCSRFCookieIsHostPrefixedInSecureMode: served over TLS, the visitor's
// CSRF cookie is __Host-carddesk_csrf (Secure, path /, no Domain), the login
// form works with it, and signing in drops it.
func TestCSRFCookieIsHostPrefixedInSecureMode(t *testing.T) {
	st := storetest.Open(t, storetest.Engines(t)[0])
	a, err := app.New(app.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), SecureCookies: true, LoginRatePerMinute: 1000}, st)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Users.Create(t.Context(), system, models.NewUser{Email: "clerk@example.be", Name: "Clerk",
		Roles: []models.Role{models.RoleClerk}}, testPassword); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	res, err := noRedirect.Get(srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var csrf *http.Cookie
	for _, ck := range res.Cookies() {
		if strings.Contains(ck.Name, "csrf") {
			csrf = ck
		}
	}
	if csrf == nil || csrf.Name != "__Host-carddesk_csrf" || !csrf.Secure || csrf.Path != "/" || csrf.Domain != "" ||
		!csrf.HttpOnly || csrf.SameSite != http.SameSiteStrictMode {
		t.Fatalf("CSRF cookie in secure mode: %+v", csrf)
	}
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(string(body))
	if m == nil || m[1] != csrf.Value {
		t.Fatalf("the login form's token does not match the cookie")
	}

	post := func(token string) *http.Response {
		req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader(url.Values{"_csrf": {token},
			"email": {"clerk@example.be"}, "password": {testPassword}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: csrf.Name, Value: csrf.Value})
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := post("forged" + csrf.Value[6:]); res.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in with a wrong token: %d, want 403", res.StatusCode)
	}
	res = post(csrf.Value)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", res.StatusCode)
	}
	var session, dropped bool
	for _, ck := range res.Cookies() {
		switch ck.Name {
		case "__Host-carddesk_session":
			session = ck.Value != "" && ck.Secure
		case "__Host-carddesk_csrf":
			dropped = ck.MaxAge < 0
		}
	}
	if !session || !dropped {
		t.Errorf("sign-in: session cookie set %v, visitor's CSRF cookie dropped %v (%v)", session, dropped, res.Header["Set-Cookie"])
	}
}

// TestCSRFTokenIsBoundToTheSessionAndRotatedAtSignIn: the token of the login
// page stops working at sign-in; a session's token works in that session
// only; signing in again brings a new one and the old one is refused.
func TestCSRFTokenIsBoundToTheSessionAndRotatedAtSignIn(t *testing.T) {
	e := newEnv(t, storetest.Engines(t)[0])
	c := e.anonymous()
	before := c.csrf
	if before == "" {
		t.Fatal("no token on the login page")
	}
	if res, _ := c.postForm("/login", url.Values{"email": {"clerk@example.be"}, "password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", res.StatusCode)
	}
	first := c.csrf // the harness reloaded a page, as a browser does
	if first == "" || first == before {
		t.Fatalf("token after sign-in %q, before %q: want a new one", first, before)
	}
	lang := func(c *client, token string) int {
		res, _ := c.postForm("/language", url.Values{"_csrf": {token}, "lang": {"en"}, "next": {"/"}})
		return res.StatusCode
	}
	if code := lang(c, before); code != http.StatusForbidden {
		t.Errorf("the login page's token after sign-in: %d, want 403", code)
	}
	if code := lang(c, first); code != http.StatusSeeOther {
		t.Errorf("the session's own token: %d, want 303", code)
	}
	// The API answers the same token for the session.
	if _, me := c.json("GET", "/api/v1/me", nil); me["csrf_token"] != first {
		t.Errorf("/api/v1/me csrf_token %v, want the page's %q", me["csrf_token"], first)
	}

	// Another session of the same person has another token.
	other := e.as("clerk")
	if other.csrf == first {
		t.Fatal("two sessions share a CSRF token")
	}
	if code := lang(other, first); code != http.StatusForbidden {
		t.Errorf("one session's token in another session: %d, want 403", code)
	}
	// A planted CSRF cookie with a matching form token (double submit, as
	// a sibling host could set it) is no way into a signed-in session.
	u, _ := url.Parse(e.srv.URL)
	other.http.Jar.SetCookies(u, []*http.Cookie{{Name: "carddesk_csrf", Value: before, Path: "/"}})
	if code := lang(other, before); code != http.StatusForbidden {
		t.Errorf("a planted cookie and its token in a session: %d, want 403", code)
	}

	// Signing in again in the same browser: new session, new token.
	if res := c.signIn("admin@example.be", testPassword); res.StatusCode != http.StatusSeeOther { // with its second factor
		t.Fatalf("second sign-in: %d", res.StatusCode)
	}
	if c.csrf == first {
		t.Error("the token did not change at the second sign-in")
	}
	if code := lang(c, first); code != http.StatusForbidden {
		t.Errorf("the previous session's token: %d, want 403", code)
	}
	if code := lang(c, c.csrf); code != http.StatusSeeOther {
		t.Errorf("the new session's token: %d", code)
	}
}
