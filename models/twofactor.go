package models

import (
	"strconv"
	"strings"
)

// Two-factor sign-in for staff (issue 10): after the password, a time-based
// one-time code (TOTP, RFC 6238) from an authenticator app, or one of the
// recovery codes given at enrolment. Interviewers and admins read data on
// possible victims of trafficking, so their roles require it by default; an
// admin can require it for any role.

// Audit actions of the second factor.
const (
	AuditTOTPEnrolled      = "auth.totp_enrolled"
	AuditTOTPFailed        = "auth.totp_failed"
	AuditTOTPRecoveryUsed  = "auth.totp_recovery_used"
	AuditTOTPReset         = "auth.totp_reset"
	AuditTOTPPolicyChanged = "auth.totp_policy_changed"
	AuditTOTPSecretViewed  = "auth.totp_secret_viewed"
	AuditLoginSecondStep   = "auth.login_second_step"
)

// TOTP parameters: the ones every authenticator app understands (RFC 6238's
// defaults): 6 digits, a 30-second step, HMAC-SHA1, and one step of clock
// drift accepted on either side.
const (
	TOTPDigits     = 6
	TOTPPeriod     = 30
	TOTPSkew       = 1
	RecoveryCodes  = 10
	TOTPIssuer     = "Carddesk"
	recoveryLength = 16 // characters of a recovery code, without the dashes
)

// DefaultTOTPRequired says which roles require the second factor on a new
// installation: interviewers and admins, who read the interviews and the
// indicator history.
func DefaultTOTPRequired(role Role) bool {
	return role == RoleInterviewer || role == RoleAdmin
}

// TOTPPolicy is, per role, whether its holders must sign in with a second
// factor. A role missing from the map follows DefaultTOTPRequired.
type TOTPPolicy map[Role]bool

// Requires reports whether a user holding roles must use a second factor:
// one role that requires it is enough.
func (p TOTPPolicy) Requires(roles []Role) bool {
	for _, r := range roles {
		req, ok := p[r]
		if !ok {
			req = DefaultTOTPRequired(r)
		}
		if req {
			return true
		}
	}
	return false
}

// SecondFactorStep is what a sign-in still needs after a correct password.
type SecondFactorStep string

// The steps.
const (
	StepNone  SecondFactorStep = ""      // the password is enough
	StepCode  SecondFactorStep = "totp"  // enter a code from the app, or a recovery code
	StepEnrol SecondFactorStep = "enrol" // the role requires a second factor the user has not set up
)

// Valid reports whether s is a step a pending sign-in can be in.
func (s SecondFactorStep) Valid() bool { return s == StepCode || s == StepEnrol }

// NextSignInStep decides what a sign-in needs after a correct password: the
// code when the user is enrolled (whatever the policy: an enrolled user
// always gives it), enrolment when a role requires it, nothing otherwise.
func NextSignInStep(enrolled, required bool) SecondFactorStep {
	switch {
	case enrolled:
		return StepCode
	case required:
		return StepEnrol
	}
	return StepNone
}

// TOTPCodeKind tells a six-digit code from an authenticator app from a
// recovery code, after NormalizeSecondFactorCode.
type TOTPCodeKind int

// The kinds of code.
const (
	CodeMalformed TOTPCodeKind = iota
	CodeTOTP
	CodeRecovery
)

// NormalizeSecondFactorCode trims what people type around a code: spaces
// and dashes anywhere (apps show "123 456", recovery codes are printed in
// groups), and lower case. It returns the code and its kind.
func NormalizeSecondFactorCode(code string) (string, TOTPCodeKind) {
	var b strings.Builder
	for _, r := range code {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			continue
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		default:
			b.WriteRune(r)
		}
	}
	c := b.String()
	switch {
	case len(c) == TOTPDigits && allIn(c, "0123456789"):
		return c, CodeTOTP
	case len(c) == recoveryLength && allIn(c, RecoveryAlphabet):
		return c, CodeRecovery
	}
	return c, CodeMalformed
}

// RecoveryAlphabet is the alphabet of recovery codes: Crockford's base32
// without the letters people confuse with digits (I, L, O, U), 5 bits a
// character, so 16 characters carry 80 bits.
const RecoveryAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// FormatRecoveryCode prints a normalized recovery code in groups of four.
func FormatRecoveryCode(code string) string {
	var parts []string
	for i := 0; i < len(code); i += 4 {
		parts = append(parts, code[i:min(i+4, len(code))])
	}
	return strings.Join(parts, "-")
}

func allIn(s, alphabet string) bool {
	for _, r := range s {
		if !strings.ContainsRune(alphabet, r) {
			return false
		}
	}
	return s != ""
}

// CheckTOTPStep is the replay rule (RFC 6238 §5.2): a code is accepted once.
// step is the time step the code matched; lastUsed the newest step already
// accepted for the user (0 for none). A code of that step or an earlier one
// is refused, even inside the drift window.
func CheckTOTPStep(step, lastUsed int64) error {
	if step <= lastUsed {
		return ErrTOTPReplayed()
	}
	return nil
}

// ErrTOTPRequired is the answer to a sign-in whose password is right but
// which carries no code, for an enrolled user.
func ErrTOTPRequired() error {
	return Fail(KindUnauthorized, "totp_required", "Enter the 6-digit code from your authenticator app, or a recovery code.")
}

// ErrTOTPInvalid is the answer to a wrong, malformed or used code. It does not
// say which, so a guess learns nothing.
func ErrTOTPInvalid() error {
	return Fail(KindUnauthorized, "totp_invalid", "This code is not valid. Enter the current code from your app, or an unused recovery code.")
}

// ErrTOTPReplayed refuses a code already used. To the person it reads as
// any invalid code.
func ErrTOTPReplayed() error { return ErrTOTPInvalid() }

// ErrTOTPEnrolmentRequired refuses an API sign-in for a user whose role
// requires a second factor they have not set up: enrolment happens in the
// browser, where the QR code is shown.
func ErrTOTPEnrolmentRequired() error {
	return Fail(KindForbidden, "totp_enrolment_required", "Your role requires two-factor sign-in: sign in in the browser once to set it up.")
}

// TOTPSecretAAD binds a sealed TOTP secret to its user: a secret copied
// into another user's row does not open. (The row's id is not known when
// the secret is sealed, before the row is inserted.)
func TOTPSecretAAD(userID int64) []byte {
	return []byte("totp_secret:" + strconv.FormatInt(userID, 10))
}

// CanResetSecondFactor says whether actor may reset target's second factor
// (a lost phone): an admin, for someone else (a stolen session must not be
// able to strip its own account's second factor), with a reason.
func CanResetSecondFactor(actor Actor, target *User, reason string) error {
	if err := actor.Require(PermUserManage); err != nil {
		return err
	}
	if actor.User != nil && actor.User.ID == target.ID {
		return Fail(KindConflict, "cannot_reset_own_totp", "You cannot reset your own second factor: ask another admin.")
	}
	var v Validation
	switch r := strings.TrimSpace(reason); {
	case r == "":
		v.Add("reason", "required", "Say why the second factor is reset.")
	case len([]rune(r)) > 500:
		v.Add("reason", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": 500})
	}
	return v.Err()
}
