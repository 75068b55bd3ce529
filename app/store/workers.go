package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/carddesk/carddesk/models"
	"gorm.io/gorm"
)

// CreateWorker registers a worker. One worker is one record for life: a
// worker whose passport and nationality, or names and date of birth, match an
// existing one is refused with that record's id.
func (s *Workers) Create(ctx context.Context, actor models.Actor, w *models.Worker) error {
	if err := actor.Require(models.PermWorkerManage); err != nil {
		return err
	}
	w.Normalize()
	if err := w.ValidateEntry(s.today()); err != nil {
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
		if err := tx.Create((*workerRow)(w)).Error; err != nil {
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
	err := tx.Model(&workerRow{}).Where("passport_key = ? OR name_birth_key = ?", w.PassportKey, w.NameBirthKey).
		Order("id").Limit(1).Pluck("id", &ids).Error
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}

// Worker returns one worker.
func (s *Workers) Get(ctx context.Context, actor models.Actor, id int64) (*models.Worker, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	return s.worker(s.db.WithContext(ctx), id)
}

// nameMatchSQL selects the workers (id and the list's sort key) whose
// name, or whose employer's or mission's name, contains a search term:
// through indexes on each engine, each side of the UNION an index lookup
// rather than a filter over every worker. Each side carries the sort key,
// so a page is sorted from the matches alone, without a join to every
// worker (issue 14). A term is folded (models.SearchTerms), so it holds no
// LIKE wildcard to escape, and no space.
//
// On PostgreSQL a worker's name is matched by its words (migration 00037):
// the words containing the term, found by trigram among the distinct words,
// then their workers from worker_name_words, index only and in name order.
// A term under three letters has no trigram to look up, and is matched
// against every distinct word instead: far fewer than the workers' names
// ("de" over 100,000 generated names took 110 to 210 ms).
// On SQLite the words are the same tables (its migration 00038), the
// distinct words read whole (SQLite has no trigram index; the employers
// keep the FTS5 trigram table of 00018). The missions are matched first
// and their employers then read by index (employers_mission): written as a
// join, SQLite 3.54 scans every employer to merge the union, 5 ms of the 6
// a search by passport took at 100,000 workers (TestSearchPlansReadByIndex).
func (s *core) nameMatchSQL() string {
	if s.engine == Postgres {
		return wordsMatchSQL + `
			UNION SELECT w.id, w.family_name, w.given_names FROM employments em JOIN workers w ON w.id = em.worker_id WHERE em.employer_id IN (
				SELECT e.id FROM employers e WHERE e.search_name LIKE ?
				UNION SELECT e.id FROM employers e JOIN missions m ON m.id = e.mission_id WHERE lower(m.name) LIKE ?)`
	}
	return wordsMatchSQL + `
		UNION SELECT w.id, w.family_name, w.given_names FROM employments em JOIN workers w ON w.id = em.worker_id WHERE em.employer_id IN (
			SELECT rowid FROM employers_name_fts WHERE search_name LIKE ?
			UNION SELECT e.id FROM employers e WHERE e.mission_id IN (SELECT m.id FROM missions m WHERE lower(m.name) LIKE ?))`
}

// wordsMatchSQL is the workers' side of nameMatchSQL, the same on both
// engines: the distinct words containing the term, then their workers.
const wordsMatchSQL = `SELECT ww.worker_id AS id, ww.family_name, ww.given_names FROM worker_name_words ww
	WHERE ww.word IN (SELECT n.word FROM name_words n WHERE n.word LIKE ?)`

func (s *core) nameMatchArgs(term string) []any {
	like := "%" + term + "%"
	return []any{like, like, like}
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
func (s *Workers) Search(ctx context.Context, actor models.Actor, q string, page Page) ([]WorkerHit, int64, error) {
	return s.search(ctx, actor, q, page.norm(), nil)
}

// search reads one page of the search: page.Size workers past after (a
// keyset page, page.Number 1) or past the first page.Number-1 pages.
func (s *Workers) search(ctx context.Context, actor models.Actor, q string, page Page, after *WorkerCursor) ([]WorkerHit, int64, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, 0, err
	}
	db := s.db.WithContext(ctx)
	base := db.Model(&workerRow{})
	q = strings.TrimSpace(q)
	if q != "" {
		// One set of ids, each alternative an index lookup: the workers
		// every word matches (an INTERSECT of each word's matches), the
		// passport, the card. An OR of subqueries would filter every worker.
		var parts []string
		var args []any
		if terms := models.SearchTerms(q); len(terms) > 0 {
			// The workers the longest word finds (the fewest, as a rule:
			// "el" of "El Amrani" finds 30,387 of 100,000 generated workers,
			// "amrani" 924), each then checked for every other word: in
			// their name, or in an employer's or mission's name. The same
			// workers as an INTERSECT of each word's matches, without
			// reading every match of the shortest word.
			slices.SortStableFunc(terms, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
			words := "SELECT n.id, n.family_name, n.given_names FROM (" + s.nameMatchSQL() + ") n"
			args = append(args, s.nameMatchArgs(terms[0])...)
			if len(terms) > 1 {
				words += " JOIN workers nw ON nw.id = n.id WHERE "
				for i, term := range terms[1:] {
					if i > 0 {
						words += " AND "
					}
					words += `(nw.search_name LIKE ? OR EXISTS (SELECT 1 FROM employments nem JOIN employers ne ON ne.id = nem.employer_id
						JOIN missions nm ON nm.id = ne.mission_id WHERE nem.worker_id = nw.id AND (ne.search_name LIKE ? OR lower(nm.name) LIKE ?)))`
					args = append(args, s.nameMatchArgs(term)...)
				}
			}
			parts = append(parts, words)
		}
		if p := models.NormalizePassportNumber(q); p != "" {
			parts, args = append(parts, "SELECT p.id, p.family_name, p.given_names FROM workers p WHERE p.passport_number = ?"), append(args, p)
		}
		if n := models.NormalizeCardNumber(q); n != "" {
			parts, args = append(parts, "SELECT w.id, w.family_name, w.given_names FROM cards c JOIN workers w ON w.id = c.worker_id WHERE c.number = ?"), append(args, n)
		}
		if len(parts) == 0 {
			return []WorkerHit{}, 0, nil
		}
		// The matches with their sort key, found once: the page's ids and
		// the count (stopping past CountCap) are read from them alone; only
		// the page's workers are then read whole.
		page.Number = min(page.Number, MaxPage(page.Size))
		var rows []struct{ ID, Total int64 }
		pageWhere, pageArgs := "", []any{}
		if after != nil {
			cond, cargs := workerAfter("hits", after)
			pageWhere, pageArgs = " WHERE "+cond, cargs
		}
		// The count is of every match, the page of those past after.
		if err := db.Raw("WITH hits AS MATERIALIZED ("+strings.Join(parts, " UNION ")+`)
			SELECT hits.id, (SELECT count(*) FROM (SELECT 1 FROM hits LIMIT ?) capped) AS total
			FROM hits`+pageWhere+` ORDER BY hits.family_name, hits.given_names, hits.id LIMIT ? OFFSET ?`,
			append(append(args, CountCap+1), append(pageArgs, page.Size, page.offset())...)...).Scan(&rows).Error; err != nil {
			return nil, 0, fmt.Errorf("search workers: %w", err)
		}
		if len(rows) == 0 {
			// Past the last page, or nothing: count apart.
			total, err := cappedCount(db.Table("("+strings.Join(parts, " UNION ")+") AS hits", args...))
			return []WorkerHit{}, total, err
		}
		total := rows[0].Total
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		base = base.Where("workers.id IN ?", ids)
		page.Number = 1
		hitList, err := s.hits(db, base, page)
		return hitList, total, err
	}
	// The count stops past CountCap; so do the pages.
	page.Number = min(page.Number, MaxPage(page.Size))
	total, err := cappedCount(base)
	if err != nil {
		return nil, 0, fmt.Errorf("search workers: %w", err)
	}
	if after != nil {
		cond, cargs := workerAfter("workers", after)
		base = base.Where(cond, cargs...)
	}
	hits, err := s.hits(db, base, page)
	return hits, total, err
}

// hits reads one page of the workers base selects, in name order, with
// each one's latest card and employment.
func (s *Workers) hits(db, base *gorm.DB, page Page) ([]WorkerHit, error) {
	workers, err := find[models.Worker, workerRow](base.Order("workers.family_name, workers.given_names, workers.id").Offset(page.offset()).Limit(page.Size), "workers")
	if err != nil {
		return nil, fmt.Errorf("search workers: %w", err)
	}
	hits := make([]WorkerHit, len(workers))
	ids := make([]int64, len(workers))
	for i, w := range workers {
		hits[i].Worker, ids[i] = w, w.ID
	}
	if len(ids) == 0 {
		return hits, nil
	}
	// The latest card and the latest employment of each worker on the page,
	// two queries for the whole page.
	// Only the number of each card: the page needs no more of them.
	var cards []struct {
		WorkerID int64
		Number   string
	}
	if err := db.Table("cards").Select("worker_id, number").Where("worker_id IN ?", ids).
		Order("worker_id, issued_at DESC, id DESC").Scan(&cards).Error; err != nil {
		return nil, fmt.Errorf("latest cards of workers: %w", err)
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
		return nil, fmt.Errorf("latest employments of workers: %w", err)
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
	return hits, nil
}
