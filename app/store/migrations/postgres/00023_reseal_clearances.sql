-- Key rotation covers the clearance reasons (issue 9): the interviewer's
-- written reason for a clearance against the evidence (interviews, 00015)
-- and the second admin's reason (clearance_confirmations, 00015) are sealed
-- text, and `carddesk notes reseal` now re-seals them. Keep it identical in
-- effect to the other engine's 00023_reseal_clearances.sql.
--
-- The exception is narrower than 00013's: these columns were sealed from the
-- start, so a value in clear never becomes sealed here. The one UPDATE
-- allowed is a re-seal: the old and the new value both in the sealed text
-- form (U+0001, format version 01, hex), of the same length (same format
-- and same plaintext length: AES-GCM adds a fixed header and tag), under
-- different key ids; the column alone changes, every other column of the
-- row is equal (compared as a whole row, so columns added later are
-- covered). The database has no key, so it cannot compare the plaintexts.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION carddesk_is_text_reseal(old_value text, new_value text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(old_value IS NOT NULL AND new_value IS NOT NULL
       AND length(old_value) = length(new_value) AND length(new_value) >= 67
       AND substr(old_value, 1, 3) = chr(1) || '01' AND substr(new_value, 1, 3) = chr(1) || '01'
       AND substr(old_value, 2) ~ '^([0-9a-f]{2})+$' AND substr(new_value, 2) ~ '^([0-9a-f]{2})+$'
       AND substr(old_value, 4, 8) <> substr(new_value, 4, 8), false)
$$;
-- +goose StatementEnd

-- A recorded interview is never edited, except the (re-)sealing of 00013's
-- columns, or the re-seal of its clearance reason alone.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION interviews_recorded_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (OLD.recorded_at IS NOT NULL
            AND NOT carddesk_only_sealing(OLD, NEW, ARRAY['notes', 'correction_reason:text', 'interpreter_name:text'])
            AND NOT (carddesk_is_text_reseal(OLD.clearance_reason, NEW.clearance_reason)
                     AND (to_jsonb(NEW) - 'clearance_reason') = (to_jsonb(OLD) - 'clearance_reason'))) THEN
        RAISE EXCEPTION 'interview % is recorded and cannot be changed (% refused)', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

-- A decision on a clearance is append-only, except the re-seal of its reason
-- alone.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION clearance_confirmations_second_pair_of_eyes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND carddesk_is_text_reseal(OLD.reason, NEW.reason)
            AND (to_jsonb(NEW) - 'reason') = (to_jsonb(OLD) - 'reason') THEN
        RETURN NEW;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'clearance_confirmations is append-only (% refused; only re-sealing reason is allowed)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM interviews i
        WHERE i.id = NEW.interview_id AND i.application_id = NEW.application_id AND i.recorded_at IS NOT NULL
          AND i.outcome = 'cleared' AND i.interviewer_id <> NEW.decided_by_id AND i.recorded_by_id <> NEW.decided_by_id) THEN
        RAISE EXCEPTION 'clearance_confirmations: a clearance of interview % is confirmed by someone who neither held nor recorded it (INSERT refused)',
            NEW.interview_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

-- A concern or referral on hold corrected into a clearance against the
-- evidence (issue 9): the application stays on hold and waits for the
-- confirmation of an admin who neither held nor recorded the interview
-- (models.CorrectionActions); the status table learns on_hold ->
-- hold_for_clearance_review -> on_hold, and a correction recorded through
-- that event is accepted.
ALTER TABLE application_transitions DISABLE TRIGGER application_transitions_fixed;
INSERT INTO application_transitions (from_status, action, to_status) VALUES
    ('on_hold', 'hold_for_clearance_review', 'on_hold');
ALTER TABLE application_transitions ENABLE TRIGGER application_transitions_fixed;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION interviews_recorded_through_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    expected text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.recorded_at IS NOT NULL OR NEW.recorded_by_id IS NOT NULL OR NEW.held_at IS NOT NULL OR NEW.outcome <> '' THEN
            RAISE EXCEPTION 'interviews_recorded_through_history: an interview is created as an appointment and recorded afterwards, through its application''s history (INSERT refused)'
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.supersedes_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM interviews s WHERE s.id = NEW.supersedes_id AND s.application_id = NEW.application_id AND s.recorded_at IS NOT NULL) THEN
            RAISE EXCEPTION 'interviews_recorded_through_history: a correction supersedes a recorded interview of the same application (INSERT refused)'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.id, NEW.application_id, NEW.interviewer_id, NEW.scheduled_at, NEW.room, NEW.scheduled_by_id,
        NEW.supersedes_id, NEW.created_at)
       IS DISTINCT FROM (OLD.id, OLD.application_id, OLD.interviewer_id, OLD.scheduled_at, OLD.room, OLD.scheduled_by_id,
        OLD.supersedes_id, OLD.created_at)
       OR (NEW.correction_reason IS DISTINCT FROM OLD.correction_reason
           AND NOT carddesk_is_text_seal(OLD.correction_reason, NEW.correction_reason)) THEN
        RAISE EXCEPTION 'interviews_recorded_through_history: the appointment of interview % is fixed; book a new one (UPDATE refused)', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.recorded_at IS NULL THEN
        RETURN NEW;
    END IF;
    expected := CASE NEW.outcome WHEN '' THEN 'record_interview_held' ELSE 'record_interview_' || NEW.outcome END;
    IF EXISTS (SELECT 1 FROM application_events e
               WHERE e.application_id = NEW.application_id AND e.interview_id = NEW.id
                 AND e.action = expected AND e.actor_id = NEW.recorded_by_id) THEN
        RETURN NEW;
    END IF;
    -- A correction that keeps a clearance leaves the status as it is, so no
    -- event names it; it still needs the clearance it corrects.
    IF NEW.supersedes_id IS NOT NULL AND NEW.outcome = 'cleared' AND EXISTS (
        SELECT 1 FROM interviews s WHERE s.id = NEW.supersedes_id AND s.application_id = NEW.application_id
          AND s.outcome = 'cleared' AND s.recorded_at IS NOT NULL) THEN
        RETURN NEW;
    END IF;
    -- A correction into a clearance against the evidence while the
    -- application is on hold waits for its confirmation (00023): the
    -- history names it with hold_for_clearance_review, by who records it.
    IF NEW.supersedes_id IS NOT NULL AND NEW.outcome = 'cleared' AND EXISTS (
        SELECT 1 FROM application_events e
        WHERE e.application_id = NEW.application_id AND e.interview_id = NEW.id
          AND e.action = 'hold_for_clearance_review' AND e.actor_id = NEW.recorded_by_id) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'interviews_recorded_through_history: interview % can be recorded only after its application''s history records it (% by the same person; UPDATE refused)',
        NEW.id, expected USING ERRCODE = 'check_violation';
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION interviews_recorded_through_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    expected text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.recorded_at IS NOT NULL OR NEW.recorded_by_id IS NOT NULL OR NEW.held_at IS NOT NULL OR NEW.outcome <> '' THEN
            RAISE EXCEPTION 'interviews_recorded_through_history: an interview is created as an appointment and recorded afterwards, through its application''s history (INSERT refused)'
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.supersedes_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM interviews s WHERE s.id = NEW.supersedes_id AND s.application_id = NEW.application_id AND s.recorded_at IS NOT NULL) THEN
            RAISE EXCEPTION 'interviews_recorded_through_history: a correction supersedes a recorded interview of the same application (INSERT refused)'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.id, NEW.application_id, NEW.interviewer_id, NEW.scheduled_at, NEW.room, NEW.scheduled_by_id,
        NEW.supersedes_id, NEW.created_at)
       IS DISTINCT FROM (OLD.id, OLD.application_id, OLD.interviewer_id, OLD.scheduled_at, OLD.room, OLD.scheduled_by_id,
        OLD.supersedes_id, OLD.created_at)
       OR (NEW.correction_reason IS DISTINCT FROM OLD.correction_reason
           AND NOT carddesk_is_text_seal(OLD.correction_reason, NEW.correction_reason)) THEN
        RAISE EXCEPTION 'interviews_recorded_through_history: the appointment of interview % is fixed; book a new one (UPDATE refused)', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.recorded_at IS NULL THEN
        RETURN NEW;
    END IF;
    expected := CASE NEW.outcome WHEN '' THEN 'record_interview_held' ELSE 'record_interview_' || NEW.outcome END;
    IF EXISTS (SELECT 1 FROM application_events e
               WHERE e.application_id = NEW.application_id AND e.interview_id = NEW.id
                 AND e.action = expected AND e.actor_id = NEW.recorded_by_id) THEN
        RETURN NEW;
    END IF;
    -- A correction that keeps a clearance leaves the status as it is, so no
    -- event names it; it still needs the clearance it corrects.
    IF NEW.supersedes_id IS NOT NULL AND NEW.outcome = 'cleared' AND EXISTS (
        SELECT 1 FROM interviews s WHERE s.id = NEW.supersedes_id AND s.application_id = NEW.application_id
          AND s.outcome = 'cleared' AND s.recorded_at IS NOT NULL) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'interviews_recorded_through_history: interview % can be recorded only after its application''s history records it (% by the same person; UPDATE refused)',
        NEW.id, expected USING ERRCODE = 'check_violation';
END
$$;
-- +goose StatementEnd
ALTER TABLE application_transitions DISABLE TRIGGER application_transitions_fixed;
DELETE FROM application_transitions WHERE from_status = 'on_hold' AND action = 'hold_for_clearance_review';
ALTER TABLE application_transitions ENABLE TRIGGER application_transitions_fixed;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION clearance_confirmations_second_pair_of_eyes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'clearance_confirmations is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM interviews i
        WHERE i.id = NEW.interview_id AND i.application_id = NEW.application_id AND i.recorded_at IS NOT NULL
          AND i.outcome = 'cleared' AND i.interviewer_id <> NEW.decided_by_id AND i.recorded_by_id <> NEW.decided_by_id) THEN
        RAISE EXCEPTION 'clearance_confirmations: a clearance of interview % is confirmed by someone who neither held nor recorded it (INSERT refused)',
            NEW.interview_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION interviews_recorded_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (OLD.recorded_at IS NOT NULL
            AND NOT carddesk_only_sealing(OLD, NEW, ARRAY['notes', 'correction_reason:text', 'interpreter_name:text'])) THEN
        RAISE EXCEPTION 'interview % is recorded and cannot be changed (% refused)', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
DROP FUNCTION carddesk_is_text_reseal(text, text);
