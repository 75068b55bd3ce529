-- SQLite dialect of postgres/00035_erased_sources.sql: the anonymisation
-- (issue 12) also erases a period of earlier service's source and
-- withdrawal reason, and a lifted legal hold's reason and lift reason. Each
-- guard below is its current definition (00014, 00016) with one more
-- exception, the erasure: only for a worker recorded in
-- worker_anonymisations (and, for a hold, once it is lifted), only to
-- '(erased)' (an empty text may stay empty), every other column named and
-- unchanged (TestErasureTriggersListEveryColumn). Keep it identical in effect
-- to the other engine's 00035_erased_sources.sql.

-- +goose Up
DROP TRIGGER earlier_service_guard;
-- +goose StatementBegin
CREATE TRIGGER earlier_service_guard BEFORE UPDATE ON earlier_service
WHEN (OLD.withdrawn_at IS NOT NULL
  OR NEW.id <> OLD.id OR NEW.worker_id <> OLD.worker_id OR NEW.starts_on <> OLD.starts_on OR NEW.ends_on <> OLD.ends_on
  OR NEW.source <> OLD.source OR NEW.recorded_by_id IS NOT OLD.recorded_by_id OR NEW.recorded_at <> OLD.recorded_at)
AND NOT (EXISTS (SELECT 1 FROM worker_anonymisations x WHERE x.worker_id = OLD.worker_id)
    AND NEW.id IS OLD.id AND NEW.worker_id IS OLD.worker_id AND NEW.starts_on IS OLD.starts_on AND NEW.ends_on IS OLD.ends_on
    AND NEW.recorded_by_id IS OLD.recorded_by_id AND NEW.recorded_via IS OLD.recorded_via AND NEW.recorded_at IS OLD.recorded_at
    AND NEW.withdrawn_at IS OLD.withdrawn_at AND NEW.withdrawn_by_id IS OLD.withdrawn_by_id
    AND NEW.source = '(erased)'
    AND (NEW.withdrawal_reason = '(erased)' OR (OLD.withdrawal_reason = '' AND NEW.withdrawal_reason = '')))
BEGIN
    SELECT RAISE(ABORT, 'earlier_service is only ever withdrawn, once (UPDATE refused)');
END;
-- +goose StatementEnd

DROP TRIGGER legal_holds_guard_update;
-- +goose StatementBegin
CREATE TRIGGER legal_holds_guard_update BEFORE UPDATE ON legal_holds
WHEN (OLD.lifted_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.worker_id IS NOT OLD.worker_id OR NEW.kind IS NOT OLD.kind
  OR NEW.reason IS NOT OLD.reason OR NEW.placed_by_id IS NOT OLD.placed_by_id OR NEW.placed_at IS NOT OLD.placed_at)
AND NOT (OLD.lifted_at IS NOT NULL AND EXISTS (SELECT 1 FROM worker_anonymisations x WHERE x.worker_id = OLD.worker_id)
    AND NEW.id IS OLD.id AND NEW.worker_id IS OLD.worker_id AND NEW.kind IS OLD.kind
    AND NEW.placed_by_id IS OLD.placed_by_id AND NEW.placed_at IS OLD.placed_at
    AND NEW.lifted_at IS OLD.lifted_at AND NEW.lifted_by_id IS OLD.lifted_by_id
    AND NEW.reason = '(erased)'
    AND (NEW.lift_reason = '(erased)' OR (OLD.lift_reason = '' AND NEW.lift_reason = '')))
BEGIN
    SELECT RAISE(ABORT, 'legal_holds_guard: a legal hold can only be lifted, once (UPDATE refused)');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER legal_holds_guard_update;
-- +goose StatementBegin
CREATE TRIGGER legal_holds_guard_update BEFORE UPDATE ON legal_holds
WHEN OLD.lifted_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.worker_id IS NOT OLD.worker_id OR NEW.kind IS NOT OLD.kind
  OR NEW.reason IS NOT OLD.reason OR NEW.placed_by_id IS NOT OLD.placed_by_id OR NEW.placed_at IS NOT OLD.placed_at
BEGIN
    SELECT RAISE(ABORT, 'legal_holds_guard: a legal hold can only be lifted, once (UPDATE refused)');
END;
-- +goose StatementEnd
DROP TRIGGER earlier_service_guard;
-- +goose StatementBegin
CREATE TRIGGER earlier_service_guard BEFORE UPDATE ON earlier_service
WHEN OLD.withdrawn_at IS NOT NULL
  OR NEW.id <> OLD.id OR NEW.worker_id <> OLD.worker_id OR NEW.starts_on <> OLD.starts_on OR NEW.ends_on <> OLD.ends_on
  OR NEW.source <> OLD.source OR NEW.recorded_by_id IS NOT OLD.recorded_by_id OR NEW.recorded_at <> OLD.recorded_at
BEGIN
    SELECT RAISE(ABORT, 'earlier_service is only ever withdrawn, once (UPDATE refused)');
END;
-- +goose StatementEnd
