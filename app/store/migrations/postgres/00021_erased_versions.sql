-- Retention (issue 12) meets records that change (issue 9): a worker's
-- earlier versions carry the values that anonymisation erases (a passport
-- number corrected, a former name). record_versions stays append-only, with
-- one narrow exception: once the worker is recorded in worker_anonymisations,
-- a version of that worker may have its reason and changes replaced by the
-- erased constants, and nothing else of it changes.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION record_versions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND OLD.entity = 'worker'
        AND EXISTS (SELECT 1 FROM worker_anonymisations x WHERE x.worker_id = OLD.entity_id)
        AND NEW.reason = '(erased)'
        AND NEW.changes = '[{"field":"erased","old":"","new":""}]'
        AND (NEW.id, NEW.entity, NEW.entity_id, NEW.version, NEW.kind, NEW.action, NEW.changed_via, NEW.changed_at)
            = (OLD.id, OLD.entity, OLD.entity_id, OLD.version, OLD.kind, OLD.action, OLD.changed_via, OLD.changed_at)
        AND NEW.effective_on IS NOT DISTINCT FROM OLD.effective_on
        AND NEW.changed_by_id IS NOT DISTINCT FROM OLD.changed_by_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
-- +goose StatementEnd
DROP TRIGGER record_versions_append_only ON record_versions;
CREATE TRIGGER record_versions_append_only BEFORE UPDATE OR DELETE ON record_versions
    FOR EACH ROW EXECUTE FUNCTION record_versions_guard();

-- +goose Down
DROP TRIGGER record_versions_append_only ON record_versions;
CREATE TRIGGER record_versions_append_only BEFORE UPDATE OR DELETE ON record_versions
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
DROP FUNCTION record_versions_guard();
