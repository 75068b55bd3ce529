package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// Card production and the card's end (issue 13; migration 00025): the
// worker's photo, the facts the card producer prints on the card (the
// layout PDF and the CSV export, app/ and contracts/), and the card's
// return and destruction, recorded once each with the day and the reason.

// cardEndRow is a row of card_ends.
type cardEndRow struct {
	ID           int64
	CardID       int64
	Event        models.CardEndEvent
	Reason       models.CardEndReason
	Note         string
	EndedOn      time.Time
	RecordedByID *int64
	RecordedAt   time.Time
}

func (cardEndRow) TableName() string { return "card_ends" }

func (r cardEndRow) model() models.CardEnd {
	e := models.CardEnd{ID: r.ID, CardID: r.CardID, Event: r.Event, Reason: r.Reason, Note: r.Note, On: models.CalendarDay(r.EndedOn), RecordedAt: r.RecordedAt}
	if r.RecordedByID != nil {
		e.RecordedByID = *r.RecordedByID
	}
	return e
}

func (s *core) cardEnds(tx *gorm.DB, cardID int64) ([]models.CardEnd, error) {
	var rows []cardEndRow
	if err := tx.Where("card_id = ?", cardID).Order("ended_on, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("ends of card %d: %w", cardID, err)
	}
	out := make([]models.CardEnd, len(rows))
	for i, r := range rows {
		out[i] = r.model()
	}
	return out, nil
}

// End records a card's return or destruction (models.Card.End), with the
// card's new status, in one transaction; the database refuses an end the
// card's status does not allow and a second return or destruction.
func (s *Cards) End(ctx context.Context, actor models.Actor, cardID int64, e models.CardEnd) (*models.Card, *models.CardEnd, error) {
	if err := actor.Require(models.PermCardIssue); err != nil {
		return nil, nil, err
	}
	var card *models.Card
	err := s.transact(ctx, func(tx *gorm.DB) error {
		var err error
		if card, err = s.card(tx, cardID, true); err != nil {
			return err
		}
		return s.endCard(tx, actor, card, &e)
	})
	if err != nil {
		return nil, nil, err
	}
	return card, &e, nil
}

func (s *core) endCard(tx *gorm.DB, actor models.Actor, card *models.Card, e *models.CardEnd) error {
	earlier, err := s.cardEnds(tx, card.ID)
	if err != nil {
		return err
	}
	now := s.now()
	before := card.Status
	ended, err := card.End(*e, earlier, s.local())
	if err != nil {
		return err
	}
	if card.Status != before {
		card.UpdatedAt = now
		if err := s.saveCardStatus(tx, *card); err != nil {
			return err
		}
	}
	row := cardEndRow{CardID: card.ID, Event: ended.Event, Reason: ended.Reason, Note: ended.Note, EndedOn: ended.On, RecordedAt: now}
	if id := actor.UserID(); id > 0 {
		row.RecordedByID = &id
	}
	if err := tx.Create(&row).Error; err != nil {
		return fmt.Errorf("end of card %d: %w", card.ID, err)
	}
	ended.ID, ended.RecordedByID, ended.RecordedAt = row.ID, actor.UserID(), now
	*e = ended
	return s.audit(tx, actor, "card."+string(ended.Event), "card", idText(card.ID),
		"card "+card.Number+" "+string(ended.Event)+" on "+ended.On.Format(time.DateOnly)+" ("+string(ended.Reason)+")")
}

// Ends lists the return and destruction recorded for a card.
func (s *Cards) Ends(ctx context.Context, actor models.Actor, cardID int64) ([]models.CardEnd, error) {
	if err := actor.Require(models.PermCardRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	if _, err := s.card(db, cardID, false); err != nil {
		return nil, err
	}
	return s.cardEnds(db, cardID)
}

// CardProduction is what the card producer prints on a card: the card, its
// worker, employer and mission, and the worker's photo.
type CardProduction struct {
	Card     models.Card
	Worker   models.Worker
	Employer EmployerView
	// Photo is the worker's latest photo not removed from its application:
	// of the card's application, or else of an earlier one of the worker.
	Photo   *models.Document
	Content []byte
}

// CodeCardNotProduced is the refusal of producing a card that is no longer
// in use (returned, cancelled, expired, lost): there is nothing to print.
const CodeCardNotProduced = "card_not_in_production"

// Production returns the card producer's facts for one card; the print is
// audited. A card with no photo of its worker is refused: attach it first.
func (s *Cards) Production(ctx context.Context, actor models.Actor, cardID int64) (*CardProduction, error) {
	if err := actor.Require(models.PermCardIssue); err != nil {
		return nil, err
	}
	var out *CardProduction
	err := s.transact(ctx, func(tx *gorm.DB) error {
		card, err := s.card(tx, cardID, false)
		if err != nil {
			return err
		}
		if !card.Producible() {
			return models.Fail(models.KindConflict, CodeCardNotProduced, "The card is {{.status_label}}: only a card issued or in use is printed.").
				With("status_label", card.Status.Label())
		}
		ps, err := s.production(tx, []models.Card{*card}, true)
		if err != nil {
			return err
		}
		if ps[0].Photo == nil {
			return models.Fail(models.KindConflict, models.CodePhotoMissing, "There is no photo of the worker: attach it to the application (a JPEG or PNG) first.")
		}
		out = &ps[0]
		return s.audit(tx, actor, "card.layout_printed", "card", idText(card.ID), "layout of card "+card.Number+" printed")
	})
	return out, err
}

// production loads the facts of cards; with content, the photos' bytes. It
// reads in a fixed number of queries however many cards there are (the
// workers, the employers, their missions, the workers' photos and, with
// content, the chosen photos' bytes), not a round of them per card.
func (s *core) production(tx *gorm.DB, cards []models.Card, content bool) ([]CardProduction, error) {
	out := make([]CardProduction, len(cards))
	if len(cards) == 0 {
		return out, nil
	}
	var workerIDs, employerIDs []int64
	for _, c := range cards {
		workerIDs, employerIDs = append(workerIDs, c.WorkerID), append(employerIDs, c.EmployerID)
	}
	workerIDs, employerIDs = uniqueIDs(workerIDs), uniqueIDs(employerIDs)
	workers, err := find[models.Worker, workerRow](tx.Where("id IN ?", workerIDs), "workers")
	if err != nil {
		return nil, err
	}
	employers, err := find[models.Employer, employerRow](tx.Where("id IN ?", employerIDs), "employers")
	if err != nil {
		return nil, err
	}
	var missionIDs []int64
	for _, e := range employers {
		missionIDs = append(missionIDs, e.MissionID)
	}
	missions, err := find[models.Mission, missionRow](tx.Where("id IN ?", uniqueIDs(missionIDs)), "missions")
	if err != nil {
		return nil, err
	}
	workerByID, employerByID, missionByID := map[int64]models.Worker{}, map[int64]models.Employer{}, map[int64]models.Mission{}
	for _, w := range workers {
		workerByID[w.ID] = w
	}
	for _, e := range employers {
		employerByID[e.ID] = e
	}
	for _, m := range missions {
		missionByID[m.ID] = m
	}
	photos, err := s.workerPhotos(tx, workerIDs)
	if err != nil {
		return nil, err
	}
	var chosen []int64
	for i, c := range cards {
		w, ok := workerByID[c.WorkerID]
		if !ok {
			return nil, notFound("worker")
		}
		e, ok := employerByID[c.EmployerID]
		if !ok {
			return nil, notFound("employer")
		}
		m, ok := missionByID[e.MissionID]
		if !ok {
			return nil, notFound("mission")
		}
		out[i] = CardProduction{Card: c, Worker: w, Employer: EmployerView{Employer: e, Mission: m}}
		if p := cardPhoto(c, photos[c.WorkerID]); p != nil {
			out[i].Photo = p
			chosen = append(chosen, p.ID)
		}
	}
	if !content || len(chosen) == 0 {
		return out, nil
	}
	var contents []documentContent
	if err := tx.Where("document_id IN ?", uniqueIDs(chosen)).Find(&contents).Error; err != nil {
		return nil, fmt.Errorf("photos' content: %w", err)
	}
	byDoc := map[int64][]byte{}
	for _, dc := range contents {
		byDoc[dc.DocumentID] = dc.Content
	}
	for i := range out {
		if out[i].Photo == nil {
			continue
		}
		b, ok := byDoc[out[i].Photo.ID]
		if !ok {
			return nil, fmt.Errorf("photo %d: %w", out[i].Photo.ID, gorm.ErrRecordNotFound)
		}
		out[i].Content = b
	}
	return out, nil
}

// workerPhotos returns the photos not removed of the workers' applications,
// by worker, latest first (two queries: the workers' applications, their
// photos).
func (s *core) workerPhotos(tx *gorm.DB, workerIDs []int64) (map[int64][]models.Document, error) {
	var apps []struct{ ID, WorkerID int64 }
	if err := tx.Table("applications").Select("id, worker_id").Where("worker_id IN ?", workerIDs).Find(&apps).Error; err != nil {
		return nil, fmt.Errorf("workers' applications: %w", err)
	}
	out := map[int64][]models.Document{}
	if len(apps) == 0 {
		return out, nil
	}
	workerOf := map[int64]int64{}
	appIDs := make([]int64, len(apps))
	for i, a := range apps {
		workerOf[a.ID], appIDs[i] = a.WorkerID, a.ID
	}
	docs, err := find[models.Document, documentRow](notRemoved(tx.Where("application_id IN ? AND kind = ?", appIDs, models.DocWorkerPhoto)).
		Order("created_at DESC, id DESC"), "photos")
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		out[workerOf[d.ApplicationID]] = append(out[workerOf[d.ApplicationID]], d)
	}
	return out, nil
}

// cardPhoto is the photo card c prints, among its worker's photos (latest
// first): the latest of the card's own application, or else the worker's
// latest.
func cardPhoto(c models.Card, photos []models.Document) *models.Document {
	for i := range photos {
		if photos[i].ApplicationID == c.ApplicationID {
			return &photos[i]
		}
	}
	if len(photos) > 0 {
		return &photos[0]
	}
	return nil
}

// uniqueIDs returns ids sorted, each once.
func uniqueIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// ProductionList is the card producer's export: every card issued and
// waiting for collection, oldest first, with its facts and its photo's
// document (the export names the photo; the producer downloads it). The
// export is audited.
func (s *Cards) ProductionList(ctx context.Context, actor models.Actor) ([]CardProduction, error) {
	if err := actor.Require(models.PermCardIssue); err != nil {
		return nil, err
	}
	var out []CardProduction
	err := s.transact(ctx, func(tx *gorm.DB) error {
		cards, err := find[models.Card, cardRow](tx.Where("status = ?", models.CardReadyForCollection).Order("issued_at, id"), "cards")
		if err != nil {
			return err
		}
		if out, err = s.production(tx, cards, false); err != nil {
			return err
		}
		return s.audit(tx, actor, "card.production_exported", "card", "", fmt.Sprintf("%d card(s) exported for production", len(out)))
	})
	return out, err
}
