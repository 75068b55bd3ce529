package app

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// Cross-site request forgery. Every state-changing request made with a
// browser's ambient credentials carries a token, in the form field _csrf or
// the header X-CSRF-Token, that another site cannot know:
//
//   - signed in, the token is derived from the session: an HMAC of a fixed
//     label keyed by the session cookie's secret value, which only this
//     browser holds (the database keeps only a SHA-256 of it). It is bound to
//     the session, a token of another session is refused, and a new one comes
//     with each sign-in, since each sign-in is a new session;
//   - before signing in (the login form, the language form), the token is a
//     random value in a cookie, compared with the form's (double submit). In
//     secure mode the cookie is __Host-carddesk_csrf: Secure, path /, no
//     Domain, so no sibling host can plant one. It is dropped at sign-in.
//
// Bearer-token API calls carry no ambient credential and are not checked,
// nor is the JSON sign-in (skipCSRF).

// csrfContextKey is where the request's token is kept for the templates
// (view.CSRF) and GET /api/v1/me.
const csrfContextKey = "csrf"

// csrfLabel is what a session's token is the HMAC of.
const csrfLabel = "carddesk csrf token v1"

func (a *App) csrfCookieName() string {
	if a.cfg.SecureCookies {
		return "__Host-carddesk_csrf"
	}
	return "carddesk_csrf"
}

// sessionCSRFToken is the token of the session whose cookie value is token.
func sessionCSRFToken(token string) string {
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte(csrfLabel))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// anonymousCSRFToken returns the token of the visitor's cookie, if it holds
// one Carddesk could have issued.
func (a *App) anonymousCSRFToken(c echo.Context) string {
	ck, err := c.Cookie(a.csrfCookieName())
	if err != nil || len(ck.Value) != 32 {
		return ""
	}
	for _, r := range ck.Value {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return ""
		}
	}
	return ck.Value
}

func (a *App) setCSRFCookie(c echo.Context, value string, maxAge int) {
	c.SetCookie(&http.Cookie{Name: a.csrfCookieName(), Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: a.cfg.SecureCookies, SameSite: http.SameSiteStrictMode})
}

// clearCSRFCookie drops the visitor's token at sign-in: from then on the
// session's token is the one.
func (a *App) clearCSRFCookie(c echo.Context) {
	if _, err := c.Cookie(a.csrfCookieName()); err == nil {
		a.setCSRFCookie(c, "", -1)
	}
}

func errCSRF() error {
	return &models.Error{Kind: models.KindForbidden, Code: "csrf_failed",
		Message: "This form has expired. Reload the page and try again."}
}

// csrf checks the token of every unsafe request and gives every request its
// token. It runs after authenticate, which names the session.
func (a *App) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Get(ctxVia) == "token" {
			return next(c)
		}
		var want string
		if sess, _ := c.Get(ctxSessionToken).(string); sess != "" {
			want = sessionCSRFToken(sess)
		} else if want = a.anonymousCSRFToken(c); want == "" && safeMethod(c.Request().Method) {
			want = newCSRFToken()
			a.setCSRFCookie(c, want, 24*3600)
		}
		if !safeMethod(c.Request().Method) && !a.skipCSRF(c) {
			sent := c.Request().Header.Get(csrfHeader)
			if sent == "" {
				sent = c.FormValue(csrfField)
			}
			if want == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(want)) != 1 {
				return errCSRF()
			}
		}
		c.Set(csrfContextKey, want)
		return next(c)
	}
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions || m == http.MethodTrace
}
