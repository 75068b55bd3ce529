-- Scale (issue 14): indexes for the reads every desk makes, checked with
-- EXPLAIN on a generated database of 100,000 workers (carddesk generate).
--
-- The name search matches each word anywhere in a name (LIKE '%word%' on
-- the folded search_name), which a B-tree cannot serve; pg_trgm's GIN index
-- can, for words of three letters or more. Employers' names and missions'
-- names are searched the same way. A passport number is looked up by itself
-- (the unique key holds it behind the nationality). Lists ordered by name,
-- by last change and by expiry read their order from an index.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX workers_search_name_trgm ON workers USING gin (search_name gin_trgm_ops);
CREATE INDEX employers_search_name_trgm ON employers USING gin (search_name gin_trgm_ops);
CREATE INDEX missions_name_trgm ON missions USING gin (lower(name) gin_trgm_ops);
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
DROP INDEX missions_name_trgm;
DROP INDEX employers_search_name_trgm;
DROP INDEX workers_search_name_trgm;
