package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/carddesk/carddesk/models"
)

// What the database itself enforces (migration 00005, whose header says what
// a database owner can still do), and what the store does for it.

// eventRow is an application event as stored: with the status it led to,
// which the database checks against its copy of the status table before it
// accepts the event, and which applications.status must then equal.
type eventRow struct {
	models.ApplicationEvent `gorm:"embedded"`
	StatusAfter             models.ApplicationStatus
}

func (eventRow) TableName() string { return "application_events" }

func (r eventRow) model() models.ApplicationEvent { return r.ApplicationEvent }

// withStatus is the row appendEvent stores for ev, which led to status.
func withStatus(ev models.ApplicationEvent, status models.ApplicationStatus) *eventRow {
	return &eventRow{ApplicationEvent: ev, StatusAfter: status}
}

// ErrStatusTableDiffers means the database's copy of the status table is not
// the one this binary applies: the triggers that back the card gate would
// judge by other rules, so Carddesk refuses to start.
var ErrStatusTableDiffers = errors.New("the status table in the database differs from this binary's")

// CheckStatusTable compares the database's copy of the status table
// (application_transitions, application_actions) with models', row by row,
// and names every difference.
func (s *Store) CheckStatusTable(ctx context.Context) error {
	db := s.db.WithContext(ctx)
	var transitions []struct{ FromStatus, Action, ToStatus string }
	if err := db.Table("application_transitions").Find(&transitions).Error; err != nil {
		return fmt.Errorf("read the status table: %w", err)
	}
	var actions []struct {
		Action                                 string
		NeedsInterview, NeedsCard, NeedsReason bool
	}
	if err := db.Table("application_actions").Find(&actions).Error; err != nil {
		return fmt.Errorf("read the actions table: %w", err)
	}
	want := map[string]bool{}
	for _, st := range models.ApplicationStatuses {
		for _, a := range models.AllowedActions(st) {
			next, err := models.Apply(st, a)
			if err != nil {
				return err
			}
			want[fmt.Sprintf("%s --%s--> %s", st, a, next)] = true
		}
	}
	for _, a := range models.Actions {
		want[fmt.Sprintf("action %s interview=%t card=%t reason=%t", a, a.NeedsInterview(), a.NeedsCard(), a.NeedsReason())] = true
	}
	got := map[string]bool{}
	for _, t := range transitions {
		got[fmt.Sprintf("%s --%s--> %s", t.FromStatus, t.Action, t.ToStatus)] = true
	}
	for _, a := range actions {
		got[fmt.Sprintf("action %s interview=%t card=%t reason=%t", a.Action, a.NeedsInterview, a.NeedsCard, a.NeedsReason)] = true
	}
	var diff []string
	for k := range want {
		if !got[k] {
			diff = append(diff, "missing: "+k)
		}
	}
	for k := range got {
		if !want[k] {
			diff = append(diff, "extra: "+k)
		}
	}
	if len(diff) > 0 {
		slices.Sort(diff)
		return fmt.Errorf("%w: %s", ErrStatusTableDiffers, strings.Join(diff, "; "))
	}
	return nil
}
