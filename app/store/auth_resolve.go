package store

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/carddesk/carddesk/models"
)

// Every request is authenticated, so resolving a session cookie or a bearer
// token is one query: the session or token, its user and the user's roles
// in one row (issue 14). Sessions are not cached: a sign-out or a
// deactivation takes effect on the next request, on every instance. Bearer
// tokens are kept a few seconds on PostgreSQL, forgotten on every instance
// when a credential changes (credential_cache.go).

// credentialRow is a session's or token's user, with the roles folded into
// one comma-separated column and what the resolution needs of the
// credential itself.
type credentialRow struct {
	User       userRow `gorm:"embedded"`
	RoleList   string
	SessionID  string
	TokenID    int64
	LastSeenAt time.Time
	ExpiresAt  time.Time
	LastUsedAt *time.Time
}

// roleListSQL aggregates a user's roles (u.id) into one column.
func (s *core) roleListSQL() string {
	agg := "group_concat(r.role, ',')"
	if s.engine == Postgres {
		agg = "string_agg(r.role, ',')"
	}
	return "(SELECT coalesce(" + agg + ", '') FROM user_roles r WHERE r.user_id = u.id) AS role_list"
}

const userColumnsSQL = "u.id, u.email, u.name, u.locale, u.password_hash, u.must_change_password, u.active, " +
	"u.deactivated_at, u.deactivation_reason, u.created_at, u.updated_at"

func (r credentialRow) user() *models.User {
	u := r.User.model()
	for _, role := range strings.Split(r.RoleList, ",") {
		if role != "" {
			u.Roles = append(u.Roles, models.Role(role))
		}
	}
	slices.SortFunc(u.Roles, func(a, b models.Role) int { return slices.Index(models.Roles, a) - slices.Index(models.Roles, b) })
	return &u
}

// tokenTouches writes tokens' last use in the background, one write in
// flight per token; Close waits for them.
type tokenTouches struct {
	mu      sync.Mutex
	pending map[int64]bool
	wg      sync.WaitGroup
}

func (s *core) touchToken(id int64, now time.Time) {
	t := &s.touches
	t.mu.Lock()
	if t.pending == nil {
		t.pending = map[int64]bool{}
	}
	if t.pending[id] {
		t.mu.Unlock()
		return
	}
	t.pending[id] = true
	t.wg.Add(1)
	t.mu.Unlock()
	go func() {
		defer t.wg.Done()
		defer func() { t.mu.Lock(); delete(t.pending, id); t.mu.Unlock() }()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		// The condition keeps instances that saw the same stale value from
		// writing it one after the other.
		err := s.db.WithContext(ctx).Model(&apiToken{}).
			Where("id = ? AND (last_used_at IS NULL OR last_used_at < ?)", id, now.Add(-time.Minute)).
			Update("last_used_at", now).Error
		if err != nil {
			s.opts.Logger.Warn("record token use", slog.Int64("token_id", id), slog.Any("error", err))
		}
	}()
}

// waitTouches lets the writes of tokens' last use finish (Close).
func (s *core) waitTouches() { s.touches.wg.Wait() }
