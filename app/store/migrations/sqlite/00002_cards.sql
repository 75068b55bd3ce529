-- SQLite dialect of postgres/00002_cards.sql. Card lifecycle: missions, employers, workers, employments, applications with
-- their append-only history, documents, interviews and cards. The interview
-- gate is enforced by the domain (models.CheckIssueGate) inside the issuing
-- transaction, and again here: a card row cannot exist without a completed,
-- cleared (or released) private interview of its own application.

-- +goose Up
CREATE TABLE missions (
    id           integer     PRIMARY KEY AUTOINCREMENT,
    name         text        NOT NULL CHECK (name <> ''),
    kind         text        NOT NULL CHECK (kind IN ('embassy', 'consulate', 'international_organisation')),
    country_code text        NOT NULL DEFAULT '',
    status       text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    closed_on    datetime,
    created_at   datetime NOT NULL,
    updated_at   datetime NOT NULL,
    CHECK ((status = 'closed') = (closed_on IS NOT NULL))
);

CREATE TABLE employers (
    id                          integer     PRIMARY KEY AUTOINCREMENT,
    mission_id                  bigint      NOT NULL REFERENCES missions (id),
    family_name                 text        NOT NULL CHECK (family_name <> ''),
    given_names                 text        NOT NULL DEFAULT '',
    search_name                 text        NOT NULL DEFAULT '',
    title                       text        NOT NULL DEFAULT '',
    head_of_mission             boolean     NOT NULL DEFAULT false,
    entitled_to_private_servant boolean     NOT NULL DEFAULT false,
    posting_ends_on             datetime,
    created_at                  datetime NOT NULL,
    updated_at                  datetime NOT NULL
);
CREATE INDEX employers_mission ON employers (mission_id);

CREATE TABLE workers (
    id                   integer     PRIMARY KEY AUTOINCREMENT,
    family_name          text        NOT NULL CHECK (family_name <> ''),
    given_names          text        NOT NULL DEFAULT '',
    search_name          text        NOT NULL DEFAULT '',
    date_of_birth        datetime NOT NULL,
    sex                  text        NOT NULL CHECK (sex IN ('female', 'male', 'unspecified')),
    nationality          text        NOT NULL CHECK (length(nationality) = 2),
    passport_number      text        NOT NULL CHECK (passport_number <> ''),
    passport_expires_on  datetime NOT NULL,
    languages            text        NOT NULL DEFAULT '',
    phone                text        NOT NULL DEFAULT '',
    iban                 text        NOT NULL DEFAULT '',
    account_in_sole_name boolean     NOT NULL DEFAULT false,
    residence_status     text        NOT NULL,
    -- one worker is one record for life
    passport_key         text        NOT NULL UNIQUE,
    name_birth_key       text        NOT NULL UNIQUE,
    created_at           datetime NOT NULL,
    updated_at           datetime NOT NULL
);
CREATE INDEX workers_search_name ON workers (search_name);

CREATE TABLE employments (
    id           integer       PRIMARY KEY AUTOINCREMENT,
    worker_id    bigint        NOT NULL REFERENCES workers (id),
    employer_id  bigint        NOT NULL REFERENCES employers (id),
    starts_on    datetime   NOT NULL,
    ends_on      datetime,
    job_category text          NOT NULL CHECK (job_category IN ('cleaning', 'household', 'childcare')),
    weekly_hours real NOT NULL CHECK (weekly_hours > 0 AND weekly_hours <= 48),
    live_in      boolean       NOT NULL DEFAULT false,
    created_at   datetime   NOT NULL,
    updated_at   datetime   NOT NULL,
    UNIQUE (id, worker_id, employer_id),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX employments_worker ON employments (worker_id);
CREATE INDEX employments_employer ON employments (employer_id);

CREATE TABLE applications (
    id                   integer     PRIMARY KEY AUTOINCREMENT,
    kind                 text        NOT NULL CHECK (kind IN ('first_issuance', 'renewal', 'duplicate')),
    worker_id            bigint      NOT NULL REFERENCES workers (id),
    employer_id          bigint      NOT NULL REFERENCES employers (id),
    employment_id        bigint      NOT NULL,
    replaces_card_id     bigint      REFERENCES cards (id),
    status               text        NOT NULL DEFAULT 'draft',
    cap_exception_reason text        NOT NULL DEFAULT '',
    cap_exception_by_id  bigint      REFERENCES users (id),
    created_by_id        bigint      NOT NULL REFERENCES users (id),
    created_at           datetime NOT NULL,
    updated_at           datetime NOT NULL,
    -- the employment joins this worker to this employer
    FOREIGN KEY (employment_id, worker_id, employer_id) REFERENCES employments (id, worker_id, employer_id),
    CHECK ((kind = 'first_issuance') = (replaces_card_id IS NULL)),
    CHECK ((cap_exception_reason = '') = (cap_exception_by_id IS NULL))
);
CREATE INDEX applications_worker ON applications (worker_id);
CREATE INDEX applications_employer ON applications (employer_id);
CREATE INDEX applications_status ON applications (status);

CREATE TABLE application_events (
    id             integer     PRIMARY KEY AUTOINCREMENT,
    application_id bigint      NOT NULL REFERENCES applications (id),
    seq            integer     NOT NULL CHECK (seq > 0),
    action         text        NOT NULL,
    actor_id       bigint      NOT NULL REFERENCES users (id),
    at             datetime NOT NULL,
    reason         text        NOT NULL DEFAULT '',
    interview_id   bigint      REFERENCES interviews (id),
    card_id        bigint      REFERENCES cards (id),
    -- two writers who read the same history cannot both append
    UNIQUE (application_id, seq)
);

CREATE TABLE documents (
    id             integer     PRIMARY KEY AUTOINCREMENT,
    application_id bigint      NOT NULL REFERENCES applications (id),
    kind           text        NOT NULL,
    file_name      text        NOT NULL DEFAULT '',
    content_type   text        NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes     bigint      NOT NULL CHECK (size_bytes > 0),
    sha256         text        NOT NULL,
    uploaded_by_id bigint      NOT NULL REFERENCES users (id),
    created_at     datetime NOT NULL
);
CREATE INDEX documents_application ON documents (application_id);

CREATE TABLE document_contents (
    document_id bigint PRIMARY KEY REFERENCES documents (id),
    content     blob   NOT NULL
);

CREATE TABLE interviews (
    id                integer     PRIMARY KEY AUTOINCREMENT,
    application_id    bigint      NOT NULL REFERENCES applications (id),
    interviewer_id    bigint      NOT NULL REFERENCES users (id),
    scheduled_at      datetime NOT NULL,
    room              text        NOT NULL DEFAULT '',
    scheduled_by_id   bigint      NOT NULL REFERENCES users (id),
    held_at           datetime,
    recorded_by_id    bigint      REFERENCES users (id),
    recorded_at       datetime,
    employer_absent   boolean     NOT NULL DEFAULT false,
    outcome           text        NOT NULL DEFAULT '' CHECK (outcome IN ('', 'cleared', 'concerns', 'referral')),
    supersedes_id     bigint      REFERENCES interviews (id),
    correction_reason text        NOT NULL DEFAULT '',
    created_at        datetime NOT NULL,
    UNIQUE (id, application_id),
    -- an outcome is only ever recorded with who held it and when
    CHECK (outcome = '' OR (held_at IS NOT NULL AND recorded_by_id IS NOT NULL AND recorded_at IS NOT NULL)),
    CHECK (supersedes_id IS NULL OR correction_reason <> '')
);
CREATE INDEX interviews_application ON interviews (application_id);
CREATE UNIQUE INDEX interviews_supersedes ON interviews (supersedes_id) WHERE supersedes_id IS NOT NULL;

-- Card numbers: AUTOINCREMENT never hands out a value twice, even after a
-- rollback or a delete (the embedded database has no sequences).
CREATE TABLE card_number_seq (
    id integer PRIMARY KEY AUTOINCREMENT,
    at datetime NOT NULL
);

CREATE TABLE cards (
    id                            integer     PRIMARY KEY AUTOINCREMENT,
    number                        text        NOT NULL UNIQUE,
    sequence                      bigint      NOT NULL UNIQUE,
    application_id                bigint      NOT NULL UNIQUE,
    interview_id                  bigint      NOT NULL,
    worker_id                     bigint      NOT NULL REFERENCES workers (id),
    employer_id                   bigint      NOT NULL REFERENCES employers (id),
    replaces_card_id              bigint      REFERENCES cards (id),
    issued_at                     datetime NOT NULL,
    issued_by_id                  bigint      NOT NULL REFERENCES users (id),
    expires_on                    datetime NOT NULL,
    status                        text        NOT NULL CHECK (status IN ('ready_for_collection', 'collected', 'expired', 'returned', 'cancelled', 'reported_lost')),
    collected_at                  datetime,
    collected_by_clerk_id         bigint      REFERENCES users (id),
    identity_document_kind        text        NOT NULL DEFAULT '',
    identity_document_number      text        NOT NULL DEFAULT '',
    collected_by_worker_in_person boolean     NOT NULL DEFAULT false,
    status_changed_at             datetime,
    status_reason                 text        NOT NULL DEFAULT '',
    created_at                    datetime NOT NULL,
    updated_at                    datetime NOT NULL,
    -- the interview is one of this application's
    FOREIGN KEY (interview_id, application_id) REFERENCES interviews (id, application_id),
    FOREIGN KEY (application_id) REFERENCES applications (id),
    -- collected means in person, by the worker, with an identity check
    CHECK (collected_at IS NULL OR (collected_by_worker_in_person AND collected_by_clerk_id IS NOT NULL AND identity_document_number <> ''))
);
CREATE INDEX cards_worker ON cards (worker_id);
CREATE INDEX cards_expires_on ON cards (expires_on);

-- The gate, once more, in the database (see postgres/00002_cards.sql).
-- +goose StatementBegin
CREATE TRIGGER cards_require_interview BEFORE INSERT ON cards
WHEN NOT EXISTS (
    SELECT 1 FROM interviews i
    WHERE i.id = NEW.interview_id AND i.application_id = NEW.application_id
      AND i.held_at IS NOT NULL AND i.recorded_by_id IS NOT NULL AND i.employer_absent
      AND i.interviewer_id <> NEW.issued_by_id AND i.recorded_by_id <> NEW.issued_by_id
      AND NOT EXISTS (SELECT 1 FROM interviews s WHERE s.supersedes_id = i.id)
      AND (i.outcome = 'cleared' OR EXISTS (
            SELECT 1 FROM application_events e
            WHERE e.application_id = NEW.application_id AND e.interview_id = i.id AND e.action = 'release_hold'))
)
BEGIN
    SELECT RAISE(ABORT, 'card refused: no completed private interview of that application clears it');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER application_events_no_update BEFORE UPDATE ON application_events
BEGIN
    SELECT RAISE(ABORT, 'application_events is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER application_events_no_delete BEFORE DELETE ON application_events
BEGIN
    SELECT RAISE(ABORT, 'application_events is append-only (DELETE refused)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER interviews_recorded_no_update BEFORE UPDATE ON interviews
WHEN OLD.recorded_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'interview is recorded and cannot be changed (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER interviews_no_delete BEFORE DELETE ON interviews
BEGIN
    SELECT RAISE(ABORT, 'interview cannot be deleted (DELETE refused)');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE application_events;
DROP TABLE cards;
DROP TABLE card_number_seq;
DROP TABLE interviews;
DROP TABLE document_contents;
DROP TABLE documents;
DROP TABLE applications;
DROP TABLE employments;
DROP TABLE workers;
DROP TABLE employers;
DROP TABLE missions;
