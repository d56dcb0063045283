-- Issue 7: the meeting calendar. Cells' monthly meetings and ward committee meetings,
-- with their place, time, status and the moment they were announced; each cell's usual
-- pattern, which prefills the ward's month grid.

-- How many days before a meeting its announcement must reach the members; a later one
-- is a finding for the dashboard (seed II.2: late or missing announcements).
ALTER TABLE city_settings
    ADD COLUMN announce_lead_days smallint NOT NULL DEFAULT 3 CHECK (announce_lead_days BETWEEN 0 AND 30);

CREATE TABLE meetings (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    -- the ward whose schedule it belongs to (a cell meeting: the cell's ward)
    ward_id         bigint NOT NULL REFERENCES org_units (id),
    -- the cell that meets; NULL for a ward committee meeting (phiên họp Đảng ủy phường)
    cell_id         bigint REFERENCES org_units (id),
    kind            text NOT NULL CHECK (kind IN (
                        'regular',        -- sinh hoạt chi bộ định kỳ (monthly)
                        'thematic',       -- sinh hoạt chuyên đề (its theme in topic)
                        'extraordinary',  -- sinh hoạt bất thường
                        'ward_committee'  -- phiên họp Đảng ủy phường (the group is invited)
                    )),
    -- the month the meeting counts for (its date in Vietnam), which ties it to that
    -- month's assignment board: who is expected
    month           date NOT NULL CHECK (extract(day FROM month) = 1),
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL,
    place           text NOT NULL DEFAULT '' CHECK (length(place) <= 300),
    topic           text NOT NULL DEFAULT '' CHECK (length(topic) <= 2000),
    status          text NOT NULL DEFAULT 'planned' CHECK (status IN (
                        'planned', 'announced', 'held', 'postponed', 'cancelled')),
    -- why it was postponed, cancelled or moved (the history of every change, with its
    -- reason, is in audit_log under entity 'meeting')
    status_reason   text,
    -- when the members were told (status announced); late announcements are findings
    announced_at    timestamptz,
    -- ward committee meetings: when the working group was invited
    invited_at      timestamptz,
    -- RFC 5545 SEQUENCE: bumped whenever the time, place or status changes, so calendar
    -- clients replace the event they hold
    sequence        integer NOT NULL DEFAULT 0,
    version         integer NOT NULL DEFAULT 1,
    created_by      bigint REFERENCES accounts (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT meeting_times CHECK (ends_at > starts_at),
    CONSTRAINT meeting_cell CHECK ((kind = 'ward_committee') = (cell_id IS NULL)),
    -- one cell does not hold two meetings at once (cancelled and postponed ones free the slot)
    CONSTRAINT cell_meetings_apart EXCLUDE USING gist (
        cell_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (cell_id IS NOT NULL AND status IN ('planned', 'announced', 'held')),
    CONSTRAINT ward_committee_meetings_apart EXCLUDE USING gist (
        ward_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (kind = 'ward_committee' AND status IN ('planned', 'announced', 'held'))
);
CREATE INDEX meetings_ward_time ON meetings (ward_id, starts_at);
CREATE INDEX meetings_city_time ON meetings (city_id, starts_at);
CREATE INDEX meetings_cell_month ON meetings (cell_id, month);

-- A cell's usual pattern: "the 5th, 19:30, at the cultural house" (day_of_month) or "the
-- first Sunday, 08:00" (week_of_month + weekday). It prefills the ward's month grid.
CREATE TABLE cell_meeting_rules (
    cell_id         bigint PRIMARY KEY REFERENCES org_units (id),
    city_id         bigint NOT NULL REFERENCES org_units (id),
    day_of_month    smallint CHECK (day_of_month BETWEEN 1 AND 31),
    -- 1..4, or -1 for the last one of the month
    week_of_month   smallint CHECK (week_of_month IN (1, 2, 3, 4, -1)),
    -- ISO weekday: 1 Monday … 7 Sunday
    weekday         smallint CHECK (weekday BETWEEN 1 AND 7),
    starts          time NOT NULL,
    ends            time NOT NULL,
    place           text NOT NULL DEFAULT '' CHECK (length(place) <= 300),
    version         integer NOT NULL DEFAULT 1,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT rule_times CHECK (ends > starts),
    CONSTRAINT rule_day CHECK (
        (day_of_month IS NOT NULL AND week_of_month IS NULL AND weekday IS NULL)
        OR (day_of_month IS NULL AND week_of_month IS NOT NULL AND weekday IS NOT NULL))
);

-- Private calendar subscriptions (ICS): a member's own meetings, or a ward's schedule.
-- The URL carries a random secret; only its SHA-256 is stored. Revoking a feed (or making
-- a new one, which revokes the old) stops it at once.
CREATE TABLE calendar_feeds (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    token_hash      text NOT NULL UNIQUE,
    -- exactly one: the member whose meetings it lists, or the ward whose schedule it lists
    person_id       bigint REFERENCES people (id),
    ward_id         bigint REFERENCES org_units (id),
    created_by      bigint NOT NULL REFERENCES accounts (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz,
    last_used_at    timestamptz,
    CONSTRAINT feed_subject CHECK ((person_id IS NULL) <> (ward_id IS NULL))
);
CREATE INDEX calendar_feeds_person ON calendar_feeds (person_id) WHERE revoked_at IS NULL;
CREATE INDEX calendar_feeds_ward ON calendar_feeds (ward_id) WHERE revoked_at IS NULL;

-- A member's other engagements: typed in, or read from an uploaded calendar file (which
-- replaces the previous upload's). A meeting he is expected at that overlaps one clashes.
CREATE TABLE busy_times (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    person_id       bigint NOT NULL REFERENCES people (id),
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL,
    note            text NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    source          text NOT NULL DEFAULT 'typed' CHECK (source IN ('typed', 'ics')),
    ics_uid         text,
    created_by      bigint REFERENCES accounts (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT busy_times_order CHECK (ends_at > starts_at)
);
CREATE INDEX busy_times_person ON busy_times (person_id, starts_at);

-- The leader sends another member of the group to one meeting instead of the member the
-- board assigned (who clashes): he is then the one expected at it.
CREATE TABLE meeting_substitutes (
    meeting_id      bigint NOT NULL REFERENCES meetings (id),
    -- the member assigned (by the board, or invited with the group)
    person_id       bigint NOT NULL REFERENCES people (id),
    substitute_id   bigint NOT NULL REFERENCES people (id),
    city_id         bigint NOT NULL REFERENCES org_units (id),
    accepted_by     bigint REFERENCES accounts (id),
    accepted_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, person_id),
    CONSTRAINT substitute_not_self CHECK (substitute_id <> person_id)
);
CREATE INDEX meeting_substitutes_substitute ON meeting_substitutes (substitute_id);

-- The in-app inbox: one row per member and change that concerns him.
CREATE TABLE notices (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    person_id       bigint NOT NULL REFERENCES people (id),
    kind            text NOT NULL,
    meeting_id      bigint REFERENCES meetings (id),
    title           text NOT NULL,
    body            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    read_at         timestamptz
);
CREATE INDEX notices_person ON notices (person_id, created_at DESC);

-- E-mails waiting to be sent (SMTP when configured), or kept for administrators to see.
CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    notice_id       bigint REFERENCES notices (id),
    to_address      text NOT NULL,
    subject         text NOT NULL,
    body            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text
);
CREATE INDEX outbox_waiting ON outbox (created_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_city ON outbox (city_id, created_at DESC);

-- The ward's briefing before a meeting: its situation note, in the four parts the seed
-- names, and its files.
CREATE TABLE briefings (
    meeting_id        bigint PRIMARY KEY REFERENCES meetings (id),
    city_id           bigint NOT NULL REFERENCES org_units (id),
    socio_economic    text NOT NULL DEFAULT '' CHECK (length(socio_economic) <= 10000),
    defence_security  text NOT NULL DEFAULT '' CHECK (length(defence_security) <= 10000),
    party_building    text NOT NULL DEFAULT '' CHECK (length(party_building) <= 10000),
    local_issues      text NOT NULL DEFAULT '' CHECK (length(local_issues) <= 10000),
    version           integer NOT NULL DEFAULT 1,
    updated_by        bigint REFERENCES accounts (id),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

-- Files kept with the data (one backup holds everything; a file and its record are saved
-- together). A removed file is only marked, so the history keeps what was attached.
CREATE TABLE meeting_files (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    meeting_id      bigint NOT NULL REFERENCES meetings (id),
    file_name       text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    content_type    text NOT NULL,
    size_bytes      integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
    sha256          text NOT NULL,
    data            bytea NOT NULL,
    uploaded_by     bigint REFERENCES accounts (id),
    uploaded_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    deleted_by      bigint REFERENCES accounts (id)
);
CREATE INDEX meeting_files_meeting ON meeting_files (meeting_id) WHERE deleted_at IS NULL;
