package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/app/password"
	"github.com/carddesk/carddesk/models"
)

type userRole struct {
	UserID int64
	Role   models.Role
}

func (userRole) TableName() string { return "user_roles" }

func (s *core) loadRoles(tx *gorm.DB, users ...*models.User) error {
	if len(users) == 0 {
		return nil
	}
	ids := make([]int64, len(users))
	byID := make(map[int64]*models.User, len(users))
	for i, u := range users {
		ids[i], byID[u.ID] = u.ID, u
		u.Roles = nil
	}
	var rows []userRole
	if err := tx.Where("user_id IN ?", ids).Order("user_id, role").Find(&rows).Error; err != nil {
		return fmt.Errorf("load roles: %w", err)
	}
	for _, r := range rows {
		byID[r.UserID].Roles = append(byID[r.UserID].Roles, r.Role)
	}
	for _, u := range users {
		slices.SortFunc(u.Roles, func(a, b models.Role) int { return slices.Index(models.Roles, a) - slices.Index(models.Roles, b) })
	}
	return nil
}

func (s *core) userByID(tx *gorm.DB, id int64) (*models.User, error) {
	var row userRow
	if err := tx.First(&row, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, notFound("user")
		}
		return nil, fmt.Errorf("user %d: %w", id, err)
	}
	u := row.model()
	return &u, s.loadRoles(tx, &u)
}

func (s *core) userByEmail(tx *gorm.DB, email string) (*models.User, error) {
	var row userRow
	if err := tx.Where("email = ?", models.NormalizeEmail(email)).First(&row).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, notFound("user")
		}
		return nil, fmt.Errorf("user by email: %w", err)
	}
	u := row.model()
	return &u, s.loadRoles(tx, &u)
}

// User returns one account, for an actor allowed to manage users or for the
// user themselves.
func (s *Users) Get(ctx context.Context, actor models.Actor, id int64) (*models.User, error) {
	if actor.UserID() != id {
		if err := actor.Require(models.PermUserManage); err != nil {
			return nil, err
		}
	}
	return s.userByID(s.db.WithContext(ctx), id)
}

// UserByEmail returns one account by address (CLI and demo loader).
func (s *Users) ByEmail(ctx context.Context, actor models.Actor, email string) (*models.User, error) {
	if err := actor.Require(models.PermUserManage); err != nil {
		return nil, err
	}
	return s.userByEmail(s.db.WithContext(ctx), email)
}

// Users lists every account, active first, then by name.
func (s *Users) List(ctx context.Context, actor models.Actor) ([]*models.User, error) {
	if err := actor.Require(models.PermUserManage); err != nil {
		return nil, err
	}
	tx := s.db.WithContext(ctx)
	return s.usersWhere(tx.Order("active DESC, name, id"))
}

// usersWhere lists the accounts q selects, with their roles.
func (s *core) usersWhere(q *gorm.DB) ([]*models.User, error) {
	list, err := find[models.User, userRow](q, "users")
	if err != nil {
		return nil, err
	}
	users := make([]*models.User, len(list))
	for i := range list {
		users[i] = &list[i]
	}
	return users, s.loadRoles(q.Session(&gorm.Session{NewDB: true}), users...)
}

// CreateUser opens an account. When pw is empty a one-time password is
// generated, returned once, and must be changed at first login.
func (s *Users) Create(ctx context.Context, actor models.Actor, in models.NewUser, pw string) (*models.User, string, error) {
	if err := actor.Require(models.PermUserManage); err != nil {
		return nil, "", err
	}
	in.Email = models.NormalizeEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	if err := in.Validate(); err != nil {
		return nil, "", err
	}
	mustChange := false
	if pw == "" {
		pw, mustChange = password.Generate(16), true
	} else if err := models.ValidatePassword(pw, in.Email, password.IsCommon); err != nil {
		return nil, "", err
	}
	hash, err := s.opts.Password.Hash(pw)
	if err != nil {
		return nil, "", err
	}
	now := s.now()
	u := &models.User{Email: in.Email, Name: in.Name, Locale: in.Locale, PasswordHash: hash,
		MustChangePassword: mustChange, Active: true, CreatedAt: now, UpdatedAt: now}
	err = s.transact(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&userRow{}).Where("email = ?", in.Email).Count(&n).Error; err != nil {
			return fmt.Errorf("check e-mail address: %w", err)
		}
		if n > 0 {
			return emailTaken()
		}
		row := userRowOf(*u)
		if err := tx.Create(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return emailTaken()
			}
			return fmt.Errorf("create user: %w", err)
		}
		u.ID = row.ID
		if err := s.setRoles(tx, u, in.Roles); err != nil {
			return err
		}
		return s.audit(tx, actor, models.AuditUserCreated, "user", strconv.FormatInt(u.ID, 10),
			"account created with roles "+rolesText(u.Roles))
	})
	if err != nil {
		return nil, "", err
	}
	if !mustChange {
		pw = ""
	}
	return u, pw, nil
}

func emailTaken() error {
	var v models.Validation
	v.Add("email", "email_taken", "An account with this e-mail address already exists.")
	return v.Err()
}

func rolesText(roles []models.Role) string {
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = string(r)
	}
	return strings.Join(parts, ",")
}

func (s *core) setRoles(tx *gorm.DB, u *models.User, roles []models.Role) error {
	if err := tx.Where("user_id = ?", u.ID).Delete(&userRole{}).Error; err != nil {
		return fmt.Errorf("clear roles: %w", err)
	}
	u.Roles = nil
	for _, r := range models.Roles { // canonical order, no duplicates
		if slices.Contains(roles, r) {
			if err := tx.Create(&userRole{UserID: u.ID, Role: r}).Error; err != nil {
				return fmt.Errorf("grant role %s: %w", r, err)
			}
			u.Roles = append(u.Roles, r)
		}
	}
	return nil
}

// UpdateUser changes an account's name, roles and language. An admin cannot
// remove their own admin role: someone must always be able to manage staff.
func (s *Users) Update(ctx context.Context, actor models.Actor, id int64, in models.NewUser) (*models.User, error) {
	if err := actor.Require(models.PermUserManage); err != nil {
		return nil, err
	}
	var u *models.User
	err := s.transact(ctx, func(tx *gorm.DB) error {
		var err error
		if u, err = s.userByID(tx, id); err != nil {
			return err
		}
		in.Email = u.Email
		in.Name = strings.TrimSpace(in.Name)
		if err := in.Validate(); err != nil {
			return err
		}
		if actor.UserID() == id && !slices.Contains(in.Roles, models.RoleAdmin) {
			var v models.Validation
			v.Add("roles", "cannot_drop_own_admin", "You cannot remove your own admin role.")
			return v.Err()
		}
		before := rolesText(u.Roles)
		u.Name, u.Locale, u.UpdatedAt = in.Name, in.Locale, s.now()
		if err := tx.Model(&userRow{ID: u.ID}).Updates(map[string]any{"name": u.Name, "locale": u.Locale, "updated_at": u.UpdatedAt}).Error; err != nil {
			return fmt.Errorf("update user: %w", err)
		}
		if err := s.setRoles(tx, u, in.Roles); err != nil {
			return err
		}
		summary := "account updated"
		if after := rolesText(u.Roles); after != before {
			summary += "; roles " + before + " -> " + after
		}
		return s.audit(tx, actor, models.AuditUserUpdated, "user", strconv.FormatInt(id, 10), summary)
	})
	return u, err
}

// DeactivateUser closes an account with a reason and ends its sessions and
// tokens. The row stays: the audit trail keeps naming the person.
func (s *Users) Deactivate(ctx context.Context, actor models.Actor, id int64, reason string) error {
	return s.transact(ctx, func(tx *gorm.DB) error {
		u, err := s.userByID(tx, id)
		if err != nil {
			return err
		}
		reason = strings.TrimSpace(reason)
		if err := models.CanDeactivate(actor, u, reason); err != nil {
			return err
		}
		now := s.now()
		if err := tx.Model(&userRow{ID: u.ID}).Updates(map[string]any{"active": false, "deactivated_at": now,
			"deactivation_reason": reason, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("deactivate user: %w", err)
		}
		if err := tx.Where("user_id = ?", id).Delete(&sessionRow{}).Error; err != nil {
			return fmt.Errorf("end sessions of user %d: %w", id, err)
		}
		if err := tx.Model(&apiToken{}).Where("user_id = ? AND revoked_at IS NULL", id).Update("revoked_at", now).Error; err != nil {
			return fmt.Errorf("revoke tokens of user %d: %w", id, err)
		}
		// The reason is the admin's words about a colleague: kept on the
		// account, not copied into the audit summary.
		return s.audit(tx, actor, models.AuditUserDeactivated, "user", strconv.FormatInt(id, 10), "account deactivated")
	})
}

// ReactivateUser reopens a deactivated account; the person gets a new
// one-time password, returned once.
func (s *Users) Reactivate(ctx context.Context, actor models.Actor, id int64) (string, error) {
	if err := actor.Require(models.PermUserManage); err != nil {
		return "", err
	}
	pw := password.Generate(16)
	hash, err := s.opts.Password.Hash(pw)
	if err != nil {
		return "", err
	}
	err = s.transact(ctx, func(tx *gorm.DB) error {
		u, err := s.userByID(tx, id)
		if err != nil {
			return err
		}
		if u.Active {
			return models.Fail(models.KindConflict, "already_active", "This account is already active.")
		}
		if err := tx.Model(&userRow{ID: u.ID}).Updates(map[string]any{"active": true, "deactivated_at": nil, "deactivation_reason": "",
			"password_hash": hash, "must_change_password": true, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("reactivate user: %w", err)
		}
		return s.audit(tx, actor, models.AuditUserReactivated, "user", strconv.FormatInt(id, 10), "account reactivated")
	})
	if err != nil {
		return "", err
	}
	return pw, nil
}

// ResetPassword gives the account a one-time password, returned once to the
// admin; the person must change it at next login. Their sessions end and
// their API tokens are revoked.
func (s *Users) ResetPassword(ctx context.Context, actor models.Actor, id int64) (string, error) {
	if err := actor.Require(models.PermUserManage); err != nil {
		return "", err
	}
	pw := password.Generate(16)
	hash, err := s.opts.Password.Hash(pw)
	if err != nil {
		return "", err
	}
	err = s.transact(ctx, func(tx *gorm.DB) error {
		u, err := s.userByID(tx, id)
		if err != nil {
			return err
		}
		if !u.Active {
			return models.Fail(models.KindConflict, "user_inactive", "This account is deactivated; reactivate it first.")
		}
		if err := tx.Model(&userRow{ID: u.ID}).Updates(map[string]any{"password_hash": hash, "must_change_password": true, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("reset password: %w", err)
		}
		summary, err := s.endCredentials(tx, id, "")
		if err != nil {
			return err
		}
		return s.audit(tx, actor, models.AuditPasswordReset, "user", strconv.FormatInt(id, 10), "one-time password issued; "+summary)
	})
	if err != nil {
		return "", err
	}
	return pw, nil
}

// SetPassword sets a password chosen by an operator on the command line; the
// account's sessions end and its API tokens are revoked.
func (s *Users) SetPassword(ctx context.Context, actor models.Actor, id int64, pw string) error {
	if err := actor.Require(models.PermUserManage); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		u, err := s.userByID(tx, id)
		if err != nil {
			return err
		}
		if err := models.ValidatePassword(pw, u.Email, password.IsCommon); err != nil {
			return err
		}
		hash, err := s.opts.Password.Hash(pw)
		if err != nil {
			return err
		}
		if err := tx.Model(&userRow{ID: u.ID}).Updates(map[string]any{"password_hash": hash, "must_change_password": false, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("set password of user %d: %w", u.ID, err)
		}
		summary, err := s.endCredentials(tx, id, "")
		if err != nil {
			return err
		}
		return s.audit(tx, actor, models.AuditPasswordReset, "user", strconv.FormatInt(id, 10), "password set by operator; "+summary)
	})
}

// ChangePassword lets a signed-in user replace their password, proving the
// current one. The proof is throttled like a sign-in, and a wrong current
// password counts as a failed sign-in of the account: a stolen session is no
// way around the throttle. On success their other sessions end (keepSession
// survives) and their API tokens are revoked: whoever knew the old password
// may have made either.
func (s *Users) ChangePassword(ctx context.Context, actor models.Actor, current, next, keepSession string) error {
	if actor.User == nil {
		return models.Fail(models.KindUnauthorized, "unauthenticated", "Please sign in.")
	}
	db := s.db.WithContext(ctx)
	u, err := s.userByID(db, actor.User.ID)
	if err != nil {
		return err
	}
	if err := s.throttle(ctx, db, actor, u.Email); err != nil {
		return err
	}
	var v models.Validation
	if ok, _ := password.Verify(u.PasswordHash, current); !ok {
		v.Add("current_password", "wrong_password", "This is not your current password.")
		// The failure is recorded although the change is refused.
		if err := s.transact(ctx, func(tx *gorm.DB) error {
			if err := s.recordAttempt(tx, u.Email, actor.IP, s.now(), false); err != nil {
				return err
			}
			return s.audit(tx, actor, models.AuditPasswordChangeFailed, "user", strconv.FormatInt(u.ID, 10), "password change refused: wrong current password")
		}); err != nil {
			return err
		}
	}
	if err := models.ValidatePassword(next, u.Email, password.IsCommon); err != nil {
		fe, _ := err.(*models.Error).Field("password")
		v.Add("new_password", fe.Code, fe.Message, fe.Args)
	} else if next == current {
		v.Add("new_password", "password_unchanged", "Choose a password different from the current one.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	hash, err := s.opts.Password.Hash(next)
	if err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		// Only over the hash that was checked: a change made meanwhile wins.
		res := tx.Model(&userRow{}).Where("id = ? AND password_hash = ?", u.ID, u.PasswordHash).
			Updates(map[string]any{"password_hash": hash, "must_change_password": false, "updated_at": s.now()})
		if res.Error != nil {
			return fmt.Errorf("change password: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return models.Fail(models.KindConflict, "password_changed_meanwhile", "Your password was changed meanwhile; sign in again.")
		}
		summary, err := s.endCredentials(tx, u.ID, keepSession)
		if err != nil {
			return err
		}
		return s.audit(tx, actor, models.AuditPasswordChanged, "user", strconv.FormatInt(u.ID, 10), "password changed by its owner; "+summary)
	})
}

// endCredentials ends every session of the user but keepSession ("" for
// none) and revokes their API tokens, after a password change: whoever held
// the old password may have opened either. It says what it ended.
func (s *core) endCredentials(tx *gorm.DB, userID int64, keepSession string) (string, error) {
	q := tx.Where("user_id = ?", userID)
	if keepSession != "" {
		q = q.Where("id <> ?", sessionID(keepSession))
	}
	sessions := q.Delete(&sessionRow{})
	if sessions.Error != nil {
		return "", fmt.Errorf("end other sessions of user %d: %w", userID, sessions.Error)
	}
	tokens := tx.Model(&apiToken{}).Where("user_id = ? AND revoked_at IS NULL", userID).Update("revoked_at", s.now())
	if tokens.Error != nil {
		return "", fmt.Errorf("revoke tokens of user %d: %w", userID, tokens.Error)
	}
	return fmt.Sprintf("%d other sessions ended, %d API tokens revoked", sessions.RowsAffected, tokens.RowsAffected), nil
}

// SetLocale records the language a user chose for the interface.
func (s *Users) SetLocale(ctx context.Context, actor models.Actor, locale string) error {
	if actor.User == nil {
		return models.Fail(models.KindUnauthorized, "unauthenticated", "Please sign in.")
	}
	if locale != "" && !slices.Contains(models.Locales, locale) {
		var v models.Validation
		v.Add("locale", "invalid_locale", "Choose English, French or Dutch.")
		return v.Err()
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&userRow{}).Where("id = ?", actor.User.ID).
			Updates(map[string]any{"locale": locale, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("set locale: %w", err)
		}
		return s.audit(tx, actor, models.AuditPreferenceChange, "user", strconv.FormatInt(actor.User.ID, 10), "interface language: "+locale)
	})
}

// CountUsers returns how many accounts exist (first-run detection).
func (s *Users) Count(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&userRow{}).Count(&n).Error
	return n, err
}
