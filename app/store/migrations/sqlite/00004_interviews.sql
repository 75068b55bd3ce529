-- SQLite dialect of postgres/00004_interviews.sql: the private interview in
-- full and each worker's indicator history. Notes are stored sealed
-- (AES-256-GCM, key from configuration); answers, referrals, signals and
-- observations are append-only; nothing is added to a recorded interview.

-- +goose Up
ALTER TABLE interviews ADD COLUMN interpreter_language    text    NOT NULL DEFAULT '';
ALTER TABLE interviews ADD COLUMN interpreter_name        text    NOT NULL DEFAULT '';
ALTER TABLE interviews ADD COLUMN interpreter_independent boolean NOT NULL DEFAULT false;
ALTER TABLE interviews ADD COLUMN informed_of_rights      boolean NOT NULL DEFAULT false;
ALTER TABLE interviews ADD COLUMN rights_language         text    NOT NULL DEFAULT '';
ALTER TABLE interviews ADD COLUMN leaflet_handed_over     boolean NOT NULL DEFAULT false;
ALTER TABLE interviews ADD COLUMN leaflet_language        text    NOT NULL DEFAULT '';
ALTER TABLE interviews ADD COLUMN notes                   blob;

-- SQLite cannot add a table constraint: the interpreter check is a trigger.
-- +goose StatementBegin
CREATE TRIGGER interviews_interpreter_named_insert BEFORE INSERT ON interviews
WHEN (NEW.interpreter_language = '') <> (NEW.interpreter_name = '')
BEGIN
    SELECT RAISE(ABORT, 'an interpreter is booked with a language and a name or service');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER interviews_interpreter_named_update BEFORE UPDATE OF interpreter_language, interpreter_name ON interviews
WHEN (NEW.interpreter_language = '') <> (NEW.interpreter_name = '')
BEGIN
    SELECT RAISE(ABORT, 'an interpreter is booked with a language and a name or service');
END;
-- +goose StatementEnd

CREATE TABLE interview_checklist_answers (
    id           integer PRIMARY KEY AUTOINCREMENT,
    interview_id bigint  NOT NULL REFERENCES interviews (id),
    item         text    NOT NULL CHECK (item IN ('holds_own_passport', 'has_contract_copy', 'own_bank_card_paid_as_agreed',
                                                  'hours_rest_holidays_as_agreed', 'private_room_locks', 'free_to_go_out',
                                                  'has_phone', 'knows_whom_to_call')),
    answer       text    NOT NULL CHECK (answer IN ('yes', 'no', 'not_asked')),
    note         blob,
    UNIQUE (interview_id, item)
);

CREATE TABLE interview_indicator_answers (
    id           integer PRIMARY KEY AUTOINCREMENT,
    interview_id bigint  NOT NULL REFERENCES interviews (id),
    taxonomy     text    NOT NULL CHECK (taxonomy IN ('ilo_forced_labour', 'ilo_ec_2009')),
    code         text    NOT NULL CHECK (code <> ''),
    grade        text    NOT NULL DEFAULT '' CHECK (grade IN ('', 'strong', 'medium', 'weak')),
    answer       text    NOT NULL CHECK (answer IN ('no', 'yes', 'unclear')),
    note         blob,
    UNIQUE (interview_id, code)
);

CREATE TABLE referrals (
    id             integer  PRIMARY KEY AUTOINCREMENT,
    interview_id   bigint   NOT NULL UNIQUE REFERENCES interviews (id),
    worker_id      bigint   NOT NULL REFERENCES workers (id),
    partner        text     NOT NULL CHECK (partner IN ('good_offices_commission', 'nsso_ecosoc', 'police', 'pag_asa', 'payoke', 'surya')),
    date           datetime NOT NULL,
    contact        text     NOT NULL CHECK (contact <> ''),
    reference      text     NOT NULL DEFAULT '',
    recorded_by_id bigint   NOT NULL REFERENCES users (id),
    created_at     datetime NOT NULL
);
CREATE INDEX referrals_worker ON referrals (worker_id);

CREATE TABLE signals (
    id             integer  PRIMARY KEY AUTOINCREMENT,
    worker_id      bigint   NOT NULL REFERENCES workers (id),
    employer_id    bigint   REFERENCES employers (id),
    source         text     NOT NULL CHECK (source IN ('neighbour', 'ngo', 'police', 'social_inspection', 'worker_by_phone', 'other')),
    source_detail  text     NOT NULL DEFAULT '',
    received_on    datetime NOT NULL,
    note           blob,
    recorded_by_id bigint   NOT NULL REFERENCES users (id),
    created_at     datetime NOT NULL
);
CREATE INDEX signals_worker ON signals (worker_id);

CREATE TABLE indicator_observations (
    id                integer  PRIMARY KEY AUTOINCREMENT,
    worker_id         bigint   NOT NULL REFERENCES workers (id),
    employer_id       bigint   REFERENCES employers (id),
    taxonomy          text     NOT NULL CHECK (taxonomy IN ('ilo_forced_labour', 'ilo_ec_2009')),
    indicator_code    text     NOT NULL CHECK (indicator_code <> ''),
    answer            text     NOT NULL CHECK (answer IN ('yes', 'unclear', 'no')),
    grade             text     NOT NULL DEFAULT '' CHECK (grade IN ('', 'strong', 'medium', 'weak')),
    source            text     NOT NULL CHECK (source IN ('interview', 'signal')),
    interview_id      bigint   REFERENCES interviews (id),
    signal_id         bigint   REFERENCES signals (id),
    signal_source     text     NOT NULL DEFAULT '',
    observed_on       datetime NOT NULL,
    recorded_by_id    bigint   NOT NULL REFERENCES users (id),
    note              blob,
    supersedes_id     bigint   REFERENCES indicator_observations (id),
    correction_reason text     NOT NULL DEFAULT '',
    created_at        datetime NOT NULL,
    CHECK ((source = 'interview') = (interview_id IS NOT NULL)),
    CHECK ((source = 'signal') = (signal_id IS NOT NULL AND signal_source <> '')),
    CHECK (answer <> 'no' OR supersedes_id IS NOT NULL),
    CHECK ((supersedes_id IS NULL) = (correction_reason = ''))
);
CREATE INDEX indicator_observations_worker ON indicator_observations (worker_id, observed_on);
CREATE INDEX indicator_observations_employer ON indicator_observations (employer_id);
CREATE UNIQUE INDEX indicator_observations_supersedes ON indicator_observations (supersedes_id) WHERE supersedes_id IS NOT NULL;

CREATE TABLE employer_restrictions (
    id            integer  PRIMARY KEY AUTOINCREMENT,
    employer_id   bigint   NOT NULL REFERENCES employers (id),
    kind          text     NOT NULL CHECK (kind IN ('no_new_private_servants')),
    reason        text     NOT NULL CHECK (reason <> ''),
    starts_on     datetime NOT NULL,
    ends_on       datetime,
    decided_by_id bigint   NOT NULL REFERENCES users (id),
    created_at    datetime NOT NULL,
    lifted_at     datetime,
    lifted_by_id  bigint   REFERENCES users (id),
    lift_reason   text     NOT NULL DEFAULT '',
    CHECK (ends_on IS NULL OR ends_on >= starts_on),
    CHECK ((lifted_at IS NULL) = (lifted_by_id IS NULL)),
    CHECK ((lifted_at IS NULL) = (lift_reason = ''))
);
CREATE INDEX employer_restrictions_employer ON employer_restrictions (employer_id);

-- Append-only tables refuse UPDATE and DELETE.
-- +goose StatementBegin
CREATE TRIGGER interview_checklist_answers_no_update BEFORE UPDATE ON interview_checklist_answers
BEGIN
    SELECT RAISE(ABORT, 'interview_checklist_answers is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER interview_checklist_answers_no_delete BEFORE DELETE ON interview_checklist_answers
BEGIN
    SELECT RAISE(ABORT, 'interview_checklist_answers is append-only (DELETE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER interview_indicator_answers_no_update BEFORE UPDATE ON interview_indicator_answers
BEGIN
    SELECT RAISE(ABORT, 'interview_indicator_answers is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER interview_indicator_answers_no_delete BEFORE DELETE ON interview_indicator_answers
BEGIN
    SELECT RAISE(ABORT, 'interview_indicator_answers is append-only (DELETE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER referrals_no_update BEFORE UPDATE ON referrals
BEGIN
    SELECT RAISE(ABORT, 'referrals is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER referrals_no_delete BEFORE DELETE ON referrals
BEGIN
    SELECT RAISE(ABORT, 'referrals is append-only (DELETE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER signals_no_update BEFORE UPDATE ON signals
BEGIN
    SELECT RAISE(ABORT, 'signals is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER signals_no_delete BEFORE DELETE ON signals
BEGIN
    SELECT RAISE(ABORT, 'signals is append-only (DELETE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER indicator_observations_no_update BEFORE UPDATE ON indicator_observations
BEGIN
    SELECT RAISE(ABORT, 'indicator_observations is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER indicator_observations_no_delete BEFORE DELETE ON indicator_observations
BEGIN
    SELECT RAISE(ABORT, 'indicator_observations is append-only (DELETE refused)');
END;
-- +goose StatementEnd

-- Nothing is added to an interview's record once it is recorded.
-- +goose StatementBegin
CREATE TRIGGER interview_checklist_answers_before_record BEFORE INSERT ON interview_checklist_answers
WHEN EXISTS (SELECT 1 FROM interviews WHERE id = NEW.interview_id AND recorded_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'the interview is recorded: its record cannot be added to (INSERT refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER interview_indicator_answers_before_record BEFORE INSERT ON interview_indicator_answers
WHEN EXISTS (SELECT 1 FROM interviews WHERE id = NEW.interview_id AND recorded_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'the interview is recorded: its record cannot be added to (INSERT refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER referrals_before_record BEFORE INSERT ON referrals
WHEN EXISTS (SELECT 1 FROM interviews WHERE id = NEW.interview_id AND recorded_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'the interview is recorded: its record cannot be added to (INSERT refused)');
END;
-- +goose StatementEnd

-- A restriction is never deleted, and only lifted once.
-- +goose StatementBegin
CREATE TRIGGER employer_restrictions_guard_update BEFORE UPDATE ON employer_restrictions
WHEN OLD.lifted_at IS NOT NULL
  OR NEW.employer_id <> OLD.employer_id OR NEW.kind <> OLD.kind OR NEW.reason <> OLD.reason
  OR NEW.starts_on <> OLD.starts_on OR NEW.ends_on IS NOT OLD.ends_on
  OR NEW.decided_by_id <> OLD.decided_by_id OR NEW.created_at <> OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'an employer restriction can only be lifted, once (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER employer_restrictions_no_delete BEFORE DELETE ON employer_restrictions
BEGIN
    SELECT RAISE(ABORT, 'an employer restriction cannot be deleted (DELETE refused)');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE employer_restrictions;
DROP TABLE indicator_observations;
DROP TABLE signals;
DROP TABLE referrals;
DROP TABLE interview_indicator_answers;
DROP TABLE interview_checklist_answers;
DROP TRIGGER interviews_interpreter_named_update;
DROP TRIGGER interviews_interpreter_named_insert;
ALTER TABLE interviews DROP COLUMN notes;
ALTER TABLE interviews DROP COLUMN leaflet_language;
ALTER TABLE interviews DROP COLUMN leaflet_handed_over;
ALTER TABLE interviews DROP COLUMN rights_language;
ALTER TABLE interviews DROP COLUMN informed_of_rights;
ALTER TABLE interviews DROP COLUMN interpreter_independent;
ALTER TABLE interviews DROP COLUMN interpreter_name;
ALTER TABLE interviews DROP COLUMN interpreter_language;
