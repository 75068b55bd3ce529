package app

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/twofactor"
	"github.com/carddesk/carddesk/models"
)

// Two-factor sign-in (issue 10): the second step of the login page, the
// enrolment (QR code and secret), the user's own page, and the admins'
// requirement per role and reset. A correct password of a user who needs a
// second factor opens no session, only a challenge cookie that these pages
// alone read (store/twofactor.go).

// secondFactorRequest is the code of the second step: six digits from the
// app, or a recovery code.
type secondFactorRequest struct {
	Code string `form:"code" json:"code" max:"64"`
	Next string `form:"next" json:"-" max:"2000"`
}

// totpPolicyRequest lists the roles that require a second factor; the
// others do not.
type totpPolicyRequest struct {
	Required []models.Role `form:"required" json:"required" max:"20"`
}

// Validate refuses an unknown role.
func (r totpPolicyRequest) Validate(time.Time) error {
	var v models.Validation
	for _, role := range r.Required {
		if !role.Valid() {
			v.Add("required", "invalid_role", "Unknown role.")
			break
		}
	}
	return v.Err()
}

func (r totpPolicyRequest) policy() models.TOTPPolicy {
	p := models.TOTPPolicy{}
	for _, role := range models.Roles {
		p[role] = false
	}
	for _, role := range r.Required {
		p[role] = true
	}
	return p
}

// totpResetRequest says why an admin resets someone's second factor.
type totpResetRequest struct {
	Reason string `form:"reason" json:"reason" max:"500"`
}

// qrSize is the side of the QR code in pixels: large enough for a phone
// held at arm's length.
const qrSize = 240

func (a *App) challengeCookieName() string {
	if a.cfg.SecureCookies {
		return "__Host-carddesk_signin"
	}
	return "carddesk_signin"
}

func (a *App) challengeToken(c echo.Context) string {
	ck, err := c.Cookie(a.challengeCookieName())
	if err != nil {
		return ""
	}
	return ck.Value
}

func (a *App) setChallengeCookie(c echo.Context, ch *store.Challenge) {
	// MaxAge, not Expires: the challenge's expiry is by the store's clock,
	// and the browser's may differ; the server checks the expiry anyway.
	c.SetCookie(&http.Cookie{Name: a.challengeCookieName(), Value: ch.Token, Path: "/", HttpOnly: true,
		Secure: a.cfg.SecureCookies, SameSite: http.SameSiteStrictMode, MaxAge: int(ch.TTL.Seconds())})
}

func (a *App) clearChallengeCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: a.challengeCookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: a.cfg.SecureCookies, SameSite: http.SameSiteStrictMode})
}

func signInMeta(c echo.Context) store.SignInMeta {
	return store.SignInMeta{IP: c.RealIP(), UserAgent: c.Request().UserAgent(), RequestID: requestID(c), Via: via(c)}
}

// secondStepURL is where a sign-in waiting for step goes.
func secondStepURL(step models.SecondFactorStep, next string) string {
	path := "/login/two-factor"
	if step == models.StepEnrol {
		path += "/enrol"
	}
	if next = safeNext(next); next != "/" {
		path += "?next=" + url.QueryEscape(next)
	}
	return path
}

// toSecondStep sends the browser whose password was right to its second
// step, with the challenge in its cookie.
func (a *App) toSecondStep(c echo.Context, ch *store.Challenge, next string) error {
	a.setChallengeCookie(c, ch)
	return c.Redirect(http.StatusSeeOther, secondStepURL(ch.Step, next))
}

// signInAgain answers a second step whose sign-in is gone (expired, done,
// reset meanwhile): back to the login page, which says so.
func (a *App) signInAgain(c echo.Context) error {
	a.clearChallengeCookie(c)
	return c.Redirect(http.StatusSeeOther, "/login?expired=1")
}

// afterSignIn opens the session of a completed sign-in in the browser. The
// page drawn in the same answer (the recovery codes) is the new session's:
// its user, and its CSRF token for the forms on it.
func (a *App) afterSignIn(c echo.Context, sess *store.Session) {
	a.clearChallengeCookie(c)
	a.startSession(c, sess.Token)
	c.Set(ctxUser, sess.User)
	c.Set(ctxSessionToken, sess.Token)
	c.Set(ctxVia, "session")
	c.Set(csrfContextKey, sessionCSRFToken(sess.Token))
}

func landing(u *models.User, next string) string {
	if u.MustChangePassword {
		return "/password"
	}
	return safeNext(next)
}

// totpCodePage is GET /login/two-factor: the code, after the password.
func (a *App) totpCodePage(c echo.Context) error {
	switch a.store.TwoFactor.ChallengeStep(c.Request().Context(), a.challengeToken(c)) {
	case models.StepCode:
	case models.StepEnrol:
		return c.Redirect(http.StatusSeeOther, secondStepURL(models.StepEnrol, c.QueryParam("next")))
	default:
		return a.signInAgain(c)
	}
	f := newForm()
	f.Values.Set("next", safeNext(c.QueryParam("next")))
	return a.renderTOTPCode(c, f)
}

func (a *App) renderTOTPCode(c echo.Context, f *form) error {
	f.Values.Del("code") // a code is never sent back into the page
	if f.Status == 0 || f.Status == http.StatusUnauthorized {
		f.Status = http.StatusOK // a page answer, not an HTTP authentication challenge
	}
	return a.render(c, f.Status, "totp_code", &view{Title: a.localizer(c).T("totp.code_title"), Form: f})
}

// totpCodeSubmit is POST /login/two-factor.
func (a *App) totpCodeSubmit(c echo.Context) error {
	var req secondFactorRequest
	err := a.bind(c, &req)
	var sess *store.Session
	if err == nil {
		sess, err = a.store.TwoFactor.SignIn(c.Request().Context(), a.challengeToken(c), req.Code, signInMeta(c))
	}
	if models.ErrorCode(err) == "sign_in_expired" {
		return a.signInAgain(c)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			f.Values.Set("next", safeNext(f.Value("next")))
			if ra, ok := toDomain(err).Args["retry_after"].(int); ok {
				c.Response().Header().Set("Retry-After", itoa(ra))
			}
			return a.renderTOTPCode(c, f)
		})
	}
	a.afterSignIn(c, sess)
	return c.Redirect(http.StatusSeeOther, landing(sess.User, req.Next))
}

// enrolView is the enrolment page's data.
type enrolView struct {
	Secret    string // in groups of four, as apps ask for it
	QRCode    string // the image's address
	Action    string // where the code is sent
	Account   string
	Confining bool // the role requires it: nothing else until it is done
}

func groupSecret(s string) string {
	var parts []string
	for i := 0; i < len(s); i += 4 {
		parts = append(parts, s[i:min(i+4, len(s))])
	}
	return strings.Join(parts, " ")
}

// totpEnrolPage is GET /login/two-factor/enrol: a role that requires a
// second factor, for a user who has none, after the password.
func (a *App) totpEnrolPage(c echo.Context) error {
	token := a.challengeToken(c)
	p, err := a.store.TwoFactor.Pending(c.Request().Context(), store.Enrollee{AtSignIn: true, Challenge: token}, "page")
	if models.ErrorCode(err) == "sign_in_expired" {
		return a.signInAgain(c)
	}
	if err != nil {
		return err
	}
	f := newForm()
	f.Values.Set("next", safeNext(c.QueryParam("next")))
	return a.renderEnrol(c, f, p, enrolView{QRCode: "/login/two-factor/enrol/qr.png", Action: "/login/two-factor/enrol", Confining: true})
}

func (a *App) renderEnrol(c echo.Context, f *form, p *store.PendingEnrolment, v enrolView) error {
	f.Values.Del("code")
	if f.Status == 0 || f.Status == http.StatusUnauthorized {
		f.Status = http.StatusOK
	}
	v.Secret, v.Account = groupSecret(p.Secret), p.Account
	return a.render(c, f.Status, "totp_enrol", &view{Title: a.localizer(c).T("totp.enrol_title"), Form: f, Data: v})
}

// totpEnrolQR is GET /login/two-factor/enrol/qr.png.
func (a *App) totpEnrolQR(c echo.Context) error {
	return a.qrCode(c, store.Enrollee{AtSignIn: true, Challenge: a.challengeToken(c)})
}

// qrCode draws the pending secret's QR code. It is its own route because
// the pages' Content-Security-Policy (img-src 'self') refuses data: images;
// it is never cached (Cache-Control: no-store, like every page).
func (a *App) qrCode(c echo.Context, who store.Enrollee) error {
	p, err := a.store.TwoFactor.Pending(c.Request().Context(), who, "QR code")
	if err != nil {
		return err
	}
	png, err := twofactor.QRCode(p.Secret, p.Account, qrSize)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "image/png", png)
}

// totpEnrolSubmit is POST /login/two-factor/enrol: the first code confirms
// the enrolment and opens the session; the recovery codes are shown once.
func (a *App) totpEnrolSubmit(c echo.Context) error {
	token := a.challengeToken(c)
	var req secondFactorRequest
	err := a.bind(c, &req)
	var done *store.Enrolled
	if err == nil {
		done, err = a.store.TwoFactor.Confirm(c.Request().Context(), store.Enrollee{AtSignIn: true, Challenge: token}, req.Code, signInMeta(c))
	}
	if models.ErrorCode(err) == "sign_in_expired" {
		return a.signInAgain(c)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			p, perr := a.store.TwoFactor.Pending(c.Request().Context(), store.Enrollee{AtSignIn: true, Challenge: token}, "page")
			if perr != nil {
				return perr
			}
			f.Values.Set("next", safeNext(f.Value("next")))
			return a.renderEnrol(c, f, p, enrolView{QRCode: "/login/two-factor/enrol/qr.png", Action: "/login/two-factor/enrol", Confining: true})
		})
	}
	a.afterSignIn(c, done.Session)
	return a.renderRecoveryCodes(c, done, landing(done.Session.User, req.Next))
}

func (a *App) renderRecoveryCodes(c echo.Context, done *store.Enrolled, next string) error {
	return a.render(c, http.StatusOK, "totp_recovery", &view{Title: a.localizer(c).T("totp.recovery_title"),
		Data: map[string]any{"Codes": done.RecoveryCodes, "Next": next}})
}

// totpAccountPage is GET /account/two-factor: the user's own second factor,
// and setting it up (again, with ?replace=1, on a new phone).
func (a *App) totpAccountPage(c echo.Context) error {
	ctx := c.Request().Context()
	st, err := a.store.TwoFactor.Status(ctx, actor(c), currentUser(c).ID)
	if err != nil {
		return err
	}
	if st.Enrolled && c.QueryParam("replace") == "" {
		return a.render(c, http.StatusOK, "totp_account", &view{Title: a.localizer(c).T("totp.account_title"), Data: st})
	}
	p, err := a.store.TwoFactor.Pending(ctx, store.Enrollee{Actor: actor(c)}, "page")
	if err != nil {
		return err
	}
	return a.renderEnrol(c, newForm(), p, enrolView{QRCode: "/account/two-factor/qr.png", Action: "/account/two-factor"})
}

// totpAccountQR is GET /account/two-factor/qr.png.
func (a *App) totpAccountQR(c echo.Context) error {
	return a.qrCode(c, store.Enrollee{Actor: actor(c)})
}

// totpAccountSubmit is POST /account/two-factor: a signed-in user confirms
// a new secret; it replaces the one before.
func (a *App) totpAccountSubmit(c echo.Context) error {
	var req secondFactorRequest
	err := a.bind(c, &req)
	var done *store.Enrolled
	if err == nil {
		done, err = a.store.TwoFactor.Confirm(c.Request().Context(), store.Enrollee{Actor: actor(c)}, req.Code, signInMeta(c))
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			p, perr := a.store.TwoFactor.Pending(c.Request().Context(), store.Enrollee{Actor: actor(c)}, "page")
			if perr != nil {
				return perr
			}
			return a.renderEnrol(c, f, p, enrolView{QRCode: "/account/two-factor/qr.png", Action: "/account/two-factor"})
		})
	}
	return a.renderRecoveryCodes(c, done, "/")
}

// totpPolicyJSON is a role's requirement as the API shows it.
type totpPolicyJSON struct {
	Role      string    `json:"role"`
	Required  bool      `json:"required"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by,omitempty"`
}

// totpStatusJSON is an account's second factor as the API shows it.
type totpStatusJSON struct {
	UserID            int64      `json:"user_id"`
	Email             string     `json:"email"`
	Name              string     `json:"name"`
	Active            bool       `json:"active"`
	Enrolled          bool       `json:"enrolled"`
	EnrolledAt        *time.Time `json:"enrolled_at,omitempty"`
	RecoveryCodesLeft int64      `json:"recovery_codes_left"`
	Required          bool       `json:"required"`
}

// totpAdminPage is GET /admin/two-factor and GET /api/v1/two-factor: the
// requirement per role and every account's second factor.
func (a *App) totpAdminPage(c echo.Context) error {
	return a.renderTOTPAdmin(c, nil)
}

func (a *App) renderTOTPAdmin(c echo.Context, f *form) error {
	ctx := c.Request().Context()
	policies, err := a.store.TwoFactor.Policies(ctx, actor(c))
	if err != nil {
		return err
	}
	statuses, err := a.store.TwoFactor.Statuses(ctx, actor(c))
	if err != nil {
		return err
	}
	if isAPI(c.Request().URL.Path) {
		out := map[string]any{"policies": []totpPolicyJSON{}, "users": []totpStatusJSON{}}
		ps := make([]totpPolicyJSON, len(policies))
		for i, p := range policies {
			ps[i] = totpPolicyJSON{Role: string(p.Role), Required: p.Required, UpdatedAt: p.UpdatedAt, UpdatedBy: p.UpdatedBy}
		}
		us := make([]totpStatusJSON, len(statuses))
		for i, s := range statuses {
			us[i] = totpStatusJSON{UserID: s.UserID, Email: s.Email, Name: s.Name, Active: s.Active, Enrolled: s.Enrolled,
				EnrolledAt: s.EnrolledAt, RecoveryCodesLeft: s.RecoveryCodesLeft, Required: s.Required}
		}
		out["policies"], out["users"] = ps, us
		return c.JSON(http.StatusOK, out)
	}
	status := http.StatusOK
	if f == nil {
		f = newForm()
	} else {
		status = f.Status
	}
	return a.render(c, status, "totp_admin", &view{Title: a.localizer(c).T("totp.admin_title"), Form: f,
		Data: map[string]any{"Policies": policies, "Users": statuses, "Roles": models.Roles}})
}

// totpPolicySave is POST /admin/two-factor and PUT /api/v1/two-factor/policy.
func (a *App) totpPolicySave(c echo.Context) error {
	var req totpPolicyRequest
	err := a.bind(c, &req)
	if err == nil {
		err = a.store.TwoFactor.SetPolicy(c.Request().Context(), actor(c), req.policy())
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderTOTPAdmin(c, f) })
	}
	if isAPI(c.Request().URL.Path) {
		return a.renderTOTPAdmin(c, nil)
	}
	return a.answer(c, result{flash: "flash.totp_policy_saved", redirect: "/admin/two-factor"})
}

// totpReset is POST /admin/users/:id/two-factor/reset and its API twin.
func (a *App) totpReset(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req totpResetRequest
	err = a.bind(c, &req)
	if err == nil {
		err = a.store.TwoFactor.Reset(c.Request().Context(), actor(c), id, req.Reason)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderTOTPAdmin(c, f) })
	}
	return a.answer(c, result{status: http.StatusOK, body: map[string]any{"user_id": id, "enrolled": false},
		flash: "flash.totp_reset", redirect: "/admin/two-factor"})
}
