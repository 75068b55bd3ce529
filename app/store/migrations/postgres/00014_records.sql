-- Records that change (issue 9): a worker, an employer, a mission or an
-- employment changes by a new version naming who, when, why and what changed
-- (models.RecordVersion). The versions are append-only, and a row of the four
-- tables cannot be updated without the version of that change, written first
-- in the same transaction, and the row's record_version counts them.

-- +goose Up
CREATE TABLE record_versions (
    id            bigserial   PRIMARY KEY,
    entity        text        NOT NULL CHECK (entity IN ('worker', 'employer', 'mission', 'employment')),
    entity_id     bigint      NOT NULL CHECK (entity_id > 0),
    version       integer     NOT NULL CHECK (version > 0),
    kind          text        NOT NULL CHECK (kind IN ('correction', 'update')),
    action        text        NOT NULL CHECK (action IN ('edit', 'reopen', 'close', 'end', 'terms')),
    reason        text        NOT NULL CHECK (btrim(reason) <> ''),
    changes       text        NOT NULL CHECK (changes NOT IN ('', '[]', 'null')),
    effective_on  timestamptz,
    changed_by_id bigint      REFERENCES users (id),
    changed_via   text        NOT NULL DEFAULT '',
    changed_at    timestamptz NOT NULL,
    UNIQUE (entity, entity_id, version)
);

CREATE TRIGGER record_versions_append_only BEFORE UPDATE OR DELETE ON record_versions
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
CREATE TRIGGER record_versions_no_truncate BEFORE TRUNCATE ON record_versions
    FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();

-- Each record counts its versions; an update must bring the next one, whose
-- version row exists.
ALTER TABLE workers ADD COLUMN record_version integer NOT NULL DEFAULT 0;
ALTER TABLE employers ADD COLUMN record_version integer NOT NULL DEFAULT 0;
ALTER TABLE missions ADD COLUMN record_version integer NOT NULL DEFAULT 0;
ALTER TABLE employments ADD COLUMN record_version integer NOT NULL DEFAULT 0;
-- The worker's one display order of the name (models.Worker.FullName).
ALTER TABLE workers ADD COLUMN family_name_first boolean NOT NULL DEFAULT false;

-- +goose StatementBegin
CREATE FUNCTION record_versions_required() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '% % cannot be deleted: records change by new versions', TG_ARGV[0], OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.record_version <> OLD.record_version + 1 OR NOT EXISTS (SELECT 1 FROM record_versions v
            WHERE v.entity = TG_ARGV[0] AND v.entity_id = NEW.id AND v.version = NEW.record_version) THEN
        RAISE EXCEPTION '% % changed without a version (UPDATE refused): record who, when and why first', TG_ARGV[0], NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER workers_versioned BEFORE UPDATE OR DELETE ON workers
    FOR EACH ROW EXECUTE FUNCTION record_versions_required('worker');
CREATE TRIGGER employers_versioned BEFORE UPDATE OR DELETE ON employers
    FOR EACH ROW EXECUTE FUNCTION record_versions_required('employer');
CREATE TRIGGER missions_versioned BEFORE UPDATE OR DELETE ON missions
    FOR EACH ROW EXECUTE FUNCTION record_versions_required('mission');
CREATE TRIGGER employments_versioned BEFORE UPDATE OR DELETE ON employments
    FOR EACH ROW EXECUTE FUNCTION record_versions_required('employment');

-- A document attached by mistake is taken out of its application's file by
-- a removal with a reason; the document and its bytes stay. Removals are
-- append-only, and refused once the application is decided.
CREATE TABLE document_removals (
    document_id    bigint      PRIMARY KEY REFERENCES documents (id),
    application_id bigint      NOT NULL REFERENCES applications (id),
    reason         text        NOT NULL CHECK (btrim(reason) <> ''),
    removed_by_id  bigint      REFERENCES users (id),
    removed_via    text        NOT NULL DEFAULT '',
    removed_at     timestamptz NOT NULL
);
CREATE INDEX document_removals_application ON document_removals (application_id);
CREATE TRIGGER document_removals_append_only BEFORE UPDATE OR DELETE ON document_removals
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
CREATE TRIGGER document_removals_no_truncate BEFORE TRUNCATE ON document_removals
    FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();
-- +goose StatementBegin
CREATE FUNCTION document_removals_undecided() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM documents d JOIN applications a ON a.id = d.application_id
                   WHERE d.id = NEW.document_id AND a.id = NEW.application_id
                     AND a.status IN ('draft', 'submitted', 'interview_scheduled', 'interviewed', 'on_hold')) THEN
        RAISE EXCEPTION 'document % cannot be removed: not in application %, or the application is decided', NEW.document_id, NEW.application_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER document_removals_undecided BEFORE INSERT ON document_removals
    FOR EACH ROW EXECUTE FUNCTION document_removals_undecided();

-- Service before Carddesk: periods a worker served as a private servant
-- before the system, with their source, counted by the cumulative cap. A
-- period is never edited or deleted; one recorded by mistake is withdrawn
-- once, with a reason.
CREATE TABLE earlier_service (
    id                bigserial   PRIMARY KEY,
    worker_id         bigint      NOT NULL REFERENCES workers (id),
    starts_on         timestamptz NOT NULL,
    ends_on           timestamptz NOT NULL,
    source            text        NOT NULL CHECK (btrim(source) <> ''),
    recorded_by_id    bigint      REFERENCES users (id),
    recorded_via      text        NOT NULL DEFAULT '',
    recorded_at       timestamptz NOT NULL,
    withdrawn_at      timestamptz,
    withdrawn_by_id   bigint      REFERENCES users (id),
    withdrawal_reason text        NOT NULL DEFAULT '',
    CHECK (ends_on >= starts_on),
    CHECK ((withdrawn_at IS NULL) = (withdrawal_reason = ''))
);
CREATE INDEX earlier_service_worker ON earlier_service (worker_id);
-- +goose StatementBegin
CREATE FUNCTION earlier_service_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.withdrawn_at IS NOT NULL
       OR NEW.id <> OLD.id OR NEW.worker_id <> OLD.worker_id OR NEW.starts_on <> OLD.starts_on OR NEW.ends_on <> OLD.ends_on
       OR NEW.source <> OLD.source OR NEW.recorded_by_id IS DISTINCT FROM OLD.recorded_by_id OR NEW.recorded_at <> OLD.recorded_at THEN
        RAISE EXCEPTION 'earlier_service % is only ever withdrawn, once (% refused)', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER earlier_service_guard BEFORE UPDATE OR DELETE ON earlier_service
    FOR EACH ROW EXECUTE FUNCTION earlier_service_guard();
CREATE TRIGGER earlier_service_no_truncate BEFORE TRUNCATE ON earlier_service
    FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();

-- +goose Down
DROP TABLE earlier_service;
DROP FUNCTION earlier_service_guard();
DROP TABLE document_removals;
DROP FUNCTION document_removals_undecided();
DROP TRIGGER employments_versioned ON employments;
DROP TRIGGER missions_versioned ON missions;
DROP TRIGGER employers_versioned ON employers;
DROP TRIGGER workers_versioned ON workers;
DROP FUNCTION record_versions_required();
ALTER TABLE employments DROP COLUMN record_version;
ALTER TABLE missions DROP COLUMN record_version;
ALTER TABLE employers DROP COLUMN record_version;
ALTER TABLE workers DROP COLUMN record_version;
ALTER TABLE workers DROP COLUMN family_name_first;
DROP TABLE record_versions;
