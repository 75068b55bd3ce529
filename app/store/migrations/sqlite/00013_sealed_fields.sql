-- SQLite dialect of the PostgreSQL 00013_sealed_fields.sql (read its header):
-- the referral's contact and reference, the correction reasons and the
-- interpreter's name are sealed in their text columns (U+0001, then the sealed
-- bytes in hex; app/sealed). The append-only tables, and a recorded interview,
-- now allow one kind of UPDATE: each sealed column unchanged, re-sealed under
-- another key id, or (a text column) going from clear to sealed; every other
-- column unchanged; at least one sealed column changed. SQLite has no row
-- comparison, so every other column is listed (TestResealTriggersListEveryColumn
-- fails when a column added later is missing). An unrecorded interview's
-- correction reason cannot be in clear (a correction is recorded in the
-- transaction that creates it), so 00005's interviews_recorded_through_history
-- stays as it is.

-- +goose Up
DROP TRIGGER referrals_no_update;
-- +goose StatementBegin
CREATE TRIGGER referrals_no_update BEFORE UPDATE ON referrals
WHEN NOT (
    NEW.id IS OLD.id
    AND NEW.interview_id IS OLD.interview_id
    AND NEW.worker_id IS OLD.worker_id
    AND NEW.partner IS OLD.partner
    AND NEW.date IS OLD.date
    AND NEW.recorded_by_id IS OLD.recorded_by_id
    AND NEW.created_at IS OLD.created_at
    AND (NEW.contact IS OLD.contact OR (typeof(NEW.contact) = 'text' AND length(NEW.contact) >= 67 AND length(NEW.contact) % 2 = 1
        AND substr(NEW.contact, 1, 3) = char(1) || '01' AND NOT substr(NEW.contact, 2) GLOB '*[^0-9a-f]*'
        AND OLD.contact <> '' AND (substr(OLD.contact, 1, 1) <> char(1) OR substr(OLD.contact, 4, 8) <> substr(NEW.contact, 4, 8))))
    AND (NEW.reference IS OLD.reference OR (typeof(NEW.reference) = 'text' AND length(NEW.reference) >= 67 AND length(NEW.reference) % 2 = 1
        AND substr(NEW.reference, 1, 3) = char(1) || '01' AND NOT substr(NEW.reference, 2) GLOB '*[^0-9a-f]*'
        AND OLD.reference <> '' AND (substr(OLD.reference, 1, 1) <> char(1) OR substr(OLD.reference, 4, 8) <> substr(NEW.reference, 4, 8))))
    AND NOT (NEW.contact IS OLD.contact AND NEW.reference IS OLD.reference)
)
BEGIN
    SELECT RAISE(ABORT, 'referrals is append-only (UPDATE refused; only sealing or re-sealing contact and reference is allowed)');
END;
-- +goose StatementEnd
DROP TRIGGER indicator_observations_no_update;
-- +goose StatementBegin
CREATE TRIGGER indicator_observations_no_update BEFORE UPDATE ON indicator_observations
WHEN NOT (
    NEW.id IS OLD.id
    AND NEW.worker_id IS OLD.worker_id
    AND NEW.employer_id IS OLD.employer_id
    AND NEW.taxonomy IS OLD.taxonomy
    AND NEW.indicator_code IS OLD.indicator_code
    AND NEW.answer IS OLD.answer
    AND NEW.grade IS OLD.grade
    AND NEW.source IS OLD.source
    AND NEW.interview_id IS OLD.interview_id
    AND NEW.signal_id IS OLD.signal_id
    AND NEW.signal_source IS OLD.signal_source
    AND NEW.observed_on IS OLD.observed_on
    AND NEW.recorded_by_id IS OLD.recorded_by_id
    AND NEW.supersedes_id IS OLD.supersedes_id
    AND NEW.created_at IS OLD.created_at
    AND (NEW.note IS OLD.note OR (typeof(OLD.note) = 'blob' AND typeof(NEW.note) = 'blob' AND length(OLD.note) >= 33 AND length(NEW.note) >= 33
        AND substr(OLD.note, 1, 1) = x'01' AND substr(NEW.note, 1, 1) = x'01' AND substr(NEW.note, 2, 4) <> substr(OLD.note, 2, 4)))
    AND (NEW.correction_reason IS OLD.correction_reason OR (typeof(NEW.correction_reason) = 'text' AND length(NEW.correction_reason) >= 67 AND length(NEW.correction_reason) % 2 = 1
        AND substr(NEW.correction_reason, 1, 3) = char(1) || '01' AND NOT substr(NEW.correction_reason, 2) GLOB '*[^0-9a-f]*'
        AND OLD.correction_reason <> '' AND (substr(OLD.correction_reason, 1, 1) <> char(1) OR substr(OLD.correction_reason, 4, 8) <> substr(NEW.correction_reason, 4, 8))))
    AND NOT (NEW.note IS OLD.note AND NEW.correction_reason IS OLD.correction_reason)
)
BEGIN
    SELECT RAISE(ABORT, 'indicator_observations is append-only (UPDATE refused; only sealing or re-sealing note and correction_reason is allowed)');
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

-- +goose Down
DROP TRIGGER indicator_observations_no_update;
-- +goose StatementBegin
CREATE TRIGGER indicator_observations_no_update BEFORE UPDATE ON indicator_observations
WHEN NOT (
    NEW.id IS OLD.id AND NEW.worker_id IS OLD.worker_id AND NEW.employer_id IS OLD.employer_id
    AND NEW.taxonomy IS OLD.taxonomy AND NEW.indicator_code IS OLD.indicator_code
    AND NEW.answer IS OLD.answer AND NEW.grade IS OLD.grade AND NEW.source IS OLD.source
    AND NEW.interview_id IS OLD.interview_id AND NEW.signal_id IS OLD.signal_id
    AND NEW.signal_source IS OLD.signal_source AND NEW.observed_on IS OLD.observed_on
    AND NEW.recorded_by_id IS OLD.recorded_by_id AND NEW.supersedes_id IS OLD.supersedes_id
    AND NEW.correction_reason IS OLD.correction_reason AND NEW.created_at IS OLD.created_at
    AND typeof(OLD.note) = 'blob' AND typeof(NEW.note) = 'blob' AND length(OLD.note) >= 33 AND length(NEW.note) >= 33
    AND substr(OLD.note, 1, 1) = x'01' AND substr(NEW.note, 1, 1) = x'01' AND substr(NEW.note, 2, 4) <> substr(OLD.note, 2, 4)
)
BEGIN
    SELECT RAISE(ABORT, 'indicator_observations is append-only (UPDATE refused; only re-sealing note under another key is allowed)');
END;
-- +goose StatementEnd
DROP TRIGGER interviews_recorded_no_update;
-- +goose StatementBegin
CREATE TRIGGER interviews_recorded_no_update BEFORE UPDATE ON interviews
WHEN OLD.recorded_at IS NOT NULL AND NOT (
    NEW.id IS OLD.id AND NEW.application_id IS OLD.application_id
    AND NEW.interviewer_id IS OLD.interviewer_id AND NEW.scheduled_at IS OLD.scheduled_at
    AND NEW.room IS OLD.room AND NEW.scheduled_by_id IS OLD.scheduled_by_id AND NEW.held_at IS OLD.held_at
    AND NEW.recorded_by_id IS OLD.recorded_by_id AND NEW.recorded_at IS OLD.recorded_at
    AND NEW.employer_absent IS OLD.employer_absent AND NEW.outcome IS OLD.outcome
    AND NEW.supersedes_id IS OLD.supersedes_id AND NEW.correction_reason IS OLD.correction_reason
    AND NEW.created_at IS OLD.created_at AND NEW.interpreter_language IS OLD.interpreter_language
    AND NEW.interpreter_name IS OLD.interpreter_name
    AND NEW.interpreter_independent IS OLD.interpreter_independent
    AND NEW.informed_of_rights IS OLD.informed_of_rights AND NEW.rights_language IS OLD.rights_language
    AND NEW.leaflet_handed_over IS OLD.leaflet_handed_over AND NEW.leaflet_language IS OLD.leaflet_language
    AND typeof(OLD.notes) = 'blob' AND typeof(NEW.notes) = 'blob' AND length(OLD.notes) >= 33 AND length(NEW.notes) >= 33
    AND substr(OLD.notes, 1, 1) = x'01' AND substr(NEW.notes, 1, 1) = x'01' AND substr(NEW.notes, 2, 4) <> substr(OLD.notes, 2, 4)
)
BEGIN
    SELECT RAISE(ABORT, 'interview is recorded and cannot be changed (UPDATE refused)');
END;
-- +goose StatementEnd

DROP TRIGGER referrals_no_update;
-- +goose StatementBegin
CREATE TRIGGER referrals_no_update BEFORE UPDATE ON referrals
BEGIN
    SELECT RAISE(ABORT, 'referrals is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
