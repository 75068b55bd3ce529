-- SQLite dialect of postgres/00003_scales.sql. Salary scale versions and the
-- standard employment contracts generated from them. A published version is
-- never changed or deleted, only superseded by a later one; the version in
-- force on any day is unambiguous (one published version per effective date);
-- a generated contract is kept as it was printed, only its reprint count grows.
--
-- The seed version is inserted here, so that no installation ever runs
-- without a scale: the national guaranteed minimum of 1 May 2024 for all three
-- categories, labelled as a seed to be replaced by the Joint Committee 323
-- tables. Its figures are those of salaryscales.Seed(); a store test compares
-- them field by field.

-- +goose Up
CREATE TABLE scale_versions (
    id                         integer  PRIMARY KEY AUTOINCREMENT,
    status                     text     NOT NULL CHECK (status IN ('draft', 'published')),
    -- a calendar day at midnight UTC; a draft may not have one yet
    effective_date             datetime,
    based_on_id                bigint   REFERENCES scale_versions (id),
    reference_weekly_hours     real     NOT NULL CHECK (reference_weekly_hours > 0 AND reference_weekly_hours <= 80),
    -- The table itself, as JSON: a version is always read and written whole,
    -- and one row keeps it one unit under the immutability trigger.
    -- categories: [{"code","label"}]; steps: [0, 6, ...];
    -- rates: [{"category","from_years","monthly","hourly"}], amounts in cents.
    categories                 text     NOT NULL CHECK (json_valid(categories)),
    steps                      text     NOT NULL CHECK (json_valid(steps)),
    rates                      text     NOT NULL CHECK (json_valid(rates)),
    board_breakfast_cents      bigint   NOT NULL CHECK (board_breakfast_cents > 0),
    board_midday_cents         bigint   NOT NULL CHECK (board_midday_cents > 0),
    board_evening_cents        bigint   NOT NULL CHECK (board_evening_cents > 0),
    board_lodging_cents        bigint   NOT NULL CHECK (board_lodging_cents > 0),
    deduction_cap_percent      integer  NOT NULL CHECK (deduction_cap_percent BETWEEN 1 AND 100),
    whole_dwelling_cap_percent integer  NOT NULL CHECK (whole_dwelling_cap_percent BETWEEN deduction_cap_percent AND 100),
    source_note                text     NOT NULL CHECK (source_note <> ''),
    created_by_id              bigint   REFERENCES users (id),
    created_at                 datetime NOT NULL,
    updated_at                 datetime NOT NULL,
    published_at               datetime,
    published_by_id            bigint   REFERENCES users (id),
    CHECK ((status = 'published') = (published_at IS NOT NULL)),
    CHECK (status = 'draft' OR effective_date IS NOT NULL)
);
-- The version in force on a day is the published one with the latest
-- effective date on or before it: unambiguous only if no two share a date.
CREATE UNIQUE INDEX scale_versions_published_effective_date ON scale_versions (effective_date) WHERE status = 'published';

-- +goose StatementBegin
CREATE TRIGGER scale_versions_published_no_update BEFORE UPDATE ON scale_versions
WHEN OLD.status = 'published'
BEGIN
    SELECT RAISE(ABORT, 'salary scale version is published and cannot be changed (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER scale_versions_published_no_delete BEFORE DELETE ON scale_versions
WHEN OLD.status = 'published'
BEGIN
    SELECT RAISE(ABORT, 'salary scale version is published and cannot be deleted (DELETE refused)');
END;
-- +goose StatementEnd

INSERT INTO scale_versions (status, effective_date, reference_weekly_hours, categories, steps, rates,
    board_breakfast_cents, board_midday_cents, board_evening_cents, board_lodging_cents,
    deduction_cap_percent, whole_dwelling_cap_percent, source_note, created_at, updated_at, published_at)
VALUES ('published', '2024-05-01 00:00:00+00:00', 38,
    '[{"code":"cleaning","label":"Cleaning"},{"code":"household","label":"Household work"},{"code":"childcare","label":"Childcare"}]',
    '[0]',
    '[{"category":"cleaning","from_years":0,"monthly":207048,"hourly":1257},{"category":"household","from_years":0,"monthly":207048,"hourly":1257},{"category":"childcare","from_years":0,"monthly":207048,"hourly":1257}]',
    55, 109, 84, 74, 20, 40,
    'SEED VERSION - replace it. These are not the Joint Committee 323 (domestic work) scales: every category and step carries the national guaranteed minimum monthly income of EUR 2,070.48 gross for 38 hours a week (EUR 12.57 an hour) from 1 May 2024, as published by Fairwork Belgium. Board-and-lodging daily amounts: breakfast 0.55, midday meal 1.09, evening meal 0.84, lodging 0.74 EUR; deductions capped at 20% of gross pay (40% with a whole dwelling). Replace with the Joint Committee 323 tables from the FPS Employment minimum-wage database.',
    '2024-05-01 00:00:00+00:00', '2024-05-01 00:00:00+00:00', '2024-05-01 00:00:00+00:00');

CREATE TABLE contracts (
    id                      integer  PRIMARY KEY AUTOINCREMENT,
    reference               text     NOT NULL UNIQUE,
    application_id          bigint   NOT NULL REFERENCES applications (id),
    employment_id           bigint   NOT NULL REFERENCES employments (id),
    scale_version_id        bigint   NOT NULL REFERENCES scale_versions (id),
    -- the version was older than the configured age when the contract was drawn up
    scale_stale             boolean  NOT NULL DEFAULT false,
    language                text     NOT NULL CHECK (language IN ('fr', 'nl', 'de', 'en')),
    second_language         text     NOT NULL DEFAULT '' CHECK (second_language <> language),
    -- the day printed on the contract and written as the PDF's creation date
    contract_date           datetime NOT NULL,
    start_date              datetime NOT NULL,
    end_date                datetime,
    category                text     NOT NULL,
    weekly_hours            real     NOT NULL CHECK (weekly_hours > 0),
    seniority_years         integer  NOT NULL CHECK (seniority_years >= 0),
    gross_monthly_cents     bigint   NOT NULL,
    minimum_monthly_cents   bigint   NOT NULL CHECK (minimum_monthly_cents > 0),
    minimum_hourly_cents    bigint   NOT NULL CHECK (minimum_hourly_cents > 0),
    board_breakfast         boolean  NOT NULL DEFAULT false,
    board_midday            boolean  NOT NULL DEFAULT false,
    board_evening           boolean  NOT NULL DEFAULT false,
    board_lodging           boolean  NOT NULL DEFAULT false,
    board_whole_dwelling    boolean  NOT NULL DEFAULT false,
    board_days_per_month    integer  NOT NULL DEFAULT 0 CHECK (board_days_per_month BETWEEN 0 AND 31),
    deducted_cents          bigint   NOT NULL DEFAULT 0 CHECK (deducted_cents >= 0),
    cash_paid_cents         bigint   NOT NULL,
    -- C189 art. 7 particulars that the records of the card lifecycle lack
    employer_function       text     NOT NULL CHECK (employer_function <> ''),
    employer_address        text     NOT NULL CHECK (employer_address <> ''),
    worker_address          text     NOT NULL CHECK (worker_address <> ''),
    workplace               text     NOT NULL CHECK (workplace <> ''),
    duties                  text     NOT NULL CHECK (duties <> ''),
    place                   text     NOT NULL CHECK (place <> ''),
    days_per_week           integer  NOT NULL CHECK (days_per_week BETWEEN 1 AND 6),
    rest_days               text     NOT NULL DEFAULT '',
    annual_leave_days       integer  NOT NULL CHECK (annual_leave_days >= 0),
    probation_days          integer  NOT NULL DEFAULT 0 CHECK (probation_days >= 0),
    repatriation_to         text     NOT NULL CHECK (repatriation_to <> ''),
    notice_employer_weeks   integer  NOT NULL DEFAULT 0 CHECK (notice_employer_weeks >= 0),
    notice_worker_weeks     integer  NOT NULL DEFAULT 0 CHECK (notice_worker_weeks >= 0),
    foreign_social_security text     NOT NULL DEFAULT '',
    pdf                     blob     NOT NULL,
    sha256                  text     NOT NULL CHECK (length(sha256) = 64),
    size_bytes              bigint   NOT NULL CHECK (size_bytes > 0),
    generated_by_id         bigint   NOT NULL REFERENCES users (id),
    generated_at            datetime NOT NULL,
    reprint_count           integer  NOT NULL DEFAULT 0 CHECK (reprint_count >= 0),
    -- a contract never pays less than the minimum it was checked against
    CHECK (gross_monthly_cents >= minimum_monthly_cents),
    CHECK (cash_paid_cents = gross_monthly_cents - deducted_cents),
    CHECK (board_lodging OR NOT board_whole_dwelling),
    CHECK (end_date IS NULL OR end_date > start_date)
);
CREATE INDEX contracts_application ON contracts (application_id);
CREATE INDEX contracts_employment ON contracts (employment_id);

-- A contract is kept as it was printed: every column but reprint_count is
-- fixed, and the count only grows.
-- +goose StatementBegin
CREATE TRIGGER contracts_no_update BEFORE UPDATE OF
    id, reference, application_id, employment_id, scale_version_id, scale_stale, language, second_language,
    contract_date, start_date, end_date, category, weekly_hours, seniority_years, gross_monthly_cents,
    minimum_monthly_cents, minimum_hourly_cents, board_breakfast, board_midday, board_evening, board_lodging,
    board_whole_dwelling, board_days_per_month, deducted_cents, cash_paid_cents, employer_function,
    employer_address, worker_address, workplace, duties, place, days_per_week, rest_days, annual_leave_days,
    probation_days, repatriation_to, notice_employer_weeks, notice_worker_weeks, foreign_social_security,
    pdf, sha256, size_bytes, generated_by_id, generated_at
ON contracts
BEGIN
    SELECT RAISE(ABORT, 'a generated contract cannot be changed (UPDATE refused); only its reprint count grows');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER contracts_reprint_count_grows BEFORE UPDATE OF reprint_count ON contracts
WHEN NEW.reprint_count < OLD.reprint_count
BEGIN
    SELECT RAISE(ABORT, 'a contract''s reprint count only grows (UPDATE refused)');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER contracts_no_delete BEFORE DELETE ON contracts
BEGIN
    SELECT RAISE(ABORT, 'a generated contract cannot be deleted (DELETE refused)');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE contracts;
DROP TABLE scale_versions;
