-- Re-sealing notes under a new key (carddesk notes reseal).
--
-- Keep it identical in effect to the other engine's 00006_reseal.sql.
--
-- The tables holding sealed notes are append-only and a recorded interview is
-- immutable. The one UPDATE now allowed on them: the sealed column, and no
-- other, goes from a value in the sealed format to a value in the sealed format
-- under a different key id (byte 1 is the format version, bytes 2-5 the key
-- id; app/sealed). The database cannot check that the plaintext is unchanged
-- (it has no key); it does refuse every other change, a note appearing or
-- disappearing, and a rewrite under the same key. Columns added later are
-- covered without listing them (the row minus the sealed column must be equal).

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION carddesk_is_reseal(old_value bytea, new_value bytea) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT old_value IS NOT NULL AND new_value IS NOT NULL
       AND length(old_value) >= 33 AND length(new_value) >= 33
       AND substr(old_value, 1, 1) = '\x01'::bytea AND substr(new_value, 1, 1) = '\x01'::bytea
       AND substr(old_value, 2, 4) <> substr(new_value, 2, 4)
$$;
-- +goose StatementEnd

-- Append-only, except a re-seal of the column named by the trigger's argument.
-- +goose StatementBegin
CREATE FUNCTION carddesk_append_only_but_reseal() RETURNS trigger LANGUAGE plpgsql AS $$
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

DROP TRIGGER interview_checklist_answers_append_only ON interview_checklist_answers;
CREATE TRIGGER interview_checklist_answers_append_only BEFORE UPDATE OR DELETE ON interview_checklist_answers
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('note');
DROP TRIGGER interview_indicator_answers_append_only ON interview_indicator_answers;
CREATE TRIGGER interview_indicator_answers_append_only BEFORE UPDATE OR DELETE ON interview_indicator_answers
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('note');
DROP TRIGGER signals_append_only ON signals;
CREATE TRIGGER signals_append_only BEFORE UPDATE OR DELETE ON signals
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('note');
DROP TRIGGER indicator_observations_append_only ON indicator_observations;
CREATE TRIGGER indicator_observations_append_only BEFORE UPDATE OR DELETE ON indicator_observations
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('note');

-- A recorded interview is never edited, except a re-seal of its notes.
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

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION interviews_recorded_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.recorded_at IS NOT NULL THEN
        RAISE EXCEPTION 'interview % is recorded and cannot be changed (% refused)', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
DROP TRIGGER interview_checklist_answers_append_only ON interview_checklist_answers;
CREATE TRIGGER interview_checklist_answers_append_only BEFORE UPDATE OR DELETE ON interview_checklist_answers
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
DROP TRIGGER interview_indicator_answers_append_only ON interview_indicator_answers;
CREATE TRIGGER interview_indicator_answers_append_only BEFORE UPDATE OR DELETE ON interview_indicator_answers
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
DROP TRIGGER signals_append_only ON signals;
CREATE TRIGGER signals_append_only BEFORE UPDATE OR DELETE ON signals
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
DROP TRIGGER indicator_observations_append_only ON indicator_observations;
CREATE TRIGGER indicator_observations_append_only BEFORE UPDATE OR DELETE ON indicator_observations
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
DROP FUNCTION carddesk_append_only_but_reseal();
DROP FUNCTION carddesk_is_reseal(bytea, bytea);
