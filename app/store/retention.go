package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// Retention (issue 12): which workers' personal data falls due for
// anonymisation and when, the admins' legal holds that stop the clock, and
// the housekeeping job that anonymises what is due. The record of each
// anonymisation (worker_anonymisations) is written first in its transaction:
// it is what opens the one exception migration 00016 makes to the cards'
// immutability. The audit trail keeps every row; its rows keep pointing at
// the worker's id.

// legalHoldRow is a row of legal_holds.
type legalHoldRow models.LegalHold

func (legalHoldRow) TableName() string         { return "legal_holds" }
func (r legalHoldRow) model() models.LegalHold { return models.LegalHold(r) }

// RetentionItem is one worker whose record falls due within the horizon.
type RetentionItem struct {
	WorkerID   int64
	WorkerName string
	DueOn      time.Time
	Holds      []models.LegalHold // active ones
}

// Held reports whether a legal hold stops the clock.
func (i RetentionItem) Held() bool { return len(i.Holds) > 0 }

// retentionBatch is how many workers' retention facts are read at a time.
// Read whole, the facts of 100,000 workers (their 300,000 cards and
// applications as rows) held 60 MB for the ten seconds the start's
// housekeeping took; a batch holds a fiftieth of that and reads each table
// by its worker index. A variable only so that a test can cross batch
// boundaries with a handful of workers.
var retentionBatch = 2000

// notAnonymised is the condition, on the worker id column named by %s, of a
// record not yet anonymised.
const notAnonymised = "NOT EXISTS (SELECT 1 FROM worker_anonymisations x WHERE x.worker_id = %s)"

// eachRetentionBatch calls fn with the retention facts of the workers not
// yet anonymised, retentionBatch workers at a time in id order.
func (s *core) eachRetentionBatch(db *gorm.DB, fn func(map[int64]*models.RetentionFacts) error) error {
	after := int64(0)
	for {
		var ids []int64
		if err := db.Table("workers w").Where(fmt.Sprintf(notAnonymised, "w.id")).Where("w.id > ?", after).
			Order("w.id").Limit(retentionBatch).Pluck("w.id", &ids).Error; err != nil {
			return fmt.Errorf("retention: workers: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		facts, err := s.retentionFacts(db, ids[0], ids[len(ids)-1])
		if err != nil {
			return err
		}
		if err := fn(facts); err != nil {
			return err
		}
		after = ids[len(ids)-1]
	}
}

// retentionFacts gathers the retention facts of the workers not yet
// anonymised whose ids lie from first to last.
func (s *core) retentionFacts(tx *gorm.DB, first, last int64) (map[int64]*models.RetentionFacts, error) {
	day := s.today()
	facts := map[int64]*models.RetentionFacts{}
	var ids []int64
	q := tx.Table("workers w").Where(fmt.Sprintf(notAnonymised, "w.id")).Where("w.id BETWEEN ? AND ?", first, last)
	if err := q.Pluck("w.id", &ids).Error; err != nil {
		return nil, fmt.Errorf("retention: workers: %w", err)
	}
	for _, id := range ids {
		facts[id] = &models.RetentionFacts{}
	}
	var cards []struct {
		WorkerID        int64
		Status          models.CardStatus
		ExpiresOn       time.Time
		StatusChangedAt *time.Time
	}
	cq := tx.Table("cards c").Select("c.worker_id, c.status, c.expires_on, c.status_changed_at").
		Where("c.worker_id BETWEEN ? AND ?", first, last).Where(fmt.Sprintf(notAnonymised, "c.worker_id"))
	if err := cq.Scan(&cards).Error; err != nil {
		return nil, fmt.Errorf("retention: cards: %w", err)
	}
	for _, c := range cards {
		f := facts[c.WorkerID]
		if f == nil {
			continue
		}
		ended := c.ExpiresOn
		switch c.Status {
		case models.CardReturned, models.CardCancelled, models.CardReportedLost:
			if c.StatusChangedAt != nil && c.StatusChangedAt.Before(ended) {
				ended = *c.StatusChangedAt
			}
		default:
			if c.ExpiresOn.After(day) {
				f.CardInUse = true
			}
		}
		if f.LastCardEnded == nil || ended.After(*f.LastCardEnded) {
			e := ended
			f.LastCardEnded = &e
		}
	}
	var apps []struct {
		WorkerID int64
		Status   string
	}
	aq := tx.Table("applications a").Select("a.worker_id, a.status").
		Where("a.worker_id BETWEEN ? AND ?", first, last).Where(fmt.Sprintf(notAnonymised, "a.worker_id"))
	if err := aq.Scan(&apps).Error; err != nil {
		return nil, fmt.Errorf("retention: applications: %w", err)
	}
	// An application whose card is issued is over: the card keeps the
	// record while it is in use (CardInUse).
	closed := []string{string(models.ApplicationCollected), string(models.ApplicationCardReady), string(models.ApplicationRefused), string(models.ApplicationRejected),
		string(models.ApplicationReferred), string(models.ApplicationWithdrawn)}
	for _, a := range apps {
		if f := facts[a.WorkerID]; f != nil && !slices.Contains(closed, a.Status) {
			f.OpenApplication = true
		}
	}
	var closures []struct {
		WorkerID int64
		At       time.Time
	}
	eq := tx.Table("application_events e").Select("a.worker_id, e.at").Joins("JOIN applications a ON a.id = e.application_id").
		Where("a.worker_id BETWEEN ? AND ?", first, last).
		Where("e.action IN ?", []string{"refuse", "reject", "close_referred", "withdraw"}).Where(fmt.Sprintf(notAnonymised, "a.worker_id"))
	if err := eq.Scan(&closures).Error; err != nil {
		return nil, fmt.Errorf("retention: closures: %w", err)
	}
	for _, c := range closures {
		if f := facts[c.WorkerID]; f != nil && (f.LastClosed == nil || c.At.After(*f.LastClosed)) {
			at := c.At
			f.LastClosed = &at
		}
	}
	var held []int64
	hq := tx.Model(&legalHoldRow{}).Where("lifted_at IS NULL").Where("worker_id BETWEEN ? AND ?", first, last)
	if err := hq.Distinct().Pluck("worker_id", &held).Error; err != nil {
		return nil, fmt.Errorf("retention: holds: %w", err)
	}
	for _, id := range held {
		if f := facts[id]; f != nil {
			f.Held = true
		}
	}
	return facts, nil
}

// Due lists the workers whose record falls due within horizonDays (those
// overdue but held included), soonest first, for an admin to see in advance
// and hold.
func (s *Retention) Due(ctx context.Context, actor models.Actor, horizonDays int) ([]RetentionItem, error) {
	if err := actor.Require(models.PermRetentionManage); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	limit := s.today().AddDate(0, 0, horizonDays)
	var out []RetentionItem
	err := s.eachRetentionBatch(db, func(facts map[int64]*models.RetentionFacts) error {
		at := map[int64]int{} // worker id -> its item in out
		var ids []int64
		for id, f := range facts {
			if due, ok := models.RetentionDue(*f, s.opts.Settings.Oversight); ok && !due.After(limit) {
				at[id] = len(out)
				out = append(out, RetentionItem{WorkerID: id, DueOn: due})
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return nil
		}
		workers, err := find[models.Worker, workerRow](db.Where("id IN ?", ids), "workers")
		if err != nil {
			return err
		}
		for _, w := range workers {
			out[at[w.ID]].WorkerName = w.FullName()
		}
		holds, err := find[models.LegalHold, legalHoldRow](db.Where("worker_id IN ? AND lifted_at IS NULL", ids).Order("id"), "legal holds")
		if err != nil {
			return err
		}
		for _, h := range holds {
			out[at[h.WorkerID]].Holds = append(out[at[h.WorkerID]].Holds, h)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b RetentionItem) int {
		if c := a.DueOn.Compare(b.DueOn); c != 0 {
			return c
		}
		return int(a.WorkerID - b.WorkerID)
	})
	return out, nil
}

// PlaceHold puts a legal hold on a worker's record, with its reason.
func (s *Retention) PlaceHold(ctx context.Context, actor models.Actor, workerID int64, kind models.LegalHoldKind, reason string) (*models.LegalHold, error) {
	if err := actor.Require(models.PermRetentionManage); err != nil {
		return nil, err
	}
	if err := models.ValidateLegalHold(kind, reason); err != nil {
		return nil, err
	}
	h := models.LegalHold{WorkerID: workerID, Kind: kind, Reason: reason, PlacedByID: actor.UserID(), PlacedAt: s.now()}
	err := s.transact(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&workerRow{}).Where("id = ? AND NOT EXISTS (SELECT 1 FROM worker_anonymisations x WHERE x.worker_id = workers.id)", workerID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return notFound("worker")
		}
		row := legalHoldRow(h)
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("place legal hold: %w", err)
		}
		h.ID = row.ID
		return s.audit(tx, actor, "retention.hold", "worker", idText(workerID), fmt.Sprintf("legal hold %d (%s) placed", h.ID, kind))
	})
	if err != nil {
		return nil, err
	}
	return &h, nil
}

// LiftHold lifts a legal hold, with a reason; the clock runs again.
func (s *Retention) LiftHold(ctx context.Context, actor models.Actor, holdID int64, reason string) error {
	if err := actor.Require(models.PermRetentionManage); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		row, err := get[models.LegalHold, legalHoldRow](s.core, tx, "legal hold", holdID, true)
		if err != nil {
			return err
		}
		if err := models.ValidateHoldLift(*row, reason); err != nil {
			return err
		}
		now, by := s.now(), actor.UserID()
		if err := tx.Model(&legalHoldRow{}).Where("id = ?", holdID).
			Updates(map[string]any{"lifted_at": now, "lifted_by_id": by, "lift_reason": reason}).Error; err != nil {
			return fmt.Errorf("lift legal hold: %w", err)
		}
		return s.audit(tx, actor, "retention.lift", "worker", idText(row.WorkerID), fmt.Sprintf("legal hold %d lifted", holdID))
	})
}

// Anonymise erases the personal data of every worker due today and not
// held, one worker per transaction, and returns how many it anonymised. The
// housekeeping job (carddesk retention run, and serve once a day) calls it
// with the system actor.
func (s *Retention) Anonymise(ctx context.Context, actor models.Actor) (int, error) {
	if err := actor.Require(models.PermRetentionManage); err != nil {
		return 0, err
	}
	day := s.today()
	var due []int64
	err := s.eachRetentionBatch(s.db.WithContext(ctx), func(facts map[int64]*models.RetentionFacts) error {
		for id, f := range facts {
			if models.Anonymisable(*f, s.opts.Settings.Oversight, day) {
				due = append(due, id)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	slices.Sort(due)
	n := 0
	for _, id := range due {
		done, err := s.anonymiseWorker(ctx, actor, id)
		if err != nil {
			return n, fmt.Errorf("anonymise worker %d: %w", id, err)
		}
		if done {
			n++
		}
	}
	return n, s.sweepNameWords(ctx)
}

// sweepNameWords drops the words of the name search (migrations 00037 on
// PostgreSQL, 00038 on SQLite) that no worker has any more. A word leaves
// when its last worker does, but on PostgreSQL two transactions dropping
// the same word at the same moment each see the other's worker still
// holding it, and both leave it; on SQLite a word can only be left by a
// statement typed into name_words. The housekeeping job removes such words,
// so an erased name leaves nothing.
func (s *core) sweepNameWords(ctx context.Context) error {
	sweep := `DELETE FROM name_words n WHERE n.word IN (SELECT l.word FROM name_words l
		WHERE NOT EXISTS (SELECT 1 FROM worker_name_words ww WHERE ww.word = l.word) FOR UPDATE SKIP LOCKED)
		AND NOT EXISTS (SELECT 1 FROM worker_name_words ww WHERE ww.word = n.word)`
	if s.engine != Postgres { // one writer at a time: nothing to skip
		sweep = `DELETE FROM name_words WHERE NOT EXISTS (SELECT 1 FROM worker_name_words ww WHERE ww.word = name_words.word)`
	}
	if err := s.db.WithContext(ctx).Exec(sweep).Error; err != nil {
		return fmt.Errorf("sweep the name search's words: %w", err)
	}
	return nil
}

// anonymiseWorker checks again, inside the transaction, that the worker is
// due and not held, then erases.
func (s *Retention) anonymiseWorker(ctx context.Context, actor models.Actor, workerID int64) (bool, error) {
	done := false
	err := s.transact(ctx, func(tx *gorm.DB) error {
		wp, err := get[models.Worker, workerRow](s.core, tx, "worker", workerID, true)
		if err != nil {
			return err
		}
		w := *wp
		facts, err := s.retentionFacts(tx, workerID, workerID)
		if err != nil {
			return err
		}
		f := facts[workerID]
		if f == nil || !models.Anonymisable(*f, s.opts.Settings.Oversight, s.today()) {
			return nil
		}
		dueOn, _ := models.RetentionDue(*f, s.opts.Settings.Oversight)
		// The record of the erasure first: it opens the cards' exception.
		if err := tx.Exec("INSERT INTO worker_anonymisations (worker_id, due_on, anonymised_at) VALUES (?, ?, ?)", workerID, dueOn, s.now()).Error; err != nil {
			return err
		}
		// The age at issue of each card, before the date of birth goes.
		var cards []struct {
			ID                     int64
			IssuedAt               time.Time
			Number                 string
			IdentityDocumentNumber string
		}
		if err := tx.Table("cards").Select("id, issued_at, number, identity_document_number").Where("worker_id = ?", workerID).Scan(&cards).Error; err != nil {
			return err
		}
		// What the audit summaries must lose, read before it is erased.
		secrets := []string{w.FullName(), w.FamilyName, w.GivenNames, w.PassportNumber}
		for _, c := range cards {
			secrets = append(secrets, c.Number, c.IdentityDocumentNumber)
		}
		for _, c := range cards {
			if err := tx.Exec("INSERT INTO card_facts (card_id, age_at_issue) VALUES (?, ?)", c.ID, max(0, models.AgeOn(w.DateOfBirth, c.IssuedAt))).Error; err != nil {
				return err
			}
			if err := tx.Exec("UPDATE cards SET number = ?, identity_document_number = CASE WHEN identity_document_number = '' THEN '' ELSE ? END WHERE id = ?",
				"ANON-"+idText(c.ID), models.AnonymisedName, c.ID).Error; err != nil {
				return fmt.Errorf("cards: %w", err)
			}
		}
		// The worker's earlier versions hold values erased here: they keep
		// their dates and authors, their reason and values go (migration
		// 00021 lets only this through); the erasure is a version of its own,
		// audited below with the rest.
		erased, err := json.Marshal(models.ErasedVersion.Changes)
		if err != nil {
			return err
		}
		if err := tx.Exec("UPDATE record_versions SET reason = ?, changes = ? WHERE entity = ? AND entity_id = ?",
			models.ErasedVersion.Reason, string(erased), models.EntityWorker, workerID).Error; err != nil {
			return fmt.Errorf("worker versions: %w", err)
		}
		v, err := s.insertVersion(tx, actor, models.RecordVersion{Entity: models.EntityWorker, EntityID: workerID,
			Kind: models.ChangeUpdate, Action: "edit", Reason: models.ErasedVersion.Reason,
			Changes: models.ErasedVersion.Changes}, s.now())
		if err != nil {
			return err
		}
		key := "anonymised:" + idText(workerID)
		if err := tx.Model(&workerRow{}).Where("id = ?", workerID).Updates(map[string]any{
			"record_version": v.Version,
			"family_name":    models.AnonymisedName, "given_names": "", "search_name": "", "date_of_birth": models.AnonymisedDateOfBirth,
			"passport_number": models.AnonymisedName, "languages": "", "phone": "", "iban": "",
			"passport_key": key, "name_birth_key": key, "updated_at": s.now(),
		}).Error; err != nil {
			return fmt.Errorf("workers: %w", err)
		}
		docs := "SELECT d.id FROM documents d JOIN applications a ON a.id = d.application_id WHERE a.worker_id = ?"
		if err := tx.Exec("DELETE FROM document_contents WHERE document_id IN ("+docs+")", workerID).Error; err != nil {
			return fmt.Errorf("document contents: %w", err)
		}
		if err := tx.Exec("UPDATE documents SET file_name = '' WHERE id IN ("+docs+")", workerID).Error; err != nil {
			return fmt.Errorf("documents: %w", err)
		}
		// Notes, reasons, papers and audit summaries (migration 00024).
		if err := s.eraseContent(tx, workerID, secrets); err != nil {
			return err
		}
		done = true
		return s.audit(tx, actor, "retention.anonymise", "worker", idText(workerID),
			"personal data anonymised (due "+dueOn.Format(time.DateOnly)+")")
	})
	return done, err
}
