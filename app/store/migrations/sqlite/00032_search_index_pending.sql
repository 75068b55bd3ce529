-- The name search's trigram indexes in one piece (issue 14), as migration
-- 00032 on PostgreSQL merges the GIN indexes' pending lists: FTS5 keeps
-- what each insert adds in segments of its own, which a search reads one
-- by one until they are merged. 'optimize' merges them; later inserts are
-- merged as they come (FTS5's automerge).

-- +goose Up
INSERT INTO workers_name_fts (workers_name_fts) VALUES ('optimize');
INSERT INTO employers_name_fts (employers_name_fts) VALUES ('optimize');

-- +goose Down
SELECT 1;
