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
		if strings.HasSuffix(f.Action, ".") {
			q = q.Where(`action LIKE ? ESCAPE '\'`, escapeLike(f.Action)+"%")
		} else {
			q = q.Where("action = ?", f.Action)
		}
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

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
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
