-- SQLite dialect of postgres/00017_staff_day.sql: the calendar of the
-- private interviews (issue 13). Keep it identical in effect.
--
-- SQLite has no exclusion constraint: the booking's transaction checks that
-- no interviewer, room or worker is booked twice for overlapping times
-- (models.BookingConflicts), and the embedded database runs one writing
-- transaction at a time (_txlock=immediate), so no two bookings pass the
-- check side by side. ends_at and worker_id are written by the store with
-- each new booking; for rows older than this migration they stay empty and
-- are read as scheduled_at plus the interview's duration and the
-- application's worker.

-- +goose Up
ALTER TABLE interviews ADD COLUMN ends_at       datetime;
ALTER TABLE interviews ADD COLUMN worker_id     bigint; -- the application's (trigger below), no REFERENCES so Down can drop it
ALTER TABLE interviews ADD COLUMN cancelled_at  datetime;
ALTER TABLE interviews ADD COLUMN cancel_reason text NOT NULL DEFAULT '';

-- Appointments never held that a later booking replaced, or whose
-- application moved on without them, no longer hold anyone's time.
UPDATE interviews SET cancelled_at = created_at, cancel_reason = 'replaced or left unheld (before migration 00017)'
 WHERE recorded_at IS NULL AND supersedes_id IS NULL AND (
       id IS NOT (SELECT e.interview_id FROM application_events e WHERE e.application_id = interviews.application_id
                   AND e.action IN ('schedule_interview', 'reschedule_interview') ORDER BY e.seq DESC LIMIT 1)
    OR (SELECT a.status FROM applications a WHERE a.id = interviews.application_id) <> 'interview_scheduled');

-- A recorded interview stays as it is, the new columns included (00015's
-- trigger, with them; 00015 added clearance_reason).
DROP TRIGGER interviews_recorded_no_update;
-- +goose StatementBegin
CREATE TRIGGER interviews_recorded_no_update BEFORE UPDATE ON interviews
WHEN OLD.recorded_at IS NOT NULL AND NOT (
    NEW.id IS OLD.id
    AND NEW.application_id IS OLD.application_id
    AND NEW.interviewer_id IS OLD.interviewer_id
    AND NEW.scheduled_at IS OLD.scheduled_at
    AND NEW.room IS OLD.room
    AND NEW.scheduled_by_id IS OLD.scheduled_by_id
    AND NEW.held_at IS OLD.held_at
    AND NEW.recorded_by_id IS OLD.recorded_by_id
    AND NEW.recorded_at IS OLD.recorded_at
    AND NEW.employer_absent IS OLD.employer_absent
    AND NEW.outcome IS OLD.outcome
    AND NEW.supersedes_id IS OLD.supersedes_id
    AND NEW.created_at IS OLD.created_at
    AND NEW.ends_at IS OLD.ends_at
    AND NEW.worker_id IS OLD.worker_id
    AND NEW.cancelled_at IS OLD.cancelled_at
    AND NEW.cancel_reason IS OLD.cancel_reason
    AND NEW.interpreter_language IS OLD.interpreter_language
    AND NEW.interpreter_independent IS OLD.interpreter_independent
    AND NEW.informed_of_rights IS OLD.informed_of_rights
    AND NEW.rights_language IS OLD.rights_language
    AND NEW.leaflet_handed_over IS OLD.leaflet_handed_over
    AND NEW.leaflet_language IS OLD.leaflet_language
    AND NEW.clearance_reason IS OLD.clearance_reason
    AND (NEW.notes IS OLD.notes OR (typeof(OLD.notes) = 'blob' AND typeof(NEW.notes) = 'blob' AND length(OLD.notes) >= 33 AND length(NEW.notes) >= 33
        AND substr(OLD.notes, 1, 1) = x'01' AND substr(NEW.notes, 1, 1) = x'01' AND substr(NEW.notes, 2, 4) <> substr(OLD.notes, 2, 4)))
    AND (NEW.correction_reason IS OLD.correction_reason OR (typeof(NEW.correction_reason) = 'text' AND length(NEW.correction_reason) >= 67 AND length(NEW.correction_reason) % 2 = 1
        AND substr(NEW.correction_reason, 1, 3) = char(1) || '01' AND NOT substr(NEW.correction_reason, 2) GLOB '*[^0-9a-f]*'
        AND OLD.correction_reason <> '' AND (substr(OLD.correction_reason, 1, 1) <> char(1) OR substr(OLD.correction_reason, 4, 8) <> substr(NEW.correction_reason, 4, 8))))
    AND (NEW.interpreter_name IS OLD.interpreter_name OR (typeof(NEW.interpreter_name) = 'text' AND length(NEW.interpreter_name) >= 67 AND length(NEW.interpreter_name) % 2 = 1
        AND substr(NEW.interpreter_name, 1, 3) = char(1) || '01' AND NOT substr(NEW.interpreter_name, 2) GLOB '*[^0-9a-f]*'
        AND OLD.interpreter_name <> '' AND (substr(OLD.interpreter_name, 1, 1) <> char(1) OR substr(OLD.interpreter_name, 4, 8) <> substr(NEW.interpreter_name, 4, 8))))
    AND NOT (NEW.notes IS OLD.notes AND NEW.correction_reason IS OLD.correction_reason AND NEW.interpreter_name IS OLD.interpreter_name)
)
BEGIN
    SELECT RAISE(ABORT, 'interview is recorded and cannot be changed (UPDATE refused)');
END;
-- +goose StatementEnd

-- A cancelled booking says why; a booking's worker is its application's.
-- +goose StatementBegin
CREATE TRIGGER interviews_booking_fields BEFORE UPDATE OF cancelled_at, cancel_reason, worker_id ON interviews
BEGIN
    SELECT CASE
        WHEN NEW.cancelled_at IS NOT NULL AND NEW.cancel_reason = ''
            THEN RAISE(ABORT, 'interviews_cancel_reason: a cancelled booking says why (UPDATE refused)')
        WHEN OLD.cancelled_at IS NOT NULL AND (NEW.cancelled_at IS NOT OLD.cancelled_at OR NEW.cancel_reason IS NOT OLD.cancel_reason)
            THEN RAISE(ABORT, 'interviews_cancel_reason: a cancellation is not undone (UPDATE refused)')
        WHEN NEW.worker_id IS NOT NULL AND NEW.worker_id IS NOT (SELECT worker_id FROM applications WHERE id = NEW.application_id)
            THEN RAISE(ABORT, 'interviews_worker: a booking is for its application''s worker (UPDATE refused)')
    END;
END;
-- +goose StatementEnd

CREATE TABLE interview_rooms (
    id         integer  PRIMARY KEY AUTOINCREMENT,
    name       text     NOT NULL CHECK (trim(name) <> ''),
    active     boolean  NOT NULL DEFAULT true,
    created_at datetime NOT NULL
);
CREATE UNIQUE INDEX interview_rooms_name ON interview_rooms (lower(trim(name)));

CREATE TABLE interviewer_availability (
    id             integer  PRIMARY KEY AUTOINCREMENT,
    interviewer_id bigint   NOT NULL REFERENCES users (id),
    weekday        integer  NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    from_minute    integer  NOT NULL CHECK (from_minute >= 0),
    to_minute      integer  NOT NULL CHECK (to_minute <= 1440),
    created_at     datetime NOT NULL,
    CHECK (to_minute - from_minute >= 60)
);
CREATE INDEX interviewer_availability_interviewer ON interviewer_availability (interviewer_id);

DROP TRIGGER application_actions_fixed_insert;
DROP TRIGGER application_transitions_fixed_insert;
INSERT INTO application_actions (action, needs_interview, needs_card, needs_reason) VALUES ('cancel_interview', true, false, true);
INSERT INTO application_transitions (from_status, action, to_status) VALUES ('interview_scheduled', 'cancel_interview', 'submitted');
-- +goose StatementBegin
CREATE TRIGGER application_actions_fixed_insert BEFORE INSERT ON application_actions
BEGIN
    SELECT RAISE(ABORT, 'application_actions_fixed: the status table changes only with Carddesk, by a migration (INSERT refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER application_transitions_fixed_insert BEFORE INSERT ON application_transitions
BEGIN
    SELECT RAISE(ABORT, 'application_transitions_fixed: the status table changes only with Carddesk, by a migration (INSERT refused)');
END;
-- +goose StatementEnd

-- The interview record's draft, sealed like the notes (see the other
-- engine's file); only its content and time change, forward.
CREATE TABLE interview_drafts (
    id           integer  PRIMARY KEY AUTOINCREMENT,
    interview_id bigint   NOT NULL REFERENCES interviews (id),
    author_id    bigint   NOT NULL REFERENCES users (id),
    content      blob     NOT NULL,
    updated_at   datetime NOT NULL,
    UNIQUE (interview_id, author_id)
);
-- +goose StatementBegin
CREATE TRIGGER interview_drafts_no_update BEFORE UPDATE ON interview_drafts
WHEN NOT (NEW.id IS OLD.id AND NEW.interview_id IS OLD.interview_id AND NEW.author_id IS OLD.author_id
          AND (NEW.updated_at IS OLD.updated_at OR NEW.updated_at >= OLD.updated_at))
BEGIN
    SELECT RAISE(ABORT, 'a draft stays with its interview and author (UPDATE refused)');
END;
-- +goose StatementEnd

-- Letters to missions (see the other engine's file).
CREATE TABLE letters (
    id             integer  PRIMARY KEY AUTOINCREMENT,
    application_id bigint   NOT NULL REFERENCES applications (id),
    number         text     NOT NULL UNIQUE,
    kind           text     NOT NULL CHECK (kind IN ('renewal_due', 'documents_missing', 'summons', 'card_ready', 'card_return')),
    language       text     NOT NULL CHECK (language IN ('fr', 'nl', 'de', 'en')),
    pdf            blob     NOT NULL,
    created_by_id  bigint   NOT NULL REFERENCES users (id),
    created_at     datetime NOT NULL
);
CREATE INDEX letters_application ON letters (application_id);
-- +goose StatementBegin
CREATE TRIGGER letters_no_update BEFORE UPDATE ON letters
BEGIN
    SELECT RAISE(ABORT, 'a letter sent is kept as it was (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER letters_no_delete BEFORE DELETE ON letters
BEGIN
    SELECT RAISE(ABORT, 'a letter sent is kept as it was (DELETE refused)');
END;
-- +goose StatementEnd

-- Referral follow-up (see the other engine's file).
CREATE TABLE referral_followups (
    id                integer  PRIMARY KEY AUTOINCREMENT,
    worker_id         bigint   NOT NULL REFERENCES workers (id),
    partner           text     NOT NULL CHECK (partner IN ('good_offices_commission', 'nsso_ecosoc', 'police', 'pag_asa', 'payoke', 'surya')),
    status            text     NOT NULL CHECK (status IN ('sent', 'acknowledged', 'victim_status_granted', 'victim_status_refused', 'closed')),
    on_date           datetime NOT NULL,
    partner_reference text     NOT NULL DEFAULT '',
    recorded_by_id    bigint   NOT NULL REFERENCES users (id),
    recorded_at       datetime NOT NULL
);
CREATE INDEX referral_followups_worker ON referral_followups (worker_id, partner);
-- +goose StatementBegin
CREATE TRIGGER referral_followups_no_update BEFORE UPDATE ON referral_followups
WHEN NOT (NEW.id IS OLD.id AND NEW.worker_id IS OLD.worker_id AND NEW.partner IS OLD.partner AND NEW.status IS OLD.status
          AND NEW.on_date IS OLD.on_date AND NEW.recorded_by_id IS OLD.recorded_by_id AND NEW.recorded_at IS OLD.recorded_at)
BEGIN
    SELECT RAISE(ABORT, 'referral_followups is append-only (UPDATE refused; only re-sealing partner_reference is allowed)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER referral_followups_no_delete BEFORE DELETE ON referral_followups
BEGIN
    SELECT RAISE(ABORT, 'referral_followups is append-only (DELETE refused)');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE referral_followups;
DROP TABLE letters;
DROP TABLE interview_drafts;
DROP TRIGGER application_actions_fixed_delete;
DROP TRIGGER application_transitions_fixed_delete;
DELETE FROM application_transitions WHERE action = 'cancel_interview';
DELETE FROM application_actions WHERE action = 'cancel_interview';
-- +goose StatementBegin
CREATE TRIGGER application_actions_fixed_delete BEFORE DELETE ON application_actions
BEGIN
    SELECT RAISE(ABORT, 'application_actions_fixed: the status table changes only with Carddesk, by a migration (DELETE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER application_transitions_fixed_delete BEFORE DELETE ON application_transitions
BEGIN
    SELECT RAISE(ABORT, 'application_transitions_fixed: the status table changes only with Carddesk, by a migration (DELETE refused)');
END;
-- +goose StatementEnd
DROP TABLE interviewer_availability;
DROP TABLE interview_rooms;
DROP TRIGGER interviews_booking_fields;
DROP TRIGGER interviews_recorded_no_update;
-- +goose StatementBegin
CREATE TRIGGER interviews_recorded_no_update BEFORE UPDATE ON interviews
WHEN OLD.recorded_at IS NOT NULL AND NOT (
    NEW.id IS OLD.id
    AND NEW.application_id IS OLD.application_id
    AND NEW.interviewer_id IS OLD.interviewer_id
    AND NEW.scheduled_at IS OLD.scheduled_at
    AND NEW.room IS OLD.room
    AND NEW.scheduled_by_id IS OLD.scheduled_by_id
    AND NEW.held_at IS OLD.held_at
    AND NEW.recorded_by_id IS OLD.recorded_by_id
    AND NEW.recorded_at IS OLD.recorded_at
    AND NEW.employer_absent IS OLD.employer_absent
    AND NEW.outcome IS OLD.outcome
    AND NEW.supersedes_id IS OLD.supersedes_id
    AND NEW.created_at IS OLD.created_at
    AND NEW.interpreter_language IS OLD.interpreter_language
    AND NEW.interpreter_independent IS OLD.interpreter_independent
    AND NEW.informed_of_rights IS OLD.informed_of_rights
    AND NEW.rights_language IS OLD.rights_language
    AND NEW.leaflet_handed_over IS OLD.leaflet_handed_over
    AND NEW.leaflet_language IS OLD.leaflet_language
    AND (NEW.notes IS OLD.notes OR (typeof(OLD.notes) = 'blob' AND typeof(NEW.notes) = 'blob' AND length(OLD.notes) >= 33 AND length(NEW.notes) >= 33
        AND substr(OLD.notes, 1, 1) = x'01' AND substr(NEW.notes, 1, 1) = x'01' AND substr(NEW.notes, 2, 4) <> substr(OLD.notes, 2, 4)))
    AND (NEW.correction_reason IS OLD.correction_reason OR (typeof(NEW.correction_reason) = 'text' AND length(NEW.correction_reason) >= 67 AND length(NEW.correction_reason) % 2 = 1
        AND substr(NEW.correction_reason, 1, 3) = char(1) || '01' AND NOT substr(NEW.correction_reason, 2) GLOB '*[^0-9a-f]*'
        AND OLD.correction_reason <> '' AND (substr(OLD.correction_reason, 1, 1) <> char(1) OR substr(OLD.correction_reason, 4, 8) <> substr(NEW.correction_reason, 4, 8))))
    AND (NEW.interpreter_name IS OLD.interpreter_name OR (typeof(NEW.interpreter_name) = 'text' AND length(NEW.interpreter_name) >= 67 AND length(NEW.interpreter_name) % 2 = 1
        AND substr(NEW.interpreter_name, 1, 3) = char(1) || '01' AND NOT substr(NEW.interpreter_name, 2) GLOB '*[^0-9a-f]*'
        AND OLD.interpreter_name <> '' AND (substr(OLD.interpreter_name, 1, 1) <> char(1) OR substr(OLD.interpreter_name, 4, 8) <> substr(NEW.interpreter_name, 4, 8))))
    AND NOT (NEW.notes IS OLD.notes AND NEW.correction_reason IS OLD.correction_reason AND NEW.interpreter_name IS OLD.interpreter_name)
)
BEGIN
    SELECT RAISE(ABORT, 'interview is recorded and cannot be changed (UPDATE refused)');
END;
-- +goose StatementEnd
ALTER TABLE interviews DROP COLUMN cancel_reason;
ALTER TABLE interviews DROP COLUMN cancelled_at;
ALTER TABLE interviews DROP COLUMN worker_id;
ALTER TABLE interviews DROP COLUMN ends_at;
