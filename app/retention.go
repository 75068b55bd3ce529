package app

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// Retention (admins, issue 12): the worker records that fall due for
// anonymisation within the next months, and the legal holds that stop the
// clock. The anonymisation itself is the housekeeping job's
// (carddesk retention run, and serve once a day).

// retentionHorizonDays is how far ahead the page looks.
const retentionHorizonDays = 180

// legalHoldRequest places a legal hold on a worker's record.
type legalHoldRequest struct {
	Kind   models.LegalHoldKind `form:"kind" json:"kind" max:"40"`
	Reason string               `form:"reason" json:"reason" input:"multiline" max:"500"`
}

// holdLiftRequest lifts a legal hold.
type holdLiftRequest struct {
	Reason string `form:"reason" json:"reason" input:"multiline" max:"500"`
}

type legalHoldJSON struct {
	ID       int64     `json:"id"`
	WorkerID int64     `json:"worker_id"`
	Kind     string    `json:"kind"`
	Reason   string    `json:"reason"`
	PlacedAt time.Time `json:"placed_at"`
}

func toLegalHoldJSON(h models.LegalHold) legalHoldJSON {
	return legalHoldJSON{ID: h.ID, WorkerID: h.WorkerID, Kind: string(h.Kind), Reason: h.Reason, PlacedAt: h.PlacedAt}
}

// retentionList is GET /retention and GET /api/v1/retention.
func (a *App) retentionList(c echo.Context) error {
	return a.renderRetention(c, newForm())
}

func (a *App) renderRetention(c echo.Context, f *form) error {
	items, err := a.store.Retention.Due(c.Request().Context(), actor(c), retentionHorizonDays)
	if err != nil {
		return err
	}
	if isAPI(c.Request().URL.Path) {
		type itemJSON struct {
			WorkerID int64           `json:"worker_id"`
			DueOn    time.Time       `json:"due_on"`
			Holds    []legalHoldJSON `json:"holds"`
		}
		out := []itemJSON{}
		for _, it := range items {
			j := itemJSON{WorkerID: it.WorkerID, DueOn: it.DueOn, Holds: []legalHoldJSON{}}
			for _, h := range it.Holds {
				j.Holds = append(j.Holds, toLegalHoldJSON(h))
			}
			out = append(out, j)
		}
		return c.JSON(http.StatusOK, map[string]any{"horizon_days": retentionHorizonDays, "items": out})
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "retention", &view{Title: loc.T("retention.title"), Form: f,
		Data: map[string]any{"Items": items, "Kinds": options(loc, "legal_hold.", models.LegalHoldKinds), "Days": retentionHorizonDays}})
}

// legalHoldPlace is POST /workers/:id/legal-holds and its API twin.
func (a *App) legalHoldPlace(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req legalHoldRequest
	var h *models.LegalHold
	if err = a.bind(c, &req); err == nil {
		h, err = a.store.Retention.PlaceHold(c.Request().Context(), actor(c), id, req.Kind, req.Reason)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderRetention(c, f) })
	}
	return a.answer(c, result{status: http.StatusCreated, body: toLegalHoldJSON(*h), flash: "flash.legal_hold_placed", redirect: "/retention"})
}

// legalHoldLift is POST /legal-holds/:id/lift and its API twin.
func (a *App) legalHoldLift(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req holdLiftRequest
	if err = a.bind(c, &req); err == nil {
		err = a.store.Retention.LiftHold(c.Request().Context(), actor(c), id, req.Reason)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderRetention(c, f) })
	}
	return a.answer(c, result{flash: "flash.legal_hold_lifted", redirect: "/retention"})
}
