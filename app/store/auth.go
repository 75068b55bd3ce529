package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/app/password"
	"github.com/carddesk/carddesk/models"
)

// sessionRow is a signed-in browser. Only the SHA-256 of the cookie value is
// stored, so a database dump cannot be replayed as cookies.
type sessionRow struct {
	ID         string
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	IP         string
	UserAgent  string
}

func (sessionRow) TableName() string { return "sessions" }

type loginAttempt struct {
	ID        int64
	At        time.Time
	Email     string
	IP        string
	Succeeded bool
}

func (loginAttempt) TableName() string { return "login_attempts" }

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func sessionID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// dummyHash is verified when the account does not exist, so that an unknown
// address costs the same time as a wrong password. It is written out rather
// than hashed at start: hashing costs 19 MiB and tens of milliseconds of
// every start-up (issue 14); TestDummyHashCostsTheDefault keeps its
// parameters those of password.Default.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$djIO4WER16HDKN/MjHqAWw$q+jhnwPY7wWhQqwrk6fNTdXHSUlSdV0KhKLgyl/HYL8"

// LoginRequest is one attempt to sign in.
type LoginRequest struct {
	Email     string
	Password  string
	IP        string
	UserAgent string
	RequestID string
	Via       string
	// TOTPCode is the second factor given with the password (the JSON API);
	// Interactive says the client can take a second step instead (the
	// login page), so a missing code opens a challenge (twofactor.go).
	TOTPCode    string
	Interactive bool
}

// Session is a new sign-in: Token goes into the cookie, never into the database.
// When Pending is set, the password was right but no session exists yet:
// the sign-in waits for its second factor (Token is empty).
type Session struct {
	Token     string
	User      *models.User
	ExpiresAt time.Time
	Pending   *Challenge
}

// errBadCredentials is the one answer for an unknown account, a wrong
// password and a deactivated account: it never reveals which.
func errBadCredentials() error {
	return models.Fail(models.KindUnauthorized, "invalid_credentials", "E-mail address or password is not correct.")
}

// Login checks credentials and opens a session. Failed attempts are counted
// per address typed and per client address (models.LoginThrottle): an
// attempt from an address with many failures waits first; past the limit of
// one account, its attempts are refused without checking the password until
// the window slides, whether the account exists or not. Every attempt is
// audited.
func (s *Auth) Login(ctx context.Context, in LoginRequest) (*Session, error) {
	email := models.NormalizeEmail(in.Email)
	actor := models.Actor{RequestID: in.RequestID, IP: in.IP, Via: in.Via}
	db := s.db.WithContext(ctx)

	if err := s.throttle(ctx, db, actor, email); err != nil {
		return nil, err
	}
	now := s.now()

	var row userRow
	err := db.Where("email = ?", email).First(&row).Error
	found := err == nil
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("login: %w", err)
	}
	u := row.model()
	hash := dummyHash
	if found {
		hash = u.PasswordHash
	}
	ok, _ := password.Verify(hash, in.Password)
	ok = ok && found && u.Active

	var (
		sess    *Session
		refusal error
	)
	err = s.transact(ctx, func(tx *gorm.DB) error {
		if !ok {
			if err := s.recordAttempt(tx, email, in.IP, now, false); err != nil {
				return err
			}
			// The audit row names the address typed, not whether it exists.
			return s.audit(tx, actor, models.AuditLoginFailed, "login", email, "sign-in refused")
		}
		if err := s.loadRoles(tx, &u); err != nil {
			return err
		}
		// The second factor, when the user has one or their role requires
		// it (twofactor.go): a wrong code is committed as a failed attempt.
		pending, refused, err := s.secondFactorAtLogin(tx, actor, &u, in)
		if err != nil || refused != nil || pending != nil {
			refusal = refused
			sess = &Session{User: &u, Pending: pending}
			return err
		}
		sess, err = s.openSession(tx, actor, &u, in.IP, in.UserAgent, "signed in")
		return err
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errBadCredentials()
	}
	if refusal != nil {
		return nil, refusal
	}
	return sess, nil
}

// openSession opens a session for u, whose sign-in is complete, and records
// the successful attempt and its audit row (summary says how).
func (s *core) openSession(tx *gorm.DB, actor models.Actor, u *models.User, ip, userAgent, summary string) (*Session, error) {
	now := s.now()
	if err := s.recordAttempt(tx, u.Email, ip, now, true); err != nil {
		return nil, err
	}
	token := randomToken()
	row := sessionRow{ID: sessionID(token), UserID: u.ID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.opts.SessionAbsolute), IP: ip, UserAgent: truncate(userAgent, 300)}
	if err := tx.Create(&row).Error; err != nil {
		return nil, fmt.Errorf("create session: %w", err)
	}
	actor.User = u
	return &Session{Token: token, User: u, ExpiresAt: row.ExpiresAt}, s.audit(tx, actor, models.AuditLoginSucceeded, "user", strconv.FormatInt(u.ID, 10), summary)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// ErrNoSession means the cookie names no live session.
var ErrNoSession = errors.New("no session")

// SessionUser resolves a cookie to its user, enforcing the idle and absolute
// timeouts and the account still being active. The idle clock is refreshed at
// most once a minute to spare the database a write per request.
func (s *Auth) SessionUser(ctx context.Context, token string) (*models.User, error) {
	if token == "" {
		return nil, ErrNoSession
	}
	db := s.db.WithContext(ctx)
	var row credentialRow
	err := db.Raw("SELECT "+userColumnsSQL+", "+s.roleListSQL()+", s.id AS session_id, s.last_seen_at, s.expires_at "+
		"FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?", sessionID(token)).Take(&row).Error
	if err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrNoSession
		}
		return nil, fmt.Errorf("session: %w", err)
	}
	now := s.now()
	if now.After(row.ExpiresAt) || now.Sub(row.LastSeenAt) > s.opts.SessionIdle || !row.User.Active {
		db.Where("id = ?", row.SessionID).Delete(&sessionRow{})
		return nil, ErrNoSession
	}
	if now.Sub(row.LastSeenAt) > time.Minute {
		// The idle timeout reads this: written before the answer.
		if err := db.Model(&sessionRow{}).Where("id = ?", row.SessionID).Update("last_seen_at", now).Error; err != nil {
			return nil, fmt.Errorf("touch session: %w", err)
		}
	}
	return row.user(), nil
}

// Logout ends the session behind token.
func (s *Auth) Logout(ctx context.Context, actor models.Actor, token string) error {
	return s.transact(ctx, func(tx *gorm.DB) error {
		res := tx.Where("id = ?", sessionID(token)).Delete(&sessionRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 || actor.User == nil {
			return nil
		}
		return s.audit(tx, actor, models.AuditLogout, "user", strconv.FormatInt(actor.User.ID, 10), "signed out")
	})
}

// PurgeExpired deletes sessions past their lifetime and login attempts older
// than the throttling window. It runs periodically from serve.
func (s *Auth) PurgeExpired(ctx context.Context) error {
	now := s.now()
	db := s.db.WithContext(ctx)
	if err := db.Where("expires_at < ? OR last_seen_at < ?", now, now.Add(-s.opts.SessionIdle)).Delete(&sessionRow{}).Error; err != nil {
		return fmt.Errorf("purge sessions: %w", err)
	}
	return db.Where("at < ?", now.Add(-24*time.Hour)).Delete(&loginAttempt{}).Error
}
