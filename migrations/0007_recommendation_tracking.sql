-- Recommendations tracked from the meeting to a resolution (DOMAIN rule 6; seed II.2, III.1,
-- III.3): the body responsible, a due date in working days, every step of the life
--   new → forwarded → in_progress → answered → closed
-- with the side roads: clarification (the body asks, the forwarder replies), refused (with a
-- reason), merged (into another item raised elsewhere: one item, every origin kept).
-- Nothing is deleted: each step is a row of recommendation_steps.

ALTER TABLE recommendations
    -- a party matter (answered by a party body) or a state-management matter (a People's
    -- Committee, a department)
    ADD COLUMN kind text NOT NULL DEFAULT 'state' CHECK (kind IN ('party', 'state')),
    -- where it came from: a cell meeting (with meeting_id), or another channel the
    -- organization board enters it from
    ADD COLUMN channel text NOT NULL DEFAULT 'meeting'
        CHECK (channel IN ('meeting', 'letter', 'phone', 'visit', 'media', 'other')),
    ADD COLUMN raised_on date,
    -- the body responsible (an org unit of kind ward, state_body or party_board)
    ADD COLUMN body_id bigint REFERENCES org_units (id),
    ADD COLUMN forwarded_at timestamptz,
    ADD COLUMN due_on date,
    ADD COLUMN answer text NOT NULL DEFAULT '' CHECK (length(answer) <= 10000),
    ADD COLUMN answered_at timestamptz,
    ADD COLUMN answered_by bigint REFERENCES accounts (id),
    -- how the cell received the answer when it was brought back (closing)
    ADD COLUMN reaction text NOT NULL DEFAULT '' CHECK (length(reaction) <= 5000),
    ADD COLUMN closed_at timestamptz,
    ADD COLUMN merged_into_id bigint REFERENCES recommendations (id);

UPDATE recommendations r
SET raised_on = COALESCE(
        (SELECT (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date FROM meetings m WHERE m.id = r.meeting_id),
        (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date),
    kind = CASE WHEN r.domain = 'party_building' THEN 'party' ELSE 'state' END;

ALTER TABLE recommendations
    ALTER COLUMN raised_on SET NOT NULL,
    ALTER COLUMN raised_on SET DEFAULT ((now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date),
    ADD CONSTRAINT recommendation_status CHECK (status IN (
        'new', 'forwarded', 'in_progress', 'clarification', 'answered', 'closed', 'refused', 'merged')),
    ADD CONSTRAINT recommendation_due_after_raise CHECK (due_on IS NULL OR due_on >= raised_on),
    ADD CONSTRAINT recommendation_not_merged_into_self CHECK (merged_into_id IS NULL OR merged_into_id <> id),
    ADD CONSTRAINT recommendation_merged CHECK ((status = 'merged') = (merged_into_id IS NOT NULL)),
    ADD CONSTRAINT recommendation_meeting_channel CHECK ((channel = 'meeting') = (meeting_id IS NOT NULL));

-- The lists and the board read by status and due date (overdue first), by body (a
-- responder's items), by ward; withdrawn items (deleted_at) are never listed.
CREATE INDEX recommendations_city_status ON recommendations (city_id, status, due_on) WHERE deleted_at IS NULL;
CREATE INDEX recommendations_body ON recommendations (body_id, status, due_on) WHERE deleted_at IS NULL;
CREATE INDEX recommendations_ward ON recommendations (ward_id, raised_on DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX recommendations_city_raised ON recommendations (city_id, raised_on DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX recommendations_merged_into ON recommendations (merged_into_id) WHERE merged_into_id IS NOT NULL;

-- Every step: who, when, what it became, the body after it, and the comment given
-- (the reason of a refusal or hand-over, the question of a clarification, ...).
CREATE TABLE recommendation_steps (
    id                  bigserial PRIMARY KEY,
    city_id             bigint NOT NULL REFERENCES org_units (id),
    recommendation_id   bigint NOT NULL REFERENCES recommendations (id),
    action              text NOT NULL CHECK (action IN (
                            'raise', 'forward', 'start', 'ask', 'reply', 'hand_over', 'answer',
                            'close', 'refuse', 'merge', 'absorb', 'set_body', 'withdraw')),
    from_status         text,
    to_status           text NOT NULL,
    body_id             bigint REFERENCES org_units (id),
    comment             text NOT NULL DEFAULT '' CHECK (length(comment) <= 10000),
    account_id          bigint REFERENCES accounts (id),
    at                  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recommendation_steps_item ON recommendation_steps (recommendation_id, at, id);

-- The steps of the recommendations captured before this migration: their raising.
INSERT INTO recommendation_steps (city_id, recommendation_id, action, from_status, to_status, account_id, at)
SELECT city_id, id, 'raise', NULL, 'new', created_by, created_at FROM recommendations;

-- How many working days a body has to answer: per kind, per body (body_id NULL: the
-- city's default for that kind). Data an administrator or the organization board keeps.
CREATE TABLE recommendation_time_limits (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    kind            text NOT NULL CHECK (kind IN ('party', 'state')),
    body_id         bigint REFERENCES org_units (id),
    working_days    smallint NOT NULL CHECK (working_days BETWEEN 1 AND 250),
    version         integer NOT NULL DEFAULT 1,
    CONSTRAINT time_limit_once UNIQUE NULLS NOT DISTINCT (city_id, kind, body_id)
);

-- Defaults: 15 working days for a state-management matter, 10 for a party matter.
CREATE FUNCTION add_default_time_limits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO recommendation_time_limits (city_id, kind, body_id, working_days)
    VALUES (NEW.id, 'state', NULL, 15), (NEW.id, 'party', NULL, 10)
    ON CONFLICT DO NOTHING;
    RETURN NEW;
END $$;
CREATE TRIGGER org_units_default_time_limits AFTER INSERT ON org_units
    FOR EACH ROW WHEN (NEW.kind = 'city') EXECUTE FUNCTION add_default_time_limits();
INSERT INTO recommendation_time_limits (city_id, kind, body_id, working_days)
SELECT id, k, NULL, CASE k WHEN 'state' THEN 15 ELSE 10 END
FROM org_units, unnest(ARRAY['state', 'party']) AS k WHERE kind = 'city'
ON CONFLICT DO NOTHING;

-- A body's answer templates (the usual wording of an answer it gives often).
CREATE TABLE answer_templates (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES org_units (id),
    body_id         bigint NOT NULL REFERENCES org_units (id),
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    active          boolean NOT NULL DEFAULT true,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX answer_templates_body ON answer_templates (body_id, lower(title));

-- Files given with an answer (the body's written reply, a decision).
CREATE TABLE recommendation_files (
    id                  bigserial PRIMARY KEY,
    city_id             bigint NOT NULL REFERENCES org_units (id),
    recommendation_id   bigint NOT NULL REFERENCES recommendations (id),
    file_name           text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    content_type        text NOT NULL,
    size_bytes          integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
    sha256              text NOT NULL,
    data                bytea NOT NULL,
    uploaded_by         bigint REFERENCES accounts (id),
    uploaded_at         timestamptz NOT NULL DEFAULT now(),
    deleted_at          timestamptz
);
CREATE INDEX recommendation_files_item ON recommendation_files (recommendation_id) WHERE deleted_at IS NULL;

-- A notice may be about a recommendation (its page is linked from the inbox).
ALTER TABLE notices ADD COLUMN recommendation_id bigint REFERENCES recommendations (id);
