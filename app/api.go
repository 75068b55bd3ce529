package app

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

//go:embed openapi/*.json
var openAPIFS embed.FS

// openAPIDocument merges the per-feature fragments in openapi/ into one
// OpenAPI 3 document: foundation.json carries the header; each other file adds
// paths and components. A path or component defined twice is an error.
func openAPIDocument() ([]byte, error) {
	base, err := openAPIFS.ReadFile("openapi/foundation.json")
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(base, &doc); err != nil {
		return nil, fmt.Errorf("openapi/foundation.json: %w", err)
	}
	files, _ := fs.Glob(openAPIFS, "openapi/*.json")
	for _, f := range files {
		if f == "openapi/foundation.json" {
			continue
		}
		b, _ := openAPIFS.ReadFile(f)
		var frag map[string]any
		if err := json.Unmarshal(b, &frag); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if err := mergeInto(doc, frag, f); err != nil {
			return nil, err
		}
	}
	return json.MarshalIndent(doc, "", " ")
}

func mergeInto(doc, frag map[string]any, file string) error {
	for key, v := range frag {
		src, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %q must be an object", file, key)
		}
		dst, _ := doc[key].(map[string]any)
		if dst == nil {
			dst = map[string]any{}
			doc[key] = dst
		}
		for name, item := range src {
			if key == "components" {
				sub, _ := item.(map[string]any)
				if err := mergeInto(dst, map[string]any{name: sub}, file); err != nil {
					return err
				}
				continue
			}
			if _, dup := dst[name]; dup {
				return fmt.Errorf("%s: %s %q is defined twice", file, key, name)
			}
			dst[name] = item
		}
	}
	return nil
}

func (a *App) apiOpenAPI(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, a.openAPI)
}

// decodeJSON reads a JSON body strictly: an unknown field is a mistake the
// client should hear about, not silently lose.
func decodeJSON(c echo.Context, v any) error {
	if !strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEApplicationJSON) {
		return models.Fail(models.KindInvalid, "unsupported_media_type", "Send the body as application/json.")
	}
	dec := json.NewDecoder(io.LimitReader(c.Request().Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var v models.Validation
		msg := err.Error()
		if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
			v.Add(strings.Trim(f, `"`), "unknown_field", "This field is not part of the request.")
			return v.Err()
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			v.Add(te.Field, "wrong_type", "This field has the wrong type.")
			return v.Err()
		}
		return models.Fail(models.KindInvalid, "bad_json", "The body is not valid JSON.")
	}
	return nil
}

// userJSON is a staff account as the API shows it.
type userJSON struct {
	ID                 int64      `json:"id"`
	Email              string     `json:"email"`
	Name               string     `json:"name"`
	Roles              []string   `json:"roles"`
	Locale             string     `json:"locale"`
	Active             bool       `json:"active"`
	MustChangePassword bool       `json:"must_change_password"`
	DeactivatedAt      *time.Time `json:"deactivated_at,omitempty"`
	DeactivationReason string     `json:"deactivation_reason,omitempty"`
	CreatedAt          time.Time  `json:"created_at"`
}

func toUserJSON(u *models.User) userJSON {
	out := userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Roles: []string{}, Locale: u.Locale, Active: u.Active,
		MustChangePassword: u.MustChangePassword, DeactivatedAt: u.DeactivatedAt,
		DeactivationReason: u.DeactivationReason, CreatedAt: u.CreatedAt}
	for _, r := range u.Roles {
		out.Roles = append(out.Roles, string(r))
	}
	return out
}

type loginJSON struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (a *App) apiLogin(c echo.Context) error {
	var in loginJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	sess, err := a.store.Auth.Login(c.Request().Context(), store.LoginRequest{Email: in.Email, Password: in.Password,
		IP: c.RealIP(), UserAgent: c.Request().UserAgent(), RequestID: requestID(c), Via: "api"})
	if err != nil {
		return err
	}
	a.startSession(c, sess.Token)
	// The CSRF token for later calls with this cookie: sent back in the
	// X-CSRF-Token header, compared with its cookie by the CSRF middleware.
	csrf := newCSRFToken()
	c.SetCookie(&http.Cookie{Name: "carddesk_csrf", Value: csrf, Path: "/", HttpOnly: true,
		Secure: a.cfg.SecureCookies, SameSite: http.SameSiteStrictMode, Expires: time.Now().Add(24 * time.Hour)})
	return c.JSON(http.StatusCreated, map[string]any{"user": toUserJSON(sess.User), "csrf_token": csrf, "expires_at": sess.ExpiresAt})
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

func (a *App) apiMe(c echo.Context) error {
	u := currentUser(c)
	perms := []string{}
	for _, p := range models.AllPermissions() {
		if u.Can(p) {
			perms = append(perms, string(p))
		}
	}
	out := map[string]any{"user": toUserJSON(u), "permissions": perms}
	if tok, ok := c.Get("csrf").(string); ok && c.Get(ctxVia) == "session" {
		out["csrf_token"] = tok
	}
	return c.JSON(http.StatusOK, out)
}

func (a *App) apiUsers(c echo.Context) error {
	users, err := a.store.Users.List(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	out := make([]userJSON, len(users))
	for i, u := range users {
		out[i] = toUserJSON(u)
	}
	return c.JSON(http.StatusOK, map[string]any{"users": out})
}

type newUserJSON struct {
	Email    string   `json:"email"`
	Name     string   `json:"name"`
	Roles    []string `json:"roles"`
	Locale   string   `json:"locale"`
	Password string   `json:"password"`
}

func (a *App) apiCreateUser(c echo.Context) error {
	var in newUserJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	nu := models.NewUser{Email: in.Email, Name: in.Name, Locale: in.Locale}
	for _, r := range in.Roles {
		nu.Roles = append(nu.Roles, models.Role(r))
	}
	u, oneTime, err := a.store.Users.Create(c.Request().Context(), actor(c), nu, in.Password)
	if err != nil {
		return err
	}
	out := map[string]any{"user": toUserJSON(u)}
	if oneTime != "" {
		out["one_time_password"] = oneTime
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/users/"+itoa(int(u.ID)))
	return c.JSON(http.StatusCreated, out)
}

type auditJSON struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    *int64    `json:"actor_id"`
	ActorEmail string    `json:"actor_email"`
	Action     string    `json:"action"`
	RecordType string    `json:"record_type"`
	RecordID   string    `json:"record_id"`
	RequestID  string    `json:"request_id"`
	IP         string    `json:"ip"`
	Via        string    `json:"via"`
	Summary    string    `json:"summary"`
}

func (a *App) apiAudit(c echo.Context) error {
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	events, err := a.store.Audit.Events(c.Request().Context(), actor(c), f)
	if err != nil {
		return err
	}
	out := make([]auditJSON, len(events))
	for i, e := range events {
		out[i] = auditJSON(e)
	}
	resp := map[string]any{"events": out}
	if len(events) > 0 && (f.Limit == 0 && len(events) == 100 || len(events) == f.Limit) {
		resp["next_before"] = events[len(events)-1].ID
	}
	return c.JSON(http.StatusOK, resp)
}
