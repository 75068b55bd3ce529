-- Card lifecycle: missions, employers, workers, employments, applications with
-- their append-only history, documents, interviews and cards. The interview
-- gate is enforced by the domain (models.CheckIssueGate) inside the issuing
-- transaction, and again here: a card row cannot exist without a completed,
-- cleared (or released) private interview of its own application.

-- +goose Up
CREATE TABLE missions (
    id           bigserial   PRIMARY KEY,
    name         text        NOT NULL CHECK (name <> ''),
    kind         text        NOT NULL CHECK (kind IN ('embassy', 'consulate', 'international_organisation')),
    country_code text        NOT NULL DEFAULT '',
    status       text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    closed_on    timestamptz,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    CHECK ((status = 'closed') = (closed_on IS NOT NULL))
);

CREATE TABLE employers (
    id                          bigserial   PRIMARY KEY,
    mission_id                  bigint      NOT NULL REFERENCES missions (id),
    family_name                 text        NOT NULL CHECK (family_name <> ''),
    given_names                 text        NOT NULL DEFAULT '',
    search_name                 text        NOT NULL DEFAULT '',
    title                       text        NOT NULL DEFAULT '',
    head_of_mission             boolean     NOT NULL DEFAULT false,
    entitled_to_private_servant boolean     NOT NULL DEFAULT false,
    posting_ends_on             timestamptz,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL
);
CREATE INDEX employers_mission ON employers (mission_id);

CREATE TABLE workers (
    id                   bigserial   PRIMARY KEY,
    family_name          text        NOT NULL CHECK (family_name <> ''),
    given_names          text        NOT NULL DEFAULT '',
    search_name          text        NOT NULL DEFAULT '',
    date_of_birth        timestamptz NOT NULL,
    sex                  text        NOT NULL CHECK (sex IN ('female', 'male', 'unspecified')),
    nationality          text        NOT NULL CHECK (length(nationality) = 2),
    passport_number      text        NOT NULL CHECK (passport_number <> ''),
    passport_expires_on  timestamptz NOT NULL,
    languages            text        NOT NULL DEFAULT '',
    phone                text        NOT NULL DEFAULT '',
    iban                 text        NOT NULL DEFAULT '',
    account_in_sole_name boolean     NOT NULL DEFAULT false,
    residence_status     text        NOT NULL,
    -- one worker is one record for life
    passport_key         text        NOT NULL UNIQUE,
    name_birth_key       text        NOT NULL UNIQUE,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE INDEX workers_search_name ON workers (search_name);

CREATE TABLE employments (
    id           bigserial     PRIMARY KEY,
    worker_id    bigint        NOT NULL REFERENCES workers (id),
    employer_id  bigint        NOT NULL REFERENCES employers (id),
    starts_on    timestamptz   NOT NULL,
    ends_on      timestamptz,
    job_category text          NOT NULL CHECK (job_category IN ('cleaning', 'household', 'childcare')),
    weekly_hours numeric(5, 2) NOT NULL CHECK (weekly_hours > 0 AND weekly_hours <= 48),
    live_in      boolean       NOT NULL DEFAULT false,
    created_at   timestamptz   NOT NULL,
    updated_at   timestamptz   NOT NULL,
    UNIQUE (id, worker_id, employer_id),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX employments_worker ON employments (worker_id);
CREATE INDEX employments_employer ON employments (employer_id);

CREATE TABLE applications (
    id                   bigserial   PRIMARY KEY,
    kind                 text        NOT NULL CHECK (kind IN ('first_issuance', 'renewal', 'duplicate')),
    worker_id            bigint      NOT NULL REFERENCES workers (id),
    employer_id          bigint      NOT NULL REFERENCES employers (id),
    employment_id        bigint      NOT NULL,
    replaces_card_id     bigint,
    status               text        NOT NULL DEFAULT 'draft',
    cap_exception_reason text        NOT NULL DEFAULT '',
    cap_exception_by_id  bigint      REFERENCES users (id),
    created_by_id        bigint      NOT NULL REFERENCES users (id),
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    -- the employment joins this worker to this employer
    FOREIGN KEY (employment_id, worker_id, employer_id) REFERENCES employments (id, worker_id, employer_id),
    CHECK ((kind = 'first_issuance') = (replaces_card_id IS NULL)),
    CHECK ((cap_exception_reason = '') = (cap_exception_by_id IS NULL))
);
CREATE INDEX applications_worker ON applications (worker_id);
CREATE INDEX applications_employer ON applications (employer_id);
CREATE INDEX applications_status ON applications (status);

CREATE TABLE application_events (
    id             bigserial   PRIMARY KEY,
    application_id bigint      NOT NULL REFERENCES applications (id),
    seq            integer     NOT NULL CHECK (seq > 0),
    action         text        NOT NULL,
    actor_id       bigint      NOT NULL REFERENCES users (id),
    at             timestamptz NOT NULL,
    reason         text        NOT NULL DEFAULT '',
    interview_id   bigint,
    card_id        bigint,
    -- two writers who read the same history cannot both append
    UNIQUE (application_id, seq)
);

CREATE TABLE documents (
    id             bigserial   PRIMARY KEY,
    application_id bigint      NOT NULL REFERENCES applications (id),
    kind           text        NOT NULL,
    file_name      text        NOT NULL DEFAULT '',
    content_type   text        NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes     bigint      NOT NULL CHECK (size_bytes > 0),
    sha256         text        NOT NULL,
    uploaded_by_id bigint      NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL
);
CREATE INDEX documents_application ON documents (application_id);

CREATE TABLE document_contents (
    document_id bigint PRIMARY KEY REFERENCES documents (id),
    content     bytea  NOT NULL
);

CREATE TABLE interviews (
    id                bigserial   PRIMARY KEY,
    application_id    bigint      NOT NULL REFERENCES applications (id),
    interviewer_id    bigint      NOT NULL REFERENCES users (id),
    scheduled_at      timestamptz NOT NULL,
    room              text        NOT NULL DEFAULT '',
    scheduled_by_id   bigint      NOT NULL REFERENCES users (id),
    held_at           timestamptz,
    recorded_by_id    bigint      REFERENCES users (id),
    recorded_at       timestamptz,
    employer_absent   boolean     NOT NULL DEFAULT false,
    outcome           text        NOT NULL DEFAULT '' CHECK (outcome IN ('', 'cleared', 'concerns', 'referral')),
    supersedes_id     bigint      REFERENCES interviews (id),
    correction_reason text        NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL,
    UNIQUE (id, application_id),
    -- an outcome is only ever recorded with who held it and when
    CHECK (outcome = '' OR (held_at IS NOT NULL AND recorded_by_id IS NOT NULL AND recorded_at IS NOT NULL)),
    CHECK (supersedes_id IS NULL OR correction_reason <> '')
);
CREATE INDEX interviews_application ON interviews (application_id);
CREATE UNIQUE INDEX interviews_supersedes ON interviews (supersedes_id) WHERE supersedes_id IS NOT NULL;

-- One sequence for card numbers across every instance: never reused.
CREATE SEQUENCE card_number_seq START 1;

CREATE TABLE cards (
    id                            bigserial   PRIMARY KEY,
    number                        text        NOT NULL UNIQUE,
    sequence                      bigint      NOT NULL UNIQUE,
    application_id                bigint      NOT NULL UNIQUE,
    interview_id                  bigint      NOT NULL,
    worker_id                     bigint      NOT NULL REFERENCES workers (id),
    employer_id                   bigint      NOT NULL REFERENCES employers (id),
    replaces_card_id              bigint      REFERENCES cards (id),
    issued_at                     timestamptz NOT NULL,
    issued_by_id                  bigint      NOT NULL REFERENCES users (id),
    expires_on                    timestamptz NOT NULL,
    status                        text        NOT NULL CHECK (status IN ('ready_for_collection', 'collected', 'expired', 'returned', 'cancelled', 'reported_lost')),
    collected_at                  timestamptz,
    collected_by_clerk_id         bigint      REFERENCES users (id),
    identity_document_kind        text        NOT NULL DEFAULT '',
    identity_document_number      text        NOT NULL DEFAULT '',
    collected_by_worker_in_person boolean     NOT NULL DEFAULT false,
    status_changed_at             timestamptz,
    status_reason                 text        NOT NULL DEFAULT '',
    created_at                    timestamptz NOT NULL,
    updated_at                    timestamptz NOT NULL,
    -- the interview is one of this application's
    FOREIGN KEY (interview_id, application_id) REFERENCES interviews (id, application_id),
    FOREIGN KEY (application_id) REFERENCES applications (id),
    -- collected means in person, by the worker, with an identity check
    CHECK (collected_at IS NULL OR (collected_by_worker_in_person AND collected_by_clerk_id IS NOT NULL AND identity_document_number <> ''))
);
CREATE INDEX cards_worker ON cards (worker_id);
CREATE INDEX cards_expires_on ON cards (expires_on);

ALTER TABLE applications ADD FOREIGN KEY (replaces_card_id) REFERENCES cards (id);
ALTER TABLE application_events ADD FOREIGN KEY (interview_id) REFERENCES interviews (id);
ALTER TABLE application_events ADD FOREIGN KEY (card_id) REFERENCES cards (id);

-- The gate, once more, in the database: the interview named by a new card is
-- held, recorded, attests the employer's absence, was neither held nor
-- recorded by the issuer, is not superseded, and is cleared or its hold was
-- released. (Its age is checked by the domain, against the configured limit.)
-- +goose StatementBegin
CREATE FUNCTION cards_require_interview() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM interviews i
        WHERE i.id = NEW.interview_id AND i.application_id = NEW.application_id
          AND i.held_at IS NOT NULL AND i.recorded_by_id IS NOT NULL AND i.employer_absent
          AND i.interviewer_id <> NEW.issued_by_id AND i.recorded_by_id <> NEW.issued_by_id
          AND NOT EXISTS (SELECT 1 FROM interviews s WHERE s.supersedes_id = i.id)
          AND (i.outcome = 'cleared' OR EXISTS (
                SELECT 1 FROM application_events e
                WHERE e.application_id = NEW.application_id AND e.interview_id = i.id AND e.action = 'release_hold'))
    ) THEN
        RAISE EXCEPTION 'card for application % refused: no completed private interview of that application clears it', NEW.application_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER cards_require_interview BEFORE INSERT ON cards
    FOR EACH ROW EXECUTE FUNCTION cards_require_interview();

-- The application's history is append-only.
-- +goose StatementBegin
CREATE FUNCTION application_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'application_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
-- +goose StatementEnd
CREATE TRIGGER application_events_append_only BEFORE UPDATE OR DELETE ON application_events
    FOR EACH ROW EXECUTE FUNCTION application_events_append_only();

-- A recorded interview is never edited: corrections are new rows.
-- +goose StatementBegin
CREATE FUNCTION interviews_recorded_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.recorded_at IS NOT NULL THEN
        RAISE EXCEPTION 'interview % is recorded and cannot be changed (% refused)', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER interviews_recorded_immutable BEFORE UPDATE OR DELETE ON interviews
    FOR EACH ROW EXECUTE FUNCTION interviews_recorded_immutable();

-- +goose Down
DROP TABLE application_events;
ALTER TABLE applications DROP CONSTRAINT applications_replaces_card_id_fkey;
DROP TABLE cards;
DROP SEQUENCE card_number_seq;
DROP TABLE interviews;
DROP TABLE document_contents;
DROP TABLE documents;
DROP TABLE applications;
DROP TABLE employments;
DROP TABLE workers;
DROP TABLE employers;
DROP TABLE missions;
DROP FUNCTION cards_require_interview();
DROP FUNCTION application_events_append_only();
DROP FUNCTION interviews_recorded_immutable();
