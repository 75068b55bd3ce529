package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	_ "github.com/glebarez/go-sqlite" // a second, raw connection to the embedded file
	"gorm.io/gorm"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// openEmbedded opens and migrates an embedded store in a fresh directory and
// returns it with its database file.
func openEmbedded(t *testing.T) (*store.Store, string) {
	t.Helper()
	opts := storetest.Options(t, store.SQLite)
	s, err := store.Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s, filepath.Join(opts.DataDir, "carddesk.db")
}

// TestEmbeddedTransactionsAreImmediate: a store transaction holds the write
// lock from its first statement, a read, so another writer cannot slip in
// between its read and its write.
func TestEmbeddedTransactionsAreImmediate(t *testing.T) {
	s, path := openEmbedded(t)
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	// tryWrite takes the write lock on a raw connection, without waiting.
	tryWrite := func() error {
		conn, err := other.Conn(context.Background())
		if err != nil {
			return err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
			return err
		}
		_, err = conn.ExecContext(context.Background(), "ROLLBACK")
		return err
	}
	err = s.DB().Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Table("users").Count(&n).Error; err != nil {
			return err
		}
		if err := tryWrite(); err == nil || !strings.Contains(err.Error(), "database is locked") {
			t.Errorf("another writer began while a store transaction had only read: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := tryWrite(); err != nil {
		t.Errorf("after the store transaction, another writer is still refused: %v", err)
	}
}

// TestEmbeddedConcurrentReadThenWrite: eight clients doing read-then-write
// transactions through the store at once all succeed ("database is locked"
// was the 500 of issue 10), and the audit chain they extend is intact.
func TestEmbeddedConcurrentReadThenWrite(t *testing.T) {
	s, _ := openEmbedded(t)
	w := newWorld(t, s)
	ctx := context.Background()
	const clients, each = 8, 6
	var wg sync.WaitGroup
	errs := make(chan error, clients*each)
	for range clients {
		wg.Go(func() {
			for range each {
				// reads the employment, writes the application and its audit row
				if _, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, w.employment.ID, nil); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	locked, failed := 0, 0
	for err := range errs {
		failed++
		if strings.Contains(err.Error(), "database is locked") {
			locked++
		}
		t.Log(err)
	}
	if failed > 0 {
		t.Errorf("%d of %d transactions failed, %d with \"database is locked\"", failed, clients*each, locked)
	}
	var n int64
	s.DB().Table("applications").Count(&n)
	if n != clients*each {
		t.Errorf("%d applications, want %d", n, clients*each)
	}
	rep, err := s.Audit.VerifyChain(ctx, system)
	if err != nil || rep.Broken != nil {
		t.Errorf("audit chain after concurrent writers: %+v %v", rep.Broken, err)
	}
}

// TestEmbeddedTimeFormat: times are stored as UTC text in SQLite's format 7
// (what _time_format=sqlite selected, and the driver's default), so they
// sort chronologically; dropping the option from the DSN changed nothing.
func TestEmbeddedTimeFormat(t *testing.T) {
	s, _ := openEmbedded(t)
	ctx := context.Background()
	if err := s.Audit.Record(ctx, system, "test.event", "thing", "1", "created"); err != nil {
		t.Fatal(err)
	}
	var at, kind string
	if err := s.DB().Raw("SELECT at || '', typeof(at) FROM audit_events ORDER BY id DESC LIMIT 1").Row().Scan(&at, &kind); err != nil {
		t.Fatal(err)
	}
	if want := regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,9})?\+00:00$`); kind != "text" || !want.MatchString(at) {
		t.Errorf("stored time %q (%s), want %s", at, kind, want)
	}
}

// TestEmbeddedFileIsPrivate: the database file and its WAL are readable by
// their owner only, whether Carddesk creates the file or finds it.
func TestEmbeddedFileIsPrivate(t *testing.T) {
	s, path := openEmbedded(t)
	if err := s.Audit.Record(context.Background(), system, "test.event", "thing", "1", "created"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s has mode %o, want 600", filepath.Base(p), perm)
		}
	}

	dir := t.TempDir()
	loose := filepath.Join(dir, "carddesk.db")
	if err := os.WriteFile(loose, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(loose, 0o644); err != nil { // whatever the umask
		t.Fatal(err)
	}
	s2, err := store.Open(context.Background(), store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	if fi, _ := os.Stat(loose); fi.Mode().Perm() != 0o600 {
		t.Errorf("an existing database file keeps mode %o, want 600", fi.Mode().Perm())
	}
}
