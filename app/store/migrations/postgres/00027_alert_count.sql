-- The alerts queue's count at scale (issue 14). The count was the alert
-- rule (models.EmployerAlerts) over every observation with an employer,
-- read on each home page. employer_alert_workers keeps, for each employer
-- and worker, how many of their observations are current (observed, yes
-- or unclear, and not superseded) and how many of those are strong; an
-- employer is alerted when two or more workers have current observations,
-- or any current one is strong. Observations are append-only (only a note
-- or a correction reason is ever erased, never deleted), so a trigger on
-- INSERT keeps the table: the new observation counts, and the one it
-- supersedes stops counting. It holds counts only: no note, no indicator.

-- +goose Up
CREATE TABLE employer_alert_workers (
    employer_id bigint  NOT NULL REFERENCES employers (id),
    worker_id   bigint  NOT NULL REFERENCES workers (id),
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
CREATE FUNCTION indicator_observations_alert_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.employer_id IS NOT NULL AND NEW.answer IN ('yes', 'unclear') THEN
        INSERT INTO employer_alert_workers AS p (employer_id, worker_id, current, strong)
        VALUES (NEW.employer_id, NEW.worker_id, 1, CASE WHEN NEW.grade = 'strong' THEN 1 ELSE 0 END)
        ON CONFLICT (employer_id, worker_id) DO UPDATE SET current = p.current + 1, strong = p.strong + EXCLUDED.strong;
    END IF;
    IF NEW.supersedes_id IS NOT NULL THEN
        UPDATE employer_alert_workers p SET current = p.current - 1, strong = p.strong - CASE WHEN o.grade = 'strong' THEN 1 ELSE 0 END
        FROM indicator_observations o
        WHERE o.id = NEW.supersedes_id AND o.employer_id IS NOT NULL AND o.answer IN ('yes', 'unclear')
            AND p.employer_id = o.employer_id AND p.worker_id = o.worker_id;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER indicator_observations_alert_count AFTER INSERT ON indicator_observations
    FOR EACH ROW EXECUTE FUNCTION indicator_observations_alert_count();

-- +goose Down
DROP TRIGGER indicator_observations_alert_count ON indicator_observations;
DROP FUNCTION indicator_observations_alert_count();
DROP TABLE employer_alert_workers;
