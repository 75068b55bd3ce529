-- The private interview in full and each worker's indicator history (issue 4).
--
-- Confidentiality: every free-text note (the interview's notes, each
-- checklist and indicator note, observation and signal notes) is stored
-- sealed with AES-256-GCM (app/sealed), with a key from configuration and
-- additional data that binds it to its row, so a dump of this database alone
-- reveals no note. The other columns are confidential too, and only the
-- store's services for interviewers and admins read them.
--
-- Immutability: a recorded interview is never edited (00002's trigger); its
-- checklist and indicator answers and its referral are written in the same
-- transaction, before it is marked recorded, and nothing can be added to them
-- or changed afterwards. Observations and signals are append-only: a
-- correction is a new observation that supersedes the old one.

-- +goose Up
-- The interpreter is booked with the appointment and confirmed by the
-- interviewer's record; the attestations beyond the employer's absence.
ALTER TABLE interviews ADD COLUMN interpreter_language    text    NOT NULL DEFAULT '';
ALTER TABLE interviews ADD COLUMN interpreter_name        text    NOT NULL DEFAULT '';
ALTER TABLE interviews ADD COLUMN interpreter_independent boolean NOT NULL DEFAULT false;
ALTER TABLE interviews ADD COLUMN informed_of_rights      boolean NOT NULL DEFAULT false;
ALTER TABLE interviews ADD COLUMN rights_language         text    NOT NULL DEFAULT '';
ALTER TABLE interviews ADD COLUMN leaflet_handed_over     boolean NOT NULL DEFAULT false;
ALTER TABLE interviews ADD COLUMN leaflet_language        text    NOT NULL DEFAULT '';
-- sealed (additional data models.InterviewNoteAAD)
ALTER TABLE interviews ADD COLUMN notes                   bytea;
ALTER TABLE interviews ADD CONSTRAINT interviews_interpreter_named CHECK ((interpreter_language = '') = (interpreter_name = ''));

CREATE TABLE interview_checklist_answers (
    id           bigserial PRIMARY KEY,
    interview_id bigint    NOT NULL REFERENCES interviews (id),
    item         text      NOT NULL CHECK (item IN ('holds_own_passport', 'has_contract_copy', 'own_bank_card_paid_as_agreed',
                                                    'hours_rest_holidays_as_agreed', 'private_room_locks', 'free_to_go_out',
                                                    'has_phone', 'knows_whom_to_call')),
    answer       text      NOT NULL CHECK (answer IN ('yes', 'no', 'not_asked')),
    -- sealed (models.ChecklistNoteAAD)
    note         bytea,
    UNIQUE (interview_id, item)
);

CREATE TABLE interview_indicator_answers (
    id           bigserial PRIMARY KEY,
    interview_id bigint    NOT NULL REFERENCES interviews (id),
    taxonomy     text      NOT NULL CHECK (taxonomy IN ('ilo_forced_labour', 'ilo_ec_2009')),
    code         text      NOT NULL CHECK (code <> ''),
    grade        text      NOT NULL DEFAULT '' CHECK (grade IN ('', 'strong', 'medium', 'weak')),
    answer       text      NOT NULL CHECK (answer IN ('no', 'yes', 'unclear')),
    -- sealed (models.IndicatorResponseNoteAAD)
    note         bytea,
    UNIQUE (interview_id, code)
);

CREATE TABLE referrals (
    id             bigserial   PRIMARY KEY,
    interview_id   bigint      NOT NULL UNIQUE REFERENCES interviews (id),
    worker_id      bigint      NOT NULL REFERENCES workers (id),
    partner        text        NOT NULL CHECK (partner IN ('good_offices_commission', 'nsso_ecosoc', 'police', 'pag_asa', 'payoke', 'surya')),
    -- the day the partner was contacted
    date           timestamptz NOT NULL,
    contact        text        NOT NULL CHECK (contact <> ''),
    reference      text        NOT NULL DEFAULT '',
    recorded_by_id bigint      NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL
);
CREATE INDEX referrals_worker ON referrals (worker_id);

CREATE TABLE signals (
    id             bigserial   PRIMARY KEY,
    worker_id      bigint      NOT NULL REFERENCES workers (id),
    employer_id    bigint      REFERENCES employers (id),
    source         text        NOT NULL CHECK (source IN ('neighbour', 'ngo', 'police', 'social_inspection', 'worker_by_phone', 'other')),
    source_detail  text        NOT NULL DEFAULT '',
    received_on    timestamptz NOT NULL,
    -- sealed (models.SignalNoteAAD)
    note           bytea,
    recorded_by_id bigint      NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL
);
CREATE INDEX signals_worker ON signals (worker_id);

CREATE TABLE indicator_observations (
    id                bigserial   PRIMARY KEY,
    worker_id         bigint      NOT NULL REFERENCES workers (id),
    -- the worker's employer when the indicator was observed
    employer_id       bigint      REFERENCES employers (id),
    taxonomy          text        NOT NULL CHECK (taxonomy IN ('ilo_forced_labour', 'ilo_ec_2009')),
    indicator_code    text        NOT NULL CHECK (indicator_code <> ''),
    answer            text        NOT NULL CHECK (answer IN ('yes', 'unclear', 'no')),
    grade             text        NOT NULL DEFAULT '' CHECK (grade IN ('', 'strong', 'medium', 'weak')),
    source            text        NOT NULL CHECK (source IN ('interview', 'signal')),
    interview_id      bigint      REFERENCES interviews (id),
    signal_id         bigint      REFERENCES signals (id),
    signal_source     text        NOT NULL DEFAULT '',
    observed_on       timestamptz NOT NULL,
    recorded_by_id    bigint      NOT NULL REFERENCES users (id),
    -- sealed (models.ObservationNoteAAD)
    note              bytea,
    supersedes_id     bigint      REFERENCES indicator_observations (id),
    correction_reason text        NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL,
    CHECK ((source = 'interview') = (interview_id IS NOT NULL)),
    CHECK ((source = 'signal') = (signal_id IS NOT NULL AND signal_source <> '')),
    -- "no" only withdraws an earlier observation
    CHECK (answer <> 'no' OR supersedes_id IS NOT NULL),
    CHECK ((supersedes_id IS NULL) = (correction_reason = ''))
);
CREATE INDEX indicator_observations_worker ON indicator_observations (worker_id, observed_on);
CREATE INDEX indicator_observations_employer ON indicator_observations (employer_id);
-- a history is one chain: an observation is superseded at most once
CREATE UNIQUE INDEX indicator_observations_supersedes ON indicator_observations (supersedes_id) WHERE supersedes_id IS NOT NULL;

CREATE TABLE employer_restrictions (
    id            bigserial   PRIMARY KEY,
    employer_id   bigint      NOT NULL REFERENCES employers (id),
    kind          text        NOT NULL CHECK (kind IN ('no_new_private_servants')),
    reason        text        NOT NULL CHECK (reason <> ''),
    starts_on     timestamptz NOT NULL,
    ends_on       timestamptz,
    decided_by_id bigint      NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    -- an admin may lift a restriction early, with a reason; nothing else changes
    lifted_at     timestamptz,
    lifted_by_id  bigint      REFERENCES users (id),
    lift_reason   text        NOT NULL DEFAULT '',
    CHECK (ends_on IS NULL OR ends_on >= starts_on),
    CHECK ((lifted_at IS NULL) = (lifted_by_id IS NULL)),
    CHECK ((lifted_at IS NULL) = (lift_reason = ''))
);
CREATE INDEX employer_restrictions_employer ON employer_restrictions (employer_id);

-- Append-only tables refuse UPDATE and DELETE.
-- +goose StatementBegin
CREATE FUNCTION carddesk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
-- +goose StatementEnd
CREATE TRIGGER interview_checklist_answers_append_only BEFORE UPDATE OR DELETE ON interview_checklist_answers
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
CREATE TRIGGER interview_indicator_answers_append_only BEFORE UPDATE OR DELETE ON interview_indicator_answers
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
CREATE TRIGGER referrals_append_only BEFORE UPDATE OR DELETE ON referrals
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
CREATE TRIGGER signals_append_only BEFORE UPDATE OR DELETE ON signals
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
CREATE TRIGGER indicator_observations_append_only BEFORE UPDATE OR DELETE ON indicator_observations
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();

-- Nothing is added to an interview's record once it is recorded.
-- +goose StatementBegin
CREATE FUNCTION interview_content_before_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM interviews WHERE id = NEW.interview_id AND recorded_at IS NOT NULL) THEN
        RAISE EXCEPTION 'interview % is recorded: its record cannot be added to (% refused)', NEW.interview_id, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER interview_checklist_answers_before_record BEFORE INSERT ON interview_checklist_answers
    FOR EACH ROW EXECUTE FUNCTION interview_content_before_record();
CREATE TRIGGER interview_indicator_answers_before_record BEFORE INSERT ON interview_indicator_answers
    FOR EACH ROW EXECUTE FUNCTION interview_content_before_record();
CREATE TRIGGER referrals_before_record BEFORE INSERT ON referrals
    FOR EACH ROW EXECUTE FUNCTION interview_content_before_record();

-- A restriction is never deleted, and only lifted once.
-- +goose StatementBegin
CREATE FUNCTION employer_restrictions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.lifted_at IS NOT NULL
       OR NEW.employer_id <> OLD.employer_id OR NEW.kind <> OLD.kind OR NEW.reason <> OLD.reason
       OR NEW.starts_on <> OLD.starts_on OR NEW.ends_on IS DISTINCT FROM OLD.ends_on
       OR NEW.decided_by_id <> OLD.decided_by_id OR NEW.created_at <> OLD.created_at THEN
        RAISE EXCEPTION 'employer restriction % can only be lifted, once (% refused)', OLD.id, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER employer_restrictions_guard BEFORE UPDATE OR DELETE ON employer_restrictions
    FOR EACH ROW EXECUTE FUNCTION employer_restrictions_guard();

-- +goose Down
DROP TABLE employer_restrictions;
DROP TABLE indicator_observations;
DROP TABLE signals;
DROP TABLE referrals;
DROP TABLE interview_indicator_answers;
DROP TABLE interview_checklist_answers;
DROP FUNCTION employer_restrictions_guard();
DROP FUNCTION interview_content_before_record();
DROP FUNCTION carddesk_append_only();
ALTER TABLE interviews DROP CONSTRAINT interviews_interpreter_named;
ALTER TABLE interviews DROP COLUMN notes;
ALTER TABLE interviews DROP COLUMN leaflet_language;
ALTER TABLE interviews DROP COLUMN leaflet_handed_over;
ALTER TABLE interviews DROP COLUMN rights_language;
ALTER TABLE interviews DROP COLUMN informed_of_rights;
ALTER TABLE interviews DROP COLUMN interpreter_independent;
ALTER TABLE interviews DROP COLUMN interpreter_name;
ALTER TABLE interviews DROP COLUMN interpreter_language;
