package app

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// Clearances (admins): an interview cleared although its answers show
// indicators of forced labour waits on hold until an admin who neither held
// nor recorded it confirms the clearance, or declines to (models/clearance.go).

// clearanceRequest is the second admin's decision, from the page or
// POST /api/v1/applications/:id/clearance. The reason is confidential.
type clearanceRequest struct {
	Decision models.ClearanceDecision `form:"decision" json:"decision" max:"20"`
	Reason   string                   `form:"reason" json:"reason" input:"multiline" max:"2000"`
}

type clearanceDecisionJSON struct {
	Decision  string    `json:"decision"`
	Reason    string    `json:"reason"`
	DecidedBy string    `json:"decided_by"`
	DecidedAt time.Time `json:"decided_at"`
}

type clearanceJSON struct {
	ApplicationID     int64                   `json:"application_id"`
	InterviewID       int64                   `json:"interview_id"`
	Interviewer       string                  `json:"interviewer"`
	Awaiting          bool                    `json:"awaiting_confirmation"`
	ILOYes            []string                `json:"ilo_indicators_yes"`
	StrongYes         []string                `json:"strong_ilo_ec_indicators_yes"`
	ScreeningPositive bool                    `json:"screening_positive"`
	Reason            string                  `json:"interviewer_reason"`
	Decisions         []clearanceDecisionJSON `json:"decisions"`
}

func toClearanceJSON(r *store.ClearanceReview) clearanceJSON {
	out := clearanceJSON{ApplicationID: r.ApplicationID, InterviewID: r.Interview.ID, Interviewer: r.Interviewer, Awaiting: r.Awaiting,
		ILOYes: r.Evidence.ILOYes, StrongYes: r.Evidence.StrongYes, ScreeningPositive: r.Evidence.ScreeningPositive,
		Reason: r.Reason, Decisions: []clearanceDecisionJSON{}}
	if out.ILOYes == nil {
		out.ILOYes = []string{}
	}
	if out.StrongYes == nil {
		out.StrongYes = []string{}
	}
	for _, d := range r.Decisions {
		out.Decisions = append(out.Decisions, clearanceDecisionJSON{Decision: string(d.Decision), Reason: d.Reason,
			DecidedBy: r.DecidedBy[d.DecidedByID], DecidedAt: d.DecidedAt})
	}
	return out
}

// clearancePage is GET /applications/:id/clearance and its API twin.
func (a *App) clearancePage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if !isAPI(c.Request().URL.Path) {
		return a.renderClearance(c, id, nil)
	}
	r, err := a.store.Clearances.Review(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toClearanceJSON(r))
}

func (a *App) renderClearance(c echo.Context, id int64, f *form) error {
	r, err := a.store.Clearances.Review(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	if f == nil {
		f = newForm()
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "clearance", &view{Title: loc.T("clearance.title", "id", id), Form: f,
		Data: map[string]any{"Review": r, "Decisions": options(loc, "clearance.decision.",
			[]models.ClearanceDecision{models.ClearanceConfirmed, models.ClearanceDeclined})}})
}

// clearanceDecide is POST /applications/:id/clearance and its API twin.
func (a *App) clearanceDecide(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req clearanceRequest
	if err = a.bind(c, &req); err == nil {
		err = a.store.Clearances.Decide(c.Request().Context(), actor(c), id, req.Decision, req.Reason)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderClearance(c, id, f) })
	}
	if isAPI(c.Request().URL.Path) {
		return a.writeApplication(c, http.StatusOK, id)
	}
	return a.answer(c, result{flash: "flash.clearance_" + string(req.Decision), redirect: appURL(id)})
}
