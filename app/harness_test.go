package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// env is a running Carddesk on a fresh database with one account per role.
type env struct {
	t     *testing.T
	store *store.Store
	app   *app.App
	srv   *httptest.Server
	users map[string]*models.User // by role name
}

const testPassword = "a long enough test password"

var system = models.System("system")

func newEnv(t *testing.T, engine string) *env {
	t.Helper()
	st := storetest.Open(t, engine)
	return newEnvOn(t, st, true)
}

func newEnvOn(t *testing.T, st *store.Store, seed bool) *env {
	t.Helper()
	a, err := app.New(app.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), LoginRatePerMinute: 1000}, st)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, store: st, app: a, srv: httptest.NewServer(a.Handler()), users: map[string]*models.User{}}
	t.Cleanup(e.srv.Close)
	if seed {
		for _, r := range models.Roles {
			u, _, err := st.Users.Create(context.Background(), system, models.NewUser{
				Email: string(r) + "@example.be", Name: "Test " + string(r), Roles: []models.Role{r}}, testPassword)
			if err != nil {
				t.Fatal(err)
			}
			e.users[string(r)] = u
		}
	}
	return e
}

// client is a browser: it keeps cookies and the CSRF token, and does not
// follow redirects so tests can check them.
type client struct {
	e    *env
	http *http.Client
	csrf string
}

func (e *env) anonymous() *client {
	jar, _ := cookiejar.New(nil)
	c := &client{e: e, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	c.refreshCSRF()
	return c
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// refreshCSRF loads the login page to obtain the CSRF cookie and token, as a
// browser shows a page: a signed-in client is sent on to the home page (or
// the password page), whose forms carry the session's token.
func (c *client) refreshCSRF() {
	path := "/login"
	for range 4 {
		res, body := c.do("GET", path, nil, "")
		if m := csrfInput.FindStringSubmatch(body); m != nil {
			c.csrf = m[1]
			return
		}
		if path = res.Header.Get("Location"); path == "" {
			return
		}
	}
}

// sessionChanged says whether res signed the client in or out: the CSRF
// token is bound to the session, so a browser client then reloads a page for
// the new one (an API client takes it from the sign-in's answer).
func sessionChanged(res *http.Response) bool {
	for _, ck := range res.Cookies() {
		if ck.Name == "carddesk_session" {
			return true
		}
	}
	return false
}

// as returns a client signed in through the login form.
func (e *env) as(role string) *client {
	c := e.anonymous()
	if role == "" {
		return c
	}
	res, body := c.postForm("/login", url.Values{"email": {role + "@example.be"}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login as %s: %d %s", role, res.StatusCode, body)
	}
	return c
}

func (c *client) do(method, path string, body io.Reader, contentType string) (*http.Response, string) {
	c.e.t.Helper()
	req, err := http.NewRequest(method, c.e.srv.URL+path, body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.csrf != "" && method != "GET" && contentType != "application/x-www-form-urlencoded" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if method != "GET" && contentType != "application/json" && sessionChanged(res) {
		c.refreshCSRF()
	}
	return res, string(b)
}

func (c *client) get(path string) (*http.Response, string) { return c.do("GET", path, nil, "") }

func (c *client) postForm(path string, v url.Values) (*http.Response, string) {
	v = maps.Clone(v) // never write into a caller's scenario
	if v == nil {
		v = url.Values{}
	}
	if v.Get("_csrf") == "" {
		v.Set("_csrf", c.csrf)
	}
	return c.do("POST", path, strings.NewReader(v.Encode()), "application/x-www-form-urlencoded")
}

func (c *client) json(method, path string, v any) (*http.Response, map[string]any) {
	c.e.t.Helper()
	var body io.Reader
	if v != nil {
		b, _ := json.Marshal(v)
		body = strings.NewReader(string(b))
	}
	res, text := c.do(method, path, body, "application/json")
	out := map[string]any{}
	if text != "" {
		if err := json.Unmarshal([]byte(text), &out); err != nil {
			c.e.t.Fatalf("%s %s: not JSON: %s", method, path, text)
		}
	}
	return res, out
}

var oneTimeRE = regexp.MustCompile(`id="one-time-password">([^<]+)<`)

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func io_copy(w io.Writer, r *http.Response) (int64, error) {
	defer r.Body.Close()
	return io.Copy(w, r.Body)
}

func (c *client) postFormRaw(path, email, pw string) (*http.Response, string) {
	return c.postForm(path, url.Values{"email": {email}, "password": {pw}})
}
