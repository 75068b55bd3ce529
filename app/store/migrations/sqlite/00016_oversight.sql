-- Oversight (issue 12): the read-only oversight role, and the indexes the
-- yearly report's aggregates range over. Same as postgres/00016; SQLite
-- cannot alter a CHECK, so user_roles is rebuilt (nothing refers to it).

-- +goose Up
CREATE TABLE user_roles_new (
    user_id integer NOT NULL REFERENCES users (id),
    role    text    NOT NULL CHECK (role IN ('clerk', 'interviewer', 'admin', 'oversight')),
    PRIMARY KEY (user_id, role)
);
INSERT INTO user_roles_new (user_id, role) SELECT user_id, role FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;

CREATE INDEX cards_issued_at ON cards (issued_at);
CREATE INDEX application_events_action_at ON application_events (action, at);
CREATE INDEX interviews_held_at ON interviews (held_at) WHERE held_at IS NOT NULL;
CREATE INDEX indicator_observations_observed_on ON indicator_observations (observed_on);
CREATE INDEX referrals_date ON referrals (date);

-- +goose Down
DROP INDEX referrals_date;
DROP INDEX indicator_observations_observed_on;
DROP INDEX interviews_held_at;
DROP INDEX application_events_action_at;
DROP INDEX cards_issued_at;
CREATE TABLE user_roles_old (
    user_id integer NOT NULL REFERENCES users (id),
    role    text    NOT NULL CHECK (role IN ('clerk', 'interviewer', 'admin')),
    PRIMARY KEY (user_id, role)
);
INSERT INTO user_roles_old (user_id, role) SELECT user_id, role FROM user_roles WHERE role <> 'oversight';
DROP TABLE user_roles;
ALTER TABLE user_roles_old RENAME TO user_roles;
