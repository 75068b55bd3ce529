package app_test

import "github.com/carddesk/carddesk/models"

func init() {
	expectRoutes(map[string]models.Permission{
		"GET /missions":                        models.PermWorkerRead,
		"GET /missions/new":                    models.PermMissionManage,
		"POST /missions":                       models.PermMissionManage,
		"GET /missions/:id":                    models.PermWorkerRead,
		"POST /missions/:id/close":             models.PermMissionManage,
		"GET /employers/new":                   models.PermEmployerManage,
		"POST /employers":                      models.PermEmployerManage,
		"GET /workers":                         models.PermWorkerRead,
		"GET /workers/new":                     models.PermWorkerManage,
		"POST /workers":                        models.PermWorkerManage,
		"GET /workers/:id":                     models.PermWorkerRead,
		"POST /workers/:id/employments":        models.PermWorkerManage,
		"GET /applications":                    models.PermApplicationRead,
		"GET /api/v1/applications":             models.PermApplicationRead,
		"POST /applications":                   models.PermApplicationCreate,
		"GET /applications/:id":                models.PermApplicationRead,
		"POST /applications/:id/documents":     models.PermApplicationCreate,
		"GET /documents/:id":                   models.PermApplicationRead,
		"POST /applications/:id/submit":        models.PermApplicationSubmit,
		"POST /applications/:id/interviews":    models.PermInterviewSchedule,
		"POST /applications/:id/close":         models.PermApplicationCreate,
		"POST /applications/:id/cap-exception": models.PermCapException,
		"POST /applications/:id/issue":         models.PermCardIssue,
		"GET /interviews":                      models.PermInterviewRecord,
		"GET /interviews/:id/record":           models.PermInterviewRecord,
		"POST /interviews/:id/record":          models.PermInterviewRecord,
		"GET /cards/due":                       models.PermCardRead,
		"POST /cards/:id/collect":              models.PermCardIssue,
		"POST /cards/:id/status":               models.PermCardIssue,
		"POST /cards/:id/renewal":              models.PermApplicationCreate,
	})
}
