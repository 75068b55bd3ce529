package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// nameWordsDrift counts the rows by which the name search's word tables
// (migration 00037 on PostgreSQL, 00038 on SQLite) differ from what the workers' names give:
// word rows missing or extra, and words missing from or left in name_words.
func nameWordsDrift(t *testing.T, s *store.Store) int64 {
	t.Helper()
	var n int64
	given := `SELECT DISTINCT w AS word, family_name, given_names, id AS worker_id
			FROM workers, unnest(string_to_array(search_name, ' ')) w WHERE w <> ''`
	if s.Engine() == store.SQLite {
		given = `SELECT DISTINCT j.value AS word, w.family_name, w.given_names, w.id AS worker_id
			FROM workers w, json_each('[' || replace(json_quote(w.search_name), ' ', '","') || ']') j WHERE j.value <> ''`
	}
	err := s.DB().Raw(`WITH given AS (` + given + `)
		SELECT (SELECT count(*) FROM (SELECT * FROM given EXCEPT SELECT word, family_name, given_names, worker_id FROM worker_name_words) a)
			+ (SELECT count(*) FROM (SELECT word, family_name, given_names, worker_id FROM worker_name_words EXCEPT SELECT * FROM given) b)
			+ (SELECT count(*) FROM (SELECT word FROM given EXCEPT SELECT word FROM name_words) c)
			+ (SELECT count(*) FROM (SELECT word FROM name_words EXCEPT SELECT word FROM given) d)`).Scan(&n).Error
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestNameWordsFollowTheWorkers: whatever writes a worker's name (the
// store's registration and correction, a statement typed into the
// database), the word tables the search reads agree
// with the names, and a statement that would make them disagree is refused.
func TestNameWordsFollowTheWorkers(t *testing.T) {
	storetest.Each(t, testNameWordsFollowTheWorkers)
}

func testNameWordsFollowTheWorkers(t *testing.T, s *store.Store) {
	ctx := context.Background()
	w := newWorld(t, s)
	other := newWorker("Garcia Lopez", "Maria", "P5550001")
	must(t, s.Workers.Create(ctx, w.clerk, &other))
	third := newWorker("Garcia", "Ana Maria", "P5550002")
	must(t, s.Workers.Create(ctx, w.clerk, &third))
	if d := nameWordsDrift(t, s); d != 0 {
		t.Fatalf("after registration: %d rows differ", d)
	}
	search := func(q string) int64 {
		t.Helper()
		_, total, err := s.Workers.Search(ctx, w.clerk, q, store.Page{})
		must(t, err)
		return total
	}
	if n := search("garci"); n != 2 {
		t.Fatalf(`"garci" finds %d workers, want 2`, n)
	}

	// A correction through the store: "Lopez" leaves, "Lopes" arrives.
	next := other
	next.FamilyName = "Garcia Lopes"
	_, err := s.Records.UpdateWorker(ctx, w.clerk, other.ID, next, models.ChangeRequest{Kind: models.ChangeCorrection, Reason: "spelling on the passport"})
	must(t, err)
	if d := nameWordsDrift(t, s); d != 0 {
		t.Fatalf("after a correction: %d rows differ", d)
	}
	if search("lopez") != 0 || search("lopes") != 1 {
		t.Errorf("after the correction: lopez %d, lopes %d, want 0 and 1", search("lopez"), search("lopes"))
	}
	var lopez int64
	must(t, s.DB().Raw("SELECT count(*) FROM name_words WHERE word = 'lopez'").Scan(&lopez).Error)
	if lopez != 0 {
		t.Error("a word nobody has any more stayed in name_words")
	}

	// Typed into the database, with the version the records' triggers ask
	// for: a name rewritten, and a worker inserted.
	tx := s.DB().Begin()
	must(t, tx.Exec(`INSERT INTO record_versions (entity, entity_id, version, kind, action, reason, changes, changed_at)
		SELECT 'worker', id, record_version + 1, 'correction', 'edit', 'typed by the database owner', '["family_name"]', ?
		FROM workers WHERE id = ?`, w.now, third.ID).Error)
	must(t, tx.Exec("UPDATE workers SET family_name = 'Okafor', search_name = 'okafor ana maria', record_version = record_version + 1 WHERE id = ?", third.ID).Error)
	must(t, tx.Commit().Error)
	if d := nameWordsDrift(t, s); d != 0 || search("okafor") != 1 || search("garcia") != 1 {
		t.Errorf("after an UPDATE typed into the database: %d rows differ, okafor %d, garcia %d", d, search("okafor"), search("garcia"))
	}
	must(t, s.DB().Exec(`INSERT INTO workers (family_name, given_names, search_name, date_of_birth, sex, nationality, passport_number,
		passport_expires_on, residence_status, passport_key, name_birth_key, created_at, updated_at)
		SELECT 'Zyx', 'Qwv', 'zyx qwv', date_of_birth, sex, nationality, 'P5550999', passport_expires_on, residence_status,
		'typed passport key', 'typed name key', created_at, updated_at FROM workers WHERE id = ?`, third.ID).Error)
	if d := nameWordsDrift(t, s); d != 0 || search("zyx") != 1 {
		t.Errorf("after an INSERT typed into the database: %d rows differ, zyx %d", d, search("zyx"))
	}

	// Statements that would make the tables disagree with the names.
	for name, stmt := range map[string]string{
		"a word the name lacks":     fmt.Sprintf("INSERT INTO worker_name_words VALUES ('okafor', 'Garcia Lopes', 'Maria', %d)", other.ID),
		"a word row rewritten":      fmt.Sprintf("UPDATE worker_name_words SET word = 'lopez' WHERE worker_id = %d AND word = 'lopes'", other.ID),
		"a current word row erased": fmt.Sprintf("DELETE FROM worker_name_words WHERE worker_id = %d", other.ID),
		"a word still in use":       "DELETE FROM name_words WHERE word = 'garcia'",
	} {
		if err := s.DB().Exec(stmt).Error; err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if d := nameWordsDrift(t, s); d != 0 {
		t.Errorf("after the refused statements: %d rows differ", d)
	}

	// A word left with no worker (two drops of one word at the same moment
	// leave it) goes with the housekeeping job.
	must(t, s.DB().Exec("INSERT INTO name_words (word) VALUES ('stray')").Error)
	if _, err := s.Retention.Anonymise(ctx, models.System("housekeeping")); err != nil {
		t.Fatal(err)
	}
	if d := nameWordsDrift(t, s); d != 0 {
		t.Errorf("after the housekeeping job: %d rows differ", d)
	}
}

// TestNameWordsUnderConcurrency: workers registered and renamed at the same
// moment, sharing words (one word given to a new worker while the last
// worker who had it loses it), leave the word tables agreeing with the
// names, and each worker found by each of its words.
func TestNameWordsUnderConcurrency(t *testing.T) {
	s := storetest.Open(t, store.Postgres)
	ctx := context.Background()
	w := newWorld(t, s)
	const n = 12
	renamed := make([]models.Worker, n)
	for i := range renamed {
		renamed[i] = newWorker(fmt.Sprintf("Shared%c", 'a'+i), "Common", fmt.Sprintf("P66600%02d", i))
		must(t, s.Workers.Create(ctx, w.clerk, &renamed[i]))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for i := range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			// Takes the word the rename below drops.
			nw := newWorker(fmt.Sprintf("Shared%c", 'a'+i), "Newcomer", fmt.Sprintf("P77700%02d", i))
			errs <- s.Workers.Create(ctx, w.clerk, &nw)
		}()
		go func() {
			defer wg.Done()
			next := renamed[i]
			next.FamilyName = fmt.Sprintf("Moved%c", 'a'+i)
			_, err := s.Records.UpdateWorker(ctx, w.clerk, renamed[i].ID, next, models.ChangeRequest{Kind: models.ChangeCorrection, Reason: "name on the new passport"})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if d := nameWordsDrift(t, s); d != 0 {
		t.Fatalf("%d rows differ after concurrent changes", d)
	}
	for i := range n {
		for word, want := range map[string]int64{fmt.Sprintf("shared%c", 'a'+i): 1, fmt.Sprintf("moved%c", 'a'+i): 1} {
			if _, total, err := s.Workers.Search(ctx, w.clerk, word, store.Page{}); err != nil || total != want {
				t.Errorf("%q: %d workers (%v), want %d", word, total, err, want)
			}
		}
	}
}
