-- A salary scale can't break contracts (issue 9).
--
-- One list of categories of work: job_categories holds the codes of
-- models.JobCategories (a store test compares the two). Employments and
-- contracts name one of them (foreign keys), and a salary scale version may
-- only give minimums for them (trigger on its JSON categories and rates).
--
-- A published version that turns out wrong is superseded by a correcting
-- version from the same effective date: corrects_id names the version it
-- corrects, correction_reason says why (required). Among the published
-- versions of one day, only the original (corrects_id IS NULL) is unique by
-- date; each version is corrected at most once, so the chain of corrections
-- has one end, which is the version in force.

-- +goose Up
CREATE TABLE job_categories (
    code     text    PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{0,39}$'),
    position integer NOT NULL UNIQUE
);
INSERT INTO job_categories (code, position) VALUES ('cleaning', 1), ('household', 2), ('childcare', 3);

ALTER TABLE employments ADD CONSTRAINT employments_job_category_known
    FOREIGN KEY (job_category) REFERENCES job_categories (code);
ALTER TABLE contracts ADD CONSTRAINT contracts_category_known
    FOREIGN KEY (category) REFERENCES job_categories (code);

ALTER TABLE scale_versions ADD COLUMN corrects_id bigint REFERENCES scale_versions (id);
ALTER TABLE scale_versions ADD COLUMN correction_reason text NOT NULL DEFAULT '';
ALTER TABLE scale_versions ADD CONSTRAINT scale_versions_correction_reason
    CHECK ((corrects_id IS NULL) = (correction_reason = '') AND length(correction_reason) <= 8000);
ALTER TABLE scale_versions ADD CONSTRAINT scale_versions_correction_not_self CHECK (corrects_id <> id);

DROP INDEX scale_versions_published_effective_date;
CREATE UNIQUE INDEX scale_versions_published_effective_date ON scale_versions (effective_date)
    WHERE status = 'published' AND corrects_id IS NULL;
CREATE UNIQUE INDEX scale_versions_published_correction ON scale_versions (corrects_id)
    WHERE status = 'published' AND corrects_id IS NOT NULL;

-- +goose StatementBegin
CREATE FUNCTION scale_versions_checked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    unknown text;
BEGIN
    SELECT string_agg(DISTINCT code, ', ') INTO unknown FROM (
        SELECT e->>'code' AS code FROM jsonb_array_elements(NEW.categories::jsonb) e
        UNION ALL
        SELECT e->>'category' FROM jsonb_array_elements(NEW.rates::jsonb) e
    ) x WHERE code IS NULL OR code NOT IN (SELECT j.code FROM job_categories j);
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION 'salary scale version %: categories % are not job categories', NEW.id, unknown
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'published' AND NEW.corrects_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM scale_versions p
        WHERE p.id = NEW.corrects_id AND p.status = 'published' AND p.effective_date = NEW.effective_date) THEN
        RAISE EXCEPTION 'salary scale version % corrects version %, which is not published on the same effective date',
            NEW.id, NEW.corrects_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER scale_versions_checked BEFORE INSERT OR UPDATE ON scale_versions
    FOR EACH ROW EXECUTE FUNCTION scale_versions_checked();

-- +goose Down
DROP TRIGGER scale_versions_checked ON scale_versions;
DROP FUNCTION scale_versions_checked();
DROP INDEX scale_versions_published_correction;
DROP INDEX scale_versions_published_effective_date;
CREATE UNIQUE INDEX scale_versions_published_effective_date ON scale_versions (effective_date) WHERE status = 'published';
ALTER TABLE scale_versions DROP CONSTRAINT scale_versions_correction_not_self;
ALTER TABLE scale_versions DROP CONSTRAINT scale_versions_correction_reason;
ALTER TABLE scale_versions DROP COLUMN correction_reason;
ALTER TABLE scale_versions DROP COLUMN corrects_id;
ALTER TABLE contracts DROP CONSTRAINT contracts_category_known;
ALTER TABLE employments DROP CONSTRAINT employments_job_category_known;
DROP TABLE job_categories;
