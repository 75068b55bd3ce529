package app_test

import "github.com/carddesk/carddesk/models"

func init() {
	expectRoutes(map[string]models.Permission{
		"POST /workers/:id/versions":           models.PermWorkerManage,
		"POST /api/v1/workers/:id/versions":    models.PermWorkerManage,
		"GET /api/v1/workers/:id/versions":     models.PermWorkerRead,
		"GET /employers/:id":                   models.PermWorkerRead,
		"POST /employers/:id/versions":         models.PermEmployerManage,
		"POST /api/v1/employers/:id/versions":  models.PermEmployerManage,
		"GET /api/v1/employers/:id/versions":   models.PermWorkerRead,
		"POST /api/v1/missions/:id/close":      models.PermMissionManage,
		"POST /missions/:id/reopen":            models.PermMissionManage,
		"POST /api/v1/missions/:id/reopen":     models.PermMissionManage,
		"GET /api/v1/missions/:id/versions":    models.PermWorkerRead,
		"GET /employments/:id/end":             models.PermWorkerManage,
		"POST /employments/:id/end":            models.PermWorkerManage,
		"POST /api/v1/employments/:id/end":     models.PermWorkerManage,
		"GET /employments/:id/terms":           models.PermWorkerManage,
		"POST /employments/:id/terms":          models.PermWorkerManage,
		"POST /api/v1/employments/:id/terms":   models.PermWorkerManage,
		"GET /api/v1/employments/:id/versions": models.PermWorkerRead,
	})
}
