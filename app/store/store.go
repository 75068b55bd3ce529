// Package store keeps Carddesk's records with gorm, on PostgreSQL in
// production or on an embedded SQLite file for a first run and for tests. Each
// service method owns its transaction: it checks the actor's permission and the
// domain rules from models/ inside it, writes, and appends the audit row, so a
// failed action leaves the database as it was.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Options.Location's default zone, for an image without a zone database

	"github.com/glebarez/sqlite"
	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/carddesk/carddesk/app/password"
	"github.com/carddesk/carddesk/models"
)

//go:embed migrations
var migrationFS embed.FS

// Engine names.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// Options configure a Store.
type Options struct {
	// DatabaseURL selects PostgreSQL (postgres://...); empty means the
	// embedded SQLite database in DataDir.
	DatabaseURL string
	DataDir     string
	// Password hashing cost; zero means password.Default.
	Password password.Params
	// Sessions: idle and absolute lifetimes.
	SessionIdle     time.Duration
	SessionAbsolute time.Duration
	// Login throttling: refused per account, slowed per client address
	// (models.LoginThrottle); zero means models.DefaultLoginThrottle.
	Login  models.LoginThrottle
	Logger *slog.Logger
	// Settings are the rules' parameters (interview age, caps, upload size).
	Settings models.Settings
	// Sealer seals and opens the interviewer's notes (app/sealed, with the
	// key from configuration). Without one, a note cannot be recorded and
	// recorded notes are not shown.
	Sealer NoteSealer
	// Summons names the place of the private interview and how to reach
	// the Directorate on the summons letter; empty fields get defaults.
	Summons SummonsOptions
	// ScaleMaxAgeMonths is the age past which the salary scale in force is
	// stale (admins and clerks are alerted; contracts say so); zero means
	// salaryscales.DefaultMaxAgeMonths (12).
	ScaleMaxAgeMonths int
	// Location is the Directorate's time zone: the rules' days (today, the
	// day a card was issued or an interview held) are its days; nil means
	// Europe/Brussels. Instants are stored in UTC whatever it is.
	Location *time.Location
	// TokenCacheOff resolves every bearer token from the database, as on
	// SQLite: for a PostgreSQL reached through a pooler that does not pass
	// LISTEN (credential_cache.go).
	TokenCacheOff bool
}

func (o *Options) defaults() {
	if o.Password == (password.Params{}) {
		o.Password = password.Default
	}
	if o.SessionIdle == 0 {
		o.SessionIdle = 30 * time.Minute
	}
	if o.SessionAbsolute == 0 {
		o.SessionAbsolute = 12 * time.Hour
	}
	if o.Login == (models.LoginThrottle{}) {
		o.Login = models.DefaultLoginThrottle
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Settings == (models.Settings{}) {
		o.Settings = models.DefaultSettings()
	}
	if o.DataDir == "" {
		o.DataDir = "data"
	}
	if o.Location == nil {
		o.Location = directorateZone
	}
}

// core is what every service shares: the database, the options and the
// clock. Services are thin types over it, one per aggregate; their methods
// own their transaction and call unexported (tx, …) helpers defined on core.
type core struct {
	db     *gorm.DB
	sqlDB  *sql.DB
	engine string
	opts   Options
	// unlock releases the embedded database's data-directory lock.
	unlock func() error
	// Now is the clock; tests move it (Store.Now).
	Now func() time.Time
	// parsedTexts keeps each translation version's parsed texts by id
	// (a version never changes).
	parsedTexts sync.Map
	// touches writes API tokens' last use in the background (auth_resolve.go).
	touches tokenTouches
	// creds keeps resolved bearer tokens on PostgreSQL (credential_cache.go).
	creds credentialCache
}

// Store is the storage layer: one service per aggregate, each owning its
// transactions and checking the actor's permission and the domain's rules
// inside them.
type Store struct {
	*core
	Auth         *Auth
	Users        *Users
	Audit        *Audit
	Missions     *Missions
	Employers    *Employers
	Workers      *Workers
	Employments  *Employments
	Applications *Applications
	Cards        *Cards
	Interviews   *Interviews
	History      *History
	Alerts       *Alerts
	Holds        *Holds
	Scales       *Scales
	Contracts    *Contracts
	Translations *Translations
	Helplines    *Helplines
	Records      *Records
	Statistics   *Statistics
	Retention    *Retention
	Clearances   *Clearances
	Queues       *Queues
	Calendar     *Calendar
	Letters      *Letters
	FollowUps    *FollowUps
	TwoFactor    *TwoFactor
}

// The services. Each is a view of the shared core.
type (
	// Auth signs staff in and out and resolves sessions and API tokens.
	Auth struct{ *core }
	// Users manages staff accounts.
	Users struct{ *core }
	// Audit reads the audit trail and records views.
	Audit struct{ *core }
	// Missions registers and closes diplomatic missions.
	Missions struct{ *core }
	// Employers registers members of missions.
	Employers struct{ *core }
	// Workers registers private domestic workers and finds them.
	Workers struct{ *core }
	// Employments records who works for whom.
	Employments struct{ *core }
	// Applications opens, submits and closes card applications and keeps
	// their documents.
	Applications struct{ *core }
	// Cards issues cards and follows them to their end.
	Cards struct{ *core }
	// Interviews books, records and corrects the private interviews.
	Interviews struct{ *core }
	// History keeps each worker's indicator history and signals.
	History struct{ *core }
	// Alerts groups observations by employer and mission and keeps the
	// admins' restrictions on employers.
	Alerts struct{ *core }
	// Holds lists applications on hold and records the admins' decisions.
	Holds struct{ *core }
	// Scales keeps the salary scale versions.
	Scales struct{ *core }
	// Contracts generates and reprints the standard employment contracts.
	Contracts struct{ *core }
	// Translations keeps the versions of each language's document texts.
	Translations struct{ *core }
	// Helplines keeps the versions of the list of contacts the rights
	// leaflet prints.
	Helplines struct{ *core }
	// Records writes the versions of workers, employers, missions and
	// employments (issue 9) and reads their history.
	Records struct{ *core }
	// Statistics draws the yearly report, published with small numbers
	// suppressed (issue 12).
	Statistics struct{ *core }
	// Retention keeps the legal holds and anonymises what is due.
	Retention struct{ *core }
	// Clearances records the second admin's decision on a clearance
	// against the evidence.
	Clearances struct{ *core }
	// Queues counts what waits for each member of staff (issue 13).
	Queues struct{ *core }
	// Calendar keeps the interview rooms and the interviewers' hours and
	// shows the bookings (issue 13).
	Calendar struct{ *core }
	// Letters writes the notes verbales to missions, numbered and kept
	// with their application (issue 13).
	Letters struct{ *core }
	// FollowUps keeps what became of referrals, partner by partner
	// (issue 13).
	FollowUps struct{ *core }
	// TwoFactor keeps the staff's second factor: enrolment, recovery
	// codes, the second sign-in step and the roles that require it.
	TwoFactor struct{ *core }
)

func newStore(c *core) *Store {
	return &Store{core: c, Auth: &Auth{c}, Users: &Users{c}, Audit: &Audit{c}, Missions: &Missions{c},
		Employers: &Employers{c}, Workers: &Workers{c}, Employments: &Employments{c}, Applications: &Applications{c},
		Cards: &Cards{c}, Interviews: &Interviews{c}, History: &History{c}, Alerts: &Alerts{c}, Holds: &Holds{c},
		Scales: &Scales{c}, Contracts: &Contracts{c}, Translations: &Translations{c}, Helplines: &Helplines{c},
		Records: &Records{c}, Statistics: &Statistics{c}, Retention: &Retention{c}, Clearances: &Clearances{c},
		Queues: &Queues{c}, Calendar: &Calendar{c}, Letters: &Letters{c}, FollowUps: &FollowUps{c}, TwoFactor: &TwoFactor{c}}
}

// Open connects to the database chosen by opts. It does not migrate.
func Open(ctx context.Context, opts Options) (*Store, error) {
	opts.defaults()
	cfg := &gorm.Config{
		Logger:                 logger.Discard, // requests are logged by the HTTP layer; SQL may carry personal data
		SkipDefaultTransaction: true,           // services open their own transactions
		NowFunc:                func() time.Time { return time.Now().UTC() },
		TranslateError:         true,
	}
	var (
		dialector gorm.Dialector
		engine    string
		unlock    = func() error { return nil }
		err       error
	)
	switch {
	case opts.DatabaseURL == "":
		if err := os.MkdirAll(opts.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
		// Held until Close, so a restore cannot swap the file under us.
		if unlock, err = lockDataDir(opts.DataDir, false); err != nil {
			return nil, err
		}
		path := filepath.Join(opts.DataDir, SQLiteFile)
		if err := createPrivateFile(path); err != nil {
			unlock()
			return nil, err
		}
		dialector, engine = &sqlite.Dialector{DriverName: EmbeddedDriver, DSN: embeddedDSN(path)}, SQLite // embedded.go, embedded_utc.go
	case strings.HasPrefix(opts.DatabaseURL, "postgres://") || strings.HasPrefix(opts.DatabaseURL, "postgresql://"):
		dialector, engine = postgres.Open(opts.DatabaseURL), Postgres
	default:
		return nil, fmt.Errorf("DATABASE_URL must start with postgres:// (or be empty for the embedded database)")
	}
	db, err := gorm.Open(dialector, cfg)
	if err != nil {
		unlock()
		return nil, fmt.Errorf("open %s database: %w", engine, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		unlock()
		return nil, err
	}
	if engine == Postgres {
		// As many kept as opened: with 5 kept idle, a busy desk closed and
		// reopened hundreds of connections every 10 s (each a new backend,
		// its statements planned again). Measured at 100,000 workers, 50
		// connections, one run: SELECT 1 2,907 -> 8,067 req/s, the dossier
		// 861 -> 1,952 (p99 194 -> 97 ms). Idle ones still close after
		// 5 minutes, so a quiet instance holds none.
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(20)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	} else {
		// SQLite runs in this process: more connections than cores read no
		// faster, and each one closed loses its page cache (the pool kept
		// 2 idle of the 50 a busy desk opened: 50 to 540 reopened every
		// 10 s at 100,000 workers, each then reading the file cold).
		sqlDB.SetMaxOpenConns(SQLiteConnections)
		sqlDB.SetMaxIdleConns(SQLiteConnections)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		sqlDB.Close()
		unlock()
		return nil, fmt.Errorf("reach %s database: %w", engine, err)
	}
	return newStore(&core{db: db, sqlDB: sqlDB, engine: engine, opts: opts, unlock: unlock, Now: func() time.Time { return time.Now().UTC() }}), nil
}

// SQLiteConnections is the embedded database's pool, open and kept idle.
const SQLiteConnections = 8

// Close releases the connections, then the data directory's lock.
func (s *Store) Close() error {
	s.stopListening()
	s.waitTouches()
	err := s.sqlDB.Close()
	if s.unlock != nil {
		s.unlock()
	}
	return err
}

// Settings returns the rules' parameters in force.
func (s *Store) Settings() models.Settings { return s.opts.Settings }

// SessionIdle is how long a session lasts without a request.
func (s *Store) SessionIdle() time.Duration { return s.opts.SessionIdle }

// Engine returns "postgres" or "sqlite".
func (s *Store) Engine() string { return s.engine }

// DB exposes the gorm handle, for tests and the demo loader.
func (s *Store) DB() *gorm.DB { return s.db }

// now is the clock's instant in UTC, the form every instant is stored in.
func (s *core) now() time.Time { return s.Now().UTC() }

// local is the clock's instant in the Directorate's zone: what every rule
// that decides a day is handed (models.CalendarDay takes its argument's own
// zone), so that a date typed at half past midnight in Brussels is today,
// not tomorrow, and a card issued then is issued that day.
func (s *core) local() time.Time { return s.Now().In(s.opts.Location) }

// today is the Directorate's calendar day now (models.CalendarDay).
func (s *core) today() time.Time { return s.dayOf(s.Now()) }

// dayOf is the Directorate's calendar day of instant t.
func (s *core) dayOf(t time.Time) time.Time { return models.CalendarDay(t.In(s.opts.Location)) }

// Location returns the Directorate's time zone (Options.Location); without
// a store (a router built only to list its routes) the default zone.
func (s *Store) Location() *time.Location {
	if s == nil {
		return directorateZone
	}
	return s.opts.Location
}

// directorateZone is Options.Location's default; the zone database is
// embedded (time/tzdata), so an image without one loads it too.
var directorateZone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		panic(err)
	}
	return loc
}()

func (s *core) migrations(opts ...goose.ProviderOption) (*goose.Provider, error) {
	dialect := goose.DialectSQLite3
	if s.engine == Postgres {
		dialect = goose.DialectPostgres
	}
	sub, err := fs.Sub(migrationFS, "migrations/"+s.engine)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(dialect, s.sqlDB, sub, opts...)
}

// KnownSchemaVersion is the newest migration embedded in this binary.
func (s *Store) KnownSchemaVersion() (int64, error) {
	p, err := s.migrations()
	if err != nil {
		return 0, err
	}
	sources := p.ListSources()
	if len(sources) == 0 {
		return 0, nil
	}
	return sources[len(sources)-1].Version, nil
}

// SchemaVersion returns the version recorded in the database (0 if none).
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := s.migrations()
	if err != nil {
		return 0, err
	}
	v, err := p.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// ErrSchemaTooNew means the database was migrated by a newer Carddesk: this
// binary would misread it, so it refuses to start.
var ErrSchemaTooNew = errors.New("database schema is newer than this binary knows")

// Migrate applies the pending migrations, refusing a schema newer than known
// and a status table other than the binary's. Concurrent Migrates of one
// PostgreSQL database take turns (migrationLock).
func (s *Store) Migrate(ctx context.Context) ([]string, error) {
	locked, err := s.migrationLock()
	if err != nil {
		return nil, err
	}
	p, err := s.migrations(locked...)
	if err != nil {
		return nil, err
	}
	known, err := s.KnownSchemaVersion()
	if err != nil {
		return nil, err
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return nil, fmt.Errorf("read schema version: %w", err)
	}
	if current > known {
		return nil, fmt.Errorf("%w: database at %d, binary knows up to %d", ErrSchemaTooNew, current, known)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if err := s.CheckStatusTable(ctx); err != nil {
		return nil, err
	}
	if _, err := s.Translations.Seed(ctx); err != nil {
		return nil, err
	}
	var applied []string
	for _, r := range results {
		applied = append(applied, r.Source.Path)
	}
	return applied, nil
}

// Ready checks that the database answers and its schema is the one this
// binary knows.
func (s *Store) Ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := s.sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	known, err := s.KnownSchemaVersion()
	if err != nil {
		return err
	}
	current, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if current != known {
		return fmt.Errorf("schema at version %d, expected %d", current, known)
	}
	return nil
}

// transact runs fn in one transaction: everything it wrote, audit rows
// included, commits together or not at all.
// Once it commits, this instance forgets the tokens it keeps: the change
// may be a revocation, a deactivation or a role taken away, and the next
// request must not wait for the database's notification to learn it.
func (s *core) transact(ctx context.Context, fn func(tx *gorm.DB) error) error {
	err := s.db.WithContext(ctx).Transaction(fn)
	if err == nil {
		s.creds.forget()
	}
	return err
}

// audit appends one row to the audit trail inside tx.
func (s *core) audit(tx *gorm.DB, actor models.Actor, action, recordType, recordID, summary string) error {
	ev := models.AuditEvent{
		At: s.now(), Action: action, RecordType: recordType, RecordID: recordID,
		RequestID: actor.RequestID, IP: actor.IP, Via: actor.Via, Summary: summary,
	}
	if actor.User != nil {
		id := actor.User.ID
		ev.ActorID, ev.ActorEmail = &id, actor.User.Email
	}
	if err := s.appendAudit(tx, &ev); err != nil { // audit_chain.go
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// Audit appends a row on its own, for events that change nothing else (a
// view of confidential data, a refused login).
func (s *Audit) Record(ctx context.Context, actor models.Actor, action, recordType, recordID, summary string) error {
	return s.audit(s.db.WithContext(ctx), actor, action, recordType, recordID, summary)
}

func notFound(what string) error {
	return models.Fail(models.KindNotFound, "not_found", "No such {{.what}}.").With("what", what)
}
