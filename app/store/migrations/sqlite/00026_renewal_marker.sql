-- Renewals due at scale (issue 14): see the PostgreSQL migration of the
-- same number. cards.has_renewal is true while a renewal of the card is under
-- way or done (a renewal application not withdrawn or rejected); the
-- applications' triggers keep it and the card refuses any other value.

-- +goose Up
ALTER TABLE cards ADD COLUMN has_renewal boolean NOT NULL DEFAULT false;

UPDATE cards SET has_renewal = true WHERE EXISTS (SELECT 1 FROM applications a WHERE a.replaces_card_id = cards.id
    AND a.kind = 'renewal' AND a.status NOT IN ('withdrawn', 'rejected'));

-- +goose StatementBegin
CREATE TRIGGER applications_mark_renewal_insert AFTER INSERT ON applications
WHEN NEW.replaces_card_id IS NOT NULL
BEGIN
    UPDATE cards SET has_renewal = EXISTS (SELECT 1 FROM applications a WHERE a.replaces_card_id = cards.id
        AND a.kind = 'renewal' AND a.status NOT IN ('withdrawn', 'rejected'))
    WHERE id = NEW.replaces_card_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER applications_mark_renewal_update AFTER UPDATE OF status, kind, replaces_card_id ON applications
WHEN OLD.replaces_card_id IS NOT NULL OR NEW.replaces_card_id IS NOT NULL
BEGIN
    UPDATE cards SET has_renewal = EXISTS (SELECT 1 FROM applications a WHERE a.replaces_card_id = cards.id
        AND a.kind = 'renewal' AND a.status NOT IN ('withdrawn', 'rejected'))
    WHERE id IN (OLD.replaces_card_id, NEW.replaces_card_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER cards_has_renewal_kept_insert BEFORE INSERT ON cards
WHEN NEW.has_renewal IS NOT (EXISTS (SELECT 1 FROM applications a WHERE a.replaces_card_id = NEW.id
        AND a.kind = 'renewal' AND a.status NOT IN ('withdrawn', 'rejected')))
BEGIN
    SELECT RAISE(ABORT, 'cards_has_renewal_kept: a card''s has_renewal follows its renewal applications (INSERT refused)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER cards_has_renewal_kept_update BEFORE UPDATE OF has_renewal ON cards
WHEN NEW.has_renewal IS NOT (EXISTS (SELECT 1 FROM applications a WHERE a.replaces_card_id = NEW.id
        AND a.kind = 'renewal' AND a.status NOT IN ('withdrawn', 'rejected')))
BEGIN
    SELECT RAISE(ABORT, 'cards_has_renewal_kept: a card''s has_renewal follows its renewal applications (UPDATE refused)');
END;
-- +goose StatementEnd

CREATE INDEX cards_renewals_due ON cards (expires_on, id)
    WHERE status IN ('collected', 'expired') AND NOT has_renewal;

-- +goose Down
DROP INDEX cards_renewals_due;
DROP TRIGGER cards_has_renewal_kept_update;
DROP TRIGGER cards_has_renewal_kept_insert;
DROP TRIGGER applications_mark_renewal_update;
DROP TRIGGER applications_mark_renewal_insert;
ALTER TABLE cards DROP COLUMN has_renewal;
