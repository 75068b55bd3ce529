-- SQLite dialect of postgres/00036_card_end_days.sql: a card's return is
-- never dated before its collection, the destruction of a cancelled card
-- never before its cancellation (the day before the UTC day, as for the
-- issue).
--
-- And job_categories gets what PostgreSQL has had since 00022: the code's
-- form (CHECK code ~ '^[a-z][a-z0-9_]{0,39}$', here in GLOB patterns, on
-- insert and on a change of code) and the guard its foreign keys give it (a
-- category an employment or a contract names is neither deleted nor
-- renamed). SQLite adds neither a CHECK nor a foreign key to an existing
-- table, so triggers do both.

-- +goose Up
DROP TRIGGER card_ends_follow_card;
-- +goose StatementBegin
CREATE TRIGGER card_ends_follow_card BEFORE INSERT ON card_ends
WHEN date(NEW.ended_on) < date((SELECT issued_at FROM cards WHERE id = NEW.card_id), '-1 day')
  OR (NEW.event = 'returned' AND NOT EXISTS (SELECT 1 FROM cards WHERE id = NEW.card_id AND status = 'returned'))
  OR (NEW.event = 'returned' AND date(NEW.ended_on) < date((SELECT collected_at FROM cards WHERE id = NEW.card_id), '-1 day'))
  OR (NEW.event = 'destroyed' AND (NOT EXISTS (SELECT 1 FROM cards WHERE id = NEW.card_id AND status IN ('returned', 'cancelled'))
      OR EXISTS (SELECT 1 FROM card_ends r WHERE r.card_id = NEW.card_id AND r.event = 'returned' AND date(r.ended_on) > date(NEW.ended_on))))
  OR (NEW.event = 'destroyed' AND date(NEW.ended_on) < date((SELECT status_changed_at FROM cards WHERE id = NEW.card_id AND status = 'cancelled'), '-1 day'))
BEGIN
    SELECT RAISE(ABORT, 'card_ends_follow_card: the card is not returned, not held by the Directorate on that day, or ends before its issue, collection or cancellation (INSERT refused)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER job_categories_code_form_insert BEFORE INSERT ON job_categories
WHEN NEW.code IS NULL OR length(NEW.code) > 40 OR NOT (NEW.code GLOB '[a-z]*') OR NEW.code GLOB '*[^a-z0-9_]*'
BEGIN
    SELECT RAISE(ABORT, 'job_categories: a code is 1 to 40 lowercase letters, digits or underscores, starting with a letter (INSERT refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER job_categories_code_form_update BEFORE UPDATE OF code ON job_categories
WHEN NEW.code IS NULL OR length(NEW.code) > 40 OR NOT (NEW.code GLOB '[a-z]*') OR NEW.code GLOB '*[^a-z0-9_]*'
BEGIN
    SELECT RAISE(ABORT, 'job_categories: a code is 1 to 40 lowercase letters, digits or underscores, starting with a letter (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER job_categories_in_use_delete BEFORE DELETE ON job_categories
WHEN EXISTS (SELECT 1 FROM employments WHERE job_category = OLD.code)
  OR EXISTS (SELECT 1 FROM contracts WHERE category = OLD.code)
BEGIN
    SELECT RAISE(ABORT, 'job_categories: an employment or a contract names this category (DELETE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER job_categories_in_use_update BEFORE UPDATE OF code ON job_categories
WHEN NEW.code IS NOT OLD.code AND (EXISTS (SELECT 1 FROM employments WHERE job_category = OLD.code)
  OR EXISTS (SELECT 1 FROM contracts WHERE category = OLD.code))
BEGIN
    SELECT RAISE(ABORT, 'job_categories: an employment or a contract names this category (UPDATE refused)');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER job_categories_in_use_update;
DROP TRIGGER job_categories_in_use_delete;
DROP TRIGGER job_categories_code_form_update;
DROP TRIGGER job_categories_code_form_insert;
DROP TRIGGER card_ends_follow_card;
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
