-- Renewals due at scale (issue 14): each card carries has_renewal, true
-- while a renewal of it is under way or done (models.HasRenewal: a renewal
-- application that was not withdrawn or rejected). The applications keep it:
-- an insert or a change of status of an application that replaces a card
-- sets the card's marker from the card's renewals, in the same transaction,
-- whatever the path (opening, withdrawal, rejection, issue, the generator's
-- COPY). The card refuses a marker that disagrees with its renewals, so no
-- other writer can set it. The list of renewals due is then a range of the
-- partial index below: the cards in the workers' hands with no renewal, by
-- expiry, instead of every expired card of twenty years against every
-- renewal.

-- +goose Up
ALTER TABLE cards ADD COLUMN has_renewal boolean NOT NULL DEFAULT false;

UPDATE cards c SET has_renewal = true WHERE EXISTS (SELECT 1 FROM applications a WHERE a.replaces_card_id = c.id
    AND a.kind = 'renewal' AND a.status NOT IN ('withdrawn', 'rejected'));

-- +goose StatementBegin
CREATE FUNCTION card_has_renewal(card bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM applications a WHERE a.replaces_card_id = card
        AND a.kind = 'renewal' AND a.status NOT IN ('withdrawn', 'rejected'))
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- Each statement locks the card before it reads the card's renewals: two
-- transactions changing renewals of one card (one opened, another withdrawn)
-- take turns, and the second reads the first's committed change, so neither
-- writes a marker from a stale view.
CREATE FUNCTION applications_mark_renewal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.replaces_card_id IS DISTINCT FROM NEW.replaces_card_id AND OLD.replaces_card_id IS NOT NULL THEN
        PERFORM 1 FROM cards WHERE id = OLD.replaces_card_id FOR UPDATE;
        UPDATE cards SET has_renewal = card_has_renewal(id)
            WHERE id = OLD.replaces_card_id AND has_renewal IS DISTINCT FROM card_has_renewal(id);
    END IF;
    IF NEW.replaces_card_id IS NOT NULL THEN
        PERFORM 1 FROM cards WHERE id = NEW.replaces_card_id FOR UPDATE;
        UPDATE cards SET has_renewal = card_has_renewal(id)
            WHERE id = NEW.replaces_card_id AND has_renewal IS DISTINCT FROM card_has_renewal(id);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER applications_mark_renewal AFTER INSERT OR UPDATE OF status, kind, replaces_card_id ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_mark_renewal();

-- +goose StatementBegin
CREATE FUNCTION cards_has_renewal_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.has_renewal IS DISTINCT FROM card_has_renewal(NEW.id) THEN
        RAISE EXCEPTION 'cards_has_renewal_kept: card % has_renewal follows its renewal applications (% refused)', NEW.id, TG_OP
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER cards_has_renewal_kept BEFORE INSERT OR UPDATE OF has_renewal ON cards
    FOR EACH ROW EXECUTE FUNCTION cards_has_renewal_kept();

CREATE INDEX cards_renewals_due ON cards (expires_on, id)
    WHERE status IN ('collected', 'expired') AND NOT has_renewal;

-- +goose Down
DROP INDEX cards_renewals_due;
DROP TRIGGER cards_has_renewal_kept ON cards;
DROP FUNCTION cards_has_renewal_kept();
DROP TRIGGER applications_mark_renewal ON applications;
DROP FUNCTION applications_mark_renewal();
DROP FUNCTION card_has_renewal(bigint);
ALTER TABLE cards DROP COLUMN has_renewal;
