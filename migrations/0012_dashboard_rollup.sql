-- Issue 10: the dashboard at national scale. Its attendance figures for a settled month
-- (every report of it past its due date: two months back and earlier) are kept rolled up
-- per (month, ward, group) instead of being counted again from every (meeting, member)
-- row; the two latest months of a period are always counted from the rows. A change to a
-- settled month's rows marks the month stale (triggers below) and the next read computes it
-- again, so the figures never differ from the rows (src/dashboard/rollup.rs).

-- One row per city and settled month that has been computed; fresh = false once a row it
-- was computed from changed.
CREATE TABLE dashboard_rollup_months (
    city_id         bigint NOT NULL REFERENCES org_units (id),
    month           date NOT NULL CHECK (extract(day FROM month) = 1),
    fresh           boolean NOT NULL DEFAULT false,
    computed_at     timestamptz,
    PRIMARY KEY (city_id, month)
);

-- The counts of a month, per ward and group (group_id 0: a meeting whose member was on no
-- group's board), as src/dashboard/figures.rs counts them.
CREATE TABLE dashboard_rollup (
    city_id         bigint NOT NULL REFERENCES org_units (id),
    month           date NOT NULL,
    ward_id         bigint NOT NULL,
    group_id        bigint NOT NULL,
    expected        integer NOT NULL,
    attended        integer NOT NULL,
    substituted     integer NOT NULL,
    absent_reason   integer NOT NULL,
    absent_clash    integer NOT NULL,
    on_time         integer NOT NULL,
    late            integer NOT NULL,
    missing         integer NOT NULL,
    pending         integer NOT NULL,
    -- reports submitted at quality level 1 … 4
    levels          integer[] NOT NULL,
    PRIMARY KEY (city_id, month, ward_id, group_id)
);

-- The members' exceptions of a settled month, for the findings' evidence: the meetings
-- missed because of a clash, and those whose report is missing.
CREATE TABLE dashboard_rollup_members (
    city_id         bigint NOT NULL REFERENCES org_units (id),
    month           date NOT NULL,
    person_id       bigint NOT NULL,
    ward_id         bigint NOT NULL,
    group_id        bigint NOT NULL,
    clash_meetings  bigint[] NOT NULL,
    clash_days      date[] NOT NULL,
    missing_meetings bigint[] NOT NULL,
    missing_days    date[] NOT NULL,
    PRIMARY KEY (city_id, month, person_id, ward_id, group_id)
);

-- The figures read a city's months, and each ward's committee meeting of a month (the
-- invitations: a province's 168 wards over five years are 10,000 of them).
CREATE INDEX meetings_city_month ON meetings (city_id, month);
CREATE INDEX meetings_ward_committee ON meetings (ward_id, month) WHERE kind = 'ward_committee';

-- Marks (city, month) stale when it is a settled month (before the previous month in
-- Vietnam): the current and previous months are never rolled up, so the many writes to
-- them (check-ins, reports being saved) touch nothing here.
CREATE FUNCTION dashboard_mark(city bigint, m date) RETURNS void LANGUAGE sql AS $$
    INSERT INTO dashboard_rollup_months (city_id, month, fresh)
    SELECT city, m, false
    WHERE m < (date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') - interval '1 month')::date
    ON CONFLICT (city_id, month) DO UPDATE SET fresh = false
$$;

CREATE FUNCTION dashboard_mark_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        PERFORM dashboard_mark(m.city_id, m.month) FROM meetings m WHERE m.id = NEW.meeting_id;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM dashboard_mark(m.city_id, m.month) FROM meetings m WHERE m.id = OLD.meeting_id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION dashboard_mark_own() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        PERFORM dashboard_mark(NEW.city_id, NEW.month);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM dashboard_mark(OLD.city_id, OLD.month);
    END IF;
    RETURN NULL;
END $$;

-- A change to the working-day calendar moves the due dates of the meetings of the two
-- months before the day: those months are stale.
CREATE FUNCTION dashboard_mark_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.city_id ELSE NEW.city_id END;
    d date := CASE WHEN TG_OP = 'DELETE' THEN OLD.day ELSE NEW.day END;
BEGIN
    UPDATE dashboard_rollup_months SET fresh = false
    WHERE city_id = c AND fresh AND month BETWEEN date_trunc('month', d - 62)::date AND d;
    IF TG_OP = 'UPDATE' AND OLD.day <> NEW.day THEN
        UPDATE dashboard_rollup_months SET fresh = false
        WHERE city_id = OLD.city_id AND fresh AND month BETWEEN date_trunc('month', OLD.day - 62)::date AND OLD.day;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER dashboard_meetings AFTER INSERT OR UPDATE OR DELETE ON meetings
    FOR EACH ROW EXECUTE FUNCTION dashboard_mark_own();
CREATE TRIGGER dashboard_assignments AFTER INSERT OR UPDATE OR DELETE ON assignments
    FOR EACH ROW EXECUTE FUNCTION dashboard_mark_own();
CREATE TRIGGER dashboard_substitutes AFTER INSERT OR UPDATE OR DELETE ON meeting_substitutes
    FOR EACH ROW EXECUTE FUNCTION dashboard_mark_meeting();
CREATE TRIGGER dashboard_absences AFTER INSERT OR UPDATE OR DELETE ON meeting_absences
    FOR EACH ROW EXECUTE FUNCTION dashboard_mark_meeting();
CREATE TRIGGER dashboard_attendance AFTER INSERT OR UPDATE OR DELETE ON meeting_attendance
    FOR EACH ROW EXECUTE FUNCTION dashboard_mark_meeting();
CREATE TRIGGER dashboard_reports AFTER INSERT OR UPDATE OR DELETE ON attendance_reports
    FOR EACH ROW EXECUTE FUNCTION dashboard_mark_meeting();
CREATE TRIGGER dashboard_calendar AFTER INSERT OR UPDATE OR DELETE ON calendar_days
    FOR EACH ROW EXECUTE FUNCTION dashboard_mark_calendar();
