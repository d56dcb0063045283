-- Issue 10: periodic reports (seed I.2.3, III.3; DOMAIN rules 7 and 8). A ward reports
-- monthly, quarterly and half-yearly to the group that follows it; a group reports
-- half-yearly and yearly to the Standing Committee. Which reports are due is computed
-- (a ward followed by a group during the period, a group active during it); a row exists
-- once the reporter saved or submitted one. The due date is counted on the city's
-- working-day calendar from the period's last day, with the city's number of days.

ALTER TABLE city_settings
    ADD COLUMN ward_report_days  smallint NOT NULL DEFAULT 5  CHECK (ward_report_days BETWEEN 1 AND 30),
    ADD COLUMN group_report_days smallint NOT NULL DEFAULT 10 CHECK (group_report_days BETWEEN 1 AND 30);

CREATE TABLE periodic_reports (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    -- the reporter: a ward (to its group) or a working group (to the Standing Committee)
    ward_id         bigint REFERENCES org_units (id),
    group_id        bigint REFERENCES working_groups (id),
    cadence         text NOT NULL CHECK (cadence IN ('month', 'quarter', 'half', 'year')),
    period_start    date NOT NULL,
    -- the period's last day (included)
    period_end      date NOT NULL,
    status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    -- the figures (key → number; pre-filled from the data, corrected by the reporter)
    -- and the narrative sections (key → text); the keys per reporter are in the code
    figures         jsonb NOT NULL DEFAULT '{}',
    sections        jsonb NOT NULL DEFAULT '{}',
    submitted_at    timestamptz,
    submitted_by    bigint REFERENCES accounts (id),
    -- the submitting form's key: the same submission again is answered as the first time
    submit_key      uuid,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT periodic_one_reporter CHECK ((ward_id IS NULL) <> (group_id IS NULL)),
    CONSTRAINT periodic_ward_cadence CHECK (ward_id IS NULL OR cadence IN ('month', 'quarter', 'half')),
    CONSTRAINT periodic_group_cadence CHECK (group_id IS NULL OR cadence IN ('half', 'year')),
    CONSTRAINT periodic_dates CHECK (period_end >= period_start),
    CONSTRAINT periodic_submitted CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
);
CREATE UNIQUE INDEX periodic_reports_once ON periodic_reports
    (city_id, COALESCE(ward_id, 0), COALESCE(group_id, 0), cadence, period_start);
CREATE INDEX periodic_reports_city_period ON periodic_reports (city_id, period_start);

-- A notice may link to any page (a periodic report's form); meeting and recommendation
-- notices keep their own columns.
ALTER TABLE notices ADD COLUMN link text;
CREATE INDEX notices_link ON notices (link, kind) WHERE link IS NOT NULL;
