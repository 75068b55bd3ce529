package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/carddesk/carddesk/models"
)

// AuditEvents returns audit rows matching f, newest first.
func (s *Audit) Events(ctx context.Context, actor models.Actor, f models.AuditFilter) ([]models.AuditEvent, error) {
	if err := actor.Require(models.PermAuditRead); err != nil {
		return nil, err
	}
	q := s.db.WithContext(ctx).Model(&auditRow{})
	if f.ActorEmail != "" {
		q = q.Where("actor_email = ?", models.NormalizeEmail(f.ActorEmail))
	}
	if f.RecordType != "" {
		q = q.Where("record_type = ?", f.RecordType)
	}
	if f.RecordID != "" {
		q = q.Where("record_id = ?", f.RecordID)
	}
	if f.Action != "" {
		where, args := s.actionFilter(f.Action)
		q = q.Where(where, args...)
	}
	if !f.From.IsZero() {
		q = q.Where("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", f.To.UTC())
	}
	if f.BeforeID > 0 {
		q = q.Where("id < ?", f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	out, err := find[models.AuditEvent, auditRow](q.Order("id DESC").Limit(limit), "audit events")
	if err != nil {
		return nil, fmt.Errorf("audit events: %w", err)
	}
	return out, nil
}

// actionFilter is the audit trail's condition on an action: that action,
// or every action of a family when it ends in "." ("auth." for auth.login,
// auth.logout...). A family is the range of the strings that start with
// it, from "auth." up to "auth/" ('/' follows '.'), compared byte by byte
// (PostgreSQL's "C" collation, SQLite's default), so both engines read it
// from the index on (action, at) whatever the database's collation; a LIKE
// with an escaped pattern read no index on PostgreSQL, and at 10,000,000
// audit rows a family with no recent row (retention.) scanned the whole
// trail: 540 ms (migration 00041).
//
// SQLite has no choice to make from the value's frequency: given the range
// it read the family's every row from the index and sorted them to find
// the newest (18 ms for "card.", a third of a 220,000-row trail, against
// 3 ms walking the trail back from its newest row), so there the range is
// written so as not to use the index ("+action"): the walk back it did with
// the LIKE, exact now where the LIKE ignored case.
func (s *core) actionFilter(action string) (string, []any) {
	col, family := "action", "+action"
	if s.engine == Postgres {
		col = `action COLLATE "C"`
		family = col
	}
	if strings.HasSuffix(action, ".") {
		return family + " >= ? AND " + family + " < ?", []any{action, strings.TrimSuffix(action, ".") + "/"}
	}
	return col + " = ?", []any{action}
}

// WorkerAccessLog answers "who looked at this worker's history": every
// audited view of the worker's timeline, interview records, the employer or
// mission views, the holds list and the application histories that showed
// the worker's interview outcomes, newest first (admins).
func (s *Audit) WorkerAccessLog(ctx context.Context, actor models.Actor, workerID int64) (*models.Worker, []models.AuditEvent, error) {
	if err := actor.Require(models.PermAuditRead); err != nil {
		return nil, nil, err
	}
	db := s.db.WithContext(ctx)
	w, err := s.worker(db, workerID)
	if err != nil {
		return nil, nil, err
	}
	out, err := find[models.AuditEvent, auditRow](db.Where("record_type = ? AND record_id = ? AND action IN ?", "worker", idText(workerID),
		accessLogActions).Order("id DESC").Limit(500), "audit events")
	if err != nil {
		return nil, nil, fmt.Errorf("access log of worker %d: %w", workerID, err)
	}
	return w, out, nil
}
