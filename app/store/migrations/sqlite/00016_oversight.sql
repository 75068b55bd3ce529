-- Oversight (issue 12): the read-only oversight role, and the indexes the
-- yearly report's aggregates range over. Same as postgres/00016; SQLite
-- cannot alter a CHECK, so user_roles is rebuilt (nothing refers to it).

-- +goose Up
CREATE TABLE user_roles_new (
    user_id integer NOT NULL REFERENCES users (id),
    role    text    NOT NULL CHECK (role IN ('clerk', 'interviewer', 'admin', 'oversight')),
    PRIMARY KEY (user_id, role)
);
INSERT INTO user_roles_new (user_id, role) SELECT user_id, role FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;

CREATE INDEX cards_issued_at ON cards (issued_at);
CREATE INDEX application_events_action_at ON application_events (action, at);
CREATE INDEX interviews_held_at ON interviews (held_at) WHERE held_at IS NOT NULL;
CREATE INDEX indicator_observations_observed_on ON indicator_observations (observed_on);
CREATE INDEX referrals_date ON referrals (date);

-- Retention (issue 12); see postgres/00016 for the why.
CREATE TABLE legal_holds (
    id           integer  PRIMARY KEY AUTOINCREMENT,
    worker_id    integer  NOT NULL REFERENCES workers (id),
    kind         text     NOT NULL CHECK (kind IN ('referral', 'police_request', 'court_request')),
    reason       text     NOT NULL CHECK (reason <> ''),
    placed_by_id integer  NOT NULL REFERENCES users (id),
    placed_at    datetime NOT NULL,
    lifted_at    datetime,
    lifted_by_id integer  REFERENCES users (id),
    lift_reason  text     NOT NULL DEFAULT '',
    CHECK ((lifted_at IS NULL) = (lifted_by_id IS NULL)),
    CHECK ((lifted_at IS NULL) = (lift_reason = ''))
);
CREATE INDEX legal_holds_worker ON legal_holds (worker_id);
-- +goose StatementBegin
CREATE TRIGGER legal_holds_guard_update BEFORE UPDATE ON legal_holds
WHEN OLD.lifted_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.worker_id IS NOT OLD.worker_id OR NEW.kind IS NOT OLD.kind
  OR NEW.reason IS NOT OLD.reason OR NEW.placed_by_id IS NOT OLD.placed_by_id OR NEW.placed_at IS NOT OLD.placed_at
BEGIN
    SELECT RAISE(ABORT, 'legal_holds_guard: a legal hold can only be lifted, once (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER legal_holds_no_delete BEFORE DELETE ON legal_holds
BEGIN
    SELECT RAISE(ABORT, 'legal_holds_guard: a legal hold is never deleted (DELETE refused)');
END;
-- +goose StatementEnd

CREATE TABLE worker_anonymisations (
    worker_id     integer  PRIMARY KEY REFERENCES workers (id),
    due_on        datetime NOT NULL,
    anonymised_at datetime NOT NULL
);
CREATE TABLE card_facts (
    card_id      integer PRIMARY KEY REFERENCES cards (id),
    age_at_issue integer NOT NULL CHECK (age_at_issue >= 0)
);
-- +goose StatementBegin
CREATE TRIGGER worker_anonymisations_no_update BEFORE UPDATE ON worker_anonymisations
BEGIN
    SELECT RAISE(ABORT, 'worker_anonymisations is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER worker_anonymisations_no_delete BEFORE DELETE ON worker_anonymisations
BEGIN
    SELECT RAISE(ABORT, 'worker_anonymisations is append-only (DELETE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER card_facts_no_update BEFORE UPDATE ON card_facts
BEGIN
    SELECT RAISE(ABORT, 'card_facts is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER card_facts_no_delete BEFORE DELETE ON card_facts
BEGIN
    SELECT RAISE(ABORT, 'card_facts is append-only (DELETE refused)');
END;
-- +goose StatementEnd

-- 00005's rule, with the one exception of postgres/00016: an anonymised
-- worker's card may have its number and identity document number replaced
-- by the anonymised values, nothing else.
DROP TRIGGER cards_identity_fixed;
-- +goose StatementBegin
CREATE TRIGGER cards_identity_fixed BEFORE UPDATE ON cards
WHEN (NEW.id IS NOT OLD.id OR NEW.number IS NOT OLD.number OR NEW.sequence IS NOT OLD.sequence
  OR NEW.application_id IS NOT OLD.application_id OR NEW.interview_id IS NOT OLD.interview_id
  OR NEW.worker_id IS NOT OLD.worker_id OR NEW.employer_id IS NOT OLD.employer_id
  OR NEW.replaces_card_id IS NOT OLD.replaces_card_id OR NEW.issued_at IS NOT OLD.issued_at
  OR NEW.issued_by_id IS NOT OLD.issued_by_id OR NEW.expires_on IS NOT OLD.expires_on OR NEW.created_at IS NOT OLD.created_at
  OR (OLD.collected_at IS NOT NULL AND (NEW.collected_at IS NOT OLD.collected_at
      OR NEW.collected_by_clerk_id IS NOT OLD.collected_by_clerk_id OR NEW.identity_document_kind IS NOT OLD.identity_document_kind
      OR NEW.identity_document_number IS NOT OLD.identity_document_number
      OR NEW.collected_by_worker_in_person IS NOT OLD.collected_by_worker_in_person)))
  AND NOT (NEW.number = 'ANON-' || OLD.id AND NEW.identity_document_number IN ('', '(anonymised)')
      AND EXISTS (SELECT 1 FROM worker_anonymisations x WHERE x.worker_id = OLD.worker_id)
      AND NEW.id IS OLD.id AND NEW.sequence IS OLD.sequence AND NEW.application_id IS OLD.application_id
      AND NEW.interview_id IS OLD.interview_id AND NEW.worker_id IS OLD.worker_id AND NEW.employer_id IS OLD.employer_id
      AND NEW.replaces_card_id IS OLD.replaces_card_id AND NEW.issued_at IS OLD.issued_at AND NEW.issued_by_id IS OLD.issued_by_id
      AND NEW.expires_on IS OLD.expires_on AND NEW.created_at IS OLD.created_at AND NEW.status IS OLD.status
      AND NEW.collected_at IS OLD.collected_at AND NEW.collected_by_clerk_id IS OLD.collected_by_clerk_id
      AND NEW.identity_document_kind IS OLD.identity_document_kind
      AND NEW.collected_by_worker_in_person IS OLD.collected_by_worker_in_person
      AND NEW.status_changed_at IS OLD.status_changed_at AND NEW.status_reason IS OLD.status_reason)
BEGIN
    SELECT RAISE(ABORT, 'cards_identity_fixed: a card keeps its number, application, interview, worker, employer and validity; only its status changes (UPDATE refused)');
END;
-- +goose StatementEnd

-- The indicators observed, counted as they are recorded (see postgres/00016).
CREATE TABLE indicator_counts (
    year      integer NOT NULL,
    source    text    NOT NULL,
    taxonomy  text    NOT NULL,
    code      text    NOT NULL,
    n         integer NOT NULL,
    PRIMARY KEY (year, source, taxonomy, code)
);
CREATE TABLE indicator_employer_years (
    year        integer NOT NULL,
    employer_id integer NOT NULL REFERENCES employers (id),
    PRIMARY KEY (year, employer_id)
);
INSERT INTO indicator_counts (year, source, taxonomy, code, n)
SELECT CAST(strftime('%Y', o.observed_on) AS integer), o.source, o.taxonomy, o.indicator_code, COUNT(*)
FROM indicator_observations o
WHERE o.answer <> 'no' AND NOT EXISTS (SELECT 1 FROM indicator_observations x WHERE x.supersedes_id = o.id)
GROUP BY 1, 2, 3, 4;
INSERT INTO indicator_employer_years (year, employer_id)
SELECT DISTINCT CAST(strftime('%Y', observed_on) AS integer), employer_id
FROM indicator_observations WHERE employer_id IS NOT NULL AND answer <> 'no';
-- +goose StatementBegin
CREATE TRIGGER indicator_counts_superseded AFTER INSERT ON indicator_observations
WHEN NEW.supersedes_id IS NOT NULL
BEGIN
    UPDATE indicator_counts SET n = n - 1
    WHERE EXISTS (SELECT 1 FROM indicator_observations o
                  WHERE o.id = NEW.supersedes_id AND o.answer <> 'no'
                    AND indicator_counts.year = CAST(strftime('%Y', o.observed_on) AS integer)
                    AND indicator_counts.source = o.source AND indicator_counts.taxonomy = o.taxonomy
                    AND indicator_counts.code = o.indicator_code);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER indicator_counts_follow AFTER INSERT ON indicator_observations
WHEN NEW.answer <> 'no'
BEGIN
    INSERT INTO indicator_counts (year, source, taxonomy, code, n)
    VALUES (CAST(strftime('%Y', NEW.observed_on) AS integer), NEW.source, NEW.taxonomy, NEW.indicator_code, 1)
    ON CONFLICT (year, source, taxonomy, code) DO UPDATE SET n = n + 1;
    INSERT OR IGNORE INTO indicator_employer_years (year, employer_id)
    SELECT CAST(strftime('%Y', NEW.observed_on) AS integer), NEW.employer_id WHERE NEW.employer_id IS NOT NULL;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER indicator_counts_follow;
DROP TRIGGER indicator_counts_superseded;
DROP TABLE indicator_employer_years;
DROP TABLE indicator_counts;
DROP TRIGGER cards_identity_fixed;
-- +goose StatementBegin
CREATE TRIGGER cards_identity_fixed BEFORE UPDATE ON cards
WHEN NEW.id IS NOT OLD.id OR NEW.number IS NOT OLD.number OR NEW.sequence IS NOT OLD.sequence
  OR NEW.application_id IS NOT OLD.application_id OR NEW.interview_id IS NOT OLD.interview_id
  OR NEW.worker_id IS NOT OLD.worker_id OR NEW.employer_id IS NOT OLD.employer_id
  OR NEW.replaces_card_id IS NOT OLD.replaces_card_id OR NEW.issued_at IS NOT OLD.issued_at
  OR NEW.issued_by_id IS NOT OLD.issued_by_id OR NEW.expires_on IS NOT OLD.expires_on OR NEW.created_at IS NOT OLD.created_at
  OR (OLD.collected_at IS NOT NULL AND (NEW.collected_at IS NOT OLD.collected_at
      OR NEW.collected_by_clerk_id IS NOT OLD.collected_by_clerk_id OR NEW.identity_document_kind IS NOT OLD.identity_document_kind
      OR NEW.identity_document_number IS NOT OLD.identity_document_number
      OR NEW.collected_by_worker_in_person IS NOT OLD.collected_by_worker_in_person))
BEGIN
    SELECT RAISE(ABORT, 'cards_identity_fixed: a card keeps its number, application, interview, worker, employer and validity; only its status changes (UPDATE refused)');
END;
-- +goose StatementEnd
DROP TABLE card_facts;
DROP TABLE worker_anonymisations;
DROP TABLE legal_holds;
DROP INDEX referrals_date;
DROP INDEX indicator_observations_observed_on;
DROP INDEX interviews_held_at;
DROP INDEX application_events_action_at;
DROP INDEX cards_issued_at;
CREATE TABLE user_roles_old (
    user_id integer NOT NULL REFERENCES users (id),
    role    text    NOT NULL CHECK (role IN ('clerk', 'interviewer', 'admin')),
    PRIMARY KEY (user_id, role)
);
INSERT INTO user_roles_old (user_id, role) SELECT user_id, role FROM user_roles WHERE role <> 'oversight';
DROP TABLE user_roles;
ALTER TABLE user_roles_old RENAME TO user_roles;
