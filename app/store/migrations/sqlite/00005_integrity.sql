-- SQLite dialect of postgres/00005_integrity.sql, whose header explains the
-- design and what a database owner can still do. Differences here:
--
-- * REPLACE. SQLite's INSERT OR REPLACE (and REPLACE INTO) deletes a row
--   that conflicts on a unique key without firing DELETE triggers (unless
--   recursive_triggers is on, which no sqlite3 shell turns on), so an
--   append-only row could be rewritten. Every guarded table therefore has a
--   BEFORE INSERT guard refusing a row whose key (primary or unique) is
--   taken; it fires before the conflict is resolved, so REPLACE and
--   INSERT ... ON CONFLICT DO UPDATE are both refused. (A plain INSERT with
--   a taken key gets the guard's message instead of "UNIQUE constraint
--   failed".)
-- * No TRUNCATE: SQLite has none; DELETE without WHERE fires the DELETE
--   triggers like any DELETE.
-- * RAISE messages are literals, so older sqlite3 shells still read the
--   schema; they start with the guard's name.
-- * SHA-256 is not built into SQLite: chaining the existing audit rows calls
--   carddesk_audit_hash, a function app/store/audit_chain.go registers with
--   the driver (the same Go code hashes every new row). Only this migration
--   needs it: a sqlite3 shell reads and writes the database as before, and
--   `carddesk audit verify` checks the chain.
-- * The database file is created with mode 0600 (store.Open); a database
--   owner here is whoever can write that file.

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

-- +goose StatementBegin
CREATE TRIGGER application_actions_fixed_insert BEFORE INSERT ON application_actions
BEGIN
    SELECT RAISE(ABORT, 'application_actions_fixed: the status table changes only with Carddesk, by a migration (INSERT refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER application_actions_fixed_update BEFORE UPDATE ON application_actions
BEGIN
    SELECT RAISE(ABORT, 'application_actions_fixed: the status table changes only with Carddesk, by a migration (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER application_actions_fixed_delete BEFORE DELETE ON application_actions
BEGIN
    SELECT RAISE(ABORT, 'application_actions_fixed: the status table changes only with Carddesk, by a migration (DELETE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER application_transitions_fixed_insert BEFORE INSERT ON application_transitions
BEGIN
    SELECT RAISE(ABORT, 'application_transitions_fixed: the status table changes only with Carddesk, by a migration (INSERT refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER application_transitions_fixed_update BEFORE UPDATE ON application_transitions
BEGIN
    SELECT RAISE(ABORT, 'application_transitions_fixed: the status table changes only with Carddesk, by a migration (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER application_transitions_fixed_delete BEFORE DELETE ON application_transitions
BEGIN
    SELECT RAISE(ABORT, 'application_transitions_fixed: the status table changes only with Carddesk, by a migration (DELETE refused)');
END;
-- +goose StatementEnd

-- Each event records the status it led to, replayed for the history already
-- stored; a history that breaks the table stops the migration.
ALTER TABLE application_events ADD COLUMN status_after text NOT NULL DEFAULT '';
DROP TRIGGER application_events_no_update;
CREATE TEMP TABLE application_events_replay AS
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
SELECT id, status FROM replay WHERE status IS NOT NULL;
UPDATE application_events SET status_after = r.status FROM application_events_replay r WHERE r.id = application_events.id;
DROP TABLE application_events_replay;
-- +goose StatementBegin
CREATE TRIGGER application_events_no_update BEFORE UPDATE ON application_events
BEGIN
    SELECT RAISE(ABORT, 'application_events is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
CREATE TEMP TABLE carddesk_migration_check (
    problem text CONSTRAINT "an application's history breaks the status table, or its status is not the one its history leads to: repair it before migrating"
        CHECK (problem IS NULL)
);
INSERT INTO carddesk_migration_check (problem)
SELECT 'application ' || application_id || ' event ' || seq FROM application_events WHERE status_after = ''
UNION ALL
SELECT 'application ' || a.id FROM applications a
WHERE a.status IS NOT coalesce((SELECT e.status_after FROM application_events e WHERE e.application_id = a.id ORDER BY e.seq DESC LIMIT 1), 'draft');
DROP TABLE carddesk_migration_check;

-- An event follows the previous one of its application by the table.
-- +goose StatementBegin
CREATE TRIGGER application_events_follow_status_table BEFORE INSERT ON application_events
BEGIN
    SELECT CASE
        WHEN EXISTS (SELECT 1 FROM application_events WHERE id = NEW.id OR (application_id = NEW.application_id AND seq = NEW.seq))
            THEN RAISE(ABORT, 'application_events_follow_status_table: that event exists already; the history is append-only (INSERT OR REPLACE refused)')
        WHEN NEW.seq IS NOT coalesce((SELECT max(seq) FROM application_events WHERE application_id = NEW.application_id), 0) + 1
            THEN RAISE(ABORT, 'application_events_follow_status_table: an event is the next one of its application''s history (INSERT refused)')
        WHEN NOT EXISTS (SELECT 1 FROM application_actions WHERE action = NEW.action)
            THEN RAISE(ABORT, 'application_events_follow_status_table: not an action (INSERT refused)')
        WHEN NEW.status_after IS NOT (
            SELECT t.to_status FROM application_transitions t
            WHERE t.action = NEW.action AND t.from_status = coalesce((
                SELECT status_after FROM application_events WHERE application_id = NEW.application_id ORDER BY seq DESC LIMIT 1), 'draft'))
            THEN RAISE(ABORT, 'application_events_follow_status_table: the application''s status does not allow this action, or status_after is not where it leads (INSERT refused)')
        WHEN EXISTS (SELECT 1 FROM application_actions a WHERE a.action = NEW.action AND (
                (a.needs_interview AND NEW.interview_id IS NULL) OR (a.needs_card AND NEW.card_id IS NULL)
                OR (a.needs_reason AND trim(NEW.reason) = '')))
            THEN RAISE(ABORT, 'application_events_follow_status_table: the action must name its interview, its card or its reason (INSERT refused)')
        WHEN NEW.interview_id IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM interviews WHERE id = NEW.interview_id AND application_id = NEW.application_id)
            THEN RAISE(ABORT, 'application_events_follow_status_table: the interview is not one of this application (INSERT refused)')
        WHEN NEW.card_id IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM cards WHERE id = NEW.card_id AND application_id = NEW.application_id)
            THEN RAISE(ABORT, 'application_events_follow_status_table: the card is not the card of this application (INSERT refused)')
        WHEN NEW.action IN ('record_interview_held', 'record_interview_cleared', 'record_interview_concerns', 'record_interview_referral')
             AND EXISTS (SELECT 1 FROM interviews WHERE id = NEW.interview_id AND recorded_at IS NOT NULL)
            THEN RAISE(ABORT, 'application_events_follow_status_table: the interview is recorded already (INSERT refused)')
    END;
END;
-- +goose StatementEnd

-- The cached status is the latest event's, nothing else.
-- +goose StatementBegin
CREATE TRIGGER applications_status_follows_history_insert BEFORE INSERT ON applications
BEGIN
    SELECT CASE
        WHEN EXISTS (SELECT 1 FROM applications WHERE id = NEW.id)
            THEN RAISE(ABORT, 'applications_identity_fixed: that application exists already (INSERT OR REPLACE refused)')
        WHEN NEW.status IS NOT coalesce((
            SELECT status_after FROM application_events WHERE application_id = NEW.id ORDER BY seq DESC LIMIT 1), 'draft')
            THEN RAISE(ABORT, 'applications_status_follows_history: an application''s status is the one its latest event led to (INSERT refused)')
    END;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER applications_status_follows_history BEFORE UPDATE OF status ON applications
WHEN NEW.status IS NOT coalesce((
    SELECT status_after FROM application_events WHERE application_id = NEW.id ORDER BY seq DESC LIMIT 1), 'draft')
BEGIN
    SELECT RAISE(ABORT, 'applications_status_follows_history: an application''s status is the one its latest event led to (UPDATE refused)');
END;
-- +goose StatementEnd

-- An application is for one worker, employer and employment, for good; the
-- cap exception is granted once, before submission.
-- +goose StatementBegin
CREATE TRIGGER applications_identity_fixed BEFORE UPDATE ON applications
WHEN NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind OR NEW.worker_id IS NOT OLD.worker_id
  OR NEW.employer_id IS NOT OLD.employer_id OR NEW.employment_id IS NOT OLD.employment_id
  OR NEW.replaces_card_id IS NOT OLD.replaces_card_id OR NEW.created_by_id IS NOT OLD.created_by_id
  OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'applications_identity_fixed: whom and what an application is for never changes (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER applications_cap_exception_once BEFORE UPDATE OF cap_exception_reason, cap_exception_by_id ON applications
WHEN (NEW.cap_exception_reason IS NOT OLD.cap_exception_reason OR NEW.cap_exception_by_id IS NOT OLD.cap_exception_by_id)
  AND (OLD.cap_exception_reason <> '' OR EXISTS (SELECT 1 FROM application_events WHERE application_id = OLD.id))
BEGIN
    SELECT RAISE(ABORT, 'applications_identity_fixed: the cap exception is granted once, before submission (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER applications_no_delete BEFORE DELETE ON applications
BEGIN
    SELECT RAISE(ABORT, 'applications_identity_fixed: an application is never deleted; it is rejected or withdrawn (DELETE refused)');
END;
-- +goose StatementEnd

-- 2. Interviews are recorded through the history ------------------------------

-- +goose StatementBegin
CREATE TRIGGER interviews_recorded_through_history_insert BEFORE INSERT ON interviews
BEGIN
    SELECT CASE
        WHEN EXISTS (SELECT 1 FROM interviews WHERE id = NEW.id OR (NEW.supersedes_id IS NOT NULL AND supersedes_id = NEW.supersedes_id))
            THEN RAISE(ABORT, 'interviews_recorded_through_history: that interview exists already (INSERT OR REPLACE refused)')
        WHEN NEW.recorded_at IS NOT NULL OR NEW.recorded_by_id IS NOT NULL OR NEW.held_at IS NOT NULL OR NEW.outcome <> ''
            THEN RAISE(ABORT, 'interviews_recorded_through_history: an interview is created as an appointment and recorded afterwards, through its application''s history (INSERT refused)')
        WHEN NEW.supersedes_id IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM interviews s WHERE s.id = NEW.supersedes_id AND s.application_id = NEW.application_id AND s.recorded_at IS NOT NULL)
            THEN RAISE(ABORT, 'interviews_recorded_through_history: a correction supersedes a recorded interview of the same application (INSERT refused)')
    END;
END;
-- +goose StatementEnd
-- A recorded interview is refused any change by 00002's
-- interviews_recorded_no_update; this one speaks for the unrecorded.
-- +goose StatementBegin
CREATE TRIGGER interviews_recorded_through_history BEFORE UPDATE ON interviews
WHEN OLD.recorded_at IS NULL
BEGIN
    SELECT CASE
        WHEN NEW.id IS NOT OLD.id OR NEW.application_id IS NOT OLD.application_id OR NEW.interviewer_id IS NOT OLD.interviewer_id
          OR NEW.scheduled_at IS NOT OLD.scheduled_at OR NEW.room IS NOT OLD.room OR NEW.scheduled_by_id IS NOT OLD.scheduled_by_id
          OR NEW.supersedes_id IS NOT OLD.supersedes_id OR NEW.correction_reason IS NOT OLD.correction_reason
          OR NEW.created_at IS NOT OLD.created_at
            THEN RAISE(ABORT, 'interviews_recorded_through_history: the appointment of an interview is fixed; book a new one (UPDATE refused)')
        WHEN NEW.recorded_at IS NOT NULL
          AND NOT EXISTS (
            SELECT 1 FROM application_events e
            WHERE e.application_id = NEW.application_id AND e.interview_id = NEW.id AND e.actor_id = NEW.recorded_by_id
              AND e.action = CASE NEW.outcome WHEN '' THEN 'record_interview_held' ELSE 'record_interview_' || NEW.outcome END)
          -- a correction that keeps a clearance leaves the status as it is
          AND NOT (NEW.supersedes_id IS NOT NULL AND NEW.outcome = 'cleared' AND EXISTS (
            SELECT 1 FROM interviews s WHERE s.id = NEW.supersedes_id AND s.application_id = NEW.application_id
              AND s.outcome = 'cleared' AND s.recorded_at IS NOT NULL))
            THEN RAISE(ABORT, 'interviews_recorded_through_history: an interview can be recorded only after its application''s history records it, by the same person (UPDATE refused)')
    END;
END;
-- +goose StatementEnd

-- 3. Cards -------------------------------------------------------------------

DROP TRIGGER cards_require_interview;
-- +goose StatementBegin
CREATE TRIGGER cards_issue_gate BEFORE INSERT ON cards
BEGIN
    SELECT CASE
        WHEN EXISTS (SELECT 1 FROM cards WHERE id = NEW.id OR number = NEW.number OR sequence = NEW.sequence OR application_id = NEW.application_id)
            THEN RAISE(ABORT, 'cards_issue_gate: that card, its number or a card of its application exists already (INSERT OR REPLACE refused)')
        WHEN NOT EXISTS (
            SELECT 1 FROM application_transitions
            WHERE action = 'issue_card' AND from_status = coalesce((
                SELECT status_after FROM application_events WHERE application_id = NEW.application_id ORDER BY seq DESC LIMIT 1), 'draft'))
            THEN RAISE(ABORT, 'cards_issue_gate: card refused: the application''s status does not allow it; only a cleared application gets a card')
        WHEN NOT EXISTS (
            SELECT 1 FROM applications a
            WHERE a.id = NEW.application_id AND a.worker_id = NEW.worker_id AND a.employer_id = NEW.employer_id
              AND a.replaces_card_id IS NEW.replaces_card_id)
            THEN RAISE(ABORT, 'cards_issue_gate: card refused: a card is for its application''s worker and employer')
        WHEN NEW.status <> 'ready_for_collection' OR NEW.collected_at IS NOT NULL
            THEN RAISE(ABORT, 'cards_issue_gate: card refused: a card is issued ready for collection')
        WHEN NOT EXISTS (
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
                                              AND x.action IN ('record_interview_concerns', 'record_interview_referral')), 0))))
            THEN RAISE(ABORT, 'cards_issue_gate: card refused: no completed private interview of that application clears it')
    END;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER cards_identity_fixed BEFORE UPDATE ON cards
WHEN NEW.id IS NOT OLD.id OR NEW.number IS NOT OLD.number OR NEW.sequence IS NOT OLD.sequence
  OR NEW.application_id IS NOT OLD.application_id OR NEW.interview_id IS NOT OLD.interview_id
  OR NEW.worker_id IS NOT OLD.worker_id OR NEW.employer_id IS NOT OLD.employer_id
  OR NEW.replaces_card_id IS NOT OLD.replaces_card_id OR NEW.issued_at IS NOT OLD.issued_at
  OR NEW.issued_by_id IS NOT OLD.issued_by_id OR NEW.expires_on IS NOT OLD.expires_on OR NEW.created_at IS NOT OLD.created_at
  OR (OLD.collected_at IS NOT NULL AND (NEW.collected_at IS NOT OLD.collected_at
      OR NEW.collected_by_clerk_id IS NOT OLD.collected_by_clerk_id OR NEW.identity_document_kind IS NOT OLD.identity_document_kind
      OR NEW.identity_document_number IS NOT OLD.identity_document_number
      OR NEW.collected_by_worker_in_person IS NOT OLD.collected_by_worker_in_person))
BEGIN
    SELECT RAISE(ABORT, 'cards_identity_fixed: a card keeps its number, application, interview, worker, employer, validity and collection; only its status changes (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER cards_no_delete BEFORE DELETE ON cards
BEGIN
    SELECT RAISE(ABORT, 'cards_identity_fixed: a card is never deleted; record its return or cancellation (DELETE refused)');
END;
-- +goose StatementEnd

-- 4. No REPLACE on the other append-only tables ------------------------------

-- +goose StatementBegin
CREATE TRIGGER interview_checklist_answers_no_replace BEFORE INSERT ON interview_checklist_answers
WHEN EXISTS (SELECT 1 FROM interview_checklist_answers WHERE id = NEW.id OR (interview_id = NEW.interview_id AND item = NEW.item))
BEGIN
    SELECT RAISE(ABORT, 'interview_checklist_answers_no_replace: that answer exists already; answers are append-only (INSERT OR REPLACE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER interview_indicator_answers_no_replace BEFORE INSERT ON interview_indicator_answers
WHEN EXISTS (SELECT 1 FROM interview_indicator_answers WHERE id = NEW.id OR (interview_id = NEW.interview_id AND code = NEW.code))
BEGIN
    SELECT RAISE(ABORT, 'interview_indicator_answers_no_replace: that answer exists already; answers are append-only (INSERT OR REPLACE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER referrals_no_replace BEFORE INSERT ON referrals
WHEN EXISTS (SELECT 1 FROM referrals WHERE id = NEW.id OR interview_id = NEW.interview_id)
BEGIN
    SELECT RAISE(ABORT, 'referrals_no_replace: that referral exists already; referrals are append-only (INSERT OR REPLACE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER signals_no_replace BEFORE INSERT ON signals
WHEN EXISTS (SELECT 1 FROM signals WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'signals_no_replace: that signal exists already; signals are append-only (INSERT OR REPLACE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER indicator_observations_no_replace BEFORE INSERT ON indicator_observations
WHEN EXISTS (SELECT 1 FROM indicator_observations WHERE id = NEW.id OR (NEW.supersedes_id IS NOT NULL AND supersedes_id = NEW.supersedes_id))
BEGIN
    SELECT RAISE(ABORT, 'indicator_observations_no_replace: that observation, or a correction of the one it corrects, exists already (INSERT OR REPLACE refused)');
END;
-- +goose StatementEnd
-- A draft may be replaced like it may be deleted; a published version not.
-- +goose StatementBegin
CREATE TRIGGER scale_versions_no_replace BEFORE INSERT ON scale_versions
WHEN EXISTS (SELECT 1 FROM scale_versions WHERE status = 'published'
             AND (id = NEW.id OR (NEW.status = 'published' AND effective_date = NEW.effective_date)))
BEGIN
    SELECT RAISE(ABORT, 'scale_versions_no_replace: a published salary scale version is never replaced (INSERT OR REPLACE refused)');
END;
-- +goose StatementEnd
-- UPDATE OR REPLACE deletes the row an update collides with, too: a draft
-- published onto a published version's date, or given its id, would delete it.
-- +goose StatementBegin
CREATE TRIGGER scale_versions_no_replace_update BEFORE UPDATE ON scale_versions
WHEN NEW.id IS NOT OLD.id
  OR (NEW.status = 'published' AND EXISTS (SELECT 1 FROM scale_versions
      WHERE status = 'published' AND effective_date = NEW.effective_date AND id <> OLD.id))
BEGIN
    SELECT RAISE(ABORT, 'scale_versions_no_replace: a version keeps its id, and no two published versions share a date (UPDATE OR REPLACE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER contracts_no_replace BEFORE INSERT ON contracts
WHEN EXISTS (SELECT 1 FROM contracts WHERE id = NEW.id OR reference = NEW.reference)
BEGIN
    SELECT RAISE(ABORT, 'contracts_no_replace: that contract exists already; a contract is kept as printed (INSERT OR REPLACE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER employer_restrictions_no_replace BEFORE INSERT ON employer_restrictions
WHEN EXISTS (SELECT 1 FROM employer_restrictions WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'employer_restrictions_no_replace: that restriction exists already; it is only ever lifted (INSERT OR REPLACE refused)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER employer_restrictions_no_replace_update BEFORE UPDATE ON employer_restrictions
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'employer_restrictions_no_replace: a restriction keeps its id (UPDATE OR REPLACE refused)');
END;
-- +goose StatementEnd
-- (The other guarded tables refuse any change of id or unique key already:
-- their UPDATE triggers fire before UPDATE OR REPLACE resolves a conflict.)

-- 5. The audit chain -----------------------------------------------------------

ALTER TABLE audit_events ADD COLUMN prev_hash text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN hash text NOT NULL DEFAULT '';
DROP TRIGGER audit_events_no_update;
CREATE TEMP TABLE audit_events_backfill AS
WITH RECURSIVE chain (id, prev_hash, hash) AS (
    SELECT e.id, '', carddesk_audit_hash('', e.at, e.actor_id, e.actor_email, e.action, e.record_type, e.record_id,
                                         e.request_id, e.ip, e.via, e.summary)
    FROM audit_events e WHERE e.id = (SELECT min(id) FROM audit_events)
    UNION ALL
    SELECT e.id, c.hash, carddesk_audit_hash(c.hash, e.at, e.actor_id, e.actor_email, e.action, e.record_type, e.record_id,
                                             e.request_id, e.ip, e.via, e.summary)
    FROM chain c JOIN audit_events e ON e.id = (SELECT min(x.id) FROM audit_events x WHERE x.id > c.id)
)
SELECT id, prev_hash, hash FROM chain;
UPDATE audit_events SET prev_hash = b.prev_hash, hash = b.hash FROM audit_events_backfill b WHERE b.id = audit_events.id;
DROP TABLE audit_events_backfill;
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only (UPDATE refused)');
END;
-- +goose StatementEnd

CREATE TABLE audit_chain_head (
    id        integer PRIMARY KEY CHECK (id = 1),
    last_id   bigint  NOT NULL,
    last_hash text    NOT NULL,
    row_count bigint  NOT NULL
);
INSERT INTO audit_chain_head (id, last_id, last_hash, row_count)
SELECT 1, coalesce(max(id), 0), coalesce((SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1), ''), count(*)
FROM audit_events;

-- +goose StatementBegin
CREATE TRIGGER audit_events_chain_link BEFORE INSERT ON audit_events
BEGIN
    SELECT CASE
        WHEN EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id)
            THEN RAISE(ABORT, 'audit_events_chain_link: that audit row exists already; the audit trail is append-only (INSERT OR REPLACE refused)')
        WHEN length(NEW.hash) <> 64 OR NEW.prev_hash IS NOT (SELECT last_hash FROM audit_chain_head WHERE id = 1)
            THEN RAISE(ABORT, 'audit_events_chain_link: an audit row carries the hash of the chain head before it and its own (INSERT refused)')
    END;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_chain_advance AFTER INSERT ON audit_events
BEGIN
    UPDATE audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash, row_count = row_count + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_chain_head_guard BEFORE UPDATE ON audit_chain_head
WHEN NEW.id IS NOT 1 OR NEW.row_count IS NOT OLD.row_count + 1
  OR NEW.last_id IS NOT (SELECT max(id) FROM audit_events)
  OR NOT EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.last_id AND hash = NEW.last_hash AND prev_hash = OLD.last_hash)
BEGIN
    SELECT RAISE(ABORT, 'audit_chain_head_guard: the audit chain head moves only to the row appended after it (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_chain_head_no_insert BEFORE INSERT ON audit_chain_head
BEGIN
    SELECT RAISE(ABORT, 'audit_chain_head_guard: the audit chain head is one row, moved by the audit trail itself (INSERT refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE ON audit_chain_head
BEGIN
    SELECT RAISE(ABORT, 'audit_chain_head_guard: the audit chain head is one row, moved by the audit trail itself (DELETE refused)');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_chain_head;
DROP TRIGGER audit_events_chain_advance;
DROP TRIGGER audit_events_chain_link;
ALTER TABLE audit_events DROP COLUMN hash;
ALTER TABLE audit_events DROP COLUMN prev_hash;

DROP TRIGGER employer_restrictions_no_replace_update;
DROP TRIGGER employer_restrictions_no_replace;
DROP TRIGGER contracts_no_replace;
DROP TRIGGER scale_versions_no_replace_update;
DROP TRIGGER scale_versions_no_replace;
DROP TRIGGER indicator_observations_no_replace;
DROP TRIGGER signals_no_replace;
DROP TRIGGER referrals_no_replace;
DROP TRIGGER interview_indicator_answers_no_replace;
DROP TRIGGER interview_checklist_answers_no_replace;

DROP TRIGGER cards_no_delete;
DROP TRIGGER cards_identity_fixed;
DROP TRIGGER cards_issue_gate;
-- 00002's gate, as it was
-- +goose StatementBegin
CREATE TRIGGER cards_require_interview BEFORE INSERT ON cards
WHEN NOT EXISTS (
    SELECT 1 FROM interviews i
    WHERE i.id = NEW.interview_id AND i.application_id = NEW.application_id
      AND i.held_at IS NOT NULL AND i.recorded_by_id IS NOT NULL AND i.employer_absent
      AND i.interviewer_id <> NEW.issued_by_id AND i.recorded_by_id <> NEW.issued_by_id
      AND NOT EXISTS (SELECT 1 FROM interviews s WHERE s.supersedes_id = i.id)
      AND (i.outcome = 'cleared' OR EXISTS (
            SELECT 1 FROM application_events e
            WHERE e.application_id = NEW.application_id AND e.interview_id = i.id AND e.action = 'release_hold'))
)
BEGIN
    SELECT RAISE(ABORT, 'card refused: no completed private interview of that application clears it');
END;
-- +goose StatementEnd

DROP TRIGGER interviews_recorded_through_history;
DROP TRIGGER interviews_recorded_through_history_insert;
DROP TRIGGER applications_no_delete;
DROP TRIGGER applications_cap_exception_once;
DROP TRIGGER applications_identity_fixed;
DROP TRIGGER applications_status_follows_history;
DROP TRIGGER applications_status_follows_history_insert;
DROP TRIGGER application_events_follow_status_table;
ALTER TABLE application_events DROP COLUMN status_after;
DROP TABLE application_transitions;
DROP TABLE application_actions;
