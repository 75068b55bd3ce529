package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

var operator = models.System("cli")

// acked are the writes whose call returned without error.
type acked struct {
	mu      sync.Mutex
	cards   []int64 // sequences
	workers []int64 // ids
}

func (a *acked) snapshot() ([]int64, []int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.cards), slices.Clone(a.workers)
}

// underLoad issues the cards of apps and registers workers in parallel
// while backup runs: backup starts once a third of the cards are issued
// (and a few workers registered). It
// returns the writes acknowledged before backup started and all of them.
func underLoad(t *testing.T, w *world, apps []int64, backup func()) (before, all *acked) {
	t.Helper()
	ctx := context.Background()
	all = &acked{}
	stop, backedUp := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // the clerk issuing cards
		defer wg.Done()
		for i, id := range apps {
			if i == 2*len(apps)/3 {
				<-backedUp // the last third surely after the backup
			}
			c, err := w.s.Cards.Issue(ctx, w.clerk, id)
			if err != nil {
				t.Errorf("issue card under load: %v", err)
				return
			}
			all.mu.Lock()
			all.cards = append(all.cards, c.Sequence)
			all.mu.Unlock()
		}
	}()
	go func() { // a second clerk registering workers until told to stop
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			wk := newWorker("Load", fmt.Sprintf("Worker %05d", i), fmt.Sprintf("L%07d", i))
			if err := w.s.Workers.Create(ctx, w.clerk2, &wk); err != nil {
				t.Errorf("register worker under load: %v", err)
				return
			}
			all.mu.Lock()
			all.workers = append(all.workers, wk.ID)
			all.mu.Unlock()
		}
	}()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		c, wk := all.snapshot()
		if (len(c) >= len(apps)/3 && len(wk) >= 5) || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cards, workers := all.snapshot()
	before = &acked{cards: cards, workers: workers}
	backup()
	close(backedUp)
	// Let the writers go on past the backup, then stop them.
	for {
		c, _ := all.snapshot()
		if len(c) == len(apps) || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if len(before.cards) == 0 || len(before.workers) == 0 {
		t.Fatalf("no write acknowledged before the backup: %d cards, %d workers", len(before.cards), len(before.workers))
	}
	if len(all.cards) != len(apps) {
		t.Fatalf("%d of %d cards issued", len(all.cards), len(apps))
	}
	return before, all
}

// assertRestored checks that s holds every write of before and is intact.
func assertRestored(t *testing.T, s *store.Store, before *acked) {
	t.Helper()
	if !storetest.IsPostgres(s) {
		var check []string
		must(t, s.DB().Raw("PRAGMA integrity_check").Scan(&check).Error)
		if !slices.Equal(check, []string{"ok"}) {
			t.Fatalf("integrity check of the restored copy: %v", check)
		}
	}
	var cards, workers []int64
	must(t, s.DB().Raw("SELECT sequence FROM cards").Scan(&cards).Error)
	must(t, s.DB().Raw("SELECT id FROM workers").Scan(&workers).Error)
	for _, seq := range before.cards {
		if !slices.Contains(cards, seq) {
			t.Errorf("card %d, issued before the backup, is not in the restored copy", seq)
		}
	}
	for _, id := range before.workers {
		if !slices.Contains(workers, id) {
			t.Errorf("worker %d, registered before the backup, is not in the restored copy", id)
		}
	}
}

// assertNextCardIsNew issues app on s and checks its number is past every
// number issued before.
func assertNextCardIsNew(t *testing.T, w *world, s *store.Store, app int64, issued []int64) {
	t.Helper()
	w.s = s
	s.Now = func() time.Time { return w.now }
	c, err := s.Cards.Issue(context.Background(), w.clerk, app)
	must(t, err)
	if highest := slices.Max(issued); c.Sequence <= highest {
		t.Errorf("card %s (sequence %d) after the restore; %d was already issued", c.Number, c.Sequence, highest)
	}
}

// TestBackupAndRestoreUnderLoad (embedded database): a backup taken while
// cards are issued and workers registered holds every write acknowledged
// before it began and passes the integrity check; a restore is refused
// while a store holds the database; after the restore the next card number
// is past every number issued, those issued after the backup included
// (known from the database replaced, or given as a floor).
func TestBackupAndRestoreUnderLoad(t *testing.T) {
	ctx := context.Background()
	opts := storetest.Options(t, store.SQLite)
	live := reopen(t, opts, storetest.Sealer(t))
	_, err := live.Migrate(ctx)
	must(t, err)
	w := newWorld(t, live)
	apps := prepareCards(t, w, 33)
	apps, spare := apps[:30], apps[30:]

	backupPath := filepath.Join(t.TempDir(), "carddesk-backup.db")
	var rep *store.BackupReport
	before, all := underLoad(t, w, apps, func() {
		var err error
		rep, err = live.Backup(ctx, backupPath)
		must(t, err)
	})
	if rep.Rows["cards"] < int64(len(before.cards)) || rep.Rows["cards"] >= int64(len(all.cards)) || rep.Bytes == 0 || len(rep.SHA256) != 64 {
		t.Errorf("backup report: %+v", rep)
	}
	if info, err := os.Stat(backupPath); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v %v", info, err)
	}
	if _, err := os.Stat(backupPath + ".partial"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("partial file left behind: %v", err)
	}
	if _, err := live.Backup(ctx, backupPath); err == nil {
		t.Error("a backup overwrote an existing file")
	}

	// Refused while the server (here: the live store) holds the database.
	if _, err := store.Restore(ctx, store.RestoreOptions{From: backupPath, DataDir: opts.DataDir, Actor: operator}); !errors.Is(err, store.ErrDatabaseInUse) {
		t.Fatalf("restore under a running store: %v", err)
	}
	live.Close()

	// 1. Over the data directory: the replaced database's numbers count.
	res, err := store.Restore(ctx, store.RestoreOptions{From: backupPath, DataDir: opts.DataDir, Actor: operator})
	must(t, err)
	if res.ReplacedCards != slices.Max(all.cards) || res.Restored.Cards.After < slices.Max(all.cards) || len(res.KeptAside) == 0 {
		t.Errorf("restore report: %+v", res)
	}
	for _, f := range res.KeptAside {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("replaced database not kept aside: %v", err)
		}
	}
	restored := reopen(t, opts, storetest.Sealer(t))
	if _, err := store.Restore(ctx, store.RestoreOptions{From: backupPath, DataDir: opts.DataDir, Actor: operator}); !errors.Is(err, store.ErrDatabaseInUse) {
		t.Errorf("second restore under an open store: %v", err)
	}
	assertRestored(t, restored, before)
	_, err = restored.Migrate(ctx)
	must(t, err)
	assertNextCardIsNew(t, w, restored, spare[0], all.cards)

	// 2. Into an empty directory: only the backup's own numbers are known,
	// so a floor from the card register is needed for those issued after.
	fresh := opts
	fresh.DataDir = t.TempDir()
	res, err = store.Restore(ctx, store.RestoreOptions{From: backupPath, DataDir: fresh.DataDir, Actor: operator})
	must(t, err)
	if res.Restored.Cards.After < slices.Max(before.cards) || res.Restored.Cards.After >= slices.Max(all.cards) ||
		res.ReplacedCards != 0 || len(res.KeptAside) != 0 {
		t.Errorf("restore into an empty directory: %+v", res)
	}
	floor := slices.Max(all.cards)
	res, err = store.Restore(ctx, store.RestoreOptions{From: backupPath, DataDir: fresh.DataDir, CardFloor: floor, Actor: operator})
	must(t, err)
	if res.Restored.Cards.After != floor {
		t.Errorf("restore with floor %d: sequence at %d", floor, res.Restored.Cards.After)
	}
	second := reopen(t, fresh, storetest.Sealer(t))
	assertRestored(t, second, before)
	assertNextCardIsNew(t, w, second, spare[1], all.cards)
	var audited int64
	must(t, second.DB().Table("audit_events").Where("action IN ?", []string{"database.restored", "card.sequence_advanced"}).Count(&audited).Error)
	if audited != 2 {
		t.Errorf("%d audit rows for the restore and the advance, want 2", audited)
	}

	// Not a backup: refused, the database untouched.
	junk := filepath.Join(t.TempDir(), "junk.db")
	must(t, os.WriteFile(junk, []byte("not a database at all, just some bytes"), 0o600))
	second.Close()
	if _, err := store.Restore(ctx, store.RestoreOptions{From: junk, DataDir: fresh.DataDir, Actor: operator}); err == nil {
		t.Error("restored a file that is no database")
	}
	again := reopen(t, fresh, storetest.Sealer(t))
	assertRestored(t, again, before)
}

// TestAdvanceCardSequence: the sequence moves past the cards, the audit
// trail and the floor, never back; only an operator may move it.
func TestAdvanceCardSequence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		apps := prepareCards(t, w, 2)
		c, err := s.Cards.Issue(ctx, w.clerk, apps[0])
		must(t, err)
		r, err := s.AdvanceCardSequence(ctx, operator, 0)
		must(t, err)
		if r.Drawn != c.Sequence || r.HighestCard != c.Sequence || r.HighestAudited != c.Sequence || r.Advanced() {
			t.Errorf("nothing to advance: %+v", r)
		}
		// A card known only to the audit trail (say, its row came from an
		// older copy): the sequence moves past it.
		audited, err := models.FormatCardNumber(c.Sequence + 40)
		must(t, err)
		must(t, s.Audit.Record(ctx, system, "card.issued", "card", "999", "card "+audited+" issued for application 999"))
		must(t, s.Audit.Record(ctx, system, "note", "card", "998", "card S00000009999 issued (bad check digits)"))
		if r, err = s.AdvanceCardSequence(ctx, operator, 0); err != nil || r.After != c.Sequence+40 || r.HighestAudited != c.Sequence+40 {
			t.Errorf("past the audit trail: %+v %v", r, err)
		}
		if r, err = s.AdvanceCardSequence(ctx, operator, 100); err != nil || r.After != 100 {
			t.Errorf("past the floor: %+v %v", r, err)
		}
		if r, err = s.AdvanceCardSequence(ctx, operator, 50); err != nil || r.After != 100 || r.Advanced() {
			t.Errorf("a lower floor moved the sequence: %+v %v", r, err)
		}
		if _, err := s.AdvanceCardSequence(ctx, operator, models.MaxCardSequence); !errors.Is(err, store.ErrInvalidCardFloor) {
			t.Errorf("floor out of range: %v", err)
		}
		if _, err := s.AdvanceCardSequence(ctx, w.admin, 200); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("a web user moved the sequence: %v", err)
		}
		next, err := s.Cards.Issue(ctx, w.clerk, apps[1])
		must(t, err)
		if next.Sequence != 101 {
			t.Errorf("next card %s has sequence %d, want 101", next.Number, next.Sequence)
		}
	})
}

// TestPostgresDumpRestoreUnderLoad: the README's PostgreSQL procedure.
// pg_dump -Fc taken while cards are issued holds every write acknowledged
// before it began; after pg_restore into an empty database and
// AdvanceCardSequence with the floor, the next card number is new.
func TestPostgresDumpRestoreUnderLoad(t *testing.T) {
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("CI=true but %s is not installed (apt-get install postgresql-client)", tool)
			}
			t.Skipf("PostgreSQL backup test skipped: %s is not installed (apt-get install postgresql-client)", tool)
		}
	}
	ctx := context.Background()
	opts := storetest.Options(t, store.Postgres)
	live := reopen(t, opts, storetest.Sealer(t))
	_, err := live.Migrate(ctx)
	must(t, err)
	w := newWorld(t, live)
	apps := prepareCards(t, w, 14)
	apps, spare := apps[:12], apps[12:]
	dump := filepath.Join(t.TempDir(), "carddesk.dump")
	before, all := underLoad(t, w, apps, func() {
		out, err := exec.Command("pg_dump", "-Fc", "--no-owner", "-f", dump, "-d", opts.DatabaseURL).CombinedOutput()
		if err != nil {
			t.Fatalf("pg_dump: %v\n%s", err, out)
		}
	})
	target := storetest.NewPostgresDatabase(t)
	if out, err := exec.Command("pg_restore", "--no-owner", "--exit-on-error", "-d", target, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	restoredOpts := opts
	restoredOpts.DatabaseURL = target
	restored := reopen(t, restoredOpts, storetest.Sealer(t))
	assertRestored(t, restored, before)
	if err := restored.Ready(ctx); err != nil {
		t.Errorf("restored database not ready: %v", err)
	}
	r, err := restored.AdvanceCardSequence(ctx, operator, slices.Max(all.cards))
	must(t, err)
	if r.Drawn < slices.Max(before.cards) || r.After != slices.Max(all.cards) {
		t.Errorf("advance after pg_restore: %+v", r)
	}
	assertNextCardIsNew(t, w, restored, spare[0], all.cards)
}

// BenchmarkBackup measures Backup of an embedded database holding n audit
// rows (plus the schema and the seed scale).
// Run: go test ./app/store -run '^$' -bench Backup -benchtime 5x
func BenchmarkBackup(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			s := storetest.Open(b, store.SQLite)
			must(b, s.DB().Exec(`WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < ?)
				INSERT INTO audit_events (at, action, record_type, record_id, via, summary)
				SELECT datetime('now'), 'bench.row', 'worker', n, 'system', 'benchmark row ' || n || ' of the backup measurement' FROM i`, n).Error)
			dir := b.TempDir()
			var size int64
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				rep, err := s.Backup(context.Background(), filepath.Join(dir, fmt.Sprintf("b%d.db", i)))
				must(b, err)
				size = rep.Bytes
			}
			b.ReportMetric(float64(size)/1e6, "MB")
		})
	}
}
