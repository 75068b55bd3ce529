package store

import (
	"context"

	"github.com/carddesk/carddesk/models"
)

// ExactReport returns the yearly report before suppression, for the tests
// that check every figure.
func (s *Statistics) ExactReport(ctx context.Context, year int) (models.StatisticsReport, error) {
	return s.report(s.db.WithContext(ctx), year)
}
