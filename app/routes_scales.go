package app

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// registerScaleRoutes: salary scales (read by clerks and admins, drafted and
// published by admins) and the standard employment contracts generated from
// them (clerks generate and reprint; whoever reads the application reads its
// contracts).
func (a *App) registerScaleRoutes(e *echo.Echo) {
	a.handle(e, http.MethodGet, "/scales", models.PermScaleRead, a.scalesPage)
	a.handle(e, http.MethodPost, "/scales", models.PermScalePublish, a.scaleDraftSubmit)
	a.handle(e, http.MethodPost, "/scales/import", models.PermScalePublish, a.scaleImportSubmit)
	a.handle(e, http.MethodGet, "/scales/:id", models.PermScaleRead, a.scalePage)
	a.handle(e, http.MethodPost, "/scales/:id", models.PermScalePublish, a.scaleSaveSubmit)
	a.handle(e, http.MethodPost, "/scales/:id/indexation", models.PermScalePublish, a.scaleIndexSubmit)
	a.handle(e, http.MethodGet, "/scales/:id/diff", models.PermScaleRead, a.scaleDiffPage)
	a.handle(e, http.MethodPost, "/scales/:id/publish", models.PermScalePublish, a.scalePublishSubmit)
	a.handle(e, http.MethodPost, "/scales/:id/discard", models.PermScalePublish, a.scaleDiscardSubmit)
	a.handle(e, http.MethodGet, "/scales/:id/csv", models.PermScaleRead, a.scaleCSVDownload)

	a.handle(e, http.MethodGet, "/applications/:id/contracts", models.PermApplicationRead, a.contractsPage)
	a.handle(e, http.MethodPost, "/applications/:id/contracts", models.PermContractGenerate, a.contractGenerateSubmit)
	a.handle(e, http.MethodGet, "/contracts/:id/pdf", models.PermApplicationRead, a.contractDownload)
	a.handle(e, http.MethodPost, "/contracts/:id/reprint", models.PermContractGenerate, a.contractReprintSubmit)

	const v1 = "/api/v1"
	a.handle(e, http.MethodGet, v1+"/scales", models.PermScaleRead, a.apiScales)
	a.handle(e, http.MethodPost, v1+"/scales", models.PermScalePublish, a.apiCreateScaleDraft)
	a.handle(e, http.MethodPost, v1+"/scales/import", models.PermScalePublish, a.apiImportScale)
	a.handle(e, http.MethodGet, v1+"/scales/in-force", models.PermScaleRead, a.apiScaleInForce)
	a.handle(e, http.MethodGet, v1+"/scales/:id", models.PermScaleRead, a.apiScale)
	a.handle(e, http.MethodPut, v1+"/scales/:id", models.PermScalePublish, a.apiUpdateScale)
	a.handle(e, http.MethodDelete, v1+"/scales/:id", models.PermScalePublish, a.apiDiscardScale)
	a.handle(e, http.MethodPost, v1+"/scales/:id/indexation", models.PermScalePublish, a.apiIndexScale)
	a.handle(e, http.MethodPost, v1+"/scales/:id/publish", models.PermScalePublish, a.apiPublishScale)
	a.handle(e, http.MethodGet, v1+"/scales/:id/diff", models.PermScaleRead, a.apiScaleDiff)
	a.handle(e, http.MethodGet, v1+"/scales/:id/csv", models.PermScaleRead, a.apiScaleCSV)

	a.handle(e, http.MethodGet, v1+"/applications/:id/contracts", models.PermApplicationRead, a.apiContracts)
	a.handle(e, http.MethodPost, v1+"/applications/:id/contracts", models.PermContractGenerate, a.apiGenerateContract)
	a.handle(e, http.MethodGet, v1+"/contracts/:id", models.PermApplicationRead, a.apiContract)
	a.handle(e, http.MethodGet, v1+"/contracts/:id/pdf", models.PermApplicationRead, a.apiContractPDF)
	a.handle(e, http.MethodPost, v1+"/contracts/:id/reprint", models.PermContractGenerate, a.apiReprintContract)
}
