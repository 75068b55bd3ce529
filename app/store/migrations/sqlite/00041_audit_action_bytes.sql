-- PostgreSQL's 00041 indexes the audit trail's action in the "C"
-- collation, so a family of actions is read as a range of it; SQLite's
-- index on (action, at) compares bytes already (BINARY, its default). This
-- version keeps the engines' migrations in step.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
