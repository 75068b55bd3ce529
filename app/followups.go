package app

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// Referral follow-up (issue 13): what became of each referral, partner by
// partner, on the worker's page for interviewers and admins; the lines
// without news for a while on a list of their own.

// followUpRequest records one step.
type followUpRequest struct {
	Partner          models.ReferralPartner `form:"partner" json:"partner" max:"40"`
	Status           models.FollowUpStatus  `form:"status" json:"status" max:"40"`
	On               time.Time              `form:"on" json:"on"`
	PartnerReference string                 `form:"partner_reference" json:"partner_reference" max:"200"`
}

type followUpJSON struct {
	ID               int64     `json:"id"`
	Status           string    `json:"status"`
	On               string    `json:"on"`
	PartnerReference string    `json:"partner_reference,omitempty"`
	RecordedAt       time.Time `json:"recorded_at"`
}

type followUpLineJSON struct {
	Partner string         `json:"partner"`
	Due     bool           `json:"due"`
	Steps   []followUpJSON `json:"steps"`
}

// workerReferrals is GET /workers/:id/referrals and its API twin.
func (a *App) workerReferrals(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return a.renderWorkerReferrals(c, id, newForm())
}

func (a *App) renderWorkerReferrals(c echo.Context, id int64, f *form) error {
	ctx := c.Request().Context()
	w, err := a.store.Workers.Get(ctx, actor(c), id)
	if err != nil {
		return err
	}
	lines, err := a.store.FollowUps.OfWorker(ctx, actor(c), id)
	if err != nil {
		return err
	}
	if isAPI(c.Request().URL.Path) {
		out := []followUpLineJSON{}
		for _, l := range lines {
			lj := followUpLineJSON{Partner: string(l.Partner), Due: l.Due, Steps: []followUpJSON{}}
			for _, s := range l.Steps {
				lj.Steps = append(lj.Steps, followUpJSON{ID: s.ID, Status: string(s.Status), On: s.On.Format(time.DateOnly),
					PartnerReference: s.PartnerReference, RecordedAt: s.RecordedAt})
			}
			out = append(out, lj)
		}
		return c.JSON(http.StatusOK, map[string]any{"worker_id": id, "referrals": out, "reminder_days": models.FollowUpReminderDays})
	}
	loc := a.localizer(c)
	if f.Value("on") == "" {
		f.Values.Set("on", a.now().Format(time.DateOnly))
	}
	return a.render(c, http.StatusOK, "followups", &view{Title: loc.T("followup.title"), Form: f, Data: map[string]any{
		"Worker": w, "Lines": lines, "Days": models.FollowUpReminderDays,
		"Partners": options(loc, "partner.", models.ReferralPartners), "Statuses": options(loc, followUpStatusMsg, models.FollowUpStatuses)}})
}

// followUpStatusMsg prefixes the statuses' message ids (queues.*.toml).
const followUpStatusMsg = "followup.status."

// followUpRecord is POST /workers/:id/referrals and its API twin.
func (a *App) followUpRecord(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req followUpRequest
	err = a.bind(c, &req)
	var f *models.FollowUp
	if err == nil {
		f, err = a.store.FollowUps.Record(c.Request().Context(), actor(c), models.FollowUp{WorkerID: id, Partner: req.Partner,
			Status: req.Status, On: req.On, PartnerReference: req.PartnerReference})
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderWorkerReferrals(c, id, f) })
	}
	return a.answer(c, result{status: http.StatusCreated, body: followUpJSON{ID: f.ID, Status: string(f.Status), On: f.On.Format(time.DateOnly),
		RecordedAt: f.RecordedAt}, flash: "flash.followup_recorded", redirect: "/workers/" + itoa64(id) + "/referrals"})
}

// referralsDue is GET /referrals/due and its API twin.
func (a *App) referralsDue(c echo.Context) error {
	lines, err := a.store.FollowUps.Due(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	if isAPI(c.Request().URL.Path) {
		type dueJSON struct {
			WorkerID   int64  `json:"worker_id"`
			WorkerName string `json:"worker_name"`
			Partner    string `json:"partner"`
			LastStatus string `json:"last_status"`
			LastOn     string `json:"last_on"`
		}
		out := []dueJSON{}
		for _, l := range lines {
			out = append(out, dueJSON{l.WorkerID, l.WorkerName, string(l.Partner), string(l.Last().Status), l.Last().On.Format(time.DateOnly)})
		}
		return c.JSON(http.StatusOK, map[string]any{"due": out, "reminder_days": models.FollowUpReminderDays})
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "followups_due", &view{Title: loc.T("followup.due_title"), Data: map[string]any{"Lines": lines, "Days": models.FollowUpReminderDays}})
}
