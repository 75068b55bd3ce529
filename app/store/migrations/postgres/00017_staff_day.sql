-- The staff's day (issue 13): the calendar of the private interviews.
-- Keep it identical in effect to the other engine's 00017_staff_day.sql.
--
-- 1. Each appointment holds its interviewer, room and worker from
--    scheduled_at to ends_at (set on insert: scheduled_at plus
--    models.InterviewDuration, and the application's worker, whatever the
--    INSERT says). A booking replaced or cancelled keeps its row, with
--    cancelled_at and the reason: the history stays whole.
-- 2. No interviewer, room or worker is booked twice for overlapping times:
--    exclusion constraints over tstzrange(scheduled_at, ends_at) (btree_gist
--    gives the equality operators on bigint and text), among the bookings
--    not cancelled and not corrections of a record (a correction repeats its
--    record's time), and not recorded (an interview recorded is over and
--    frees its time). The store checks the same rule first, in the booking's
--    transaction, to name the field; the constraint decides between two
--    bookings committed at the same moment.
-- 3. The Directorate's rooms and the interviewers' weekly hours, from which
--    the booking form proposes free slots.
-- 4. cancel_interview joins the status table (interview_scheduled ->
--    submitted), the copy of models/application.go's.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE interviews ADD COLUMN ends_at       timestamptz;
ALTER TABLE interviews ADD COLUMN worker_id     bigint REFERENCES workers (id);
ALTER TABLE interviews ADD COLUMN cancelled_at  timestamptz;
ALTER TABLE interviews ADD COLUMN cancel_reason text NOT NULL DEFAULT '';

-- The rows already there: recorded ones are immutable, so the triggers are
-- set aside for the backfill alone.
ALTER TABLE interviews DISABLE TRIGGER USER;
UPDATE interviews i SET ends_at = i.scheduled_at + interval '60 minutes', worker_id = a.worker_id
  FROM applications a WHERE a.id = i.application_id;
-- Appointments never held that a later booking replaced, or whose
-- application moved on without them, no longer hold anyone's time.
UPDATE interviews i SET cancelled_at = i.created_at, cancel_reason = 'replaced or left unheld (before migration 00017)'
 WHERE i.recorded_at IS NULL AND i.supersedes_id IS NULL AND (
       i.id IS DISTINCT FROM (SELECT e.interview_id FROM application_events e WHERE e.application_id = i.application_id
                               AND e.action IN ('schedule_interview', 'reschedule_interview') ORDER BY e.seq DESC LIMIT 1)
    OR (SELECT a.status FROM applications a WHERE a.id = i.application_id) <> 'interview_scheduled');
ALTER TABLE interviews ENABLE TRIGGER USER;

ALTER TABLE interviews ALTER COLUMN ends_at SET NOT NULL;
ALTER TABLE interviews ALTER COLUMN worker_id SET NOT NULL;
ALTER TABLE interviews ADD CONSTRAINT interviews_ends_after_start CHECK (ends_at > scheduled_at);
ALTER TABLE interviews ADD CONSTRAINT interviews_cancel_reason CHECK (cancelled_at IS NULL OR cancel_reason <> '');

-- +goose StatementBegin
CREATE FUNCTION interviews_booking_defaults() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.ends_at IS NULL THEN
        NEW.ends_at := NEW.scheduled_at + interval '60 minutes';
    END IF;
    SELECT a.worker_id INTO NEW.worker_id FROM applications a WHERE a.id = NEW.application_id;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER interviews_booking_defaults BEFORE INSERT ON interviews
    FOR EACH ROW EXECUTE FUNCTION interviews_booking_defaults();

-- Overlaps already stored (two live bookings of one interviewer, room or
-- worker) stop the migration with their ids, to be cancelled by hand.
-- +goose StatementBegin
DO $$
DECLARE clash text;
BEGIN
    SELECT string_agg(a.id || ' and ' || b.id, ', ') INTO clash
      FROM interviews a JOIN interviews b ON a.id < b.id
       AND tstzrange(a.scheduled_at, a.ends_at) && tstzrange(b.scheduled_at, b.ends_at)
       AND (a.interviewer_id = b.interviewer_id OR a.worker_id = b.worker_id
            OR (btrim(a.room) <> '' AND lower(btrim(a.room)) = lower(btrim(b.room))))
     WHERE a.cancelled_at IS NULL AND b.cancelled_at IS NULL AND a.recorded_at IS NULL AND b.recorded_at IS NULL
       AND a.supersedes_id IS NULL AND b.supersedes_id IS NULL;
    IF clash IS NOT NULL THEN
        RAISE EXCEPTION 'interviews booked over each other: %; cancel one of each pair before migrating', clash;
    END IF;
END
$$;
-- +goose StatementEnd

ALTER TABLE interviews ADD CONSTRAINT interviews_interviewer_free EXCLUDE USING gist
    (interviewer_id WITH =, tstzrange(scheduled_at, ends_at) WITH &&) WHERE (cancelled_at IS NULL AND recorded_at IS NULL AND supersedes_id IS NULL);
ALTER TABLE interviews ADD CONSTRAINT interviews_room_free EXCLUDE USING gist
    (lower(btrim(room)) WITH =, tstzrange(scheduled_at, ends_at) WITH &&) WHERE (cancelled_at IS NULL AND recorded_at IS NULL AND supersedes_id IS NULL AND btrim(room) <> '');
ALTER TABLE interviews ADD CONSTRAINT interviews_worker_free EXCLUDE USING gist
    (worker_id WITH =, tstzrange(scheduled_at, ends_at) WITH &&) WHERE (cancelled_at IS NULL AND recorded_at IS NULL AND supersedes_id IS NULL);

CREATE TABLE interview_rooms (
    id         bigserial   PRIMARY KEY,
    name       text        NOT NULL CHECK (btrim(name) <> ''),
    active     boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX interview_rooms_name ON interview_rooms (lower(btrim(name)));

CREATE TABLE interviewer_availability (
    id             bigserial   PRIMARY KEY,
    interviewer_id bigint      NOT NULL REFERENCES users (id),
    weekday        smallint    NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    from_minute    integer     NOT NULL CHECK (from_minute >= 0),
    to_minute      integer     NOT NULL CHECK (to_minute <= 1440),
    created_at     timestamptz NOT NULL,
    CHECK (to_minute - from_minute >= 60)
);
CREATE INDEX interviewer_availability_interviewer ON interviewer_availability (interviewer_id);

ALTER TABLE application_actions DISABLE TRIGGER application_actions_fixed;
INSERT INTO application_actions (action, needs_interview, needs_card, needs_reason) VALUES ('cancel_interview', true, false, true);
ALTER TABLE application_actions ENABLE TRIGGER application_actions_fixed;
ALTER TABLE application_transitions DISABLE TRIGGER application_transitions_fixed;
INSERT INTO application_transitions (from_status, action, to_status) VALUES ('interview_scheduled', 'cancel_interview', 'submitted');
ALTER TABLE application_transitions ENABLE TRIGGER application_transitions_fixed;

-- 5. The interview record's draft, sealed like the notes (the form's values,
--    url-encoded, under models.InterviewDraftAAD), one per interview and
--    interviewer, dropped when the record is written. Only its content and
--    time change.
CREATE TABLE interview_drafts (
    id           bigserial   PRIMARY KEY,
    interview_id bigint      NOT NULL REFERENCES interviews (id),
    author_id    bigint      NOT NULL REFERENCES users (id),
    content      bytea       NOT NULL,
    updated_at   timestamptz NOT NULL,
    UNIQUE (interview_id, author_id)
);
-- +goose StatementBegin
CREATE FUNCTION interview_drafts_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id <> OLD.id OR NEW.interview_id <> OLD.interview_id OR NEW.author_id <> OLD.author_id OR NEW.updated_at < OLD.updated_at THEN
        RAISE EXCEPTION 'a draft stays with its interview and author (UPDATE refused)' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER interview_drafts_fixed BEFORE UPDATE ON interview_drafts
    FOR EACH ROW EXECUTE FUNCTION interview_drafts_fixed();

-- 6. Letters to missions (notes verbales): numbered, kept with their
--    application with the PDF as sent; never rewritten.
CREATE TABLE letters (
    id             bigserial   PRIMARY KEY,
    application_id bigint      NOT NULL REFERENCES applications (id),
    number         text        NOT NULL UNIQUE,
    kind           text        NOT NULL CHECK (kind IN ('renewal_due', 'documents_missing', 'summons', 'card_ready', 'card_return')),
    language       text        NOT NULL CHECK (language IN ('fr', 'nl', 'de', 'en')),
    pdf            bytea       NOT NULL,
    created_by_id  bigint      NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL
);
CREATE INDEX letters_application ON letters (application_id);
-- +goose StatementBegin
CREATE FUNCTION letters_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a letter sent is kept as it was (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
-- +goose StatementEnd
CREATE TRIGGER letters_append_only BEFORE UPDATE OR DELETE ON letters
    FOR EACH ROW EXECUTE FUNCTION letters_append_only();

-- 7. Referral follow-up: each step of a referral to one partner (sent,
--    acknowledged, victim status granted or refused, closed) with its date
--    and the partner's reference, sealed like the referral's. Append-only:
--    only re-sealing the reference changes a row.
CREATE TABLE referral_followups (
    id                bigserial   PRIMARY KEY,
    worker_id         bigint      NOT NULL REFERENCES workers (id),
    partner           text        NOT NULL CHECK (partner IN ('good_offices_commission', 'nsso_ecosoc', 'police', 'pag_asa', 'payoke', 'surya')),
    status            text        NOT NULL CHECK (status IN ('sent', 'acknowledged', 'victim_status_granted', 'victim_status_refused', 'closed')),
    on_date           timestamptz NOT NULL,
    partner_reference text        NOT NULL DEFAULT '',
    recorded_by_id    bigint      NOT NULL REFERENCES users (id),
    recorded_at       timestamptz NOT NULL
);
CREATE INDEX referral_followups_worker ON referral_followups (worker_id, partner);
-- +goose StatementBegin
CREATE FUNCTION referral_followups_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (NEW.id, NEW.worker_id, NEW.partner, NEW.status, NEW.on_date, NEW.recorded_by_id, NEW.recorded_at)
        IS DISTINCT FROM (OLD.id, OLD.worker_id, OLD.partner, OLD.status, OLD.on_date, OLD.recorded_by_id, OLD.recorded_at) THEN
        RAISE EXCEPTION 'referral_followups is append-only (% refused; only re-sealing partner_reference is allowed)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER referral_followups_append_only BEFORE UPDATE OR DELETE ON referral_followups
    FOR EACH ROW EXECUTE FUNCTION referral_followups_append_only();

-- +goose Down
DROP TABLE referral_followups;
DROP FUNCTION referral_followups_append_only();
DROP TABLE letters;
DROP FUNCTION letters_append_only();
DROP TABLE interview_drafts;
DROP FUNCTION interview_drafts_fixed();
ALTER TABLE application_transitions DISABLE TRIGGER application_transitions_fixed;
DELETE FROM application_transitions WHERE action = 'cancel_interview';
ALTER TABLE application_transitions ENABLE TRIGGER application_transitions_fixed;
ALTER TABLE application_actions DISABLE TRIGGER application_actions_fixed;
DELETE FROM application_actions WHERE action = 'cancel_interview';
ALTER TABLE application_actions ENABLE TRIGGER application_actions_fixed;
DROP TABLE interviewer_availability;
DROP TABLE interview_rooms;
ALTER TABLE interviews DROP CONSTRAINT interviews_worker_free;
ALTER TABLE interviews DROP CONSTRAINT interviews_room_free;
ALTER TABLE interviews DROP CONSTRAINT interviews_interviewer_free;
DROP TRIGGER interviews_booking_defaults ON interviews;
DROP FUNCTION interviews_booking_defaults();
ALTER TABLE interviews DROP CONSTRAINT interviews_cancel_reason;
ALTER TABLE interviews DROP CONSTRAINT interviews_ends_after_start;
ALTER TABLE interviews DROP COLUMN cancel_reason;
ALTER TABLE interviews DROP COLUMN cancelled_at;
ALTER TABLE interviews DROP COLUMN worker_id;
ALTER TABLE interviews DROP COLUMN ends_at;
