package app_test

import (
	"github.com/carddesk/carddesk/app"
	"github.com/carddesk/carddesk/models"
)

func init() {
	expectRoutes(map[string]models.Permission{
		"GET /login/two-factor":                   app.Public,
		"POST /login/two-factor":                  app.Public,
		"GET /login/two-factor/enrol":             app.Public,
		"GET /login/two-factor/enrol/qr.png":      app.Public,
		"POST /login/two-factor/enrol":            app.Public,
		"GET /account/two-factor":                 models.PermAuthenticated,
		"GET /account/two-factor/qr.png":          models.PermAuthenticated,
		"POST /account/two-factor":                models.PermAuthenticated,
		"GET /admin/two-factor":                   models.PermUserManage,
		"GET /api/v1/two-factor":                  models.PermUserManage,
		"POST /admin/two-factor":                  models.PermUserManage,
		"PUT /api/v1/two-factor/policy":           models.PermUserManage,
		"POST /admin/users/:id/two-factor/reset":  models.PermUserManage,
		"POST /api/v1/users/:id/two-factor/reset": models.PermUserManage,
	})
}
