-- Foundation: staff accounts, roles, sessions, API tokens, login throttling
-- and the append-only audit trail.

-- +goose Up
CREATE TABLE users (
    id                   bigserial PRIMARY KEY,
    email                text        NOT NULL UNIQUE CHECK (email <> '' AND email = lower(email)),
    name                 text        NOT NULL CHECK (name <> ''),
    locale               text        NOT NULL DEFAULT '' CHECK (locale IN ('', 'en', 'fr', 'nl')),
    password_hash        text        NOT NULL DEFAULT '',
    must_change_password boolean     NOT NULL DEFAULT false,
    active               boolean     NOT NULL DEFAULT true,
    deactivated_at       timestamptz,
    deactivation_reason  text        NOT NULL DEFAULT '',
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    -- deactivated, never deleted, and always with a reason
    CONSTRAINT users_deactivation_reason CHECK (active OR (deactivated_at IS NOT NULL AND deactivation_reason <> ''))
);

CREATE TABLE user_roles (
    user_id bigint NOT NULL REFERENCES users (id),
    role    text   NOT NULL CHECK (role IN ('clerk', 'interviewer', 'admin')),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE sessions (
    id           text        PRIMARY KEY, -- SHA-256 of the cookie value; the value itself is never stored
    user_id      bigint      NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    ip           text        NOT NULL DEFAULT '',
    user_agent   text        NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_id ON sessions (user_id);

CREATE TABLE api_tokens (
    id           bigserial   PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES users (id),
    name         text        NOT NULL CHECK (name <> ''),
    token_hash   text        NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

CREATE TABLE login_attempts (
    id        bigserial   PRIMARY KEY,
    at        timestamptz NOT NULL,
    email     text        NOT NULL,
    ip        text        NOT NULL,
    succeeded boolean     NOT NULL
);
CREATE INDEX login_attempts_email_at ON login_attempts (email, at);
CREATE INDEX login_attempts_ip_at ON login_attempts (ip, at);

CREATE TABLE audit_events (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor_id    bigint      REFERENCES users (id),
    actor_email text        NOT NULL DEFAULT '',
    action      text        NOT NULL CHECK (action <> ''),
    record_type text        NOT NULL DEFAULT '',
    record_id   text        NOT NULL DEFAULT '',
    request_id  text        NOT NULL DEFAULT '',
    ip          text        NOT NULL DEFAULT '',
    via         text        NOT NULL DEFAULT '',
    summary     text        NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_actor ON audit_events (actor_id, at);
CREATE INDEX audit_events_record ON audit_events (record_type, record_id, at);
CREATE INDEX audit_events_action ON audit_events (action, at);

-- The audit trail is append-only: the application can neither change nor
-- delete a row, whatever its code does.
-- +goose StatementBegin
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- +goose Down
DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only();
DROP TABLE login_attempts;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE user_roles;
DROP TABLE users;
