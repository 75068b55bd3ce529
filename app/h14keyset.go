package app

import (
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/labstack/echo/v4"
)

// Keyset pages of the worker search and the applications list (issue 14).
// A cursor is the last row's place in the list's order, written as
// base64url JSON so that a name with any character travels in a link; a
// reader gives back the previous page's next unchanged.

func encodeCursor(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string, v any) bool {
	b, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil && json.Unmarshal(b, v) == nil
}

// workerCursor writes where a page of the search ends ("" on the last).
func workerCursor(c *store.WorkerCursor) string {
	if c == nil {
		return ""
	}
	return encodeCursor([]any{c.FamilyName, c.GivenNames, c.ID})
}

// parseWorkerCursor reads a cursor back ("" is the first page).
func parseWorkerCursor(s string) (*store.WorkerCursor, bool) {
	if s == "" {
		return nil, true
	}
	var parts []json.RawMessage
	var c store.WorkerCursor
	if !decodeCursor(s, &parts) || len(parts) != 3 || json.Unmarshal(parts[0], &c.FamilyName) != nil ||
		json.Unmarshal(parts[1], &c.GivenNames) != nil || json.Unmarshal(parts[2], &c.ID) != nil || c.ID < 1 {
		return nil, false
	}
	return &c, true
}

// applicationCursor writes where a page of applications ends ("" on the
// last).
func applicationCursor(c *store.ApplicationCursor) string {
	if c == nil {
		return ""
	}
	return encodeCursor([]any{c.UpdatedAt.UTC().Format(time.RFC3339Nano), c.ID})
}

// parseApplicationCursor reads a cursor back ("" is the first page).
func parseApplicationCursor(s string) (*store.ApplicationCursor, bool) {
	if s == "" {
		return nil, true
	}
	var parts []json.RawMessage
	var at string
	var c store.ApplicationCursor
	if !decodeCursor(s, &parts) || len(parts) != 2 || json.Unmarshal(parts[0], &at) != nil || json.Unmarshal(parts[1], &c.ID) != nil || c.ID < 1 {
		return nil, false
	}
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return nil, false
	}
	c.UpdatedAt = t
	return &c, true
}

// keysetPager is a keyset list's navigation (the worker search, the
// applications list, the renewals due): the first page (when this one is
// not) and the next page (when there is one). A keyset page has no
// number; the browser's back goes to the previous one.
type keysetPager struct {
	First, Next                  string
	Label, FirstLabel, NextLabel string
}

// newKeysetPager links the first and next pages of the list at the
// request's path, keeping every other parameter (the search, the filters).
func newKeysetPager(c echo.Context, loc *localizer, next string) keysetPager {
	p := keysetPager{Label: loc.T("pager.label"), FirstLabel: loc.T("h14keyset.first_page"), NextLabel: loc.T("pager.next")}
	link := func(after string) string {
		v := c.QueryParams()
		v.Del("page")
		v.Del("after")
		if after != "" {
			v.Set("after", after)
		}
		if len(v) == 0 {
			return c.Request().URL.Path
		}
		return c.Request().URL.Path + "?" + v.Encode()
	}
	if c.QueryParam("after") != "" {
		p.First = link("")
	}
	if next != "" {
		p.Next = link(next)
	}
	return p
}

// applicationListItemJSON is one line of GET /api/v1/applications.
type applicationListItemJSON struct {
	ID           int64     `json:"id"`
	Kind         string    `json:"kind"`
	Status       string    `json:"status"`
	WorkerID     int64     `json:"worker_id"`
	WorkerName   string    `json:"worker_name"`
	EmployerName string    `json:"employer_name"`
	MissionName  string    `json:"mission_name"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func applicationPageJSON(items []store.ApplicationListItem, total int64, limit int, next string) map[string]any {
	out := make([]applicationListItemJSON, len(items))
	for i, it := range items {
		out[i] = applicationListItemJSON{ID: it.ID, Kind: string(it.Kind), Status: string(it.Status), WorkerID: it.WorkerID,
			WorkerName: it.WorkerName, EmployerName: it.EmployerName, MissionName: it.MissionName, UpdatedAt: it.UpdatedAt}
	}
	body := map[string]any{"items": out, "total": min(total, store.CountCap), "total_capped": total > store.CountCap, "limit": limit}
	if next != "" {
		body["next"] = next
	}
	return body
}
