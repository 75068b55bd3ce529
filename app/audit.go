package app

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// The audit trail (admins): filtered by user, record, action and day, newest
// first, older pages by keyset.

// auditQuery is the audit trail's filter; days are whole days (UTC), "to"
// includes the day named.
type auditQuery struct {
	User       string     `form:"user" json:"user" max:"254"`
	RecordType string     `form:"record_type" json:"record_type" max:"60"`
	RecordID   string     `form:"record_id" json:"record_id" max:"60"`
	Action     string     `form:"action" json:"action" max:"100"`
	From       *time.Time `form:"from" json:"from"`
	To         *time.Time `form:"to" json:"to"`
	Before     int64      `form:"before" json:"before"`
	Limit      int        `form:"limit" json:"limit"`
}

func (q auditQuery) filter() models.AuditFilter {
	f := models.AuditFilter{ActorEmail: q.User, RecordType: q.RecordType, RecordID: q.RecordID, Action: q.Action,
		BeforeID: q.Before, Limit: q.Limit}
	if q.From != nil {
		f.From = *q.From
	}
	if q.To != nil {
		f.To = q.To.AddDate(0, 0, 1)
	}
	return f
}

// auditJSON is one audit row in the API.
type auditJSON struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    *int64    `json:"actor_id"`
	ActorEmail string    `json:"actor_email"`
	Action     string    `json:"action"`
	RecordType string    `json:"record_type"`
	RecordID   string    `json:"record_id"`
	RequestID  string    `json:"request_id"`
	IP         string    `json:"ip"`
	Via        string    `json:"via"`
	Summary    string    `json:"summary"`
}

func auditRows(events []models.AuditEvent) []auditJSON {
	out := make([]auditJSON, len(events))
	for i, e := range events {
		out[i] = auditJSON(e)
	}
	return out
}

// auditList is GET /admin/audit and GET /api/v1/audit.
func (a *App) auditList(c echo.Context) error {
	var q auditQuery
	err := a.query(c, &q)
	api := isAPI(c.Request().URL.Path)
	if err != nil && api {
		return err
	}
	f := newForm()
	f.Values = c.QueryParams()
	var events []models.AuditEvent
	filter := q.filter()
	if !api {
		filter.Limit = 100
	}
	if err != nil {
		if !a.formError(c, f, err) {
			return err
		}
	} else if events, err = a.store.Audit.Events(c.Request().Context(), actor(c), filter); err != nil {
		return err
	}
	if api {
		resp := map[string]any{"events": auditRows(events)}
		if len(events) > 0 && (filter.Limit == 0 && len(events) == 100 || len(events) == filter.Limit) {
			resp["next_before"] = events[len(events)-1].ID
		}
		return c.JSON(http.StatusOK, resp)
	}
	var older string
	if len(events) > 0 && len(events) == filter.Limit {
		qs := c.QueryParams()
		qs.Set("before", itoa64(events[len(events)-1].ID))
		older = "/admin/audit?" + qs.Encode()
	}
	return a.render(c, http.StatusOK, "audit", &view{Title: a.localizer(c).T("audit.title"), Form: f,
		Data: map[string]any{"Events": events, "Older": older}})
}
