package app

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// Signing in and out, the language, the home page and the user's own
// password.

// loginRequest is a sign-in, from the login page or POST /api/v1/session.
type loginRequest struct {
	Email    string `form:"email" json:"email" max:"254"`
	Password string `form:"password" json:"password" input:"secret" max:"1024"`
	Next     string `form:"next" json:"-" max:"2000"`
	// TOTPCode is the second factor sent with the password (the API; the
	// login page asks for it on a second step, twofactor.go).
	TOTPCode string `form:"totp_code" json:"totp_code" max:"64"`
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if next == "" || err != nil || u.IsAbs() || u.Host != "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (a *App) loginPage(c echo.Context) error {
	if currentUser(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	f := newForm()
	f.Values.Set("next", safeNext(c.QueryParam("next")))
	if c.QueryParam("expired") != "" { // a second step that came too late (twofactor.go)
		f.Error = a.localizer(c).T("error.sign_in_expired")
	}
	return a.renderLogin(c, f)
}

func (a *App) renderLogin(c echo.Context, f *form) error {
	f.Values.Del("password") // a password is never sent back into the page
	return a.render(c, http.StatusOK, "login", &view{Title: a.localizer(c).T("login.title"), Form: f})
}

func (a *App) login(c echo.Context, req loginRequest) (*store.Session, error) {
	return a.store.Auth.Login(c.Request().Context(), store.LoginRequest{Email: req.Email, Password: req.Password,
		IP: c.RealIP(), UserAgent: c.Request().UserAgent(), RequestID: requestID(c), Via: via(c),
		TOTPCode: req.TOTPCode, Interactive: !isAPI(c.Request().URL.Path)})
}

func (a *App) loginSubmit(c echo.Context) error {
	var req loginRequest
	err := a.bind(c, &req)
	var sess *store.Session
	if err == nil {
		sess, err = a.login(c, req)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			f.Values.Set("next", safeNext(f.Value("next")))
			if ra, ok := toDomain(err).Args["retry_after"].(int); ok {
				c.Response().Header().Set("Retry-After", itoa(ra))
			}
			if f.Status == http.StatusUnauthorized {
				f.Status = http.StatusOK // a page answer, not an HTTP authentication challenge
			}
			return a.renderLogin(c, f)
		})
	}
	if sess.Pending != nil { // the second factor, or its enrolment, comes first
		return a.toSecondStep(c, sess.Pending, req.Next)
	}
	a.startSession(c, sess.Token)
	if sess.User.MustChangePassword {
		return c.Redirect(http.StatusSeeOther, "/password")
	}
	return c.Redirect(http.StatusSeeOther, safeNext(req.Next))
}

// apiLogin opens a session for an API client and returns the CSRF token it
// sends as X-CSRF-Token on later state-changing calls.
func (a *App) apiLogin(c echo.Context) error {
	var req loginRequest
	if err := a.bind(c, &req); err != nil {
		return err
	}
	sess, err := a.login(c, req)
	if err != nil {
		return err
	}
	a.startSession(c, sess.Token)
	return c.JSON(http.StatusCreated, map[string]any{"user": toUserJSON(sess.User), "csrf_token": sessionCSRFToken(sess.Token), "expires_at": sess.ExpiresAt})
}

func (a *App) logoutSubmit(c echo.Context) error {
	token, _ := c.Get(ctxSessionToken).(string)
	if err := a.store.Auth.Logout(c.Request().Context(), actor(c), token); err != nil {
		return err
	}
	a.clearSessionCookie(c)
	a.flash(c, "flash.signed_out")
	return c.Redirect(http.StatusSeeOther, "/login")
}

func (a *App) apiLogout(c echo.Context) error {
	token, _ := c.Get(ctxSessionToken).(string)
	if token == "" {
		return models.Fail(models.KindConflict, "not_a_session", "This call is authenticated by a token, not a session.")
	}
	if err := a.store.Auth.Logout(c.Request().Context(), actor(c), token); err != nil {
		return err
	}
	a.clearSessionCookie(c)
	return c.NoContent(http.StatusNoContent)
}

// languageRequest chooses the language of the pages.
type languageRequest struct {
	Lang string `form:"lang" json:"lang" max:"5"`
	Next string `form:"next" json:"next" max:"2000"`
}

func (a *App) languageSubmit(c echo.Context) error {
	var req languageRequest
	if err := a.bind(c, &req); err != nil {
		return err
	}
	if !slices.Contains(models.Locales, req.Lang) {
		req.Lang = ""
	}
	c.SetCookie(&http.Cookie{Name: "carddesk_lang", Value: req.Lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: a.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	if currentUser(c) != nil {
		if err := a.store.Users.SetLocale(c.Request().Context(), actor(c), req.Lang); err != nil {
			return err
		}
	}
	return c.Redirect(http.StatusSeeOther, safeNext(req.Next))
}

// homeSection is one tile of the home page.
type homeSection struct{ Href, Title, Text string }

// homePage shows the sections of the route table the user may open (those
// of the menu first, in its order) and the alerts that concern them.
func (a *App) homePage(c echo.Context) error {
	u := currentUser(c)
	loc := a.localizer(c)
	var sections, last []homeSection
	for _, rt := range a.routes {
		if rt.Home == "" || !u.Can(rt.Perm) {
			continue
		}
		s := homeSection{rt.Path, loc.T(rt.HomeTitle), loc.T(rt.Home)}
		if rt.Nav == "" {
			last = append(last, s)
		} else {
			sections = append(sections, s)
		}
	}
	sections = append(sections, last...)

	// Admins and clerks (who publish scales and generate contracts) are told
	// first when the salary scale in force is older than the configured age.
	var alerts []homeSection
	if u.Can(models.PermScaleRead) {
		stale, err := a.store.Scales.Stale(c.Request().Context(), actor(c))
		if err != nil {
			// The home page still opens; the scale pages show the problem.
			a.log.Error("stale scale check", "request_id", requestID(c), "error", err.Error())
		}
		if stale != nil {
			alerts = append(alerts, homeSection{"/scales", loc.T("scales.home_alert_title"), loc.T("scales.home_alert_text", "id", stale.ID,
				"date", stale.EffectiveDate.Format(time.DateOnly), "months", a.store.Scales.MaxAgeMonths())})
		}
	}
	return a.render(c, http.StatusOK, "home", &view{Title: loc.T("home.title"),
		Data: map[string]any{"Sections": sections, "Alerts": alerts, "Permissions": permissionsOf(u), "Queues": a.homeQueues(c)}})
}

func permissionsOf(u *models.User) []string {
	perms := []string{}
	for _, p := range models.AllPermissions() {
		if u.Can(p) {
			perms = append(perms, string(p))
		}
	}
	return perms
}

func (a *App) apiMe(c echo.Context) error {
	u := currentUser(c)
	out := map[string]any{"user": toUserJSON(u), "permissions": permissionsOf(u)}
	if tok, ok := c.Get(csrfContextKey).(string); ok && c.Get(ctxVia) == "session" {
		out["csrf_token"] = tok
	}
	return c.JSON(http.StatusOK, out)
}

// passwordRequest changes the user's own password.
type passwordRequest struct {
	CurrentPassword string `form:"current_password" json:"current_password" input:"secret" max:"1024"`
	NewPassword     string `form:"new_password" json:"new_password" input:"secret" max:"1024"`
	ConfirmPassword string `form:"confirm_password" json:"confirm_password" input:"secret" max:"1024"`
}

// Validate refuses two new passwords that differ.
func (r passwordRequest) Validate(time.Time) error {
	var v models.Validation
	if r.NewPassword != r.ConfirmPassword {
		v.Add("confirm_password", "password_mismatch", "The two new passwords differ.")
	}
	return v.Err()
}

func (a *App) passwordPage(c echo.Context) error {
	return a.render(c, http.StatusOK, "password", &view{Title: a.localizer(c).T("password.title")})
}

func (a *App) passwordSubmit(c echo.Context) error {
	var req passwordRequest
	err := a.bind(c, &req)
	if err == nil {
		token, _ := c.Get(ctxSessionToken).(string)
		err = a.store.Users.ChangePassword(c.Request().Context(), actor(c), req.CurrentPassword, req.NewPassword, token)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			if ra, ok := toDomain(err).Args["retry_after"].(int); ok {
				c.Response().Header().Set("Retry-After", itoa(ra)) // throttled like a sign-in
			}
			// Passwords are never sent back into the page.
			return a.render(c, f.Status, "password", &view{Title: a.localizer(c).T("password.title"), Form: &form{
				Values: url.Values{}, Errors: f.Errors, Order: f.Order, Error: f.Error, Status: f.Status}})
		})
	}
	return a.answer(c, result{flash: "flash.password_changed", redirect: "/"})
}
