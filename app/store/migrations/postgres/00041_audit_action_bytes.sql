-- The audit trail filtered by a family of actions ("auth.", "retention.")
-- is a range of the strings that start with it, compared byte by byte
-- (Audit.Events): the index on the action is in the "C" collation, so
-- PostgreSQL reads that range from it whatever the database's collation.
-- The LIKE it replaces read no index, and at 10,000,000 audit rows a family
-- with no recent row scanned the whole trail (540 ms). An exact action is
-- compared in "C" too, and reads the same index. Building it takes 10 to
-- 13 s at 10,000,000 rows, during which audit rows wait.

-- +goose Up
CREATE INDEX audit_events_action_bytes ON audit_events (action COLLATE "C", at);
DROP INDEX audit_events_action;

-- +goose Down
CREATE INDEX audit_events_action ON audit_events (action, at);
DROP INDEX audit_events_action_bytes;
