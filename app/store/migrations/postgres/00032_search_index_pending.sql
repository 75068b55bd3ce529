-- Two reads that slowed with the size of the database, not with what they
-- read (issue 14).
--
-- 1. The name search's trigram indexes without a pending list. A GIN index
-- with fastupdate (PostgreSQL's default) queues new entries in an unsorted
-- pending list, merged into the index only by a vacuum or when the list
-- passes gin_pending_list_limit (4 MB); every search reads the whole list.
-- After the generator's bulk load, or thousands of registrations between
-- two autovacuums, that list held up to 512 pages: the bitmap scan of
-- '%ramos%' at 100,000 workers read 412 pages and took 22 to 33 ms; with
-- the list merged it reads 10 pages in 0.4 ms. These tables are searched on
-- every desk and written a row at a time, so each insert now updates the
-- index itself, and the lists queued so far are merged here.
--
-- 2. The audit chain head is one row, updated by every audit row
-- (migration 00005). The versions one transaction leaves cannot be pruned
-- before it ends; once they fill the page, an update goes to another page
-- with a new index entry, and every read of the head then visits each page
-- until a vacuum: after the generator's 20,000 audit rows (500 a
-- transaction) the head took 325 pages, and reading it 1.7 ms, three times
-- per audited view. A plain VACUUM does not help: with dead entries on
-- under 2% of the pages it skips the index ("index scan bypassed") and can
-- leaves the dead entries in it, so a read still visited 315 pages. The
-- head is vacuumed here with its index (a read then visits 2), always
-- cleaned with its index (vacuum_index_cleanup), pruned early (fillfactor)
-- and vacuumed by autovacuum after a few hundred dead versions rather than
-- 20% of one row plus 50. VACUUM cannot run in a transaction, hence NO
-- TRANSACTION: each statement can be run again.

-- +goose NO TRANSACTION
-- +goose Up
ALTER INDEX workers_search_name_trgm SET (fastupdate = off);
ALTER INDEX employers_search_name_trgm SET (fastupdate = off);
ALTER INDEX missions_name_trgm SET (fastupdate = off);
SELECT gin_clean_pending_list('workers_search_name_trgm');
SELECT gin_clean_pending_list('employers_search_name_trgm');
SELECT gin_clean_pending_list('missions_name_trgm');
ALTER TABLE audit_chain_head SET (fillfactor = 10, vacuum_index_cleanup = on, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 200);
VACUUM (INDEX_CLEANUP ON) audit_chain_head;

-- +goose Down
ALTER TABLE audit_chain_head RESET (fillfactor, vacuum_index_cleanup, autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold);
ALTER INDEX missions_name_trgm RESET (fastupdate);
ALTER INDEX employers_search_name_trgm RESET (fastupdate);
ALTER INDEX workers_search_name_trgm RESET (fastupdate);
