package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// TokenPrefix marks Carddesk API tokens, so a leaked one is recognisable by
// secret scanners.
const TokenPrefix = "cdk_"

type apiToken struct {
	ID         int64
	UserID     int64
	Name       string
	TokenHash  string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

func (apiToken) TableName() string { return "api_tokens" }

// APIToken describes a bearer token without its secret.
type APIToken struct {
	ID         int64
	UserEmail  string
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// CreateToken issues a bearer token for the account with email. The secret is
// returned once and stored only as its SHA-256.
func (s *Auth) CreateToken(ctx context.Context, actor models.Actor, email, name string) (string, *APIToken, error) {
	if err := actor.Require(models.PermUserManage); err != nil {
		return "", nil, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = "integration"
	}
	secret := TokenPrefix + randomToken()
	var out *APIToken
	err := s.transact(ctx, func(tx *gorm.DB) error {
		u, err := s.userByEmail(tx, email)
		if err != nil {
			return err
		}
		if !u.Active {
			return models.Fail(models.KindConflict, "user_inactive", "This account is deactivated.")
		}
		row := apiToken{UserID: u.ID, Name: name, TokenHash: sessionID(secret), CreatedAt: s.now()}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		out = &APIToken{ID: row.ID, UserEmail: u.Email, Name: name, CreatedAt: row.CreatedAt}
		return s.audit(tx, actor, models.AuditTokenCreated, "api_token", strconv.FormatInt(row.ID, 10), "token "+name+" for user "+strconv.FormatInt(u.ID, 10))
	})
	if err != nil {
		return "", nil, err
	}
	return secret, out, nil
}

// RevokeToken revokes a token by id.
func (s *Auth) RevokeToken(ctx context.Context, actor models.Actor, id int64) error {
	if err := actor.Require(models.PermUserManage); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&apiToken{}).Where("id = ? AND revoked_at IS NULL", id).Update("revoked_at", s.now())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return notFound("active token")
		}
		return s.audit(tx, actor, models.AuditTokenRevoked, "api_token", strconv.FormatInt(id, 10), "token revoked")
	})
}

// Tokens lists tokens, newest first.
func (s *Auth) Tokens(ctx context.Context, actor models.Actor) ([]APIToken, error) {
	if err := actor.Require(models.PermUserManage); err != nil {
		return nil, err
	}
	var out []APIToken
	err := s.db.WithContext(ctx).Table("api_tokens t").
		Select("t.id, u.email AS user_email, t.name, t.created_at, t.last_used_at, t.revoked_at").
		Joins("JOIN users u ON u.id = t.user_id").Order("t.id DESC").Scan(&out).Error
	return out, err
}

// ErrBadToken means the bearer token is unknown, revoked, or its owner is
// deactivated.
var ErrBadToken = errors.New("invalid token")

// tokenQueried, when set (tests only), runs between a token's query and
// its keeping: where a revocation committed meanwhile must stop the keeping.
var tokenQueried func()

// TokenUser resolves a bearer token to its user: one query, or none on
// PostgreSQL while the token is kept (credential_cache.go). Its last use is
// recorded at most once a minute, after the answer: the request does not
// wait for the write, and a failed write costs only that record.
func (s *Auth) TokenUser(ctx context.Context, secret string) (*models.User, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, ErrBadToken
	}
	key := sessionID(secret)
	cache := s.engine == Postgres && !s.opts.TokenCacheOff
	if cache {
		s.startListening()
	}
	row, gen, kept := s.creds.lookup(key, time.Now())
	if !kept {
		err := s.db.WithContext(ctx).Raw("SELECT "+userColumnsSQL+", "+s.roleListSQL()+", t.id AS token_id, t.last_used_at "+
			"FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL",
			key).Take(&row).Error
		if err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return nil, ErrBadToken
			}
			return nil, err
		}
		if !row.User.Active {
			return nil, ErrBadToken
		}
		if tokenQueried != nil {
			tokenQueried()
		}
		if cache {
			s.creds.put(key, row, gen, time.Now())
		}
	}
	if now := s.now(); row.LastUsedAt == nil || now.Sub(*row.LastUsedAt) > time.Minute {
		s.touchToken(row.TokenID, now)
		s.creds.used(key, now)
	}
	return row.user(), nil
}
