-- SQLite dialect of postgres/00014_records.sql: records that change by
-- versions (issue 9). See there.

-- +goose Up
CREATE TABLE record_versions (
    id            integer  PRIMARY KEY AUTOINCREMENT,
    entity        text     NOT NULL CHECK (entity IN ('worker', 'employer', 'mission', 'employment')),
    entity_id     bigint   NOT NULL CHECK (entity_id > 0),
    version       integer  NOT NULL CHECK (version > 0),
    kind          text     NOT NULL CHECK (kind IN ('correction', 'update')),
    action        text     NOT NULL CHECK (action IN ('edit', 'reopen', 'close', 'end', 'terms')),
    reason        text     NOT NULL CHECK (trim(reason) <> ''),
    changes       text     NOT NULL CHECK (changes NOT IN ('', '[]', 'null')),
    effective_on  datetime,
    changed_by_id bigint   REFERENCES users (id),
    changed_via   text     NOT NULL DEFAULT '',
    changed_at    datetime NOT NULL,
    UNIQUE (entity, entity_id, version)
);

-- +goose StatementBegin
CREATE TRIGGER record_versions_no_update BEFORE UPDATE ON record_versions
BEGIN
    SELECT RAISE(ABORT, 'record_versions is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER record_versions_no_delete BEFORE DELETE ON record_versions
BEGIN
    SELECT RAISE(ABORT, 'record_versions is append-only (DELETE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER record_versions_no_replace BEFORE INSERT ON record_versions
WHEN EXISTS (SELECT 1 FROM record_versions WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'record_versions: that version exists already (INSERT OR REPLACE refused)');
END;
-- +goose StatementEnd
-- Each record counts its versions; an update must bring the next one, whose
-- version row exists.
ALTER TABLE workers ADD COLUMN record_version integer NOT NULL DEFAULT 0;
ALTER TABLE employers ADD COLUMN record_version integer NOT NULL DEFAULT 0;
ALTER TABLE missions ADD COLUMN record_version integer NOT NULL DEFAULT 0;
ALTER TABLE employments ADD COLUMN record_version integer NOT NULL DEFAULT 0;
-- The worker's one display order of the name (models.Worker.FullName).
ALTER TABLE workers ADD COLUMN family_name_first boolean NOT NULL DEFAULT false;

-- +goose StatementBegin
CREATE TRIGGER workers_versioned BEFORE UPDATE ON workers
WHEN NEW.record_version <> OLD.record_version + 1 OR NOT EXISTS (SELECT 1 FROM record_versions v
     WHERE v.entity = 'worker' AND v.entity_id = NEW.id AND v.version = NEW.record_version)
BEGIN
    SELECT RAISE(ABORT, 'worker changed without a version (UPDATE refused): record who, when and why first');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER workers_not_deleted BEFORE DELETE ON workers
BEGIN
    SELECT RAISE(ABORT, 'worker cannot be deleted: records change by new versions');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER employers_versioned BEFORE UPDATE ON employers
WHEN NEW.record_version <> OLD.record_version + 1 OR NOT EXISTS (SELECT 1 FROM record_versions v
     WHERE v.entity = 'employer' AND v.entity_id = NEW.id AND v.version = NEW.record_version)
BEGIN
    SELECT RAISE(ABORT, 'employer changed without a version (UPDATE refused): record who, when and why first');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER employers_not_deleted BEFORE DELETE ON employers
BEGIN
    SELECT RAISE(ABORT, 'employer cannot be deleted: records change by new versions');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER missions_versioned BEFORE UPDATE ON missions
WHEN NEW.record_version <> OLD.record_version + 1 OR NOT EXISTS (SELECT 1 FROM record_versions v
     WHERE v.entity = 'mission' AND v.entity_id = NEW.id AND v.version = NEW.record_version)
BEGIN
    SELECT RAISE(ABORT, 'mission changed without a version (UPDATE refused): record who, when and why first');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER missions_not_deleted BEFORE DELETE ON missions
BEGIN
    SELECT RAISE(ABORT, 'mission cannot be deleted: records change by new versions');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER employments_versioned BEFORE UPDATE ON employments
WHEN NEW.record_version <> OLD.record_version + 1 OR NOT EXISTS (SELECT 1 FROM record_versions v
     WHERE v.entity = 'employment' AND v.entity_id = NEW.id AND v.version = NEW.record_version)
BEGIN
    SELECT RAISE(ABORT, 'employment changed without a version (UPDATE refused): record who, when and why first');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER employments_not_deleted BEFORE DELETE ON employments
BEGIN
    SELECT RAISE(ABORT, 'employment cannot be deleted: records change by new versions');
END;
-- +goose StatementEnd

-- A document attached by mistake is taken out of its application's file by
-- a removal with a reason; the document and its bytes stay. See postgres/.
CREATE TABLE document_removals (
    document_id    bigint   PRIMARY KEY REFERENCES documents (id),
    application_id bigint   NOT NULL REFERENCES applications (id),
    reason         text     NOT NULL CHECK (trim(reason) <> ''),
    removed_by_id  bigint   REFERENCES users (id),
    removed_via    text     NOT NULL DEFAULT '',
    removed_at     datetime NOT NULL
);
CREATE INDEX document_removals_application ON document_removals (application_id);
-- +goose StatementBegin
CREATE TRIGGER document_removals_no_update BEFORE UPDATE ON document_removals
BEGIN
    SELECT RAISE(ABORT, 'document_removals is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER document_removals_no_delete BEFORE DELETE ON document_removals
BEGIN
    SELECT RAISE(ABORT, 'document_removals is append-only (DELETE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER document_removals_undecided BEFORE INSERT ON document_removals
WHEN NOT EXISTS (SELECT 1 FROM documents d JOIN applications a ON a.id = d.application_id
                 WHERE d.id = NEW.document_id AND a.id = NEW.application_id
                   AND a.status IN ('draft', 'submitted', 'interview_scheduled', 'interviewed', 'on_hold'))
  OR EXISTS (SELECT 1 FROM document_removals WHERE document_id = NEW.document_id)
BEGIN
    SELECT RAISE(ABORT, 'document cannot be removed: not in that application, removed already, or the application is decided');
END;
-- +goose StatementEnd

-- Service before Carddesk, counted by the cumulative cap; withdrawn once,
-- never edited or deleted. See postgres/.
CREATE TABLE earlier_service (
    id                integer  PRIMARY KEY AUTOINCREMENT,
    worker_id         bigint   NOT NULL REFERENCES workers (id),
    starts_on         datetime NOT NULL,
    ends_on           datetime NOT NULL,
    source            text     NOT NULL CHECK (trim(source) <> ''),
    recorded_by_id    bigint   REFERENCES users (id),
    recorded_via      text     NOT NULL DEFAULT '',
    recorded_at       datetime NOT NULL,
    withdrawn_at      datetime,
    withdrawn_by_id   bigint   REFERENCES users (id),
    withdrawal_reason text     NOT NULL DEFAULT '',
    CHECK (ends_on >= starts_on),
    CHECK ((withdrawn_at IS NULL) = (withdrawal_reason = ''))
);
CREATE INDEX earlier_service_worker ON earlier_service (worker_id);
-- +goose StatementBegin
CREATE TRIGGER earlier_service_guard BEFORE UPDATE ON earlier_service
WHEN OLD.withdrawn_at IS NOT NULL
  OR NEW.id <> OLD.id OR NEW.worker_id <> OLD.worker_id OR NEW.starts_on <> OLD.starts_on OR NEW.ends_on <> OLD.ends_on
  OR NEW.source <> OLD.source OR NEW.recorded_by_id IS NOT OLD.recorded_by_id OR NEW.recorded_at <> OLD.recorded_at
BEGIN
    SELECT RAISE(ABORT, 'earlier_service is only ever withdrawn, once (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER earlier_service_no_delete BEFORE DELETE ON earlier_service
BEGIN
    SELECT RAISE(ABORT, 'earlier_service is only ever withdrawn (DELETE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER earlier_service_no_replace BEFORE INSERT ON earlier_service
WHEN EXISTS (SELECT 1 FROM earlier_service WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'earlier_service: that period exists already (INSERT OR REPLACE refused)');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE earlier_service;
DROP TABLE document_removals;
DROP TRIGGER employments_not_deleted;
DROP TRIGGER employments_versioned;
DROP TRIGGER missions_not_deleted;
DROP TRIGGER missions_versioned;
DROP TRIGGER employers_not_deleted;
DROP TRIGGER employers_versioned;
DROP TRIGGER workers_not_deleted;
DROP TRIGGER workers_versioned;
ALTER TABLE employments DROP COLUMN record_version;
ALTER TABLE missions DROP COLUMN record_version;
ALTER TABLE employers DROP COLUMN record_version;
ALTER TABLE workers DROP COLUMN record_version;
ALTER TABLE workers DROP COLUMN family_name_first;
DROP TABLE record_versions;
