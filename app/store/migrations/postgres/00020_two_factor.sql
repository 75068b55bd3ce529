-- Two-factor sign-in for staff (issue 10). Keep it identical in effect to the
-- other engine's 00020_two_factor.sql.
--
-- totp_enrolments: one row per secret a user set up (or began to). The secret
-- is sealed (app/sealed, additional data models.TOTPSecretAAD) and re-sealed
-- by `carddesk notes reseal`. A row is never deleted; the only UPDATEs are
-- confirming a pending enrolment once, revoking it once, and re-sealing the
-- secret under another key. At most one confirmed and one pending enrolment
-- per user are in force.
-- totp_recovery_codes: the SHA-256 of each recovery code; used once.
-- totp_used_steps: the time steps whose code was accepted, per user, so a
-- code is never accepted twice (RFC 6238 §5.2).
-- login_challenges: a correct password waiting for its second factor (or for
-- an enrolment the role requires); no session exists until it is met.
-- totp_role_policies: whether a role requires the second factor.

-- +goose Up
CREATE TABLE totp_enrolments (
    id           bigserial   PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES users (id),
    secret       bytea       NOT NULL CHECK (length(secret) >= 33),
    created_at   timestamptz NOT NULL,
    confirmed_at timestamptz,
    revoked_at   timestamptz
);
CREATE UNIQUE INDEX totp_enrolments_one_confirmed ON totp_enrolments (user_id) WHERE confirmed_at IS NOT NULL AND revoked_at IS NULL;
CREATE UNIQUE INDEX totp_enrolments_one_pending ON totp_enrolments (user_id) WHERE confirmed_at IS NULL AND revoked_at IS NULL;

-- +goose StatementBegin
CREATE FUNCTION totp_enrolments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'totp_enrolments is kept for good (DELETE refused; revoke instead)' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.user_id IS DISTINCT FROM OLD.user_id OR NEW.created_at IS DISTINCT FROM OLD.created_at
       OR (NEW.confirmed_at IS DISTINCT FROM OLD.confirmed_at
           AND (OLD.confirmed_at IS NOT NULL OR OLD.revoked_at IS NOT NULL OR NEW.confirmed_at IS NULL OR NEW.secret IS DISTINCT FROM OLD.secret))
       OR (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
           AND (OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL OR NEW.secret IS DISTINCT FROM OLD.secret))
       OR (NEW.secret IS DISTINCT FROM OLD.secret AND NOT carddesk_is_reseal(OLD.secret, NEW.secret)) THEN
        RAISE EXCEPTION 'totp_enrolment %: only confirming once, revoking once or re-sealing the secret is allowed', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER totp_enrolments_guard BEFORE UPDATE OR DELETE ON totp_enrolments
    FOR EACH ROW EXECUTE FUNCTION totp_enrolments_guard();
CREATE TRIGGER totp_enrolments_no_truncate BEFORE TRUNCATE ON totp_enrolments FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();

CREATE TABLE totp_recovery_codes (
    id           bigserial   PRIMARY KEY,
    enrolment_id bigint      NOT NULL REFERENCES totp_enrolments (id),
    code_hash    text        NOT NULL UNIQUE CHECK (length(code_hash) = 64),
    used_at      timestamptz
);
CREATE INDEX totp_recovery_codes_enrolment ON totp_recovery_codes (enrolment_id);

-- +goose StatementBegin
CREATE FUNCTION totp_recovery_codes_used_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id OR NEW.enrolment_id IS DISTINCT FROM OLD.enrolment_id
       OR NEW.code_hash IS DISTINCT FROM OLD.code_hash OR OLD.used_at IS NOT NULL OR NEW.used_at IS NULL THEN
        RAISE EXCEPTION 'recovery code %: it can only be used, once (% refused)', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER totp_recovery_codes_used_once BEFORE UPDATE OR DELETE ON totp_recovery_codes
    FOR EACH ROW EXECUTE FUNCTION totp_recovery_codes_used_once();
CREATE TRIGGER totp_recovery_codes_no_truncate BEFORE TRUNCATE ON totp_recovery_codes FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();

CREATE TABLE totp_used_steps (
    user_id bigint      NOT NULL REFERENCES users (id),
    step    bigint      NOT NULL CHECK (step > 0),
    used_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, step)
);

CREATE TABLE login_challenges (
    id         text        PRIMARY KEY, -- SHA-256 of the cookie value, like sessions
    user_id    bigint      NOT NULL REFERENCES users (id),
    step       text        NOT NULL CHECK (step IN ('totp', 'enrol')),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
    ip         text        NOT NULL DEFAULT ''
);
CREATE INDEX login_challenges_user_id ON login_challenges (user_id);

CREATE TABLE totp_role_policies (
    role          text        PRIMARY KEY CHECK (role <> ''), -- a models.Role; a role without a row follows models.DefaultTOTPRequired
    required      boolean     NOT NULL,
    updated_at    timestamptz NOT NULL,
    updated_by_id bigint      REFERENCES users (id)
);
INSERT INTO totp_role_policies (role, required, updated_at) VALUES
    ('clerk', false, now()), ('interviewer', true, now()), ('admin', true, now());

-- +goose Down
DROP TABLE totp_role_policies;
DROP TABLE login_challenges;
DROP TABLE totp_used_steps;
DROP TABLE totp_recovery_codes;
DROP FUNCTION totp_recovery_codes_used_once();
DROP TABLE totp_enrolments;
DROP FUNCTION totp_enrolments_guard();
