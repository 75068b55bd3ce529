package app

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// Holds (admins): the applications an interview put on hold, and the
// decision on each: release (never by whoever held or recorded the
// interview), refuse, or close as referred.

type holdJSON struct {
	ApplicationID   int64     `json:"application_id"`
	Kind            string    `json:"kind"`
	WorkerID        int64     `json:"worker_id"`
	WorkerName      string    `json:"worker_name"`
	EmployerID      int64     `json:"employer_id"`
	EmployerName    string    `json:"employer_name"`
	MissionName     string    `json:"mission_name"`
	Since           time.Time `json:"since"`
	InterviewID     int64     `json:"interview_id"`
	InterviewerName string    `json:"interviewer_name"`
	Outcome         string    `json:"outcome"`
	ReferralPartner string    `json:"referral_partner,omitempty"`
}

// holdList is GET /holds and GET /api/v1/holds.
func (a *App) holdList(c echo.Context) error {
	items, err := a.store.Holds.List(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	if !isAPI(c.Request().URL.Path) {
		return a.render(c, http.StatusOK, "holds", &view{Title: a.localizer(c).T("holds.title"), Data: map[string]any{"Items": items}})
	}
	out := []holdJSON{}
	for _, h := range items {
		out = append(out, holdJSON{ApplicationID: h.ApplicationID, Kind: string(h.Kind), WorkerID: h.WorkerID, WorkerName: h.WorkerName,
			EmployerID: h.EmployerID, EmployerName: h.EmployerName, MissionName: h.MissionName, Since: h.Since, InterviewID: h.InterviewID,
			InterviewerName: h.InterviewerName, Outcome: string(h.Outcome), ReferralPartner: string(h.ReferralPartner)})
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out})
}

// holdRequest is an admin's decision on a hold, with its reason (clerks read
// a release's or a refusal's reason: no interview content).
type holdRequest struct {
	Decision models.HoldDecisionKind `form:"decision" json:"decision" max:"40"`
	Reason   string                  `form:"reason" json:"reason" input:"multiline" max:"2000"`
}

// holdDecide is POST /applications/:id/hold-decision and its API twin.
func (a *App) holdDecide(c echo.Context) error {
	var req holdRequest
	return a.applicationAction(c, "hold", &req, func(id int64) error {
		return a.store.Holds.Decide(c.Request().Context(), actor(c), id, req.Decision, req.Reason)
	})
}
