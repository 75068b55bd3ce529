-- Rules that hold on every path (issue 9): a "cleared" outcome against the
-- evidence waits on hold for a second admin's confirmation.

-- +goose Up

-- 1. The status table learns hold_for_clearance_review (approved -> on_hold),
-- appended by the interviewer with a clearance against the evidence.
ALTER TABLE application_actions DISABLE TRIGGER application_actions_fixed;
ALTER TABLE application_transitions DISABLE TRIGGER application_transitions_fixed;
INSERT INTO application_actions (action, needs_interview, needs_card, needs_reason) VALUES
    ('hold_for_clearance_review', true, false, false);
INSERT INTO application_transitions (from_status, action, to_status) VALUES
    ('approved', 'hold_for_clearance_review', 'on_hold');
ALTER TABLE application_actions ENABLE TRIGGER application_actions_fixed;
ALTER TABLE application_transitions ENABLE TRIGGER application_transitions_fixed;

-- 2. The interviewer's written reason (sealed text, like correction reasons).
ALTER TABLE interviews ADD COLUMN clearance_reason text NOT NULL DEFAULT '';

-- 3. The second admin's decision: append-only, never by who held or
-- recorded the interview, at most one confirmation per interview.
CREATE TABLE clearance_confirmations (
    id             bigserial   PRIMARY KEY,
    application_id bigint      NOT NULL REFERENCES applications (id),
    interview_id   bigint      NOT NULL REFERENCES interviews (id),
    decision       text        NOT NULL CHECK (decision IN ('confirmed', 'declined')),
    reason         text        NOT NULL CHECK (reason <> ''),
    decided_by_id  bigint      NOT NULL REFERENCES users (id),
    decided_at     timestamptz NOT NULL
);
CREATE INDEX clearance_confirmations_application ON clearance_confirmations (application_id);
CREATE UNIQUE INDEX clearance_confirmations_one_confirmed ON clearance_confirmations (interview_id) WHERE decision = 'confirmed';

-- +goose StatementBegin
CREATE FUNCTION clearance_confirmations_second_pair_of_eyes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'clearance_confirmations is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM interviews i
        WHERE i.id = NEW.interview_id AND i.application_id = NEW.application_id AND i.recorded_at IS NOT NULL
          AND i.outcome = 'cleared' AND i.interviewer_id <> NEW.decided_by_id AND i.recorded_by_id <> NEW.decided_by_id) THEN
        RAISE EXCEPTION 'clearance_confirmations: a clearance of interview % is confirmed by someone who neither held nor recorded it (INSERT refused)',
            NEW.interview_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER clearance_confirmations_second_pair_of_eyes BEFORE INSERT OR UPDATE OR DELETE ON clearance_confirmations
    FOR EACH ROW EXECUTE FUNCTION clearance_confirmations_second_pair_of_eyes();
CREATE TRIGGER clearance_confirmations_no_truncate BEFORE TRUNCATE ON clearance_confirmations
    FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();

-- 4. No card for an interview cleared against the evidence (an ILO
-- indicator or a strong ILO-EC indicator answered yes, or held for review)
-- without a confirmation by someone who neither held nor recorded it.
-- +goose StatementBegin
CREATE FUNCTION cards_clearance_confirmed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (EXISTS (SELECT 1 FROM application_events e
                WHERE e.application_id = NEW.application_id AND e.interview_id = NEW.interview_id
                  AND e.action = 'hold_for_clearance_review')
        OR EXISTS (SELECT 1 FROM interview_indicator_answers a
                   WHERE a.interview_id = NEW.interview_id AND a.answer = 'yes'
                     AND (a.taxonomy = 'ilo_forced_labour' OR a.grade = 'strong')))
       AND EXISTS (SELECT 1 FROM interviews i WHERE i.id = NEW.interview_id AND i.outcome = 'cleared')
       AND NOT EXISTS (
            SELECT 1 FROM clearance_confirmations c JOIN interviews i ON i.id = c.interview_id
            WHERE c.interview_id = NEW.interview_id AND c.application_id = NEW.application_id AND c.decision = 'confirmed'
              AND c.decided_by_id <> i.interviewer_id AND c.decided_by_id <> i.recorded_by_id) THEN
        RAISE EXCEPTION 'cards_clearance_confirmed: card for application % refused: its interview was cleared against the evidence and no second admin confirmed it',
            NEW.application_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER cards_clearance_confirmed BEFORE INSERT ON cards
    FOR EACH ROW EXECUTE FUNCTION cards_clearance_confirmed();

-- +goose Down
DROP TRIGGER cards_clearance_confirmed ON cards;
DROP FUNCTION cards_clearance_confirmed();
DROP TABLE clearance_confirmations;
DROP FUNCTION clearance_confirmations_second_pair_of_eyes();
ALTER TABLE interviews DROP COLUMN clearance_reason;
ALTER TABLE application_actions DISABLE TRIGGER application_actions_fixed;
ALTER TABLE application_transitions DISABLE TRIGGER application_transitions_fixed;
DELETE FROM application_transitions WHERE action = 'hold_for_clearance_review';
DELETE FROM application_actions WHERE action = 'hold_for_clearance_review';
ALTER TABLE application_actions ENABLE TRIGGER application_actions_fixed;
ALTER TABLE application_transitions ENABLE TRIGGER application_transitions_fixed;
