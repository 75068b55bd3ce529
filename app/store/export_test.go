package store

import (
	"context"
	"fmt"
	"time"
)

// MigrateDownTo rolls the schema back to version, so a test can run a
// migration again on data the current schema wrote. Tests only.
func (s *Store) MigrateDownTo(ctx context.Context, version int64) error {
	p, err := s.migrations()
	if err != nil {
		return err
	}
	if _, err := p.DownTo(ctx, version); err != nil {
		return fmt.Errorf("migrate down to %d: %w", version, err)
	}
	return nil
}

// SeedFrom runs the release seed with other files, as a later release
// would carry them. Tests only.
func (s *Translations) SeedFrom(ctx context.Context, files map[string][]byte) (int, error) {
	return s.seed(ctx, files)
}

// WaitTokenTouches waits for the background writes of tokens' last use.
func (s *Store) WaitTokenTouches() { s.waitTouches() }

// SetRetentionBatch reads the retention facts n workers at a time until the
// test ends. Tests only.
func SetRetentionBatch(t interface{ Cleanup(func()) }, n int) {
	old := retentionBatch
	retentionBatch = n
	t.Cleanup(func() { retentionBatch = old })
}

// CredentialListenerPID is the backend of the token cache's listener, 0
// while none listens. Tests only.
func (s *Store) CredentialListenerPID() uint32 {
	s.creds.mu.Lock()
	defer s.creds.mu.Unlock()
	return s.creds.pid
}

// OptionsForTest are the options s was opened with, to open another store
// on the same database. Tests only.
func (s *Store) OptionsForTest() Options { return s.opts }

// PauseCredentialProbes stops (or resumes) the token cache's probes, as a
// listener that went deaf would stop hearing them. Tests only.
func (s *Store) PauseCredentialProbes(paused bool) {
	s.creds.mu.Lock()
	defer s.creds.mu.Unlock()
	s.creds.paused = paused
}

// WaitCredentialProbe sends a probe and waits until the listener hears it:
// every notification committed before has then arrived (they arrive in
// commit order). Tests only.
func (s *Store) WaitCredentialProbe() bool {
	seq := s.sendProbe(context.Background())
	for range 3000 {
		s.creds.mu.Lock()
		heard := s.creds.heardN
		s.creds.mu.Unlock()
		if seq != 0 && heard >= seq {
			return true
		}
		time.Sleep(time.Millisecond)
	}
	return false
}

// SetTokenQueried runs f between a token's query and its keeping, until
// the test ends. Tests only.
func SetTokenQueried(t interface{ Cleanup(func()) }, f func()) {
	tokenQueried = f
	t.Cleanup(func() { tokenQueried = nil })
}
