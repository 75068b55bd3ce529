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

// SetOversightSettings changes the disclosure and retention rules, for the
// tests that shorten a retention period.
func (s *Store) SetOversightSettings(o models.OversightSettings) { s.opts.Settings.Oversight = o }
