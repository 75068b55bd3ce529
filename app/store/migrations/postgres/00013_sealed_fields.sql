-- The short free-text fields of an interview are sealed like its notes: the
-- referral's contact and reference (referrals), the correction reasons
-- (interviews, indicator_observations) and the interpreter's name
-- (interviews). Keep it identical in effect to the other engine's
-- 00013_sealed_fields.sql.
--
-- They stay text columns, with their constraints (a contact is required, a
-- correction carries a reason): a sealed value is stored in app/sealed's text
-- form, U+0001 then the sealed bytes in lower-case hex, so the key id is
-- characters 4-11. No input can begin with U+0001, so a value without it is in
-- clear: rows written before this migration hold their fields in clear until
-- `carddesk notes reseal` seals them (the database has no key, so it cannot).
-- The partner of a referral and the outcome of an interview stay in clear by
-- design: the status table, the holds list and the database's own rules read
-- them.
--
-- The tables are append-only (a recorded interview immutable); the updates now
-- allowed on them are, column by column, the re-seal of 00006 (a sealed value
-- under another key id) and, for these text columns, a value in clear becoming
-- a sealed one; every other column unchanged, at least one sealed column changed.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION carddesk_is_text_seal(old_value text, new_value text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT old_value IS NOT NULL AND new_value IS NOT NULL AND old_value <> ''
       AND length(new_value) >= 67 AND substr(new_value, 1, 3) = chr(1) || '01'
       AND substr(new_value, 2) ~ '^([0-9a-f]{2})+$'
       AND (substr(old_value, 1, 1) <> chr(1) OR substr(old_value, 4, 8) <> substr(new_value, 4, 8))
$$;
-- +goose StatementEnd

-- carddesk_only_sealing: the update from o to n changes only the columns
-- named by cols ('note' for a bytea column, 'contact:text' for a text one),
-- each by a (re-)seal, and changes at least one.
-- +goose StatementBegin
CREATE FUNCTION carddesk_only_sealing(o anyelement, n anyelement, cols text[]) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    spec    text;
    col     text;
    o_rest  jsonb := to_jsonb(o);
    n_rest  jsonb := to_jsonb(n);
    o_bytes bytea;
    n_bytes bytea;
    o_text  text;
    n_text  text;
    changed boolean := false;
BEGIN
    FOREACH spec IN ARRAY cols LOOP
        col := split_part(spec, ':', 1);
        o_rest := o_rest - col;
        n_rest := n_rest - col;
        IF split_part(spec, ':', 2) = 'text' THEN
            EXECUTE format('SELECT ($1).%1$I, ($2).%1$I', col) INTO o_text, n_text USING o, n;
            CONTINUE WHEN o_text IS NOT DISTINCT FROM n_text;
            IF NOT carddesk_is_text_seal(o_text, n_text) THEN
                RETURN false;
            END IF;
        ELSE
            EXECUTE format('SELECT ($1).%1$I, ($2).%1$I', col) INTO o_bytes, n_bytes USING o, n;
            CONTINUE WHEN o_bytes IS NOT DISTINCT FROM n_bytes;
            IF NOT coalesce(carddesk_is_reseal(o_bytes, n_bytes), false) THEN
                RETURN false;
            END IF;
        END IF;
        changed := true;
    END LOOP;
    RETURN changed AND o_rest = n_rest;
END
$$;
-- +goose StatementEnd

-- Append-only, except the (re-)sealing of the columns the trigger names.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION carddesk_append_only_but_reseal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND carddesk_only_sealing(OLD, NEW, TG_ARGV) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only (% refused; only sealing or re-sealing % is allowed)', TG_TABLE_NAME, TG_OP,
        array_to_string(TG_ARGV, ', ') USING ERRCODE = 'insufficient_privilege';
END
$$;
-- +goose StatementEnd

DROP TRIGGER referrals_append_only ON referrals;
CREATE TRIGGER referrals_append_only BEFORE UPDATE OR DELETE ON referrals
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('contact:text', 'reference:text');
DROP TRIGGER indicator_observations_append_only ON indicator_observations;
CREATE TRIGGER indicator_observations_append_only BEFORE UPDATE OR DELETE ON indicator_observations
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('note', 'correction_reason:text');

-- A recorded interview is never edited, except the (re-)sealing of its notes,
-- its correction reason and its interpreter's name.
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

-- 00005's rule, with the correction reason allowed to be sealed.
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
        NEW.supersedes_id, NEW.correction_reason, NEW.created_at)
       IS DISTINCT FROM (OLD.id, OLD.application_id, OLD.interviewer_id, OLD.scheduled_at, OLD.room, OLD.scheduled_by_id,
        OLD.supersedes_id, OLD.correction_reason, OLD.created_at) THEN
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
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION interviews_recorded_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (OLD.recorded_at IS NOT NULL AND NOT (
            (to_jsonb(NEW) - 'notes') = (to_jsonb(OLD) - 'notes') AND carddesk_is_reseal(OLD.notes, NEW.notes))) THEN
        RAISE EXCEPTION 'interview % is recorded and cannot be changed (% refused)', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
DROP TRIGGER indicator_observations_append_only ON indicator_observations;
CREATE TRIGGER indicator_observations_append_only BEFORE UPDATE OR DELETE ON indicator_observations
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('note');
DROP TRIGGER referrals_append_only ON referrals;
CREATE TRIGGER referrals_append_only BEFORE UPDATE OR DELETE ON referrals
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION carddesk_append_only_but_reseal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    col       text := TG_ARGV[0];
    old_value bytea;
    new_value bytea;
BEGIN
    IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - col) = (to_jsonb(OLD) - col) THEN
        EXECUTE format('SELECT ($1).%1$I, ($2).%1$I', col) INTO old_value, new_value USING OLD, NEW;
        IF carddesk_is_reseal(old_value, new_value) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '% is append-only (% refused; only re-sealing % under another key is allowed)', TG_TABLE_NAME, TG_OP, col
        USING ERRCODE = 'insufficient_privilege';
END
$$;
-- +goose StatementEnd
DROP FUNCTION carddesk_only_sealing(anyelement, anyelement, text[]);
DROP FUNCTION carddesk_is_text_seal(text, text);
