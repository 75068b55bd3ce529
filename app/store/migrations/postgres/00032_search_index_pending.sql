-- The name search's trigram indexes without a pending list (issue 14).
--
-- A GIN index with fastupdate (PostgreSQL's default) queues new entries in
-- an unsorted pending list, merged into the index only by a vacuum or when
-- the list passes gin_pending_list_limit (4 MB); every search reads the
-- whole list. After the generator's bulk load, or thousands of
-- registrations between two autovacuums, that list held up to 512 pages:
-- the bitmap scan of '%ramos%' at 100,000 workers read 412 pages and took
-- 22 to 33 ms; with the list merged it reads 10 pages in 0.4 ms. These
-- tables are searched on every desk and written a row at a time, so each
-- insert now updates the index itself, and the lists queued so far are
-- merged here.

-- +goose Up
ALTER INDEX workers_search_name_trgm SET (fastupdate = off);
ALTER INDEX employers_search_name_trgm SET (fastupdate = off);
ALTER INDEX missions_name_trgm SET (fastupdate = off);
SELECT gin_clean_pending_list('workers_search_name_trgm');
SELECT gin_clean_pending_list('employers_search_name_trgm');
SELECT gin_clean_pending_list('missions_name_trgm');

-- +goose Down
ALTER INDEX missions_name_trgm RESET (fastupdate);
ALTER INDEX employers_search_name_trgm RESET (fastupdate);
ALTER INDEX workers_search_name_trgm RESET (fastupdate);
