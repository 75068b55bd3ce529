package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/carddesk/carddesk/models"
)

// Page selects one page of a list.
type Page struct {
	Number int // 1-based
	Size   int
}

func (p Page) norm() Page {
	if p.Number < 1 {
		p.Number = 1
	}
	if p.Size < 1 || p.Size > 200 {
		p.Size = 25
	}
	return p
}

func (p Page) offset() int { return (p.Number - 1) * p.Size }

func today(now time.Time) time.Time { return models.CalendarDay(now) }

func idText(id int64) string { return strconv.FormatInt(id, 10) }

// first loads one row by id into dst, as a not-found domain error when absent.
func first[T any](tx *gorm.DB, what string, id int64, lock bool) (*T, error) {
	var dst T
	q := tx
	if lock {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	if err := q.First(&dst, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, notFound(what)
		}
		return nil, fmt.Errorf("load %s %d: %w", what, id, err)
	}
	return &dst, nil
}

// lockClause locks the rows read for update on PostgreSQL; SQLite's
// immediate transactions already hold the database's write lock.
func (s *Store) lock(tx *gorm.DB) *gorm.DB {
	if s.engine == Postgres {
		return tx.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return tx
}

// --- Missions

// CreateMission registers a mission.
func (s *Store) CreateMission(ctx context.Context, actor models.Actor, m *models.Mission) error {
	if err := actor.Require(models.PermMissionManage); err != nil {
		return err
	}
	m.Normalize()
	if m.Status == "" {
		m.Status = models.MissionActive
	}
	if err := m.Validate(); err != nil {
		return err
	}
	now := s.now()
	m.ID, m.CreatedAt, m.UpdatedAt = 0, now, now
	return s.transact(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(m).Error; err != nil {
			return fmt.Errorf("create mission: %w", err)
		}
		return s.audit(tx, actor, "mission.created", "mission", idText(m.ID), "mission registered")
	})
}

// CloseMission records that a mission closed on a day: its employers can no
// longer have applications submitted.
func (s *Store) CloseMission(ctx context.Context, actor models.Actor, id int64, on time.Time) error {
	if err := actor.Require(models.PermMissionManage); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		m, err := first[models.Mission](tx, "mission", id, false)
		if err != nil {
			return err
		}
		if !m.Active() {
			return models.Fail(models.KindConflict, "mission_closed", "This mission is already closed.")
		}
		day := today(on)
		if err := tx.Model(m).Updates(map[string]any{"status": models.MissionClosed, "closed_on": day, "updated_at": s.now()}).Error; err != nil {
			return err
		}
		return s.audit(tx, actor, "mission.closed", "mission", idText(id), "mission closed on "+day.Format(time.DateOnly))
	})
}

// Mission returns one mission.
func (s *Store) Mission(ctx context.Context, actor models.Actor, id int64) (*models.Mission, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	return first[models.Mission](s.db.WithContext(ctx), "mission", id, false)
}

// Missions lists missions by name.
func (s *Store) Missions(ctx context.Context, actor models.Actor) ([]models.Mission, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	var out []models.Mission
	err := s.db.WithContext(ctx).Order("status, name").Find(&out).Error
	return out, err
}

// --- Employers

// CreateEmployer registers a member of a mission.
func (s *Store) CreateEmployer(ctx context.Context, actor models.Actor, e *models.Employer) error {
	if err := actor.Require(models.PermEmployerManage); err != nil {
		return err
	}
	e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	now := s.now()
	e.ID, e.CreatedAt, e.UpdatedAt = 0, now, now
	return s.transact(ctx, func(tx *gorm.DB) error {
		if _, err := first[models.Mission](tx, "mission", e.MissionID, false); err != nil {
			var v models.Validation
			v.Add("mission_id", "required", "Choose the employer's mission.")
			return v.Err()
		}
		if err := tx.Create(e).Error; err != nil {
			return fmt.Errorf("create employer: %w", err)
		}
		return s.audit(tx, actor, "employer.created", "employer", idText(e.ID), "employer registered")
	})
}

// EmployerView is an employer with its mission.
type EmployerView struct {
	models.Employer
	Mission models.Mission
}

// Employer returns one employer with its mission.
func (s *Store) Employer(ctx context.Context, actor models.Actor, id int64) (*EmployerView, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	e, err := first[models.Employer](db, "employer", id, false)
	if err != nil {
		return nil, err
	}
	m, err := first[models.Mission](db, "mission", e.MissionID, false)
	if err != nil {
		return nil, err
	}
	return &EmployerView{Employer: *e, Mission: *m}, nil
}

// Employers lists employers, of one mission when missionID > 0.
func (s *Store) Employers(ctx context.Context, actor models.Actor, missionID int64) ([]EmployerView, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	q := db.Order("family_name, given_names, id")
	if missionID > 0 {
		q = q.Where("mission_id = ?", missionID)
	}
	var emps []models.Employer
	if err := q.Find(&emps).Error; err != nil {
		return nil, err
	}
	var missions []models.Mission
	if err := db.Find(&missions).Error; err != nil {
		return nil, err
	}
	byID := map[int64]models.Mission{}
	for _, m := range missions {
		byID[m.ID] = m
	}
	out := make([]EmployerView, len(emps))
	for i, e := range emps {
		out[i] = EmployerView{Employer: e, Mission: byID[e.MissionID]}
	}
	return out, nil
}

// --- Workers

// CreateWorker registers a worker. One worker is one record for life: a
// worker whose passport and nationality, or names and date of birth, match an
// existing one is refused with that record's id.
func (s *Store) CreateWorker(ctx context.Context, actor models.Actor, w *models.Worker) error {
	if err := actor.Require(models.PermWorkerManage); err != nil {
		return err
	}
	w.Normalize()
	if err := w.Validate(today(s.now())); err != nil {
		return err
	}
	w.PassportKey, w.NameBirthKey = w.DuplicateKeys()
	now := s.now()
	w.ID, w.CreatedAt, w.UpdatedAt = 0, now, now
	return s.transact(ctx, func(tx *gorm.DB) error {
		if id, err := duplicateWorker(tx, w); err != nil || id > 0 {
			if err != nil {
				return err
			}
			return models.ErrDuplicateWorker(id)
		}
		if err := tx.Create(w).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				// A concurrent registration won the race.
				if id, _ := duplicateWorker(s.db.WithContext(ctx), w); id > 0 {
					return models.ErrDuplicateWorker(id)
				}
			}
			return fmt.Errorf("create worker: %w", err)
		}
		return s.audit(tx, actor, "worker.created", "worker", idText(w.ID), "worker registered")
	})
}

func duplicateWorker(tx *gorm.DB, w *models.Worker) (int64, error) {
	var ids []int64
	err := tx.Model(&models.Worker{}).Where("passport_key = ? OR name_birth_key = ?", w.PassportKey, w.NameBirthKey).
		Order("id").Limit(1).Pluck("id", &ids).Error
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}

// Worker returns one worker.
func (s *Store) Worker(ctx context.Context, actor models.Actor, id int64) (*models.Worker, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	return first[models.Worker](s.db.WithContext(ctx), "worker", id, false)
}

// WorkerHit is one line of a search result.
type WorkerHit struct {
	models.Worker
	CardNumber string // the worker's latest card, if any
	Employer   string // the employer of the latest employment
	Mission    string
}

// SearchWorkers finds workers by name (accent- and case-insensitive, any
// order of words), passport number, card number, employer or mission name.
// An empty query lists everyone, newest first.
func (s *Store) SearchWorkers(ctx context.Context, actor models.Actor, q string, page Page) ([]WorkerHit, int64, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, 0, err
	}
	page = page.norm()
	db := s.db.WithContext(ctx)
	base := db.Model(&models.Worker{})
	q = strings.TrimSpace(q)
	if q != "" {
		cond := db.Where("1 = 1")
		for _, term := range models.SearchTerms(q) {
			like := "%" + escapeLike(term) + "%"
			cond = cond.Where(`(workers.search_name LIKE ? ESCAPE '\'
				OR workers.id IN (SELECT em.worker_id FROM employments em JOIN employers e ON e.id = em.employer_id
				                   JOIN missions m ON m.id = e.mission_id
				                   WHERE e.search_name LIKE ? ESCAPE '\' OR lower(m.name) LIKE ? ESCAPE '\'))`, like, like, like)
		}
		alt := db.Where(cond)
		if p := models.NormalizePassportNumber(q); p != "" {
			alt = alt.Or("workers.passport_number = ?", p)
		}
		if n := models.NormalizeCardNumber(q); n != "" {
			alt = alt.Or("workers.id IN (SELECT worker_id FROM cards WHERE number = ?)", n)
		}
		base = base.Where(alt)
	}
	var total int64
	if err := base.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("search workers: %w", err)
	}
	var workers []models.Worker
	if err := base.Order("workers.family_name, workers.given_names, workers.id").Offset(page.offset()).Limit(page.Size).Find(&workers).Error; err != nil {
		return nil, 0, fmt.Errorf("search workers: %w", err)
	}
	hits := make([]WorkerHit, len(workers))
	ids := make([]int64, len(workers))
	for i, w := range workers {
		hits[i].Worker, ids[i] = w, w.ID
	}
	if len(ids) == 0 {
		return hits, total, nil
	}
	// The latest card and the latest employment of each worker on the page,
	// two queries for the whole page.
	var cards []models.Card
	if err := db.Where("worker_id IN ?", ids).Order("worker_id, issued_at DESC, id DESC").Find(&cards).Error; err != nil {
		return nil, 0, err
	}
	latestCard := map[int64]string{}
	for _, c := range cards {
		if _, seen := latestCard[c.WorkerID]; !seen {
			latestCard[c.WorkerID] = c.Number
		}
	}
	var jobs []struct {
		WorkerID          int64
		Employer, Mission string
	}
	if err := db.Table("employments em").Select("em.worker_id, trim(e.title || ' ' || e.given_names || ' ' || e.family_name) AS employer, m.name AS mission").
		Joins("JOIN employers e ON e.id = em.employer_id").Joins("JOIN missions m ON m.id = e.mission_id").
		Where("em.worker_id IN ?", ids).Order("em.worker_id, em.starts_on DESC, em.id DESC").Scan(&jobs).Error; err != nil {
		return nil, 0, err
	}
	latestJob := map[int64]int{}
	for i, j := range jobs {
		if _, seen := latestJob[j.WorkerID]; !seen {
			latestJob[j.WorkerID] = i
		}
	}
	for i := range hits {
		hits[i].CardNumber = latestCard[hits[i].ID]
		if j, ok := latestJob[hits[i].ID]; ok {
			hits[i].Employer, hits[i].Mission = strings.TrimSpace(jobs[j].Employer), jobs[j].Mission
		}
	}
	return hits, total, nil
}

// --- Employments

// CreateEmployment records that a worker works for an employer.
func (s *Store) CreateEmployment(ctx context.Context, actor models.Actor, e *models.Employment) error {
	if err := actor.Require(models.PermWorkerManage); err != nil {
		return err
	}
	e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	now := s.now()
	e.ID, e.CreatedAt, e.UpdatedAt = 0, now, now
	return s.transact(ctx, func(tx *gorm.DB) error {
		var v models.Validation
		if _, err := first[models.Worker](tx, "worker", e.WorkerID, false); err != nil {
			v.Add("worker_id", "required", "Choose the worker.")
		}
		if _, err := first[models.Employer](tx, "employer", e.EmployerID, false); err != nil {
			v.Add("employer_id", "required", "Choose the employer.")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.Create(e).Error; err != nil {
			return fmt.Errorf("create employment: %w", err)
		}
		return s.audit(tx, actor, "employment.created", "employment", idText(e.ID), "employment recorded for worker "+idText(e.WorkerID))
	})
}

// EmploymentView is an employment with its employer.
type EmploymentView struct {
	models.Employment
	Employer EmployerView
}

// Employments lists a worker's employments, newest first.
func (s *Store) Employments(ctx context.Context, actor models.Actor, workerID int64) ([]EmploymentView, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	var list []models.Employment
	if err := db.Where("worker_id = ?", workerID).Order("starts_on DESC, id DESC").Find(&list).Error; err != nil {
		return nil, err
	}
	out := make([]EmploymentView, len(list))
	for i, e := range list {
		ev, err := s.Employer(ctx, actor, e.EmployerID)
		if err != nil {
			return nil, err
		}
		out[i] = EmploymentView{Employment: e, Employer: *ev}
	}
	return out, nil
}
