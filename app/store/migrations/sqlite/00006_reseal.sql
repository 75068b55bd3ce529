-- SQLite dialect of reseal_triggers.postgres.sql: the one UPDATE allowed on the
-- append-only tables holding sealed notes, and on a recorded interview, is a
-- re-seal of the sealed column under a different key id, nothing else changed.
--
-- TO MOVE INTO A MIGRATION (00005 or later), beside the PostgreSQL one. SQLite
-- has no row comparison, so every other column is listed: a column added to
-- one of these tables later must be added here too (TestResealTriggersListEveryColumn
-- fails until it is).

-- +goose Up
DROP TRIGGER interview_checklist_answers_no_update;
-- +goose StatementBegin
CREATE TRIGGER interview_checklist_answers_no_update BEFORE UPDATE ON interview_checklist_answers
WHEN NOT (
    NEW.id IS OLD.id AND NEW.interview_id IS OLD.interview_id AND NEW.item IS OLD.item
    AND NEW.answer IS OLD.answer
    AND typeof(OLD.note) = 'blob' AND typeof(NEW.note) = 'blob' AND length(OLD.note) >= 33 AND length(NEW.note) >= 33
    AND substr(OLD.note, 1, 1) = x'01' AND substr(NEW.note, 1, 1) = x'01' AND substr(NEW.note, 2, 4) <> substr(OLD.note, 2, 4)
)
BEGIN
    SELECT RAISE(ABORT, 'interview_checklist_answers is append-only (UPDATE refused; only re-sealing note under another key is allowed)');
END;
-- +goose StatementEnd
DROP TRIGGER interview_indicator_answers_no_update;
-- +goose StatementBegin
CREATE TRIGGER interview_indicator_answers_no_update BEFORE UPDATE ON interview_indicator_answers
WHEN NOT (
    NEW.id IS OLD.id AND NEW.interview_id IS OLD.interview_id AND NEW.taxonomy IS OLD.taxonomy
    AND NEW.code IS OLD.code AND NEW.grade IS OLD.grade AND NEW.answer IS OLD.answer
    AND typeof(OLD.note) = 'blob' AND typeof(NEW.note) = 'blob' AND length(OLD.note) >= 33 AND length(NEW.note) >= 33
    AND substr(OLD.note, 1, 1) = x'01' AND substr(NEW.note, 1, 1) = x'01' AND substr(NEW.note, 2, 4) <> substr(OLD.note, 2, 4)
)
BEGIN
    SELECT RAISE(ABORT, 'interview_indicator_answers is append-only (UPDATE refused; only re-sealing note under another key is allowed)');
END;
-- +goose StatementEnd
DROP TRIGGER signals_no_update;
-- +goose StatementBegin
CREATE TRIGGER signals_no_update BEFORE UPDATE ON signals
WHEN NOT (
    NEW.id IS OLD.id AND NEW.worker_id IS OLD.worker_id AND NEW.employer_id IS OLD.employer_id
    AND NEW.source IS OLD.source AND NEW.source_detail IS OLD.source_detail
    AND NEW.received_on IS OLD.received_on AND NEW.recorded_by_id IS OLD.recorded_by_id
    AND NEW.created_at IS OLD.created_at
    AND typeof(OLD.note) = 'blob' AND typeof(NEW.note) = 'blob' AND length(OLD.note) >= 33 AND length(NEW.note) >= 33
    AND substr(OLD.note, 1, 1) = x'01' AND substr(NEW.note, 1, 1) = x'01' AND substr(NEW.note, 2, 4) <> substr(OLD.note, 2, 4)
)
BEGIN
    SELECT RAISE(ABORT, 'signals is append-only (UPDATE refused; only re-sealing note under another key is allowed)');
END;
-- +goose StatementEnd
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

-- +goose Down
DROP TRIGGER interview_checklist_answers_no_update;
-- +goose StatementBegin
CREATE TRIGGER interview_checklist_answers_no_update BEFORE UPDATE ON interview_checklist_answers
BEGIN
    SELECT RAISE(ABORT, 'interview_checklist_answers is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
DROP TRIGGER interview_indicator_answers_no_update;
-- +goose StatementBegin
CREATE TRIGGER interview_indicator_answers_no_update BEFORE UPDATE ON interview_indicator_answers
BEGIN
    SELECT RAISE(ABORT, 'interview_indicator_answers is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
DROP TRIGGER signals_no_update;
-- +goose StatementBegin
CREATE TRIGGER signals_no_update BEFORE UPDATE ON signals
BEGIN
    SELECT RAISE(ABORT, 'signals is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
DROP TRIGGER indicator_observations_no_update;
-- +goose StatementBegin
CREATE TRIGGER indicator_observations_no_update BEFORE UPDATE ON indicator_observations
BEGIN
    SELECT RAISE(ABORT, 'indicator_observations is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
DROP TRIGGER interviews_recorded_no_update;
-- +goose StatementBegin
CREATE TRIGGER interviews_recorded_no_update BEFORE UPDATE ON interviews
WHEN OLD.recorded_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'interview is recorded and cannot be changed (UPDATE refused)');
END;
-- +goose StatementEnd
