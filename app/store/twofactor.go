package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/carddesk/carddesk/app/twofactor"
	"github.com/carddesk/carddesk/models"
)

// Two-factor sign-in (issue 10). A correct password of a user who must give
// a second factor opens no session: it opens a login challenge, a row named
// by the SHA-256 of a cookie value like a session, which can do exactly one
// thing: take the code (step totp) or the enrolment (step enrol). The
// session is created only once that step is met, in the same transaction.
// The JSON API takes the code with the password instead (LoginRequest).

// How long a password stays good for its second step.
const (
	challengeTTL      = 10 * time.Minute
	enrolChallengeTTL = 20 * time.Minute // scanning a QR code the first time takes longer
)

type totpEnrolmentRow struct {
	ID          int64
	UserID      int64
	Secret      []byte
	CreatedAt   time.Time
	ConfirmedAt *time.Time
	RevokedAt   *time.Time
}

func (totpEnrolmentRow) TableName() string { return "totp_enrolments" }

type totpRecoveryCodeRow struct {
	ID          int64
	EnrolmentID int64
	CodeHash    string
	UsedAt      *time.Time
}

func (totpRecoveryCodeRow) TableName() string { return "totp_recovery_codes" }

type totpUsedStepRow struct {
	UserID int64 `gorm:"primaryKey;autoIncrement:false"`
	Step   int64 `gorm:"primaryKey;autoIncrement:false"`
	UsedAt time.Time
}

func (totpUsedStepRow) TableName() string { return "totp_used_steps" }

type loginChallengeRow struct {
	ID        string
	UserID    int64
	Step      models.SecondFactorStep
	CreatedAt time.Time
	ExpiresAt time.Time
	IP        string
}

func (loginChallengeRow) TableName() string { return "login_challenges" }

type totpRolePolicyRow struct {
	Role        models.Role `gorm:"primaryKey"`
	Required    bool
	UpdatedAt   time.Time
	UpdatedByID *int64
}

func (totpRolePolicyRow) TableName() string { return "totp_role_policies" }

// Challenge is a sign-in whose password was right and that waits for its
// second factor: Token goes into a cookie, only its SHA-256 is stored.
type Challenge struct {
	Token     string
	Step      models.SecondFactorStep
	ExpiresAt time.Time
	TTL       time.Duration
}

// errChallengeGone answers a second step whose sign-in expired, was
// completed, or whose second factor was reset meanwhile.
func errChallengeGone() error {
	return models.Fail(models.KindConflict, "sign_in_expired", "This sign-in has expired. Enter your e-mail address and password again.")
}

// secondFactorAtLogin runs inside Login's transaction once the password is
// right. It returns a challenge when the browser must take a second step, a
// refusal (committed with its failed attempt and audit row) when the code
// given is wrong or missing, or neither when Login may open the session.
func (s *Auth) secondFactorAtLogin(tx *gorm.DB, actor models.Actor, u *models.User, in LoginRequest) (pending *Challenge, refusal, err error) {
	policy, err := s.totpPolicy(tx)
	if err != nil {
		return nil, nil, err
	}
	enrolment, err := s.confirmedEnrolment(tx, u.ID)
	if err != nil {
		return nil, nil, err
	}
	step := models.NextSignInStep(enrolment != nil, policy.Requires(u.Roles))
	switch {
	case step == models.StepNone:
		return nil, nil, nil
	case step == models.StepCode && in.TOTPCode != "":
		refusal, err := s.checkSecondFactor(tx, actor, u, enrolment, in.TOTPCode, in.IP)
		return nil, refusal, err
	case in.Interactive:
		ch, err := s.openChallenge(tx, actor, u, step, in.IP)
		return ch, nil, err
	case step == models.StepCode:
		return nil, models.ErrTOTPRequired(), nil
	}
	return nil, models.ErrTOTPEnrolmentRequired(), nil
}

func (s *core) totpPolicy(tx *gorm.DB) (models.TOTPPolicy, error) {
	var rows []totpRolePolicyRow
	if err := tx.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("two-factor policy: %w", err)
	}
	p := models.TOTPPolicy{}
	for _, r := range rows {
		p[r.Role] = r.Required
	}
	return p, nil
}

// confirmedEnrolment is the user's enrolment in force, or nil.
func (s *core) confirmedEnrolment(tx *gorm.DB, userID int64) (*totpEnrolmentRow, error) {
	var rows []totpEnrolmentRow
	if err := tx.Where("user_id = ? AND confirmed_at IS NOT NULL AND revoked_at IS NULL", userID).Limit(1).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("two-factor enrolment of user %d: %w", userID, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return &rows[0], nil
}

func (s *core) openSecret(e *totpEnrolmentRow) (string, error) {
	if s.opts.Sealer == nil {
		return "", errNoSealer
	}
	b, err := s.opts.Sealer.Open(e.Secret, models.TOTPSecretAAD(e.UserID))
	if err != nil {
		// The configured key is not the one that sealed it (a lost or
		// dropped key): nobody can check this user's codes any more.
		s.opts.Logger.Warn("a TOTP secret could not be opened", "enrolment", e.ID, "error", err.Error())
		return "", models.Fail(models.KindConflict, "totp_unreadable",
			"Your second factor cannot be checked: the server's key does not open it. Ask an admin or an operator to reset it.")
	}
	return string(b), nil
}

// checkSecondFactor checks a code from the app (once: the replay rule) or an
// unused recovery code of enrolment. A wrong code is recorded as a failed
// sign-in, so it is throttled with the passwords, and audited; the refusal
// is returned for the caller to commit and answer.
func (s *core) checkSecondFactor(tx *gorm.DB, actor models.Actor, u *models.User, enrolment *totpEnrolmentRow, code, ip string) (refusal, err error) {
	normalized, kind := models.NormalizeSecondFactorCode(code)
	switch kind {
	case models.CodeTOTP:
		secret, err := s.openSecret(enrolment)
		if err != nil {
			return nil, err
		}
		ok, err := s.useStep(tx, u.ID, secret, normalized)
		if err != nil || ok {
			return nil, err
		}
	case models.CodeRecovery:
		res := tx.Model(&totpRecoveryCodeRow{}).Where("enrolment_id = ? AND code_hash = ? AND used_at IS NULL",
			enrolment.ID, twofactor.HashRecoveryCode(normalized)).Update("used_at", s.now())
		if res.Error != nil {
			return nil, fmt.Errorf("use recovery code: %w", res.Error)
		}
		if res.RowsAffected == 1 {
			var left int64
			if err := tx.Model(&totpRecoveryCodeRow{}).Where("enrolment_id = ? AND used_at IS NULL", enrolment.ID).Count(&left).Error; err != nil {
				return nil, err
			}
			return nil, s.audit(tx, actor, models.AuditTOTPRecoveryUsed, "user", strconv.FormatInt(u.ID, 10),
				fmt.Sprintf("recovery code used; %d left", left))
		}
	}
	if err := s.recordAttempt(tx, u.Email, ip, s.now(), false); err != nil {
		return nil, err
	}
	return models.ErrTOTPInvalid(), s.audit(tx, actor, models.AuditTOTPFailed, "user", strconv.FormatInt(u.ID, 10), "second factor refused")
}

// useStep accepts code if it is secret's code for a step near now that is
// newer than every step accepted before for the user, and records the step.
// The primary key (user, step) refuses a concurrent second use of it.
func (s *core) useStep(tx *gorm.DB, userID int64, secret, code string) (bool, error) {
	step, ok := twofactor.Match(secret, code, s.now())
	if !ok {
		return false, nil
	}
	var last int64
	if err := tx.Model(&totpUsedStepRow{}).Where("user_id = ?", userID).Select("COALESCE(MAX(step), 0)").Scan(&last).Error; err != nil {
		return false, fmt.Errorf("last TOTP step: %w", err)
	}
	if models.CheckTOTPStep(step, last) != nil {
		return false, nil
	}
	res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&totpUsedStepRow{UserID: userID, Step: step, UsedAt: s.now()})
	if res.Error != nil {
		return false, fmt.Errorf("record TOTP step: %w", res.Error)
	}
	// Steps older than the drift window can never match again.
	if err := tx.Where("user_id = ? AND step < ?", userID, step-2*models.TOTPSkew-1).Delete(&totpUsedStepRow{}).Error; err != nil {
		return false, fmt.Errorf("forget old TOTP steps: %w", err)
	}
	return res.RowsAffected == 1, nil
}

func (s *core) openChallenge(tx *gorm.DB, actor models.Actor, u *models.User, step models.SecondFactorStep, ip string) (*Challenge, error) {
	now := s.now()
	if err := tx.Where("expires_at < ?", now).Delete(&loginChallengeRow{}).Error; err != nil {
		return nil, fmt.Errorf("purge login challenges: %w", err)
	}
	ttl := challengeTTL
	if step == models.StepEnrol {
		ttl = enrolChallengeTTL
	}
	token := randomToken()
	row := loginChallengeRow{ID: sessionID(token), UserID: u.ID, Step: step, CreatedAt: now, ExpiresAt: now.Add(ttl), IP: ip}
	if err := tx.Create(&row).Error; err != nil {
		return nil, fmt.Errorf("open login challenge: %w", err)
	}
	summary := "password accepted; waiting for the second factor"
	if step == models.StepEnrol {
		summary = "password accepted; the role requires a second factor: enrolment first"
	}
	if err := s.audit(tx, actor, models.AuditLoginSecondStep, "user", strconv.FormatInt(u.ID, 10), summary); err != nil {
		return nil, err
	}
	return &Challenge{Token: token, Step: step, ExpiresAt: row.ExpiresAt, TTL: ttl}, nil
}

// challenge resolves a challenge cookie of step to its row and user.
func (s *core) challenge(tx *gorm.DB, token string, step models.SecondFactorStep) (*loginChallengeRow, *models.User, error) {
	if token == "" {
		return nil, nil, errChallengeGone()
	}
	var rows []loginChallengeRow
	if err := s.forUpdate(tx).Where("id = ?", sessionID(token)).Limit(1).Find(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("login challenge: %w", err)
	}
	if len(rows) == 0 || rows[0].Step != step || !s.now().Before(rows[0].ExpiresAt) {
		return nil, nil, errChallengeGone()
	}
	u, err := s.userByID(tx, rows[0].UserID)
	if err != nil {
		return nil, nil, err
	}
	if !u.Active {
		return nil, nil, errChallengeGone()
	}
	return &rows[0], u, nil
}

// SignInMeta is where a second step comes from, for the session and the
// audit trail.
type SignInMeta struct {
	IP, UserAgent, RequestID, Via string
}

func (m SignInMeta) actor() models.Actor {
	return models.Actor{RequestID: m.RequestID, IP: m.IP, Via: m.Via}
}

// ChallengeStep says which second step a challenge cookie waits for ("" when
// it is unknown or expired), so the pages can send the browser to it.
func (s *TwoFactor) ChallengeStep(ctx context.Context, token string) models.SecondFactorStep {
	var rows []loginChallengeRow
	if token == "" || s.db.WithContext(ctx).Where("id = ? AND expires_at > ?", sessionID(token), s.now()).Limit(1).Find(&rows).Error != nil || len(rows) == 0 {
		return models.StepNone
	}
	return rows[0].Step
}

// SignIn completes a sign-in waiting for its code: a code from the app or a
// recovery code. Wrong codes count as failed sign-ins for the account and the
// address and are throttled with the passwords. The session is opened here,
// and the challenge ends with it.
func (s *TwoFactor) SignIn(ctx context.Context, challenge, code string, meta SignInMeta) (*Session, error) {
	actor := meta.actor()
	var (
		sess    *Session
		refusal error
	)
	if err := s.throttleStep(ctx, actor, challenge, nil); err != nil {
		return nil, err
	}
	err := s.transact(ctx, func(tx *gorm.DB) error {
		ch, u, err := s.challenge(tx, challenge, models.StepCode)
		if err != nil {
			return err
		}
		enrolment, err := s.confirmedEnrolment(tx, u.ID)
		if err != nil {
			return err
		}
		if enrolment == nil { // reset by an admin meanwhile
			return errChallengeGone()
		}
		if refusal, err = s.checkSecondFactor(tx, actor, u, enrolment, code, meta.IP); err != nil || refusal != nil {
			return err
		}
		if err := tx.Delete(ch).Error; err != nil {
			return fmt.Errorf("end login challenge: %w", err)
		}
		sess, err = s.openSession(tx, actor, u, meta.IP, meta.UserAgent, "signed in with a second factor")
		return err
	})
	if err != nil {
		return nil, err
	}
	if refusal != nil {
		return nil, refusal
	}
	return sess, nil
}

// throttleStep applies the sign-in throttle (login_throttle.go) to a second
// step, before its transaction as Login does: wrong codes count as failed
// sign-ins of the account and the address. The account is the signed-in
// user's, or the one of the challenge; an unknown challenge is not
// throttled here (the step answers that the sign-in is gone).
func (s *core) throttleStep(ctx context.Context, actor models.Actor, challenge string, signedIn *models.User) error {
	db := s.db.WithContext(ctx)
	if signedIn != nil {
		return s.throttle(ctx, db, actor, signedIn.Email)
	}
	var emails []string
	if err := db.Raw("SELECT u.email FROM login_challenges c JOIN users u ON u.id = c.user_id WHERE c.id = ?",
		sessionID(challenge)).Scan(&emails).Error; err != nil {
		return fmt.Errorf("account of the login challenge: %w", err)
	}
	if len(emails) == 0 {
		return nil
	}
	return s.throttle(ctx, db, actor, emails[0])
}

// Enrollee names whose second factor is being set up: the signed-in actor,
// or, with AtSignIn, the user of the sign-in named by Challenge (the
// challenge cookie's value) that their role confines to enrolment.
type Enrollee struct {
	Actor     models.Actor
	AtSignIn  bool
	Challenge string
}

func (s *TwoFactor) enrollee(tx *gorm.DB, who Enrollee) (*models.User, *loginChallengeRow, error) {
	if who.AtSignIn {
		ch, u, err := s.challenge(tx, who.Challenge, models.StepEnrol)
		return u, ch, err
	}
	if who.Actor.User == nil {
		return nil, nil, models.Fail(models.KindUnauthorized, "unauthenticated", "Please sign in.")
	}
	if err := s.lockUser(tx, who.Actor.User.ID); err != nil {
		return nil, nil, err
	}
	u, err := s.userByID(tx, who.Actor.User.ID)
	return u, nil, err
}

// lockUser serialises the second-factor changes of one user on PostgreSQL
// (SQLite transactions already take the write lock at their start).
func (s *core) lockUser(tx *gorm.DB, id int64) error {
	if s.engine != Postgres {
		return nil
	}
	if err := tx.Exec("SELECT id FROM users WHERE id = ? FOR UPDATE", id).Error; err != nil {
		return fmt.Errorf("lock user %d: %w", id, err)
	}
	return nil
}

// PendingEnrolment is a secret shown for an authenticator app to take,
// waiting for its first code.
type PendingEnrolment struct {
	Secret    string
	Account   string
	URL       string // otpauth:// address, the QR code's content
	CreatedAt time.Time
}

// Pending returns the enrollee's secret waiting for confirmation, making one
// the first time, so that the page and its QR code show the same secret
// until it is confirmed. Each view of the secret is audited (shown says
// where: "page", "QR code").
func (s *TwoFactor) Pending(ctx context.Context, who Enrollee, shown string) (*PendingEnrolment, error) {
	var out *PendingEnrolment
	err := s.transact(ctx, func(tx *gorm.DB) error {
		u, _, err := s.enrollee(tx, who)
		if err != nil {
			return err
		}
		row, err := s.pendingEnrolment(tx, u)
		if err != nil {
			return err
		}
		secret, err := s.openSecret(row)
		if err != nil {
			return err
		}
		out = &PendingEnrolment{Secret: secret, Account: u.Email, URL: twofactor.KeyURL(secret, u.Email), CreatedAt: row.CreatedAt}
		actor := who.Actor
		actor.User = u
		return s.audit(tx, actor, models.AuditTOTPSecretViewed, "user", strconv.FormatInt(u.ID, 10), "TOTP secret shown for enrolment ("+shown+")")
	})
	return out, err
}

func (s *core) pendingEnrolment(tx *gorm.DB, u *models.User) (*totpEnrolmentRow, error) {
	var rows []totpEnrolmentRow
	if err := tx.Where("user_id = ? AND confirmed_at IS NULL AND revoked_at IS NULL", u.ID).Limit(1).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("pending enrolment: %w", err)
	}
	if len(rows) == 1 {
		return &rows[0], nil
	}
	secret, err := twofactor.NewSecret(u.Email)
	if err != nil {
		return nil, err
	}
	return s.insertEnrolment(tx, u.ID, secret)
}

func (s *core) insertEnrolment(tx *gorm.DB, userID int64, secret string) (*totpEnrolmentRow, error) {
	if s.opts.Sealer == nil {
		return nil, errNoSealer
	}
	b, err := s.opts.Sealer.Seal([]byte(secret), models.TOTPSecretAAD(userID))
	if err != nil {
		return nil, fmt.Errorf("seal TOTP secret: %w", err)
	}
	row := totpEnrolmentRow{UserID: userID, Secret: b, CreatedAt: s.now()}
	if err := tx.Create(&row).Error; err != nil {
		return nil, fmt.Errorf("new enrolment: %w", err)
	}
	return &row, nil
}

// Enrolled is a confirmed enrolment: the recovery codes, shown once, and the
// session when the enrolment completed a sign-in.
type Enrolled struct {
	RecoveryCodes []string // formatted in groups of four
	Session       *Session
}

// Confirm confirms the pending secret with its first code. It replaces an
// earlier enrolment, issues fresh recovery codes, and, for a sign-in
// confined to enrolment, opens the session. Wrong codes are throttled like
// passwords.
func (s *TwoFactor) Confirm(ctx context.Context, who Enrollee, code string, meta SignInMeta) (*Enrolled, error) {
	actor := who.Actor
	actor.RequestID, actor.IP, actor.Via = meta.RequestID, meta.IP, meta.Via
	var (
		out     *Enrolled
		refusal error
	)
	var signedIn *models.User
	if !who.AtSignIn {
		signedIn = who.Actor.User
	}
	if err := s.throttleStep(ctx, actor, who.Challenge, signedIn); err != nil {
		return nil, err
	}
	err := s.transact(ctx, func(tx *gorm.DB) error {
		u, ch, err := s.enrollee(tx, who)
		if err != nil {
			return err
		}
		actor.User = u
		var rows []totpEnrolmentRow
		if err := tx.Where("user_id = ? AND confirmed_at IS NULL AND revoked_at IS NULL", u.ID).Limit(1).Find(&rows).Error; err != nil {
			return fmt.Errorf("pending enrolment: %w", err)
		}
		if len(rows) == 0 {
			return models.Fail(models.KindConflict, "no_pending_enrolment", "Open the two-factor page again: it shows the secret to add to your app.")
		}
		if refusal, err = s.confirmCode(tx, actor, u, &rows[0], code, meta.IP); err != nil || refusal != nil {
			return err
		}
		codes, err := s.activate(tx, actor, u, &rows[0])
		if err != nil {
			return err
		}
		out = &Enrolled{RecoveryCodes: codes}
		if ch == nil {
			return nil
		}
		if err := tx.Delete(ch).Error; err != nil {
			return fmt.Errorf("end login challenge: %w", err)
		}
		out.Session, err = s.openSession(tx, actor, u, meta.IP, meta.UserAgent, "signed in after enrolling a second factor")
		return err
	})
	if err != nil {
		return nil, err
	}
	if refusal != nil {
		return nil, refusal
	}
	return out, nil
}

// confirmCode checks the first code of a pending enrolment (a recovery code
// does not confirm one).
func (s *core) confirmCode(tx *gorm.DB, actor models.Actor, u *models.User, pending *totpEnrolmentRow, code, ip string) (refusal, err error) {
	normalized, kind := models.NormalizeSecondFactorCode(code)
	if kind == models.CodeTOTP {
		secret, err := s.openSecret(pending)
		if err != nil {
			return nil, err
		}
		if ok, err := s.useStep(tx, u.ID, secret, normalized); err != nil || ok {
			return nil, err
		}
	}
	if err := s.recordAttempt(tx, u.Email, ip, s.now(), false); err != nil {
		return nil, err
	}
	return models.ErrTOTPInvalid(), s.audit(tx, actor, models.AuditTOTPFailed, "user", strconv.FormatInt(u.ID, 10), "enrolment code refused")
}

// activate makes pending the user's enrolment in force, revoking the one
// before, and returns its fresh recovery codes.
func (s *core) activate(tx *gorm.DB, actor models.Actor, u *models.User, pending *totpEnrolmentRow) ([]string, error) {
	now := s.now()
	if err := tx.Model(&totpEnrolmentRow{}).Where("user_id = ? AND confirmed_at IS NOT NULL AND revoked_at IS NULL", u.ID).
		Update("revoked_at", now).Error; err != nil {
		return nil, fmt.Errorf("revoke the earlier enrolment: %w", err)
	}
	if err := tx.Model(&totpEnrolmentRow{}).Where("id = ?", pending.ID).Update("confirmed_at", now).Error; err != nil {
		return nil, fmt.Errorf("confirm enrolment: %w", err)
	}
	codes, err := twofactor.RecoveryCodes(models.RecoveryCodes)
	if err != nil {
		return nil, err
	}
	rows := make([]totpRecoveryCodeRow, len(codes))
	for i, c := range codes {
		rows[i] = totpRecoveryCodeRow{EnrolmentID: pending.ID, CodeHash: twofactor.HashRecoveryCode(c)}
		codes[i] = models.FormatRecoveryCode(c)
	}
	if err := tx.Create(&rows).Error; err != nil {
		return nil, fmt.Errorf("store recovery codes: %w", err)
	}
	return codes, s.audit(tx, actor, models.AuditTOTPEnrolled, "user", strconv.FormatInt(u.ID, 10),
		fmt.Sprintf("second factor enrolled; %d recovery codes issued", len(codes)))
}

// EnrolWithSecret enrols a user with a known secret, confirmed at once: the
// demo loader's accounts (whose secrets are printed for newcomers) and test
// harnesses. Operator only. It returns the recovery codes.
func (s *TwoFactor) EnrolWithSecret(ctx context.Context, actor models.Actor, userID int64, secret string) ([]string, error) {
	if err := requireOperator(actor); err != nil {
		return nil, err
	}
	var codes []string
	err := s.transact(ctx, func(tx *gorm.DB) error {
		u, err := s.userByID(tx, userID)
		if err != nil {
			return err
		}
		if err := tx.Model(&totpEnrolmentRow{}).Where("user_id = ? AND confirmed_at IS NULL AND revoked_at IS NULL", u.ID).
			Update("revoked_at", s.now()).Error; err != nil {
			return fmt.Errorf("revoke pending enrolment: %w", err)
		}
		row, err := s.insertEnrolment(tx, u.ID, secret)
		if err != nil {
			return err
		}
		codes, err = s.activate(tx, actor, u, row)
		return err
	})
	return codes, err
}

// TOTPStatus is where a user stands with the second factor.
type TOTPStatus struct {
	UserID            int64
	Email, Name       string
	Active            bool
	Roles             []models.Role
	Enrolled          bool
	EnrolledAt        *time.Time
	RecoveryCodesLeft int64
	Required          bool
}

// Status returns the second-factor status of one user, for the user
// themselves or an admin.
func (s *TwoFactor) Status(ctx context.Context, actor models.Actor, userID int64) (*TOTPStatus, error) {
	if actor.UserID() != userID {
		if err := actor.Require(models.PermUserManage); err != nil {
			return nil, err
		}
	}
	db := s.db.WithContext(ctx)
	u, err := s.userByID(db, userID)
	if err != nil {
		return nil, err
	}
	list, err := s.statuses(db, []*models.User{u})
	if err != nil {
		return nil, err
	}
	return &list[0], nil
}

// Statuses lists every account's second-factor status (admins).
func (s *TwoFactor) Statuses(ctx context.Context, actor models.Actor) ([]TOTPStatus, error) {
	if err := actor.Require(models.PermUserManage); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	var rows []userRow
	if err := db.Order("name, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	users := make([]*models.User, len(rows))
	for i := range rows {
		u := rows[i].model()
		users[i] = &u
	}
	if err := s.loadRoles(db, users...); err != nil {
		return nil, err
	}
	return s.statuses(db, users)
}

func (s *core) statuses(db *gorm.DB, users []*models.User) ([]TOTPStatus, error) {
	policy, err := s.totpPolicy(db)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	var enrolments []struct {
		ID          int64
		UserID      int64
		ConfirmedAt time.Time
		Left        int64
	}
	if err := db.Raw(`SELECT e.id, e.user_id, e.confirmed_at,
			(SELECT COUNT(*) FROM totp_recovery_codes c WHERE c.enrolment_id = e.id AND c.used_at IS NULL) AS "left"
		FROM totp_enrolments e WHERE e.user_id IN ? AND e.confirmed_at IS NOT NULL AND e.revoked_at IS NULL`, ids).
		Scan(&enrolments).Error; err != nil {
		return nil, fmt.Errorf("enrolments: %w", err)
	}
	out := make([]TOTPStatus, len(users))
	for i, u := range users {
		out[i] = TOTPStatus{UserID: u.ID, Email: u.Email, Name: u.Name, Active: u.Active, Roles: u.Roles, Required: policy.Requires(u.Roles)}
		for _, e := range enrolments {
			if e.UserID == u.ID {
				at := e.ConfirmedAt
				out[i].Enrolled, out[i].EnrolledAt, out[i].RecoveryCodesLeft = true, &at, e.Left
			}
		}
	}
	return out, nil
}

// Reset removes a user's second factor (a lost phone): their enrolment and
// recovery codes stop working, their sessions and pending sign-ins end, and
// at the next sign-in a role that requires it sends them to enrolment.
func (s *TwoFactor) Reset(ctx context.Context, actor models.Actor, userID int64, reason string) error {
	return s.transact(ctx, func(tx *gorm.DB) error {
		if err := s.lockUser(tx, userID); err != nil {
			return err
		}
		u, err := s.userByID(tx, userID)
		if err != nil {
			return err
		}
		if err := models.CanResetSecondFactor(actor, u, reason); err != nil {
			return err
		}
		res := tx.Model(&totpEnrolmentRow{}).Where("user_id = ? AND revoked_at IS NULL", u.ID).Update("revoked_at", s.now())
		if res.Error != nil {
			return fmt.Errorf("revoke enrolments of user %d: %w", u.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			return models.Fail(models.KindConflict, "totp_not_enrolled", "This account has no second factor to reset.")
		}
		if err := s.endSignIns(tx, u.ID); err != nil {
			return err
		}
		return s.audit(tx, actor, models.AuditTOTPReset, "user", strconv.FormatInt(u.ID, 10), "second factor reset: "+strings.TrimSpace(reason))
	})
}

func (s *core) endSignIns(tx *gorm.DB, userID int64) error {
	if err := tx.Where("user_id = ?", userID).Delete(&sessionRow{}).Error; err != nil {
		return fmt.Errorf("end sessions of user %d: %w", userID, err)
	}
	if err := tx.Where("user_id = ?", userID).Delete(&loginChallengeRow{}).Error; err != nil {
		return fmt.Errorf("end pending sign-ins of user %d: %w", userID, err)
	}
	return nil
}

// RolePolicy is whether one role requires the second factor, and who said so.
type RolePolicy struct {
	Role      models.Role
	Required  bool
	UpdatedAt time.Time
	UpdatedBy string // e-mail of the admin, "" for the installation's default
}

// Policies lists the roles' requirements (admins).
func (s *TwoFactor) Policies(ctx context.Context, actor models.Actor) ([]RolePolicy, error) {
	if err := actor.Require(models.PermUserManage); err != nil {
		return nil, err
	}
	var rows []RolePolicy
	err := s.db.WithContext(ctx).Table("totp_role_policies p").
		Select("p.role, p.required, p.updated_at, COALESCE(u.email, '') AS updated_by").
		Joins("LEFT JOIN users u ON u.id = p.updated_by_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("two-factor policies: %w", err)
	}
	out := make([]RolePolicy, 0, len(models.Roles))
	for _, r := range models.Roles { // in the roles' order; a role added later has no row yet: its default
		p := RolePolicy{Role: r, Required: models.DefaultTOTPRequired(r)}
		for _, row := range rows {
			if row.Role == r {
				p = row
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// SetPolicy records which roles require the second factor; roles absent
// from policy keep theirs. A role newly required ends the sessions of its
// holders who are not enrolled, so that they sign in again and enrol.
func (s *TwoFactor) SetPolicy(ctx context.Context, actor models.Actor, policy models.TOTPPolicy) error {
	if err := actor.Require(models.PermUserManage); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		current, err := s.totpPolicy(s.forUpdate(tx))
		if err != nil {
			return err
		}
		for _, role := range models.Roles {
			want, given := policy[role]
			if !given || want == current.Requires([]models.Role{role}) {
				continue
			}
			var by *int64
			if actor.User != nil {
				id := actor.User.ID
				by = &id
			}
			row := totpRolePolicyRow{Role: role, Required: want, UpdatedAt: s.now(), UpdatedByID: by}
			if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "role"}},
				DoUpdates: clause.AssignmentColumns([]string{"required", "updated_at", "updated_by_id"})}).Create(&row).Error; err != nil {
				return fmt.Errorf("two-factor policy of %s: %w", role, err)
			}
			summary := "role " + string(role) + ": second factor no longer required"
			if want {
				summary = "role " + string(role) + ": second factor required"
				if err := s.confineUnenrolled(tx, role); err != nil {
					return err
				}
			}
			if err := s.audit(tx, actor, models.AuditTOTPPolicyChanged, "role", string(role), summary); err != nil {
				return err
			}
		}
		return nil
	})
}

// confineUnenrolled ends the sessions of role's holders without a second
// factor.
func (s *core) confineUnenrolled(tx *gorm.DB, role models.Role) error {
	err := tx.Exec(`DELETE FROM sessions WHERE user_id IN (SELECT r.user_id FROM user_roles r WHERE r.role = ?
		AND NOT EXISTS (SELECT 1 FROM totp_enrolments e WHERE e.user_id = r.user_id AND e.confirmed_at IS NOT NULL AND e.revoked_at IS NULL))`, role).Error
	if err != nil {
		return fmt.Errorf("end sessions of unenrolled %s users: %w", role, err)
	}
	return nil
}
