package app

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

const (
	ctxUser         = "carddesk.user"
	ctxSessionToken = "carddesk.session"
	ctxVia          = "carddesk.via"
	csrfField       = "_csrf"
	csrfHeader      = "X-CSRF-Token"
)

func (a *App) sessionCookieName() string {
	if a.cfg.SecureCookies {
		return "__Host-carddesk_session" // __Host- pins the cookie to this host, path / and HTTPS
	}
	return "carddesk_session"
}

func (a *App) newRouter() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = a.errorHandler
	e.Validator = nil
	// Client address: the TCP peer, unless the request came through a
	// configured proxy. Throttling by address depends on this being right.
	if len(a.cfg.TrustedProxies) > 0 {
		opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
		for _, n := range a.cfg.TrustedProxies {
			opts = append(opts, echo.TrustIPRange(n))
		}
		e.IPExtractor = echo.ExtractIPFromXFFHeader(opts...)
	} else {
		e.IPExtractor = echo.ExtractIPDirect()
	}

	e.Use(assignRequestID)
	e.Use(a.logRequests)
	e.Use(a.recoverer)
	e.Use(a.securityHeaders)
	e.Use(middleware.BodyLimit("12M"))
	e.Use(a.authenticate)
	e.Use(a.csrf)
	loginLimiter := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: rate.Limit(float64(a.cfg.LoginRatePerMinute) / 60), Burst: a.cfg.LoginRatePerMinute, ExpiresIn: 10 * time.Minute,
	})
	e.Use(middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Skipper: func(c echo.Context) bool {
			p := c.Request().URL.Path
			return c.Request().Method != http.MethodPost || (p != "/login" && p != "/api/v1/session")
		},
		Store: loginLimiter,
		IdentifierExtractor: func(c echo.Context) (string, error) {
			return c.RealIP(), nil
		},
		ErrorHandler: func(c echo.Context, err error) error { return err },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			c.Response().Header().Set("Retry-After", "60")
			return &models.Error{Kind: models.KindTooMany, Code: "rate_limited", Message: "Too many requests. Wait a minute and try again."}
		},
	}))
	a.registerRoutes(e)
	return e
}

// skipCSRF exempts requests that cannot be forged by another site: bearer
// token calls (no ambient credential) and the JSON login, which a browser
// cannot send cross-site without a CORS preflight Carddesk never grants.
func (a *App) skipCSRF(c echo.Context) bool {
	if c.Get(ctxVia) == "token" {
		return true
	}
	r := c.Request()
	return r.URL.Path == "/api/v1/session" && r.Method == http.MethodPost &&
		strings.HasPrefix(r.Header.Get(echo.HeaderContentType), echo.MIMEApplicationJSON)
}

// authenticate resolves the bearer token or session cookie to a user, if any.
// It never refuses: require does, per route.
func (a *App) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if auth := r.Header.Get(echo.HeaderAuthorization); auth != "" {
			secret, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok || !isAPI(r.URL.Path) {
				return models.Fail(models.KindUnauthorized, "invalid_token", "Use a bearer token, on /api/ routes only.")
			}
			u, err := a.store.Auth.TokenUser(r.Context(), strings.TrimSpace(secret))
			if err != nil {
				if errors.Is(err, store.ErrBadToken) {
					return models.Fail(models.KindUnauthorized, "invalid_token", "The API token is invalid or revoked.")
				}
				return err
			}
			c.Set(ctxUser, u)
			c.Set(ctxVia, "token")
			return next(c)
		}
		if ck, err := r.Cookie(a.sessionCookieName()); err == nil && ck.Value != "" {
			u, err := a.store.Auth.SessionUser(r.Context(), ck.Value)
			switch {
			case err == nil:
				c.Set(ctxUser, u)
				c.Set(ctxSessionToken, ck.Value)
				c.Set(ctxVia, "session")
			case errors.Is(err, store.ErrNoSession):
				a.clearSessionCookie(c)
			default:
				return err
			}
		}
		return next(c)
	}
}

// require refuses the request unless the signed-in user holds perm. Pages
// send anonymous visitors to the login page; the API answers 401/403.
func (a *App) require(perm models.Permission) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := currentUser(c)
			path := c.Request().URL.Path
			if u == nil {
				if isAPI(path) {
					return models.Fail(models.KindUnauthorized, "unauthenticated", "Sign in or send a bearer token.")
				}
				target := "/login"
				if c.Request().Method == http.MethodGet && path != "/" {
					target += "?next=" + url.QueryEscape(c.Request().URL.RequestURI())
				}
				return c.Redirect(http.StatusSeeOther, target)
			}
			if u.MustChangePassword && !passwordChangeExempt(c) {
				if isAPI(path) {
					return models.Fail(models.KindForbidden, "password_change_required", "Change your password before continuing.")
				}
				return c.Redirect(http.StatusSeeOther, "/password")
			}
			if !u.Can(perm) {
				return &models.Error{Kind: models.KindForbidden, Code: "forbidden",
					Message: "You do not have the permission {{.perm}}.", Args: map[string]any{"perm": string(perm)}}
			}
			return next(c)
		}
	}
}

// passwordChangeExempt lists what a user with a one-time password may still
// do: change it, sign out, see who they are.
func passwordChangeExempt(c echo.Context) bool {
	switch c.Path() {
	case "/password", "/logout", "/api/v1/me", "/api/v1/session":
		return true
	}
	return false
}

func currentUser(c echo.Context) *models.User {
	u, _ := c.Get(ctxUser).(*models.User)
	return u
}

// actor describes who is acting, for the services and the audit trail.
func actor(c echo.Context) models.Actor {
	return models.Actor{User: currentUser(c), RequestID: requestID(c), IP: c.RealIP(), Via: via(c)}
}

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}

// startSession replaces whatever session the browser had by the new one: a
// sign-in always gets a new session id, and the old one stops working.
func (a *App) startSession(c echo.Context, token string) {
	if old, _ := c.Get(ctxSessionToken).(string); old != "" && old != token {
		if err := a.store.Auth.Logout(c.Request().Context(), actor(c), old); err != nil {
			a.log.Warn("end previous session", "error", err.Error())
		}
	}
	a.setSessionCookie(c, token)
	a.clearCSRFCookie(c) // the new session brings its own CSRF token
}

func (a *App) setSessionCookie(c echo.Context, token string) {
	c.SetCookie(&http.Cookie{Name: a.sessionCookieName(), Value: token, Path: "/", HttpOnly: true,
		Secure: a.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (a *App) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: a.sessionCookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: a.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (a *App) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if a.cfg.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if !strings.HasPrefix(c.Request().URL.Path, "/static/") {
			// Pages carry personal data: never keep them in shared or browser caches.
			h.Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}

// logRequests writes one structured line per request. The query string is
// left out: searches carry names of people.
func (a *App) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		status := c.Response().Status
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		elapsed := time.Since(start)
		a.metrics.observe(c.Request().Method, route, status, elapsed)
		if route == "/healthz" || route == "/readyz" || route == "/metrics" {
			return nil
		}
		attrs := []slog.Attr{
			slog.String("method", c.Request().Method), slog.String("route", route),
			slog.String("path", c.Request().URL.Path), slog.Int("status", status),
			slog.Duration("duration", elapsed), slog.String("request_id", requestID(c)),
			slog.String("ip", c.RealIP()),
		}
		if u := currentUser(c); u != nil {
			attrs = append(attrs, slog.Int64("user_id", u.ID))
		}
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		a.log.LogAttrs(c.Request().Context(), level, "request", attrs...)
		return nil
	}
}

func (a *App) recoverer(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				a.log.Error("panic", "request_id", requestID(c), "panic", r)
				err = errors.New("panic in handler")
			}
		}()
		return next(c)
	}
}
