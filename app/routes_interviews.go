package app

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// registerInterviewRoutes: the private interview in full, the workers'
// indicator history, signals, employer and mission views, restrictions and
// hold decisions (issue 4). Everything but the summons letter (clerks send
// it) is for interviewers and admins; each confidential view is audited by
// the store. The interview list and recording form are registered with the
// card routes (routes_cards.go), whose handlers live in handlers_interviews.go.
func (a *App) registerInterviewRoutes(e *echo.Echo) {
	a.handle(e, http.MethodGet, "/interviews/:id", models.PermInterviewRead, a.interviewPage)
	a.handle(e, http.MethodGet, "/interviews/:id/correct", models.PermInterviewRecord, a.interviewCorrectPage)
	a.handle(e, http.MethodPost, "/interviews/:id/correct", models.PermInterviewRecord, a.interviewCorrectSubmit)
	a.handle(e, http.MethodGet, "/interviews/:id/summons.pdf", models.PermInterviewSchedule, a.interviewSummons)

	a.handle(e, http.MethodGet, "/workers/:id/history", models.PermIndicatorRead, a.workerHistoryPage)
	a.handle(e, http.MethodGet, "/workers/:id/signals/new", models.PermIndicatorRecord, a.signalNewPage)
	a.handle(e, http.MethodPost, "/workers/:id/signals", models.PermIndicatorRecord, a.signalCreateSubmit)
	a.handle(e, http.MethodPost, "/observations/:id/correct", models.PermIndicatorRecord, a.observationCorrectSubmit)
	a.handle(e, http.MethodGet, "/workers/:id/access-log", models.PermAuditRead, a.workerAccessLogPage)

	a.handle(e, http.MethodGet, "/alerts", models.PermIndicatorRead, a.alertsPage)
	a.handle(e, http.MethodGet, "/employers/:id/observations", models.PermIndicatorRead, a.employerViewPage)
	a.handle(e, http.MethodGet, "/missions/:id/observations", models.PermIndicatorRead, a.missionViewPage)
	a.handle(e, http.MethodPost, "/employers/:id/restrictions", models.PermEmployerRestrict, a.restrictionCreateSubmit)
	a.handle(e, http.MethodPost, "/restrictions/:id/lift", models.PermEmployerRestrict, a.restrictionLiftSubmit)

	a.handle(e, http.MethodGet, "/holds", models.PermHoldDecide, a.holdsPage)
	a.handle(e, http.MethodPost, "/applications/:id/hold-decision", models.PermHoldDecide, a.holdDecisionSubmit)

	const v1 = "/api/v1"
	a.handle(e, http.MethodGet, v1+"/indicators", models.PermIndicatorRead, a.apiIndicators)
	a.handle(e, http.MethodGet, v1+"/interviews/:id", models.PermInterviewRead, a.apiInterview)
	a.handle(e, http.MethodPost, v1+"/interviews/:id/correction", models.PermInterviewRecord, a.apiCorrectInterview)
	a.handle(e, http.MethodGet, v1+"/interviews/:id/summons", models.PermInterviewSchedule, a.apiSummons)
	a.handle(e, http.MethodGet, v1+"/workers/:id/history", models.PermIndicatorRead, a.apiWorkerHistory)
	a.handle(e, http.MethodPost, v1+"/workers/:id/signals", models.PermIndicatorRecord, a.apiRecordSignal)
	a.handle(e, http.MethodPost, v1+"/observations/:id/correction", models.PermIndicatorRecord, a.apiCorrectObservation)
	a.handle(e, http.MethodGet, v1+"/workers/:id/access-log", models.PermAuditRead, a.apiWorkerAccessLog)
	a.handle(e, http.MethodGet, v1+"/alerts", models.PermIndicatorRead, a.apiAlerts)
	a.handle(e, http.MethodGet, v1+"/employers/:id/observations", models.PermIndicatorRead, a.apiEmployerObservations)
	a.handle(e, http.MethodGet, v1+"/missions/:id/observations", models.PermIndicatorRead, a.apiMissionObservations)
	a.handle(e, http.MethodPost, v1+"/employers/:id/restrictions", models.PermEmployerRestrict, a.apiRestrictEmployer)
	a.handle(e, http.MethodPost, v1+"/restrictions/:id/lift", models.PermEmployerRestrict, a.apiLiftRestriction)
	a.handle(e, http.MethodGet, v1+"/holds", models.PermHoldDecide, a.apiHolds)
	a.handle(e, http.MethodPost, v1+"/applications/:id/hold-decision", models.PermHoldDecide, a.apiDecideHold)
}
