package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/carddesk/carddesk/models"
)

// AuditEvents returns audit rows matching f, newest first.
func (s *Store) AuditEvents(ctx context.Context, actor models.Actor, f models.AuditFilter) ([]models.AuditEvent, error) {
	if err := actor.Require(models.PermAuditRead); err != nil {
		return nil, err
	}
	q := s.db.WithContext(ctx).Model(&models.AuditEvent{})
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
	var out []models.AuditEvent
	if err := q.Order("id DESC").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("audit events: %w", err)
	}
	return out, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
