-- SQLite dialect of postgres/00023_reseal_clearances.sql (read its header):
-- `carddesk notes reseal` re-seals the clearance reasons, and the database
-- allows on them a re-seal and nothing else: old and new value both in the
-- sealed text form, of the same length, under different key ids, every other
-- column unchanged. SQLite cannot compare whole rows, so every column is
-- listed (TestResealTriggersListEveryColumn fails when one added later is
-- missing). A recorded interview allows 00017's (re-)sealing of its notes,
-- correction reason and interpreter's name, or the re-seal of its clearance
-- reason alone.

-- +goose Up
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
) AND NOT (
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
    AND NEW.correction_reason IS OLD.correction_reason
    AND NEW.created_at IS OLD.created_at
    AND NEW.interpreter_language IS OLD.interpreter_language
    AND NEW.interpreter_name IS OLD.interpreter_name
    AND NEW.interpreter_independent IS OLD.interpreter_independent
    AND NEW.informed_of_rights IS OLD.informed_of_rights
    AND NEW.rights_language IS OLD.rights_language
    AND NEW.leaflet_handed_over IS OLD.leaflet_handed_over
    AND NEW.leaflet_language IS OLD.leaflet_language
    AND NEW.notes IS OLD.notes
    AND NEW.ends_at IS OLD.ends_at
    AND NEW.worker_id IS OLD.worker_id
    AND NEW.cancelled_at IS OLD.cancelled_at
    AND NEW.cancel_reason IS OLD.cancel_reason
    AND (typeof(OLD.clearance_reason) = 'text' AND typeof(NEW.clearance_reason) = 'text' AND length(NEW.clearance_reason) = length(OLD.clearance_reason) AND length(NEW.clearance_reason) >= 67 AND length(NEW.clearance_reason) % 2 = 1
        AND substr(OLD.clearance_reason, 1, 3) = char(1) || '01' AND substr(NEW.clearance_reason, 1, 3) = char(1) || '01'
        AND NOT substr(OLD.clearance_reason, 2) GLOB '*[^0-9a-f]*' AND NOT substr(NEW.clearance_reason, 2) GLOB '*[^0-9a-f]*'
        AND substr(NEW.clearance_reason, 4, 8) <> substr(OLD.clearance_reason, 4, 8))
)
BEGIN
    SELECT RAISE(ABORT, 'interview is recorded and cannot be changed (UPDATE refused)');
END;
-- +goose StatementEnd
DROP TRIGGER clearance_confirmations_no_update;
-- +goose StatementBegin
CREATE TRIGGER clearance_confirmations_no_update BEFORE UPDATE ON clearance_confirmations
WHEN NOT (
    NEW.id IS OLD.id
    AND NEW.application_id IS OLD.application_id
    AND NEW.interview_id IS OLD.interview_id
    AND NEW.decision IS OLD.decision
    AND NEW.decided_by_id IS OLD.decided_by_id
    AND NEW.decided_at IS OLD.decided_at
    AND (typeof(OLD.reason) = 'text' AND typeof(NEW.reason) = 'text' AND length(NEW.reason) = length(OLD.reason) AND length(NEW.reason) >= 67 AND length(NEW.reason) % 2 = 1
        AND substr(OLD.reason, 1, 3) = char(1) || '01' AND substr(NEW.reason, 1, 3) = char(1) || '01'
        AND NOT substr(OLD.reason, 2) GLOB '*[^0-9a-f]*' AND NOT substr(NEW.reason, 2) GLOB '*[^0-9a-f]*'
        AND substr(NEW.reason, 4, 8) <> substr(OLD.reason, 4, 8))
)
BEGIN
    SELECT RAISE(ABORT, 'clearance_confirmations is append-only (UPDATE refused; only re-sealing reason is allowed)');
END;
-- +goose StatementEnd

-- A concern or referral on hold corrected into a clearance against the
-- evidence waits on hold for its confirmation (see the PostgreSQL migration).
DROP TRIGGER application_transitions_fixed_insert;
INSERT INTO application_transitions (from_status, action, to_status) VALUES
    ('on_hold', 'hold_for_clearance_review', 'on_hold');
-- +goose StatementBegin
CREATE TRIGGER application_transitions_fixed_insert BEFORE INSERT ON application_transitions
BEGIN
    SELECT RAISE(ABORT, 'application_transitions_fixed: the status table changes only with Carddesk, by a migration (INSERT refused)');
END;
-- +goose StatementEnd
DROP TRIGGER interviews_recorded_through_history;
-- +goose StatementBegin
CREATE TRIGGER interviews_recorded_through_history BEFORE UPDATE ON interviews
WHEN OLD.recorded_at IS NULL
BEGIN
    SELECT CASE
        WHEN NEW.id IS NOT OLD.id OR NEW.application_id IS NOT OLD.application_id OR NEW.interviewer_id IS NOT OLD.interviewer_id
          OR NEW.scheduled_at IS NOT OLD.scheduled_at OR NEW.room IS NOT OLD.room OR NEW.scheduled_by_id IS NOT OLD.scheduled_by_id
          OR NEW.supersedes_id IS NOT OLD.supersedes_id OR NEW.correction_reason IS NOT OLD.correction_reason
          OR NEW.created_at IS NOT OLD.created_at
            THEN RAISE(ABORT, 'interviews_recorded_through_history: the appointment of an interview is fixed; book a new one (UPDATE refused)')
        WHEN NEW.recorded_at IS NOT NULL
          AND NOT EXISTS (
            SELECT 1 FROM application_events e
            WHERE e.application_id = NEW.application_id AND e.interview_id = NEW.id AND e.actor_id = NEW.recorded_by_id
              AND e.action = CASE NEW.outcome WHEN '' THEN 'record_interview_held' ELSE 'record_interview_' || NEW.outcome END)
          -- a correction that keeps a clearance leaves the status as it is
          AND NOT (NEW.supersedes_id IS NOT NULL AND NEW.outcome = 'cleared' AND EXISTS (
            SELECT 1 FROM interviews s WHERE s.id = NEW.supersedes_id AND s.application_id = NEW.application_id
              AND s.outcome = 'cleared' AND s.recorded_at IS NOT NULL))
          -- a correction into a clearance against the evidence while on hold
          -- waits for its confirmation (00023)
          AND NOT (NEW.supersedes_id IS NOT NULL AND NEW.outcome = 'cleared' AND EXISTS (
            SELECT 1 FROM application_events e
            WHERE e.application_id = NEW.application_id AND e.interview_id = NEW.id
              AND e.action = 'hold_for_clearance_review' AND e.actor_id = NEW.recorded_by_id))
            THEN RAISE(ABORT, 'interviews_recorded_through_history: an interview can be recorded only after its application''s history records it, by the same person (UPDATE refused)')
    END;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER interviews_recorded_through_history;
-- +goose StatementBegin
CREATE TRIGGER interviews_recorded_through_history BEFORE UPDATE ON interviews
WHEN OLD.recorded_at IS NULL
BEGIN
    SELECT CASE
        WHEN NEW.id IS NOT OLD.id OR NEW.application_id IS NOT OLD.application_id OR NEW.interviewer_id IS NOT OLD.interviewer_id
          OR NEW.scheduled_at IS NOT OLD.scheduled_at OR NEW.room IS NOT OLD.room OR NEW.scheduled_by_id IS NOT OLD.scheduled_by_id
          OR NEW.supersedes_id IS NOT OLD.supersedes_id OR NEW.correction_reason IS NOT OLD.correction_reason
          OR NEW.created_at IS NOT OLD.created_at
            THEN RAISE(ABORT, 'interviews_recorded_through_history: the appointment of an interview is fixed; book a new one (UPDATE refused)')
        WHEN NEW.recorded_at IS NOT NULL
          AND NOT EXISTS (
            SELECT 1 FROM application_events e
            WHERE e.application_id = NEW.application_id AND e.interview_id = NEW.id AND e.actor_id = NEW.recorded_by_id
              AND e.action = CASE NEW.outcome WHEN '' THEN 'record_interview_held' ELSE 'record_interview_' || NEW.outcome END)
          -- a correction that keeps a clearance leaves the status as it is
          AND NOT (NEW.supersedes_id IS NOT NULL AND NEW.outcome = 'cleared' AND EXISTS (
            SELECT 1 FROM interviews s WHERE s.id = NEW.supersedes_id AND s.application_id = NEW.application_id
              AND s.outcome = 'cleared' AND s.recorded_at IS NOT NULL))
            THEN RAISE(ABORT, 'interviews_recorded_through_history: an interview can be recorded only after its application''s history records it, by the same person (UPDATE refused)')
    END;
END;
-- +goose StatementEnd
DROP TRIGGER application_transitions_fixed_delete;
DELETE FROM application_transitions WHERE from_status = 'on_hold' AND action = 'hold_for_clearance_review';
-- +goose StatementBegin
CREATE TRIGGER application_transitions_fixed_delete BEFORE DELETE ON application_transitions
BEGIN
    SELECT RAISE(ABORT, 'application_transitions_fixed: the status table changes only with Carddesk, by a migration (DELETE refused)');
END;
-- +goose StatementEnd
DROP TRIGGER clearance_confirmations_no_update;
-- +goose StatementBegin
CREATE TRIGGER clearance_confirmations_no_update BEFORE UPDATE ON clearance_confirmations
BEGIN
    SELECT RAISE(ABORT, 'clearance_confirmations is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
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
