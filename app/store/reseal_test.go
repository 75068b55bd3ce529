package store_test

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/sealed"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

func newKey(t testing.TB) []byte {
	k := make([]byte, sealed.KeySize)
	rand.Read(k)
	return k
}

func newSealer(t testing.TB, current []byte, old ...[]byte) *sealed.Sealer {
	t.Helper()
	s, err := sealed.New(current, old...)
	must(t, err)
	return s
}

// reopen opens another store on the same database as opts, with sealer.
func reopen(t testing.TB, opts store.Options, sealer store.NoteSealer) *store.Store {
	t.Helper()
	opts.Sealer = sealer
	s, err := store.Open(context.Background(), opts)
	must(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// notedWorld records an interview with notes in every sealed column (its
// notes, a checklist note, indicator notes and so observation notes) and a
// signal with a note, on s.
func notedWorld(t *testing.T, s *store.Store) (*world, int64, int64) {
	t.Helper()
	ctx := context.Background()
	w := newWorld(t, s)
	id := w.submitted(t, models.ApplicationFirstIssuance, nil)
	iv := w.scheduled(t, id)
	_, err := s.Interviews.Record(ctx, w.interviewer, iv.ID, concernsRecord(w.now.Add(-time.Hour)))
	must(t, err)
	sig := models.Signal{WorkerID: w.worker.ID, Source: models.SignalNGO, SourceDetail: "NGO hotline", ReceivedOn: w.now,
		Indicators: []string{models.ILORestrictionOfMovement}}
	_, err = s.History.RecordSignal(ctx, w.interviewer, sig, secretSignal)
	must(t, err)
	return w, iv.ID, w.worker.ID
}

// readAllNotes opens every note of the world through the store's pages and
// fails unless each reads as written.
func readAllNotes(t *testing.T, s *store.Store, w *world, interviewID, workerID int64) {
	t.Helper()
	ctx := context.Background()
	v, err := s.Interviews.Get(ctx, w.interviewer, interviewID)
	must(t, err)
	got := map[string]bool{}
	add := func(n store.Note) {
		if n.Unreadable {
			t.Errorf("a note is unreadable")
		}
		if n.Text != "" {
			got[n.Text] = true
		}
	}
	add(v.Notes)
	for _, c := range v.Checklist {
		add(c.Note)
	}
	for _, i := range v.Indicators {
		add(i.Note)
	}
	h, err := s.History.Worker(ctx, w.interviewer, workerID, models.TimelineFilter{})
	must(t, err)
	observed := 0
	for _, e := range h.Entries {
		add(e.Note)
		if e.Note.Text != "" {
			observed++
		}
	}
	for _, sg := range h.Signals {
		add(sg.Note)
	}
	for _, want := range []string{secretNotes, secretChecklist, secretOvertime, secretIsolation, secretSignal} {
		if !got[want] {
			t.Errorf("note %q not read back", want)
		}
	}
	if observed < 2 {
		t.Errorf("%d observation notes read, want the overtime and isolation ones", observed)
	}
}

func keyCounts(t *testing.T, s *store.Store) map[string]int64 {
	t.Helper()
	counts, err := s.NoteKeyCounts(context.Background())
	must(t, err)
	out := map[string]int64{}
	for _, c := range counts {
		out[c.KeyID] += c.Count
	}
	return out
}

// TestResealNotes: notes sealed with key A; key B becomes current with A as
// an old key; a run interrupted after its first batch, then run again,
// leaves every note under B; without A everything still opens. A third run
// has nothing to do.
func TestResealNotes(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			opts := storetest.Options(t, engine)
			keyA, keyB := newKey(t), newKey(t)
			sA := newSealer(t, keyA)
			a := reopen(t, opts, sA)
			_, err := a.Migrate(ctx)
			must(t, err)
			w, ivID, workerID := notedWorld(t, a)
			before := keyCounts(t, a)
			total := before[sA.CurrentKeyID().String()]
			if len(before) != 1 || total < 6 {
				t.Fatalf("notes sealed with A: %v", before)
			}

			sB := newSealer(t, keyB, keyA)
			b := reopen(t, opts, sB)
			b.Now = a.Now
			runCtx, cancel := context.WithCancel(ctx)
			batches, first := 0, int64(0)
			_, err = b.ResealNotes(runCtx, models.System("cli"), store.ResealOptions{BatchSize: 2, Progress: func(p store.ResealProgress) {
				if !p.Done {
					batches++
					first = p.Resealed
					cancel()
				}
			}})
			cancel()
			if !errors.Is(err, context.Canceled) || batches != 1 || first == 0 {
				t.Fatalf("interrupted run: %v after %d batches (%d resealed)", err, batches, first)
			}
			half := keyCounts(t, b)
			if half[sB.CurrentKeyID().String()] != first || half[sA.CurrentKeyID().String()] != total-first {
				t.Fatalf("after one batch: %v, want %d under B", half, first)
			}

			var progress []store.ResealProgress
			rep, err := b.ResealNotes(ctx, models.System("cli"), store.ResealOptions{BatchSize: 2, Progress: func(p store.ResealProgress) {
				progress = append(progress, p)
			}})
			must(t, err)
			if rep.Resealed() != total-first || len(rep.Failures) != 0 {
				t.Errorf("second run resealed %d, want %d; failures %v", rep.Resealed(), total-first, rep.Failures)
			}
			if len(progress) == 0 || !progress[len(progress)-1].Done {
				t.Errorf("progress: %+v", progress)
			}
			if after := keyCounts(t, b); len(after) != 1 || after[sB.CurrentKeyID().String()] != total {
				t.Errorf("after the rotation: %v", after)
			}
			var audited int64
			must(t, b.DB().Table("audit_events").Where("action = ?", "notes.resealed").Count(&audited).Error)
			if audited == 0 {
				t.Error("no audit row for the re-seal")
			}
			assertNoSecrets(t, b)

			// Key A is dropped: everything opens with B alone.
			onlyB := reopen(t, opts, newSealer(t, keyB))
			onlyB.Now = a.Now
			readAllNotes(t, onlyB, w, ivID, workerID)
			again, err := onlyB.ResealNotes(ctx, models.System("cli"), store.ResealOptions{})
			must(t, err)
			if again.Resealed() != 0 {
				t.Errorf("a third run resealed %d notes", again.Resealed())
			}

			// A key that opens nothing: every note is reported, none lost.
			stranger := reopen(t, opts, newSealer(t, newKey(t)))
			rep, err = stranger.ResealNotes(ctx, models.System("cli"), store.ResealOptions{})
			if !errors.Is(err, store.ErrResealIncomplete) || int64(len(rep.Failures)) != total {
				t.Errorf("reseal without the old key: %v, %d failures, want %d", err, len(rep.Failures), total)
			}
			readAllNotes(t, onlyB, w, ivID, workerID)

			if _, err := b.ResealNotes(ctx, w.admin, store.ResealOptions{}); models.ErrorKind(err) != models.KindForbidden {
				t.Errorf("reseal by a web user: %v", err)
			}
		})
	}
}

// TestResealTriggersAllowOnlyAReseal: with the reseal triggers, the
// append-only tables and a recorded interview still refuse every change but
// one: the sealed column rewritten under another key id.
func TestResealTriggersAllowOnlyAReseal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, ivID, _ := notedWorld(t, s)
		sealerA := storetest.Sealer(t)
		other := newSealer(t, newKey(t))
		var raw []byte
		must(t, s.DB().Raw("SELECT notes FROM interviews WHERE id = ?", ivID).Row().Scan(&raw))
		aad := models.InterviewNoteAAD(ivID)
		sameKey, err := sealerA.Reseal(raw, aad)
		must(t, err)
		otherKey, err := other.Seal([]byte("x"), aad)
		must(t, err)
		var answerID int64
		must(t, s.DB().Raw("SELECT id FROM interview_checklist_answers WHERE interview_id = ? AND note IS NOT NULL", ivID).Row().Scan(&answerID))
		var obsID int64
		must(t, s.DB().Raw("SELECT id FROM indicator_observations WHERE note IS NOT NULL ORDER BY id LIMIT 1").Row().Scan(&obsID))
		var obsNote []byte
		must(t, s.DB().Raw("SELECT note FROM indicator_observations WHERE id = ?", obsID).Row().Scan(&obsNote))
		for _, c := range []struct {
			name  string
			query string
			args  []any
		}{
			{"interview field", "UPDATE interviews SET room = 'elsewhere' WHERE id = ?", []any{ivID}},
			{"interview notes erased", "UPDATE interviews SET notes = NULL WHERE id = ?", []any{ivID}},
			{"interview notes rewritten under the same key", "UPDATE interviews SET notes = ? WHERE id = ?", []any{sameKey, ivID}},
			{"interview notes not sealed", "UPDATE interviews SET notes = ? WHERE id = ?", []any{[]byte("plain text, not sealed, long enough to pass"), ivID}},
			{"interview notes and a field", "UPDATE interviews SET notes = ?, outcome = 'cleared' WHERE id = ?", []any{otherKey, ivID}},
			{"checklist answer", "UPDATE interview_checklist_answers SET answer = 'yes' WHERE id = ?", []any{answerID}},
			{"checklist note and answer", "UPDATE interview_checklist_answers SET note = ?, answer = 'yes' WHERE id = ?", []any{otherKey, answerID}},
			{"checklist delete", "DELETE FROM interview_checklist_answers WHERE id = ?", []any{answerID}},
			{"observation note erased", "UPDATE indicator_observations SET note = NULL WHERE id = ?", []any{obsID}},
			{"observation answer", "UPDATE indicator_observations SET answer = CASE WHEN answer = 'yes' THEN 'unclear' ELSE 'yes' END, note = ? WHERE id = ?", []any{otherKey, obsID}},
			{"observation delete", "DELETE FROM indicator_observations WHERE id = ?", []any{obsID}},
			{"signal note erased", "UPDATE signals SET note = NULL", nil},
			{"signal source", "UPDATE signals SET source_detail = 'x'", nil},
			{"indicator answer", "UPDATE interview_indicator_answers SET answer = 'no' WHERE note IS NOT NULL", nil},
			{"note appears", "UPDATE interview_indicator_answers SET note = ? WHERE note IS NULL OR length(note) = 0", []any{otherKey}},
		} {
			if err := s.DB().Exec(c.query, c.args...).Error; err == nil {
				t.Errorf("%s: the database accepted %s", c.name, c.query)
			}
		}
		// The one change allowed: a re-seal under another key id.
		for _, q := range []struct {
			query string
			args  []any
		}{
			{"UPDATE interviews SET notes = ? WHERE id = ?", []any{otherKey, ivID}},
			{"UPDATE indicator_observations SET note = ? WHERE id = ?", []any{otherKey, obsID}},
			{"UPDATE indicator_observations SET note = ? WHERE id = ?", []any{obsNote, obsID}}, // and back
		} {
			if err := s.DB().Exec(q.query, q.args...).Error; err != nil {
				t.Errorf("re-seal refused: %s: %v", q.query, err)
			}
		}
	})
}

// nonSealedBlobs are the binary columns that hold no note.
var nonSealedBlobs = []string{"document_contents.content", "contracts.pdf", "letters.pdf"}

// TestEverySealedColumnIsListed: every binary column of the schema is either
// one the key rotation re-seals or a known non-note; a new sealed column
// must be added to the rotation.
func TestEverySealedColumnIsListed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var blobs []string
		if storetest.IsPostgres(s) {
			must(t, s.DB().Raw(`SELECT table_name || '.' || column_name FROM information_schema.columns
				WHERE table_schema = current_schema() AND data_type = 'bytea' ORDER BY 1`).Scan(&blobs).Error)
		} else {
			must(t, s.DB().Raw(`SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
				WHERE m.type = 'table' AND lower(p.type) = 'blob'
				AND m.name NOT LIKE '%\_fts\_%' ESCAPE '\' ORDER BY 1`).Scan(&blobs).Error) // FTS5's own tables (00018) hold search indexes
		}
		want := append(store.SealedColumns(), nonSealedBlobs...)
		slices.Sort(want)
		if !slices.Equal(blobs, want) {
			t.Errorf("binary columns %v\nwant (sealed + known non-notes) %v", blobs, want)
		}
	})
}

// TestResealTriggersListEveryColumn: SQLite cannot compare whole rows, so
// its reseal triggers list every column (the sealed ones as "unchanged, or
// re-sealed"); a column added later must be added to them.
func TestResealTriggersListEveryColumn(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	triggers := map[string]string{"interviews": "interviews_recorded_no_update"}
	for _, c := range store.SealedColumns() {
		table := strings.Split(c, ".")[0]
		if _, ok := triggers[table]; !ok {
			triggers[table] = table + "_no_update"
		}
	}
	for _, c := range store.SealedTextColumns() {
		table := strings.Split(c, ".")[0]
		if _, ok := triggers[table]; !ok {
			triggers[table] = table + "_no_update"
		}
	}
	sealedCols := append(store.SealedColumns(), store.SealedTextColumns()...)
	for table, trigger := range triggers {
		var sql string
		must(t, s.DB().Raw("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", trigger).Row().Scan(&sql))
		var cols []string
		must(t, s.DB().Raw("SELECT name FROM pragma_table_info(?)", table).Scan(&cols).Error)
		for _, col := range cols {
			if !slices.Contains(sealedCols, table+"."+col) && !strings.Contains(sql, "NEW."+col+" IS OLD."+col) {
				t.Errorf("trigger %s does not compare %s.%s", trigger, table, col)
			}
		}
	}
}
