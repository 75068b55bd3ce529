-- +goose Up
-- The applications filter and the employment form offer the first employers
-- in name order (issue 14): read from this index, not by sorting every
-- employer on each page.
CREATE INDEX employers_name_order ON employers (family_name, given_names, id);

-- +goose Down
DROP INDEX employers_name_order;
