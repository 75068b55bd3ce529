package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The end-to-end tests build the real binary, start it on a free port with a
// fresh database and drive headless Chromium through the pages, as staff would.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func buildBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "carddesk-e2e-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "carddesk")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// server is a running carddesk process.
type server struct {
	URL     string
	Metrics string // the /metrics URL, when CARDDESK_METRICS_ADDR is set
	cmd     *exec.Cmd
}

// startServer runs `carddesk serve --demo` on a free port. env adds to the
// environment (DATABASE_URL for PostgreSQL, say); by default the server uses
// a fresh embedded database.
func startServer(t *testing.T, env ...string) *server {
	t.Helper()
	bin := buildBinary(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "serve", "--demo", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "CARDDESK_DATA_DIR="+t.TempDir(), "CARDDESK_LOG_LEVEL=warn")
	cmd.Env = append(cmd.Env, env...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cancel()
		}
		cancel()
	})
	ready := make(chan string, 1)
	var metrics string
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if url, ok := strings.CutPrefix(sc.Text(), "Metrics are served on "); ok {
				metrics = url // printed before the ready line
			}
			if url, ok := strings.CutPrefix(sc.Text(), "Carddesk is ready on "); ok {
				ready <- url
			}
		}
	}()
	select {
	case url := <-ready:
		return &server{URL: url, Metrics: metrics, cmd: cmd}
	case <-time.After(60 * time.Second):
		t.Fatal("server did not start within 60 s")
	}
	return nil
}

// browser returns a headless Chromium tab; the test skips when Chromium is
// not installed, except under CI=true where it must run.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, p := range []string{os.Getenv("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but Chromium is not installed (.ci/run installs it)")
		}
		t.Skip("browser test skipped: install Chromium (apt-get install chromium) to run it")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("lang", "en-GB"),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// do runs steps, each bounded to 20 seconds, and on failure reports where
// the browser was and what the page said.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	for i, step := range steps {
		stepCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
		err := chromedp.Do(stepCtx, step)
		cancel()
		if err != nil {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main') ? document.querySelector('main').innerText : document.body.innerText`))
			if len(body) > 1500 {
				body = body[:1500]
			}
			t.Fatalf("step %d: %v\nat %s\npage: %s", i+1, err, loc, body)
		}
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// login signs in through the login form and, for an account with a second
// factor, its second step (e2e_totp_test.go): the code of the known secret,
// or the enrolment when the role requires one the account does not have.
func login(t *testing.T, ctx context.Context, base, email, password string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		clickAndLoad(`main button[type=submit]`),
	)
	secondStep(t, ctx, base, email)
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)))
}

func logout(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#email")),
	)
}

// TestE2EAccounts: an admin signs in, creates an interviewer account, reads
// the one-time password, signs out; the new interviewer signs in with it, is
// made to choose a password, and lands on the home page.
func TestE2EAccounts(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)

	do(t, ctx, chromedp.Navigate(srv.URL+"/admin/users"), chromedp.WaitVisible(chromedp.CSS("#email")))
	if loc := location(t, ctx); !strings.Contains(loc, "/login?next=") {
		t.Fatalf("anonymous admin page went to %s, want the login page", loc)
	}
	login(t, ctx, srv.URL, "admin@demo.carddesk.test", "demo-admin-password")

	do(t, ctx,
		chromedp.Navigate(srv.URL+"/admin/users/new"),
		chromedp.WaitVisible(chromedp.CSS("#name")),
		chromedp.SendKeys(chromedp.CSS("#name"), "Łucja Nguyễn"),
		chromedp.SendKeys(chromedp.CSS("#email"), "l.nguyen@demo.carddesk.test"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")),
	)
	if msg := text(t, ctx, ".field-error"); !strings.Contains(msg, "Choose at least one role") {
		t.Errorf("missing role message: %q", msg)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#name"))); v != "Łucja Nguyễn" {
		t.Errorf("name lost after a mistake: %q", v)
	}
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`input[name=roles][value=interviewer]`)),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#one-time-password")),
	)
	oneTime := strings.TrimSpace(text(t, ctx, "#one-time-password"))
	if len(oneTime) < 12 {
		t.Fatalf("one-time password %q", oneTime)
	}
	do(t, ctx, chromedp.Navigate(srv.URL+"/admin/users"), chromedp.WaitVisible(chromedp.CSS("table")))
	if list := text(t, ctx, "table"); !strings.Contains(list, "Łucja Nguyễn") {
		t.Errorf("new user not listed: %s", list)
	}
	logout(t, ctx)

	login(t, ctx, srv.URL, "l.nguyen@demo.carddesk.test", oneTime)
	if loc := location(t, ctx); !strings.HasSuffix(loc, "/password") {
		t.Fatalf("after a one-time login: %s, want /password", loc)
	}
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#current_password"), oneTime),
		chromedp.SendKeys(chromedp.CSS("#new_password"), "interviews in private"),
		chromedp.SendKeys(chromedp.CSS("#confirm_password"), "interviews in private"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if h := text(t, ctx, "h1"); !strings.Contains(h, "Łucja Nguyễn") {
		t.Errorf("home heading %q", h)
	}
	// An interviewer has no staff-accounts page.
	do(t, ctx, chromedp.Navigate(srv.URL+"/admin/users"), chromedp.WaitVisible(chromedp.CSS("h1")))
	// It says which role may, not the permission's code (issue 13).
	if body := text(t, ctx, "main"); !strings.Contains(body, "Administrator") || strings.Contains(body, "user.manage") {
		t.Errorf("interviewer on admin page: %s", body)
	}
	logout(t, ctx)
}

// clickAndLoad clicks sel and waits until the next page has loaded: a flash
// message already on the page cannot be mistaken for the answer.
func clickAndLoad(sel string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		if _, err := chromedp.Evaluate[bool](`window.__carddeskOldPage = true`)(ctx, t); err != nil {
			return chromedp.Void{}, err
		}
		if _, err := chromedp.Click(chromedp.CSS(sel))(ctx, t); err != nil {
			return chromedp.Void{}, err
		}
		for {
			done, err := chromedp.Evaluate[bool](`!window.__carddeskOldPage && document.readyState === 'complete'`)(ctx, t)
			if err == nil && done {
				return chromedp.Void{}, nil
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

// e2eSession is a signed-in JSON API session, for preparing records that a
// browser scenario then shows.
type e2eSession struct {
	t    *testing.T
	base string
	http *http.Client
	csrf string
}

func newE2ESession(t *testing.T, base, email, password string) *e2eSession {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	s := &e2eSession{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	body := map[string]string{"email": email, "password": password}
	if secret := e2eSecret(base, email); secret != "" {
		body["totp_code"] = e2eCode(t, base, email)
	}
	s.send("POST", "/api/v1/session", body, "", nil, http.StatusCreated, &out)
	s.csrf = out.CSRF
	return s
}

// call sends body as JSON and decodes the answer into out.
func (s *e2eSession) call(method, path string, body any, want int, out any) {
	s.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	s.send(method, path, body, "application/json", r, want, out)
}

func (s *e2eSession) send(method, path string, body any, ctype string, r io.Reader, want int, out any) {
	s.t.Helper()
	if r == nil && body != nil {
		b, _ := json.Marshal(body)
		r, ctype = bytes.NewReader(b), "application/json"
	}
	req, err := http.NewRequest(method, s.base+path, r)
	if err != nil {
		s.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if s.csrf != "" {
		req.Header.Set("X-CSRF-Token", s.csrf)
	}
	res, err := s.http.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		s.t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			s.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
}
