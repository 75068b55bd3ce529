package app

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// Reassignment (admins): a scheduled interview handed to another
// interviewer, with a reason; only the interviewer it is assigned to records
// it (models.CanRecordInterview).

// reassignRequest is the reassignment, from the page or
// POST /api/v1/interviews/:id/reassign.
type reassignRequest struct {
	InterviewerID int64  `form:"interviewer_id" json:"interviewer_id"`
	Reason        string `form:"reason" json:"reason" input:"multiline" max:"2000"`
	// ScheduledAt is empty to keep the appointment's time (models.ReassignedTime).
	ScheduledAt time.Time `form:"scheduled_at" json:"scheduled_at" input:"instant"`
}

// reassignPage is GET /interviews/:id/reassign.
func (a *App) reassignPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return a.renderReassign(c, id, nil)
}

func (a *App) renderReassign(c echo.Context, id int64, f *form) error {
	ch, err := a.store.Interviews.ReassignChoices(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	if f == nil {
		f = newForm()
	}
	var opts []option
	for _, u := range ch.Interviewers {
		if u.ID != ch.Interview.InterviewerID {
			opts = append(opts, option{Value: itoa64(u.ID), Label: u.Name})
		}
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "reassign", &view{Title: loc.T("reassign.title", "id", id), Form: f,
		Data: map[string]any{"Interview": ch.Interview, "Interviewers": opts, "Past": ch.Interview.ScheduledAt.Before(a.now())}})
}

// reassign is POST /interviews/:id/reassign and its API twin.
func (a *App) reassign(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req reassignRequest
	var iv *models.Interview
	if err = a.bind(c, &req); err == nil {
		iv, err = a.store.Interviews.Reassign(c.Request().Context(), actor(c), id, models.Reassignment{InterviewerID: req.InterviewerID, Reason: req.Reason, ScheduledAt: req.ScheduledAt})
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderReassign(c, id, f) })
	}
	if isAPI(c.Request().URL.Path) {
		return a.writeApplication(c, http.StatusOK, iv.ApplicationID)
	}
	return a.answer(c, result{flash: "flash.reassigned", redirect: appURL(iv.ApplicationID)})
}
