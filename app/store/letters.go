package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/models"
)

// letterRow is a letter as stored.
type letterRow struct {
	ID            int64
	ApplicationID int64
	Number        string
	Kind          models.LetterKind
	Language      string
	PDF           []byte `gorm:"column:pdf"`
	CreatedByID   int64
	CreatedAt     time.Time
}

func (letterRow) TableName() string { return "letters" }

// Letter is a letter as lists show it.
type Letter struct {
	ID            int64
	ApplicationID int64
	Number        string
	Kind          models.LetterKind
	Language      string
	CreatedByName string
	CreatedAt     time.Time
}

// letterFacts reads what decides which letters an application allows.
func (s *core) letterFacts(tx *gorm.DB, app models.Application) (models.LetterFacts, *models.Card, []models.DocumentKind, error) {
	f := models.LetterFacts{Status: app.Status, Booked: currentBooking(app.Events) > 0}
	docs, err := find[models.Document, documentRow](tx.Where("application_id = ?", app.ID), "documents")
	if err != nil {
		return f, nil, nil, err
	}
	var kinds []models.DocumentKind
	for _, d := range docs {
		kinds = append(kinds, d.Kind)
	}
	missing := models.MissingDocuments(app.Kind, kinds)
	f.Missing = len(missing)
	cards, err := find[models.Card, cardRow](tx.Where("application_id = ?", app.ID), "cards")
	if err != nil {
		return f, nil, nil, err
	}
	var card *models.Card
	if len(cards) > 0 {
		card = &cards[0]
		f.HasCard, f.CardStatus = true, card.Status
	}
	return f, card, missing, nil
}

// Allowed lists the letters application appID can give rise to now.
func (s *Letters) Allowed(ctx context.Context, actor models.Actor, appID int64) ([]models.LetterKind, error) {
	if err := actor.Require(models.PermApplicationCreate); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	_, app, err := s.loadApplication(db, appID, false)
	if err != nil {
		return nil, err
	}
	f, _, _, err := s.letterFacts(db, app)
	if err != nil {
		return nil, err
	}
	return models.LettersFor(f), nil
}

// Generate writes a letter of kind in language about application appID,
// numbers it and keeps it with the application; loc is the Directorate's
// time zone, for the dates it prints.
func (s *Letters) Generate(ctx context.Context, actor models.Actor, appID int64, kind models.LetterKind, language string, loc *time.Location) (*Letter, error) {
	if err := actor.Require(models.PermApplicationCreate); err != nil {
		return nil, err
	}
	var out Letter
	err := s.transact(ctx, func(tx *gorm.DB) error {
		_, app, err := s.loadApplication(tx, appID, true)
		if err != nil {
			return err
		}
		f, card, missing, err := s.letterFacts(tx, app)
		if err != nil {
			return err
		}
		if err := models.CheckLetter(kind, f); err != nil {
			return err
		}
		w, err := s.worker(tx, app.WorkerID)
		if err != nil {
			return err
		}
		e, err := s.employerView(tx, app.EmployerID)
		if err != nil {
			return err
		}
		if strings.TrimSpace(language) == "" { // the mission's language, unless the clerk chose another (issue 13)
			language = e.Mission.Language
		}
		now := s.now()
		d := contracts.LetterData{Kind: kind, Language: language, Mission: e.Mission.Name, Worker: w.FullName(), Employer: e.FullName(),
			Application: idText(app.ID), IssuedOn: now.In(loc)}
		if card != nil {
			d.Card, d.CardExpires = card.Number, card.ExpiresOn
		}
		addr := s.opts.Summons.Address
		if addr == "" {
			addr = DefaultSummonsAddress
		}
		d.Place = addr
		switch kind {
		case models.LetterDocumentsMissing:
			for _, k := range missing {
				d.Documents = append(d.Documents, contracts.LetterDocumentName(k, language))
			}
		case models.LetterRenewalDue:
			for _, k := range models.RequiredDocuments(models.ApplicationRenewal) {
				d.Documents = append(d.Documents, contracts.LetterDocumentName(k, language))
			}
		case models.LetterSummons:
			// The appointment's time and place; nothing of any interview.
			iv, err := s.interview(tx, currentBooking(app.Events))
			if err != nil {
				return err
			}
			d.At, d.Place = iv.ScheduledAt.In(loc), iv.Room+", "+addr
		}
		row := letterRow{ApplicationID: app.ID, Kind: kind, Language: language, CreatedByID: actor.UserID(), CreatedAt: now}
		// The number follows the last letter's (letters are never updated
		// nor deleted); two letters numbered at once meet the UNIQUE index.
		var next int64
		if err := tx.Raw("SELECT COALESCE(MAX(id), 0) + 1 FROM letters").Scan(&next).Error; err != nil {
			return fmt.Errorf("letter number: %w", err)
		}
		row.Number = fmt.Sprintf("NV/%d/%06d", now.In(loc).Year(), next)
		d.Number = row.Number
		pdf, err := contracts.Letter(ctx, d)
		if err != nil {
			return err
		}
		row.PDF = pdf
		if err := tx.Create(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return models.Fail(models.KindConflict, "concurrent_change", "Another letter took this number at the same moment; try again.")
			}
			return fmt.Errorf("keep letter: %w", err)
		}
		out = Letter{ID: row.ID, ApplicationID: app.ID, Number: row.Number, Kind: kind, Language: language, CreatedAt: now}
		return s.audit(tx, actor, "letter.generated", "application", idText(app.ID), "note verbale "+row.Number+" ("+string(kind)+", "+language+")")
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// List returns an application's letters, newest first.
func (s *Letters) List(ctx context.Context, actor models.Actor, appID int64) ([]Letter, error) {
	if err := actor.Require(models.PermApplicationRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	var rows []letterRow
	if err := db.Select("id, application_id, number, kind, language, created_by_id, created_at").Where("application_id = ?", appID).
		Order("id DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("letters of application %d: %w", appID, err)
	}
	names, err := userNames(db)
	if err != nil {
		return nil, err
	}
	out := make([]Letter, len(rows))
	for i, r := range rows {
		out[i] = Letter{ID: r.ID, ApplicationID: r.ApplicationID, Number: r.Number, Kind: r.Kind, Language: r.Language,
			CreatedByName: names[r.CreatedByID], CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// PDF returns a letter as it was sent.
func (s *Letters) PDF(ctx context.Context, actor models.Actor, id int64) (*Letter, []byte, error) {
	if err := actor.Require(models.PermApplicationRead); err != nil {
		return nil, nil, err
	}
	var r letterRow
	if err := s.db.WithContext(ctx).First(&r, id).Error; errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, notFound("letter")
	} else if err != nil {
		return nil, nil, fmt.Errorf("letter %d: %w", id, err)
	}
	if len(r.PDF) == 0 {
		return nil, nil, erasedPaper("letter")
	}
	return &Letter{ID: r.ID, ApplicationID: r.ApplicationID, Number: r.Number, Kind: r.Kind, Language: r.Language, CreatedAt: r.CreatedAt}, r.PDF, nil
}
