package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
)

// embeddedDSN is the SQLite connection string for the database file at
// path. WAL lets readers work while one writer commits; busy_timeout makes
// concurrent writers wait instead of failing; _txlock=immediate makes every
// transaction take the write lock at BEGIN, so a read-then-write never
// finds the database locked half-way (a deferred transaction that read and
// then writes gets "database is locked" at once when another writer got
// there first, whatever the timeout).
//
// There is deliberately no _time_format: the pinned driver
// (github.com/glebarez/go-sqlite v1.21.2, applyQueryParams) returns as soon
// as it has read _time_format, so every option after it in its order,
// _txlock included, was silently ignored. Its default write format is the
// same "2006-01-02 15:04:05.999999999-07:00" that _time_format=sqlite
// selects; TestEmbeddedTimeFormat pins it.
func embeddedDSN(path string) string {
	return "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=synchronous(NORMAL)&_txlock=immediate"
}

// createPrivateFile makes sure the embedded database file exists with mode
// 0600, like the notes key, before SQLite opens it: the file holds every
// record, and SQLite gives its -wal and -shm files the database file's mode.
// A file left group- or world-readable by an earlier version is tightened.
func createPrivateFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return fmt.Errorf("database file: %w", err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, 0o600); err != nil {
				return fmt.Errorf("restrict database file to its owner: %w", err)
			}
		}
	}
	return nil
}

// ReleaseMemory hands back what the embedded database's idle connections
// keep in their page caches (up to 2 MB each, SQLite's default cache_size).
// It takes each idle connection at once, so none is shrunk twice, and
// returns how many it shrank. PostgreSQL keeps its caches in its own
// processes: nothing to do there.
func (s *Store) ReleaseMemory(ctx context.Context) (int, error) {
	if s.engine != SQLite {
		return 0, nil
	}
	idle := s.sqlDB.Stats().Idle
	conns := make([]*sql.Conn, 0, idle)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range idle {
		c, err := s.sqlDB.Conn(ctx)
		if err != nil {
			return len(conns), fmt.Errorf("release memory: %w", err)
		}
		conns = append(conns, c)
		if _, err := c.ExecContext(ctx, "PRAGMA shrink_memory"); err != nil {
			return len(conns), fmt.Errorf("release memory: %w", err)
		}
	}
	return len(conns), nil
}
