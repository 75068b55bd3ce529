-- SQLite dialect of postgres/00012_translations.sql: translations and the
-- leaflet's contacts as versioned data (issue 11). See there.

-- +goose Up
CREATE TABLE translation_versions (
    id              integer  PRIMARY KEY AUTOINCREMENT,
    language        text     NOT NULL CHECK (length(language) BETWEEN 2 AND 3 AND language NOT GLOB '*[^a-z]*'),
    status          text     NOT NULL CHECK (status IN ('draft', 'published', 'discarded')),
    publication     integer  NOT NULL DEFAULT 0 CHECK (publication >= 0),
    source          text     NOT NULL CHECK (source IN ('release', 'upload')),
    content         text     NOT NULL CHECK (content <> ''),
    sha256          text     NOT NULL CHECK (length(sha256) = 64),
    documents       text     NOT NULL,
    translator      text     NOT NULL CHECK (translator <> ''),
    reviewed_by     text     NOT NULL DEFAULT '',
    review          text     NOT NULL CHECK (review IN ('original', 'reviewed', 'unreviewed')),
    note            text     NOT NULL CHECK (note <> ''),
    created_by_id   bigint   REFERENCES users (id),
    created_at      datetime NOT NULL,
    published_at    datetime,
    published_by_id bigint   REFERENCES users (id),
    CHECK ((status = 'published') = (published_at IS NOT NULL)),
    CHECK ((status = 'published') = (publication > 0)),
    CHECK (review <> 'reviewed' OR reviewed_by <> ''),
    CHECK ((review = 'original') = (language IN ('fr', 'nl', 'de', 'en')))
);
CREATE UNIQUE INDEX translation_versions_publication ON translation_versions (language, publication) WHERE status = 'published';
CREATE UNIQUE INDEX translation_versions_release ON translation_versions (language, sha256) WHERE source = 'release';
CREATE INDEX translation_versions_language ON translation_versions (language, id);

-- +goose StatementBegin
CREATE TRIGGER translation_versions_no_replace BEFORE INSERT ON translation_versions
WHEN EXISTS (SELECT 1 FROM translation_versions WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'translation_versions: that version exists already (INSERT OR REPLACE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER translation_versions_publication_insert BEFORE INSERT ON translation_versions
WHEN NEW.status = 'published' AND NEW.publication <> (
    SELECT coalesce(max(publication), 0) + 1 FROM translation_versions WHERE language = NEW.language AND status = 'published')
BEGIN
    SELECT RAISE(ABORT, 'translation_versions: a publication follows the language''s last one');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER translation_versions_published_no_update BEFORE UPDATE ON translation_versions
WHEN OLD.status = 'published'
BEGIN
    SELECT RAISE(ABORT, 'translation_versions: a published version cannot be changed (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER translation_versions_draft_fixed BEFORE UPDATE OF
    id, language, source, content, sha256, documents, translator, reviewed_by, review, note, created_by_id, created_at
ON translation_versions
BEGIN
    SELECT RAISE(ABORT, 'translation_versions: a draft changes only by being published; upload a new version (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER translation_versions_publication_update BEFORE UPDATE ON translation_versions
WHEN NEW.status = 'published' AND NEW.publication <> (
    SELECT coalesce(max(publication), 0) + 1 FROM translation_versions WHERE language = NEW.language AND status = 'published')
BEGIN
    SELECT RAISE(ABORT, 'translation_versions: a publication follows the language''s last one');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER translation_versions_published_no_delete BEFORE DELETE ON translation_versions
WHEN OLD.status = 'published'
BEGIN
    SELECT RAISE(ABORT, 'translation_versions: a published version cannot be deleted (DELETE refused)');
END;
-- +goose StatementEnd

CREATE TABLE contact_lists (
    id            integer  PRIMARY KEY AUTOINCREMENT,
    contacts      text     NOT NULL CHECK (json_valid(contacts) AND json_type(contacts) = 'array'),
    source        text     NOT NULL CHECK (source <> ''),
    created_by_id bigint   REFERENCES users (id),
    created_at    datetime NOT NULL
);
-- +goose StatementBegin
CREATE TRIGGER contact_lists_no_update BEFORE UPDATE ON contact_lists
BEGIN
    SELECT RAISE(ABORT, 'contact_lists: a list of contacts is kept as it was; save a new one (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER contact_lists_no_delete BEFORE DELETE ON contact_lists
BEGIN
    SELECT RAISE(ABORT, 'contact_lists: a list of contacts is kept as it was; save a new one (DELETE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER contact_lists_no_replace BEFORE INSERT ON contact_lists
WHEN EXISTS (SELECT 1 FROM contact_lists WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'contact_lists: that list exists already (INSERT OR REPLACE refused)');
END;
-- +goose StatementEnd

INSERT INTO contact_lists (contacts, source, created_at) VALUES (
    '[{"key":"pagasa","label":"","phone":"+32 2 511 64 64","web":"pag-asa.be"},{"key":"payoke","label":"","phone":"+32 3 201 16 90","web":"payoke.be"},{"key":"surya","label":"","phone":"","web":"asblsurya.org"},{"key":"helpline","label":"","phone":"078 05 58 00","web":""}]',
    'The list the release printed (contracts.DefaultContacts). PAG-ASA''s telephone is on its own contact page; Payoke''s is published by Payoke; the national helpline for victims of trafficking was announced by the Minister of Justice in July 2023 (press, "Blue Heart" campaign). Sürya''s number could not be confirmed from a primary source: only its website is given.',
    '2024-01-01 00:00:00+00:00');

-- +goose Down
DROP TABLE contact_lists;
DROP TABLE translation_versions;
