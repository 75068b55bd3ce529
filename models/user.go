package models

import (
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Locales are the languages Carddesk speaks to its staff.
var Locales = []string{"en", "fr", "nl"}

// User is a member of the Protocol Directorate's staff. Users are never
// deleted: they are deactivated with a reason, so the audit trail always
// names a real person.
type User struct {
	ID                 int64
	Email              string
	Name               string
	Locale             string // "" means: follow the browser's Accept-Language
	PasswordHash       string `json:"-"`
	MustChangePassword bool
	Active             bool
	DeactivatedAt      *time.Time
	DeactivationReason string
	CreatedAt          time.Time
	UpdatedAt          time.Time

	Roles []Role
}

// HasRole reports whether u holds role.
func (u *User) HasRole(role Role) bool { return u != nil && slices.Contains(u.Roles, role) }

// Can reports whether u, active, holds a role that grants perm.
func (u *User) Can(perm Permission) bool {
	if u == nil || !u.Active {
		return false
	}
	for _, r := range u.Roles {
		if RoleHas(r, perm) {
			return true
		}
	}
	return false
}

// Actor is who performs an action, with the request it came from. Every
// state-changing service call takes one, so the audit row written in the same
// transaction says who, from where, under which request id.
type Actor struct {
	User      *User // nil for anonymous (a login attempt) or the system
	RequestID string
	IP        string
	Via       string // "web", "api", "cli", "system": recorded, never trusted
	// system marks the process itself (housekeeping, the demo loader, the
	// command line): only System sets it, so no field a request can fill
	// grants anything.
	system bool
}

// System returns the actor of the process itself: a housekeeping job, the
// demo loader, or the command line (an operator who holds the database
// credentials); via says which, for the audit trail. It passes every
// permission check, so only cmd/carddesk and jobs started by it mint one: no
// request handler does (app's TestNoSystemActorInHandlers walks its sources).
func System(via string) Actor { return Actor{Via: via, system: true} }

// IsSystem reports whether a is the process itself (see System).
func (a Actor) IsSystem() bool { return a.system }

// UserID returns the actor's user id, or 0.
func (a Actor) UserID() int64 {
	if a.User == nil {
		return 0
	}
	return a.User.ID
}

// Require returns a forbidden error unless the actor holds perm. Services call
// it inside their transaction, so no caller (page, API, CLI) can skip it.
func (a Actor) Require(perm Permission) error {
	// The process itself (demo loader, jobs, the command line) acts without
	// a staff account.
	if a.system {
		return nil
	}
	if a.User == nil {
		return Fail(KindUnauthorized, "unauthenticated", "Please sign in.")
	}
	if !a.User.Can(perm) {
		return &Error{Kind: KindForbidden, Code: "forbidden", Message: "You do not have the permission {{.perm}}.",
			Args: map[string]any{"perm": string(perm)}}
	}
	return nil
}

// NormalizeEmail trims and lower-cases an address, so one person has one
// account whatever the capitalisation they type.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// NewUser is the input for creating an account.
type NewUser struct {
	Email  string
	Name   string
	Roles  []Role
	Locale string
}

// Validate checks a new account's fields.
func (n NewUser) Validate() error {
	var v Validation
	validateEmail(&v, n.Email)
	name := strings.TrimSpace(n.Name)
	switch {
	case name == "":
		v.Add("name", "required", "Enter the person's name.")
	case utf8.RuneCountInString(name) > 120:
		v.Add("name", "too_long", "Use at most 120 characters.")
	}
	if len(n.Roles) == 0 {
		v.Add("roles", "required", "Choose at least one role.")
	}
	for _, r := range n.Roles {
		if !r.Valid() {
			v.Add("roles", "invalid_role", "Unknown role.")
			break
		}
	}
	if n.Locale != "" && !slices.Contains(Locales, n.Locale) {
		v.Add("locale", "invalid_locale", "Choose English, French or Dutch.")
	}
	return v.Err()
}

func validateEmail(v *Validation, email string) {
	email = strings.TrimSpace(email)
	if email == "" {
		v.Add("email", "required", "Enter an e-mail address.")
		return
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || !strings.Contains(email[strings.LastIndex(email, "@")+1:], ".") || len(email) > 254 {
		v.Add("email", "invalid_email", "Enter an e-mail address like name@diplomatie.belgium.be.")
	}
}

// Password rules: length is what matters (NIST SP 800-63B); no composition
// rules, but not the e-mail address, not a password on a list of common ones
// (SP 800-63B 5.1.1.2), and not absurdly long (hashing cost).
const (
	PasswordMinLength = 12
	PasswordMaxLength = 256
)

// ValidatePassword checks a new password for the account with that e-mail.
// isCommon says whether a password is one attackers try first (the store
// passes app/password.IsCommon, which reads an embedded published list).
func ValidatePassword(password, email string, isCommon func(string) bool) error {
	var v Validation
	n := utf8.RuneCountInString(password)
	switch {
	case n < PasswordMinLength:
		v.Add("password", "password_too_short", "Use at least {{.min}} characters.", map[string]any{"min": PasswordMinLength})
	case len(password) > PasswordMaxLength:
		v.Add("password", "password_too_long", "Use at most {{.max}} characters.", map[string]any{"max": PasswordMaxLength})
	case email != "" && strings.EqualFold(strings.TrimSpace(password), NormalizeEmail(email)):
		v.Add("password", "password_is_email", "Do not use your e-mail address as password.")
	case isCommon != nil && isCommon(password):
		v.Add("password", "password_common", "This password is on a published list of passwords that attackers try first (perhaps with digits or symbols added, or repeated). Choose another, for example a few words of your own.")
	}
	return v.Err()
}

// CanDeactivate says whether actor may deactivate target with reason.
func CanDeactivate(actor Actor, target *User, reason string) error {
	if err := actor.Require(PermUserManage); err != nil {
		return err
	}
	if actor.User != nil && actor.User.ID == target.ID {
		return Fail(KindConflict, "cannot_deactivate_self", "You cannot deactivate your own account.")
	}
	if !target.Active {
		return Fail(KindConflict, "already_inactive", "This account is already deactivated.")
	}
	var v Validation
	if strings.TrimSpace(reason) == "" {
		v.Add("reason", "required", "Say why the account is deactivated.")
	}
	return v.Err()
}
