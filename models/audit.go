package models

import "time"

// AuditEvent is one line of the append-only audit trail. The summary never
// carries sensitive content (no interview notes, no indicator text, no
// passwords): it says what happened to which record, not what it contained.
type AuditEvent struct {
	ID         int64
	At         time.Time
	ActorID    *int64
	ActorEmail string
	Action     string
	RecordType string
	RecordID   string
	RequestID  string
	IP         string
	Via        string
	Summary    string
}

// Audit actions. Views of confidential data (interviews, indicator history,
// employer views) are audited as "*.view" actions.
const (
	AuditLoginSucceeded   = "auth.login"
	AuditLoginFailed      = "auth.login_failed"
	AuditLoginThrottled   = "auth.login_throttled"
	AuditLogout           = "auth.logout"
	AuditPasswordChanged  = "user.password_changed"
	AuditPasswordReset    = "user.password_reset"
	AuditUserCreated      = "user.created"
	AuditUserUpdated      = "user.updated"
	AuditUserDeactivated  = "user.deactivated"
	AuditUserReactivated  = "user.reactivated"
	AuditTokenCreated     = "token.created"
	AuditTokenRevoked     = "token.revoked"
	AuditPreferenceChange = "user.locale_changed"
	// A wrong current password on the password form: counted with the
	// failed sign-ins of the account (models.LoginThrottle).
	AuditPasswordChangeFailed = "auth.password_change_failed"
)

// AuditFilter selects audit events for the admin page and the API.
type AuditFilter struct {
	ActorEmail string
	RecordType string
	RecordID   string
	Action     string // exact, or a prefix ending in "." (e.g. "auth.")
	From, To   time.Time
	Limit      int
	BeforeID   int64 // keyset pagination: events older than this id
}
