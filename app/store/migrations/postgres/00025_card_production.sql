-- Card production and the card's end (issue 13, h13card): the return and the
-- destruction of a card, each recorded once with its day, reason and note; a
-- returned card stays returned and is no longer a card in use, so no renewal
-- or duplicate can name it. Missions get the language their letters are
-- written in.

-- +goose Up
CREATE TABLE card_ends (
    id             bigserial   PRIMARY KEY,
    card_id        bigint      NOT NULL REFERENCES cards (id),
    event          text        NOT NULL CHECK (event IN ('returned', 'destroyed')),
    reason         text        NOT NULL CHECK (reason IN ('end_of_posting', 'end_of_employment', 'cap_reached', 'lost', 'replaced', 'other')),
    note           text        NOT NULL DEFAULT '' CHECK (reason <> 'other' OR btrim(note) <> ''),
    ended_on       date        NOT NULL,
    recorded_by_id bigint      REFERENCES users (id),
    recorded_at    timestamptz NOT NULL,
    UNIQUE (card_id, event)
);
CREATE TRIGGER card_ends_append_only BEFORE UPDATE OR DELETE ON card_ends
    FOR EACH ROW EXECUTE FUNCTION carddesk_append_only();
CREATE TRIGGER card_ends_no_truncate BEFORE TRUNCATE ON card_ends FOR EACH STATEMENT EXECUTE FUNCTION carddesk_no_truncate();

-- +goose StatementBegin
-- A return is recorded for a card whose status says returned; a destruction
-- for a card the Directorate holds (returned, or cancelled before
-- collection), never before the day it came back, nor before its issue.
CREATE FUNCTION card_ends_follow_card() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER card_ends_follow_card BEFORE INSERT ON card_ends
    FOR EACH ROW EXECUTE FUNCTION card_ends_follow_card();

-- +goose StatementBegin
-- A returned card stays returned: it is over, whatever a later update says.
CREATE FUNCTION cards_returned_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'returned' AND NEW.status <> 'returned' THEN
        RAISE EXCEPTION 'cards_returned_final: card % was returned; it is no longer in use (UPDATE refused)', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER cards_returned_final BEFORE UPDATE OF status ON cards
    FOR EACH ROW EXECUTE FUNCTION cards_returned_final();

-- +goose StatementBegin
-- A renewal follows a card in use or expired, a duplicate a card reported
-- lost (models.ValidateReplacedCard); a card returned, cancelled or with its
-- end recorded is in neither case.
CREATE FUNCTION applications_replace_card_in_use() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.replaces_card_id IS NOT NULL AND (
        EXISTS (SELECT 1 FROM card_ends e WHERE e.card_id = NEW.replaces_card_id)
        OR NOT EXISTS (SELECT 1 FROM cards c WHERE c.id = NEW.replaces_card_id AND
            ((NEW.kind = 'renewal' AND c.status IN ('collected', 'expired')) OR (NEW.kind = 'duplicate' AND c.status = 'reported_lost')))) THEN
        RAISE EXCEPTION 'applications_replace_card_in_use: card % is not in use, so a % cannot follow it (INSERT refused)', NEW.replaces_card_id, NEW.kind
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER applications_replace_card_in_use BEFORE INSERT ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_replace_card_in_use();

ALTER TABLE missions ADD COLUMN language text NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'nl', 'de', 'en'));

-- +goose Down
ALTER TABLE missions DROP COLUMN language;
DROP TRIGGER applications_replace_card_in_use ON applications;
DROP FUNCTION applications_replace_card_in_use();
DROP TRIGGER cards_returned_final ON cards;
DROP FUNCTION cards_returned_final();
DROP TRIGGER card_ends_follow_card ON card_ends;
DROP FUNCTION card_ends_follow_card();
DROP TABLE card_ends;
