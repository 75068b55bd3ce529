-- Foundation: staff accounts, roles, sessions, API tokens, login throttling
-- and the append-only audit trail. Same schema as postgres/00001, in SQLite's
-- dialect; times are stored as UTC text, which sorts chronologically.

-- +goose Up
CREATE TABLE users (
    id                   integer PRIMARY KEY AUTOINCREMENT,
    email                text    NOT NULL UNIQUE CHECK (email <> '' AND email = lower(email)),
    name                 text    NOT NULL CHECK (name <> ''),
    locale               text    NOT NULL DEFAULT '' CHECK (locale IN ('', 'en', 'fr', 'nl')),
    password_hash        text    NOT NULL DEFAULT '',
    must_change_password boolean NOT NULL DEFAULT false,
    active               boolean NOT NULL DEFAULT true,
    deactivated_at       datetime,
    deactivation_reason  text    NOT NULL DEFAULT '',
    created_at           datetime NOT NULL,
    updated_at           datetime NOT NULL,
    CONSTRAINT users_deactivation_reason CHECK (active OR (deactivated_at IS NOT NULL AND deactivation_reason <> ''))
);

CREATE TABLE user_roles (
    user_id integer NOT NULL REFERENCES users (id),
    role    text    NOT NULL CHECK (role IN ('clerk', 'interviewer', 'admin')),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE sessions (
    id           text     PRIMARY KEY,
    user_id      integer  NOT NULL REFERENCES users (id),
    created_at   datetime NOT NULL,
    last_seen_at datetime NOT NULL,
    expires_at   datetime NOT NULL,
    ip           text     NOT NULL DEFAULT '',
    user_agent   text     NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_id ON sessions (user_id);

CREATE TABLE api_tokens (
    id           integer  PRIMARY KEY AUTOINCREMENT,
    user_id      integer  NOT NULL REFERENCES users (id),
    name         text     NOT NULL CHECK (name <> ''),
    token_hash   text     NOT NULL UNIQUE,
    created_at   datetime NOT NULL,
    last_used_at datetime,
    revoked_at   datetime
);

CREATE TABLE login_attempts (
    id        integer  PRIMARY KEY AUTOINCREMENT,
    at        datetime NOT NULL,
    email     text     NOT NULL,
    ip        text     NOT NULL,
    succeeded boolean  NOT NULL
);
CREATE INDEX login_attempts_email_at ON login_attempts (email, at);
CREATE INDEX login_attempts_ip_at ON login_attempts (ip, at);

CREATE TABLE audit_events (
    id          integer  PRIMARY KEY AUTOINCREMENT,
    at          datetime NOT NULL,
    actor_id    integer  REFERENCES users (id),
    actor_email text     NOT NULL DEFAULT '',
    action      text     NOT NULL CHECK (action <> ''),
    record_type text     NOT NULL DEFAULT '',
    record_id   text     NOT NULL DEFAULT '',
    request_id  text     NOT NULL DEFAULT '',
    ip          text     NOT NULL DEFAULT '',
    via         text     NOT NULL DEFAULT '',
    summary     text     NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_actor ON audit_events (actor_id, at);
CREATE INDEX audit_events_record ON audit_events (record_type, record_id, at);
CREATE INDEX audit_events_action ON audit_events (action, at);

-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only (DELETE refused)');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_events;
DROP TABLE login_attempts;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE user_roles;
DROP TABLE users;
