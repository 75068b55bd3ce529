package store

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/carddesk/carddesk/models"
)

// The one mapping rule: every table is read and written through a private
// row type of this package, never through a models type, so the domain
// carries no storage tags and a column change stays here. Where a domain type
// has exactly a table's columns, its row type is a defined type over it and
// converts for free (missionRow(m), m.model()); where they differ (users and
// their roles, signals and their indicators, interviews and their content,
// applications and their history) the row is its own struct with converters.
// Tables only the store knows (sessions, tokens, answers, scale versions)
// have their row next to their service.

type (
	missionRow     models.Mission
	employerRow    models.Employer
	workerRow      models.Worker
	employmentRow  models.Employment
	documentRow    models.Document
	cardRow        models.Card
	referralRow    models.Referral
	observationRow models.IndicatorObservation
)

func (missionRow) TableName() string     { return "missions" }
func (employerRow) TableName() string    { return "employers" }
func (workerRow) TableName() string      { return "workers" }
func (employmentRow) TableName() string  { return "employments" }
func (documentRow) TableName() string    { return "documents" }
func (cardRow) TableName() string        { return "cards" }
func (referralRow) TableName() string    { return "referrals" }
func (observationRow) TableName() string { return "indicator_observations" }

func (r missionRow) model() models.Mission                  { return models.Mission(r) }
func (r employerRow) model() models.Employer                { return models.Employer(r) }
func (r workerRow) model() models.Worker                    { return models.Worker(r) }
func (r employmentRow) model() models.Employment            { return models.Employment(r) }
func (r documentRow) model() models.Document                { return models.Document(r) }
func (r cardRow) model() models.Card                        { return models.Card(r) }
func (r referralRow) model() models.Referral                { return models.Referral(r) }
func (r observationRow) model() models.IndicatorObservation { return models.IndicatorObservation(r) }

// userRow is an account; its roles are rows of user_roles.
type userRow struct {
	ID                 int64
	Email              string
	Name               string
	Locale             string
	PasswordHash       string
	MustChangePassword bool
	Active             bool
	DeactivatedAt      *time.Time
	DeactivationReason string
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

func (userRow) TableName() string { return "users" }

func (r userRow) model() models.User {
	return models.User{ID: r.ID, Email: r.Email, Name: r.Name, Locale: r.Locale, PasswordHash: r.PasswordHash,
		MustChangePassword: r.MustChangePassword, Active: r.Active, DeactivatedAt: r.DeactivatedAt,
		DeactivationReason: r.DeactivationReason, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func userRowOf(u models.User) userRow {
	return userRow{ID: u.ID, Email: u.Email, Name: u.Name, Locale: u.Locale, PasswordHash: u.PasswordHash,
		MustChangePassword: u.MustChangePassword, Active: u.Active, DeactivatedAt: u.DeactivatedAt,
		DeactivationReason: u.DeactivationReason, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

// signalRow is a signal; its indicators are observations pointing at it.
type signalRow struct {
	ID           int64
	WorkerID     int64
	EmployerID   *int64
	Source       models.SignalSource
	SourceDetail string
	ReceivedOn   time.Time
	Note         []byte
	RecordedByID int64
	CreatedAt    time.Time
}

func (signalRow) TableName() string { return "signals" }

func (r signalRow) model() models.Signal {
	return models.Signal{ID: r.ID, WorkerID: r.WorkerID, EmployerID: r.EmployerID, Source: r.Source, SourceDetail: r.SourceDetail,
		ReceivedOn: r.ReceivedOn, Note: r.Note, RecordedByID: r.RecordedByID, CreatedAt: r.CreatedAt}
}

func signalRowOf(s models.Signal) signalRow {
	return signalRow{ID: s.ID, WorkerID: s.WorkerID, EmployerID: s.EmployerID, Source: s.Source, SourceDetail: s.SourceDetail,
		ReceivedOn: s.ReceivedOn, Note: s.Note, RecordedByID: s.RecordedByID, CreatedAt: s.CreatedAt}
}

// modelRow is a row type that converts to its domain value.
type modelRow[M any] interface{ model() M }

// modelsOf converts rows to their domain values.
func modelsOf[M any, R modelRow[M]](rows []R) []M {
	out := make([]M, len(rows))
	for i, r := range rows {
		out[i] = r.model()
	}
	return out
}

// forUpdate is the one lock helper: on PostgreSQL the rows q reads are locked
// until the transaction ends (SELECT … FOR UPDATE), which serialises every
// change of one record; SQLite's immediate transactions already hold the
// database's write lock, so there it changes nothing.
func (s *core) forUpdate(q *gorm.DB) *gorm.DB {
	if s.engine == Postgres {
		return q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return q
}

// get loads the row R with id, locked for update when lock is set, and
// returns its domain value; an absent row is the domain's not-found error
// naming what.
func get[M any, R modelRow[M]](s *core, tx *gorm.DB, what string, id int64, lock bool) (*M, error) {
	var r R
	q := tx
	if lock {
		q = s.forUpdate(tx)
	}
	if err := q.First(&r, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, notFound(what)
		}
		return nil, fmt.Errorf("load %s %d: %w", what, id, err)
	}
	m := r.model()
	return &m, nil
}

// Loaders of the records services share.

func (s *core) mission(tx *gorm.DB, id int64) (*models.Mission, error) {
	return get[models.Mission, missionRow](s, tx, "mission", id, false)
}

func (s *core) employer(tx *gorm.DB, id int64) (*models.Employer, error) {
	return get[models.Employer, employerRow](s, tx, "employer", id, false)
}

func (s *core) worker(tx *gorm.DB, id int64) (*models.Worker, error) {
	return get[models.Worker, workerRow](s, tx, "worker", id, false)
}

func (s *core) employment(tx *gorm.DB, id int64) (*models.Employment, error) {
	return get[models.Employment, employmentRow](s, tx, "employment", id, false)
}

func (s *core) card(tx *gorm.DB, id int64, lock bool) (*models.Card, error) {
	return get[models.Card, cardRow](s, tx, "card", id, lock)
}

func (s *core) document(tx *gorm.DB, id int64) (*models.Document, error) {
	return get[models.Document, documentRow](s, tx, "document", id, false)
}

func (s *core) observation(tx *gorm.DB, id int64) (*models.IndicatorObservation, error) {
	return get[models.IndicatorObservation, observationRow](s, tx, "observation", id, false)
}

// find runs q over the table of R and returns the domain values; what names
// the list in an error.
func find[M any, R modelRow[M]](q *gorm.DB, what string) ([]M, error) {
	var rows []R
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list %s: %w", what, err)
	}
	return modelsOf[M](rows), nil
}
