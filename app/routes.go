package app

import (
	"fmt"
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
	// Nav is the message id of the route's label in the menu, for the
	// sections the menu lists; HomeTitle and Home the ids of its title and
	// text on the home page.
	Nav, HomeTitle, Home string
	// Request is the request type the route binds (a pointer to its zero
	// value), for the test that holds the OpenAPI document to it.
	Request any
	handler echo.HandlerFunc
}

const (
	get  = http.MethodGet
	post = http.MethodPost
	put  = http.MethodPut
	del  = http.MethodDelete
	v1   = "/api/v1"
)

func r(method, path string, perm models.Permission, h echo.HandlerFunc) Route {
	return Route{Method: method, Path: path, Perm: perm, handler: h}
}

// section marks a page as a section of the menu (nav, its label) and of the
// home page (home, its text; "" for none).
func (rt Route) section(nav, home string) Route {
	rt.Nav, rt.HomeTitle, rt.Home = nav, nav, home
	return rt
}

// takes names the request type the route binds.
func (rt Route) takes(req any) Route {
	rt.Request = req
	return rt
}

// homeOnly puts a page on the home page only.
func (rt Route) homeOnly(title, text string) Route {
	rt.HomeTitle, rt.Home = title, text
	return rt
}

// routeTable is every route Carddesk answers, grouped by resource, each page
// next to its JSON twin, with the permission it needs. The menu and the home
// page's sections are read from it, in this order. A page and its API route
// usually share one handler, which answers HTML or JSON by the path.
func (a *App) routeTable() []Route {
	return []Route{
		// Operations.
		r(get, "/healthz", Public, a.healthz),
		r(get, "/readyz", Public, a.readyz),
		r(get, "/static/*", Public, a.static),
		r(get, v1+"/openapi.json", Public, a.openAPIDocument),

		// Signing in, the user's own account, the home page.
		r(get, "/login", Public, a.loginPage),
		r(post, "/login", Public, a.loginSubmit),
		r(post, v1+"/session", Public, a.apiLogin).takes(&loginRequest{}),
		r(del, v1+"/session", models.PermAuthenticated, a.apiLogout),
		r(post, "/logout", models.PermAuthenticated, a.logoutSubmit),
		r(post, "/language", Public, a.languageSubmit),
		r(get, "/", models.PermAuthenticated, a.homePage),
		r(get, v1+"/me", models.PermAuthenticated, a.apiMe),
		r(get, "/password", models.PermAuthenticated, a.passwordPage).homeOnly("password.title", "home.password_text"),
		r(post, "/password", models.PermAuthenticated, a.passwordSubmit),

		// Workers, their employments, and the search.
		r(get, "/workers", models.PermWorkerRead, a.workerList).section("nav.workers", "home.workers_text"),
		r(get, v1+"/workers", models.PermWorkerRead, a.workerList),
		r(get, "/workers/new", models.PermWorkerManage, a.workerNewPage),
		r(post, "/workers", models.PermWorkerManage, a.workerCreate),
		r(post, v1+"/workers", models.PermWorkerManage, a.workerCreate).takes(&workerRequest{}),
		r(get, "/workers/:id", models.PermWorkerRead, a.workerPage),
		r(get, v1+"/workers/:id", models.PermWorkerRead, a.apiWorker),
		r(post, "/workers/:id/employments", models.PermWorkerManage, a.employmentCreate),
		r(post, v1+"/workers/:id/employments", models.PermWorkerManage, a.employmentCreate).takes(&employmentRequest{}),

		// Applications, their documents, the interview booking, holds.
		r(get, "/applications", models.PermApplicationRead, a.applicationList).section("nav.applications", "home.applications_text"),
		r(get, v1+"/applications", models.PermApplicationRead, a.applicationList),
		r(post, "/applications", models.PermApplicationCreate, a.applicationOpen),
		r(post, v1+"/applications", models.PermApplicationCreate, a.applicationOpen).takes(&applicationRequest{}),
		r(get, "/applications/:id", models.PermApplicationRead, a.applicationPage),
		r(get, v1+"/applications/:id", models.PermApplicationRead, a.apiApplication),
		r(post, "/applications/:id/documents", models.PermApplicationCreate, a.documentAttach),
		r(post, v1+"/applications/:id/documents", models.PermApplicationCreate, a.documentAttach),
		r(get, "/documents/:id", models.PermApplicationRead, a.documentDownload),
		r(post, "/applications/:id/submit", models.PermApplicationSubmit, a.applicationSubmit),
		r(post, v1+"/applications/:id/submit", models.PermApplicationSubmit, a.applicationSubmit),
		r(post, "/applications/:id/interviews", models.PermInterviewSchedule, a.interviewSchedule),
		r(post, v1+"/applications/:id/interviews", models.PermInterviewSchedule, a.interviewSchedule).takes(&bookingRequest{}),
		// Rejecting needs application.submit and withdrawing application.create
		// (models.Action.Permission): the route admits either, the service
		// checks the one the chosen action needs.
		r(post, "/applications/:id/close", models.PermApplicationCreate, a.applicationClose),
		r(post, "/applications/:id/cap-exception", models.PermCapException, a.capException),
		r(post, "/applications/:id/hold-decision", models.PermHoldDecide, a.holdDecide),
		r(post, v1+"/applications/:id/hold-decision", models.PermHoldDecide, a.holdDecide).takes(&holdRequest{}),

		// The private interview.
		r(get, "/interviews", models.PermInterviewRecord, a.interviewList).section("nav.interviews", "home.interviews_text"),
		r(get, "/interviews/:id/record", models.PermInterviewRecord, a.interviewRecordPage),
		r(post, "/interviews/:id/record", models.PermInterviewRecord, a.interviewRecord),
		r(post, v1+"/interviews/:id/record", models.PermInterviewRecord, a.interviewRecord).takes(&recordingRequest{}),
		r(get, "/interviews/:id", models.PermInterviewRead, a.interviewPage),
		r(get, v1+"/interviews/:id", models.PermInterviewRead, a.apiInterview),
		r(get, "/interviews/:id/correct", models.PermInterviewRecord, a.interviewCorrectPage),
		r(post, "/interviews/:id/correct", models.PermInterviewRecord, a.interviewCorrect),
		r(post, v1+"/interviews/:id/correction", models.PermInterviewRecord, a.interviewCorrect).takes(&correctionRequest{}),
		r(get, "/interviews/:id/summons.pdf", models.PermInterviewSchedule, a.summons),
		r(get, v1+"/interviews/:id/summons", models.PermInterviewSchedule, a.summons),
		r(get, v1+"/indicators", models.PermIndicatorRead, a.apiIndicators),

		// Cards.
		r(post, "/applications/:id/issue", models.PermCardIssue, a.cardIssue),
		r(post, v1+"/applications/:id/issue", models.PermCardIssue, a.cardIssue),
		r(post, "/cards/:id/collect", models.PermCardIssue, a.cardCollect),
		r(post, v1+"/cards/:id/collect", models.PermCardIssue, a.cardCollect).takes(&collectRequest{}),
		r(post, "/cards/:id/status", models.PermCardIssue, a.cardStatus),
		r(get, "/cards/due", models.PermCardRead, a.renewalsDue).section("nav.renewals", "home.renewals_text"),
		r(get, v1+"/cards", models.PermCardRead, a.renewalsDue),
		r(get, v1+"/cards/:id", models.PermCardRead, a.apiCard),
		r(post, "/cards/:id/renewal", models.PermApplicationCreate, a.renewalOpen),
		r(post, v1+"/cards/:id/renewal", models.PermApplicationCreate, a.renewalOpen),

		// Missions and employers.
		r(get, "/missions", models.PermWorkerRead, a.missionList).section("nav.missions", ""),
		r(get, v1+"/missions", models.PermWorkerRead, a.missionList),
		r(get, "/missions/new", models.PermMissionManage, a.missionNewPage),
		r(post, "/missions", models.PermMissionManage, a.missionCreate),
		r(post, v1+"/missions", models.PermMissionManage, a.missionCreate).takes(&missionRequest{}),
		r(get, "/missions/:id", models.PermWorkerRead, a.missionPage),
		r(post, "/missions/:id/close", models.PermMissionManage, a.missionClose),
		r(get, v1+"/employers", models.PermWorkerRead, a.apiEmployers),
		r(get, "/employers/new", models.PermEmployerManage, a.employerNewPage),
		r(post, "/employers", models.PermEmployerManage, a.employerCreate),
		r(post, v1+"/employers", models.PermEmployerManage, a.employerCreate).takes(&employerRequest{}),

		// The workers' indicator history, signals, and who looked.
		r(get, "/workers/:id/history", models.PermIndicatorRead, a.workerHistoryPage),
		r(get, v1+"/workers/:id/history", models.PermIndicatorRead, a.apiWorkerHistory),
		r(get, "/workers/:id/signals/new", models.PermIndicatorRecord, a.signalNewPage),
		r(post, "/workers/:id/signals", models.PermIndicatorRecord, a.signalRecord),
		r(post, v1+"/workers/:id/signals", models.PermIndicatorRecord, a.signalRecord).takes(&signalRequest{}),
		r(post, "/observations/:id/correct", models.PermIndicatorRecord, a.observationCorrect),
		r(post, v1+"/observations/:id/correction", models.PermIndicatorRecord, a.observationCorrect).takes(&correctObservationRequest{}),
		r(get, "/workers/:id/access-log", models.PermAuditRead, a.accessLog),
		r(get, v1+"/workers/:id/access-log", models.PermAuditRead, a.accessLog),

		// Employer and mission views, alerts, restrictions.
		r(get, "/alerts", models.PermIndicatorRead, a.alertList).section("nav.alerts", ""),
		r(get, v1+"/alerts", models.PermIndicatorRead, a.alertList),
		r(get, "/employers/:id/observations", models.PermIndicatorRead, a.employerViewPage),
		r(get, v1+"/employers/:id/observations", models.PermIndicatorRead, a.apiEmployerView),
		r(get, "/missions/:id/observations", models.PermIndicatorRead, a.missionViewPage),
		r(get, v1+"/missions/:id/observations", models.PermIndicatorRead, a.apiMissionView),
		r(post, "/employers/:id/restrictions", models.PermEmployerRestrict, a.restrictionCreate),
		r(post, v1+"/employers/:id/restrictions", models.PermEmployerRestrict, a.restrictionCreate).takes(&restrictionRequest{}),
		r(post, "/restrictions/:id/lift", models.PermEmployerRestrict, a.restrictionLift),
		r(post, v1+"/restrictions/:id/lift", models.PermEmployerRestrict, a.restrictionLift).takes(&liftRequest{}),

		// Holds (admins).
		r(get, "/holds", models.PermHoldDecide, a.holdList).section("nav.holds", "home.holds_text"),
		r(get, v1+"/holds", models.PermHoldDecide, a.holdList),

		// Salary scales.
		r(get, "/scales", models.PermScaleRead, a.scaleList).section("nav.scales", "home.scales_text"),
		r(get, v1+"/scales", models.PermScaleRead, a.scaleList),
		r(post, "/scales", models.PermScalePublish, a.scaleDraftStart),
		r(post, v1+"/scales", models.PermScalePublish, a.scaleDraftStart).takes(&draftRequest{}),
		r(post, "/scales/import", models.PermScalePublish, a.scaleImport),
		r(post, v1+"/scales/import", models.PermScalePublish, a.scaleImport),
		r(get, v1+"/scales/in-force", models.PermScaleRead, a.apiScaleInForce),
		r(get, "/scales/:id", models.PermScaleRead, a.scalePage),
		r(get, v1+"/scales/:id", models.PermScaleRead, a.apiScale),
		r(post, "/scales/:id", models.PermScalePublish, a.scaleSave),
		r(put, v1+"/scales/:id", models.PermScalePublish, a.scaleSave).takes(&scaleRequest{}),
		r(post, "/scales/:id/indexation", models.PermScalePublish, a.scaleIndex),
		r(post, v1+"/scales/:id/indexation", models.PermScalePublish, a.scaleIndex).takes(&indexationRequest{}),
		r(get, "/scales/:id/diff", models.PermScaleRead, a.scaleDiffPage),
		r(get, v1+"/scales/:id/diff", models.PermScaleRead, a.apiScaleDiff),
		r(post, "/scales/:id/publish", models.PermScalePublish, a.scalePublish),
		r(post, v1+"/scales/:id/publish", models.PermScalePublish, a.scalePublish).takes(&publishRequest{}),
		r(post, "/scales/:id/discard", models.PermScalePublish, a.scaleDiscard),
		r(del, v1+"/scales/:id", models.PermScalePublish, a.scaleDiscard),
		r(get, "/scales/:id/csv", models.PermScaleRead, a.scaleCSV),
		r(get, v1+"/scales/:id/csv", models.PermScaleRead, a.scaleCSV),
		r(post, "/scales/:id/correct", models.PermScalePublish, a.scaleCorrect),
		r(post, v1+"/scales/:id/correct", models.PermScalePublish, a.scaleCorrect).takes(&scaleCorrectionRequest{}),
		r(get, "/scales/below-minimum", models.PermScalePublish, a.scaleBelowMinimum),
		r(get, v1+"/scales/below-minimum", models.PermScalePublish, a.scaleBelowMinimum),

		// Standard employment contracts.
		r(get, "/applications/:id/contracts", models.PermApplicationRead, a.contractsPage),
		r(get, v1+"/applications/:id/contracts", models.PermApplicationRead, a.apiContracts),
		r(post, "/applications/:id/contracts", models.PermContractGenerate, a.contractGenerate),
		r(post, v1+"/applications/:id/contracts", models.PermContractGenerate, a.contractGenerate).takes(&contractRequest{}),
		r(get, v1+"/contracts/:id", models.PermApplicationRead, a.apiContract),
		r(get, "/contracts/:id/pdf", models.PermApplicationRead, a.contractPDF),
		r(get, v1+"/contracts/:id/pdf", models.PermApplicationRead, a.contractPDF),
		r(post, "/contracts/:id/reprint", models.PermContractGenerate, a.contractReprint),
		r(post, v1+"/contracts/:id/reprint", models.PermContractGenerate, a.contractReprint),

		// The rights leaflet, in the language asked for.
		r(get, "/leaflets/:lang", models.PermAuthenticated, a.leafletPDF),

		// Translations of the worker's documents and the leaflet's contacts
		// (issue 11): everyone reads, admins upload, publish and edit.
		r(get, "/translations", models.PermTranslationRead, a.translationList).section("nav.translations", "home.translations_text"),
		r(get, v1+"/translations", models.PermTranslationRead, a.translationList),
		r(post, "/translations", models.PermTranslationPublish, a.translationUpload),
		r(post, v1+"/translations", models.PermTranslationPublish, a.translationUpload).takes(&translationUploadRequest{}),
		r(get, "/translations/:lang", models.PermTranslationRead, a.translationLanguage),
		r(get, v1+"/translations/:lang/versions", models.PermTranslationRead, a.translationLanguage),
		r(get, "/translations/versions/:id", models.PermTranslationRead, a.translationVersion),
		r(get, v1+"/translations/versions/:id", models.PermTranslationRead, a.translationVersion),
		r(get, v1+"/translations/versions/:id/diff", models.PermTranslationRead, a.apiTranslationDiff),
		r(get, "/translations/versions/:id/file", models.PermTranslationRead, a.translationFile),
		r(get, v1+"/translations/versions/:id/file", models.PermTranslationRead, a.translationFile),
		r(post, "/translations/versions/:id/publish", models.PermTranslationPublish, a.translationPublish),
		r(post, v1+"/translations/versions/:id/publish", models.PermTranslationPublish, a.translationPublish),
		r(post, "/translations/versions/:id/discard", models.PermTranslationPublish, a.translationDiscard),
		r(del, v1+"/translations/versions/:id", models.PermTranslationPublish, a.translationDiscard),
		r(get, "/contacts", models.PermTranslationRead, a.contactList),
		r(get, v1+"/contacts", models.PermTranslationRead, a.contactList),
		r(post, "/contacts", models.PermContactManage, a.contactSave),
		r(post, v1+"/contacts", models.PermContactManage, a.contactSave).takes(&contactsRequest{}),

		// Staff accounts and the audit trail (admins).
		r(get, "/admin/users", models.PermUserManage, a.userList).section("nav.users", "home.users_text"),
		r(get, v1+"/users", models.PermUserManage, a.userList),
		r(get, "/admin/users/new", models.PermUserManage, a.userNewPage),
		r(post, "/admin/users", models.PermUserManage, a.userCreate),
		r(post, v1+"/users", models.PermUserManage, a.userCreate).takes(&userRequest{}),
		r(get, "/admin/users/:id", models.PermUserManage, a.userEditPage),
		r(post, "/admin/users/:id", models.PermUserManage, a.userUpdate),
		r(post, "/admin/users/:id/deactivate", models.PermUserManage, a.userDeactivate),
		r(post, "/admin/users/:id/reactivate", models.PermUserManage, a.userReactivate),
		r(post, "/admin/users/:id/reset-password", models.PermUserManage, a.userResetPassword),
		r(get, "/admin/audit", models.PermAuditRead, a.auditList).section("nav.audit", "home.audit_text"),
		r(get, v1+"/audit", models.PermAuditRead, a.auditList),

		// Records that change (issue 9): corrections and updates of workers,
		// employers, missions and employments as versions with who, when and
		// why; closing a mission and ending an employment name their
		// consequence and wait for a confirmation.
		r(post, "/workers/:id/versions", models.PermWorkerManage, a.workerChange),
		r(post, v1+"/workers/:id/versions", models.PermWorkerManage, a.workerChange).takes(&workerChangeRequest{}),
		r(get, v1+"/workers/:id/versions", models.PermWorkerRead, a.versionList(models.EntityWorker)),
		r(get, "/employers/:id", models.PermWorkerRead, a.employerPage),
		r(post, "/employers/:id/versions", models.PermEmployerManage, a.employerChange),
		r(post, v1+"/employers/:id/versions", models.PermEmployerManage, a.employerChange).takes(&employerChangeRequest{}),
		r(get, v1+"/employers/:id/versions", models.PermWorkerRead, a.versionList(models.EntityEmployer)),
		r(post, v1+"/missions/:id/close", models.PermMissionManage, a.missionClose).takes(&closeMissionRequest{}),
		r(post, "/missions/:id/reopen", models.PermMissionManage, a.missionReopen),
		r(post, v1+"/missions/:id/reopen", models.PermMissionManage, a.missionReopen).takes(&reopenRequest{}),
		r(get, v1+"/missions/:id/versions", models.PermWorkerRead, a.versionList(models.EntityMission)),
		r(get, "/employments/:id/end", models.PermWorkerManage, a.employmentActionPage("end")),
		r(post, "/employments/:id/end", models.PermWorkerManage, a.employmentEnd),
		r(post, v1+"/employments/:id/end", models.PermWorkerManage, a.employmentEnd).takes(&endEmploymentRequest{}),
		r(get, "/employments/:id/terms", models.PermWorkerManage, a.employmentActionPage("terms")),
		r(post, "/employments/:id/terms", models.PermWorkerManage, a.employmentTerms),
		r(post, v1+"/employments/:id/terms", models.PermWorkerManage, a.employmentTerms).takes(&termsRequest{}),
		r(get, v1+"/employments/:id/versions", models.PermWorkerRead, a.versionList(models.EntityEmployment)),
		r(post, "/documents/:id/removal", models.PermApplicationCreate, a.documentRemove),
		r(post, v1+"/documents/:id/removal", models.PermApplicationCreate, a.documentRemove).takes(&removalRequest{}),
		r(post, "/workers/:id/earlier-service", models.PermWorkerManage, a.earlierServiceRecord),
		r(post, v1+"/workers/:id/earlier-service", models.PermWorkerManage, a.earlierServiceRecord).takes(&earlierServiceRequest{}),
		r(get, v1+"/workers/:id/earlier-service", models.PermWorkerRead, a.earlierServiceList),
		r(post, "/earlier-service/:id/withdrawal", models.PermWorkerManage, a.earlierServiceWithdraw),
		r(post, v1+"/earlier-service/:id/withdrawal", models.PermWorkerManage, a.earlierServiceWithdraw).takes(&withdrawalRequest{}),
		// Statistics and their exports (issue 12): aggregates only, for
		// admins and the oversight role.
		r(get, "/statistics", models.PermStatisticsRead, a.statisticsPage).section("nav.statistics", "home.statistics_text"),
		r(get, v1+"/statistics", models.PermStatisticsRead, a.statisticsPage),
		r(get, "/statistics/export.csv", models.PermStatisticsRead, a.statisticsCSV),
		r(get, "/statistics/export.xlsx", models.PermStatisticsRead, a.statisticsXLSX),
		r(get, "/statistics/report.pdf", models.PermStatisticsRead, a.statisticsPDF),
		r(get, "/statistics/ctdc.csv", models.PermMicrodataExport, a.statisticsCTDC),
		// Retention and legal holds (issue 12, admins).
		r(get, "/retention", models.PermRetentionManage, a.retentionList).section("nav.retention", "home.retention_text"),
		r(get, v1+"/retention", models.PermRetentionManage, a.retentionList),
		r(post, "/workers/:id/legal-holds", models.PermRetentionManage, a.legalHoldPlace),
		r(post, v1+"/workers/:id/legal-holds", models.PermRetentionManage, a.legalHoldPlace).takes(&legalHoldRequest{}),
		r(post, "/legal-holds/:id/lift", models.PermRetentionManage, a.legalHoldLift),
		r(post, v1+"/legal-holds/:id/lift", models.PermRetentionManage, a.legalHoldLift).takes(&holdLiftRequest{}),
		// Subject access (GDPR art. 15, admins).
		r(get, "/workers/:id/subject-access", models.PermSubjectAccess, a.subjectAccessPage),
		r(post, "/workers/:id/subject-access", models.PermSubjectAccess, a.subjectAccessProduce),
		r(post, v1+"/workers/:id/subject-access", models.PermSubjectAccess, a.subjectAccessProduce).takes(&subjectAccessRequest{}),
		// Rules on every path (issue 9): a clearance against the evidence
		// confirmed, or not, by a second admin.
		r(get, "/applications/:id/clearance", models.PermHoldDecide, a.clearancePage),
		r(get, v1+"/applications/:id/clearance", models.PermHoldDecide, a.clearancePage),
		r(post, "/applications/:id/clearance", models.PermHoldDecide, a.clearanceDecide),
		r(post, v1+"/applications/:id/clearance", models.PermHoldDecide, a.clearanceDecide).takes(&clearanceRequest{}),
		// An admin reassigns a scheduled interview to another interviewer.
		r(get, "/interviews/:id/reassign", models.PermInterviewReassign, a.reassignPage),
		r(post, "/interviews/:id/reassign", models.PermInterviewReassign, a.reassign),
		r(post, v1+"/interviews/:id/reassign", models.PermInterviewReassign, a.reassign).takes(&reassignRequest{}),
		// Work queues on the home pages (issue 13): counts for the reader,
		// and the accounts an admin should review.
		r(get, v1+"/queues", models.PermAuthenticated, a.queueList),
		r(get, "/queues/accounts", models.PermUserManage, a.accountsToReview),
		// The interview calendar (issue 13): the week's bookings, rooms,
		// interviewers' hours, cancelling, the interviewer's calendar file.
		r(get, "/calendar", models.PermInterviewSchedule, a.calendarPage).section("nav.calendar", "home.calendar_text"),
		r(get, v1+"/calendar", models.PermInterviewSchedule, a.calendarPage),
		r(post, "/calendar/rooms", models.PermInterviewSchedule, a.roomAdd),
		r(post, v1+"/calendar/rooms", models.PermInterviewSchedule, a.roomAdd).takes(&roomRequest{}),
		r(post, "/calendar/availability", models.PermInterviewSchedule, a.availabilityAdd),
		r(post, v1+"/calendar/availability", models.PermInterviewSchedule, a.availabilityAdd).takes(&availabilityRequest{}),
		r(post, "/applications/:id/interviews/cancel", models.PermInterviewSchedule, a.interviewCancel),
		r(post, v1+"/applications/:id/interviews/cancel", models.PermInterviewSchedule, a.interviewCancel).takes(&cancelRequest{}),
		r(get, "/interviews/:id/calendar.ics", models.PermInterviewRecord, a.interviewICS),
		// The interview record's draft (issue 13).
		r(post, "/interviews/:id/draft", models.PermInterviewRecord, a.interviewDraft),
		// Letters to missions (issue 13).
		r(post, "/applications/:id/letters", models.PermApplicationCreate, a.letterGenerate),
		r(post, v1+"/applications/:id/letters", models.PermApplicationCreate, a.letterGenerate).takes(&letterRequest{}),
		r(get, v1+"/applications/:id/letters", models.PermApplicationRead, a.letterList),
		r(get, "/letters/:id/pdf", models.PermApplicationRead, a.letterPDF),
		// Referral follow-up (issue 13): interviewers and admins read,
		// interviewers record.
		r(get, "/workers/:id/referrals", models.PermIndicatorRead, a.workerReferrals),
		r(get, v1+"/workers/:id/referrals", models.PermIndicatorRead, a.workerReferrals),
		r(post, "/workers/:id/referrals", models.PermIndicatorRecord, a.followUpRecord),
		r(post, v1+"/workers/:id/referrals", models.PermIndicatorRecord, a.followUpRecord).takes(&followUpRequest{}),
		r(get, "/referrals/due", models.PermIndicatorRead, a.referralsDue),
		r(get, v1+"/referrals/due", models.PermIndicatorRead, a.referralsDue),

		// Two-factor sign-in (issue 10): the second step after the password
		// (public: it reads the sign-in's challenge cookie, never a session),
		// the user's own second factor, and the admins' requirement per role
		// and reset.
		r(get, "/login/two-factor", Public, a.totpCodePage),
		r(post, "/login/two-factor", Public, a.totpCodeSubmit),
		r(get, "/login/two-factor/enrol", Public, a.totpEnrolPage),
		r(get, "/login/two-factor/enrol/qr.png", Public, a.totpEnrolQR),
		r(post, "/login/two-factor/enrol", Public, a.totpEnrolSubmit),
		r(get, "/account/two-factor", models.PermAuthenticated, a.totpAccountPage).homeOnly("totp.account_title", "home.totp_account_text"),
		r(get, "/account/two-factor/qr.png", models.PermAuthenticated, a.totpAccountQR),
		r(post, "/account/two-factor", models.PermAuthenticated, a.totpAccountSubmit),
		r(get, "/admin/two-factor", models.PermUserManage, a.totpAdminPage).section("nav.two_factor", "home.two_factor_text"),
		r(get, v1+"/two-factor", models.PermUserManage, a.totpAdminPage),
		r(post, "/admin/two-factor", models.PermUserManage, a.totpPolicySave),
		r(put, v1+"/two-factor/policy", models.PermUserManage, a.totpPolicySave).takes(&totpPolicyRequest{}),
		r(post, "/admin/users/:id/two-factor/reset", models.PermUserManage, a.totpReset),
		r(post, v1+"/users/:id/two-factor/reset", models.PermUserManage, a.totpReset).takes(&totpResetRequest{}),
		// Card production and the card's end, the missions' letter language
		// (issue 13, h13card).
		r(get, "/cards/:id/layout.pdf", models.PermCardIssue, a.cardLayout),
		r(get, v1+"/cards/:id/layout", models.PermCardIssue, a.cardLayout),
		r(get, "/cards/production.csv", models.PermCardIssue, a.cardProduction),
		r(get, v1+"/cards/production", models.PermCardIssue, a.cardProduction),
		r(post, "/cards/:id/end", models.PermCardIssue, a.cardEnd),
		r(post, v1+"/cards/:id/end", models.PermCardIssue, a.cardEnd).takes(&cardEndRequest{}),
		r(get, v1+"/cards/:id/ends", models.PermCardRead, a.cardEnds),
		r(post, "/missions/:id/language", models.PermMissionManage, a.missionLanguage),
		r(post, v1+"/missions/:id/language", models.PermMissionManage, a.missionLanguage).takes(&missionLanguageRequest{}),
	}
}

// registerRoutes puts the route table on the router, each route behind its
// permission; a route without a declared permission cannot be added.
func (a *App) registerRoutes(e *echo.Echo) {
	a.routes = a.routeTable()
	seen := map[string]bool{}
	for _, rt := range a.routes {
		key := rt.Method + " " + rt.Path
		if seen[key] {
			panic(fmt.Sprintf("route %s is listed twice", key))
		}
		seen[key] = true
		if rt.Perm == Public {
			e.Add(rt.Method, rt.Path, rt.handler)
			continue
		}
		e.Add(rt.Method, rt.Path, rt.handler, a.require(rt.Perm))
	}
}
