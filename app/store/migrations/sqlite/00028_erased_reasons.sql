-- SQLite dialect of postgres/00028_erased_reasons.sql: the anonymisation
-- (issue 12) also erases an interview's cancellation reason, the note of a
-- card's return or destruction, the second admin's reason on a clearance and
-- the reason a document was taken out of a file. Each guard below is its
-- current definition (00017, 00023, 00024, 00025, 00014) with one more
-- exception, the erasure: only for a worker recorded in
-- worker_anonymisations, only to '(erased)' (an empty text may stay empty),
-- every other column named and unchanged
-- (TestErasureTriggersListEveryColumn). Keep it identical in effect to the
-- other engine's 00028_erased_reasons.sql.

-- +goose Up
DROP TRIGGER interviews_recorded_no_update;
-- +goose StatementBegin
CREATE TRIGGER interviews_recorded_no_update BEFORE UPDATE ON interviews
WHEN (OLD.recorded_at IS NOT NULL AND NOT (
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
))
    AND NOT (EXISTS (SELECT 1 FROM applications a JOIN worker_anonymisations x ON x.worker_id = a.worker_id WHERE a.id = OLD.application_id)
        AND NEW.id IS OLD.id AND NEW.application_id IS OLD.application_id
        AND NEW.interviewer_id IS OLD.interviewer_id AND NEW.scheduled_at IS OLD.scheduled_at
        AND NEW.room IS OLD.room AND NEW.scheduled_by_id IS OLD.scheduled_by_id AND NEW.held_at IS OLD.held_at
        AND NEW.recorded_by_id IS OLD.recorded_by_id AND NEW.recorded_at IS OLD.recorded_at
        AND NEW.employer_absent IS OLD.employer_absent AND NEW.outcome IS OLD.outcome
        AND NEW.supersedes_id IS OLD.supersedes_id AND NEW.created_at IS OLD.created_at
        AND NEW.interpreter_language IS OLD.interpreter_language
        AND NEW.interpreter_independent IS OLD.interpreter_independent
        AND NEW.informed_of_rights IS OLD.informed_of_rights AND NEW.rights_language IS OLD.rights_language
        AND NEW.leaflet_handed_over IS OLD.leaflet_handed_over AND NEW.leaflet_language IS OLD.leaflet_language
        AND NEW.ends_at IS OLD.ends_at
        AND NEW.worker_id IS OLD.worker_id AND NEW.cancelled_at IS OLD.cancelled_at
        AND NEW.notes IS NULL
        AND (NEW.clearance_reason = '(erased)' OR (OLD.clearance_reason = '' AND NEW.clearance_reason = ''))
        AND (NEW.cancel_reason = '(erased)' OR (OLD.cancel_reason = '' AND NEW.cancel_reason = ''))
        AND (NEW.interpreter_name = '(erased)' OR (OLD.interpreter_name = '' AND NEW.interpreter_name = ''))
        AND (NEW.correction_reason = '(erased)' OR (OLD.correction_reason = '' AND NEW.correction_reason = '')))
BEGIN
    SELECT RAISE(ABORT, 'interview is recorded and cannot be changed (UPDATE refused)');
END;
-- +goose StatementEnd
-- 00017's guard of a booking's cancellation and worker; the interview's
-- erasure (the same as the recorded interview's above, the reason of its
-- cancellation with the rest) is let through.
DROP TRIGGER interviews_booking_fields;
-- +goose StatementBegin
CREATE TRIGGER interviews_booking_fields BEFORE UPDATE OF cancelled_at, cancel_reason, worker_id ON interviews
WHEN NOT (EXISTS (SELECT 1 FROM applications a JOIN worker_anonymisations x ON x.worker_id = a.worker_id WHERE a.id = OLD.application_id)
    AND NEW.id IS OLD.id AND NEW.application_id IS OLD.application_id
    AND NEW.interviewer_id IS OLD.interviewer_id AND NEW.scheduled_at IS OLD.scheduled_at
    AND NEW.room IS OLD.room AND NEW.scheduled_by_id IS OLD.scheduled_by_id AND NEW.held_at IS OLD.held_at
    AND NEW.recorded_by_id IS OLD.recorded_by_id AND NEW.recorded_at IS OLD.recorded_at
    AND NEW.employer_absent IS OLD.employer_absent AND NEW.outcome IS OLD.outcome
    AND NEW.supersedes_id IS OLD.supersedes_id
    AND NEW.created_at IS OLD.created_at AND NEW.interpreter_language IS OLD.interpreter_language
    AND NEW.interpreter_independent IS OLD.interpreter_independent
    AND NEW.informed_of_rights IS OLD.informed_of_rights AND NEW.rights_language IS OLD.rights_language
    AND NEW.leaflet_handed_over IS OLD.leaflet_handed_over AND NEW.leaflet_language IS OLD.leaflet_language
    AND NEW.ends_at IS OLD.ends_at AND NEW.worker_id IS OLD.worker_id AND NEW.cancelled_at IS OLD.cancelled_at
    AND NEW.notes IS NULL
    AND (NEW.clearance_reason = '(erased)' OR (OLD.clearance_reason = '' AND NEW.clearance_reason = ''))
    AND (NEW.cancel_reason = '(erased)' OR (OLD.cancel_reason = '' AND NEW.cancel_reason = ''))
    AND (NEW.interpreter_name = '(erased)' OR (OLD.interpreter_name = '' AND NEW.interpreter_name = ''))
    AND (NEW.correction_reason = '(erased)' OR (OLD.correction_reason = '' AND NEW.correction_reason = '')))
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
DROP TRIGGER card_ends_no_update;
-- +goose StatementBegin
CREATE TRIGGER card_ends_no_update BEFORE UPDATE ON card_ends
WHEN NOT (EXISTS (SELECT 1 FROM cards c JOIN worker_anonymisations x ON x.worker_id = c.worker_id WHERE c.id = OLD.card_id)
    AND NEW.id IS OLD.id AND NEW.card_id IS OLD.card_id AND NEW.event IS OLD.event AND NEW.reason IS OLD.reason
    AND NEW.ended_on IS OLD.ended_on AND NEW.recorded_by_id IS OLD.recorded_by_id AND NEW.recorded_at IS OLD.recorded_at
    AND (NEW.note = '(erased)' OR (OLD.note = '' AND NEW.note = '')))
BEGIN
    SELECT RAISE(ABORT, 'card_ends is append-only (UPDATE refused)');
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
    AND NOT (EXISTS (SELECT 1 FROM applications a JOIN worker_anonymisations x ON x.worker_id = a.worker_id WHERE a.id = OLD.application_id)
        AND NEW.id IS OLD.id AND NEW.application_id IS OLD.application_id AND NEW.interview_id IS OLD.interview_id
        AND NEW.decision IS OLD.decision AND NEW.decided_by_id IS OLD.decided_by_id AND NEW.decided_at IS OLD.decided_at
        AND NEW.reason = '(erased)')
BEGIN
    SELECT RAISE(ABORT, 'clearance_confirmations is append-only (UPDATE refused; only re-sealing reason is allowed)');
END;
-- +goose StatementEnd
DROP TRIGGER document_removals_no_update;
-- +goose StatementBegin
CREATE TRIGGER document_removals_no_update BEFORE UPDATE ON document_removals
WHEN NOT (EXISTS (SELECT 1 FROM applications a JOIN worker_anonymisations x ON x.worker_id = a.worker_id WHERE a.id = OLD.application_id)
    AND NEW.document_id IS OLD.document_id AND NEW.application_id IS OLD.application_id
    AND NEW.removed_by_id IS OLD.removed_by_id AND NEW.removed_via IS OLD.removed_via AND NEW.removed_at IS OLD.removed_at
    AND NEW.reason = '(erased)')
BEGIN
    SELECT RAISE(ABORT, 'document_removals is append-only (UPDATE refused)');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER interviews_recorded_no_update;
-- +goose StatementBegin
CREATE TRIGGER interviews_recorded_no_update BEFORE UPDATE ON interviews
WHEN (OLD.recorded_at IS NOT NULL AND NOT (
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
))
    AND NOT (EXISTS (SELECT 1 FROM applications a JOIN worker_anonymisations x ON x.worker_id = a.worker_id WHERE a.id = OLD.application_id)
        AND NEW.id IS OLD.id AND NEW.application_id IS OLD.application_id
        AND NEW.interviewer_id IS OLD.interviewer_id AND NEW.scheduled_at IS OLD.scheduled_at
        AND NEW.room IS OLD.room AND NEW.scheduled_by_id IS OLD.scheduled_by_id AND NEW.held_at IS OLD.held_at
        AND NEW.recorded_by_id IS OLD.recorded_by_id AND NEW.recorded_at IS OLD.recorded_at
        AND NEW.employer_absent IS OLD.employer_absent AND NEW.outcome IS OLD.outcome
        AND NEW.supersedes_id IS OLD.supersedes_id AND NEW.created_at IS OLD.created_at
        AND NEW.interpreter_language IS OLD.interpreter_language
        AND NEW.interpreter_independent IS OLD.interpreter_independent
        AND NEW.informed_of_rights IS OLD.informed_of_rights AND NEW.rights_language IS OLD.rights_language
        AND NEW.leaflet_handed_over IS OLD.leaflet_handed_over AND NEW.leaflet_language IS OLD.leaflet_language
        AND NEW.ends_at IS OLD.ends_at
        AND NEW.worker_id IS OLD.worker_id AND NEW.cancelled_at IS OLD.cancelled_at
        AND NEW.notes IS NULL
        AND (NEW.clearance_reason = '(erased)' OR (OLD.clearance_reason = '' AND NEW.clearance_reason = ''))
        AND NEW.cancel_reason IS OLD.cancel_reason
        AND (NEW.interpreter_name = '(erased)' OR (OLD.interpreter_name = '' AND NEW.interpreter_name = ''))
        AND (NEW.correction_reason = '(erased)' OR (OLD.correction_reason = '' AND NEW.correction_reason = '')))
BEGIN
    SELECT RAISE(ABORT, 'interview is recorded and cannot be changed (UPDATE refused)');
END;
-- +goose StatementEnd
DROP TRIGGER interviews_booking_fields;
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
DROP TRIGGER card_ends_no_update;
-- +goose StatementBegin
CREATE TRIGGER card_ends_no_update BEFORE UPDATE ON card_ends
BEGIN
    SELECT RAISE(ABORT, 'card_ends is append-only (UPDATE refused)');
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
DROP TRIGGER document_removals_no_update;
-- +goose StatementBegin
CREATE TRIGGER document_removals_no_update BEFORE UPDATE ON document_removals
BEGIN
    SELECT RAISE(ABORT, 'document_removals is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
