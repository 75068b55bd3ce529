package store

import (
	"context"
	"fmt"
	"math"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// throttle applies models.LoginThrottle to an attempt to prove the password
// of the account with email (a sign-in, or the password form), before the
// password is checked: it waits as long as the client address's failures
// ask, then refuses, audited, an account with too many failures. It runs
// outside any transaction: no lock is held while it waits.
func (s *core) throttle(ctx context.Context, db *gorm.DB, actor models.Actor, email string) error {
	rule := s.opts.Login
	if actor.IP != "" {
		var n int64
		if err := db.Model(&loginAttempt{}).Where("ip = ? AND at > ? AND NOT succeeded", actor.IP, s.now().Add(-rule.Window)).
			Count(&n).Error; err != nil {
			return fmt.Errorf("count login failures of the address: %w", err)
		}
		if d := rule.AddressDelay(int(n)); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			}
		}
	}
	now := s.now()
	var times []time.Time
	if err := db.Model(&loginAttempt{}).Where("email = ? AND at > ? AND NOT succeeded", email, now.Add(-rule.Window)).
		Order("at DESC").Limit(max(rule.MaxPerAccount, 1)).Pluck("at", &times).Error; err != nil {
		return fmt.Errorf("count login failures of the account: %w", err)
	}
	wait := rule.AccountWait(times, now)
	if wait <= 0 {
		return nil
	}
	if err := s.audit(db, actor, models.AuditLoginThrottled, "login", email, "attempt refused: too many failures"); err != nil {
		return err
	}
	return &models.Error{Kind: models.KindTooMany, Code: "login_throttled",
		Message: "Too many failed attempts. Wait {{.minutes}} minutes and try again.",
		Args:    map[string]any{"minutes": int(math.Ceil(wait.Minutes())), "retry_after": int(wait.Seconds()) + 1}}
}

// recordAttempt notes one check of a password, for the throttle.
func (s *core) recordAttempt(tx *gorm.DB, email, ip string, at time.Time, ok bool) error {
	if err := tx.Create(&loginAttempt{At: at, Email: email, IP: ip, Succeeded: ok}).Error; err != nil {
		return fmt.Errorf("record login attempt: %w", err)
	}
	return nil
}
