-- Issue 6: permissions as the regulation gives them.

-- Settings a city committee's rules read. One row per city; a city without a row uses the
-- defaults written here (the code reads them with COALESCE on a LEFT JOIN). Later
-- settings (announcement lead time, quality thresholds …) become columns of this table.
CREATE TABLE city_settings (
    city_id          bigint PRIMARY KEY REFERENCES org_units (id),
    -- A month's assignment board closes once the month is over and its attendance reports
    -- are due: after this day of the next month. Then only the organization board may
    -- change it, after reopening it with a reason (so the October per-member compilation
    -- cannot be rewritten after the fact).
    board_close_day  smallint NOT NULL DEFAULT 10 CHECK (board_close_day BETWEEN 1 AND 28),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- A closed board reopened by the organization board: until when, by whom, why. Every
-- change made while it is reopened carries the reason into the audit log.
ALTER TABLE boards
    ADD COLUMN reopened_until timestamptz,
    ADD COLUMN reopened_by    bigint REFERENCES accounts (id),
    ADD COLUMN reopen_reason  text;

-- Why a change was made, when the rule asks for a reason (a closed board's change).
ALTER TABLE audit_log ADD COLUMN reason text;

-- The periodic purge of expired sessions and old failed sign-ins reads these.
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX login_failures_at ON login_failures (at);
