-- Retention (issue 12): anonymisation reaches every table that holds a
-- worker's words or papers, not only the worker's row, the cards and the
-- versions (00016, 00021). Each of these tables is append-only (or a recorded
-- interview immutable); each now allows one more UPDATE, the erasure, and
-- only once the worker is recorded in worker_anonymisations:
--   interviews                  notes (to NULL), interpreter_name and correction_reason (to '(erased)')
--   interview_checklist_answers note (to NULL)
--   interview_indicator_answers note (to NULL)
--   referrals                   contact and reference (to '(erased)')
--   signals                     note (to NULL), source_detail (to '(erased)')
--   indicator_observations      note (to NULL), correction_reason (to '(erased)')
--   application_events          reason (to '(erased)')
--   applications                cap_exception_reason (to '(erased)')
--   contracts                   pdf (to no bytes), worker_address, repatriation_to, foreign_social_security (to '(erased)')
--   letters                     pdf (to no bytes)
--   audit_events                summary, of a row about the worker, a card or an application of theirs, to a text
--                               whose hash, chained to the row's own, is recorded first in audit_summary_erasures
-- A text column that is empty may stay empty (a reason not given). Every other
-- column is unchanged: the statistical facts (year, nationality, sex, age band,
-- outcome, indicator codes, dates, who did what) stay, so earlier years'
-- figures do not change. Deletions stay refused. Interview drafts need no
-- exception: they are deleted, as when the record is written.
--
-- Each guard trigger keeps its function; its UPDATE trigger gains a WHEN that
-- lets the erasure through, and its DELETE (or INSERT) half becomes a trigger
-- of its own, since a WHEN may not read NEW on DELETE nor OLD on INSERT. Keep
-- it identical in effect to the other engine's 00024_erased_content.sql.

-- +goose Up
CREATE TABLE audit_summary_erasures (
    audit_event_id bigint      PRIMARY KEY, -- an audit_events id (no foreign key: the audit trail refuses TRUNCATE with its own trigger)
    -- carddesk_audit_hash over the row as erased, with the row's original hash as its prev_hash:
    -- the chain check verifies an erased row with it instead of its own hash
    erased_hash    text        NOT NULL CHECK (length(erased_hash) = 64),
    erased_at      timestamptz NOT NULL
);
CREATE TRIGGER audit_summary_erasures_append_only BEFORE UPDATE OR DELETE ON audit_summary_erasures
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
CREATE TRIGGER audit_summary_erasures_no_truncate BEFORE TRUNCATE ON audit_summary_erasures
    FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();

CREATE FUNCTION carddesk_erasable_worker(worker bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM worker_anonymisations x WHERE x.worker_id = worker)
$$;
CREATE FUNCTION carddesk_erasable_application(application bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM applications a JOIN worker_anonymisations x ON x.worker_id = a.worker_id WHERE a.id = application)
$$;
CREATE FUNCTION carddesk_erasable_interview(interview bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM interviews i JOIN worker_anonymisations x ON x.worker_id = i.worker_id WHERE i.id = interview)
$$;
CREATE FUNCTION carddesk_erasable_audit_row(record_type text, record_id text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT (record_type = 'worker' AND EXISTS (SELECT 1 FROM worker_anonymisations x WHERE x.worker_id::text = record_id))
        OR (record_type = 'card' AND EXISTS (SELECT 1 FROM cards c JOIN worker_anonymisations x ON x.worker_id = c.worker_id WHERE c.id::text = record_id))
        OR (record_type = 'application' AND EXISTS (SELECT 1 FROM applications a JOIN worker_anonymisations x ON x.worker_id = a.worker_id WHERE a.id::text = record_id))
$$;
CREATE FUNCTION carddesk_audit_erasure_recorded(audit_event bigint, erased_hash text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM audit_summary_erasures e WHERE e.audit_event_id = audit_event AND e.erased_hash = carddesk_audit_erasure_recorded.erased_hash)
$$;

-- carddesk_is_erasure: the update from o to n changes only the columns named
-- by cols, each to its erased value: 'note' (bytea) to NULL, 'pdf:bytes' to no
-- bytes, 'reason:text' to '(erased)' (or '' kept), 'summary:audit' to any text
-- (the caller binds it to the erasure recorded).
-- +goose StatementBegin
CREATE FUNCTION carddesk_is_erasure(o anyelement, n anyelement, cols text[]) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    spec   text;
    col    text;
    kind   text;
    o_rest jsonb := to_jsonb(o);
    n_rest jsonb := to_jsonb(n);
    o_text text;
    n_text text;
    n_null boolean;
BEGIN
    FOREACH spec IN ARRAY cols LOOP
        col := split_part(spec, ':', 1);
        kind := split_part(spec, ':', 2);
        o_rest := o_rest - col;
        n_rest := n_rest - col;
        EXECUTE format('SELECT ($1).%1$I::text, ($2).%1$I::text, ($2).%1$I IS NULL', col) INTO o_text, n_text, n_null USING o, n;
        IF kind = '' AND NOT n_null THEN
            RETURN false;
        ELSIF kind = 'bytes' AND n_text IS DISTINCT FROM '\x' THEN
            RETURN false;
        ELSIF kind = 'text' AND NOT (n_text = '(erased)' OR (o_text = '' AND n_text = '')) THEN
            RETURN false;
        ELSIF kind = 'audit' AND n_null THEN
            RETURN false;
        END IF;
    END LOOP;
    RETURN o_rest = n_rest;
END
$$;
-- +goose StatementEnd

DROP TRIGGER interviews_recorded_immutable ON interviews;
CREATE TRIGGER interviews_recorded_immutable BEFORE UPDATE ON interviews FOR EACH ROW
    WHEN (NOT (carddesk_erasable_worker(OLD.worker_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['notes', 'interpreter_name:text', 'correction_reason:text', 'clearance_reason:text'])))
    EXECUTE FUNCTION interviews_recorded_immutable();
CREATE TRIGGER interviews_recorded_immutable_delete BEFORE DELETE ON interviews
    FOR EACH ROW EXECUTE FUNCTION interviews_recorded_immutable();
DROP TRIGGER interviews_recorded_through_history ON interviews;
CREATE TRIGGER interviews_recorded_through_history BEFORE UPDATE ON interviews FOR EACH ROW
    WHEN (NOT (carddesk_erasable_worker(OLD.worker_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['notes', 'interpreter_name:text', 'correction_reason:text', 'clearance_reason:text'])))
    EXECUTE FUNCTION interviews_recorded_through_history();
CREATE TRIGGER interviews_recorded_through_history_insert BEFORE INSERT ON interviews
    FOR EACH ROW EXECUTE FUNCTION interviews_recorded_through_history();
DROP TRIGGER interview_checklist_answers_append_only ON interview_checklist_answers;
CREATE TRIGGER interview_checklist_answers_append_only BEFORE UPDATE ON interview_checklist_answers FOR EACH ROW
    WHEN (NOT (carddesk_erasable_interview(OLD.interview_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['note'])))
    EXECUTE FUNCTION carddesk_append_only_but_reseal('note');
CREATE TRIGGER interview_checklist_answers_append_only_delete BEFORE DELETE ON interview_checklist_answers
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('note');
DROP TRIGGER interview_indicator_answers_append_only ON interview_indicator_answers;
CREATE TRIGGER interview_indicator_answers_append_only BEFORE UPDATE ON interview_indicator_answers FOR EACH ROW
    WHEN (NOT (carddesk_erasable_interview(OLD.interview_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['note'])))
    EXECUTE FUNCTION carddesk_append_only_but_reseal('note');
CREATE TRIGGER interview_indicator_answers_append_only_delete BEFORE DELETE ON interview_indicator_answers
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('note');
DROP TRIGGER referrals_append_only ON referrals;
CREATE TRIGGER referrals_append_only BEFORE UPDATE ON referrals FOR EACH ROW
    WHEN (NOT (carddesk_erasable_worker(OLD.worker_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['contact:text', 'reference:text'])))
    EXECUTE FUNCTION carddesk_append_only_but_reseal('contact:text', 'reference:text');
CREATE TRIGGER referrals_append_only_delete BEFORE DELETE ON referrals
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('contact:text', 'reference:text');
DROP TRIGGER signals_append_only ON signals;
CREATE TRIGGER signals_append_only BEFORE UPDATE ON signals FOR EACH ROW
    WHEN (NOT (carddesk_erasable_worker(OLD.worker_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['note', 'source_detail:text'])))
    EXECUTE FUNCTION carddesk_append_only_but_reseal('note');
CREATE TRIGGER signals_append_only_delete BEFORE DELETE ON signals
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('note');
DROP TRIGGER indicator_observations_append_only ON indicator_observations;
CREATE TRIGGER indicator_observations_append_only BEFORE UPDATE ON indicator_observations FOR EACH ROW
    WHEN (NOT (carddesk_erasable_worker(OLD.worker_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['note', 'correction_reason:text'])))
    EXECUTE FUNCTION carddesk_append_only_but_reseal('note', 'correction_reason:text');
CREATE TRIGGER indicator_observations_append_only_delete BEFORE DELETE ON indicator_observations
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('note', 'correction_reason:text');
DROP TRIGGER application_events_append_only ON application_events;
CREATE TRIGGER application_events_append_only BEFORE UPDATE ON application_events FOR EACH ROW
    WHEN (NOT (carddesk_erasable_application(OLD.application_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['reason:text'])))
    EXECUTE FUNCTION application_events_append_only();
CREATE TRIGGER application_events_append_only_delete BEFORE DELETE ON application_events
    FOR EACH ROW EXECUTE FUNCTION application_events_append_only();
DROP TRIGGER applications_identity_fixed ON applications;
CREATE TRIGGER applications_identity_fixed BEFORE UPDATE ON applications FOR EACH ROW
    WHEN (NOT (carddesk_erasable_worker(OLD.worker_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['cap_exception_reason:text'])))
    EXECUTE FUNCTION applications_identity_fixed();
CREATE TRIGGER applications_identity_fixed_delete BEFORE DELETE ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_identity_fixed();
DROP TRIGGER contracts_immutable ON contracts;
CREATE TRIGGER contracts_immutable BEFORE UPDATE ON contracts FOR EACH ROW
    WHEN (NOT (carddesk_erasable_application(OLD.application_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['pdf:bytes', 'worker_address:text', 'repatriation_to:text', 'foreign_social_security:text'])))
    EXECUTE FUNCTION contracts_immutable();
CREATE TRIGGER contracts_immutable_delete BEFORE DELETE ON contracts
    FOR EACH ROW EXECUTE FUNCTION contracts_immutable();
DROP TRIGGER letters_append_only ON letters;
CREATE TRIGGER letters_append_only BEFORE UPDATE ON letters FOR EACH ROW
    WHEN (NOT (carddesk_erasable_application(OLD.application_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['pdf:bytes'])))
    EXECUTE FUNCTION letters_append_only();
CREATE TRIGGER letters_append_only_delete BEFORE DELETE ON letters
    FOR EACH ROW EXECUTE FUNCTION letters_append_only();
DROP TRIGGER audit_events_no_update_delete ON audit_events;
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE ON audit_events FOR EACH ROW
    WHEN (NOT (carddesk_erasable_audit_row(OLD.record_type, OLD.record_id)
        AND carddesk_audit_erasure_recorded(OLD.id, carddesk_audit_hash(OLD.hash, NEW.at, NEW.actor_id, NEW.actor_email, NEW.action,
            NEW.record_type, NEW.record_id, NEW.request_id, NEW.ip, NEW.via, NEW.summary))
        AND carddesk_is_erasure(OLD, NEW, ARRAY['summary:audit'])))
    EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_update_delete_delete BEFORE DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- +goose Down
DROP TRIGGER interviews_recorded_immutable_delete ON interviews;
DROP TRIGGER interviews_recorded_immutable ON interviews;
CREATE TRIGGER interviews_recorded_immutable BEFORE UPDATE OR DELETE ON interviews
    FOR EACH ROW EXECUTE FUNCTION interviews_recorded_immutable();
DROP TRIGGER interviews_recorded_through_history_insert ON interviews;
DROP TRIGGER interviews_recorded_through_history ON interviews;
CREATE TRIGGER interviews_recorded_through_history BEFORE INSERT OR UPDATE ON interviews
    FOR EACH ROW EXECUTE FUNCTION interviews_recorded_through_history();
DROP TRIGGER interview_checklist_answers_append_only_delete ON interview_checklist_answers;
DROP TRIGGER interview_checklist_answers_append_only ON interview_checklist_answers;
CREATE TRIGGER interview_checklist_answers_append_only BEFORE UPDATE OR DELETE ON interview_checklist_answers
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('note');
DROP TRIGGER interview_indicator_answers_append_only_delete ON interview_indicator_answers;
DROP TRIGGER interview_indicator_answers_append_only ON interview_indicator_answers;
CREATE TRIGGER interview_indicator_answers_append_only BEFORE UPDATE OR DELETE ON interview_indicator_answers
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('note');
DROP TRIGGER referrals_append_only_delete ON referrals;
DROP TRIGGER referrals_append_only ON referrals;
CREATE TRIGGER referrals_append_only BEFORE UPDATE OR DELETE ON referrals
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('contact:text', 'reference:text');
DROP TRIGGER signals_append_only_delete ON signals;
DROP TRIGGER signals_append_only ON signals;
CREATE TRIGGER signals_append_only BEFORE UPDATE OR DELETE ON signals
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('note');
DROP TRIGGER indicator_observations_append_only_delete ON indicator_observations;
DROP TRIGGER indicator_observations_append_only ON indicator_observations;
CREATE TRIGGER indicator_observations_append_only BEFORE UPDATE OR DELETE ON indicator_observations
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only_but_reseal('note', 'correction_reason:text');
DROP TRIGGER application_events_append_only_delete ON application_events;
DROP TRIGGER application_events_append_only ON application_events;
CREATE TRIGGER application_events_append_only BEFORE UPDATE OR DELETE ON application_events
    FOR EACH ROW EXECUTE FUNCTION application_events_append_only();
DROP TRIGGER applications_identity_fixed_delete ON applications;
DROP TRIGGER applications_identity_fixed ON applications;
CREATE TRIGGER applications_identity_fixed BEFORE UPDATE OR DELETE ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_identity_fixed();
DROP TRIGGER contracts_immutable_delete ON contracts;
DROP TRIGGER contracts_immutable ON contracts;
CREATE TRIGGER contracts_immutable BEFORE UPDATE OR DELETE ON contracts
    FOR EACH ROW EXECUTE FUNCTION contracts_immutable();
DROP TRIGGER letters_append_only_delete ON letters;
DROP TRIGGER letters_append_only ON letters;
CREATE TRIGGER letters_append_only BEFORE UPDATE OR DELETE ON letters
    FOR EACH ROW EXECUTE FUNCTION letters_append_only();
DROP TRIGGER audit_events_no_update_delete_delete ON audit_events;
DROP TRIGGER audit_events_no_update_delete ON audit_events;
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
DROP FUNCTION carddesk_is_erasure(anyelement, anyelement, text[]);
DROP FUNCTION carddesk_audit_erasure_recorded(bigint, text);
DROP FUNCTION carddesk_erasable_audit_row(text, text);
DROP FUNCTION carddesk_erasable_interview(bigint);
DROP FUNCTION carddesk_erasable_application(bigint);
DROP FUNCTION carddesk_erasable_worker(bigint);
DROP TABLE audit_summary_erasures;
