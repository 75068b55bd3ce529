-- SQLite dialect of postgres/00022_scale_corrections.sql: one list of
-- categories of work (job_categories) that employments, contracts and salary
-- scale versions are checked against, and correcting versions of a published
-- scale version. SQLite adds no foreign key to an existing table, so
-- triggers check what PostgreSQL's foreign keys do.

-- +goose Up
CREATE TABLE job_categories (
    code     text    PRIMARY KEY CHECK (code <> ''),
    position integer NOT NULL UNIQUE
);
INSERT INTO job_categories (code, position) VALUES ('cleaning', 1), ('household', 2), ('childcare', 3);

-- +goose StatementBegin
CREATE TRIGGER employments_job_category_known_insert BEFORE INSERT ON employments
WHEN NEW.job_category NOT IN (SELECT code FROM job_categories)
BEGIN
    SELECT RAISE(ABORT, 'employment: job_category is not a job category');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER employments_job_category_known_update BEFORE UPDATE OF job_category ON employments
WHEN NEW.job_category NOT IN (SELECT code FROM job_categories)
BEGIN
    SELECT RAISE(ABORT, 'employment: job_category is not a job category');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER contracts_category_known BEFORE INSERT ON contracts
WHEN NEW.category NOT IN (SELECT code FROM job_categories)
BEGIN
    SELECT RAISE(ABORT, 'contract: category is not a job category');
END;
-- +goose StatementEnd

ALTER TABLE scale_versions ADD COLUMN corrects_id bigint REFERENCES scale_versions (id);
ALTER TABLE scale_versions ADD COLUMN correction_reason text NOT NULL DEFAULT ''
    CHECK (length(correction_reason) <= 8000);

DROP INDEX scale_versions_published_effective_date;
CREATE UNIQUE INDEX scale_versions_published_effective_date ON scale_versions (effective_date)
    WHERE status = 'published' AND corrects_id IS NULL;
CREATE UNIQUE INDEX scale_versions_published_correction ON scale_versions (corrects_id)
    WHERE status = 'published' AND corrects_id IS NOT NULL;

-- +goose StatementBegin
CREATE TRIGGER scale_versions_categories_known_insert BEFORE INSERT ON scale_versions
WHEN EXISTS (SELECT 1 FROM json_each(NEW.categories) e
        WHERE json_extract(e.value, '$.code') IS NULL OR json_extract(e.value, '$.code') NOT IN (SELECT code FROM job_categories))
    OR EXISTS (SELECT 1 FROM json_each(NEW.rates) e
        WHERE json_extract(e.value, '$.category') IS NULL OR json_extract(e.value, '$.category') NOT IN (SELECT code FROM job_categories))
BEGIN
    SELECT RAISE(ABORT, 'salary scale version: a category is not a job category');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER scale_versions_categories_known_update BEFORE UPDATE ON scale_versions
WHEN EXISTS (SELECT 1 FROM json_each(NEW.categories) e
        WHERE json_extract(e.value, '$.code') IS NULL OR json_extract(e.value, '$.code') NOT IN (SELECT code FROM job_categories))
    OR EXISTS (SELECT 1 FROM json_each(NEW.rates) e
        WHERE json_extract(e.value, '$.category') IS NULL OR json_extract(e.value, '$.category') NOT IN (SELECT code FROM job_categories))
BEGIN
    SELECT RAISE(ABORT, 'salary scale version: a category is not a job category');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER scale_versions_correction_insert BEFORE INSERT ON scale_versions
WHEN (NEW.corrects_id IS NULL) <> (NEW.correction_reason = '')
    OR (NEW.status = 'published' AND NEW.corrects_id IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'salary scale version: a correction names the version it corrects and says why, and is published only from a draft');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER scale_versions_correction_update BEFORE UPDATE ON scale_versions
WHEN (NEW.corrects_id IS NULL) <> (NEW.correction_reason = '')
    OR NEW.corrects_id IS NEW.id
    OR (NEW.status = 'published' AND NEW.corrects_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM scale_versions p
        WHERE p.id = NEW.corrects_id AND p.status = 'published'
            AND datetime(p.effective_date) = datetime(NEW.effective_date)))
BEGIN
    SELECT RAISE(ABORT, 'salary scale version: a correction says why and is published on the effective date of the published version it corrects');
END;
-- +goose StatementEnd

-- The triggers of 00005 that keep UPDATE OR REPLACE from deleting a
-- published version now let a correction share its day with the version it
-- corrects: only two originals, or two corrections of one version, collide.
DROP TRIGGER scale_versions_no_replace;
DROP TRIGGER scale_versions_no_replace_update;
-- +goose StatementBegin
CREATE TRIGGER scale_versions_no_replace BEFORE INSERT ON scale_versions
WHEN EXISTS (SELECT 1 FROM scale_versions WHERE status = 'published'
             AND (id = NEW.id OR (NEW.status = 'published' AND NEW.corrects_id IS NULL AND corrects_id IS NULL
                                  AND effective_date = NEW.effective_date)))
BEGIN
    SELECT RAISE(ABORT, 'scale_versions_no_replace: a published salary scale version is never replaced (INSERT OR REPLACE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER scale_versions_no_replace_update BEFORE UPDATE ON scale_versions
WHEN NEW.id IS NOT OLD.id
  OR (NEW.status = 'published' AND EXISTS (SELECT 1 FROM scale_versions
      WHERE status = 'published' AND id <> OLD.id
        AND ((NEW.corrects_id IS NULL AND corrects_id IS NULL AND effective_date = NEW.effective_date)
             OR (NEW.corrects_id IS NOT NULL AND corrects_id = NEW.corrects_id))))
BEGIN
    SELECT RAISE(ABORT, 'scale_versions_no_replace: a version keeps its id, and no two published versions share a date (UPDATE OR REPLACE refused)');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER scale_versions_no_replace_update;
DROP TRIGGER scale_versions_no_replace;
-- +goose StatementBegin
CREATE TRIGGER scale_versions_no_replace BEFORE INSERT ON scale_versions
WHEN EXISTS (SELECT 1 FROM scale_versions WHERE status = 'published'
             AND (id = NEW.id OR (NEW.status = 'published' AND effective_date = NEW.effective_date)))
BEGIN
    SELECT RAISE(ABORT, 'scale_versions_no_replace: a published salary scale version is never replaced (INSERT OR REPLACE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER scale_versions_no_replace_update BEFORE UPDATE ON scale_versions
WHEN NEW.id IS NOT OLD.id
  OR (NEW.status = 'published' AND EXISTS (SELECT 1 FROM scale_versions
      WHERE status = 'published' AND effective_date = NEW.effective_date AND id <> OLD.id))
BEGIN
    SELECT RAISE(ABORT, 'scale_versions_no_replace: a version keeps its id, and no two published versions share a date (UPDATE OR REPLACE refused)');
END;
-- +goose StatementEnd
DROP TRIGGER scale_versions_correction_update;
DROP TRIGGER scale_versions_correction_insert;
DROP TRIGGER scale_versions_categories_known_update;
DROP TRIGGER scale_versions_categories_known_insert;
DROP INDEX scale_versions_published_correction;
DROP INDEX scale_versions_published_effective_date;
CREATE UNIQUE INDEX scale_versions_published_effective_date ON scale_versions (effective_date) WHERE status = 'published';
ALTER TABLE scale_versions DROP COLUMN correction_reason;
ALTER TABLE scale_versions DROP COLUMN corrects_id;
DROP TRIGGER contracts_category_known;
DROP TRIGGER employments_job_category_known_update;
DROP TRIGGER employments_job_category_known_insert;
DROP TABLE job_categories;
