-- Retention (issue 12), continued: the anonymisation also erases
--   interviews               cancel_reason (to '(erased)')
--   card_ends                note, of a card's return or destruction (to '(erased)')
--   clearance_confirmations  reason, the second admin's (to '(erased)')
--   document_removals        reason a document was taken out of a file (to '(erased)')
-- and cards.status_reason, which no guard fixes (a card's status changes).
-- As in 00024, each guard keeps its function; its UPDATE trigger gains a
-- WHEN that lets the erasure through (only for a worker recorded in
-- worker_anonymisations, only to '(erased)', an empty text may stay empty,
-- every other column unchanged), and its INSERT or DELETE half becomes a
-- trigger of its own.
--
-- A cancellation was fixed on SQLite only (00017's interviews_booking_fields):
-- here a trigger of its own now refuses undoing or rewriting it, with the
-- interview's erasure (the same as the recorded interview's) let through. Keep it identical in effect to the other
-- engine's 00028_erased_reasons.sql.

-- +goose Up
CREATE FUNCTION carddesk_erasable_card(card bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM cards c JOIN worker_anonymisations x ON x.worker_id = c.worker_id WHERE c.id = card)
$$;

DROP TRIGGER interviews_recorded_immutable ON interviews;
CREATE TRIGGER interviews_recorded_immutable BEFORE UPDATE ON interviews FOR EACH ROW
    WHEN (NOT (carddesk_erasable_worker(OLD.worker_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['notes', 'interpreter_name:text', 'correction_reason:text', 'clearance_reason:text', 'cancel_reason:text'])))
    EXECUTE FUNCTION interviews_recorded_immutable();

-- +goose StatementBegin
CREATE FUNCTION interviews_cancellation_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.cancelled_at IS NOT NULL AND (NEW.cancelled_at IS DISTINCT FROM OLD.cancelled_at OR NEW.cancel_reason IS DISTINCT FROM OLD.cancel_reason) THEN
        RAISE EXCEPTION 'interviews_cancel_reason: the cancellation of interview % is not undone (UPDATE refused)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER interviews_cancellation_fixed BEFORE UPDATE OF cancelled_at, cancel_reason ON interviews FOR EACH ROW
    WHEN (NOT (carddesk_erasable_worker(OLD.worker_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['notes', 'interpreter_name:text', 'correction_reason:text', 'clearance_reason:text', 'cancel_reason:text'])))
    EXECUTE FUNCTION interviews_cancellation_fixed();

DROP TRIGGER card_ends_append_only ON card_ends;
CREATE TRIGGER card_ends_append_only BEFORE UPDATE ON card_ends FOR EACH ROW
    WHEN (NOT (carddesk_erasable_card(OLD.card_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['note:text'])))
    EXECUTE FUNCTION carddesk_append_only();
CREATE TRIGGER card_ends_append_only_delete BEFORE DELETE ON card_ends
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();

DROP TRIGGER clearance_confirmations_second_pair_of_eyes ON clearance_confirmations;
CREATE TRIGGER clearance_confirmations_second_pair_of_eyes BEFORE UPDATE ON clearance_confirmations FOR EACH ROW
    WHEN (NOT (carddesk_erasable_application(OLD.application_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['reason:text'])))
    EXECUTE FUNCTION clearance_confirmations_second_pair_of_eyes();
CREATE TRIGGER clearance_confirmations_second_pair_of_eyes_insert_delete BEFORE INSERT OR DELETE ON clearance_confirmations
    FOR EACH ROW EXECUTE FUNCTION clearance_confirmations_second_pair_of_eyes();

DROP TRIGGER document_removals_append_only ON document_removals;
CREATE TRIGGER document_removals_append_only BEFORE UPDATE ON document_removals FOR EACH ROW
    WHEN (NOT (carddesk_erasable_application(OLD.application_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['reason:text'])))
    EXECUTE FUNCTION carddesk_append_only();
CREATE TRIGGER document_removals_append_only_delete BEFORE DELETE ON document_removals
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();

-- +goose Down
DROP TRIGGER document_removals_append_only_delete ON document_removals;
DROP TRIGGER document_removals_append_only ON document_removals;
CREATE TRIGGER document_removals_append_only BEFORE UPDATE OR DELETE ON document_removals
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
DROP TRIGGER clearance_confirmations_second_pair_of_eyes_insert_delete ON clearance_confirmations;
DROP TRIGGER clearance_confirmations_second_pair_of_eyes ON clearance_confirmations;
CREATE TRIGGER clearance_confirmations_second_pair_of_eyes BEFORE INSERT OR UPDATE OR DELETE ON clearance_confirmations
    FOR EACH ROW EXECUTE FUNCTION clearance_confirmations_second_pair_of_eyes();
DROP TRIGGER card_ends_append_only_delete ON card_ends;
DROP TRIGGER card_ends_append_only ON card_ends;
CREATE TRIGGER card_ends_append_only BEFORE UPDATE OR DELETE ON card_ends
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
DROP TRIGGER interviews_cancellation_fixed ON interviews;
DROP FUNCTION interviews_cancellation_fixed();
DROP TRIGGER interviews_recorded_immutable ON interviews;
CREATE TRIGGER interviews_recorded_immutable BEFORE UPDATE ON interviews FOR EACH ROW
    WHEN (NOT (carddesk_erasable_worker(OLD.worker_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['notes', 'interpreter_name:text', 'correction_reason:text', 'clearance_reason:text'])))
    EXECUTE FUNCTION interviews_recorded_immutable();
DROP FUNCTION carddesk_erasable_card(bigint);
