package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/sealed"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

const (
	secretClearance = "Documents returned to her in my presence"
	secretDeclined  = "Ask the specialised centre first"
	secretConfirmed = "Worker seen again with the centre; documents in her hands"
)

// clearedWorld records, on s, an interview cleared against the evidence
// with its written reason, a decision not to confirm and a confirmation,
// both with their reasons; it returns the application and the interview.
func clearedWorld(t *testing.T, s *store.Store) (*world, int64, int64) {
	t.Helper()
	ctx := context.Background()
	w := newWorld(t, s)
	id := w.submitted(t, models.ApplicationFirstIssuance, nil)
	iv := w.scheduled(t, id)
	w.now = w.now.Add(2 * time.Hour)
	_, err := s.Interviews.Record(ctx, w.interviewer, iv.ID, clearedAgainstEvidence(w.now.Add(-time.Hour), secretClearance))
	must(t, err)
	must(t, s.Clearances.Decide(ctx, w.admin, id, models.ClearanceDeclined, secretDeclined))
	w.now = w.now.Add(time.Minute)
	must(t, s.Clearances.Decide(ctx, w.admin, id, models.ClearanceConfirmed, secretConfirmed))
	return w, id, iv.ID
}

// readClearance fails unless the admin's review on s opens the three
// clearance reasons as written.
func readClearance(t *testing.T, s *store.Store, w *world, appID int64) {
	t.Helper()
	r, err := s.Clearances.Review(context.Background(), w.admin, appID)
	must(t, err)
	if r.Reason != secretClearance {
		t.Errorf("interviewer's reason reads %q", r.Reason)
	}
	if len(r.Decisions) != 2 || r.Decisions[0].Reason != secretDeclined || r.Decisions[1].Reason != secretConfirmed {
		t.Errorf("decisions read %+v", r.Decisions)
	}
}

// TestResealCoversClearanceReasons: a key rotation re-seals every sealed
// column, the clearance reasons (interviews.clearance_reason and
// clearance_confirmations.reason) included; after it the old key can be
// dropped and every reason still reads back.
func TestResealCoversClearanceReasons(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			opts := storetest.Options(t, engine)
			keyA, keyB := newKey(t), newKey(t)
			sA := newSealer(t, keyA)
			a := reopen(t, opts, sA)
			_, err := a.Migrate(ctx)
			must(t, err)
			w, appID, _ := clearedWorld(t, a)
			// and notes in every other sealed column of an interview
			_, ivID, workerID := notedWorldOn(t, a, w)

			sB := newSealer(t, keyB, keyA)
			b := reopen(t, opts, sB)
			b.Now = a.Now
			rep, err := b.ResealNotes(ctx, models.System("cli"), store.ResealOptions{BatchSize: 1})
			must(t, err)
			byColumn := map[string]int64{}
			for _, c := range rep.Columns {
				byColumn[c.Column] = c.Resealed
			}
			if byColumn["interviews.clearance_reason"] != 1 || byColumn["clearance_confirmations.reason"] != 2 {
				t.Errorf("re-sealed by column: %v", byColumn)
			}
			counts, err := b.NoteKeyCounts(ctx)
			must(t, err)
			seen := map[string]bool{}
			for _, c := range counts {
				seen[c.Column] = true
				if c.KeyID != sB.CurrentKeyID().String() {
					t.Errorf("%s: %d values under %s after the rotation", c.Column, c.Count, c.KeyID)
				}
			}
			for _, col := range []string{"interviews.clearance_reason", "clearance_confirmations.reason", "interviews.notes",
				"interview_checklist_answers.note", "interview_indicator_answers.note", "indicator_observations.note", "signals.note"} {
				if !seen[col] {
					t.Errorf("no sealed value of %s in the world", col)
				}
			}

			// Every text column of the schema: no value in the sealed form is
			// left under another key (a sealed text column missing from the
			// rotation would be).
			var textCols []string
			if storetest.IsPostgres(b) {
				must(t, b.DB().Raw(`SELECT table_name || '.' || column_name FROM information_schema.columns
					WHERE table_schema = current_schema() AND data_type = 'text' ORDER BY 1`).Scan(&textCols).Error)
			} else {
				must(t, b.DB().Raw(`SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
					WHERE m.type = 'table' AND lower(p.type) = 'text' AND m.name NOT LIKE '%\_fts\_%' ESCAPE '\' ORDER BY 1`).Scan(&textCols).Error)
			}
			sealedSeen := 0
			for _, tc := range textCols {
				table, col, _ := strings.Cut(tc, ".")
				var all, stale int64
				q := `SELECT count(*) FROM "` + table + `" WHERE substr("` + col + `", 1, 1) = ?`
				must(t, b.DB().Raw(q, sealed.TextMarker).Row().Scan(&all))
				must(t, b.DB().Raw(q+` AND substr("`+col+`", 4, 8) <> ?`, sealed.TextMarker, sB.CurrentKeyID().String()).Row().Scan(&stale))
				if all > 0 {
					sealedSeen++
				}
				if stale > 0 {
					t.Errorf("%s: %d sealed values left under another key", tc, stale)
				}
			}
			if sealedSeen < 4 {
				t.Errorf("only %d text columns hold sealed values in the world", sealedSeen)
			}

			onlyB := reopen(t, opts, newSealer(t, keyB))
			onlyB.Now = a.Now
			readClearance(t, onlyB, w, appID)
			readAllNotes(t, onlyB, w, ivID, workerID)
		})
	}
}

// notedWorldOn is notedWorld on an existing world: an interview with notes
// in every sealed column and a signal with a note.
func notedWorldOn(t *testing.T, s *store.Store, w *world) (*world, int64, int64) {
	t.Helper()
	ctx := context.Background()
	job := w.otherEmployment(t, "Cruz", "P7654321")
	id := w.submittedFor(t, job)
	iv := w.scheduled(t, id)
	w.now = w.now.Add(2 * time.Hour)
	_, err := s.Interviews.Record(ctx, w.interviewer, iv.ID, concernsRecord(w.now.Add(-time.Hour)))
	must(t, err)
	sig := models.Signal{WorkerID: job.WorkerID, Source: models.SignalNGO, SourceDetail: "NGO hotline", ReceivedOn: w.now,
		Indicators: []string{models.ILORestrictionOfMovement}}
	_, err = s.History.RecordSignal(ctx, w.interviewer, sig, secretSignal)
	must(t, err)
	return w, iv.ID, job.WorkerID
}

// TestClearanceReasonTriggersAllowOnlyAReseal: on both engines the recorded
// interview and the clearance decisions refuse every change of a clearance
// reason but a re-seal (same format and length, another key id, nothing
// else changed), and a re-seal passes.
func TestClearanceReasonTriggersAllowOnlyAReseal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, _, ivID := clearedWorld(t, s)
		current := storetest.Sealer(t)
		currentKey, err := sealed.ParseKey(storetest.NotesKey)
		must(t, err)
		other := newSealer(t, newKey(t), currentKey) // a rotation: a new key, the current one kept to open
		var reason string
		must(t, s.DB().Raw("SELECT clearance_reason FROM interviews WHERE id = ?", ivID).Row().Scan(&reason))
		var decisionID int64
		var decision string
		must(t, s.DB().Raw("SELECT id, reason FROM clearance_confirmations WHERE interview_id = ? ORDER BY id LIMIT 1", ivID).Row().Scan(&decisionID, &decision))
		seal := func(sl *sealed.Sealer, plain string, aad []byte) string {
			b, err := sl.Seal([]byte(plain), aad)
			must(t, err)
			return sealed.EncodeText(b)
		}
		reseal := func(sl *sealed.Sealer, stored string, aad []byte) string {
			b, err := sealed.DecodeText(stored)
			must(t, err)
			b, err = sl.Reseal(b, aad)
			must(t, err)
			return sealed.EncodeText(b)
		}
		aad := models.ClearanceReasonAAD(ivID)
		b, _ := sealed.DecodeText(reason)
		plain, err := current.Open(b, aad)
		must(t, err)
		sameKey := reseal(current, reason, aad)
		otherKey := reseal(other, reason, aad)
		longer := seal(other, string(plain)+" and more", aad)
		var row struct{ DecidedAt time.Time }
		must(t, s.DB().Table("clearance_confirmations").Select("decided_at").Where("id = ?", decisionID).Scan(&row).Error)
		decidedAt := row.DecidedAt
		decisionOther := seal(other, secretDeclined, models.ClearanceDecisionReasonAAD(ivID, decidedAt))
		// Same key id, but the length of another text: refused.
		decisionLonger := seal(other, secretDeclined+" twice", models.ClearanceDecisionReasonAAD(ivID, decidedAt))
		for _, c := range []struct {
			name  string
			query string
			args  []any
		}{
			{"reason erased", "UPDATE interviews SET clearance_reason = '' WHERE id = ?", []any{ivID}},
			{"reason in clear", "UPDATE interviews SET clearance_reason = 'Documents returned, I promise' WHERE id = ?", []any{ivID}},
			{"reason re-sealed under the same key", "UPDATE interviews SET clearance_reason = ? WHERE id = ?", []any{sameKey, ivID}},
			{"reason of another length", "UPDATE interviews SET clearance_reason = ? WHERE id = ?", []any{longer, ivID}},
			{"reason re-sealed with the outcome", "UPDATE interviews SET clearance_reason = ?, outcome = 'concerns' WHERE id = ?", []any{otherKey, ivID}},
			{"reason re-sealed with the room", "UPDATE interviews SET clearance_reason = ?, room = 'elsewhere' WHERE id = ?", []any{otherKey, ivID}},
			{"reason re-sealed with the notes", "UPDATE interviews SET clearance_reason = ?, notes = ? WHERE id = ?", []any{otherKey, []byte("a note appears"), ivID}},
			{"reason not hex", "UPDATE interviews SET clearance_reason = ? WHERE id = ?", []any{otherKey[:20] + strings.Repeat("z", len(otherKey)-20), ivID}},
			{"decision changed", "UPDATE clearance_confirmations SET decision = 'confirmed' WHERE id = ?", []any{decisionID}},
			{"decision reason in clear", "UPDATE clearance_confirmations SET reason = 'fine' WHERE id = ?", []any{decisionID}},
			{"decision reason of another length", "UPDATE clearance_confirmations SET reason = ? WHERE id = ?", []any{decisionLonger, decisionID}},
			{"decision reason re-sealed with its author", "UPDATE clearance_confirmations SET reason = ?, decided_by_id = decided_by_id + 0, decided_at = ? WHERE id = ?",
				[]any{decisionOther, decidedAt.Add(time.Second), decisionID}},
			{"decision deleted", "DELETE FROM clearance_confirmations WHERE id = ?", []any{decisionID}},
		} {
			if err := s.DB().Exec(c.query, c.args...).Error; err == nil {
				t.Errorf("%s: the database accepted %s", c.name, c.query)
			}
		}
		var after string
		must(t, s.DB().Raw("SELECT clearance_reason FROM interviews WHERE id = ?", ivID).Row().Scan(&after))
		if after != reason {
			t.Fatalf("a refused update changed the reason")
		}
		// The one change allowed: a re-seal under another key id.
		for _, q := range []struct {
			query string
			args  []any
		}{
			{"UPDATE interviews SET clearance_reason = ? WHERE id = ?", []any{otherKey, ivID}},
			{"UPDATE interviews SET clearance_reason = ? WHERE id = ?", []any{reason, ivID}}, // and back
			{"UPDATE clearance_confirmations SET reason = ? WHERE id = ?", []any{decisionOther, decisionID}},
			{"UPDATE clearance_confirmations SET reason = ? WHERE id = ?", []any{decision, decisionID}},
		} {
			if err := s.DB().Exec(q.query, q.args...).Error; err != nil {
				t.Errorf("re-seal refused: %s: %v", q.query, err)
			}
		}
	})
}
