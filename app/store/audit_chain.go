package store

import (
	"context"
	"crypto/sha256"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	gosqlite "github.com/glebarez/go-sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/carddesk/carddesk/models"
)

// The audit trail is a hash chain (migration 00005): every row carries the
// SHA-256 of the row before it (PrevHash, empty for the first) and of its own
// canonical content including PrevHash (Hash). Rewriting or deleting a row,
// which the triggers refuse but a database owner can force by dropping them,
// breaks the chain at that row; VerifyAuditChain finds the first break.
// audit_chain_head holds the newest row's id and hash and the row count, so
// rows deleted at the end show too.

// auditChainVersion starts the canonical encoding; another encoding would be
// another version, never a silent change of this one.
const auditChainVersion = "carddesk-audit-v1"

// auditTimeLayout is the canonical time: UTC, to the microsecond, which both
// engines store exactly.
const auditTimeLayout = "2006-01-02T15:04:05.000000Z"

// auditRow is an audit row as stored, with its links.
type auditRow struct {
	models.AuditEvent `gorm:"embedded"`
	PrevHash          string
	Hash              string
}

func (auditRow) TableName() string { return "audit_events" }

func (r auditRow) model() models.AuditEvent { return r.AuditEvent }

// contentHash is the SHA-256, in hex, of the canonical encoding of the row:
// the version line, then each field as its length in bytes, a colon, the
// field and a newline. The PostgreSQL function carddesk_audit_hash (migration
// 00005) computes the same bytes; TestAuditChainSurvivesMigration holds the
// two together.
func (r auditRow) contentHash() string {
	actor := ""
	if r.ActorID != nil {
		actor = strconv.FormatInt(*r.ActorID, 10)
	}
	h := sha256.New()
	h.Write([]byte(auditChainVersion + "\n"))
	for _, f := range []string{r.PrevHash, r.At.UTC().Format(auditTimeLayout), actor, r.ActorEmail, r.Action,
		r.RecordType, r.RecordID, r.RequestID, r.IP, r.Via, r.Summary} {
		h.Write(strconv.AppendInt(nil, int64(len(f)), 10))
		h.Write([]byte{':'})
		h.Write([]byte(f))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// appendAudit adds ev to the chain inside tx: it locks the chain head (on
// SQLite the immediate transaction already holds the write lock), links the
// row to it and stores the row; the database moves the head. Appends are
// thus serialised from the head read to the commit, so two writers never
// link to the same row. Outside a transaction it opens one, since the lock
// would otherwise end with the read.
func (s *core) appendAudit(tx *gorm.DB, ev *models.AuditEvent) error {
	if _, inTx := tx.Statement.ConnPool.(gorm.TxCommitter); !inTx {
		return tx.Transaction(func(tx *gorm.DB) error { return s.appendAudit(tx, ev) })
	}
	q := tx.Table("audit_chain_head").Select("last_hash").Where("id = 1")
	if s.engine == Postgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var head string
	if err := q.Row().Scan(&head); err != nil {
		return fmt.Errorf("read the audit chain head: %w", err)
	}
	ev.At = ev.At.UTC().Truncate(time.Microsecond)
	row := auditRow{AuditEvent: *ev, PrevHash: head}
	row.Hash = row.contentHash()
	if err := tx.Create(&row).Error; err != nil {
		return fmt.Errorf("append audit row: %w", err)
	}
	ev.ID = row.ID
	return nil
}

// AuditChainReport is the outcome of VerifyAuditChain.
type AuditChainReport struct {
	// Rows is the number of rows checked before the first break (all of
	// them when the chain is intact).
	Rows int64
	// HeadID and HeadHash are the chain head: record them outside the
	// database to check later (AuditAnchor) that no one rewrote the whole
	// chain after they were taken.
	HeadID   int64
	HeadHash string
	// Broken is the first break, nil when the chain is intact.
	Broken *AuditChainBreak
	// Erased counts the rows checked whose summary an anonymisation erased
	// (verified against the hash recorded at the erasure).
	Erased int64
}

// AuditChainBreak is where and how the chain is broken.
type AuditChainBreak struct {
	RowID   int64
	Problem string
}

// AuditAnchor is a row id and hash recorded earlier (from a report's head):
// the chain must still hold that row with that hash.
type AuditAnchor struct {
	RowID int64
	Hash  string
}

// ParseAuditAnchor reads an anchor written as "ID:HASH".
func ParseAuditAnchor(s string) (AuditAnchor, error) {
	id, hash, ok := strings.Cut(strings.TrimSpace(s), ":")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || n <= 0 || len(hash) != sha256.Size*2 {
		return AuditAnchor{}, fmt.Errorf("audit anchor %q: want ROW_ID:SHA256_HEX", s)
	}
	return AuditAnchor{RowID: n, Hash: strings.ToLower(hash)}, nil
}

type auditChainHead struct {
	LastID   int64
	LastHash string
	RowCount int64
}

// VerifyAuditChain walks the audit trail in id order, checks each row's
// link to the row before it and its own hash, then the chain head and the
// anchors, and reports the first break. It reads in pages and holds no lock,
// so the application keeps writing meanwhile; rows appended during the walk
// are walked too.
func (s *Audit) VerifyChain(ctx context.Context, actor models.Actor, anchors ...AuditAnchor) (*AuditChainReport, error) {
	if err := actor.Require(models.PermAuditRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	rep := &AuditChainReport{}
	pending := map[int64]string{}
	for _, a := range anchors {
		pending[a.RowID] = a.Hash
	}
	var lastID int64
	prev := ""
	retried := false
	fail := func(id int64, format string, args ...any) (*AuditChainReport, error) {
		rep.Broken = &AuditChainBreak{RowID: id, Problem: fmt.Sprintf(format, args...)}
		return rep, nil
	}
	for {
		var page []auditRow
		if err := db.Where("id > ?", lastID).Order("id").Limit(1000).Find(&page).Error; err != nil {
			return nil, fmt.Errorf("verify audit chain: read rows after %d: %w", lastID, err)
		}
		// Rows whose summary the anonymisation erased (migration 00024)
		// are verified with the hash recorded at the erasure, chained to
		// their original one; their link in the chain is checked as any.
		erasedHashes := map[int64]string{}
		if len(page) > 0 {
			var erased []struct {
				AuditEventID int64
				ErasedHash   string
			}
			if err := db.Table("audit_summary_erasures").Where("audit_event_id BETWEEN ? AND ?", page[0].ID, page[len(page)-1].ID).
				Find(&erased).Error; err != nil {
				return nil, fmt.Errorf("verify audit chain: read the erasures after %d: %w", lastID, err)
			}
			for _, e := range erased {
				erasedHashes[e.AuditEventID] = e.ErasedHash
			}
		}
		for _, r := range page {
			switch {
			case r.PrevHash != prev && lastID == 0:
				return fail(r.ID, "row %d is the first row but links to %s instead of starting the chain: the rows before it were deleted", r.ID, short(r.PrevHash))
			case r.PrevHash != prev:
				return fail(r.ID, "row %d links to %s, but the row before it (row %d) hashes to %s: rows between them were deleted, or row %d was rewritten with a new hash",
					r.ID, short(r.PrevHash), lastID, short(prev), lastID)
			}
			if want, ok := erasedHashes[r.ID]; ok {
				if got := r.erasedHash(); got != want {
					return fail(r.ID, "row %d, whose summary was erased by an anonymisation, no longer matches the hash recorded then (its content hashes to %s, the erasure recorded %s): a column of it was changed",
						r.ID, short(got), short(want))
				}
				rep.Erased++
			} else if got := r.contentHash(); got != r.Hash {
				return fail(r.ID, "row %d no longer matches its hash (its content hashes to %s, it records %s): a column of it (time, actor, action, record, request, address, channel or summary) was changed",
					r.ID, short(got), short(r.Hash))
			}
			if want, ok := pending[r.ID]; ok {
				if want != r.Hash {
					return fail(r.ID, "row %d hashes to %s, not to the anchor %s recorded earlier: the chain was rewritten up to it", r.ID, short(r.Hash), short(want))
				}
				delete(pending, r.ID)
			}
			prev, lastID = r.Hash, r.ID
			rep.Rows++
		}
		if len(page) > 0 {
			retried = false
			continue
		}
		var head auditChainHead
		if err := db.Table("audit_chain_head").Where("id = 1").Take(&head).Error; err != nil {
			return nil, fmt.Errorf("verify audit chain: read the head: %w", err)
		}
		if head.LastID > lastID && !retried {
			// Rows appended while we walked: a row commits with the head
			// that names it, so one more page finds them.
			retried = true
			continue
		}
		rep.HeadID, rep.HeadHash = head.LastID, head.LastHash
		if head.LastID != lastID || head.LastHash != prev || head.RowCount != rep.Rows {
			return fail(head.LastID, "the chain head records %d rows ending at row %d (%s), but the table holds %d rows ending at row %d (%s): rows at the end were deleted, or the head was moved",
				head.RowCount, head.LastID, short(head.LastHash), rep.Rows, lastID, short(prev))
		}
		for id := range pending {
			return fail(id, "the anchor row %d recorded earlier is no longer in the chain: it was deleted", id)
		}
		return rep, nil
	}
}

// short abbreviates a hash for messages.
func short(h string) string {
	if h == "" {
		return "nothing"
	}
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

// The SQLite migration that chains the rows already stored calls
// carddesk_audit_hash, which SQLite lacks: register it with the driver, on
// the same code that hashes every new row.
func init() {
	gosqlite.MustRegisterDeterministicScalarFunction("carddesk_audit_hash", 11, sqliteAuditHash)
}

// sqliteAuditHash is carddesk_audit_hash(prev_hash, at, actor_id,
// actor_email, action, record_type, record_id, request_id, ip, via, summary).
func sqliteAuditHash(_ *gosqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	text := func(v driver.Value) string {
		switch v := v.(type) {
		case string:
			return v
		case []byte:
			return string(v)
		case nil:
			return ""
		}
		return fmt.Sprint(v)
	}
	at, err := parseSQLiteTime(args[1])
	if err != nil {
		return nil, err
	}
	r := auditRow{PrevHash: text(args[0]), AuditEvent: models.AuditEvent{At: at, ActorEmail: text(args[3]),
		Action: text(args[4]), RecordType: text(args[5]), RecordID: text(args[6]), RequestID: text(args[7]),
		IP: text(args[8]), Via: text(args[9]), Summary: text(args[10])}}
	if id, ok := args[2].(int64); ok {
		r.ActorID = &id
	}
	return r.contentHash(), nil
}

// sqliteTimeLayouts are the layouts the driver reads a stored time with, in
// its order (github.com/glebarez/go-sqlite parseTimeFormats), so the function
// sees the instant the store reads.
var sqliteTimeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

func parseSQLiteTime(v driver.Value) (time.Time, error) {
	switch v := v.(type) {
	case time.Time:
		return v, nil
	case string:
		s := strings.TrimSuffix(v, "Z")
		for _, layout := range sqliteTimeLayouts {
			if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
				return t, nil
			}
		}
		return time.Time{}, fmt.Errorf("carddesk_audit_hash: unreadable time %q", v)
	}
	return time.Time{}, errors.New("carddesk_audit_hash: the time is not text")
}

// AuditRowHash is the hash an audit row with content ev carries when it
// links to prev: what appendAudit stores. Bulk loaders (the data generator)
// that write the audit trail themselves chain it with this, so the
// database's triggers accept the rows and VerifyChain finds the chain intact.
func AuditRowHash(prev string, ev models.AuditEvent) string {
	ev.At = ev.At.UTC().Truncate(time.Microsecond)
	return auditRow{AuditEvent: ev, PrevHash: prev}.contentHash()
}
