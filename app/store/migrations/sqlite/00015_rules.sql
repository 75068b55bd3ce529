-- SQLite dialect of postgres/00015_rules.sql: a "cleared" outcome against
-- the evidence waits on hold for a second admin's confirmation.

-- +goose Up

-- 1. The status table learns hold_for_clearance_review (approved -> on_hold):
-- its guards are dropped for the two rows and created again as they were.
DROP TRIGGER application_actions_fixed_insert;
DROP TRIGGER application_transitions_fixed_insert;
INSERT INTO application_actions (action, needs_interview, needs_card, needs_reason) VALUES
    ('hold_for_clearance_review', true, false, false);
INSERT INTO application_transitions (from_status, action, to_status) VALUES
    ('approved', 'hold_for_clearance_review', 'on_hold');
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

-- 2. The interviewer's written reason (sealed text, like correction reasons).
ALTER TABLE interviews ADD COLUMN clearance_reason text NOT NULL DEFAULT '';
-- Fixed once recorded, like the other columns (not re-sealed by
-- `carddesk notes reseal`).
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

-- 3. The second admin's decision: append-only, never by who held or
-- recorded the interview, at most one confirmation per interview.
CREATE TABLE clearance_confirmations (
    id             integer  PRIMARY KEY AUTOINCREMENT,
    application_id bigint   NOT NULL REFERENCES applications (id),
    interview_id   bigint   NOT NULL REFERENCES interviews (id),
    decision       text     NOT NULL CHECK (decision IN ('confirmed', 'declined')),
    reason         text     NOT NULL CHECK (reason <> ''),
    decided_by_id  bigint   NOT NULL REFERENCES users (id),
    decided_at     datetime NOT NULL
);
CREATE INDEX clearance_confirmations_application ON clearance_confirmations (application_id);
CREATE UNIQUE INDEX clearance_confirmations_one_confirmed ON clearance_confirmations (interview_id) WHERE decision = 'confirmed';

-- +goose StatementBegin
CREATE TRIGGER clearance_confirmations_second_pair_of_eyes BEFORE INSERT ON clearance_confirmations
WHEN NOT EXISTS (
    SELECT 1 FROM interviews i
    WHERE i.id = NEW.interview_id AND i.application_id = NEW.application_id AND i.recorded_at IS NOT NULL
      AND i.outcome = 'cleared' AND i.interviewer_id <> NEW.decided_by_id AND i.recorded_by_id <> NEW.decided_by_id)
BEGIN
    SELECT RAISE(ABORT, 'clearance_confirmations: a clearance is confirmed by someone who neither held nor recorded the interview (INSERT refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER clearance_confirmations_no_replace BEFORE INSERT ON clearance_confirmations
WHEN EXISTS (SELECT 1 FROM clearance_confirmations WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'clearance_confirmations is append-only (INSERT OR REPLACE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER clearance_confirmations_no_update BEFORE UPDATE ON clearance_confirmations
BEGIN
    SELECT RAISE(ABORT, 'clearance_confirmations is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER clearance_confirmations_no_delete BEFORE DELETE ON clearance_confirmations
BEGIN
    SELECT RAISE(ABORT, 'clearance_confirmations is append-only (DELETE refused)');
END;
-- +goose StatementEnd

-- 4. No card for an interview cleared against the evidence (an ILO
-- indicator or a strong ILO-EC indicator answered yes, or held for review)
-- without a confirmation by someone who neither held nor recorded it.
-- +goose StatementBegin
CREATE TRIGGER cards_clearance_confirmed BEFORE INSERT ON cards
WHEN (EXISTS (SELECT 1 FROM application_events e
              WHERE e.application_id = NEW.application_id AND e.interview_id = NEW.interview_id
                AND e.action = 'hold_for_clearance_review')
      OR EXISTS (SELECT 1 FROM interview_indicator_answers a
                 WHERE a.interview_id = NEW.interview_id AND a.answer = 'yes'
                   AND (a.taxonomy = 'ilo_forced_labour' OR a.grade = 'strong')))
 AND EXISTS (SELECT 1 FROM interviews i WHERE i.id = NEW.interview_id AND i.outcome = 'cleared')
 AND NOT EXISTS (
      SELECT 1 FROM clearance_confirmations c JOIN interviews i ON i.id = c.interview_id
      WHERE c.interview_id = NEW.interview_id AND c.application_id = NEW.application_id AND c.decision = 'confirmed'
        AND c.decided_by_id <> i.interviewer_id AND c.decided_by_id <> i.recorded_by_id)
BEGIN
    SELECT RAISE(ABORT, 'cards_clearance_confirmed: card refused: its interview was cleared against the evidence and no second admin confirmed it');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER cards_clearance_confirmed;
DROP TABLE clearance_confirmations;
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
ALTER TABLE interviews DROP COLUMN clearance_reason;
DROP TRIGGER application_actions_fixed_delete;
DROP TRIGGER application_transitions_fixed_delete;
DELETE FROM application_transitions WHERE action = 'hold_for_clearance_review';
DELETE FROM application_actions WHERE action = 'hold_for_clearance_review';
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
