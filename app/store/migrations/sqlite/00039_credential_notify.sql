-- PostgreSQL's 00039 notifies the instances when a credential changes, for
-- the token cache; SQLite keeps no such cache (another process may write
-- the same file and nothing would tell this one). This version keeps the
-- engines' migrations in step.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
