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

-- +goose Down
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
