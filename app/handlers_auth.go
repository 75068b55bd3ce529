package app

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

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
	f.Values["next"] = []string{safeNext(c.QueryParam("next"))}
	return a.render(c, http.StatusOK, "login", &view{Title: a.localizer(c).T("login.title"), Form: f})
}

func (a *App) loginSubmit(c echo.Context) error {
	f := newForm()
	f.Values["email"] = []string{c.FormValue("email")}
	f.Values["next"] = []string{safeNext(c.FormValue("next"))}
	sess, err := a.store.Auth.Login(c.Request().Context(), store.LoginRequest{
		Email: c.FormValue("email"), Password: c.FormValue("password"),
		IP: c.RealIP(), UserAgent: c.Request().UserAgent(), RequestID: requestID(c), Via: "web",
	})
	if err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		if ra, ok := toDomain(err).Args["retry_after"].(int); ok {
			c.Response().Header().Set("Retry-After", itoa(ra))
		}
		if status == http.StatusUnauthorized {
			// A page answer, not an HTTP authentication challenge.
			status = http.StatusOK
		}
		return a.render(c, status, "login", &view{Title: a.localizer(c).T("login.title"), Form: f})
	}
	a.startSession(c, sess.Token)
	if sess.User.MustChangePassword {
		return c.Redirect(http.StatusSeeOther, "/password")
	}
	return c.Redirect(http.StatusSeeOther, f.Value("next"))
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

func (a *App) languageSubmit(c echo.Context) error {
	lang := c.FormValue("lang")
	if !slices.Contains(models.Locales, lang) {
		lang = ""
	}
	c.SetCookie(&http.Cookie{Name: "carddesk_lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: a.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	if currentUser(c) != nil {
		if err := a.store.Users.SetLocale(c.Request().Context(), actor(c), lang); err != nil {
			return err
		}
	}
	return c.Redirect(http.StatusSeeOther, safeNext(c.FormValue("next")))
}

func (a *App) homePage(c echo.Context) error {
	u := currentUser(c)
	type section struct{ Href, Title, Text string }
	loc := a.localizer(c)
	var sections []section
	add := func(perm models.Permission, href, title, text string) {
		if u.Can(perm) {
			sections = append(sections, section{href, loc.T(title), loc.T(text)})
		}
	}
	add(models.PermWorkerRead, "/workers", "nav.workers", "home.workers_text")
	add(models.PermApplicationRead, "/applications", "nav.applications", "home.applications_text")
	add(models.PermInterviewRecord, "/interviews", "nav.interviews", "home.interviews_text")
	add(models.PermCardRead, "/cards/due", "nav.renewals", "home.renewals_text")
	add(models.PermScaleRead, "/scales", "scales.title", "home.scales_text")
	add(models.PermUserManage, "/admin/users", "nav.users", "home.users_text")
	add(models.PermAuditRead, "/admin/audit", "nav.audit", "home.audit_text")
	sections = append(sections, section{"/password", loc.T("password.title"), loc.T("home.password_text")})

	// Admins and clerks (who publish scales and generate contracts) are told
	// first when the salary scale in force is older than the configured age.
	var alerts []section
	if u.Can(models.PermScaleRead) {
		stale, err := a.store.Scales.Stale(c.Request().Context(), actor(c))
		if err != nil {
			// The home page still opens; the scale pages show the problem.
			a.log.Error("stale scale check", "request_id", requestID(c), "error", err.Error())
		}
		if stale != nil {
			alerts = append(alerts, section{"/scales", loc.T("scales.home_alert_title"), loc.T("scales.home_alert_text", "id", stale.ID,
				"date", stale.EffectiveDate.Format("2006-01-02"), "months", a.store.Scales.MaxAgeMonths())})
		}
	}
	perms := []string{}
	for _, p := range models.AllPermissions() {
		if u.Can(p) {
			perms = append(perms, string(p))
		}
	}
	return a.render(c, http.StatusOK, "home", &view{Title: loc.T("home.title"),
		Data: map[string]any{"Sections": sections, "Alerts": alerts, "Permissions": perms}})
}

func (a *App) passwordPage(c echo.Context) error {
	return a.render(c, http.StatusOK, "password", &view{Title: a.localizer(c).T("password.title")})
}

func (a *App) passwordSubmit(c echo.Context) error {
	f := newForm()
	token, _ := c.Get(ctxSessionToken).(string)
	next := c.FormValue("new_password")
	var err error
	if next != c.FormValue("confirm_password") {
		var v models.Validation
		v.Add("confirm_password", "password_mismatch", "The two new passwords differ.")
		err = v.Err()
	} else {
		err = a.store.Users.ChangePassword(c.Request().Context(), actor(c), c.FormValue("current_password"), next, token)
	}
	if err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		// Passwords are never sent back into the page.
		return a.render(c, status, "password", &view{Title: a.localizer(c).T("password.title"), Form: f})
	}
	a.flash(c, "flash.password_changed")
	return c.Redirect(http.StatusSeeOther, "/")
}
