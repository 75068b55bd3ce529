package store

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/carddesk/carddesk/app/sealed"
	"github.com/carddesk/carddesk/models"
)

// Key rotation: after a new notes key is configured (the old one kept among
// the old keys), ResealNotes rewrites every sealed note under the new key, so
// that the old key can then be dropped. It is resumable: it walks each sealed
// column in id order in small batches, each batch its own transaction with
// its own audit row, and skips values already under the current key id; an
// interrupted run loses at most the batch in flight, and a second run picks up
// where the first stopped.
//
// The tables holding notes are append-only (and a recorded interview is
// immutable); the database allows exactly one kind of UPDATE on them: the
// sealed column, and nothing else, goes from a sealed value to a sealed value
// under another key id (migration 00006_reseal.sql).
//
// The short free-text fields of an interview (referral contact and reference,
// correction reasons, the interpreter's name) are sealed in their text
// columns (app/sealed's text form, migration 00013_sealed_fields.sql). Rows
// written before they were sealed hold them in clear: the same run seals
// those, the one other UPDATE the database allows on them (a value in clear
// becomes a sealed value, nothing else changed).

// Resealer re-seals a value under the current key. app/sealed.Sealer
// implements it.
type Resealer interface {
	Seal(plaintext, additionalData []byte) ([]byte, error)
	Reseal(sealedValue, additionalData []byte) ([]byte, error)
	CurrentKeyID() sealed.KeyID
}

// sealedValue is one stored note with the additional data it was sealed
// with. For a text column, Text is the value as stored: the sealed text
// form, or a value in clear written before the column was sealed.
type sealedValue struct {
	ID     int64
	Sealed []byte
	AAD    []byte
	Text   string
}

// sealedColumn is a column of sealed notes and the rule that rebuilds each
// value's additional data from its row (the same rule that sealed it). A
// text column holds app/sealed's text form (sealed.EncodeText).
type sealedColumn struct {
	Table, Column string
	load          func(q *gorm.DB) ([]sealedValue, error)
	text          bool
}

// resealOnly lists the text columns sealed since they were created
// (migration 00015's clearance reasons): the database allows only a re-seal
// on them (migration 00023), never a value in clear becoming sealed, so a
// value in clear there was not written by Carddesk and is reported as a
// failure rather than sealed.
var resealOnly = map[string]bool{"interviews.clearance_reason": true, "clearance_confirmations.reason": true}

// textValue is a value of a sealed text column.
func textValue(id int64, stored string, aad []byte) sealedValue {
	return sealedValue{ID: id, Text: stored, AAD: aad}
}

// Name is table.column.
func (c sealedColumn) Name() string { return c.Table + "." + c.Column }

// sealedColumns lists every column holding sealed notes. A new one must be
// added here, or a key rotation would leave it under the old key (the test
// TestEverySealedColumnIsListed compares this list with the schema).
var sealedColumns = []sealedColumn{
	{"interviews", "notes", func(q *gorm.DB) ([]sealedValue, error) {
		var rows []struct {
			ID    int64
			Notes []byte
		}
		err := q.Table("interviews").Select("id, notes").Find(&rows).Error
		out := make([]sealedValue, len(rows))
		for i, r := range rows {
			out[i] = sealedValue{ID: r.ID, Sealed: r.Notes, AAD: models.InterviewNoteAAD(r.ID)}
		}
		return out, err
	}, false},
	{"interview_checklist_answers", "note", func(q *gorm.DB) ([]sealedValue, error) {
		var rows []checklistAnswerRow
		err := q.Find(&rows).Error
		out := make([]sealedValue, len(rows))
		for i, r := range rows {
			out[i] = sealedValue{ID: r.ID, Sealed: r.Note, AAD: models.ChecklistNoteAAD(r.InterviewID, r.Item)}
		}
		return out, err
	}, false},
	{"interview_indicator_answers", "note", func(q *gorm.DB) ([]sealedValue, error) {
		var rows []indicatorAnswerRow
		err := q.Find(&rows).Error
		out := make([]sealedValue, len(rows))
		for i, r := range rows {
			out[i] = sealedValue{ID: r.ID, Sealed: r.Note, AAD: models.IndicatorResponseNoteAAD(r.InterviewID, r.Code)}
		}
		return out, err
	}, false},
	{"indicator_observations", "note", func(q *gorm.DB) ([]sealedValue, error) {
		var rows []observationRow
		err := q.Find(&rows).Error
		out := make([]sealedValue, len(rows))
		for i, r := range rows {
			out[i] = sealedValue{ID: r.ID, Sealed: r.Note, AAD: models.ObservationNoteAAD(r.model())}
		}
		return out, err
	}, false},
	{"signals", "note", func(q *gorm.DB) ([]sealedValue, error) {
		var rows []signalRow
		err := q.Find(&rows).Error
		out := make([]sealedValue, len(rows))
		for i, row := range rows {
			r := row.model()
			r.ReceivedOn = r.ReceivedOn.UTC() // as when it was sealed: the day in UTC
			out[i] = sealedValue{ID: r.ID, Sealed: r.Note, AAD: models.SignalNoteAAD(r)}
		}
		return out, err
	}, false},
	{"interviews", "interpreter_name", func(q *gorm.DB) ([]sealedValue, error) {
		var rows []interviewRow
		err := q.Select("id, interpreter_name").Find(&rows).Error
		out := make([]sealedValue, len(rows))
		for i, r := range rows {
			out[i] = textValue(r.ID, r.InterpreterName, models.InterpreterNameAAD(r.ID))
		}
		return out, err
	}, true},
	{"interviews", "correction_reason", func(q *gorm.DB) ([]sealedValue, error) {
		var rows []interviewRow
		err := q.Select("id, supersedes_id, correction_reason").Find(&rows).Error
		out := make([]sealedValue, len(rows))
		for i, r := range rows {
			var supersedes int64
			if r.SupersedesID != nil {
				supersedes = *r.SupersedesID
			}
			out[i] = textValue(r.ID, r.CorrectionReason, models.InterviewCorrectionReasonAAD(supersedes))
		}
		return out, err
	}, true},
	{"referrals", "contact", func(q *gorm.DB) ([]sealedValue, error) {
		var rows []referralRow
		err := q.Find(&rows).Error
		out := make([]sealedValue, len(rows))
		for i, r := range rows {
			out[i] = textValue(r.ID, r.Contact, models.ReferralContactAAD(r.InterviewID))
		}
		return out, err
	}, true},
	{"referrals", "reference", func(q *gorm.DB) ([]sealedValue, error) {
		var rows []referralRow
		err := q.Find(&rows).Error
		out := make([]sealedValue, len(rows))
		for i, r := range rows {
			out[i] = textValue(r.ID, r.Reference, models.ReferralReferenceAAD(r.InterviewID))
		}
		return out, err
	}, true},
	{"indicator_observations", "correction_reason", func(q *gorm.DB) ([]sealedValue, error) {
		var rows []observationRow
		err := q.Find(&rows).Error
		out := make([]sealedValue, len(rows))
		for i, r := range rows {
			out[i] = textValue(r.ID, r.CorrectionReason, models.ObservationCorrectionReasonAAD(models.IndicatorObservation(r)))
		}
		return out, err
	}, true},
	// The interview record's drafts (issue 13).
	{"interview_drafts", "content", func(q *gorm.DB) ([]sealedValue, error) {
		var rows []draftRow
		err := q.Find(&rows).Error
		out := make([]sealedValue, len(rows))
		for i, r := range rows {
			out[i] = sealedValue{ID: r.ID, Sealed: r.Content, AAD: models.InterviewDraftAAD(r.InterviewID, r.AuthorID)}
		}
		return out, err
	}, false},
	{"referral_followups", "partner_reference", func(q *gorm.DB) ([]sealedValue, error) {
		var rows []followUpRow
		err := q.Find(&rows).Error
		out := make([]sealedValue, len(rows))
		for i, r := range rows {
			out[i] = textValue(r.ID, r.PartnerReference, models.FollowUpReferenceAAD(r.WorkerID, r.Partner))
		}
		return out, err
	}, true},
	// A clearance against the evidence (issue 9, migration 00015): the
	// interviewer's written reason and the second admin's reason.
	{"interviews", "clearance_reason", func(q *gorm.DB) ([]sealedValue, error) {
		var rows []interviewRow
		err := q.Select("id, clearance_reason").Find(&rows).Error
		out := make([]sealedValue, len(rows))
		for i, r := range rows {
			out[i] = textValue(r.ID, r.ClearanceReason, models.ClearanceReasonAAD(r.ID))
		}
		return out, err
	}, true},
	{"clearance_confirmations", "reason", func(q *gorm.DB) ([]sealedValue, error) {
		var rows []clearanceRow
		err := q.Find(&rows).Error
		out := make([]sealedValue, len(rows))
		for i, r := range rows {
			out[i] = textValue(r.ID, r.Reason, models.ClearanceDecisionReasonAAD(r.InterviewID, r.DecidedAt))
		}
		return out, err
	}, true},
	// Two-factor sign-in: the staff's TOTP secrets (twofactor.go).
	{"totp_enrolments", "secret", func(q *gorm.DB) ([]sealedValue, error) {
		var rows []totpEnrolmentRow
		err := q.Find(&rows).Error
		out := make([]sealedValue, len(rows))
		for i, r := range rows {
			out[i] = sealedValue{ID: r.ID, Sealed: r.Secret, AAD: models.TOTPSecretAAD(r.UserID)}
		}
		return out, err
	}, false},
}

// SealedTextColumns lists the text columns holding sealed fields, as
// table.column.
func SealedTextColumns() []string {
	var out []string
	for _, c := range sealedColumns {
		if c.text {
			out = append(out, c.Name())
		}
	}
	return out
}

// SealedColumns lists the binary columns holding sealed notes, as
// table.column (SealedTextColumns lists the text ones).
func SealedColumns() []string {
	var out []string
	for _, c := range sealedColumns {
		if !c.text {
			out = append(out, c.Name())
		}
	}
	return out
}

// ResealProgress is reported after each committed batch and at the end of
// each column.
type ResealProgress struct {
	Column string
	// Total is how many values of the column were under another key (or,
	// in a text column, in clear) when the run began; Resealed and Failed
	// count this run's work so far.
	Total, Resealed, Failed int64
	Done                    bool
}

// ResealFailure is a note that could not be opened: its key is not
// configured (an old key missing from CARDDESK_NOTES_OLD_KEYS), or the value
// was altered. It names the row, never the content.
type ResealFailure struct {
	Column string
	ID     int64
	Err    error
}

// ResealReport sums up a run.
type ResealReport struct {
	KeyID    sealed.KeyID
	Columns  []ResealProgress
	Failures []ResealFailure
}

// Resealed is the number of values rewritten by the run.
func (r ResealReport) Resealed() int64 {
	var n int64
	for _, c := range r.Columns {
		n += c.Resealed
	}
	return n
}

// ResealOptions tune a run.
type ResealOptions struct {
	// BatchSize is the number of values per transaction; 0 means 100.
	BatchSize int
	// Progress, if set, is called after each batch.
	Progress func(ResealProgress)
}

// ErrResealIncomplete means some notes could not be re-sealed (see the
// report's failures): keep the old keys until they are dealt with.
var ErrResealIncomplete = errors.New("some notes could not be re-sealed")

// ResealNotes re-seals every sealed note that is not under the current key.
// A cancelled ctx stops it between batches (the batch in flight rolls back);
// run it again to finish. It returns ErrResealIncomplete, with the report,
// when a note could not be opened.
func (s *Store) ResealNotes(ctx context.Context, actor models.Actor, o ResealOptions) (ResealReport, error) {
	var rep ResealReport
	if err := requireOperator(actor); err != nil {
		return rep, err
	}
	rs, ok := s.opts.Sealer.(Resealer)
	if !ok || rs == nil {
		return rep, errors.New("reseal notes: no notes key configured")
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 100
	}
	rep.KeyID = rs.CurrentKeyID()
	for _, col := range sealedColumns {
		p := ResealProgress{Column: col.Name()}
		if err := s.db.WithContext(ctx).Table(col.Table).Where(col.stale(0, rep.KeyID)).Count(&p.Total).Error; err != nil {
			return rep, fmt.Errorf("reseal %s: count: %w", p.Column, err)
		}
		var after int64
		for {
			if err := ctx.Err(); err != nil {
				rep.Columns = append(rep.Columns, p)
				return rep, fmt.Errorf("reseal %s: interrupted after %d of %d (run it again to continue): %w", p.Column, p.Resealed, p.Total, err)
			}
			n, last, failures, err := s.resealBatch(ctx, actor, rs, col, after, o.BatchSize)
			if err != nil {
				rep.Columns = append(rep.Columns, p)
				return rep, fmt.Errorf("reseal %s after id %d: %w", p.Column, after, err)
			}
			if last == 0 {
				break
			}
			after = last
			p.Resealed += n
			p.Failed += int64(len(failures))
			rep.Failures = append(rep.Failures, failures...)
			if o.Progress != nil {
				o.Progress(p)
			}
		}
		p.Done = true
		if o.Progress != nil {
			o.Progress(p)
		}
		rep.Columns = append(rep.Columns, p)
	}
	if len(rep.Failures) > 0 {
		return rep, fmt.Errorf("reseal notes: %w: %d failed", ErrResealIncomplete, len(rep.Failures))
	}
	return rep, nil
}

// stale is the condition of the values of c after the id after that are
// not under the key id: substr counts bytes on a blob (SQLite) and a bytea
// (PostgreSQL), where byte 1 is the format version and bytes 2-5 the key id;
// in a text column, character 1 is the marker and characters 4-11 the key id
// in hex, and a value without the marker is in clear.
func (c sealedColumn) stale(after int64, id sealed.KeyID) clause.Expr {
	if c.text {
		return gorm.Expr("id > ? AND "+c.present()+" AND (substr("+c.Column+", 1, 1) <> ? OR substr("+c.Column+", 4, 8) <> ?)",
			after, sealed.TextMarker, id.String())
	}
	return gorm.Expr("id > ? AND "+c.present()+" AND substr("+c.Column+", 2, 4) <> ?", after, keyIDBytes(id))
}

// present is the condition of a row that has a note: on SQLite an empty
// note may be stored as an empty blob rather than NULL; an empty text field
// is stored as the empty string.
func (c sealedColumn) present() string {
	if c.text {
		// An empty value, and the marker the retention erasure leaves
		// (models.ErasedText), hold nothing to seal.
		return c.Column + " NOT IN ('', '" + models.ErasedText + "')"
	}
	return c.Column + " IS NOT NULL AND length(" + c.Column + ") > 0"
}

// reseal returns v under the current key: re-sealed, or sealed when a text
// field is still in clear.
func (c sealedColumn) reseal(rs Resealer, v sealedValue) (any, error) {
	if !c.text {
		return rs.Reseal(v.Sealed, v.AAD)
	}
	if !sealed.IsText(v.Text) {
		if resealOnly[c.Name()] {
			return nil, errors.New("value in clear in a column Carddesk always sealed: not written by Carddesk")
		}
		b, err := rs.Seal([]byte(v.Text), v.AAD)
		if err != nil {
			return nil, err
		}
		return sealed.EncodeText(b), nil
	}
	old, err := sealed.DecodeText(v.Text)
	if err != nil {
		return nil, err
	}
	b, err := rs.Reseal(old, v.AAD)
	if err != nil {
		return nil, err
	}
	return sealed.EncodeText(b), nil
}

// stored is v as the column holds it.
func (c sealedColumn) stored(v sealedValue) any {
	if c.text {
		return v.Text
	}
	return v.Sealed
}

// resealBatch re-seals up to n values of col after the id after, in one
// transaction with its audit row. It returns how many it rewrote, the last
// id it looked at (0 when none was left) and the values it could not open.
func (s *Store) resealBatch(ctx context.Context, actor models.Actor, rs Resealer, col sealedColumn, after int64, n int) (int64, int64, []ResealFailure, error) {
	var (
		done     int64
		last     int64
		failures []ResealFailure
	)
	err := s.transact(ctx, func(tx *gorm.DB) error {
		done, last, failures = 0, 0, nil
		values, err := col.load(s.forUpdate(tx).Table(col.Table).Where(col.stale(after, rs.CurrentKeyID())).Order("id").Limit(n))
		if err != nil {
			return fmt.Errorf("load: %w", err)
		}
		if len(values) == 0 {
			return nil
		}
		first := values[0].ID
		for _, v := range values {
			last = v.ID
			fresh, err := col.reseal(rs, v)
			if err != nil {
				failures = append(failures, ResealFailure{Column: col.Name(), ID: v.ID, Err: err})
				continue
			}
			res := tx.Exec("UPDATE "+col.Table+" SET "+col.Column+" = ? WHERE id = ? AND "+col.Column+" = ?", fresh, v.ID, col.stored(v))
			if res.Error != nil {
				return fmt.Errorf("update id %d (does the database allow re-sealing? see the reseal triggers): %w", v.ID, res.Error)
			}
			done += res.RowsAffected
		}
		if done == 0 {
			return nil
		}
		return s.audit(tx, actor, "notes.resealed", col.Table, fmt.Sprintf("%d-%d", first, last),
			fmt.Sprintf("%d sealed values of %s re-sealed under key id %s", done, col.Name(), rs.CurrentKeyID()))
	})
	return done, last, failures, err
}

func keyIDBytes(id sealed.KeyID) []byte {
	return []byte{byte(id >> 24), byte(id >> 16), byte(id >> 8), byte(id)}
}

// NoteKeyCount is how many sealed values of a column a key opens.
type NoteKeyCount struct {
	Column string
	// KeyID is the key's id (8 hex digits), "malformed" for a value not in
	// the sealed format, or NotSealed for a text field still in clear.
	KeyID string
	Count int64
}

// NoteKeyCounts counts the sealed notes of every column by key id: once
// only the current key's id remains, the old keys can be dropped.
func (s *Store) NoteKeyCounts(ctx context.Context) ([]NoteKeyCount, error) {
	var out []NoteKeyCount
	for _, col := range sealedColumns {
		var rows []struct {
			Head []byte
			N    int64
		}
		head := "substr(" + col.Column + ", 1, 5)"
		if col.text { // the marker, then the version and the key id in hex
			head = "substr(" + col.Column + ", 1, 11)"
		}
		err := s.db.WithContext(ctx).Table(col.Table).Select(head + " AS head, COUNT(*) AS n").
			Where(col.present()).Group(head).Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("count sealed values of %s: %w", col.Name(), err)
		}
		byKey := map[string]int64{}
		var keys []string
		for _, r := range rows {
			key := "malformed"
			if col.text {
				r.Head, key = textHead(r.Head)
			}
			if len(r.Head) == 5 && r.Head[0] == sealed.Version {
				key = sealed.KeyID(uint32(r.Head[1])<<24 | uint32(r.Head[2])<<16 | uint32(r.Head[3])<<8 | uint32(r.Head[4])).String()
			}
			if _, seen := byKey[key]; !seen {
				keys = append(keys, key)
			}
			byKey[key] += r.N
		}
		for _, k := range keys {
			out = append(out, NoteKeyCount{Column: col.Name(), KeyID: k, Count: byKey[k]})
		}
	}
	return out, nil
}

// NotSealed is the key id NoteKeyCounts gives the text fields still in
// clear (written before they were sealed): `carddesk notes reseal` seals them.
const NotSealed = "not sealed"

// textHead decodes the head of a text value (the marker, then the version
// and key id in hex) into the bytes of a binary one's head; a head without
// the marker is a value in clear.
func textHead(h []byte) ([]byte, string) {
	if !sealed.IsText(string(h)) {
		return nil, NotSealed
	}
	b, err := hex.DecodeString(string(h[len(sealed.TextMarker):]))
	if err != nil {
		return nil, "malformed"
	}
	return b, "malformed"
}
