package app

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

func itoa(n int) string { return strconv.Itoa(n) }

func (a *App) usersPage(c echo.Context) error {
	users, err := a.store.Users.List(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "users", &view{Title: a.localizer(c).T("users.title"), Data: users})
}

func (a *App) userNewPage(c echo.Context) error {
	return a.render(c, http.StatusOK, "user_new", &view{Title: a.localizer(c).T("users.new")})
}

// userInput reads the account form shared by the create and edit pages.
func userInput(c echo.Context) (models.NewUser, *form) {
	vals, _ := c.FormParams()
	f := newForm()
	f.Values = vals
	in := models.NewUser{Email: c.FormValue("email"), Name: c.FormValue("name"), Locale: c.FormValue("locale")}
	for _, r := range vals["roles"] {
		in.Roles = append(in.Roles, models.Role(r))
	}
	return in, f
}

func (a *App) userCreateSubmit(c echo.Context) error {
	in, f := userInput(c)
	u, oneTime, err := a.store.Users.Create(c.Request().Context(), actor(c), in, "")
	if err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.render(c, status, "user_new", &view{Title: a.localizer(c).T("users.new"), Form: f})
	}
	// The one-time password is shown once, in this response, never stored
	// in clear nor put in a redirect.
	return a.render(c, http.StatusCreated, "user_password", &view{Title: a.localizer(c).T("users.one_time_title"),
		Data: map[string]any{"User": u, "Password": oneTime, "Created": true}})
}

func (a *App) userEditPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	u, err := a.store.Users.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	f := newForm()
	f.Values["name"] = []string{u.Name}
	f.Values["locale"] = []string{u.Locale}
	for _, r := range u.Roles {
		f.Values["roles"] = append(f.Values["roles"], string(r))
	}
	return a.render(c, http.StatusOK, "user_edit", &view{Title: u.Name, Form: f, Data: u})
}

func (a *App) userUpdateSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	in, f := userInput(c)
	if _, err := a.store.Users.Update(c.Request().Context(), actor(c), id, in); err != nil {
		return a.userEditAgain(c, id, f, err)
	}
	a.flash(c, "flash.user_saved")
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(id, 10))
}

// userEditAgain shows the edit page again with the user's input and the error.
func (a *App) userEditAgain(c echo.Context, id int64, f *form, cause error) error {
	status, ok := a.formError(c, f, cause)
	if !ok {
		return cause
	}
	u, err := a.store.Users.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	if len(f.Values["name"]) == 0 {
		f.Values["name"] = []string{u.Name}
		f.Values["locale"] = []string{u.Locale}
		for _, r := range u.Roles {
			f.Values["roles"] = append(f.Values["roles"], string(r))
		}
	}
	return a.render(c, status, "user_edit", &view{Title: u.Name, Form: f, Data: u})
}

func (a *App) userDeactivateSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	f := newForm()
	f.Values["reason"] = []string{c.FormValue("reason")}
	if err := a.store.Users.Deactivate(c.Request().Context(), actor(c), id, c.FormValue("reason")); err != nil {
		return a.userEditAgain(c, id, f, err)
	}
	a.flash(c, "flash.user_deactivated")
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(id, 10))
}

func (a *App) userReactivateSubmit(c echo.Context) error {
	return a.oneTimePassword(c, a.store.Users.Reactivate)
}

func (a *App) userResetPasswordSubmit(c echo.Context) error {
	return a.oneTimePassword(c, a.store.Users.ResetPassword)
}

func (a *App) oneTimePassword(c echo.Context, do func(context.Context, models.Actor, int64) (string, error)) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	pw, err := do(c.Request().Context(), actor(c), id)
	if err != nil {
		return a.userEditAgain(c, id, newForm(), err)
	}
	u, err := a.store.Users.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "user_password", &view{Title: a.localizer(c).T("users.one_time_title"),
		Data: map[string]any{"User": u, "Password": pw}})
}
