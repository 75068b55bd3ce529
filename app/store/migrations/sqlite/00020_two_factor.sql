-- Two-factor sign-in for staff (issue 10): SQLite dialect of
-- postgres/00020_two_factor.sql (see it for what each table holds). SQLite has
-- no row comparison, so the UPDATE guard of totp_enrolments lists every
-- column (TestResealTriggersListEveryColumn holds it to the table).

-- +goose Up
CREATE TABLE totp_enrolments (
    id           integer  PRIMARY KEY AUTOINCREMENT,
    user_id      integer  NOT NULL REFERENCES users (id),
    secret       blob     NOT NULL CHECK (typeof(secret) = 'blob' AND length(secret) >= 33),
    created_at   datetime NOT NULL,
    confirmed_at datetime,
    revoked_at   datetime
);
CREATE UNIQUE INDEX totp_enrolments_one_confirmed ON totp_enrolments (user_id) WHERE confirmed_at IS NOT NULL AND revoked_at IS NULL;
CREATE UNIQUE INDEX totp_enrolments_one_pending ON totp_enrolments (user_id) WHERE confirmed_at IS NULL AND revoked_at IS NULL;

-- +goose StatementBegin
CREATE TRIGGER totp_enrolments_no_update BEFORE UPDATE ON totp_enrolments
WHEN NOT (
    NEW.id IS OLD.id AND NEW.user_id IS OLD.user_id AND NEW.created_at IS OLD.created_at
    AND (NEW.confirmed_at IS OLD.confirmed_at
         OR (OLD.confirmed_at IS NULL AND OLD.revoked_at IS NULL AND NEW.confirmed_at IS NOT NULL AND NEW.secret IS OLD.secret))
    AND (NEW.revoked_at IS OLD.revoked_at
         OR (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL AND NEW.secret IS OLD.secret))
    AND (NEW.secret IS OLD.secret
         OR (typeof(OLD.secret) = 'blob' AND typeof(NEW.secret) = 'blob' AND length(OLD.secret) >= 33 AND length(NEW.secret) >= 33
             AND substr(OLD.secret, 1, 1) = x'01' AND substr(NEW.secret, 1, 1) = x'01' AND substr(NEW.secret, 2, 4) <> substr(OLD.secret, 2, 4)))
)
BEGIN
    SELECT RAISE(ABORT, 'totp_enrolments: only confirming once, revoking once or re-sealing the secret is allowed');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER totp_enrolments_no_delete BEFORE DELETE ON totp_enrolments
BEGIN
    SELECT RAISE(ABORT, 'totp_enrolments is kept for good (DELETE refused; revoke instead)');
END;
-- +goose StatementEnd

CREATE TABLE totp_recovery_codes (
    id           integer  PRIMARY KEY AUTOINCREMENT,
    enrolment_id integer  NOT NULL REFERENCES totp_enrolments (id),
    code_hash    text     NOT NULL UNIQUE CHECK (length(code_hash) = 64),
    used_at      datetime
);
CREATE INDEX totp_recovery_codes_enrolment ON totp_recovery_codes (enrolment_id);

-- +goose StatementBegin
CREATE TRIGGER totp_recovery_codes_used_once BEFORE UPDATE ON totp_recovery_codes
WHEN NOT (
    NEW.id IS OLD.id AND NEW.enrolment_id IS OLD.enrolment_id AND NEW.code_hash IS OLD.code_hash
    AND OLD.used_at IS NULL AND NEW.used_at IS NOT NULL
)
BEGIN
    SELECT RAISE(ABORT, 'totp_recovery_codes: a recovery code can only be used, once');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER totp_recovery_codes_no_delete BEFORE DELETE ON totp_recovery_codes
BEGIN
    SELECT RAISE(ABORT, 'totp_recovery_codes is kept for good (DELETE refused)');
END;
-- +goose StatementEnd

CREATE TABLE totp_used_steps (
    user_id integer  NOT NULL REFERENCES users (id),
    step    integer  NOT NULL CHECK (step > 0),
    used_at datetime NOT NULL,
    PRIMARY KEY (user_id, step)
);

CREATE TABLE login_challenges (
    id         text     PRIMARY KEY,
    user_id    integer  NOT NULL REFERENCES users (id),
    step       text     NOT NULL CHECK (step IN ('totp', 'enrol')),
    created_at datetime NOT NULL,
    expires_at datetime NOT NULL CHECK (expires_at > created_at),
    ip         text     NOT NULL DEFAULT ''
);
CREATE INDEX login_challenges_user_id ON login_challenges (user_id);

CREATE TABLE totp_role_policies (
    role          text     PRIMARY KEY CHECK (role <> ''), -- a models.Role; a role without a row follows models.DefaultTOTPRequired
    required      boolean  NOT NULL CHECK (required IN (0, 1)),
    updated_at    datetime NOT NULL,
    updated_by_id integer  REFERENCES users (id)
);
INSERT INTO totp_role_policies (role, required, updated_at) VALUES
    ('clerk', 0, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')), ('interviewer', 1, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    ('admin', 1, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'));

-- +goose Down
DROP TABLE totp_role_policies;
DROP TABLE login_challenges;
DROP TABLE totp_used_steps;
DROP TABLE totp_recovery_codes;
DROP TABLE totp_enrolments;
