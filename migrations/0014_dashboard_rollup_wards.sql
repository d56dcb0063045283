-- Issue 10: the dashboard at national scale, every month rolled up. 0012 kept only settled
-- months (two months back and earlier) per city, and counted the two latest months from
-- the (meeting, member) rows on every read: a province's current month is 5,000 of them
-- joined to six tables, too slow for a dashboard that polls. Now every month is kept per
-- (ward, month): a change to a row it was computed from bumps that ward-month's version
-- (triggers below), and the next read computes again only the ward-months whose version
-- moved or whose figures have expired (a meeting starts, a pending report becomes
-- missing at midnight). See src/dashboard/rollup.rs.

DROP TRIGGER dashboard_meetings ON meetings;
DROP TRIGGER dashboard_assignments ON assignments;
DROP TRIGGER dashboard_substitutes ON meeting_substitutes;
DROP TRIGGER dashboard_absences ON meeting_absences;
DROP TRIGGER dashboard_attendance ON meeting_attendance;
DROP TRIGGER dashboard_reports ON attendance_reports;
DROP TRIGGER dashboard_calendar ON calendar_days;
DROP FUNCTION dashboard_mark_meeting();
DROP FUNCTION dashboard_mark_own();
DROP FUNCTION dashboard_mark_calendar();
DROP FUNCTION dashboard_mark(bigint, date);
DROP TABLE dashboard_rollup_months;
DROP TABLE dashboard_rollup_members;
-- computed again per ward-month on the next read
TRUNCATE dashboard_rollup;

-- One row per (city, month, ward) once something was written to it or it was computed.
-- version: bumped by every change to a row the figures come from; computed_version: the
-- version the kept figures were computed at (NULL: never); valid_until: when they expire
-- without any change (the next meeting of the ward-month starts, or a pending report
-- turns missing). Fresh: computed_version = version AND (valid_until IS NULL OR > now()).
CREATE TABLE dashboard_rollup_wards (
    city_id          bigint NOT NULL REFERENCES org_units (id),
    month            date NOT NULL CHECK (extract(day FROM month) = 1),
    ward_id          bigint NOT NULL REFERENCES org_units (id),
    version          bigint NOT NULL DEFAULT 0,
    computed_version bigint,
    valid_until      timestamptz,
    computed_at      timestamptz,
    PRIMARY KEY (city_id, month, ward_id)
);

-- Each member expected in a ward-month, per group: the meetings (ids, days, attended), and
-- among them those missed because of a clash and those whose report is missing. The
-- findings read the exceptions of the whole period and every row of its last months.
CREATE TABLE dashboard_rollup_members (
    city_id         bigint NOT NULL REFERENCES org_units (id),
    month           date NOT NULL,
    ward_id         bigint NOT NULL,
    group_id        bigint NOT NULL,
    person_id       bigint NOT NULL,
    meetings        bigint[] NOT NULL,
    days            date[] NOT NULL,
    attended        boolean[] NOT NULL,
    clash           boolean[] NOT NULL,
    missing         boolean[] NOT NULL,
    -- meetings not attended (any reason), and whether any was a clash or a missing report
    missed          integer NOT NULL,
    exceptional     boolean NOT NULL,
    PRIMARY KEY (city_id, month, ward_id, group_id, person_id)
);
CREATE INDEX dashboard_rollup_members_exceptions ON dashboard_rollup_members (city_id, month) WHERE exceptional;

-- Bumps a ward-month's version (inserting its row when it has none).
CREATE FUNCTION dashboard_bump(city bigint, ward bigint, m date) RETURNS void LANGUAGE sql AS $$
    INSERT INTO dashboard_rollup_wards AS w (city_id, month, ward_id, version)
    VALUES (city, m, ward, 1)
    ON CONFLICT (city_id, month, ward_id) DO UPDATE SET version = w.version + 1
$$;

-- A cell meeting: its own ward-month (before and after the change).
CREATE FUNCTION dashboard_bump_meeting_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' AND NEW.cell_id IS NOT NULL THEN
        PERFORM dashboard_bump(NEW.city_id, NEW.ward_id, NEW.month);
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.cell_id IS NOT NULL
       AND (TG_OP = 'DELETE' OR OLD.ward_id <> NEW.ward_id OR OLD.month <> NEW.month OR NEW.cell_id IS NULL) THEN
        PERFORM dashboard_bump(OLD.city_id, OLD.ward_id, OLD.month);
    END IF;
    RETURN NULL;
END $$;

-- A row of a meeting (substitute, absence, attendance, report): the meeting's ward-month.
CREATE FUNCTION dashboard_bump_of_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        PERFORM dashboard_bump(m.city_id, m.ward_id, m.month) FROM meetings m WHERE m.id = NEW.meeting_id AND m.cell_id IS NOT NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR OLD.meeting_id <> NEW.meeting_id) THEN
        PERFORM dashboard_bump(m.city_id, m.ward_id, m.month) FROM meetings m WHERE m.id = OLD.meeting_id AND m.cell_id IS NOT NULL;
    END IF;
    RETURN NULL;
END $$;

-- An assignment (cell, month): the ward-months of that cell's meetings of the month.
CREATE FUNCTION dashboard_bump_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        PERFORM dashboard_bump(x.city_id, x.ward_id, x.month)
        FROM (SELECT DISTINCT m.city_id, m.ward_id, m.month FROM meetings m WHERE m.cell_id = NEW.cell_id AND m.month = NEW.month) x;
    END IF;
    IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR OLD.cell_id <> NEW.cell_id OR OLD.month <> NEW.month) THEN
        PERFORM dashboard_bump(x.city_id, x.ward_id, x.month)
        FROM (SELECT DISTINCT m.city_id, m.ward_id, m.month FROM meetings m WHERE m.cell_id = OLD.cell_id AND m.month = OLD.month) x;
    END IF;
    RETURN NULL;
END $$;

-- A change to the working-day calendar moves the due dates of the meetings of the months
-- before the day (5 working days: at most three weeks, even across Tết): the ward-months
-- of those months, and of the day's own month, are bumped (rows that were never computed
-- are stale anyway).
CREATE FUNCTION dashboard_bump_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.city_id ELSE NEW.city_id END;
    d date := CASE WHEN TG_OP = 'DELETE' THEN OLD.day ELSE NEW.day END;
BEGIN
    UPDATE dashboard_rollup_wards SET version = version + 1
    WHERE city_id = c AND month BETWEEN date_trunc('month', d - 62)::date AND d;
    IF TG_OP = 'UPDATE' AND OLD.day <> NEW.day THEN
        UPDATE dashboard_rollup_wards SET version = version + 1
        WHERE city_id = OLD.city_id AND month BETWEEN date_trunc('month', OLD.day - 62)::date AND OLD.day;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER dashboard_meetings AFTER INSERT OR UPDATE OR DELETE ON meetings
    FOR EACH ROW EXECUTE FUNCTION dashboard_bump_meeting_row();
CREATE TRIGGER dashboard_assignments AFTER INSERT OR UPDATE OR DELETE ON assignments
    FOR EACH ROW EXECUTE FUNCTION dashboard_bump_assignment();
CREATE TRIGGER dashboard_substitutes AFTER INSERT OR UPDATE OR DELETE ON meeting_substitutes
    FOR EACH ROW EXECUTE FUNCTION dashboard_bump_of_meeting();
CREATE TRIGGER dashboard_absences AFTER INSERT OR UPDATE OR DELETE ON meeting_absences
    FOR EACH ROW EXECUTE FUNCTION dashboard_bump_of_meeting();
CREATE TRIGGER dashboard_attendance AFTER INSERT OR UPDATE OR DELETE ON meeting_attendance
    FOR EACH ROW EXECUTE FUNCTION dashboard_bump_of_meeting();
CREATE TRIGGER dashboard_reports AFTER INSERT OR UPDATE OR DELETE ON attendance_reports
    FOR EACH ROW EXECUTE FUNCTION dashboard_bump_of_meeting();
CREATE TRIGGER dashboard_calendar AFTER INSERT OR UPDATE OR DELETE ON calendar_days
    FOR EACH ROW EXECUTE FUNCTION dashboard_bump_calendar();

-- The late-announcement finding reads only the meetings announced less than N days ahead
-- (the city's setting): by how long ahead they were announced, not by scanning every
-- meeting of the period.
CREATE INDEX meetings_announce_lead ON meetings (city_id, (starts_at - announced_at))
    INCLUDE (month, ward_id, cell_id, status)
    WHERE announced_at IS NOT NULL AND cell_id IS NOT NULL;
-- its statistics (a partial index's own are not used for estimates): without them the
-- planner guesses a third of the meetings are under the lead and scans the whole period
CREATE STATISTICS meetings_announce_lead_stats ON (starts_at - announced_at) FROM meetings;
