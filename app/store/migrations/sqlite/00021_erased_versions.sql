-- Retention (issue 12) meets records that change (issue 9): see the
-- PostgreSQL migration of the same number. record_versions stays append-only
-- except that an anonymised worker's versions may have their reason and
-- changes replaced by the erased constants, and nothing else of them.

-- +goose Up
DROP TRIGGER record_versions_no_update;
-- +goose StatementBegin
CREATE TRIGGER record_versions_no_update BEFORE UPDATE ON record_versions
WHEN NOT (OLD.entity = 'worker'
    AND EXISTS (SELECT 1 FROM worker_anonymisations x WHERE x.worker_id = OLD.entity_id)
    AND NEW.reason = '(erased)'
    AND NEW.changes = '[{"field":"erased","old":"","new":""}]'
    AND NEW.id = OLD.id AND NEW.entity = OLD.entity AND NEW.entity_id = OLD.entity_id
    AND NEW.version = OLD.version AND NEW.kind = OLD.kind AND NEW.action = OLD.action
    AND NEW.changed_via = OLD.changed_via AND NEW.changed_at = OLD.changed_at
    AND NEW.effective_on IS OLD.effective_on AND NEW.changed_by_id IS OLD.changed_by_id)
BEGIN
    SELECT RAISE(ABORT, 'record_versions is append-only (UPDATE refused)');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER record_versions_no_update;
-- +goose StatementBegin
CREATE TRIGGER record_versions_no_update BEFORE UPDATE ON record_versions
BEGIN
    SELECT RAISE(ABORT, 'record_versions is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
