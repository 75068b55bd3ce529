package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// On PostgreSQL a bearer token's user and roles are kept for a few seconds
// (issue 14): the statement that resolves them costs an authenticated read
// as much as the rest of the dossier. What keeps the cache honest:
//
//   - Triggers (migration 00039) notify the channel credentialChannel when a
//     statement changes users, their roles, or a token's owner, hash or
//     revocation, whatever wrote it: the store, the command line, or a
//     statement typed into the database. Each instance listens on a
//     connection of its own and forgets everything it keeps at each
//     notification, on commit.
//   - The cache is used only while that connection listens. It starts
//     forgetting nothing and keeping nothing: an entry is kept once the
//     LISTEN has succeeded, and when the connection fails the cache is
//     switched off (every token read from the database) until a new one
//     listens, which forgets again what was kept before, since
//     notifications may have been missed in between.
//   - Every transaction the store commits makes this instance forget at
//     once, without waiting for its own notification: a revocation or a
//     deactivation through this instance takes effect on its next request.
//   - A resolution started before a forgetting does not keep its answer
//     (a generation number), so a read that raced a revocation is not
//     stored after it.
//   - An entry lasts credentialTTL at most, which bounds what a listener
//     cut off without an error (a connection that silently stopped
//     delivering) could leave stale.
//
// Sessions are not cached: each request moves their idle expiry. SQLite is
// not cached: another process (the command line) writes the same file and
// nothing would tell this one.

const (
	credentialChannel = "carddesk_credentials"
	credentialTTL     = 10 * time.Second
	// credentialEntries bounds the cache: past it, everything is forgotten.
	credentialEntries = 10000
	// credentialListenerName is the listener's application_name, as
	// pg_stat_activity shows it.
	credentialListenerName = "carddesk credential listener"
)

type cachedCredential struct {
	row     credentialRow
	expires time.Time
}

// credentialCache holds resolved tokens by the hash of their secret.
type credentialCache struct {
	mu      sync.Mutex
	gen     uint64
	live    bool
	pid     uint32 // the listener's backend, for tests
	entries map[string]cachedCredential

	start sync.Once
	stop  context.CancelFunc
	done  chan struct{}
}

// lookup returns the kept credential for key and, either way, the
// generation a resolution from the database must present to put.
func (c *credentialCache) lookup(key string, now time.Time) (credentialRow, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.live {
		return credentialRow{}, c.gen, false
	}
	e, ok := c.entries[key]
	if !ok || !now.Before(e.expires) {
		delete(c.entries, key)
		return credentialRow{}, c.gen, false
	}
	return e.row, c.gen, true
}

// put keeps row for key, unless the cache was switched off or forgot
// since the resolution began (gen).
func (c *credentialCache) put(key string, row credentialRow, gen uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.live || gen != c.gen {
		return
	}
	if c.entries == nil || len(c.entries) >= credentialEntries {
		c.entries = map[string]cachedCredential{}
	}
	c.entries[key] = cachedCredential{row: row, expires: now.Add(credentialTTL)}
}

// used records a token's last use on its kept entry, so the next
// requests do not write it again within the minute.
func (c *credentialCache) used(key string, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok {
		e.row.LastUsedAt = &at
		c.entries[key] = e
	}
}

// forget drops every entry and fails the resolutions under way.
func (c *credentialCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
}

// setLive switches the cache on (the listener listens) or off, forgetting
// either way.
func (c *credentialCache) setLive(live bool, pid uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
	c.live, c.pid = live, pid
}

// startListening starts the listener once, on the first bearer request:
// commands and stores that resolve no token open no connection for it.
func (s *core) startListening() {
	c := &s.creds
	c.start.Do(func() {
		ctx, cancel := context.WithCancel(context.Background())
		c.mu.Lock()
		c.stop, c.done = cancel, make(chan struct{})
		c.mu.Unlock()
		go s.listenCredentials(ctx)
	})
}

// listenCredentials keeps a listening connection until ctx ends,
// reconnecting after a second when it fails.
func (s *core) listenCredentials(ctx context.Context) {
	defer close(s.creds.done)
	for {
		err := s.listenOnce(ctx)
		s.creds.setLive(false, 0)
		if ctx.Err() != nil {
			return
		}
		s.opts.Logger.Warn("token cache off until the credential listener reconnects", "error", err.Error())
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}

func (s *core) listenOnce(ctx context.Context) error {
	cfg, err := pgx.ParseConfig(s.opts.DatabaseURL)
	if err != nil {
		return fmt.Errorf("credential listener: %w", err)
	}
	cfg.RuntimeParams["application_name"] = credentialListenerName
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("credential listener: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+credentialChannel); err != nil {
		return fmt.Errorf("credential listener: %w", err)
	}
	s.creds.setLive(true, conn.PgConn().PID())
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return fmt.Errorf("credential listener: %w", err)
		}
		s.creds.forget()
	}
}

// stopListening ends the listener, if one was started (Close).
func (s *core) stopListening() {
	c := &s.creds
	c.mu.Lock()
	stop, done := c.stop, c.done
	c.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
}

// TokenCacheOn says whether bearer tokens are being kept: on PostgreSQL,
// once the first one was resolved and while the listener listens.
func (s *Store) TokenCacheOn() bool {
	s.creds.mu.Lock()
	defer s.creds.mu.Unlock()
	return s.creds.live
}
