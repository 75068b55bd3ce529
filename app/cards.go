package app

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// Cards: issued through the gate (models.IssueCard), collected in person by
// the worker, returned, cancelled or reported lost; renewals due.

type cardJSON struct {
	ID                        int64      `json:"id"`
	Number                    string     `json:"number"`
	Status                    string     `json:"status"`
	ApplicationID             int64      `json:"application_id"`
	WorkerID                  int64      `json:"worker_id"`
	EmployerID                int64      `json:"employer_id"`
	ReplacesCardID            *int64     `json:"replaces_card_id,omitempty"`
	IssuedAt                  time.Time  `json:"issued_at"`
	IssuedByID                int64      `json:"issued_by_id"`
	ExpiresOn                 string     `json:"expires_on"`
	CollectedAt               *time.Time `json:"collected_at,omitempty"`
	CollectedByClerkID        *int64     `json:"collected_by_clerk_id,omitempty"`
	IdentityDocumentKind      string     `json:"identity_document_kind,omitempty"`
	IdentityDocumentNumber    string     `json:"identity_document_number,omitempty"`
	CollectedByWorkerInPerson bool       `json:"collected_by_worker_in_person"`
	StatusChangedAt           *time.Time `json:"status_changed_at,omitempty"`
	StatusReason              string     `json:"status_reason,omitempty"`
}

func toCardJSON(c models.Card) cardJSON {
	return cardJSON{ID: c.ID, Number: c.Number, Status: string(c.Status), ApplicationID: c.ApplicationID, WorkerID: c.WorkerID,
		EmployerID: c.EmployerID, ReplacesCardID: c.ReplacesCardID, IssuedAt: c.IssuedAt, IssuedByID: c.IssuedByID,
		ExpiresOn: day(c.ExpiresOn), CollectedAt: c.CollectedAt, CollectedByClerkID: c.CollectedByClerkID,
		IdentityDocumentKind: string(c.IdentityDocumentKind), IdentityDocumentNumber: c.IdentityDocumentNumber,
		CollectedByWorkerInPerson: c.CollectedByWorkerInPerson, StatusChangedAt: c.StatusChangedAt, StatusReason: c.StatusReason}
}

// cardViewJSON is a card with the names a list shows; due_reason only in the
// renewals-due list.
type cardViewJSON struct {
	cardJSON
	WorkerName   string `json:"worker_name"`
	EmployerName string `json:"employer_name"`
	MissionName  string `json:"mission_name"`
	EmploymentID int64  `json:"employment_id"`
	DueReason    string `json:"due_reason,omitempty"`
}

func toCardViewJSON(v store.CardView) cardViewJSON {
	return cardViewJSON{cardJSON: toCardJSON(v.Card), WorkerName: v.WorkerName, EmployerName: v.EmployerName,
		MissionName: v.MissionName, EmploymentID: v.EmploymentID, DueReason: string(v.DueReason)}
}

// cardIssue is POST /applications/:id/issue and its API twin.
func (a *App) cardIssue(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	card, err := a.store.Cards.Issue(c.Request().Context(), actor(c), id)
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderApplication(c, id, "issue", f) })
	}
	return a.answer(c, result{status: http.StatusCreated, body: toCardJSON(*card), location: v1 + "/cards/" + itoa64(card.ID),
		flash: "flash.issue_done", redirect: appURL(id)})
}

// collectRequest records the in-person collection: the identity document
// checked and the clerk's attestation that the worker took the card.
type collectRequest struct {
	IdentityDocumentKind   models.IdentityDocumentKind `form:"identity_document_kind" json:"identity_document_kind" max:"40"`
	IdentityDocumentNumber string                      `form:"identity_document_number" json:"identity_document_number" max:"40"`
	HandedToWorkerInPerson bool                        `form:"handed_to_worker_in_person" json:"handed_to_worker_in_person"`
}

// cardAction runs one change of the card in the path; the page comes back to
// the card's application.
func (a *App) cardAction(c echo.Context, section string, req any, do func(id int64) (*models.Card, error)) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	card, err := a.store.Cards.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	var changed *models.Card
	if err = a.bind(c, req); err == nil {
		changed, err = do(id)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderApplication(c, card.ApplicationID, section, f) })
	}
	return a.answer(c, result{body: toCardJSON(*changed), flash: "flash." + section + "_done", redirect: appURL(card.ApplicationID)})
}

// cardCollect is POST /cards/:id/collect and its API twin.
func (a *App) cardCollect(c echo.Context) error {
	var req collectRequest
	return a.cardAction(c, "collect", &req, func(id int64) (*models.Card, error) {
		return a.store.Cards.Collect(c.Request().Context(), actor(c), id, models.Collection{IdentityDocumentKind: req.IdentityDocumentKind,
			IdentityDocumentNumber: req.IdentityDocumentNumber, HandedToWorkerInPerson: req.HandedToWorkerInPerson})
	})
}

// cardStatusRequest returns, cancels or reports a card lost, with a reason.
type cardStatusRequest struct {
	Action models.CardAction `form:"action" json:"action" max:"40"`
	Reason string            `form:"reason" json:"reason" input:"multiline" max:"2000"`
}

// cardStatus is POST /cards/:id/status.
func (a *App) cardStatus(c echo.Context) error {
	var req cardStatusRequest
	return a.cardAction(c, "card_status", &req, func(id int64) (*models.Card, error) {
		return a.store.Cards.ChangeStatus(c.Request().Context(), actor(c), id, req.Action, req.Reason)
	})
}

// apiCard is GET /api/v1/cards/:id.
func (a *App) apiCard(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	cv, err := a.store.Cards.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCardViewJSON(*cv))
}

// renewalsQuery is the window of the renewals-due list (the setting when
// absent); the page's parameter is named like the API's.
type renewalsQuery struct {
	ExpiringWithinDays int `form:"expiring_within_days" json:"expiring_within_days"`
	// After is the previous page's next cursor (renewalsCursor), Limit the
	// page's size.
	After string `form:"after" json:"after"`
	Limit int    `form:"limit" json:"limit"`
}

// Validate bounds the window and the page and reads the cursor.
func (q renewalsQuery) Validate(time.Time) error {
	var v models.Validation
	if q.ExpiringWithinDays < 0 || q.ExpiringWithinDays > 3660 {
		v.Add("expiring_within_days", "out_of_range", "Give a number from {{.min}} to {{.max}}.", map[string]any{"min": 1, "max": 3660})
	}
	if q.Limit < 0 || q.Limit > store.MaxRenewalsPage {
		v.Add("limit", "out_of_range", "Give a number from {{.min}} to {{.max}}.", map[string]any{"min": 1, "max": store.MaxRenewalsPage})
	}
	if _, ok := parseRenewalsCursor(q.After); !ok {
		v.Add("after", "invalid", "Use the next cursor of the previous page.")
	}
	return v.Err()
}

// renewalsCursor writes where a page of renewals due ends as
// YYYY-MM-DD.ID (the last card's expiry and id); parseRenewalsCursor reads
// it back ("" is the first page).
func renewalsCursor(c *store.RenewalsCursor) string {
	if c == nil {
		return ""
	}
	return c.ExpiresOn.Format(time.DateOnly) + "." + strconv.FormatInt(c.ID, 10)
}

func parseRenewalsCursor(s string) (*store.RenewalsCursor, bool) {
	if s == "" {
		return nil, true
	}
	day, id, found := strings.Cut(s, ".")
	on, err := time.Parse(time.DateOnly, day)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !found || err != nil || err2 != nil || n < 1 {
		return nil, false
	}
	return &store.RenewalsCursor{ExpiresOn: on, ID: n}, true
}

// renewalsDue is GET /cards/due and GET /api/v1/cards: the cards expiring
// within the window and the expired cards with no renewal.
func (a *App) renewalsDue(c echo.Context) error {
	var q renewalsQuery
	err := a.query(c, &q)
	if err == nil {
		err = q.Validate(a.now())
	}
	if err != nil {
		return err
	}
	days := q.ExpiringWithinDays
	if days == 0 {
		days = a.store.Settings().RenewalWindowDays
	}
	after, _ := parseRenewalsCursor(q.After)
	page, err := a.store.Cards.RenewalsDuePage(c.Request().Context(), actor(c), store.RenewalsFilter{WindowDays: days, After: after, Limit: q.Limit})
	if err != nil {
		return err
	}
	next := renewalsCursor(page.Next)
	if isAPI(c.Request().URL.Path) {
		items := make([]cardViewJSON, len(page.Cards))
		for i, cv := range page.Cards {
			items[i] = toCardViewJSON(cv)
		}
		body := map[string]any{"items": items, "expiring_within_days": days, "total": page.Total}
		if next != "" {
			body["next"] = next
		}
		return c.JSON(http.StatusOK, body)
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "renewals", &view{Title: loc.T("renewals.title"),
		Data: map[string]any{"Cards": page.Cards, "Days": days, "Total": page.Total, "Keyset": newKeysetPager(c, loc, next)}})
}

// renewalOpen is POST /cards/:id/renewal and its API twin: the renewal,
// pre-filled from the card.
func (a *App) renewalOpen(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	app, err := a.store.Cards.OpenRenewal(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return a.answer(c, result{status: http.StatusCreated, body: toApplicationJSON(*app), location: v1 + appURL(app.ID),
		flash: "flash.application_opened", redirect: appURL(app.ID)})
}
