-- Oversight (issue 12): the read-only oversight role, and the indexes the
-- yearly report's aggregates range over (each figure is a GROUP BY over one
-- year's rows: cards by issue day, events by action and day, interviews by
-- the day held, observations by the day observed).

-- +goose Up
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check CHECK (role IN ('clerk', 'interviewer', 'admin', 'oversight'));

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
DELETE FROM user_roles WHERE role = 'oversight';
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check CHECK (role IN ('clerk', 'interviewer', 'admin'));
