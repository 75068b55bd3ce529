-- Integrity (issue 10): the database refuses what the domain refuses, on
-- every statement, and the audit trail is a hash chain.
--
-- 1. The status table of models/application.go is copied here
--    (application_actions, application_transitions; a store test and every
--    Migrate compare it with the binary's). Each application event records
--    the status it led to (status_after), and a trigger refuses an event that
--    does not follow the previous one by that table. applications.status is
--    only ever the latest event's status_after.
-- 2. An interview is created as an appointment and can be marked recorded
--    only once its application's history holds the record_interview_* event
--    naming it, by the same person (the store appends the event first); a
--    card needs its application's latest status to allow issue_card, on top
--    of 00002's interview gate. So no single INSERT or UPDATE makes a
--    scheduled interview count as cleared, or puts a card on an application
--    whose interview is not cleared.
-- 3. Cards keep what they are (application, interview, worker, number...);
--    only their status changes. Applications keep whom they are for.
-- 4. Every append-only or gate-backing table refuses TRUNCATE (00001 did it
--    for the audit trail only).
-- 5. The audit trail is hash-chained: each row carries the SHA-256 of the
--    row before it (prev_hash) and of its own canonical content (hash, see
--    carddesk_audit_hash below and app/store/audit_chain.go, which must
--    agree byte for byte). The rows already there are chained here, in id
--    order, from an empty prev_hash. audit_chain_head holds the newest row,
--    its hash and the number of rows; the store locks it (SELECT ... FOR
--    UPDATE) before each append, so concurrent writers queue instead of
--    forking the chain, and the database refuses a row that does not link to
--    the head.
--
-- What a database owner can still do: these are triggers, and the owner of
-- the tables (or a superuser) can DROP or DISABLE them, or set
-- session_replication_role = replica, then write anything. That is not
-- prevented here; it is made visible. `carddesk audit verify` walks the
-- chain and names the first row whose content no longer matches its hash,
-- the first link that no longer matches the row before it (a row deleted in
-- the middle), and a head that disagrees with the last row (rows deleted at
-- the end). An owner who rewrites the audit trail and recomputes every hash
-- after the edit is caught only against a head recorded outside the
-- database: verify prints the head, and `--expect-head ID:HASH` checks an
-- earlier one. Edits of the other tables with the triggers dropped leave no
-- audit row, so they show as records that no audit row explains, and
-- Store.CheckStatusTable refuses an altered status table the next time
-- Carddesk starts.
--
-- What no trigger can tell: someone with write access who types the
-- legitimate sequence itself (the record_interview_cleared event, then the
-- interview's record, then the card) looks to the database like Carddesk.
-- The triggers make every statement consistent with the status table, not
-- authentic; the events name their actor, and the audit trail, which that
-- writer would have to extend through the head too, says who did what.

-- +goose Up

-- 1. The status table ------------------------------------------------------

CREATE TABLE application_actions (
    action          text    PRIMARY KEY,
    needs_interview boolean NOT NULL,
    needs_card      boolean NOT NULL,
    needs_reason    boolean NOT NULL
);
INSERT INTO application_actions (action, needs_interview, needs_card, needs_reason) VALUES
    ('submit',                    false, false, false),
    ('schedule_interview',        true,  false, false),
    ('reschedule_interview',      true,  false, false),
    ('record_interview_held',     true,  false, false),
    ('record_interview_cleared',  true,  false, false),
    ('record_interview_concerns', true,  false, false),
    ('record_interview_referral', true,  false, false),
    ('release_hold',              true,  false, true),
    ('refuse',                    false, false, true),
    ('close_referred',            false, false, true),
    ('issue_card',                false, true,  false),
    ('collect',                   false, true,  false),
    ('reject',                    false, false, true),
    ('withdraw',                  false, false, true);

CREATE TABLE application_transitions (
    from_status text NOT NULL,
    action      text NOT NULL REFERENCES application_actions (action),
    to_status   text NOT NULL,
    PRIMARY KEY (from_status, action)
);
INSERT INTO application_transitions (from_status, action, to_status) VALUES
    ('draft',               'submit',                    'submitted'),
    ('draft',               'withdraw',                  'withdrawn'),
    ('submitted',           'schedule_interview',        'interview_scheduled'),
    ('submitted',           'reject',                    'rejected'),
    ('submitted',           'withdraw',                  'withdrawn'),
    ('interview_scheduled', 'reschedule_interview',      'interview_scheduled'),
    ('interview_scheduled', 'record_interview_held',     'interviewed'),
    ('interview_scheduled', 'record_interview_cleared',  'approved'),
    ('interview_scheduled', 'record_interview_concerns', 'on_hold'),
    ('interview_scheduled', 'record_interview_referral', 'on_hold'),
    ('interview_scheduled', 'reject',                    'rejected'),
    ('interview_scheduled', 'withdraw',                  'withdrawn'),
    ('interviewed',         'record_interview_cleared',  'approved'),
    ('interviewed',         'record_interview_concerns', 'on_hold'),
    ('interviewed',         'record_interview_referral', 'on_hold'),
    ('on_hold',             'record_interview_concerns', 'on_hold'),
    ('on_hold',             'record_interview_referral', 'on_hold'),
    ('on_hold',             'release_hold',              'approved'),
    ('on_hold',             'refuse',                    'refused'),
    ('on_hold',             'close_referred',            'referred'),
    ('approved',            'schedule_interview',        'interview_scheduled'),
    ('approved',            'record_interview_concerns', 'on_hold'),
    ('approved',            'record_interview_referral', 'on_hold'),
    ('approved',            'issue_card',                'card_ready'),
    ('approved',            'reject',                    'rejected'),
    ('approved',            'withdraw',                  'withdrawn'),
    ('card_ready',          'collect',                   'collected'),
    ('card_ready',          'withdraw',                  'withdrawn');

-- The copy changes only with the binary, by a migration: a row added here
-- (say, interview_scheduled --issue_card-->) would open the gate.
-- +goose StatementBegin
CREATE FUNCTION carddesk_status_table_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%: the status table changes only with Carddesk, by a migration (% refused)', TG_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
-- +goose StatementEnd
CREATE TRIGGER application_actions_fixed BEFORE INSERT OR UPDATE OR DELETE ON application_actions
    FOR EACH ROW EXECUTE FUNCTION carddesk_status_table_fixed();
CREATE TRIGGER application_actions_fixed_truncate BEFORE TRUNCATE ON application_actions
    FOR EACH STATEMENT EXECUTE FUNCTION carddesk_status_table_fixed();
CREATE TRIGGER application_transitions_fixed BEFORE INSERT OR UPDATE OR DELETE ON application_transitions
    FOR EACH ROW EXECUTE FUNCTION carddesk_status_table_fixed();
CREATE TRIGGER application_transitions_fixed_truncate BEFORE TRUNCATE ON application_transitions
    FOR EACH STATEMENT EXECUTE FUNCTION carddesk_status_table_fixed();

-- Each event records the status it led to, replayed here for the history
-- already stored. A history that breaks the table (only a manual edit can
-- cause one) stops the migration with its application named.
ALTER TABLE application_events ADD COLUMN status_after text;
ALTER TABLE application_events DISABLE TRIGGER application_events_append_only;
WITH RECURSIVE replay (id, application_id, seq, status) AS (
    SELECT e.id, e.application_id, e.seq, t.to_status
    FROM application_events e
    LEFT JOIN application_transitions t ON t.from_status = 'draft' AND t.action = e.action
    WHERE e.seq = 1
    UNION ALL
    SELECT e.id, e.application_id, e.seq, t.to_status
    FROM replay r
    JOIN application_events e ON e.application_id = r.application_id AND e.seq = r.seq + 1
    LEFT JOIN application_transitions t ON t.from_status = r.status AND t.action = e.action
    WHERE r.status IS NOT NULL
)
UPDATE application_events e SET status_after = r.status FROM replay r WHERE r.id = e.id;
ALTER TABLE application_events ENABLE TRIGGER application_events_append_only;
-- +goose StatementBegin
DO $$
DECLARE
    bad record;
BEGIN
    SELECT application_id, seq, action INTO bad FROM application_events
        WHERE status_after IS NULL ORDER BY application_id, seq LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the history of application % breaks the status table at event % (%): repair it before migrating',
            bad.application_id, bad.seq, bad.action;
    END IF;
    SELECT a.id, a.status, coalesce(l.status_after, 'draft') AS latest INTO bad
        FROM applications a
        LEFT JOIN LATERAL (SELECT status_after FROM application_events e WHERE e.application_id = a.id
                           ORDER BY seq DESC LIMIT 1) l ON true
        WHERE a.status IS DISTINCT FROM coalesce(l.status_after, 'draft') ORDER BY a.id LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'application % has status % but its history leads to %: repair it before migrating',
            bad.id, bad.status, bad.latest;
    END IF;
END
$$;
-- +goose StatementEnd
ALTER TABLE application_events ALTER COLUMN status_after SET NOT NULL;
ALTER TABLE application_events ADD CONSTRAINT application_events_action_known
    FOREIGN KEY (action) REFERENCES application_actions (action);

-- An event follows the previous one of its application by the table.
-- +goose StatementBegin
CREATE FUNCTION application_events_follow_status_table() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    prev_seq    integer;
    prev_status text;
    next_status text;
    act         application_actions%ROWTYPE;
BEGIN
    SELECT seq, status_after INTO prev_seq, prev_status FROM application_events
        WHERE application_id = NEW.application_id ORDER BY seq DESC LIMIT 1;
    IF NOT FOUND THEN
        prev_seq := 0;
        prev_status := 'draft';
    END IF;
    IF NEW.seq IS DISTINCT FROM prev_seq + 1 THEN
        RAISE EXCEPTION 'application_events_follow_status_table: application % has % events, so the next is number %, not % (INSERT refused)',
            NEW.application_id, prev_seq, prev_seq + 1, NEW.seq USING ERRCODE = 'check_violation';
    END IF;
    SELECT * INTO act FROM application_actions WHERE action = NEW.action;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'application_events_follow_status_table: % is not an action (INSERT refused)', NEW.action
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT to_status INTO next_status FROM application_transitions WHERE from_status = prev_status AND action = NEW.action;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'application_events_follow_status_table: application % is %, which does not allow % (INSERT refused)',
            NEW.application_id, prev_status, NEW.action USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status_after IS DISTINCT FROM next_status THEN
        RAISE EXCEPTION 'application_events_follow_status_table: % leads application % from % to %, not to % (INSERT refused)',
            NEW.action, NEW.application_id, prev_status, next_status, NEW.status_after USING ERRCODE = 'check_violation';
    END IF;
    IF (act.needs_interview AND NEW.interview_id IS NULL) OR (act.needs_card AND NEW.card_id IS NULL)
       OR (act.needs_reason AND btrim(NEW.reason) = '') THEN
        RAISE EXCEPTION 'application_events_follow_status_table: % must name its interview, its card or its reason (INSERT refused)', NEW.action
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.interview_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM interviews WHERE id = NEW.interview_id AND application_id = NEW.application_id) THEN
        RAISE EXCEPTION 'application_events_follow_status_table: interview % is not one of application % (INSERT refused)',
            NEW.interview_id, NEW.application_id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.card_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM cards WHERE id = NEW.card_id AND application_id = NEW.application_id) THEN
        RAISE EXCEPTION 'application_events_follow_status_table: card % is not the card of application % (INSERT refused)',
            NEW.card_id, NEW.application_id USING ERRCODE = 'check_violation';
    END IF;
    -- A record comes before the interview is marked recorded, and once: an
    -- old recorded interview cannot be named again to move the status on.
    IF NEW.action IN ('record_interview_held', 'record_interview_cleared', 'record_interview_concerns', 'record_interview_referral')
       AND EXISTS (SELECT 1 FROM interviews WHERE id = NEW.interview_id AND recorded_at IS NOT NULL) THEN
        RAISE EXCEPTION 'application_events_follow_status_table: interview % is recorded already (INSERT refused)', NEW.interview_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER application_events_follow_status_table BEFORE INSERT ON application_events
    FOR EACH ROW EXECUTE FUNCTION application_events_follow_status_table();

-- The cached status is the latest event's, nothing else.
-- +goose StatementBegin
CREATE FUNCTION applications_status_follows_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    latest text;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NEW;
    END IF;
    SELECT status_after INTO latest FROM application_events WHERE application_id = NEW.id ORDER BY seq DESC LIMIT 1;
    latest := coalesce(latest, 'draft');
    IF NEW.status IS DISTINCT FROM latest THEN
        RAISE EXCEPTION 'applications_status_follows_history: application % is % by its history, so its status cannot be % (% refused)',
            NEW.id, latest, NEW.status, TG_OP USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER applications_status_follows_history BEFORE INSERT OR UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_status_follows_history();

-- An application is for one worker, employer and employment, for good: a
-- cleared interview cannot be carried over to another worker by moving its
-- application. The cap exception is granted once, before submission.
-- +goose StatementBegin
CREATE FUNCTION applications_identity_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'applications_identity_fixed: application % is never deleted; it is rejected or withdrawn (DELETE refused)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.id, NEW.kind, NEW.worker_id, NEW.employer_id, NEW.employment_id, NEW.replaces_card_id, NEW.created_by_id, NEW.created_at)
       IS DISTINCT FROM (OLD.id, OLD.kind, OLD.worker_id, OLD.employer_id, OLD.employment_id, OLD.replaces_card_id, OLD.created_by_id, OLD.created_at) THEN
        RAISE EXCEPTION 'applications_identity_fixed: whom and what application % is for never changes (UPDATE refused)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.cap_exception_reason, NEW.cap_exception_by_id) IS DISTINCT FROM (OLD.cap_exception_reason, OLD.cap_exception_by_id)
       AND (OLD.cap_exception_reason <> '' OR EXISTS (SELECT 1 FROM application_events WHERE application_id = OLD.id)) THEN
        RAISE EXCEPTION 'applications_identity_fixed: the cap exception of application % is granted once, before submission (UPDATE refused)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER applications_identity_fixed BEFORE UPDATE OR DELETE ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_identity_fixed();

-- 2. Interviews are recorded through the history ------------------------------

-- A recorded interview is refused any change by 00002's
-- interviews_recorded_immutable, which fires first (trigger names sort).
-- +goose StatementBegin
CREATE FUNCTION interviews_recorded_through_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    expected text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.recorded_at IS NOT NULL OR NEW.recorded_by_id IS NOT NULL OR NEW.held_at IS NOT NULL OR NEW.outcome <> '' THEN
            RAISE EXCEPTION 'interviews_recorded_through_history: an interview is created as an appointment and recorded afterwards, through its application''s history (INSERT refused)'
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.supersedes_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM interviews s WHERE s.id = NEW.supersedes_id AND s.application_id = NEW.application_id AND s.recorded_at IS NOT NULL) THEN
            RAISE EXCEPTION 'interviews_recorded_through_history: a correction supersedes a recorded interview of the same application (INSERT refused)'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.id, NEW.application_id, NEW.interviewer_id, NEW.scheduled_at, NEW.room, NEW.scheduled_by_id,
        NEW.supersedes_id, NEW.correction_reason, NEW.created_at)
       IS DISTINCT FROM (OLD.id, OLD.application_id, OLD.interviewer_id, OLD.scheduled_at, OLD.room, OLD.scheduled_by_id,
        OLD.supersedes_id, OLD.correction_reason, OLD.created_at) THEN
        RAISE EXCEPTION 'interviews_recorded_through_history: the appointment of interview % is fixed; book a new one (UPDATE refused)', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.recorded_at IS NULL THEN
        RETURN NEW;
    END IF;
    expected := CASE NEW.outcome WHEN '' THEN 'record_interview_held' ELSE 'record_interview_' || NEW.outcome END;
    IF EXISTS (SELECT 1 FROM application_events e
               WHERE e.application_id = NEW.application_id AND e.interview_id = NEW.id
                 AND e.action = expected AND e.actor_id = NEW.recorded_by_id) THEN
        RETURN NEW;
    END IF;
    -- A correction that keeps a clearance leaves the status as it is, so no
    -- event names it; it still needs the clearance it corrects.
    IF NEW.supersedes_id IS NOT NULL AND NEW.outcome = 'cleared' AND EXISTS (
        SELECT 1 FROM interviews s WHERE s.id = NEW.supersedes_id AND s.application_id = NEW.application_id
          AND s.outcome = 'cleared' AND s.recorded_at IS NOT NULL) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'interviews_recorded_through_history: interview % can be recorded only after its application''s history records it (% by the same person; UPDATE refused)',
        NEW.id, expected USING ERRCODE = 'check_violation';
END
$$;
-- +goose StatementEnd
CREATE TRIGGER interviews_recorded_through_history BEFORE INSERT OR UPDATE ON interviews
    FOR EACH ROW EXECUTE FUNCTION interviews_recorded_through_history();

-- 3. Cards -------------------------------------------------------------------

-- The gate of 00002, with the application's status and parties: a card needs
-- a status that allows issue_card, is for the application's worker and
-- employer, starts ready for collection, and its interview is completed,
-- private, held and recorded by others than the issuer, current, and
-- cleared or released (by someone other than who held or recorded it, after
-- its last concern).
DROP TRIGGER cards_require_interview ON cards;
DROP FUNCTION cards_require_interview();
-- +goose StatementBegin
CREATE FUNCTION cards_issue_gate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    latest text;
    app    applications%ROWTYPE;
BEGIN
    SELECT status_after INTO latest FROM application_events WHERE application_id = NEW.application_id ORDER BY seq DESC LIMIT 1;
    latest := coalesce(latest, 'draft');
    IF NOT EXISTS (SELECT 1 FROM application_transitions WHERE from_status = latest AND action = 'issue_card') THEN
        RAISE EXCEPTION 'cards_issue_gate: card for application % refused: the application is %, and only a cleared application gets a card',
            NEW.application_id, latest USING ERRCODE = 'check_violation';
    END IF;
    SELECT * INTO app FROM applications WHERE id = NEW.application_id;
    IF NEW.worker_id IS DISTINCT FROM app.worker_id OR NEW.employer_id IS DISTINCT FROM app.employer_id
       OR NEW.replaces_card_id IS DISTINCT FROM app.replaces_card_id THEN
        RAISE EXCEPTION 'cards_issue_gate: card for application % refused: a card is for its application''s worker and employer',
            NEW.application_id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status <> 'ready_for_collection' OR NEW.collected_at IS NOT NULL THEN
        RAISE EXCEPTION 'cards_issue_gate: card for application % refused: a card is issued ready for collection', NEW.application_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM interviews i
        WHERE i.id = NEW.interview_id AND i.application_id = NEW.application_id
          AND i.held_at IS NOT NULL AND i.recorded_by_id IS NOT NULL AND i.recorded_at IS NOT NULL AND i.employer_absent
          AND i.interviewer_id <> NEW.issued_by_id AND i.recorded_by_id <> NEW.issued_by_id
          AND NOT EXISTS (SELECT 1 FROM interviews s WHERE s.supersedes_id = i.id)
          AND (i.outcome = 'cleared' OR EXISTS (
                SELECT 1 FROM application_events e
                WHERE e.application_id = NEW.application_id AND e.interview_id = i.id AND e.action = 'release_hold'
                  AND e.actor_id <> i.interviewer_id AND e.actor_id <> i.recorded_by_id
                  AND e.seq > coalesce((SELECT max(x.seq) FROM application_events x
                                        WHERE x.application_id = NEW.application_id AND x.interview_id = i.id
                                          AND x.action IN ('record_interview_concerns', 'record_interview_referral')), 0)))
    ) THEN
        RAISE EXCEPTION 'cards_issue_gate: card for application % refused: no completed private interview of that application clears it',
            NEW.application_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER cards_issue_gate BEFORE INSERT ON cards
    FOR EACH ROW EXECUTE FUNCTION cards_issue_gate();

-- A card is what it was issued as; its status (and, once, its collection)
-- is what changes.
-- +goose StatementBegin
CREATE FUNCTION cards_identity_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'cards_identity_fixed: card % is never deleted; record its return or cancellation (DELETE refused)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.id, NEW.number, NEW.sequence, NEW.application_id, NEW.interview_id, NEW.worker_id, NEW.employer_id,
        NEW.replaces_card_id, NEW.issued_at, NEW.issued_by_id, NEW.expires_on, NEW.created_at)
       IS DISTINCT FROM (OLD.id, OLD.number, OLD.sequence, OLD.application_id, OLD.interview_id, OLD.worker_id, OLD.employer_id,
        OLD.replaces_card_id, OLD.issued_at, OLD.issued_by_id, OLD.expires_on, OLD.created_at) THEN
        RAISE EXCEPTION 'cards_identity_fixed: card % keeps its number, application, interview, worker, employer and validity; only its status changes (UPDATE refused)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.collected_at IS NOT NULL AND (NEW.collected_at, NEW.collected_by_clerk_id, NEW.identity_document_kind,
        NEW.identity_document_number, NEW.collected_by_worker_in_person)
       IS DISTINCT FROM (OLD.collected_at, OLD.collected_by_clerk_id, OLD.identity_document_kind,
        OLD.identity_document_number, OLD.collected_by_worker_in_person) THEN
        RAISE EXCEPTION 'cards_identity_fixed: the collection of card % is recorded once (UPDATE refused)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER cards_identity_fixed BEFORE UPDATE OR DELETE ON cards
    FOR EACH ROW EXECUTE FUNCTION cards_identity_fixed();

-- 4. No TRUNCATE -------------------------------------------------------------

-- +goose StatementBegin
CREATE FUNCTION carddesk_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%: % is kept for good (TRUNCATE refused)', TG_NAME, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
-- +goose StatementEnd
CREATE TRIGGER applications_no_truncate BEFORE TRUNCATE ON applications FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();
CREATE TRIGGER application_events_no_truncate BEFORE TRUNCATE ON application_events FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();
CREATE TRIGGER interviews_no_truncate BEFORE TRUNCATE ON interviews FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();
CREATE TRIGGER interview_checklist_answers_no_truncate BEFORE TRUNCATE ON interview_checklist_answers FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();
CREATE TRIGGER interview_indicator_answers_no_truncate BEFORE TRUNCATE ON interview_indicator_answers FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();
CREATE TRIGGER referrals_no_truncate BEFORE TRUNCATE ON referrals FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();
CREATE TRIGGER signals_no_truncate BEFORE TRUNCATE ON signals FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();
CREATE TRIGGER indicator_observations_no_truncate BEFORE TRUNCATE ON indicator_observations FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();
CREATE TRIGGER scale_versions_no_truncate BEFORE TRUNCATE ON scale_versions FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();
CREATE TRIGGER contracts_no_truncate BEFORE TRUNCATE ON contracts FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();
CREATE TRIGGER employer_restrictions_no_truncate BEFORE TRUNCATE ON employer_restrictions FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();
CREATE TRIGGER cards_no_truncate BEFORE TRUNCATE ON cards FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();

-- 5. The audit chain -----------------------------------------------------------

-- The canonical encoding, as app/store/audit_chain.go computes it: the
-- version line, then each field as its length in bytes, a colon, the field
-- and a newline; the time in UTC to the microsecond; a missing actor as an
-- empty field. The SHA-256 in lower-case hex.
-- +goose StatementBegin
CREATE FUNCTION carddesk_audit_hash(prev_hash text, at timestamptz, actor_id bigint, actor_email text, action text,
    record_type text, record_id text, request_id text, ip text, via text, summary text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to('carddesk-audit-v1' || chr(10) ||
        string_agg(octet_length(convert_to(f, 'UTF8')) || ':' || f || chr(10), '' ORDER BY n), 'UTF8')), 'hex')
    FROM unnest(ARRAY[coalesce(prev_hash, ''), to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        coalesce(actor_id::text, ''), actor_email, action, record_type, record_id, request_id, ip, via, summary])
        WITH ORDINALITY AS u (f, n)
$$;
-- +goose StatementEnd

ALTER TABLE audit_events ADD COLUMN prev_hash text;
ALTER TABLE audit_events ADD COLUMN hash text;
ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete;
-- +goose StatementBegin
DO $$
DECLARE
    r    record;
    prev text := '';
    h    text;
BEGIN
    FOR r IN SELECT * FROM audit_events ORDER BY id LOOP
        h := carddesk_audit_hash(prev, r.at, r.actor_id, r.actor_email, r.action, r.record_type, r.record_id,
                                 r.request_id, r.ip, r.via, r.summary);
        UPDATE audit_events SET prev_hash = prev, hash = h WHERE id = r.id;
        prev := h;
    END LOOP;
END
$$;
-- +goose StatementEnd
ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete;
ALTER TABLE audit_events ALTER COLUMN prev_hash SET NOT NULL;
ALTER TABLE audit_events ALTER COLUMN hash SET NOT NULL;
ALTER TABLE audit_events ADD CONSTRAINT audit_events_hash_sha256 CHECK (length(hash) = 64);

CREATE TABLE audit_chain_head (
    id        integer PRIMARY KEY CHECK (id = 1),
    last_id   bigint  NOT NULL,
    last_hash text    NOT NULL,
    row_count bigint  NOT NULL
);
INSERT INTO audit_chain_head (id, last_id, last_hash, row_count)
SELECT 1, coalesce(max(id), 0), coalesce((SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1), ''), count(*)
FROM audit_events;

-- A new row links to the head...
-- +goose StatementBegin
CREATE FUNCTION audit_events_chain_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.hash IS NULL OR length(NEW.hash) <> 64
       OR NEW.prev_hash IS DISTINCT FROM (SELECT last_hash FROM audit_chain_head WHERE id = 1) THEN
        RAISE EXCEPTION 'audit_events_chain_link: an audit row carries the hash of the chain head before it and its own (INSERT refused)'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_events_chain_link BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_chain_link();

-- ...and becomes the head; a second writer that read the same head finds it
-- moved and fails rather than forking the chain.
-- +goose StatementBegin
CREATE FUNCTION audit_events_chain_advance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash, row_count = row_count + 1
        WHERE id = 1 AND last_hash = NEW.prev_hash;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'audit_events_chain_advance: audit row % does not follow the chain head: the chain would fork (INSERT refused)', NEW.id
            USING ERRCODE = 'serialization_failure';
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_events_chain_advance AFTER INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_chain_advance();

-- The head moves only to the row just appended after it.
-- +goose StatementBegin
CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'audit_chain_head_guard: the audit chain head is one row, moved by the audit trail itself (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.id <> 1 OR NEW.row_count <> OLD.row_count + 1
       OR NEW.last_id IS DISTINCT FROM (SELECT max(id) FROM audit_events)
       OR NOT EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.last_id AND hash = NEW.last_hash AND prev_hash = OLD.last_hash) THEN
        RAISE EXCEPTION 'audit_chain_head_guard: the audit chain head moves only to the row appended after it (UPDATE refused)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_chain_head_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_chain_head
    FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard();
CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
    FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();

-- +goose Down
DROP TABLE audit_chain_head;
DROP TRIGGER audit_events_chain_advance ON audit_events;
DROP TRIGGER audit_events_chain_link ON audit_events;
DROP FUNCTION audit_chain_head_guard();
DROP FUNCTION audit_events_chain_advance();
DROP FUNCTION audit_events_chain_link();
ALTER TABLE audit_events DROP CONSTRAINT audit_events_hash_sha256;
ALTER TABLE audit_events DROP COLUMN hash;
ALTER TABLE audit_events DROP COLUMN prev_hash;
DROP FUNCTION carddesk_audit_hash(text, timestamptz, bigint, text, text, text, text, text, text, text, text);

DROP TRIGGER applications_no_truncate ON applications;
DROP TRIGGER application_events_no_truncate ON application_events;
DROP TRIGGER interviews_no_truncate ON interviews;
DROP TRIGGER interview_checklist_answers_no_truncate ON interview_checklist_answers;
DROP TRIGGER interview_indicator_answers_no_truncate ON interview_indicator_answers;
DROP TRIGGER referrals_no_truncate ON referrals;
DROP TRIGGER signals_no_truncate ON signals;
DROP TRIGGER indicator_observations_no_truncate ON indicator_observations;
DROP TRIGGER scale_versions_no_truncate ON scale_versions;
DROP TRIGGER contracts_no_truncate ON contracts;
DROP TRIGGER employer_restrictions_no_truncate ON employer_restrictions;
DROP TRIGGER cards_no_truncate ON cards;
DROP FUNCTION carddesk_no_truncate();

DROP TRIGGER cards_identity_fixed ON cards;
DROP FUNCTION cards_identity_fixed();
DROP TRIGGER cards_issue_gate ON cards;
DROP FUNCTION cards_issue_gate();
-- 00002's gate, as it was
-- +goose StatementBegin
CREATE FUNCTION cards_require_interview() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM interviews i
        WHERE i.id = NEW.interview_id AND i.application_id = NEW.application_id
          AND i.held_at IS NOT NULL AND i.recorded_by_id IS NOT NULL AND i.employer_absent
          AND i.interviewer_id <> NEW.issued_by_id AND i.recorded_by_id <> NEW.issued_by_id
          AND NOT EXISTS (SELECT 1 FROM interviews s WHERE s.supersedes_id = i.id)
          AND (i.outcome = 'cleared' OR EXISTS (
                SELECT 1 FROM application_events e
                WHERE e.application_id = NEW.application_id AND e.interview_id = i.id AND e.action = 'release_hold'))
    ) THEN
        RAISE EXCEPTION 'card for application % refused: no completed private interview of that application clears it', NEW.application_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER cards_require_interview BEFORE INSERT ON cards
    FOR EACH ROW EXECUTE FUNCTION cards_require_interview();

DROP TRIGGER interviews_recorded_through_history ON interviews;
DROP FUNCTION interviews_recorded_through_history();
DROP TRIGGER applications_identity_fixed ON applications;
DROP FUNCTION applications_identity_fixed();
DROP TRIGGER applications_status_follows_history ON applications;
DROP FUNCTION applications_status_follows_history();
DROP TRIGGER application_events_follow_status_table ON application_events;
DROP FUNCTION application_events_follow_status_table();
ALTER TABLE application_events DROP CONSTRAINT application_events_action_known;
ALTER TABLE application_events DROP COLUMN status_after;
DROP TABLE application_transitions;
DROP TABLE application_actions;
DROP FUNCTION carddesk_status_table_fixed();
