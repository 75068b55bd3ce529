package store

import (
	"fmt"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrationLock makes concurrent migrations of one PostgreSQL database take
// turns: each Migrate holds a session advisory lock while it reads and
// applies versions, so a second instance starting at the same moment waits
// (polling every second, for up to ten minutes) and then finds nothing left
// to do, instead of racing the first to create the same types and tables.
// SQLite needs none: its writers are serialised by the file lock.
func (s *core) migrationLock() ([]goose.ProviderOption, error) {
	if s.engine != Postgres {
		return nil, nil
	}
	l, err := lock.NewPostgresSessionLocker(lock.WithLockID(migrationLockID), lock.WithLockTimeout(1, 600))
	if err != nil {
		return nil, fmt.Errorf("migration lock: %w", err)
	}
	return []goose.ProviderOption{goose.WithSessionLocker(l)}, nil
}

// migrationLockID is Carddesk's advisory lock key ("carddesk" in ASCII), so
// that another goose user of the same database does not queue behind it.
const migrationLockID = 0x63617264_6465736b
