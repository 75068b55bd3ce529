package main

import (
	"strings"
	"sync"
	"testing"
	"time"

	"context"

	"github.com/chromedp/chromedp"

	"github.com/carddesk/carddesk/app/demo"
	"github.com/carddesk/carddesk/app/twofactor"
	"github.com/carddesk/carddesk/models"
)

// Two-factor sign-in in the browser. The demo enrols its interviewer and
// admin with the secrets it prints (demo.Logins); accounts enrolled during
// a test have their secret read from the enrolment page.

var e2eTOTP = struct {
	sync.Mutex
	secrets map[string]string // server URL + " " + e-mail → secret
	last    map[string]int64  // the last time step used, same keys
}{secrets: map[string]string{}, last: map[string]int64{}}

// e2eSecret is the TOTP secret of email on the server at base, "" if none.
func e2eSecret(base, email string) string {
	e2eTOTP.Lock()
	defer e2eTOTP.Unlock()
	if s, ok := e2eTOTP.secrets[base+" "+email]; ok {
		return s
	}
	for _, l := range demo.Logins() {
		if l.Email == email {
			return l.TOTPSecret
		}
	}
	return ""
}

func rememberSecret(base, email, secret string) {
	e2eTOTP.Lock()
	defer e2eTOTP.Unlock()
	e2eTOTP.secrets[base+" "+email] = secret
}

// e2eCode computes a code of email's secret that the server has not seen:
// a code is good once, the server also takes the next step's, and past that
// the test waits for the clock.
func e2eCode(t *testing.T, base, email string) string {
	t.Helper()
	secret := e2eSecret(base, email)
	if secret == "" {
		t.Fatalf("no TOTP secret known for %s", email)
	}
	e2eTOTP.Lock()
	defer e2eTOTP.Unlock()
	key := base + " " + email
	for {
		now := twofactor.Step(time.Now())
		step := max(now, e2eTOTP.last[key]+1)
		if step <= now+models.TOTPSkew {
			e2eTOTP.last[key] = step
			code, err := twofactor.Code(secret, time.Unix(step*models.TOTPPeriod, 0))
			if err != nil {
				t.Fatal(err)
			}
			return code
		}
		time.Sleep(time.Until(time.Unix((now+1)*models.TOTPPeriod, 0)) + 100*time.Millisecond)
	}
}

// secondStep takes the page after the password: the code, or the
// enrolment (the secret read from the page, the recovery codes seen, then
// on); nothing when the password was enough.
func secondStep(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	loc := location(t, ctx)
	switch {
	case strings.Contains(loc, "/login/two-factor/enrol"):
		enrolOnPage(t, ctx, base, email)
		do(t, ctx, clickAndLoad("#totp-continue"))
	case strings.Contains(loc, "/login/two-factor"):
		do(t, ctx,
			chromedp.WaitVisible(chromedp.CSS("#code")),
			chromedp.SendKeys(chromedp.CSS("#code"), e2eCode(t, base, email)),
			clickAndLoad(`main button[type=submit]`),
		)
	}
}

// enrolOnPage reads the secret of the enrolment page, checks the QR code
// is drawn, confirms with a code and returns the recovery codes shown.
func enrolOnPage(t *testing.T, ctx context.Context, base, email string) []string {
	t.Helper()
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#totp-secret")))
	if w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelector('#totp-qr').complete ? document.querySelector('#totp-qr').naturalWidth : -1`)); err != nil || w != 240 {
		t.Errorf("QR code not drawn: width %d (%v)", w, err)
	}
	secret := strings.ReplaceAll(text(t, ctx, "#totp-secret"), " ", "")
	if len(secret) != 32 {
		t.Fatalf("secret on the page: %q", secret)
	}
	rememberSecret(base, email, secret)
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), e2eCode(t, base, email)),
		clickAndLoad(`main form button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS("#recovery-codes")),
	)
	codes := strings.Fields(text(t, ctx, "#recovery-codes"))
	if len(codes) != models.RecoveryCodes {
		t.Fatalf("recovery codes shown: %v", codes)
	}
	return codes
}

// TestE2ETwoFactor: an admin requires the second factor for clerks; a clerk
// signing in is confined to enrolment (nothing else opens), enrols by
// reading the secret from the page, sees the recovery codes once, and later
// signs in with a generated code, then with a recovery code; a wrong code
// is refused. The admin resets the clerk's second factor.
func TestE2ETwoFactor(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)

	login(t, ctx, srv.URL, "admin@demo.carddesk.test", "demo-admin-password")
	do(t, ctx,
		chromedp.Navigate(srv.URL+"/admin/two-factor"),
		chromedp.WaitVisible(chromedp.CSS("#required-clerk")),
	)
	if checked, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#required-admin').checked && document.querySelector('#required-interviewer').checked && !document.querySelector('#required-clerk').checked`)); !checked {
		t.Error("defaults: interviewers and admins required, clerks not")
	}
	do(t, ctx,
		chromedp.Click(chromedp.CSS("#required-clerk")),
		clickAndLoad(`form[action="/admin/two-factor"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	logout(t, ctx)

	// The clerk, after the password: the enrolment page and nothing else.
	clerk, clerkPassword := "clerk@demo.carddesk.test", "demo-clerk-password"
	do(t, ctx,
		chromedp.Navigate(srv.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), clerk),
		chromedp.SendKeys(chromedp.CSS("#password"), clerkPassword),
		clickAndLoad(`main button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS("#totp-secret")),
		chromedp.Navigate(srv.URL+"/workers"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
	)
	if loc := location(t, ctx); !strings.Contains(loc, "/login") {
		t.Fatalf("a clerk confined to enrolment opened %s", loc)
	}
	do(t, ctx, chromedp.Navigate(srv.URL+"/login/two-factor/enrol"), chromedp.WaitVisible(chromedp.CSS("#code")),
		chromedp.SendKeys(chromedp.CSS("#code"), "000000"),
		clickAndLoad(`main form button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")),
	)
	if msg := text(t, ctx, ".error-summary"); !strings.Contains(msg, "not valid") {
		t.Errorf("wrong code: %q", msg)
	}
	codes := enrolOnPage(t, ctx, srv.URL, clerk)
	do(t, ctx, clickAndLoad("#totp-continue"), chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)))
	if h := text(t, ctx, "h1"); !strings.Contains(h, "Claire Dubois") {
		t.Errorf("home after enrolment: %q", h)
	}
	logout(t, ctx)

	// Later: the password, then a generated code.
	login(t, ctx, srv.URL, clerk, clerkPassword)
	logout(t, ctx)

	// Without the phone: a recovery code, once.
	for i, want := range []string{"home", "refused"} {
		do(t, ctx,
			chromedp.Navigate(srv.URL+"/login"),
			chromedp.WaitVisible(chromedp.CSS("#email")),
			chromedp.SendKeys(chromedp.CSS("#email"), clerk),
			chromedp.SendKeys(chromedp.CSS("#password"), clerkPassword),
			clickAndLoad(`main button[type=submit]`),
			chromedp.WaitVisible(chromedp.CSS("#code")),
			chromedp.SendKeys(chromedp.CSS("#code"), codes[0]),
			clickAndLoad(`main button[type=submit]`),
		)
		if want == "home" {
			do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)))
			logout(t, ctx)
		} else if msg := text(t, ctx, ".error-summary"); !strings.Contains(msg, "not valid") {
			t.Errorf("recovery code used twice (attempt %d): %q", i+1, msg)
		}
	}

	// The admin resets the clerk's second factor; the clerk enrols again.
	login(t, ctx, srv.URL, "admin@demo.carddesk.test", "demo-admin-password")
	do(t, ctx,
		chromedp.Navigate(srv.URL+"/admin/two-factor"),
		chromedp.WaitVisible(chromedp.CSS("#required-clerk")),
	)
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('tr[id^=totp-user-]')].find(r => r.textContent.includes('`+clerk+`')).id.replace('totp-user-', '')`))
	if err != nil || id == "" {
		t.Fatalf("clerk's row: %q %v", id, err)
	}
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#reason-"+id), "phone lost"),
		clickAndLoad(`form[action="/admin/users/`+id+`/two-factor/reset"] button`),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if row := text(t, ctx, "#totp-user-"+id); !strings.Contains(row, "required, not set up yet") {
		t.Errorf("clerk after the reset: %q", row)
	}
	logout(t, ctx)
	login(t, ctx, srv.URL, clerk, clerkPassword) // enrols again through the page
	logout(t, ctx)
}
