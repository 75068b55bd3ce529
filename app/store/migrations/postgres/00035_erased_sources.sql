-- Retention (issue 12), continued: the anonymisation also erases the free
-- text that can be about the person (a source may read "card S-004512 of
-- Maria X"):
--   earlier_service  source and withdrawal_reason (to '(erased)')
--   legal_holds      reason and lift_reason, of a hold lifted (to '(erased)')
-- The period's dates (the cumulative cap counts them) and the hold's kind and
-- dates stay. A hold not lifted stops the clock, so its worker is never
-- anonymised; the guard lets the erasure of a hold's reason through only
-- once the hold is lifted, and keeps what a running hold needs.
-- As in 00024 and 00028, each guard keeps its function; its UPDATE trigger
-- gains a WHEN that lets the erasure through (only for a worker recorded in
-- worker_anonymisations, only to '(erased)', an empty text may stay empty,
-- every other column unchanged), and its DELETE half becomes a trigger of
-- its own. Keep it identical in effect to the other engine's
-- 00035_erased_sources.sql.

-- +goose Up
DROP TRIGGER earlier_service_guard ON earlier_service;
CREATE TRIGGER earlier_service_guard BEFORE UPDATE ON earlier_service FOR EACH ROW
    WHEN (NOT (carddesk_erasable_worker(OLD.worker_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['source:text', 'withdrawal_reason:text'])))
    EXECUTE FUNCTION earlier_service_guard();
CREATE TRIGGER earlier_service_guard_delete BEFORE DELETE ON earlier_service
    FOR EACH ROW EXECUTE FUNCTION earlier_service_guard();

DROP TRIGGER legal_holds_guard ON legal_holds;
CREATE TRIGGER legal_holds_guard BEFORE UPDATE ON legal_holds FOR EACH ROW
    WHEN (NOT (OLD.lifted_at IS NOT NULL AND carddesk_erasable_worker(OLD.worker_id)
        AND carddesk_is_erasure(OLD, NEW, ARRAY['reason:text', 'lift_reason:text'])))
    EXECUTE FUNCTION legal_holds_guard();
CREATE TRIGGER legal_holds_guard_delete BEFORE DELETE ON legal_holds
    FOR EACH ROW EXECUTE FUNCTION legal_holds_guard();

-- +goose Down
DROP TRIGGER legal_holds_guard_delete ON legal_holds;
DROP TRIGGER legal_holds_guard ON legal_holds;
CREATE TRIGGER legal_holds_guard BEFORE UPDATE OR DELETE ON legal_holds
    FOR EACH ROW EXECUTE FUNCTION legal_holds_guard();
DROP TRIGGER earlier_service_guard_delete ON earlier_service;
DROP TRIGGER earlier_service_guard ON earlier_service;
CREATE TRIGGER earlier_service_guard BEFORE UPDATE OR DELETE ON earlier_service
    FOR EACH ROW EXECUTE FUNCTION earlier_service_guard();
