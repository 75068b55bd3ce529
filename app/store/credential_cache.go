package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
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
//   - The cache is used only while that connection listens. It keeps
//     nothing until the listener has heard its first probe (below), and
//     when the connection fails the cache is switched off (every token
//     read from the database) until a new one listens, which forgets again
//     what was kept before, since notifications may have been missed in
//     between.
//   - Every transaction the store commits makes this instance forget at
//     once, without waiting for its own notification: a revocation or a
//     deactivation through this instance takes effect on its next request.
//   - A resolution started before a forgetting does not keep its answer
//     (a generation number), so a read that raced a revocation is not
//     stored after it.
//   - A listener may stay connected and still hear nothing (a half-open
//     connection, a pooler that accepts LISTEN and drops what follows): so
//     each instance sends a probe of its own through its pool every
//     second, and the cache is used only while its listener heard the
//     last one less than credentialProbeWindow ago. A listener that went
//     deaf switches the cache off within that window.
//   - An entry lasts credentialTTL at most.
//
// Sessions are not cached: each request moves their idle expiry. SQLite is
// not cached: another process (the command line) writes the same file and
// nothing would tell this one.

const (
	credentialChannel = "carddesk_credentials"
	credentialTTL     = 10 * time.Second
	// credentialEntries bounds the cache: past it, everything is forgotten.
	credentialEntries = 10000
	// The probes: sent every credentialProbeEvery, the cache trusted while
	// the last one heard is younger than credentialProbeWindow.
	credentialProbeEvery  = time.Second
	credentialProbeWindow = 3 * time.Second
	probePrefix           = "probe:"
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
	live    bool      // the listener listens
	heard   time.Time // when it last heard this instance's own probe
	probe   string    // this listener's probes begin so, then ":" and their number
	sent    uint64    // the number of the last probe sent
	heardN  uint64    // the highest number heard
	pid     uint32    // the listener's backend, for tests
	closed  bool      // the store closed: no listener starts any more
	paused  bool      // probes not sent (tests)
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
	if !c.trusted(now) {
		return credentialRow{}, c.gen, false
	}
	e, ok := c.entries[key]
	if !ok || !now.Before(e.expires) {
		delete(c.entries, key)
		return credentialRow{}, c.gen, false
	}
	return e.row, c.gen, true
}

// trusted says whether the listener listens and heard its last probe
// recently enough; c.mu is held.
func (c *credentialCache) trusted(now time.Time) bool {
	return c.live && !c.heard.IsZero() && now.Sub(c.heard) < credentialProbeWindow
}

// put keeps row for key, unless the cache was switched off or forgot
// since the resolution began (gen).
func (c *credentialCache) put(key string, row credentialRow, gen uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.trusted(now) || gen != c.gen {
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

// setLive records that the listener listens (the cache is used once it
// hears its first probe) or not, forgetting either way.
func (c *credentialCache) setLive(live bool, pid uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
	c.live, c.pid, c.heard = live, pid, time.Time{}
	if live {
		c.probe = probePrefix + randomToken()
	}
}

// heardProbe records the listener's hearing payload, and says whether it
// was one of this instance's probes.
func (c *credentialCache) heardProbe(payload string, at time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := strings.CutPrefix(payload, c.probe+":")
	if !ok || c.probe == "" {
		return false
	}
	seq, err := strconv.ParseUint(n, 10, 64)
	if err != nil {
		return false
	}
	c.heard, c.heardN = at, max(c.heardN, seq)
	return true
}

// sendProbe notifies the channel with the next probe through the store's
// pool and returns its number (0 if none was sent). It goes to the pool
// beneath gorm, so the statements counted through gorm's callbacks are the
// requests' own (TestDossierAuthAcrossInstances counted a probe that fell
// inside a request as a third read).
func (s *core) sendProbe(ctx context.Context) uint64 {
	c := &s.creds
	c.mu.Lock()
	if c.paused || c.probe == "" {
		c.mu.Unlock()
		return 0
	}
	c.sent++
	seq, payload := c.sent, c.probe+":"+strconv.FormatUint(c.sent, 10)
	c.mu.Unlock()
	if _, err := s.sqlDB.ExecContext(ctx, "SELECT pg_notify($1, $2)", credentialChannel, payload); err != nil {
		return 0
	}
	return seq
}

// startListening starts the listener once, on the first bearer request:
// commands and stores that resolve no token open no connection for it.
func (s *core) startListening() {
	c := &s.creds
	c.start.Do(func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.closed {
			return
		}
		ctx, cancel := context.WithCancel(context.Background())
		c.stop, c.done = cancel, make(chan struct{})
		go s.listenCredentials(ctx)
	})
}

// listenCredentials keeps a listening connection until ctx ends,
// reconnecting after a second when it fails. It warns once an outage, not
// at every attempt.
func (s *core) listenCredentials(ctx context.Context) {
	defer close(s.creds.done)
	warned := false
	for {
		listened, err := s.listenOnce(ctx)
		s.creds.setLive(false, 0)
		if ctx.Err() != nil {
			return
		}
		if listened {
			warned = false
		}
		if !warned {
			s.opts.Logger.Warn("token cache off until the credential listener reconnects", "error", err.Error())
			warned = true
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}

// listenOnce listens on one connection until it fails, and says whether
// it got as far as listening.
func (s *core) listenOnce(ctx context.Context) (bool, error) {
	cfg, err := pgx.ParseConfig(s.opts.DatabaseURL)
	if err != nil {
		return false, fmt.Errorf("credential listener: %w", err)
	}
	cfg.RuntimeParams["application_name"] = credentialListenerName
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, fmt.Errorf("credential listener: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+credentialChannel); err != nil {
		return false, fmt.Errorf("credential listener: %w", err)
	}
	s.creds.setLive(true, conn.PgConn().PID())
	probing, stopProbing := context.WithCancel(ctx)
	defer stopProbing()
	go s.sendProbes(probing)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			s.creds.setLive(false, 0) // now, not after the connection is closed
			return true, fmt.Errorf("credential listener: %w", err)
		}
		switch {
		case s.creds.heardProbe(n.Payload, time.Now()):
		case strings.HasPrefix(n.Payload, probePrefix): // another instance's
		default:
			s.creds.forget()
		}
	}
}

// sendProbes sends a probe at once, then every credentialProbeEvery,
// until ctx ends. A probe that fails is not retried: the cache stops being
// trusted when none arrives.
func (s *core) sendProbes(ctx context.Context) {
	t := time.NewTicker(credentialProbeEvery)
	defer t.Stop()
	for {
		s.sendProbe(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// stopListening ends the listener, if one was started (Close).
func (s *core) stopListening() {
	c := &s.creds
	c.mu.Lock()
	c.closed = true
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
	return s.creds.trusted(time.Now())
}
