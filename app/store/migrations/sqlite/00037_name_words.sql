-- The name search by words is PostgreSQL's (see its 00037). On SQLite the
-- search stays on migration 00018's FTS5 trigram tables; this version keeps
-- the engines' migrations in step.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
