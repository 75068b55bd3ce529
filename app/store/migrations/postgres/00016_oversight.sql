-- Oversight (issue 12): the read-only oversight role, retention (legal
-- holds, the record of each anonymisation), and the indexes the
-- yearly report's aggregates range over (each figure is a GROUP BY over one
-- year's rows: cards by issue day, events by action and day, interviews by
-- the day held, observations by the day observed).

-- +goose Up
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check CHECK (role IN ('clerk', 'interviewer', 'admin', 'oversight'));

CREATE INDEX cards_issued_at ON cards (issued_at);
CREATE INDEX application_events_action_at ON application_events (action, at);
CREATE INDEX interviews_held_at ON interviews (held_at) WHERE held_at IS NOT NULL;
CREATE INDEX indicator_observations_observed_on ON indicator_observations (observed_on);
CREATE INDEX referrals_date ON referrals (date);

-- Retention (issue 12). A legal hold (a referral, a police or court request,
-- with a reason) stops the retention clock of one worker's record; it is
-- lifted once, with a reason, and never deleted.
CREATE TABLE legal_holds (
    id           bigserial   PRIMARY KEY,
    worker_id    bigint      NOT NULL REFERENCES workers (id),
    kind         text        NOT NULL CHECK (kind IN ('referral', 'police_request', 'court_request')),
    reason       text        NOT NULL CHECK (reason <> ''),
    placed_by_id bigint      NOT NULL REFERENCES users (id),
    placed_at    timestamptz NOT NULL,
    lifted_at    timestamptz,
    lifted_by_id bigint      REFERENCES users (id),
    lift_reason  text        NOT NULL DEFAULT '',
    CHECK ((lifted_at IS NULL) = (lifted_by_id IS NULL)),
    CHECK ((lifted_at IS NULL) = (lift_reason = ''))
);
CREATE INDEX legal_holds_worker ON legal_holds (worker_id);

-- +goose StatementBegin
CREATE FUNCTION legal_holds_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.lifted_at IS NOT NULL
       OR (NEW.id, NEW.worker_id, NEW.kind, NEW.reason, NEW.placed_by_id, NEW.placed_at)
          IS DISTINCT FROM (OLD.id, OLD.worker_id, OLD.kind, OLD.reason, OLD.placed_by_id, OLD.placed_at) THEN
        RAISE EXCEPTION 'legal hold % can only be lifted, once (% refused)', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER legal_holds_guard BEFORE UPDATE OR DELETE ON legal_holds
    FOR EACH ROW EXECUTE FUNCTION legal_holds_guard();

-- One row per anonymised worker, written first in the transaction that
-- anonymises: it is the record of the erasure, and the one thing that opens
-- the narrow exception below.
CREATE TABLE worker_anonymisations (
    worker_id     bigint      PRIMARY KEY REFERENCES workers (id),
    due_on        timestamptz NOT NULL,
    anonymised_at timestamptz NOT NULL
);
-- The statistical facts that would go with the date of birth: each card's
-- age at issue, written before the date is erased, so earlier years'
-- figures do not change.
CREATE TABLE card_facts (
    card_id      bigint  PRIMARY KEY REFERENCES cards (id),
    age_at_issue integer NOT NULL CHECK (age_at_issue >= 0)
);
CREATE TRIGGER worker_anonymisations_append_only BEFORE UPDATE OR DELETE ON worker_anonymisations
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
CREATE TRIGGER card_facts_append_only BEFORE UPDATE OR DELETE ON card_facts
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();

-- 00005's rule, with one exception: the card of an anonymised worker (a
-- row in worker_anonymisations) may have its number and the number of the
-- identity document seen at collection replaced by the anonymised values,
-- nothing else.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION cards_identity_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.number = 'ANON-' || OLD.id AND NEW.identity_document_number IN ('', '(anonymised)')
       AND EXISTS (SELECT 1 FROM worker_anonymisations x WHERE x.worker_id = OLD.worker_id)
       AND to_jsonb(NEW) - 'number' - 'identity_document_number' - 'updated_at'
           = to_jsonb(OLD) - 'number' - 'identity_document_number' - 'updated_at' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'cards_identity_fixed: card % is never deleted; record its return or cancellation (DELETE refused)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.id, NEW.number, NEW.sequence, NEW.application_id, NEW.interview_id, NEW.worker_id, NEW.employer_id,
        NEW.replaces_card_id, NEW.issued_at, NEW.issued_by_id, NEW.expires_on, NEW.created_at)
       IS DISTINCT FROM (OLD.id, OLD.number, OLD.sequence, OLD.application_id, OLD.interview_id, OLD.worker_id, OLD.employer_id,
        OLD.replaces_card_id, OLD.issued_at, OLD.issued_by_id, OLD.expires_on, OLD.created_at) THEN
        RAISE EXCEPTION 'cards_identity_fixed: card % keeps its number, application, interview, worker, employer and validity; only its status changes (UPDATE refused)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.collected_at IS NOT NULL AND (NEW.collected_at, NEW.collected_by_clerk_id, NEW.identity_document_kind,
        NEW.identity_document_number, NEW.collected_by_worker_in_person)
       IS DISTINCT FROM (OLD.collected_at, OLD.collected_by_clerk_id, OLD.identity_document_kind,
        OLD.identity_document_number, OLD.collected_by_worker_in_person) THEN
        RAISE EXCEPTION 'cards_identity_fixed: the collection of card % is recorded once (UPDATE refused)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

-- The indicators observed, counted as they are recorded, so the yearly
-- report reads a few hundred counts instead of scanning every observation:
-- a new observation adds one to its bucket (year, source, taxonomy, code)
-- unless it answers "no", and one it supersedes is taken out of its own.
-- (Observations are append-only and superseded at most once, so the counts
-- stay exact.) The employers with an indicator observed in a year are kept
-- the same way.
CREATE TABLE indicator_counts (
    year      integer NOT NULL,
    source    text    NOT NULL,
    taxonomy  text    NOT NULL,
    code      text    NOT NULL,
    n         bigint  NOT NULL,
    PRIMARY KEY (year, source, taxonomy, code)
);
CREATE TABLE indicator_employer_years (
    year        integer NOT NULL,
    employer_id bigint  NOT NULL REFERENCES employers (id),
    PRIMARY KEY (year, employer_id)
);
INSERT INTO indicator_counts (year, source, taxonomy, code, n)
SELECT CAST(EXTRACT(YEAR FROM o.observed_on AT TIME ZONE 'UTC') AS integer), o.source, o.taxonomy, o.indicator_code, COUNT(*)
FROM indicator_observations o
WHERE o.answer <> 'no' AND NOT EXISTS (SELECT 1 FROM indicator_observations x WHERE x.supersedes_id = o.id)
GROUP BY 1, 2, 3, 4;
INSERT INTO indicator_employer_years (year, employer_id)
SELECT DISTINCT CAST(EXTRACT(YEAR FROM observed_on AT TIME ZONE 'UTC') AS integer), employer_id
FROM indicator_observations WHERE employer_id IS NOT NULL AND answer <> 'no';
-- +goose StatementBegin
CREATE FUNCTION indicator_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.supersedes_id IS NOT NULL THEN
        UPDATE indicator_counts c SET n = c.n - 1
        FROM indicator_observations o
        WHERE o.id = NEW.supersedes_id AND o.answer <> 'no'
          AND c.year = CAST(EXTRACT(YEAR FROM o.observed_on AT TIME ZONE 'UTC') AS integer)
          AND c.source = o.source AND c.taxonomy = o.taxonomy AND c.code = o.indicator_code;
    END IF;
    IF NEW.answer <> 'no' THEN
        INSERT INTO indicator_counts (year, source, taxonomy, code, n)
        VALUES (CAST(EXTRACT(YEAR FROM NEW.observed_on AT TIME ZONE 'UTC') AS integer), NEW.source, NEW.taxonomy, NEW.indicator_code, 1)
        ON CONFLICT (year, source, taxonomy, code) DO UPDATE SET n = indicator_counts.n + 1;
        IF NEW.employer_id IS NOT NULL THEN
            INSERT INTO indicator_employer_years (year, employer_id)
            VALUES (CAST(EXTRACT(YEAR FROM NEW.observed_on AT TIME ZONE 'UTC') AS integer), NEW.employer_id)
            ON CONFLICT DO NOTHING;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER indicator_counts_follow AFTER INSERT ON indicator_observations
    FOR EACH ROW EXECUTE FUNCTION indicator_counts_follow();

-- +goose Down
DROP TRIGGER indicator_counts_follow ON indicator_observations;
DROP FUNCTION indicator_counts_follow();
DROP TABLE indicator_employer_years;
DROP TABLE indicator_counts;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION cards_identity_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'cards_identity_fixed: card % is never deleted; record its return or cancellation (DELETE refused)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.id, NEW.number, NEW.sequence, NEW.application_id, NEW.interview_id, NEW.worker_id, NEW.employer_id,
        NEW.replaces_card_id, NEW.issued_at, NEW.issued_by_id, NEW.expires_on, NEW.created_at)
       IS DISTINCT FROM (OLD.id, OLD.number, OLD.sequence, OLD.application_id, OLD.interview_id, OLD.worker_id, OLD.employer_id,
        OLD.replaces_card_id, OLD.issued_at, OLD.issued_by_id, OLD.expires_on, OLD.created_at) THEN
        RAISE EXCEPTION 'cards_identity_fixed: card % keeps its number, application, interview, worker, employer and validity; only its status changes (UPDATE refused)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.collected_at IS NOT NULL AND (NEW.collected_at, NEW.collected_by_clerk_id, NEW.identity_document_kind,
        NEW.identity_document_number, NEW.collected_by_worker_in_person)
       IS DISTINCT FROM (OLD.collected_at, OLD.collected_by_clerk_id, OLD.identity_document_kind,
        OLD.identity_document_number, OLD.collected_by_worker_in_person) THEN
        RAISE EXCEPTION 'cards_identity_fixed: the collection of card % is recorded once (UPDATE refused)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
DROP TABLE card_facts;
DROP TABLE worker_anonymisations;
DROP TABLE legal_holds;
DROP FUNCTION legal_holds_guard();
DROP INDEX referrals_date;
DROP INDEX indicator_observations_observed_on;
DROP INDEX interviews_held_at;
DROP INDEX application_events_action_at;
DROP INDEX cards_issued_at;
DELETE FROM user_roles WHERE role = 'oversight';
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check CHECK (role IN ('clerk', 'interviewer', 'admin'));
