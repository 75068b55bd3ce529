package app

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// auditFilter reads the filter shared by the audit page and the API. Dates
// are whole days (UTC): "to" includes the day named.
func auditFilter(c echo.Context) (models.AuditFilter, error) {
	f := models.AuditFilter{
		ActorEmail: c.QueryParam("user"),
		RecordType: c.QueryParam("record_type"),
		RecordID:   c.QueryParam("record_id"),
		Action:     c.QueryParam("action"),
	}
	var v models.Validation
	if s := c.QueryParam("from"); s != "" {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			v.Add("from", "invalid_date", "Use the form YYYY-MM-DD.")
		}
		f.From = t
	}
	if s := c.QueryParam("to"); s != "" {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			v.Add("to", "invalid_date", "Use the form YYYY-MM-DD.")
		}
		f.To = t.AddDate(0, 0, 1)
	}
	if s := c.QueryParam("before"); s != "" {
		f.BeforeID, _ = strconv.ParseInt(s, 10, 64)
	}
	if s := c.QueryParam("limit"); s != "" {
		f.Limit, _ = strconv.Atoi(s)
	}
	return f, v.Err()
}

func (a *App) auditPage(c echo.Context) error {
	vals := c.QueryParams()
	fm := newForm()
	fm.Values = vals
	filter, err := auditFilter(c)
	var events []models.AuditEvent
	status := http.StatusOK
	if err != nil {
		if status, _ = a.formError(c, fm, err); status == 0 {
			return err
		}
	} else {
		filter.Limit = 100
		if events, err = a.store.Audit.Events(c.Request().Context(), actor(c), filter); err != nil {
			return err
		}
	}
	var older string
	if len(events) > 0 && len(events) == filter.Limit {
		q := c.QueryParams()
		q.Set("before", strconv.FormatInt(events[len(events)-1].ID, 10))
		older = "/admin/audit?" + q.Encode()
	}
	return a.render(c, status, "audit", &view{Title: a.localizer(c).T("audit.title"), Form: fm,
		Data: map[string]any{"Events": events, "Older": older}})
}
