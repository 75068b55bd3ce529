-- Scale (issue 14): indexes for the reads every desk makes. Keep it
-- identical in effect to the other engine's 00018_scale.sql.
--
-- The name search matches each word anywhere in a name; SQLite's B-trees
-- cannot serve LIKE '%word%', an FTS5 index with the trigram tokenizer can
-- (for words of three letters or more; shorter ones scan it). The index is
-- external-content: it stores only the trigrams of workers.search_name and
-- employers.search_name, kept in step by triggers on every write.

-- +goose Up
CREATE VIRTUAL TABLE workers_name_fts USING fts5(search_name, content='workers', content_rowid='id', tokenize='trigram');
INSERT INTO workers_name_fts (workers_name_fts) VALUES ('rebuild');
-- +goose StatementBegin
CREATE TRIGGER workers_name_fts_insert AFTER INSERT ON workers
BEGIN
    INSERT INTO workers_name_fts (rowid, search_name) VALUES (NEW.id, NEW.search_name);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER workers_name_fts_update AFTER UPDATE OF search_name ON workers
BEGIN
    INSERT INTO workers_name_fts (workers_name_fts, rowid, search_name) VALUES ('delete', OLD.id, OLD.search_name);
    INSERT INTO workers_name_fts (rowid, search_name) VALUES (NEW.id, NEW.search_name);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER workers_name_fts_delete AFTER DELETE ON workers
BEGIN
    INSERT INTO workers_name_fts (workers_name_fts, rowid, search_name) VALUES ('delete', OLD.id, OLD.search_name);
END;
-- +goose StatementEnd

CREATE VIRTUAL TABLE employers_name_fts USING fts5(search_name, content='employers', content_rowid='id', tokenize='trigram');
INSERT INTO employers_name_fts (employers_name_fts) VALUES ('rebuild');
-- +goose StatementBegin
CREATE TRIGGER employers_name_fts_insert AFTER INSERT ON employers
BEGIN
    INSERT INTO employers_name_fts (rowid, search_name) VALUES (NEW.id, NEW.search_name);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER employers_name_fts_update AFTER UPDATE OF search_name ON employers
BEGIN
    INSERT INTO employers_name_fts (employers_name_fts, rowid, search_name) VALUES ('delete', OLD.id, OLD.search_name);
    INSERT INTO employers_name_fts (rowid, search_name) VALUES (NEW.id, NEW.search_name);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER employers_name_fts_delete AFTER DELETE ON employers
BEGIN
    INSERT INTO employers_name_fts (employers_name_fts, rowid, search_name) VALUES ('delete', OLD.id, OLD.search_name);
END;
-- +goose StatementEnd

CREATE INDEX workers_passport_number ON workers (passport_number);
CREATE INDEX workers_name_order ON workers (family_name, given_names, id);
CREATE INDEX applications_updated ON applications (updated_at DESC, id DESC);
CREATE INDEX applications_status_updated ON applications (status, updated_at DESC, id DESC);
CREATE INDEX applications_replaces_card ON applications (replaces_card_id) WHERE replaces_card_id IS NOT NULL;
CREATE INDEX cards_status_expires_on ON cards (status, expires_on, id);
CREATE INDEX cards_worker_issued ON cards (worker_id, issued_at DESC, id DESC);
CREATE INDEX employments_worker_starts ON employments (worker_id, starts_on DESC, id DESC);

-- +goose Down
DROP INDEX employments_worker_starts;
DROP INDEX cards_worker_issued;
DROP INDEX cards_status_expires_on;
DROP INDEX applications_replaces_card;
DROP INDEX applications_status_updated;
DROP INDEX applications_updated;
DROP INDEX workers_name_order;
DROP INDEX workers_passport_number;
DROP TRIGGER employers_name_fts_delete;
DROP TRIGGER employers_name_fts_update;
DROP TRIGGER employers_name_fts_insert;
DROP TABLE employers_name_fts;
DROP TRIGGER workers_name_fts_delete;
DROP TRIGGER workers_name_fts_update;
DROP TRIGGER workers_name_fts_insert;
DROP TABLE workers_name_fts;
