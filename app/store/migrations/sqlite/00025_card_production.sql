-- SQLite dialect of postgres/00025_card_production.sql: a card's return and
-- destruction, each recorded once; a returned card stays returned and no
-- renewal or duplicate can name a card no longer in use; the missions'
-- letter language.

-- +goose Up
CREATE TABLE card_ends (
    id             integer  PRIMARY KEY AUTOINCREMENT,
    card_id        bigint   NOT NULL REFERENCES cards (id),
    event          text     NOT NULL CHECK (event IN ('returned', 'destroyed')),
    reason         text     NOT NULL CHECK (reason IN ('end_of_posting', 'end_of_employment', 'cap_reached', 'lost', 'replaced', 'other')),
    note           text     NOT NULL DEFAULT '' CHECK (reason <> 'other' OR trim(note) <> ''),
    ended_on       datetime NOT NULL,
    recorded_by_id bigint   REFERENCES users (id),
    recorded_at    datetime NOT NULL,
    UNIQUE (card_id, event)
);
-- +goose StatementBegin
CREATE TRIGGER card_ends_no_update BEFORE UPDATE ON card_ends
BEGIN
    SELECT RAISE(ABORT, 'card_ends is append-only (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER card_ends_no_delete BEFORE DELETE ON card_ends
BEGIN
    SELECT RAISE(ABORT, 'card_ends is append-only (DELETE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER card_ends_follow_card BEFORE INSERT ON card_ends
WHEN date(NEW.ended_on) < date((SELECT issued_at FROM cards WHERE id = NEW.card_id), '-1 day')
  OR (NEW.event = 'returned' AND NOT EXISTS (SELECT 1 FROM cards WHERE id = NEW.card_id AND status = 'returned'))
  OR (NEW.event = 'destroyed' AND (NOT EXISTS (SELECT 1 FROM cards WHERE id = NEW.card_id AND status IN ('returned', 'cancelled'))
      OR EXISTS (SELECT 1 FROM card_ends r WHERE r.card_id = NEW.card_id AND r.event = 'returned' AND date(r.ended_on) > date(NEW.ended_on))))
BEGIN
    SELECT RAISE(ABORT, 'card_ends_follow_card: the card is not returned, not held by the Directorate on that day, or ends before its issue (INSERT refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER cards_returned_final BEFORE UPDATE OF status ON cards
WHEN OLD.status = 'returned' AND NEW.status <> 'returned'
BEGIN
    SELECT RAISE(ABORT, 'cards_returned_final: the card was returned; it is no longer in use (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER applications_replace_card_in_use BEFORE INSERT ON applications
WHEN NEW.replaces_card_id IS NOT NULL AND (
    EXISTS (SELECT 1 FROM card_ends e WHERE e.card_id = NEW.replaces_card_id)
    OR NOT EXISTS (SELECT 1 FROM cards c WHERE c.id = NEW.replaces_card_id AND
        ((NEW.kind = 'renewal' AND c.status IN ('collected', 'expired')) OR (NEW.kind = 'duplicate' AND c.status = 'reported_lost'))))
BEGIN
    SELECT RAISE(ABORT, 'applications_replace_card_in_use: the card is not in use, so no renewal or duplicate can follow it (INSERT refused)');
END;
-- +goose StatementEnd

ALTER TABLE missions ADD COLUMN language text NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'nl', 'de', 'en'));

-- +goose Down
ALTER TABLE missions DROP COLUMN language;
DROP TRIGGER applications_replace_card_in_use;
DROP TRIGGER cards_returned_final;
DROP TRIGGER card_ends_follow_card;
DROP TRIGGER card_ends_no_delete;
DROP TRIGGER card_ends_no_update;
DROP TABLE card_ends;
