-- Working groups, who sits in them, which wards they follow, and the monthly assignment
-- board (DOMAIN rules 1–2; seed I.1.1, III.1). Every membership and every following is a
-- dated stint, never overwritten, so "who was in which group, following which ward,
-- when" can always be answered.

-- date ranges that may not overlap need GiST over plain columns
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE working_groups (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- the establishing decision, e.g. "687-QĐ/TU" of 05/7/2019
    decision_no     text NOT NULL DEFAULT '' CHECK (length(decision_no) <= 60),
    decision_date   date,
    active_from     date NOT NULL,
    active_to       date,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT group_dates CHECK (active_to IS NULL OR active_to >= active_from)
);
CREATE UNIQUE INDEX group_name_per_city ON working_groups (city_id, lower(name));

-- A stint of a person in a group. active_to is exclusive (the first day no longer in).
CREATE TABLE group_members (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    group_id        bigint NOT NULL REFERENCES working_groups (id),
    person_id       bigint NOT NULL REFERENCES people (id),
    role            text NOT NULL CHECK (role IN ('leader', 'deputy', 'member')),
    active_from     date NOT NULL,
    active_to       date,
    CONSTRAINT member_dates CHECK (active_to IS NULL OR active_to > active_from),
    -- a person holds one seat in a group at a time (several groups are fine)
    CONSTRAINT member_once EXCLUDE USING gist (
        group_id WITH =, person_id WITH =, daterange(active_from, active_to, '[)') WITH &&),
    -- one leader at a time
    CONSTRAINT one_leader EXCLUDE USING gist (
        group_id WITH =, daterange(active_from, active_to, '[)') WITH &&) WHERE (role = 'leader')
);
CREATE INDEX group_members_person ON group_members (person_id);

-- A stint of a group following a ward. A ward is followed by exactly one group at a time.
CREATE TABLE group_wards (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    group_id        bigint NOT NULL REFERENCES working_groups (id),
    ward_id         bigint NOT NULL REFERENCES org_units (id),
    active_from     date NOT NULL,
    active_to       date,
    CONSTRAINT follow_dates CHECK (active_to IS NULL OR active_to > active_from),
    CONSTRAINT ward_followed_once EXCLUDE USING gist (
        ward_id WITH =, daterange(active_from, active_to, '[)') WITH &&)
);
CREATE INDEX group_wards_group ON group_wards (group_id);

-- The group's plan for a period (free text, e.g. the half-year work plan).
CREATE TABLE group_plans (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    group_id        bigint NOT NULL REFERENCES working_groups (id),
    period_from     date NOT NULL,
    period_to       date NOT NULL,
    body            text NOT NULL CHECK (length(body) <= 20000),
    version         integer NOT NULL DEFAULT 1,
    CONSTRAINT plan_dates CHECK (period_to >= period_from)
);
CREATE INDEX group_plans_group ON group_plans (group_id, period_from);

-- The monthly board of a group: its version makes concurrent edits of one board safe
-- (every change to the board's assignments bumps it; a stale one is refused).
CREATE TABLE boards (
    group_id        bigint NOT NULL REFERENCES working_groups (id),
    month           date NOT NULL CHECK (extract(day FROM month) = 1),
    city_id         bigint NOT NULL REFERENCES org_units (id),
    version         integer NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, month)
);

-- Who attends which cell's meeting in a month. The cell's past assignments stay attributed
-- to it after a merge (continuing_unit() counts them under the cell that continues it).
CREATE TABLE assignments (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    group_id        bigint NOT NULL REFERENCES working_groups (id),
    month           date NOT NULL CHECK (extract(day FROM month) = 1),
    cell_id         bigint NOT NULL REFERENCES org_units (id),
    person_id       bigint NOT NULL REFERENCES people (id),
    created_by      bigint REFERENCES accounts (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT assignment_once UNIQUE (month, cell_id, person_id)
);
CREATE INDEX assignments_group_month ON assignments (group_id, month);
CREATE INDEX assignments_cell_month ON assignments (cell_id, month);
CREATE INDEX assignments_person_month ON assignments (person_id, month);
