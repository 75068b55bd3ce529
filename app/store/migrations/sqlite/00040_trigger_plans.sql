-- PostgreSQL's 00040 turns two SQL functions its triggers call into
-- PL/pgSQL, whose plans last the session; SQLite's triggers have no such
-- functions. This version keeps the engines' migrations in step.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
