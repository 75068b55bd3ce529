package store

import (
	"context"
	"fmt"
	"time"

	"github.com/carddesk/carddesk/models"
)

// Keyset pages of the worker search and the applications list (issue 14):
// a page goes on after the last row of the previous one in the list's
// total order, so a page far down costs what the first one does, where an
// OFFSET read and dropped every row before it.

// The keyset pages' sizes.
const (
	DefaultKeysetPage = 25
	MaxKeysetPage     = 200
)

func keysetLimit(n int) int {
	if n <= 0 {
		return DefaultKeysetPage
	}
	return min(n, MaxKeysetPage)
}

// WorkerCursor is where a page of the worker search ends: the last
// worker's place in the list's order (family name, given names, id).
type WorkerCursor struct {
	FamilyName, GivenNames string
	ID                     int64
}

// WorkerSearch selects one keyset page of the worker search.
type WorkerSearch struct {
	Q     string
	After *WorkerCursor // nil: the first page
	Limit int           // DefaultKeysetPage when 0, at most MaxKeysetPage
}

// WorkerPage is one page of the search, the number of matches (stopping
// past CountCap) and the cursor of the next page (nil on the last).
type WorkerPage struct {
	Hits  []WorkerHit
	Total int64
	Next  *WorkerCursor
}

// SearchPage is Search a keyset page at a time.
func (s *Workers) SearchPage(ctx context.Context, actor models.Actor, f WorkerSearch) (WorkerPage, error) {
	limit := keysetLimit(f.Limit)
	hits, total, err := s.search(ctx, actor, f.Q, Page{Number: 1, Size: limit + 1}, f.After)
	if err != nil {
		return WorkerPage{}, err
	}
	out := WorkerPage{Hits: hits, Total: total}
	if len(hits) > limit {
		out.Hits = hits[:limit]
		last := hits[limit-1]
		out.Next = &WorkerCursor{FamilyName: last.FamilyName, GivenNames: last.GivenNames, ID: last.ID}
	}
	return out, nil
}

// workerAfter is the keyset condition on a relation with the list's sort
// key (alias.family_name, alias.given_names, alias.id): a row value, which
// both engines compare in the index's order (workers_name_order).
func workerAfter(alias string, c *WorkerCursor) (string, []any) {
	return fmt.Sprintf("(%[1]s.family_name, %[1]s.given_names, %[1]s.id) > (?, ?, ?)", alias), []any{c.FamilyName, c.GivenNames, c.ID}
}

// ApplicationCursor is where a page of the applications list ends: the
// last application's place in the list's order (last change, newest
// first, then id, highest first).
type ApplicationCursor struct {
	UpdatedAt time.Time
	ID        int64
}

// ApplicationPage is one page of the applications list, the number of
// applications the filter selects (stopping past CountCap) and the cursor
// of the next page (nil on the last).
type ApplicationPage struct {
	Items []ApplicationListItem
	Total int64
	Next  *ApplicationCursor
}

// ListPage is List a keyset page at a time: f.Page is ignored; the page
// goes on after after and holds limit applications (DefaultKeysetPage when
// 0, at most MaxKeysetPage).
func (s *Applications) ListPage(ctx context.Context, actor models.Actor, f ApplicationFilter, after *ApplicationCursor, limit int) (ApplicationPage, error) {
	limit = keysetLimit(limit)
	items, total, err := s.list(ctx, actor, f, Page{Number: 1, Size: limit + 1}, after)
	if err != nil {
		return ApplicationPage{}, err
	}
	out := ApplicationPage{Items: items, Total: total}
	if len(items) > limit {
		out.Items = items[:limit]
		last := items[limit-1]
		out.Next = &ApplicationCursor{UpdatedAt: last.UpdatedAt, ID: last.ID}
	}
	return out, nil
}

func applicationAfter(c *ApplicationCursor) (string, []any) {
	at := c.UpdatedAt.UTC()
	return "(a.updated_at, a.id) < (?, ?)", []any{at, c.ID}
}
