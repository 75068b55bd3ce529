package app

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// Public marks a route anyone may call, signed in or not.
const Public models.Permission = ""

// Route is one entry of the route table: who may call it is declared here,
// with the route, so access can be reviewed at a glance.
type Route struct {
	Method string
	Path   string
	Perm   models.Permission
}

// routes registers every route. Each line names the permission it needs;
// handle refuses a route without one, so a new route cannot forget it.
func (a *App) registerRoutes(e *echo.Echo) {
	// Operations.
	a.handle(e, http.MethodGet, "/healthz", Public, a.healthz)
	a.handle(e, http.MethodGet, "/readyz", Public, a.readyz)
	a.handle(e, http.MethodGet, "/metrics", Public, a.metricsHandler)
	a.handle(e, http.MethodGet, "/static/*", Public, a.static)

	// Signing in and the user's own account.
	a.handle(e, http.MethodGet, "/login", Public, a.loginPage)
	a.handle(e, http.MethodPost, "/login", Public, a.loginSubmit)
	a.handle(e, http.MethodPost, "/language", Public, a.languageSubmit)
	a.handle(e, http.MethodPost, "/logout", models.PermAuthenticated, a.logoutSubmit)
	a.handle(e, http.MethodGet, "/", models.PermAuthenticated, a.homePage)
	a.handle(e, http.MethodGet, "/password", models.PermAuthenticated, a.passwordPage)
	a.handle(e, http.MethodPost, "/password", models.PermAuthenticated, a.passwordSubmit)
	a.handle(e, http.MethodGet, "/leaflets/:lang", models.PermAuthenticated, a.leafletPDF)

	// Staff accounts (admins).
	a.handle(e, http.MethodGet, "/admin/users", models.PermUserManage, a.usersPage)
	a.handle(e, http.MethodGet, "/admin/users/new", models.PermUserManage, a.userNewPage)
	a.handle(e, http.MethodPost, "/admin/users", models.PermUserManage, a.userCreateSubmit)
	a.handle(e, http.MethodGet, "/admin/users/:id", models.PermUserManage, a.userEditPage)
	a.handle(e, http.MethodPost, "/admin/users/:id", models.PermUserManage, a.userUpdateSubmit)
	a.handle(e, http.MethodPost, "/admin/users/:id/deactivate", models.PermUserManage, a.userDeactivateSubmit)
	a.handle(e, http.MethodPost, "/admin/users/:id/reactivate", models.PermUserManage, a.userReactivateSubmit)
	a.handle(e, http.MethodPost, "/admin/users/:id/reset-password", models.PermUserManage, a.userResetPasswordSubmit)

	// Audit trail (admins).
	a.handle(e, http.MethodGet, "/admin/audit", models.PermAuditRead, a.auditPage)

	// JSON API.
	a.handle(e, http.MethodGet, "/api/v1/openapi.json", Public, a.apiOpenAPI)
	a.handle(e, http.MethodPost, "/api/v1/session", Public, a.apiLogin)
	a.handle(e, http.MethodDelete, "/api/v1/session", models.PermAuthenticated, a.apiLogout)
	a.handle(e, http.MethodGet, "/api/v1/me", models.PermAuthenticated, a.apiMe)
	a.handle(e, http.MethodGet, "/api/v1/users", models.PermUserManage, a.apiUsers)
	a.handle(e, http.MethodPost, "/api/v1/users", models.PermUserManage, a.apiCreateUser)
	a.handle(e, http.MethodGet, "/api/v1/audit", models.PermAuditRead, a.apiAudit)

	// Each feature registers its pages and API routes in its own file.
	a.registerCardRoutes(e)
	a.registerCardAPIRoutes(e)
	a.registerScaleRoutes(e)
	a.registerInterviewRoutes(e)
}

func (a *App) handle(e *echo.Echo, method, path string, perm models.Permission, h echo.HandlerFunc) {
	a.routes = append(a.routes, Route{Method: method, Path: path, Perm: perm})
	if perm == Public {
		e.Add(method, path, h)
		return
	}
	e.Add(method, path, h, a.require(perm))
}
