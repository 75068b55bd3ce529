package app_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// wantPerm is the access table written out a second time, on purpose: a route
// added, removed or whose permission changes must be changed here too, so
// access changes are always deliberate and reviewed.
var wantPerm = map[string]models.Permission{
	"GET /healthz":   app.Public,
	"GET /readyz":    app.Public,
	"GET /static/*":  app.Public,
	"GET /login":     app.Public,
	"POST /login":    app.Public,
	"POST /language": app.Public,

	"POST /logout":        models.PermAuthenticated,
	"GET /":               models.PermAuthenticated,
	"GET /password":       models.PermAuthenticated,
	"POST /password":      models.PermAuthenticated,
	"GET /leaflets/:lang": models.PermAuthenticated,

	"GET /admin/users":                     models.PermUserManage,
	"GET /admin/users/new":                 models.PermUserManage,
	"POST /admin/users":                    models.PermUserManage,
	"GET /admin/users/:id":                 models.PermUserManage,
	"POST /admin/users/:id":                models.PermUserManage,
	"POST /admin/users/:id/deactivate":     models.PermUserManage,
	"POST /admin/users/:id/reactivate":     models.PermUserManage,
	"POST /admin/users/:id/reset-password": models.PermUserManage,
	"GET /admin/audit":                     models.PermAuditRead,

	"GET /api/v1/openapi.json": app.Public,
	"POST /api/v1/session":     app.Public,
	"DELETE /api/v1/session":   models.PermAuthenticated,
	"GET /api/v1/me":           models.PermAuthenticated,
	"GET /api/v1/users":        models.PermUserManage,
	"POST /api/v1/users":       models.PermUserManage,
	"GET /api/v1/audit":        models.PermAuditRead,
}

// expectRoutes adds a feature's routes to wantPerm; each feature's test file
// calls it from an init function, next to its tests.
func expectRoutes(m map[string]models.Permission) {
	for k, v := range m {
		if _, dup := wantPerm[k]; dup {
			panic("wantPerm: " + k + " listed twice")
		}
		wantPerm[k] = v
	}
}

// TestRouteTableDeclaresEveryRoute fails when a route is registered without
// going through the permission table, or the table and wantPerm disagree.
func TestRouteTableDeclaresEveryRoute(t *testing.T) {
	e := newEnv(t, store.SQLite)
	declared := map[string]models.Permission{}
	for _, r := range e.app.Routes() {
		declared[r.Method+" "+r.Path] = r.Perm
	}
	for _, r := range e.app.Handler().Routes() {
		key := r.Method + " " + r.Path
		if _, ok := declared[key]; !ok {
			t.Errorf("route %s is registered without a permission (use App.handle)", key)
		}
	}
	for key, perm := range declared {
		want, ok := wantPerm[key]
		if !ok {
			t.Errorf("route %s (%q) is missing from wantPerm: add it with the permission it needs", key, perm)
		} else if want != perm {
			t.Errorf("route %s needs %q, want %q", key, perm, want)
		}
	}
	for key := range wantPerm {
		if _, ok := declared[key]; !ok {
			t.Errorf("wantPerm lists %s, which is not registered", key)
		}
	}
}

// TestRouteAccessByRole walks the whole route table as anonymous, clerk,
// interviewer and admin, and checks each answer against the permission.
func TestRouteAccessByRole(t *testing.T) {
	e := newEnv(t, store.SQLite)
	// A target for :id routes that no walk can disturb for the others.
	target, _, err := e.store.Users.Create(t.Context(), system, models.NewUser{Email: "target@example.be", Name: "Target", Roles: []models.Role{models.RoleClerk}}, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"", "clerk", "interviewer", "admin"} {
		name := role
		if name == "" {
			name = "anonymous"
		}
		t.Run(name, func(t *testing.T) {
			for _, r := range e.app.Routes() {
				c := e.as(role) // fresh session each time: logout routes end it
				path := strings.ReplaceAll(r.Path, ":id", strconv.FormatInt(target.ID, 10))
				path = strings.ReplaceAll(path, "*", "app.css")
				var res *http.Response
				var body string
				if strings.HasPrefix(path, "/api/") && r.Method != http.MethodGet {
					res, body = c.do(r.Method, path, strings.NewReader("{}"), "application/json")
				} else if r.Method == http.MethodPost {
					res, body = c.postForm(path, nil)
				} else {
					res, body = c.do(r.Method, path, nil, "")
				}
				got := res.StatusCode
				key := r.Method + " " + r.Path
				var u *models.User
				if role != "" {
					u = e.users[role]
				}
				switch {
				case r.Perm == app.Public:
					refused := got == http.StatusUnauthorized && r.Path != "/api/v1/session" // the API login answers 401 to bad credentials
					if refused || got == http.StatusForbidden || (got == http.StatusSeeOther && res.Header.Get("Location") == "/login" && r.Path != "/logout") {
						// POST /login with an empty form is a 422 page, never a refusal.
						t.Errorf("%s as %s: public route answered %d", key, name, got)
					}
				case u == nil && strings.HasPrefix(r.Path, "/api/"):
					if got != http.StatusUnauthorized || !strings.Contains(res.Header.Get("Content-Type"), "application/problem+json") {
						t.Errorf("%s as anonymous: %d %s, want 401 problem+json", key, got, res.Header.Get("Content-Type"))
					}
				case u == nil:
					if got != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
						t.Errorf("%s as anonymous: %d to %q, want 303 to /login", key, got, res.Header.Get("Location"))
					}
				case !u.Can(r.Perm):
					if got != http.StatusForbidden {
						t.Errorf("%s as %s: %d, want 403", key, name, got)
					}
				default:
					if got == http.StatusUnauthorized || got == http.StatusForbidden || got >= 500 {
						t.Errorf("%s as %s: %d, want access: %.200s", key, name, got, body)
					}
				}
			}
		})
	}
}
