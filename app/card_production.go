package app

import (
	"bytes"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/input/csvcell"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/models"
)

// Card production (issue 13, h13card): the print-ready layout of one card,
// the card producer's export of the cards waiting to be produced, and the
// card's end (returned, destroyed) with its day and reason.

// cardEndRequest records a card's return or destruction.
type cardEndRequest struct {
	Event   models.CardEndEvent  `form:"event" json:"event" max:"20"`
	Reason  models.CardEndReason `form:"end_reason" json:"end_reason" max:"40"`
	EndedOn time.Time            `form:"ended_on" json:"ended_on"`
	Note    string               `form:"note" json:"note" input:"multiline" max:"2000"`
}

type cardEndJSON struct {
	ID           int64     `json:"id"`
	CardID       int64     `json:"card_id"`
	Event        string    `json:"event"`
	EndReason    string    `json:"end_reason"`
	EndedOn      string    `json:"ended_on"`
	Note         string    `json:"note,omitempty"`
	RecordedByID int64     `json:"recorded_by_id,omitempty"`
	RecordedAt   time.Time `json:"recorded_at"`
}

func toCardEndJSON(e models.CardEnd) cardEndJSON {
	return cardEndJSON{ID: e.ID, CardID: e.CardID, Event: string(e.Event), EndReason: string(e.Reason), EndedOn: day(e.On),
		Note: e.Note, RecordedByID: e.RecordedByID, RecordedAt: e.RecordedAt}
}

// cardEnd is POST /cards/:id/end and its API twin.
func (a *App) cardEnd(c echo.Context) error {
	var req cardEndRequest
	return a.cardAction(c, "card_end", &req, func(id int64) (*models.Card, error) {
		card, _, err := a.store.Cards.End(c.Request().Context(), actor(c), id, models.CardEnd{Event: req.Event, Reason: req.Reason, On: req.EndedOn, Note: req.Note})
		return card, err
	})
}

// cardEnds is GET /api/v1/cards/:id/ends.
func (a *App) cardEnds(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ends, err := a.store.Cards.Ends(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	out := []cardEndJSON{}
	for _, e := range ends {
		out = append(out, toCardEndJSON(e))
	}
	return c.JSON(http.StatusOK, map[string]any{"ends": out})
}

// cardLayout is GET /cards/:id/layout.pdf and its API twin: the card as
// the producer prints it, front and back.
func (a *App) cardLayout(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	p, err := a.store.Cards.Production(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	pdf, err := contracts.CardLayout(c.Request().Context(), cardLayoutData(*p, p.Content, a.cfg.Location))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `inline; filename="card-`+p.Card.Number+`.pdf"`)
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

func cardLayoutData(p store.CardProduction, photo []byte, loc *time.Location) contracts.CardLayoutData {
	if loc == nil {
		loc = time.UTC
	}
	return contracts.CardLayoutData{Number: p.Card.Number, FamilyName: p.Worker.FamilyName, GivenNames: p.Worker.GivenNames,
		Nationality: p.Worker.Nationality, DateOfBirth: p.Worker.DateOfBirth, Sex: p.Worker.Sex, IssuedOn: p.Card.IssuedAt.In(loc),
		ExpiresOn: p.Card.ExpiresOn, Employer: p.Employer.FullName(), Mission: p.Employer.Mission.Name, Photo: photo}
}

// productionColumns are the export's columns, in order.
var productionColumns = []string{"card_number", "card_type", "family_name", "given_names", "nationality", "date_of_birth", "sex",
	"issued_on", "expires_on", "employer", "mission", "photo_document_id", "photo_sha256", "layout"}

func productionRow(p store.CardProduction, loc *time.Location) map[string]string {
	d := cardLayoutData(p, nil, loc)
	row := map[string]string{"card_number": d.Number, "card_type": models.CardType, "family_name": d.FamilyName, "given_names": d.GivenNames,
		"nationality": d.Nationality, "date_of_birth": day(d.DateOfBirth), "sex": d.Sex.CardCode(), "issued_on": day(d.IssuedOn),
		"expires_on": day(d.ExpiresOn), "employer": d.Employer, "mission": d.Mission, "layout": "/cards/" + itoa64(p.Card.ID) + "/layout.pdf"}
	if p.Photo != nil {
		row["photo_document_id"], row["photo_sha256"] = itoa64(p.Photo.ID), p.Photo.SHA256
	}
	return row
}

// cardProduction is GET /cards/production.csv (the producer's file) and
// GET /api/v1/cards/production (the same rows as JSON): every card issued
// and waiting for collection. A card without a photo is listed with its
// photo columns empty, so the clerk sees what is missing.
func (a *App) cardProduction(c echo.Context) error {
	ps, err := a.store.Cards.ProductionList(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	if isAPI(c.Request().URL.Path) {
		items := make([]map[string]string, len(ps))
		for i, p := range ps {
			items[i] = productionRow(p, a.cfg.Location)
		}
		return c.JSON(http.StatusOK, map[string]any{"items": items, "columns": productionColumns})
	}
	var buf bytes.Buffer
	cw := csvcell.NewWriter(&buf)
	if err := cw.Write(productionColumns); err != nil {
		return err
	}
	for _, p := range ps {
		row := productionRow(p, a.cfg.Location)
		line := make([]string, len(productionColumns))
		for i, col := range productionColumns {
			line[i] = row[col]
		}
		if err := cw.Write(line); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	attachment(c, "carddesk-card-production-"+a.now().Format(time.DateOnly)+".csv")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// missionLanguageRequest changes the language a mission is written to in,
// as a new version of the mission.
type missionLanguageRequest struct {
	Language string `form:"language" json:"language" max:"5"`
	changeRequest
}

// Validate checks the language and the change together.
func (r missionLanguageRequest) Validate(time.Time) error {
	var v models.Validation
	v.Merge(r.change().Validate())
	return v.Err()
}

// missionLanguage is POST /missions/:id/language and its API twin.
func (a *App) missionLanguage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req missionLanguageRequest
	var m *models.Mission
	if err = a.bind(c, &req); err == nil {
		m, err = a.store.Missions.ChangeLanguage(c.Request().Context(), actor(c), id, req.Language, req.change())
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderMission(c, id, f) })
	}
	return a.answer(c, result{body: toMissionJSON(*m), flash: "h13card.flash_language_changed", redirect: missionURL(id)})
}

// missionLanguageOptions are the missions' languages for a select, named in
// the page's language (the letters' names, letter.lang.*).
func missionLanguageOptions(loc *localizer) []option {
	return options(loc, letterLangMsg, models.MissionLanguages)
}

// cardProductionData adds to the application's page what card production
// needs: the photo among the kinds of documents, the photo's own upload
// form after the draft, the card's layout link, and its end (recorded, and
// what may be recorded now).
func (a *App) cardProductionData(c echo.Context, v *store.ApplicationView, data map[string]any) error {
	loc := a.localizer(c)
	if kinds, ok := data["DocKinds"].([]option); ok {
		data["DocKinds"] = append(kinds, option{Value: string(models.DocWorkerPhoto), Label: loc.T("doc." + string(models.DocWorkerPhoto))})
	}
	// The letters' language: the mission's first, and so chosen unless the
	// clerk picks another (issue 13).
	if langs, ok := data["LetterLanguages"].([]option); ok {
		ordered := []option{}
		for _, o := range langs {
			if o.Value == v.Employer.Mission.Language {
				o.Label = loc.T("h13card.mission_language_option", "language", o.Label)
				ordered = append([]option{o}, ordered...)
			} else {
				ordered = append(ordered, o)
			}
		}
		data["LetterLanguages"] = ordered
	}
	mayCreate := actor(c).Require(models.PermApplicationCreate) == nil
	data["PhotoUpload"] = mayCreate && models.PhotoAttachable(models.DocWorkerPhoto, v.Status)
	if v.Card == nil {
		return nil
	}
	ends, err := a.store.Cards.Ends(c.Request().Context(), actor(c), v.Card.ID)
	if err != nil {
		return err
	}
	data["CardEnds"] = ends
	if actor(c).Require(models.PermCardIssue) != nil {
		return nil
	}
	data["CardLayout"] = v.Card.Producible()
	if events := v.Card.OpenEnds(ends); len(events) > 0 {
		data["CardEndEvents"] = options(loc, "h13card.end_event.", events)
		data["CardEndReasons"] = options(loc, "h13card.end_reason.", models.CardEndReasons)
	}
	return nil
}
