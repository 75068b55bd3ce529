-- The name search by words came to SQLite (its 00038); PostgreSQL has had
-- it since 00037. This version keeps the engines' migrations in step.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
