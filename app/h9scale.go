package app

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// Corrections of the salary scale (issue 9): an admin supersedes a
// published version that turns out wrong by a correcting version from the
// same effective date, with a reason; the contracts drawn up under it that
// pay less than the corrected minimum are listed for review.

// scaleCorrectionRequest starts a correcting draft of a published version.
type scaleCorrectionRequest struct {
	Reason string `form:"reason" json:"reason" input:"multiline" max:"2000"`
}

// scaleCorrect is POST /scales/:id/correct and its API twin: a correcting
// draft of the published version id, to edit and publish like any draft.
func (a *App) scaleCorrect(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req scaleCorrectionRequest
	var newID int64
	if err = a.bind(c, &req); err == nil {
		d, cerr := a.store.Scales.StartCorrection(c.Request().Context(), actor(c), id, req.Reason)
		if err = cerr; err == nil {
			newID = d.ID
		}
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderScale(c, id, "correct", f, nil) })
	}
	return a.scaleAfter(c, http.StatusCreated, newID, "flash.scale_correction_started")
}

// belowMinimumAPI is one contract below the corrected minimum in the API.
type belowMinimumAPI struct {
	ContractID        int64   `json:"contract_id"`
	Reference         string  `json:"reference"`
	ApplicationID     int64   `json:"application_id"`
	ApplicationStatus string  `json:"application_status"`
	Worker            string  `json:"worker"`
	StartDate         string  `json:"start_date"`
	Category          string  `json:"category"`
	WeeklyHours       float64 `json:"weekly_hours"`
	SeniorityYears    int     `json:"seniority_years"`
	Gross             string  `json:"gross_monthly_salary"`
	OldMinimum        string  `json:"old_minimum"`
	OldVersionID      int64   `json:"old_version_id"`
	NewMinimum        *string `json:"new_minimum"`
	NewVersionID      int64   `json:"new_version_id"`
	Shortfall         *string `json:"shortfall"`
	MissingCategory   bool    `json:"missing_category"`
	ContractURL       string  `json:"contracts_url"`
}

func toBelowMinimumAPI(r store.BelowMinimumRow) belowMinimumAPI {
	out := belowMinimumAPI{ContractID: r.ContractID, Reference: r.Reference, ApplicationID: r.ApplicationID,
		ApplicationStatus: string(r.ApplicationStatus), Worker: r.WorkerName, StartDate: r.StartDate.Format(time.DateOnly),
		Category: r.Category, WeeklyHours: r.WeeklyHours, SeniorityYears: r.SeniorityYears, Gross: r.Gross.String(),
		OldMinimum: r.OldMinimum.String(), OldVersionID: r.OldVersionID, NewVersionID: r.NewVersionID,
		MissingCategory: r.MissingCategory, ContractURL: v1 + "/applications/" + itoa64(r.ApplicationID) + "/contracts"}
	if !r.MissingCategory {
		m, s := r.NewMinimum.String(), r.Shortfall().String()
		out.NewMinimum, out.Shortfall = &m, &s
	}
	return out
}

// scaleBelowMinimum is GET /scales/below-minimum and its API twin: the
// contracts below the new minimum, for admins.
func (a *App) scaleBelowMinimum(c echo.Context) error {
	rows, err := a.store.Scales.BelowMinimum(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	if isAPI(c.Request().URL.Path) {
		out := make([]belowMinimumAPI, len(rows))
		for i, r := range rows {
			out[i] = toBelowMinimumAPI(r)
		}
		return c.JSON(http.StatusOK, map[string]any{"contracts": out})
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "scale_below_minimum", &view{Title: loc.T("h9scale.below_title"),
		Data: map[string]any{"Rows": rows}})
}

// canCorrect reports whether the page offers to correct v: an admin, a
// published version nothing corrects yet.
func canCorrect(c echo.Context, v *store.ScaleVersionView) bool {
	return !v.IsDraft() && v.CorrectedByID == 0 && currentUser(c).Can(models.PermScalePublish)
}
