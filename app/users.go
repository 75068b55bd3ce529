package app

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// Staff accounts (admins): created with a one-time password, edited,
// deactivated with a reason (never deleted), reactivated, reset.

func itoa(n int) string { return strconv.Itoa(n) }

func userURL(id int64) string { return "/admin/users/" + strconv.FormatInt(id, 10) }

// userRequest is an account as an admin creates or edits it. The API may
// set an initial password; the page always issues a one-time one.
type userRequest struct {
	Email    string        `form:"email" json:"email" max:"254"`
	Name     string        `form:"name" json:"name" max:"120"`
	Roles    []models.Role `form:"roles" json:"roles" max:"20"`
	Locale   string        `form:"locale" json:"locale" max:"5"`
	Password string        `form:"-" json:"password" input:"secret" max:"1024"`
}

func (r userRequest) user() models.NewUser {
	return models.NewUser{Email: r.Email, Name: r.Name, Roles: r.Roles, Locale: r.Locale}
}

// reasonRequest carries the reason of a decision.
type reasonRequest struct {
	Reason string `form:"reason" json:"reason" input:"multiline" max:"2000"`
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

// userList is GET /admin/users and GET /api/v1/users.
func (a *App) userList(c echo.Context) error {
	users, err := a.store.Users.List(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	if isAPI(c.Request().URL.Path) {
		out := make([]userJSON, len(users))
		for i, u := range users {
			out[i] = toUserJSON(u)
		}
		return c.JSON(http.StatusOK, map[string]any{"users": out})
	}
	return a.render(c, http.StatusOK, "users", &view{Title: a.localizer(c).T("users.title"), Data: users})
}

func (a *App) userNewPage(c echo.Context) error {
	return a.render(c, http.StatusOK, "user_new", &view{Title: a.localizer(c).T("users.new")})
}

// userCreate is POST /admin/users and POST /api/v1/users. The one-time
// password is shown once, in this response, never stored in clear nor put
// in a redirect.
func (a *App) userCreate(c echo.Context) error {
	var req userRequest
	err := a.bind(c, &req)
	var u *models.User
	var oneTime string
	if err == nil {
		u, oneTime, err = a.store.Users.Create(c.Request().Context(), actor(c), req.user(), req.Password)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			return a.render(c, f.Status, "user_new", &view{Title: a.localizer(c).T("users.new"), Form: f})
		})
	}
	if isAPI(c.Request().URL.Path) {
		out := map[string]any{"user": toUserJSON(u)}
		if oneTime != "" {
			out["one_time_password"] = oneTime
		}
		return a.answer(c, result{status: http.StatusCreated, body: out, location: v1 + "/users/" + strconv.FormatInt(u.ID, 10)})
	}
	return a.render(c, http.StatusCreated, "user_password", &view{Title: a.localizer(c).T("users.one_time_title"),
		Data: map[string]any{"User": u, "Password": oneTime, "Created": true}})
}

func (a *App) userEditPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return a.renderUserEdit(c, id, newForm())
}

// renderUserEdit shows the account; an empty form is filled with its values.
func (a *App) renderUserEdit(c echo.Context, id int64, f *form) error {
	u, err := a.store.Users.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	if len(f.Values["name"]) == 0 {
		f.Values.Set("name", u.Name)
		f.Values.Set("locale", u.Locale)
		for _, r := range u.Roles {
			f.Values.Add("roles", string(r))
		}
	}
	return a.render(c, http.StatusOK, "user_edit", &view{Title: u.Name, Form: f, Data: u})
}

func (a *App) userUpdate(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req userRequest
	if err = a.bind(c, &req); err == nil {
		_, err = a.store.Users.Update(c.Request().Context(), actor(c), id, req.user())
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderUserEdit(c, id, f) })
	}
	return a.answer(c, result{flash: "flash.user_saved", redirect: userURL(id)})
}

func (a *App) userDeactivate(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req reasonRequest
	if err = a.bind(c, &req); err == nil {
		err = a.store.Users.Deactivate(c.Request().Context(), actor(c), id, req.Reason)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			// The account's own values, with the reason as typed.
			reason := f.Value("reason")
			f.Values = map[string][]string{}
			f.Values.Set("reason", reason)
			return a.renderUserEdit(c, id, f)
		})
	}
	return a.answer(c, result{flash: "flash.user_deactivated", redirect: userURL(id)})
}

func (a *App) userReactivate(c echo.Context) error {
	return a.oneTimePassword(c, a.store.Users.Reactivate)
}

func (a *App) userResetPassword(c echo.Context) error {
	return a.oneTimePassword(c, a.store.Users.ResetPassword)
}

// oneTimePassword runs an action that issues a one-time password and shows
// it once.
func (a *App) oneTimePassword(c echo.Context, do func(context.Context, models.Actor, int64) (string, error)) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	pw, err := do(c.Request().Context(), actor(c), id)
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			f.Values = map[string][]string{}
			return a.renderUserEdit(c, id, f)
		})
	}
	u, err := a.store.Users.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "user_password", &view{Title: a.localizer(c).T("users.one_time_title"),
		Data: map[string]any{"User": u, "Password": pw}})
}
