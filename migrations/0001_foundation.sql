-- Foundation: the organisation tree, people, accounts, sessions, audit log.
--
-- Every table that grows with the country carries city_id, the key of the city (or
-- province) committee that owns the row, so the data can later be partitioned or
-- distributed by it (ROADMAP "Scale").

-- One tree for every organisation the regulation names. Party units (the city committee,
-- ward committees, cells, party boards) and state bodies (people's committees, city
-- departments) live in one table because people belong to any of them (home agency),
-- accounts are scoped to any of them, and recommendations (later) are routed to any of them.
CREATE TABLE org_units (
    id              bigserial PRIMARY KEY,
    -- the root committee this unit belongs to; the root points at itself
    city_id         bigint NOT NULL REFERENCES org_units (id),
    parent_id       bigint REFERENCES org_units (id),
    kind            text NOT NULL CHECK (kind IN (
                        'city',          -- Thành ủy
                        'ward',          -- Đảng ủy phường (xã)
                        'cell',          -- chi bộ
                        'party_board',   -- Ban Tổ chức, Ban Tuyên giáo, UBKT, ...
                        'state_body'     -- UBND, city departments
                    )),
    -- cells only: residential (khu dân cư / khu phố) or other (agencies, schools...)
    cell_kind       text CHECK (cell_kind IN ('residential', 'other')),
    code            text NOT NULL,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- cells flagged "difficult/complex" are prioritised in assignments (seed III.1)
    is_difficult    boolean NOT NULL DEFAULT false,
    active_from     date NOT NULL,
    active_to       date,
    -- a cell absorbed in a merge ends on the merge date and points at the cell that
    -- continues it; its past stays attributed to it and countable through it
    merged_into_id  bigint REFERENCES org_units (id),
    note            text NOT NULL DEFAULT '',
    -- optimistic versioning: every update must name the version it read
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT org_unit_dates CHECK (active_to IS NULL OR active_to >= active_from),
    CONSTRAINT org_unit_cell_kind CHECK ((kind = 'cell') = (cell_kind IS NOT NULL)),
    CONSTRAINT org_unit_merge_ends CHECK (merged_into_id IS NULL OR active_to IS NOT NULL),
    CONSTRAINT org_unit_not_merged_into_self CHECK (merged_into_id IS NULL OR merged_into_id <> id),
    CONSTRAINT org_unit_root CHECK ((kind = 'city') = (parent_id IS NULL))
);

-- A cell's code is unique within its ward (the ward's own numbering, e.g. "KP3").
CREATE UNIQUE INDEX cell_code_per_ward ON org_units (parent_id, lower(code)) WHERE kind = 'cell';
-- A ward's (or board's, body's) code is unique within its city.
CREATE UNIQUE INDEX unit_code_per_city ON org_units (city_id, kind, lower(code)) WHERE kind <> 'cell';
CREATE INDEX org_units_parent ON org_units (parent_id, kind);
CREATE INDEX org_units_city_kind ON org_units (city_id, kind);
CREATE INDEX org_units_merged_into ON org_units (merged_into_id) WHERE merged_into_id IS NOT NULL;

-- The cell that carries a cell's line today: follow merged_into until it stops.
-- Used to count a merged cell's past under the cell that continues it.
CREATE FUNCTION continuing_unit(unit bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE chain(id, next, depth) AS (
        SELECT id, merged_into_id, 0 FROM org_units WHERE id = unit
        UNION ALL
        SELECT o.id, o.merged_into_id, c.depth + 1
        FROM chain c JOIN org_units o ON o.id = c.next
        WHERE c.depth < 100
    )
    SELECT id FROM chain ORDER BY depth DESC LIMIT 1
$$;

CREATE TABLE people (
    id                      bigserial PRIMARY KEY,
    city_id                 bigint NOT NULL REFERENCES org_units (id),
    full_name               text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 120),
    position                text NOT NULL DEFAULT '' CHECK (length(position) <= 200),
    -- the unit that receives this person's yearly notice (DOMAIN rule 8)
    home_unit_id            bigint REFERENCES org_units (id),
    is_standing_member      boolean NOT NULL DEFAULT false,   -- Ủy viên Ban Thường vụ
    is_committee_member     boolean NOT NULL DEFAULT false,   -- Thành ủy viên
    phone                   text NOT NULL DEFAULT '' CHECK (length(phone) <= 30),
    email                   text NOT NULL DEFAULT '' CHECK (length(email) <= 200),
    active                  boolean NOT NULL DEFAULT true,
    version                 integer NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX people_city_name ON people (city_id, lower(full_name));
CREATE INDEX people_home_unit ON people (home_unit_id);

CREATE TABLE accounts (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    username        text NOT NULL CHECK (username ~ '^[a-z0-9._-]{3,40}$'),
    password_hash   text NOT NULL,
    person_id       bigint REFERENCES people (id),
    role            text NOT NULL CHECK (role IN (
                        'admin', 'standing_committee', 'organization_board',
                        'group_leader', 'group_member', 'ward_staff', 'responder')),
    -- ward staff: their ward; responder: the body that answers recommendations.
    -- Group leaders and members are scoped by their group memberships instead.
    scope_unit_id   bigint REFERENCES org_units (id),
    disabled        boolean NOT NULL DEFAULT false,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT account_scope CHECK (
        (role IN ('ward_staff', 'responder')) = (scope_unit_id IS NOT NULL))
);
CREATE UNIQUE INDEX account_username ON accounts (lower(username));

-- Sessions live in Postgres so that a restart or a second server keeps everyone signed in.
-- The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    token_hash      text PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Failed sign-ins, to slow down guessing for one account or one address.
CREATE TABLE login_failures (
    id              bigserial PRIMARY KEY,
    username        text NOT NULL,
    address         text NOT NULL,
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_username ON login_failures (lower(username), at);
CREATE INDEX login_failures_address ON login_failures (address, at);

-- Every change, written in the same transaction as the change itself.
-- before/after are the row as JSON (secrets removed by the writer).
CREATE TABLE audit_log (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    at              timestamptz NOT NULL DEFAULT now(),
    account_id      bigint REFERENCES accounts (id),
    action          text NOT NULL,
    entity          text NOT NULL,
    entity_id       bigint NOT NULL,
    before          jsonb,
    after           jsonb
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_city_at ON audit_log (city_id, at);
