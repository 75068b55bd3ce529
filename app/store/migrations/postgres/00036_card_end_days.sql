-- Review mends (h9mend). The card's end keeps to the card's own days: a
-- return is never dated before the card's collection, and the destruction
-- of a cancelled card never before its cancellation (models.Card.End). As
-- for the issue (00025), the bound is the day before the UTC day of the
-- collection or cancellation, so that a day the domain dated in another
-- time zone is never refused here.
--
-- job_categories keeps PostgreSQL's checks; the SQLite dialect of this
-- migration adds them there (00022 left them out), so nothing changes here.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION card_ends_follow_card() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c cards%ROWTYPE;
BEGIN
    SELECT * INTO c FROM cards WHERE id = NEW.card_id;
    IF NEW.ended_on < (c.issued_at AT TIME ZONE 'UTC')::date - 1 THEN
        RAISE EXCEPTION 'card_ends_follow_card: card % cannot end before its issue (INSERT refused)', NEW.card_id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.event = 'returned' AND c.status <> 'returned' THEN
        RAISE EXCEPTION 'card_ends_follow_card: card % is %, not returned (INSERT refused)', NEW.card_id, c.status USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.event = 'returned' AND NEW.ended_on < (c.collected_at AT TIME ZONE 'UTC')::date - 1 THEN
        RAISE EXCEPTION 'card_ends_follow_card: card % cannot come back before its collection (INSERT refused)', NEW.card_id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.event = 'destroyed' AND (c.status NOT IN ('returned', 'cancelled')
        OR EXISTS (SELECT 1 FROM card_ends r WHERE r.card_id = NEW.card_id AND r.event = 'returned' AND r.ended_on > NEW.ended_on)) THEN
        RAISE EXCEPTION 'card_ends_follow_card: card % is not held by the Directorate on that day (INSERT refused)', NEW.card_id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.event = 'destroyed' AND c.status = 'cancelled' AND NEW.ended_on < (c.status_changed_at AT TIME ZONE 'UTC')::date - 1 THEN
        RAISE EXCEPTION 'card_ends_follow_card: card % cannot be destroyed before its cancellation (INSERT refused)', NEW.card_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION card_ends_follow_card() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c cards%ROWTYPE;
BEGIN
    SELECT * INTO c FROM cards WHERE id = NEW.card_id;
    IF NEW.ended_on < (c.issued_at AT TIME ZONE 'UTC')::date - 1 THEN
        RAISE EXCEPTION 'card_ends_follow_card: card % cannot end before its issue (INSERT refused)', NEW.card_id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.event = 'returned' AND c.status <> 'returned' THEN
        RAISE EXCEPTION 'card_ends_follow_card: card % is %, not returned (INSERT refused)', NEW.card_id, c.status USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.event = 'destroyed' AND (c.status NOT IN ('returned', 'cancelled')
        OR EXISTS (SELECT 1 FROM card_ends r WHERE r.card_id = NEW.card_id AND r.event = 'returned' AND r.ended_on > NEW.ended_on)) THEN
        RAISE EXCEPTION 'card_ends_follow_card: card % is not held by the Directorate on that day (INSERT refused)', NEW.card_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
