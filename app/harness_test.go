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
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/app/twofactor"
	"github.com/carddesk/carddesk/models"
)

// env is a running Carddesk on a fresh database with one account per role.
type env struct {
	t     *testing.T
	store *store.Store
	app   *app.App
	srv   *httptest.Server
	users map[string]*models.User // by role name

	// Two-factor sign-in: the TOTP secret of each enrolled account, by
	// e-mail, the last time step whose code was used, and unused recovery
	// codes. A code is good once and the server takes the next step's code
	// too, so two sign-ins of one account per 30 seconds use codes from the
	// app; more (the route walk signs in hundreds of times) use recovery
	// codes, refilled by enrolling the same secret again.
	mu       sync.Mutex
	secrets  map[string]string
	lastStep map[string]int64
	recovery map[string][]string
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
	e := &env{t: t, store: st, app: a, srv: httptest.NewServer(a.Handler()), users: map[string]*models.User{},
		secrets: map[string]string{}, lastStep: map[string]int64{}, recovery: map[string][]string{}}
	t.Cleanup(e.srv.Close)
	if seed {
		for _, r := range models.Roles {
			u, _, err := st.Users.Create(context.Background(), system, models.NewUser{
				Email: string(r) + "@example.be", Name: "Test " + string(r), Roles: []models.Role{r}}, testPassword)
			if err != nil {
				t.Fatal(err)
			}
			e.users[string(r)] = u
			if models.DefaultTOTPRequired(r) { // enrolled, as the default policy requires
				e.enrol(u)
			}
		}
	}
	return e
}

// enrol gives u a second factor with a secret the harness knows.
func (e *env) enrol(u *models.User) {
	e.t.Helper()
	secret, err := twofactor.NewSecret(u.Email)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.TwoFactor.EnrolWithSecret(context.Background(), system, u.ID, secret); err != nil {
		e.t.Fatal(err)
	}
	e.mu.Lock()
	e.secrets[u.Email] = secret
	e.mu.Unlock()
}

// totpCode returns a fresh code of the account with email ("" when the
// harness knows no secret for it), computed from its secret with the
// store's clock.
func (e *env) totpCode(email string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	secret, ok := e.secrets[email]
	if !ok {
		return ""
	}
	now := twofactor.Step(e.store.Now())
	step := max(now, e.lastStep[email]+1)
	if step <= now+models.TOTPSkew {
		e.lastStep[email] = step
		code, err := twofactor.Code(secret, time.Unix(step*models.TOTPPeriod, 0))
		if err != nil {
			e.t.Fatal(err)
		}
		return code
	}
	if len(e.recovery[email]) == 0 {
		u, err := e.store.Users.ByEmail(context.Background(), system, email)
		if err != nil {
			e.t.Fatal(err)
		}
		if e.recovery[email], err = e.store.TwoFactor.EnrolWithSecret(context.Background(), system, u.ID, secret); err != nil {
			e.t.Fatal(err)
		}
	}
	code := e.recovery[email][0]
	e.recovery[email] = e.recovery[email][1:]
	return code
}

// loginBody is the JSON API's sign-in of role, with its code when enrolled.
func (e *env) loginBody(role string) map[string]string {
	email := role + "@example.be"
	body := map[string]string{"email": email, "password": testPassword}
	if code := e.totpCode(email); code != "" {
		body["totp_code"] = code
	}
	return body
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
	c.signIn(role+"@example.be", testPassword)
	return c
}

var totpSecretRE = regexp.MustCompile(`id="totp-secret">([^<]+)<`)

// signIn goes through the login form and its second step: the code of a
// known secret, or, for an account its role confines to enrolment, the
// enrolment with the secret read from the page. It returns the last answer.
func (c *client) signIn(email, password string) *http.Response {
	e := c.e
	e.t.Helper()
	res, body := c.postForm("/login", url.Values{"email": {email}, "password": {password}})
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login as %s: %d %s", email, res.StatusCode, body)
	}
	loc := res.Header.Get("Location")
	switch {
	case strings.HasPrefix(loc, "/login/two-factor/enrol"):
		_, page := c.get(loc)
		m := totpSecretRE.FindStringSubmatch(page)
		if m == nil {
			e.t.Fatalf("enrolment page of %s shows no secret: %s", email, page[strings.Index(page, "<main"):])
		}
		e.mu.Lock()
		e.secrets[email] = strings.ReplaceAll(m[1], " ", "")
		e.mu.Unlock()
		res, body = c.postForm("/login/two-factor/enrol", url.Values{"code": {e.totpCode(email)}})
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `id="recovery-codes"`) {
			e.t.Fatalf("enrolment of %s: %d %.300s", email, res.StatusCode, body)
		}
	case strings.HasPrefix(loc, "/login/two-factor"):
		res, body = c.postForm("/login/two-factor", url.Values{"code": {e.totpCode(email)}})
		if res.StatusCode != http.StatusSeeOther {
			e.t.Fatalf("second factor of %s: %d %.300s", email, res.StatusCode, body)
		}
	}
	return res
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
