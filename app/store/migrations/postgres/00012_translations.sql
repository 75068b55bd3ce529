-- Translations and helplines as data (issue 11). Each language's texts (the
-- rights leaflet, the interview summons, the contract translation: one TOML
-- file, as contracts/clauses/<code>.toml) are kept as versions: the release's
-- file is the first (inserted by the store at migration, Translations.Seed),
-- an admin uploads later ones, compares them with the one in use and
-- publishes them. A language's published versions are numbered 1, 2, … with
-- no gap (publication); the highest is the one in use and the one the PDFs
-- print. A published version is never changed or deleted; a draft changes
-- only by being published or discarded (kept, so that a release's file an
-- admin discarded is not offered again at the next start).
--
-- The contacts the leaflet lists (helplines, specialised centres) are
-- versions of one list, append-only; the latest is in use. The first is the
-- list the release printed until now (contracts.DefaultContacts; a store test
-- compares them).

-- +goose Up
CREATE TABLE translation_versions (
    id              bigserial   PRIMARY KEY,
    language        text        NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
    status          text        NOT NULL CHECK (status IN ('draft', 'published', 'discarded')),
    publication     integer     NOT NULL DEFAULT 0 CHECK (publication >= 0),
    source          text        NOT NULL CHECK (source IN ('release', 'upload')),
    content         text        NOT NULL CHECK (content <> ''),
    sha256          text        NOT NULL CHECK (length(sha256) = 64),
    documents       text        NOT NULL,
    translator      text        NOT NULL CHECK (translator <> ''),
    reviewed_by     text        NOT NULL DEFAULT '',
    review          text        NOT NULL CHECK (review IN ('original', 'reviewed', 'unreviewed')),
    note            text        NOT NULL CHECK (note <> ''),
    created_by_id   bigint      REFERENCES users (id),
    created_at      timestamptz NOT NULL,
    published_at    timestamptz,
    published_by_id bigint      REFERENCES users (id),
    CHECK ((status = 'published') = (published_at IS NOT NULL)),
    CHECK ((status = 'published') = (publication > 0)),
    -- a sworn review names the sworn translator
    CHECK (review <> 'reviewed' OR reviewed_by <> ''),
    -- French, Dutch, German and English are the Directorate's own texts;
    -- every other language is a translation
    CHECK ((review = 'original') = (language IN ('fr', 'nl', 'de', 'en')))
);
CREATE UNIQUE INDEX translation_versions_publication ON translation_versions (language, publication) WHERE status = 'published';
-- a release's file is taken once (concurrent first starts insert it once)
CREATE UNIQUE INDEX translation_versions_release ON translation_versions (language, sha256) WHERE source = 'release';
CREATE INDEX translation_versions_language ON translation_versions (language, id);

-- +goose StatementBegin
CREATE FUNCTION translation_versions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'translation_versions: versions are kept (TRUNCATE refused)';
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'published' THEN
            RAISE EXCEPTION 'translation_versions: version % is published and cannot be deleted (DELETE refused)', OLD.id;
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF OLD.status = 'published' THEN
            RAISE EXCEPTION 'translation_versions: version % is published and cannot be changed (UPDATE refused)', OLD.id;
        END IF;
        IF NEW.id <> OLD.id OR NEW.language <> OLD.language OR NEW.source <> OLD.source OR NEW.content <> OLD.content
           OR NEW.sha256 <> OLD.sha256 OR NEW.documents <> OLD.documents OR NEW.translator <> OLD.translator
           OR NEW.reviewed_by <> OLD.reviewed_by OR NEW.review <> OLD.review OR NEW.note <> OLD.note
           OR NEW.created_by_id IS DISTINCT FROM OLD.created_by_id OR NEW.created_at <> OLD.created_at THEN
            RAISE EXCEPTION 'translation_versions: a draft changes only by being published; upload a new version (UPDATE refused)';
        END IF;
    END IF;
    -- A publication follows the language's last one, so the highest is
    -- the version in use.
    IF NEW.status = 'published' AND NEW.publication <> (
        SELECT coalesce(max(publication), 0) + 1 FROM translation_versions
        WHERE language = NEW.language AND status = 'published') THEN
        RAISE EXCEPTION 'translation_versions: publication % of % does not follow the last one', NEW.publication, NEW.language;
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER translation_versions_guard BEFORE INSERT OR UPDATE OR DELETE ON translation_versions
    FOR EACH ROW EXECUTE FUNCTION translation_versions_guard();
CREATE TRIGGER translation_versions_guard_truncate BEFORE TRUNCATE ON translation_versions
    FOR EACH STATEMENT EXECUTE FUNCTION translation_versions_guard();

CREATE TABLE contact_lists (
    id            bigserial   PRIMARY KEY,
    -- [{"key","label","phone","web"}], in the order the leaflet prints them
    contacts      text        NOT NULL CHECK (contacts::jsonb IS NOT NULL AND jsonb_typeof(contacts::jsonb) = 'array'),
    -- where the numbers were checked, and which are not confirmed
    source        text        NOT NULL CHECK (source <> ''),
    created_by_id bigint      REFERENCES users (id),
    created_at    timestamptz NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION contact_lists_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'contact_lists: a list of contacts is kept as it was; save a new one (% refused)', TG_OP;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER contact_lists_append_only BEFORE UPDATE OR DELETE ON contact_lists
    FOR EACH ROW EXECUTE FUNCTION contact_lists_append_only();
CREATE TRIGGER contact_lists_append_only_truncate BEFORE TRUNCATE ON contact_lists
    FOR EACH STATEMENT EXECUTE FUNCTION contact_lists_append_only();

INSERT INTO contact_lists (contacts, source, created_at) VALUES (
    '[{"key":"pagasa","label":"","phone":"+32 2 511 64 64","web":"pag-asa.be"},{"key":"payoke","label":"","phone":"+32 3 201 16 90","web":"payoke.be"},{"key":"surya","label":"","phone":"","web":"asblsurya.org"},{"key":"helpline","label":"","phone":"078 05 58 00","web":""}]',
    'The list the release printed (contracts.DefaultContacts). PAG-ASA''s telephone is on its own contact page; Payoke''s is published by Payoke; the national helpline for victims of trafficking was announced by the Minister of Justice in July 2023 (press, "Blue Heart" campaign). Sürya''s number could not be confirmed from a primary source: only its website is given.',
    '2024-01-01 00:00:00+00');

-- +goose Down
DROP TABLE contact_lists;
DROP FUNCTION contact_lists_append_only();
DROP TABLE translation_versions;
DROP FUNCTION translation_versions_guard();
