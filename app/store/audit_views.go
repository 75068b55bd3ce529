package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/carddesk/carddesk/models"
)

// Views of confidential data are audited in groups (issue 14). An audit row
// joins the hash chain under the lock of its head (appendAudit), held until
// the transaction's commit is on disk: one view per lock and per flush of
// the log would let the whole desk read at most one history per flush
// (about 4 ms on this machine's disk, 230 a second, whatever the reads
// cost). So a view's row waits, at most one group long, for the group being
// written, and the next group is written in one transaction: one lock, one
// flush for every view that came meanwhile. The reader still gets the data
// only once its row is committed: a view the trail does not hold is never
// shown.

// viewAuditGroupMax bounds a group, so the head is never held for long,
// and the versions of the head one group leaves (one per row, none pruned
// before the commit) fit in its page: past that, each update of the head
// goes to another page and adds an index entry every later read visits
// until a vacuum (migration 00032).
const viewAuditGroupMax = 32

// viewAudits holds the rows waiting for the next group and whether a group
// is being written.
type viewAudits struct {
	mu      sync.Mutex
	pending []*viewAudit
	writing bool
}

// viewAudit is one view's row; done receives the outcome of its group's
// commit, lead tells it to write the next group.
type viewAudit struct {
	ev   models.AuditEvent
	done chan error
	lead chan struct{}
}

// auditEvent is the audit row actor's action makes.
func (s *core) auditEvent(actor models.Actor, action, recordType, recordID, summary string) models.AuditEvent {
	ev := models.AuditEvent{
		At: s.now(), Action: action, RecordType: recordType, RecordID: recordID,
		RequestID: actor.RequestID, IP: actor.IP, Via: actor.Via, Summary: summary,
	}
	if actor.User != nil {
		id := actor.User.ID
		ev.ActorID, ev.ActorEmail = &id, actor.User.Email
	}
	return ev
}

// auditView appends the audit row of a view and returns once it is
// committed, in a group with the views that came while the group before
// was written. The caller shows nothing when it fails.
func (s *core) auditView(ctx context.Context, actor models.Actor, action, recordType, recordID, summary string) error {
	v := &viewAudit{ev: s.auditEvent(actor, action, recordType, recordID, summary), done: make(chan error, 1), lead: make(chan struct{}, 1)}
	g := &s.views
	g.mu.Lock()
	g.pending = append(g.pending, v)
	if !g.writing {
		g.writing = true
		v.lead <- struct{}{}
	}
	g.mu.Unlock()
	// Once queued, the row is waited for even when ctx ends: it may be the
	// next group's writer, and the group's outcome is the view's.
	for {
		select {
		case err := <-v.done:
			if err != nil {
				return fmt.Errorf("audit %s: %w", action, err)
			}
			return nil
		case <-v.lead:
			s.writeViewGroup(context.WithoutCancel(ctx))
		}
	}
}

// writeViewGroup writes the rows waiting, up to viewAuditGroupMax, in one
// transaction, tells each its outcome and hands the writing to the first
// row still waiting.
func (s *core) writeViewGroup(ctx context.Context) {
	g := &s.views
	g.mu.Lock()
	group := g.pending[:min(len(g.pending), viewAuditGroupMax)]
	g.pending = g.pending[len(group):]
	g.mu.Unlock()

	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	err := s.transact(ctx, func(tx *gorm.DB) error { return s.appendAuditGroup(tx, group) })
	cancel()
	for _, v := range group {
		v.done <- err
	}

	g.mu.Lock()
	if len(g.pending) > 0 {
		g.pending[0].lead <- struct{}{}
	} else {
		g.writing = false
	}
	g.mu.Unlock()
}

// appendAuditGroup links the group's rows to the chain in order: the head
// is read (and locked) once, each row carries the hash of the one before
// it, and each is its own INSERT, since the database moves the head row by
// row (migration 00005).
func (s *core) appendAuditGroup(tx *gorm.DB, group []*viewAudit) error {
	q := tx.Table("audit_chain_head").Select("last_hash").Where("id = 1")
	if s.engine == Postgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var head string
	if err := q.Row().Scan(&head); err != nil {
		return fmt.Errorf("read the audit chain head: %w", err)
	}
	for _, v := range group {
		v.ev.At = v.ev.At.UTC().Truncate(time.Microsecond)
		row := auditRow{AuditEvent: v.ev, PrevHash: head}
		row.Hash = row.contentHash()
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("append audit row: %w", err)
		}
		v.ev.ID, head = row.ID, row.Hash
	}
	return nil
}
