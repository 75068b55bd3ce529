package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/carddesk/carddesk/models"
)

// Backups and restores of the embedded database. PostgreSQL is backed up with
// its own tools (pg_dump -Fc, pg_restore; see the README), after which
// AdvanceCardSequence is run like after a restore here.
//
// A copy of carddesk.db taken with cp while the server runs misses what is
// still in the write-ahead log, or tears pages mid-write. Backup instead asks
// SQLite for a consistent snapshot (VACUUM INTO, one read transaction, so
// writers carry on meanwhile), makes it durable, checks it and only then
// gives it its name. Restore refuses while any Carddesk process holds the
// database, and advances the card sequence so that no number is issued twice.
// The notes key is never in a backup: it lives outside the database.

// SQLiteFile is the embedded database's file name in the data directory.
const SQLiteFile = "carddesk.db"

// lockFileName is the advisory lock every process using the embedded
// database holds shared (Open) and a restore holds exclusive.
const lockFileName = "carddesk.db.lock"

// ErrDatabaseInUse means another Carddesk process holds the embedded
// database (a server or another command), or a restore is in progress.
var ErrDatabaseInUse = errors.New("the embedded database is in use by another Carddesk process")

// lockDataDir takes the data directory's lock, shared by every process that
// opens the database, exclusive for a restore.
func lockDataDir(dir string, exclusive bool) (func() error, error) {
	unlock, err := lockFile(filepath.Join(dir, lockFileName), exclusive)
	if errors.Is(err, ErrDatabaseInUse) {
		if exclusive {
			return nil, fmt.Errorf("%w in %s: stop `carddesk serve` and every other carddesk command using it, then restore", err, dir)
		}
		return nil, fmt.Errorf("%w in %s: a restore is in progress; start again when it has finished", err, dir)
	}
	return unlock, err
}

// openSQLiteFile opens the SQLite database at path as a Store without the
// data directory's lock (the caller holds it, or the file is a copy nobody
// else knows of). With asIs the journal mode is left as the file has it, to
// inspect a backup without rewriting its header.
func openSQLiteFile(ctx context.Context, path string, asIs bool) (*Store, error) {
	dsn := embeddedDSN(path)
	if asIs {
		dsn = "file:" + path + "?_pragma=busy_timeout(10000)"
	}
	db, err := gorm.Open(&sqlite.Dialector{DriverName: EmbeddedDriver, DSN: dsn}, &gorm.Config{
		Logger: logger.Discard, SkipDefaultTransaction: true, TranslateError: true,
		NowFunc: func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	opts := Options{DataDir: filepath.Dir(path)}
	opts.defaults()
	return newStore(&core{db: db, sqlDB: sqlDB, engine: SQLite, opts: opts, Now: func() time.Time { return time.Now().UTC() }}), nil
}

// DatabaseSummary describes a database file: what a backup holds, what a
// restore brought back.
type DatabaseSummary struct {
	SchemaVersion int64
	// Rows counts a few tables, so an operator can see the copy is the
	// database they expect.
	Rows map[string]int64
	// Cards is the card sequence's position and the largest numbers known.
	Cards CardSequenceReport
	// NoteKeys counts the sealed notes by the id of the key that opens them:
	// those keys are needed to read the copy, and are not in it.
	NoteKeys []NoteKeyCount
}

// summaryTables are the tables DatabaseSummary counts.
var summaryTables = []string{"users", "workers", "applications", "interviews", "cards", "audit_events"}

// checkAndSummarize runs SQLite's integrity check on s and summarises it.
func (s *Store) checkAndSummarize(ctx context.Context) (*DatabaseSummary, error) {
	db := s.db.WithContext(ctx)
	var problems []string
	if err := db.Raw("PRAGMA integrity_check").Scan(&problems).Error; err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		if len(problems) > 5 {
			problems = append(problems[:5], "...")
		}
		return nil, fmt.Errorf("integrity check failed: %s", strings.Join(problems, "; "))
	}
	return s.summarize(ctx)
}

func (s *Store) summarize(ctx context.Context) (*DatabaseSummary, error) {
	sum := &DatabaseSummary{Rows: map[string]int64{}}
	var err error
	if sum.SchemaVersion, err = s.SchemaVersion(ctx); err != nil {
		return nil, fmt.Errorf("not a Carddesk database? %w", err)
	}
	db := s.db.WithContext(ctx)
	for _, t := range summaryTables {
		var n int64
		if err := db.Table(t).Count(&n).Error; err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		sum.Rows[t] = n
	}
	if sum.Cards, err = s.CardSequence(ctx); err != nil {
		return nil, err
	}
	if sum.NoteKeys, err = s.NoteKeyCounts(ctx); err != nil {
		return nil, err
	}
	return sum, nil
}

// BackupReport describes a backup just written.
type BackupReport struct {
	Path     string
	Bytes    int64
	SHA256   string
	Duration time.Duration
	DatabaseSummary
}

// Backup writes a consistent copy of the embedded database to path while
// the server keeps running. The copy is one SQLite snapshot: every
// transaction committed before Backup began is in it, none half. It is
// written beside path, synced, checked (PRAGMA integrity_check) and renamed
// to path only then, so a file at path is always a whole backup; an existing
// file is never overwritten. The copy is readable by its owner only. It holds
// no notes key.
func (s *Store) Backup(ctx context.Context, path string) (*BackupReport, error) {
	if s.engine != SQLite {
		return nil, errors.New("backup: the PostgreSQL database is backed up with pg_dump -Fc (see the README), not by carddesk")
	}
	start := time.Now()
	path, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Lstat(path); err == nil {
		return nil, fmt.Errorf("backup: %s exists; choose a new file name", path)
	}
	partial := path + ".partial"
	if err := os.Remove(partial); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("backup: remove stale %s: %w", partial, err)
	}
	defer os.Remove(partial) // gone once renamed; removes a failed attempt
	// VACUUM INTO reads the database in one transaction and writes a
	// compacted copy; in WAL mode writers are not blocked meanwhile.
	if err := s.db.WithContext(ctx).Exec("VACUUM INTO ?", partial).Error; err != nil {
		return nil, fmt.Errorf("backup: copy the database: %w", err)
	}
	// SQLite does not sync the file VACUUM INTO writes.
	if err := syncFile(partial); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if err := os.Chmod(partial, 0o600); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	copyStore, err := openSQLiteFile(ctx, partial, true)
	if err != nil {
		return nil, fmt.Errorf("backup: check the copy: %w", err)
	}
	sum, err := copyStore.checkAndSummarize(ctx)
	copyStore.Close()
	if err != nil {
		return nil, fmt.Errorf("backup: check the copy: %w", err)
	}
	digest, size, err := hashFile(partial)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(partial, path); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return &BackupReport{Path: path, Bytes: size, SHA256: digest, Duration: time.Since(start), DatabaseSummary: *sum}, nil
}

// RestoreOptions say what to restore where.
type RestoreOptions struct {
	// From is a backup written by Backup.
	From string
	// DataDir is the embedded database's directory (CARDDESK_DATA_DIR).
	DataDir string
	// CardFloor is the last card sequence issued according to a record
	// kept outside the database (0: none); the card sequence is advanced
	// past it.
	CardFloor int64
	// Actor is who restores, for the audit trail (the command line).
	Actor models.Actor
}

// RestoreReport describes a restore.
type RestoreReport struct {
	From string
	// Restored is what the restored database holds, after the card
	// sequence was advanced (Restored.Cards says from where to where).
	Restored DatabaseSummary
	// ReplacedCards is the largest card sequence the replaced database
	// knew of (it counts as a floor); ReplacedUnreadable says why it could
	// not be read, if so.
	ReplacedCards      int64
	ReplacedUnreadable string
	// KeptAside lists the files of the replaced database, renamed, never
	// deleted: remove them once the restore is confirmed (they hold
	// personal data).
	KeptAside []string
}

// Restore replaces the embedded database in DataDir with the backup From.
// It refuses while any Carddesk process holds the database (every Open
// holds the data directory's lock), checks the backup (integrity, a schema
// this binary knows), advances the card sequence of the restored copy past
// every card number it knows, past the replaced database's and past
// CardFloor, and only then swaps it in; the replaced files are kept aside.
// Migrations still to apply run at the next start, as always.
func Restore(ctx context.Context, o RestoreOptions) (*RestoreReport, error) {
	if o.DataDir == "" {
		o.DataDir = "data"
	}
	from, err := filepath.Abs(o.From)
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("restore: create data directory: %w", err)
	}
	dbPath, err := filepath.Abs(filepath.Join(o.DataDir, SQLiteFile))
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	if from == dbPath {
		return nil, errors.New("restore: --from names the database itself; restore from a backup file")
	}
	if _, err := os.Stat(from); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	unlock, err := lockDataDir(o.DataDir, true)
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	defer unlock()

	rep := &RestoreReport{From: from}
	// The database being replaced may know of cards issued after the
	// backup: its high-water mark is a floor too.
	if _, err := os.Stat(dbPath); err == nil {
		rep.ReplacedCards, err = replacedHighWater(ctx, dbPath)
		if err != nil {
			rep.ReplacedUnreadable = err.Error()
		}
	}

	staged := dbPath + ".restoring"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(staged + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("restore: remove stale %s: %w", staged+suffix, err)
		}
	}
	if err := copyFile(from, staged); err != nil {
		return nil, fmt.Errorf("restore: copy the backup: %w", err)
	}
	swapped := false
	defer func() {
		if !swapped {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(staged + suffix)
			}
		}
	}()
	if err := prepareRestored(ctx, staged, max(o.CardFloor, rep.ReplacedCards), o.Actor, filepath.Base(from), &rep.Restored); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}

	stamp := time.Now().UTC().Format("20060102T150405Z")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		old := dbPath + suffix
		if _, err := os.Lstat(old); err != nil {
			continue
		}
		aside := dbPath + ".before-restore-" + stamp + suffix
		if err := os.Rename(old, aside); err != nil {
			return nil, fmt.Errorf("restore: keep the replaced database aside: %w", err)
		}
		rep.KeptAside = append(rep.KeptAside, aside)
	}
	if err := os.Rename(staged, dbPath); err != nil {
		return nil, fmt.Errorf("restore: put the restored database in place (the replaced one is kept as %v): %w", rep.KeptAside, err)
	}
	swapped = true
	if err := syncDir(filepath.Dir(dbPath)); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	return rep, nil
}

// replacedHighWater reads the largest card sequence the database at path
// knows of. Opening it replays and checkpoints its write-ahead log.
func replacedHighWater(ctx context.Context, path string) (int64, error) {
	old, err := openSQLiteFile(ctx, path, false)
	if err != nil {
		return 0, err
	}
	defer old.Close()
	r, err := old.CardSequence(ctx)
	if err != nil {
		return 0, err
	}
	return r.Known(), nil
}

// prepareRestored checks the staged copy, advances its card sequence past
// floor and records the restore in its audit trail.
func prepareRestored(ctx context.Context, staged string, floor int64, actor models.Actor, fromName string, sum *DatabaseSummary) error {
	st, err := openSQLiteFile(ctx, staged, false)
	if err != nil {
		return fmt.Errorf("open the backup: %w", err)
	}
	defer st.Close()
	if _, err := st.checkAndSummarize(ctx); err != nil {
		return fmt.Errorf("the backup is not usable: %w", err)
	}
	known, err := st.KnownSchemaVersion()
	if err != nil {
		return err
	}
	current, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if current > known {
		return fmt.Errorf("%w: backup at %d, binary knows up to %d", ErrSchemaTooNew, current, known)
	}
	if actor.Via == "" {
		actor.Via = "cli"
	}
	seq, err := st.AdvanceCardSequence(ctx, actor, floor)
	if err != nil {
		return err
	}
	if err := st.Audit.Record(ctx, actor, "database.restored", "database", SQLiteFile,
		fmt.Sprintf("embedded database restored from %s; card sequence at %d (was %d)", fromName, seq.After, seq.Drawn)); err != nil {
		return err
	}
	got, err := st.summarize(ctx)
	if err != nil {
		return err
	}
	got.Cards.Drawn, got.Cards.Floor = seq.Drawn, seq.Floor
	*sum = *got
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
