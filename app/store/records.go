package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// Records that change (issue 9). Each method loads the record locked, asks
// the domain for the revised record and its differences, appends the version
// and then writes the row with the version's instant as updated_at: the
// database refuses an update of the four tables without its version
// (migration 00014), so no path can change a record silently.

// versionRow is one row of record_versions.
type versionRow struct {
	ID          int64
	Entity      models.RecordEntity
	EntityID    int64
	Version     int
	Kind        models.ChangeKind
	Action      string
	Reason      string
	Changes     string
	EffectiveOn *time.Time
	ChangedByID *int64
	ChangedVia  string
	ChangedAt   time.Time
}

func (versionRow) TableName() string { return "record_versions" }

// appendVersion writes the next version of entity id inside tx, at now, and
// its audit row.
func (s *core) appendVersion(tx *gorm.DB, actor models.Actor, v models.RecordVersion, now time.Time) (models.RecordVersion, error) {
	v, err := s.insertVersion(tx, actor, v, now)
	if err != nil {
		return v, err
	}
	return v, s.auditVersion(tx, actor, v)
}

// auditVersion writes the audit row of version v.
func (s *core) auditVersion(tx *gorm.DB, actor models.Actor, v models.RecordVersion) error {
	summary := fmt.Sprintf("%s %s, version %d: %d field(s) changed", v.Entity, v.Action, v.Version, len(v.Changes))
	return s.audit(tx, actor, string(v.Entity)+"."+v.Action, string(v.Entity), idText(v.EntityID), summary)
}

// insertVersion writes the next version of entity id inside tx, at now,
// leaving the audit row to the caller.
func (s *core) insertVersion(tx *gorm.DB, actor models.Actor, v models.RecordVersion, now time.Time) (models.RecordVersion, error) {
	var n int64
	if err := tx.Model(&versionRow{}).Where("entity = ? AND entity_id = ?", v.Entity, v.EntityID).Count(&n).Error; err != nil {
		return v, fmt.Errorf("versions of %s %d: %w", v.Entity, v.EntityID, err)
	}
	changes, err := json.Marshal(v.Changes)
	if err != nil {
		return v, err
	}
	row := versionRow{Entity: v.Entity, EntityID: v.EntityID, Version: int(n) + 1, Kind: v.Kind, Action: v.Action,
		Reason: v.Reason, Changes: string(changes), EffectiveOn: v.EffectiveOn, ChangedVia: actor.Via, ChangedAt: now}
	if id := actor.UserID(); id > 0 {
		row.ChangedByID = &id
	}
	if err := tx.Create(&row).Error; err != nil {
		return v, fmt.Errorf("version of %s %d: %w", v.Entity, v.EntityID, err)
	}
	v.ID, v.Version, v.ChangedByID, v.ChangedAt = row.ID, row.Version, actor.UserID(), now
	if actor.User != nil {
		v.ChangedBy = actor.User.Name
	}
	return v, nil
}

// updateRecord writes row's columns (all but the id, or those named) and the
// record's version number, the one the trigger of migration 00014 expects.
func updateRecord(tx *gorm.DB, row any, id int64, version int, columns ...string) error {
	stmt := &gorm.Statement{DB: tx}
	if err := stmt.Parse(row); err != nil {
		return err
	}
	rv := reflect.ValueOf(row).Elem()
	cols := map[string]any{"record_version": version}
	for _, f := range stmt.Schema.Fields {
		if f.DBName == "" || f.PrimaryKey || (len(columns) > 0 && !slices.Contains(columns, f.DBName)) {
			continue
		}
		v, _ := f.ValueOf(tx.Statement.Context, rv)
		cols[f.DBName] = v
	}
	res := tx.Table(stmt.Schema.Table).Where("id = ?", id).UpdateColumns(cols)
	if res.Error == nil && res.RowsAffected != 1 {
		return fmt.Errorf("%s %d: %d rows updated", stmt.Schema.Table, id, res.RowsAffected)
	}
	return res.Error
}

// Versions lists the changes of one record, oldest first, with the names of
// who made them.
func (s *Records) Versions(ctx context.Context, actor models.Actor, entity models.RecordEntity, id int64) ([]models.RecordVersion, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	return s.versions(s.db.WithContext(ctx), entity, []int64{id})
}

// VersionsOf lists the changes of several records of one kind (a worker's
// employments), oldest first.
func (s *Records) VersionsOf(ctx context.Context, actor models.Actor, entity models.RecordEntity, ids []int64) ([]models.RecordVersion, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return s.versions(s.db.WithContext(ctx), entity, ids)
}

func (s *core) versions(db *gorm.DB, entity models.RecordEntity, ids []int64) ([]models.RecordVersion, error) {
	var rows []versionRow
	if err := db.Where("entity = ? AND entity_id IN ?", entity, ids).Order("entity_id, version").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("versions of %s: %w", entity, err)
	}
	var userIDs []int64
	for _, r := range rows {
		if r.ChangedByID != nil {
			userIDs = append(userIDs, *r.ChangedByID)
		}
	}
	names := map[int64]string{}
	if len(userIDs) > 0 {
		var users []userRow
		if err := db.Select("id", "name").Where("id IN ?", userIDs).Find(&users).Error; err != nil {
			return nil, fmt.Errorf("authors of versions: %w", err)
		}
		for _, u := range users {
			names[u.ID] = u.Name
		}
	}
	out := make([]models.RecordVersion, len(rows))
	for i, r := range rows {
		v := models.RecordVersion{ID: r.ID, Entity: r.Entity, EntityID: r.EntityID, Version: r.Version, Kind: r.Kind,
			Action: r.Action, Reason: r.Reason, EffectiveOn: r.EffectiveOn, ChangedAt: r.ChangedAt}
		if r.ChangedByID != nil {
			v.ChangedByID, v.ChangedBy = *r.ChangedByID, names[*r.ChangedByID]
		}
		if v.ChangedBy == "" {
			v.ChangedBy = r.ChangedVia
		}
		if err := json.Unmarshal([]byte(r.Changes), &v.Changes); err != nil {
			return nil, fmt.Errorf("version %d: %w", r.ID, err)
		}
		out[i] = v
	}
	return out, nil
}

// UpdateWorker writes a new version of a worker: a corrected passport number,
// a new passport, a new phone, a changed name. The duplicate rule is checked
// again against every other worker.
func (s *Records) UpdateWorker(ctx context.Context, actor models.Actor, id int64, next models.Worker, ch models.ChangeRequest) (*models.Worker, error) {
	if err := actor.Require(models.PermWorkerManage); err != nil {
		return nil, err
	}
	var out models.Worker
	err := s.transact(ctx, func(tx *gorm.DB) error {
		cur, err := get[models.Worker, workerRow](s.core, tx, "worker", id, true)
		if err != nil {
			return err
		}
		now := s.now()
		w, changes, err := models.ReviseWorker(*cur, next, ch, s.dayOf(now))
		if err != nil {
			return err
		}
		if dup, err := otherDuplicateWorker(tx, &w); err != nil || dup > 0 {
			if err != nil {
				return err
			}
			return models.ErrDuplicateWorker(dup)
		}
		ch.Normalize()
		// The version, the worker, then the audit row: the name's words
		// are written (migration 00037) before the audit chain's head is
		// taken, as on every path that writes a name.
		v, err := s.insertVersion(tx, actor, models.RecordVersion{Entity: models.EntityWorker, EntityID: id, Kind: ch.Kind,
			Action: "edit", Reason: ch.Reason, Changes: changes}, now)
		if err != nil {
			return err
		}
		w.UpdatedAt = now
		if err := updateRecord(tx, (*workerRow)(&w), id, v.Version); err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				if dup, _ := otherDuplicateWorker(s.db.WithContext(ctx), &w); dup > 0 {
					return models.ErrDuplicateWorker(dup)
				}
			}
			return fmt.Errorf("update worker %d: %w", id, err)
		}
		out = w
		return s.auditVersion(tx, actor, v)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// otherDuplicateWorker is duplicateWorker leaving the record itself out.
func otherDuplicateWorker(tx *gorm.DB, w *models.Worker) (int64, error) {
	var ids []int64
	err := tx.Model(&workerRow{}).Where("id <> ? AND (passport_key = ? OR name_birth_key = ?)", w.ID, w.PassportKey, w.NameBirthKey).
		Order("id").Limit(1).Pluck("id", &ids).Error
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}

// UpdateEmployer writes a new version of an employer: a new rank, the end of
// the posting moved, a corrected name.
func (s *Records) UpdateEmployer(ctx context.Context, actor models.Actor, id int64, next models.Employer, ch models.ChangeRequest) (*models.Employer, error) {
	if err := actor.Require(models.PermEmployerManage); err != nil {
		return nil, err
	}
	var out models.Employer
	err := s.transact(ctx, func(tx *gorm.DB) error {
		cur, err := get[models.Employer, employerRow](s.core, tx, "employer", id, true)
		if err != nil {
			return err
		}
		e, changes, err := models.ReviseEmployer(*cur, next, ch)
		if err != nil {
			return err
		}
		now := s.now()
		ch.Normalize()
		v, err := s.appendVersion(tx, actor, models.RecordVersion{Entity: models.EntityEmployer, EntityID: id, Kind: ch.Kind,
			Action: "edit", Reason: ch.Reason, Changes: changes}, now)
		if err != nil {
			return err
		}
		e.UpdatedAt = now
		if err := updateRecord(tx, (*employerRow)(&e), id, v.Version); err != nil {
			return fmt.Errorf("update employer %d: %w", id, err)
		}
		out = e
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ReopenMission reopens a mission closed by mistake, with a reason; the
// closing stays in the history.
func (s *Records) ReopenMission(ctx context.Context, actor models.Actor, id int64, reason string) (*models.Mission, error) {
	if err := actor.Require(models.PermMissionManage); err != nil {
		return nil, err
	}
	var out models.Mission
	err := s.transact(ctx, func(tx *gorm.DB) error {
		cur, err := get[models.Mission, missionRow](s.core, tx, "mission", id, true)
		if err != nil {
			return err
		}
		m, changes, err := models.ReopenMission(*cur, reason)
		if err != nil {
			return err
		}
		out, err = s.saveMission(tx, actor, m, models.RecordVersion{Kind: models.ChangeCorrection, Action: "reopen",
			Reason: strings.TrimSpace(reason), Changes: changes})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// saveMission appends v for m and writes m.
func (s *core) saveMission(tx *gorm.DB, actor models.Actor, m models.Mission, v models.RecordVersion) (models.Mission, error) {
	now := s.now()
	v.Entity, v.EntityID = models.EntityMission, m.ID
	v, err := s.appendVersion(tx, actor, v, now)
	if err != nil {
		return m, err
	}
	m.UpdatedAt = now
	if err := updateRecord(tx, (*missionRow)(&m), m.ID, v.Version, "status", "closed_on", "updated_at"); err != nil {
		return m, fmt.Errorf("update mission %d: %w", m.ID, err)
	}
	return m, nil
}

// EndEmployment ends an employment on a day, with a reason (or moves the
// end of one already ended). The worker's cards are not touched: a card in
// use is returned or cancelled by its own action.
//
// Without confirm nothing changes: the answer is the consequence, the cards
// in use for this employment that can no longer be renewed.
func (s *Records) EndEmployment(ctx context.Context, actor models.Actor, id int64, endsOn time.Time, ch models.ChangeRequest, confirm bool) (*models.Employment, error) {
	if err := actor.Require(models.PermWorkerManage); err != nil {
		return nil, err
	}
	ch.Normalize()
	return s.changeEmployment(ctx, actor, id, func(tx *gorm.DB, cur models.Employment) (models.Employment, models.RecordVersion, error) {
		e, changes, err := models.EndEmployment(cur, endsOn, ch.Reason)
		d := models.CalendarDay(endsOn)
		v := models.RecordVersion{Kind: ch.Kind, Action: "end", Reason: ch.Reason, Changes: changes, EffectiveOn: &d}
		if err != nil || confirm {
			return e, v, err
		}
		n, err := s.workersWithCardsInUse(tx.Joins("JOIN applications ON applications.id = cards.application_id").
			Where("applications.employment_id = ?", id), s.today())
		if err != nil {
			return e, v, fmt.Errorf("cards of employment %d: %w", id, err)
		}
		return e, v, models.EmploymentEndConsequence(n, d)
	})
}

// ChangeEmploymentTerms records new weekly hours or a new category from a day.
func (s *Records) ChangeEmploymentTerms(ctx context.Context, actor models.Actor, id int64, from time.Time, hours float64,
	category models.JobCategory, ch models.ChangeRequest) (*models.Employment, error) {
	if err := actor.Require(models.PermWorkerManage); err != nil {
		return nil, err
	}
	ch.Normalize()
	return s.changeEmployment(ctx, actor, id, func(tx *gorm.DB, cur models.Employment) (models.Employment, models.RecordVersion, error) {
		e, changes, err := models.ChangeEmploymentTerms(cur, from, hours, category, ch.Reason)
		if err == nil && e.JobCategory != cur.JobCategory { // issue 9: the scale has the new category from then on
			since := e
			if d := models.CalendarDay(from); d.After(since.StartsOn) {
				since.StartsOn = d
			}
			err = s.checkEmploymentCovered(tx, since)
		}
		d := models.CalendarDay(from)
		return e, models.RecordVersion{Kind: ch.Kind, Action: "terms", Reason: ch.Reason, Changes: changes, EffectiveOn: &d}, err
	})
}

func (s *Records) changeEmployment(ctx context.Context, actor models.Actor, id int64,
	revise func(*gorm.DB, models.Employment) (models.Employment, models.RecordVersion, error)) (*models.Employment, error) {
	var out models.Employment
	err := s.transact(ctx, func(tx *gorm.DB) error {
		cur, err := get[models.Employment, employmentRow](s.core, tx, "employment", id, true)
		if err != nil {
			return err
		}
		e, v, err := revise(tx, *cur)
		if err != nil {
			return err
		}
		if !v.Kind.Valid() {
			v.Kind = models.ChangeUpdate
		}
		now := s.now()
		v.Entity, v.EntityID = models.EntityEmployment, id
		v, err = s.appendVersion(tx, actor, v, now)
		if err != nil {
			return err
		}
		e.UpdatedAt = now
		if err := updateRecord(tx, (*employmentRow)(&e), id, v.Version, "ends_on", "job_category", "weekly_hours", "updated_at"); err != nil {
			return fmt.Errorf("update employment %d: %w", id, err)
		}
		out = e
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Employment returns one employment with its employer and mission.
func (s *Records) Employment(ctx context.Context, actor models.Actor, id int64) (*EmploymentView, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	e, err := s.employment(db, id)
	if err != nil {
		return nil, err
	}
	ev, err := s.employerView(db, e.EmployerID)
	if err != nil {
		return nil, err
	}
	return &EmploymentView{Employment: *e, Employer: *ev}, nil
}

// cardsInUse counts the workers with a card in use on day (ready for
// collection or collected, not expired) among the cards q selects.
func (s *core) workersWithCardsInUse(q *gorm.DB, day time.Time) (int, error) {
	var n int64
	err := q.Model(&cardRow{}).Where("cards.status IN ? AND cards.expires_on >= ?",
		[]models.CardStatus{models.CardReadyForCollection, models.CardCollected}, day).Distinct("cards.worker_id").Count(&n).Error
	return int(n), err
}

// documentRemovalRow is one row of document_removals.
type documentRemovalRow struct {
	DocumentID    int64 `gorm:"primaryKey;autoIncrement:false"`
	ApplicationID int64
	Reason        string
	RemovedByID   *int64
	RemovedVia    string
	RemovedAt     time.Time
}

func (documentRemovalRow) TableName() string { return "document_removals" }

// notRemoved restricts a query of documents to those still in their file.
func notRemoved(q *gorm.DB) *gorm.DB {
	return q.Where("documents.id NOT IN (SELECT document_id FROM document_removals)")
}

// RemoveDocument takes a document attached by mistake out of its
// application's file, with a reason, while the application is not decided
// (models.CanRemoveDocument). The document and its bytes stay stored and
// downloadable for the audit; the removal is kept in the file's history.
func (s *Records) RemoveDocument(ctx context.Context, actor models.Actor, docID int64, reason string) (*models.DocumentRemoval, error) {
	if err := actor.Require(models.PermApplicationCreate); err != nil {
		return nil, err
	}
	var out models.DocumentRemoval
	err := s.transact(ctx, func(tx *gorm.DB) error {
		doc, err := s.document(tx, docID)
		if err != nil {
			return err
		}
		_, app, err := s.loadApplication(tx, doc.ApplicationID, true)
		if err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&documentRemovalRow{}).Where("document_id = ?", docID).Count(&n).Error; err != nil {
			return fmt.Errorf("removal of document %d: %w", docID, err)
		}
		if n > 0 {
			return models.Fail(models.KindConflict, models.CodeDocumentRemoved, "This document was removed from the file already.")
		}
		var others []models.DocumentKind
		if err := notRemoved(tx.Model(&documentRow{}).Where("application_id = ? AND id <> ?", app.ID, docID)).
			Pluck("kind", &others).Error; err != nil {
			return fmt.Errorf("documents of application %d: %w", app.ID, err)
		}
		if err := models.CanRemoveDocument(app, *doc, others, reason); err != nil {
			return err
		}
		row := documentRemovalRow{DocumentID: docID, ApplicationID: app.ID, Reason: strings.TrimSpace(reason), RemovedVia: actor.Via, RemovedAt: s.now()}
		if id := actor.UserID(); id > 0 {
			row.RemovedByID = &id
		}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("remove document %d: %w", docID, err)
		}
		out = models.DocumentRemoval{DocumentID: docID, ApplicationID: app.ID, Reason: row.Reason, RemovedByID: actor.UserID(), RemovedAt: row.RemovedAt}
		if actor.User != nil {
			out.RemovedBy = actor.User.Name
		}
		return s.audit(tx, actor, "document.removed", "application", idText(app.ID), string(doc.Kind)+" removed from the file")
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// documentRemovals lists the removals of an application's documents, oldest
// first, with the names of who removed them.
func (s *core) documentRemovals(db *gorm.DB, appID int64) ([]models.DocumentRemoval, error) {
	var rows []documentRemovalRow
	if err := db.Where("application_id = ?", appID).Order("removed_at, document_id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("removals of application %d: %w", appID, err)
	}
	out := make([]models.DocumentRemoval, len(rows))
	for i, r := range rows {
		out[i] = models.DocumentRemoval{DocumentID: r.DocumentID, ApplicationID: r.ApplicationID, Reason: r.Reason, RemovedAt: r.RemovedAt, RemovedBy: r.RemovedVia}
		if r.RemovedByID != nil {
			var u userRow
			if err := db.Select("id", "name").First(&u, *r.RemovedByID).Error; err == nil {
				out[i].RemovedByID, out[i].RemovedBy = u.ID, u.Name
			}
		}
	}
	return out, nil
}

// RemovedDocument is a document taken out of its file, with the removal.
type RemovedDocument struct {
	models.Document
	Removal models.DocumentRemoval
}

func (s *core) removedDocuments(db *gorm.DB, appID int64) ([]RemovedDocument, error) {
	removals, err := s.documentRemovals(db, appID)
	if err != nil || len(removals) == 0 {
		return nil, err
	}
	out := make([]RemovedDocument, len(removals))
	for i, r := range removals {
		d, err := s.document(db, r.DocumentID)
		if err != nil {
			return nil, err
		}
		out[i] = RemovedDocument{Document: *d, Removal: r}
	}
	return out, nil
}

// DocumentApplication returns the application a document belongs to.
func (s *Records) DocumentApplication(ctx context.Context, actor models.Actor, docID int64) (int64, error) {
	if err := actor.Require(models.PermApplicationRead); err != nil {
		return 0, err
	}
	d, err := s.document(s.db.WithContext(ctx), docID)
	if err != nil {
		return 0, err
	}
	return d.ApplicationID, nil
}

// ScalePublishConsequence answers what publishing draft id would do, as the
// refusal that waits for the admin's confirmation; a draft that cannot be
// published answers why instead. Nothing is written: the publication itself
// is Scales.Publish, called once the consequence was confirmed.
func (s *Records) ScalePublishConsequence(ctx context.Context, actor models.Actor, id int64) error {
	if err := actor.Require(models.PermScalePublish); err != nil {
		return err
	}
	db := s.db.WithContext(ctx)
	_, draft, err := s.loadScaleVersion(db, id, false)
	if err != nil {
		return err
	}
	published, err := s.publishedScales(db)
	if err != nil {
		return err
	}
	pub, err := salaryscales.Publish(draft, published, s.now())
	if err != nil {
		return err
	}
	if err := s.checkScaleCoverage(db, pub); err != nil {
		return err
	}
	if pub.CorrectsID != 0 {
		// A correction (issue 9): the contracts it will list below the new
		// minimum, those whose standing version becomes this one.
		rows, err := s.belowMinimum(db, append(slices.Clone(published), pub))
		if err != nil {
			return err
		}
		n := 0
		for _, r := range rows {
			if r.NewVersionID == id {
				n++
			}
		}
		return models.ScaleCorrectionConsequence(n, pub.CorrectsID, pub.EffectiveDate)
	}
	var n int64
	if err := db.Table("contracts").Joins("JOIN applications ON applications.id = contracts.application_id").
		Where("applications.status IN ? AND contracts.start_date >= ? AND contracts.scale_version_id <> ?",
			[]models.ApplicationStatus{models.ApplicationDraft, models.ApplicationSubmitted, models.ApplicationInterviewScheduled,
				models.ApplicationInterviewed, models.ApplicationOnHold}, salaryscales.Day(pub.EffectiveDate), id).
		Count(&n).Error; err != nil {
		return fmt.Errorf("contracts under scale version %d: %w", id, err)
	}
	return models.ScalePublishConsequence(int(n), pub.EffectiveDate)
}

// earlierServiceRow is one row of earlier_service.
type earlierServiceRow struct {
	ID               int64
	WorkerID         int64
	StartsOn         time.Time
	EndsOn           time.Time
	Source           string
	RecordedByID     *int64
	RecordedVia      string
	RecordedAt       time.Time
	WithdrawnAt      *time.Time
	WithdrawnByID    *int64
	WithdrawalReason string
}

func (earlierServiceRow) TableName() string { return "earlier_service" }

// RecordEarlierService records a period the worker served before Carddesk,
// with its source; the cumulative cap counts it from now on.
func (s *Records) RecordEarlierService(ctx context.Context, actor models.Actor, workerID int64, e *models.EarlierService) error {
	if err := actor.Require(models.PermWorkerManage); err != nil {
		return err
	}
	e.Normalize()
	now := s.now()
	if err := e.Validate(s.dayOf(now)); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		if _, err := get[models.Worker, workerRow](s.core, tx, "worker", workerID, true); err != nil {
			return err
		}
		row := earlierServiceRow{WorkerID: workerID, StartsOn: e.StartsOn, EndsOn: e.EndsOn, Source: e.Source, RecordedVia: actor.Via, RecordedAt: now}
		if id := actor.UserID(); id > 0 {
			row.RecordedByID = &id
		}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("record earlier service of worker %d: %w", workerID, err)
		}
		e.ID, e.WorkerID, e.RecordedByID, e.RecordedAt = row.ID, workerID, actor.UserID(), now
		return s.audit(tx, actor, "worker.earlier_service", "worker", idText(workerID),
			fmt.Sprintf("earlier service %s to %s recorded", e.StartsOn.Format(time.DateOnly), e.EndsOn.Format(time.DateOnly)))
	})
}

// WithdrawEarlierService withdraws a period recorded by mistake, with a
// reason; it stays listed and no longer counts.
func (s *Records) WithdrawEarlierService(ctx context.Context, actor models.Actor, id int64, reason string) (*models.EarlierService, error) {
	if err := actor.Require(models.PermWorkerManage); err != nil {
		return nil, err
	}
	var out models.EarlierService
	err := s.transact(ctx, func(tx *gorm.DB) error {
		var row earlierServiceRow
		if err := s.forUpdate(tx).First(&row, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return notFound("earlier service period")
			}
			return fmt.Errorf("load earlier service %d: %w", id, err)
		}
		e := row.model()
		if err := models.WithdrawEarlierService(e, reason); err != nil {
			return err
		}
		now := s.now()
		upd := map[string]any{"withdrawn_at": now, "withdrawal_reason": strings.TrimSpace(reason)}
		if uid := actor.UserID(); uid > 0 {
			upd["withdrawn_by_id"] = uid
		}
		if err := tx.Model(&earlierServiceRow{}).Where("id = ?", id).UpdateColumns(upd).Error; err != nil {
			return fmt.Errorf("withdraw earlier service %d: %w", id, err)
		}
		e.WithdrawnAt, e.WithdrawalReason = &now, strings.TrimSpace(reason)
		out = e
		return s.audit(tx, actor, "worker.earlier_service_withdrawn", "worker", idText(row.WorkerID), "earlier service period withdrawn")
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

func (r earlierServiceRow) model() models.EarlierService {
	e := models.EarlierService{ID: r.ID, WorkerID: r.WorkerID, StartsOn: r.StartsOn, EndsOn: r.EndsOn, Source: r.Source,
		RecordedAt: r.RecordedAt, RecordedBy: r.RecordedVia, WithdrawnAt: r.WithdrawnAt, WithdrawalReason: r.WithdrawalReason}
	if r.RecordedByID != nil {
		e.RecordedByID = *r.RecordedByID
	}
	return e
}

// EarlierService lists a worker's earlier periods, withdrawn ones included,
// oldest first, with the names of who recorded and withdrew them.
func (s *Records) EarlierService(ctx context.Context, actor models.Actor, workerID int64) ([]models.EarlierService, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	var rows []earlierServiceRow
	if err := db.Where("worker_id = ?", workerID).Order("starts_on, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("earlier service of worker %d: %w", workerID, err)
	}
	names := map[int64]string{}
	var users []userRow
	if err := db.Select("id", "name").Find(&users).Error; err != nil {
		return nil, err
	}
	for _, u := range users {
		names[u.ID] = u.Name
	}
	out := make([]models.EarlierService, len(rows))
	for i, r := range rows {
		out[i] = r.model()
		if r.RecordedByID != nil {
			out[i].RecordedBy = names[*r.RecordedByID]
		}
		if r.WithdrawnByID != nil {
			out[i].WithdrawnBy = names[*r.WithdrawnByID]
		}
	}
	return out, nil
}

// earlierServicePeriods are the periods before Carddesk the cap counts.
func (s *core) earlierServicePeriods(tx *gorm.DB, workerID int64) ([]models.Period, error) {
	var rows []earlierServiceRow
	if err := tx.Where("worker_id = ? AND withdrawn_at IS NULL", workerID).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("earlier service of worker %d: %w", workerID, err)
	}
	out := make([]models.Period, len(rows))
	for i, r := range rows {
		out[i] = r.model().Period()
	}
	return out, nil
}

// ServiceDays is the worker's service the cumulative cap counts today (the
// cards' periods and the earlier service, each day once) and the cap.
func (s *Records) ServiceDays(ctx context.Context, actor models.Actor, workerID int64) (days, capDays int, err error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return 0, 0, err
	}
	periods, err := s.servicePeriods(s.db.WithContext(ctx), workerID, 0)
	if err != nil {
		return 0, 0, err
	}
	return models.TotalDays(periods), s.opts.Settings.MaxCumulativeDays(), nil
}

// workerNameSQL is models.Worker.FullName in SQL, for lists that name the
// worker of each row (the worker table aliased w): one display order per
// worker on lists as on pages.
const workerNameSQL = "CASE WHEN w.family_name_first THEN trim(w.family_name || ' ' || w.given_names) ELSE trim(w.given_names || ' ' || w.family_name) END"
