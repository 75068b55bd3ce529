package app

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// registerCardRoutes: the pages of the card lifecycle — missions, employers,
// workers, employments, applications, documents, interviews (scheduling and
// recording) and cards.
func (a *App) registerCardRoutes(e *echo.Echo) {
	a.handle(e, http.MethodGet, "/missions", models.PermWorkerRead, a.missionsPage)
	a.handle(e, http.MethodGet, "/missions/new", models.PermMissionManage, a.missionNewPage)
	a.handle(e, http.MethodPost, "/missions", models.PermMissionManage, a.missionCreateSubmit)
	a.handle(e, http.MethodGet, "/missions/:id", models.PermWorkerRead, a.missionPage)
	a.handle(e, http.MethodPost, "/missions/:id/close", models.PermMissionManage, a.missionCloseSubmit)
	a.handle(e, http.MethodGet, "/employers/new", models.PermEmployerManage, a.employerNewPage)
	a.handle(e, http.MethodPost, "/employers", models.PermEmployerManage, a.employerCreateSubmit)

	a.handle(e, http.MethodGet, "/workers", models.PermWorkerRead, a.workersPage)
	a.handle(e, http.MethodGet, "/workers/new", models.PermWorkerManage, a.workerNewPage)
	a.handle(e, http.MethodPost, "/workers", models.PermWorkerManage, a.workerCreateSubmit)
	a.handle(e, http.MethodGet, "/workers/:id", models.PermWorkerRead, a.workerPage)
	a.handle(e, http.MethodPost, "/workers/:id/employments", models.PermWorkerManage, a.employmentCreateSubmit)

	a.handle(e, http.MethodGet, "/applications", models.PermApplicationRead, a.applicationsPage)
	a.handle(e, http.MethodPost, "/applications", models.PermApplicationCreate, a.applicationCreateSubmit)
	a.handle(e, http.MethodGet, "/applications/:id", models.PermApplicationRead, a.applicationPage)
	a.handle(e, http.MethodPost, "/applications/:id/documents", models.PermApplicationCreate, a.documentUploadSubmit)
	a.handle(e, http.MethodGet, "/documents/:id", models.PermApplicationRead, a.documentDownload)
	a.handle(e, http.MethodPost, "/applications/:id/submit", models.PermApplicationSubmit, a.applicationSubmit)
	a.handle(e, http.MethodPost, "/applications/:id/interviews", models.PermInterviewSchedule, a.applicationScheduleSubmit)
	a.handle(e, http.MethodPost, "/applications/:id/close", models.PermApplicationCreate, a.applicationCloseSubmit)
	a.handle(e, http.MethodPost, "/applications/:id/cap-exception", models.PermCapException, a.applicationExceptionSubmit)
	a.handle(e, http.MethodPost, "/applications/:id/issue", models.PermCardIssue, a.applicationIssueSubmit)

	a.handle(e, http.MethodGet, "/interviews", models.PermInterviewRecord, a.interviewsPage)
	a.handle(e, http.MethodGet, "/interviews/:id/record", models.PermInterviewRecord, a.interviewRecordPage)
	a.handle(e, http.MethodPost, "/interviews/:id/record", models.PermInterviewRecord, a.interviewRecordSubmit)

	a.handle(e, http.MethodGet, "/cards/due", models.PermCardRead, a.renewalsPage)
	a.handle(e, http.MethodPost, "/cards/:id/collect", models.PermCardIssue, a.cardCollectSubmit)
	a.handle(e, http.MethodPost, "/cards/:id/status", models.PermCardIssue, a.cardStatusSubmit)
	a.handle(e, http.MethodPost, "/cards/:id/renewal", models.PermApplicationCreate, a.renewalOpenSubmit)
}
