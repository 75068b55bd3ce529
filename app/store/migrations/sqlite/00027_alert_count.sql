-- The alerts queue's count at scale (issue 14): see the PostgreSQL
-- migration of the same number. employer_alert_workers counts, for each
-- employer and worker, their current observations and the strong ones
-- among them; a trigger on INSERT of an observation keeps it.

-- +goose Up
CREATE TABLE employer_alert_workers (
    employer_id integer NOT NULL REFERENCES employers (id),
    worker_id   integer NOT NULL REFERENCES workers (id),
    current     integer NOT NULL CHECK (current >= 0),
    strong      integer NOT NULL CHECK (strong >= 0 AND strong <= current),
    PRIMARY KEY (employer_id, worker_id)
);
CREATE INDEX employer_alert_workers_current ON employer_alert_workers (employer_id) WHERE current > 0;

INSERT INTO employer_alert_workers (employer_id, worker_id, current, strong)
SELECT o.employer_id, o.worker_id, count(*), sum(CASE WHEN o.grade = 'strong' THEN 1 ELSE 0 END)
FROM indicator_observations o
WHERE o.employer_id IS NOT NULL AND o.answer IN ('yes', 'unclear')
    AND NOT EXISTS (SELECT 1 FROM indicator_observations s WHERE s.supersedes_id = o.id)
GROUP BY o.employer_id, o.worker_id;

-- +goose StatementBegin
CREATE TRIGGER indicator_observations_alert_count AFTER INSERT ON indicator_observations
BEGIN
    INSERT INTO employer_alert_workers (employer_id, worker_id, current, strong)
    SELECT NEW.employer_id, NEW.worker_id, 1, CASE WHEN NEW.grade = 'strong' THEN 1 ELSE 0 END
    WHERE NEW.employer_id IS NOT NULL AND NEW.answer IN ('yes', 'unclear')
    ON CONFLICT (employer_id, worker_id) DO UPDATE SET current = current + 1, strong = strong + excluded.strong;
    UPDATE employer_alert_workers SET
        current = current - 1,
        strong = strong - (SELECT CASE WHEN o.grade = 'strong' THEN 1 ELSE 0 END FROM indicator_observations o WHERE o.id = NEW.supersedes_id)
    WHERE NEW.supersedes_id IS NOT NULL AND (employer_id, worker_id) = (SELECT o.employer_id, o.worker_id FROM indicator_observations o
        WHERE o.id = NEW.supersedes_id AND o.employer_id IS NOT NULL AND o.answer IN ('yes', 'unclear'));
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER indicator_observations_alert_count;
DROP TABLE employer_alert_workers;
