-- Issue 8: at the meeting on a phone, and the attendance report due in 5 working days.
-- The working-day calendar (Vietnamese public holidays, by the lunar calendar for Tết and
-- Hùng Kings' day, and the government's announced swaps), check-ins, absences, the
-- member's attendance report with its quality rating, the recommendations heard, and the
-- ward's confirmation of who attended.

-- ------------------------------------------------------------------ working days
-- The days that differ from "Monday to Friday work, Saturday and Sunday rest", per city
-- and year. A year is filled from the rules (and, for the years the app knows, from the
-- government's announcements) the first time it is needed; an admin corrects it after.
CREATE TABLE calendar_years (
    city_id         bigint NOT NULL REFERENCES org_units (id),
    year            smallint NOT NULL CHECK (year BETWEEN 1990 AND 2200),
    filled_from     text NOT NULL CHECK (filled_from IN ('rules', 'announced')),
    version         integer NOT NULL DEFAULT 1,
    updated_by      bigint REFERENCES accounts (id),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (city_id, year)
);

CREATE TABLE calendar_days (
    city_id         bigint NOT NULL REFERENCES org_units (id),
    day             date NOT NULL,
    kind            text NOT NULL CHECK (kind IN (
                        'holiday',     -- a public holiday (ngày lễ, Tết)
                        'day_off',     -- a weekday off: compensation or a swapped day (nghỉ bù)
                        'worked_day'   -- a Saturday or Sunday worked in exchange (làm bù)
                    )),
    label           text NOT NULL DEFAULT '' CHECK (length(label) <= 100),
    source          text NOT NULL CHECK (source IN ('rules', 'announced', 'admin')),
    PRIMARY KEY (city_id, day),
    -- a worked day is a weekend day; a day off is a weekday
    CONSTRAINT worked_day_is_weekend CHECK (kind <> 'worked_day' OR extract(isodow FROM day) >= 6)
);

-- ------------------------------------------------------------------ cells
-- How many party members a cell has (the denominator of "members present").
ALTER TABLE org_units ADD COLUMN party_members smallint CHECK (party_members BETWEEN 0 AND 5000);

-- ------------------------------------------------------------------ who is expected
-- Who is expected at each meeting, in one place: for a cell meeting, that month's
-- assignments of the cell; for a ward committee meeting, every member of the group that
-- follows the ward that day. A substitute the leader accepted takes the place of the member
-- he replaces (assigned_id keeps who that was). Filter it by meeting_id: the planner pushes
-- the condition into both branches.
CREATE VIEW meeting_expected AS
SELECT m.id AS meeting_id, m.city_id, COALESCE(s.substitute_id, a.person_id) AS person_id, a.person_id AS assigned_id
FROM meetings m
JOIN assignments a ON a.cell_id = m.cell_id AND a.month = m.month
LEFT JOIN meeting_substitutes s ON s.meeting_id = m.id AND s.person_id = a.person_id
WHERE m.cell_id IS NOT NULL
UNION ALL
SELECT m.id, m.city_id, COALESCE(s.substitute_id, gm.person_id), gm.person_id
FROM meetings m
JOIN group_wards gw ON gw.ward_id = m.ward_id
     AND gw.active_from <= (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
     AND (gw.active_to IS NULL OR gw.active_to > (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
JOIN group_members gm ON gm.group_id = gw.group_id
     AND gm.active_from <= (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
     AND (gm.active_to IS NULL OR gm.active_to > (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
LEFT JOIN meeting_substitutes s ON s.meeting_id = m.id AND s.person_id = gm.person_id
WHERE m.cell_id IS NULL;

-- ------------------------------------------------------------------ absence
-- A member expected at a meeting who cannot go says so, and why, before it starts; the
-- leader may then send a substitute (meeting_substitutes), who takes the meeting and reports.
CREATE TABLE meeting_absences (
    meeting_id      bigint NOT NULL REFERENCES meetings (id),
    person_id       bigint NOT NULL REFERENCES people (id),
    city_id         bigint NOT NULL REFERENCES org_units (id),
    reason          text NOT NULL CHECK (reason IN ('clash', 'illness', 'assignment', 'other')),
    note            text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    recorded_by     bigint REFERENCES accounts (id),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, person_id)
);

-- ------------------------------------------------------------------ the ward's side
-- After the meeting the ward, from the cell's minutes, confirms who of those expected came.
CREATE TABLE meeting_attendance (
    meeting_id      bigint NOT NULL REFERENCES meetings (id),
    person_id       bigint NOT NULL REFERENCES people (id),
    city_id         bigint NOT NULL REFERENCES org_units (id),
    attended        boolean NOT NULL,
    confirmed_by    bigint REFERENCES accounts (id),
    confirmed_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, person_id)
);

-- ------------------------------------------------------------------ the member's report
-- One per meeting and member (the member expected, or the substitute recorded for him).
-- It starts as the phone's capture at the meeting (check-in, running note, figures) and
-- becomes the report (seed I.2.2: within 5 working days, to the Standing Committee through
-- the Organization Board). draft → submitted → acknowledged, or returned → submitted again.
CREATE TABLE attendance_reports (
    id                  bigserial PRIMARY KEY,
    city_id             bigint NOT NULL REFERENCES org_units (id),
    meeting_id          bigint NOT NULL REFERENCES meetings (id),
    person_id           bigint NOT NULL REFERENCES people (id),
    status              text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'acknowledged', 'returned')),
    checked_in_at       timestamptz,
    -- at the meeting
    running_note        text NOT NULL DEFAULT '' CHECK (length(running_note) <= 20000),
    members_present     smallint CHECK (members_present BETWEEN 0 AND 5000),
    members_total       smallint CHECK (members_total BETWEEN 0 AND 5000),
    informed            boolean NOT NULL DEFAULT false,   -- thông tin thời sự
    oriented            boolean NOT NULL DEFAULT false,   -- định hướng dư luận
    commented           boolean NOT NULL DEFAULT false,   -- góp ý nội dung sinh hoạt
    -- the report
    summary             text NOT NULL DEFAULT '' CHECK (length(summary) <= 10000),
    information_given   text NOT NULL DEFAULT '' CHECK (length(information_given) <= 10000),
    orientation         text NOT NULL DEFAULT '' CHECK (length(orientation) <= 10000),
    contributions       text NOT NULL DEFAULT '' CHECK (length(contributions) <= 10000),
    ideology            text NOT NULL DEFAULT '' CHECK (length(ideology) <= 10000),
    -- complex issues detected; when confidential only the Organization Board, the Standing
    -- Committee and the author read it
    complex_issues      text NOT NULL DEFAULT '' CHECK (length(complex_issues) <= 10000),
    complex_confidential boolean NOT NULL DEFAULT false,
    -- the meeting's quality overall, 1 (weak) … 4 (good); per criterion in report_ratings
    overall_level       smallint CHECK (overall_level BETWEEN 1 AND 4),
    submitted_at        timestamptz,
    -- the keys the phone sent with the last save and the submission, so a save or a
    -- submission retried after a timeout is stored once
    save_key            uuid,
    submit_key          uuid,
    reviewed_by         bigint REFERENCES accounts (id),
    reviewed_at         timestamptz,
    review_comment      text CHECK (length(review_comment) <= 2000),
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (meeting_id, person_id),
    CONSTRAINT present_within_total CHECK (members_present IS NULL OR members_total IS NULL OR members_present <= members_total)
);
CREATE INDEX attendance_reports_person ON attendance_reports (person_id, meeting_id);
CREATE INDEX attendance_reports_city_status ON attendance_reports (city_id, status, submitted_at);

-- The quality criteria a city rates its meetings by (default: preparation, procedure,
-- content, outcome, attendance), each on the four-level scale.
CREATE TABLE rating_criteria (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    code            text NOT NULL CHECK (code ~ '^[a-z_]{1,30}$'),
    name_vi         text NOT NULL CHECK (length(name_vi) BETWEEN 1 AND 100),
    name_en         text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
    position        smallint NOT NULL DEFAULT 0,
    active          boolean NOT NULL DEFAULT true,
    UNIQUE (city_id, code)
);

CREATE TABLE report_ratings (
    report_id       bigint NOT NULL REFERENCES attendance_reports (id),
    criterion_id    bigint NOT NULL REFERENCES rating_criteria (id),
    level           smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
    PRIMARY KEY (report_id, criterion_id)
);

-- ------------------------------------------------------------------ recommendations
-- What residents and party members raised at the meeting (kiến nghị, đề xuất, phản ánh).
-- Born in a member's capture; the next issue tracks each to its resolution (status,
-- responsible body, due date, answers), so this table is theirs too.
CREATE TABLE recommendations (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    -- the phone's id for it, so a capture synced twice is stored once
    client_key      uuid NOT NULL UNIQUE,
    meeting_id      bigint REFERENCES meetings (id),
    report_id       bigint REFERENCES attendance_reports (id),
    ward_id         bigint NOT NULL REFERENCES org_units (id),
    cell_id         bigint REFERENCES org_units (id),
    raised_by       text NOT NULL DEFAULT '' CHECK (length(raised_by) <= 200),
    content         text NOT NULL CHECK (length(content) BETWEEN 1 AND 5000),
    domain          text NOT NULL CHECK (domain IN (
                        'land', 'environment', 'security', 'social_policy', 'party_building', 'other')),
    status          text NOT NULL DEFAULT 'new',
    version         integer NOT NULL DEFAULT 1,
    created_by      bigint REFERENCES accounts (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz
);
CREATE INDEX recommendations_cell ON recommendations (cell_id, created_at DESC);
CREATE INDEX recommendations_report ON recommendations (report_id);
CREATE INDEX recommendations_city ON recommendations (city_id, created_at DESC);

-- Every city starts with the five default criteria (a trigger, so a city made later gets them too).
CREATE FUNCTION add_default_rating_criteria() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rating_criteria (city_id, code, name_vi, name_en, position) VALUES
        (NEW.id, 'preparation', 'Công tác chuẩn bị', 'Preparation', 1),
        (NEW.id, 'procedure', 'Trình tự, thủ tục', 'Procedure', 2),
        (NEW.id, 'content', 'Nội dung', 'Content', 3),
        (NEW.id, 'outcome', 'Kết quả', 'Outcome', 4),
        (NEW.id, 'attendance', 'Tỷ lệ tham dự', 'Attendance', 5)
    ON CONFLICT DO NOTHING;
    RETURN NEW;
END $$;
CREATE TRIGGER org_units_default_criteria AFTER INSERT ON org_units
    FOR EACH ROW WHEN (NEW.kind = 'city') EXECUTE FUNCTION add_default_rating_criteria();
INSERT INTO rating_criteria (city_id, code, name_vi, name_en, position)
SELECT c.id, v.code, v.vi, v.en, v.pos FROM org_units c,
    (VALUES ('preparation', 'Công tác chuẩn bị', 'Preparation', 1), ('procedure', 'Trình tự, thủ tục', 'Procedure', 2),
            ('content', 'Nội dung', 'Content', 3), ('outcome', 'Kết quả', 'Outcome', 4),
            ('attendance', 'Tỷ lệ tham dự', 'Attendance', 5)) AS v(code, vi, en, pos)
WHERE c.kind = 'city'
ON CONFLICT DO NOTHING;
