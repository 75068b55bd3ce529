// Package storetest opens fresh, migrated databases for tests: the embedded
// SQLite always, and PostgreSQL when TEST_DATABASE_URL is set (CI always sets
// it). Each call gets its own database, dropped when the test ends.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver for creating test databases

	"github.com/carddesk/carddesk/app/password"
	"github.com/carddesk/carddesk/app/sealed"
	"github.com/carddesk/carddesk/app/store"
)

// NotesKey is the fixed key tests seal notes with (hex), so a test can open
// a raw row itself. It is a test value: never configure it anywhere else.
const NotesKey = "74657374206e6f746573206b6579202d206e657665722075736520666f722121"

// Sealer returns the test sealer built from NotesKey.
func Sealer(t testing.TB) *sealed.Sealer {
	t.Helper()
	key, err := sealed.ParseKey(NotesKey)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sealed.New(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Engines lists the engines tests should run on here.
func Engines(t testing.TB) []string {
	engines := []string{store.SQLite}
	if os.Getenv("TEST_DATABASE_URL") != "" {
		engines = append(engines, store.Postgres)
	} else if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but TEST_DATABASE_URL is unset: PostgreSQL tests must run in CI")
	}
	return engines
}

// Each runs fn once per engine as a subtest.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	for _, engine := range Engines(t) {
		t.Run(engine, func(t *testing.T) { fn(t, Open(t, engine)) })
	}
}

// Options returns store options for a fresh database on engine; the caller
// owns the cleanup registered on t.
func Options(t testing.TB, engine string) store.Options {
	opts := store.Options{Password: password.Fast, Sealer: Sealer(t)}
	switch engine {
	case store.SQLite:
		opts.DataDir = t.TempDir()
	case store.Postgres:
		opts.DatabaseURL = NewPostgresDatabase(t)
	default:
		t.Fatalf("unknown engine %q", engine)
	}
	return opts
}

// Open returns a migrated store on a fresh database.
func Open(t testing.TB, engine string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), Options(t, engine))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// NewPostgresDatabase creates an empty database on the server named by
// TEST_DATABASE_URL and returns its URL; it is dropped when t ends. It skips
// with a clear message when TEST_DATABASE_URL is unset (fails under CI=true).
func NewPostgresDatabase(t testing.TB) string {
	t.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but TEST_DATABASE_URL is unset")
		}
		t.Skip("PostgreSQL test skipped: set TEST_DATABASE_URL=postgres://... to run it")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "carddesk_t_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// IsPostgres reports whether s runs on PostgreSQL.
func IsPostgres(s *store.Store) bool { return strings.EqualFold(s.Engine(), store.Postgres) }
