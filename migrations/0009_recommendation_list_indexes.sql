-- The recommendations' list at national scale, second pass (measured by `bench recs`):
-- * the board's columns and the status filter read the city's items of one status in
--   the list's order (newest first) instead of the whole city's;
-- * the overdue filter reads the city's open items newest first (a partial index: the
--   open items are a small part of five years) and checks the due date in the index;
-- * the counts by status under any filter but the text read the index only (every
--   column a filter tests is in it), not a heap page per item.
CREATE INDEX recommendations_city_status_raised ON recommendations (city_id, status, raised_on DESC, id DESC)
    INCLUDE (due_on) WHERE deleted_at IS NULL;
CREATE INDEX recommendations_open_raised ON recommendations (city_id, raised_on DESC, id DESC)
    INCLUDE (due_on) WHERE deleted_at IS NULL AND status IN ('new', 'forwarded', 'in_progress', 'clarification');
CREATE INDEX recommendations_city_counts ON recommendations (city_id, status)
    INCLUDE (due_on, ward_id, body_id, domain, kind, raised_on, created_by) WHERE deleted_at IS NULL;
-- superseded by recommendations_city_counts (same leading columns, due_on included)
DROP INDEX recommendations_city_status;
-- a ward and a body belong to one city: say so, so the planner does not multiply their
-- selectivities
CREATE STATISTICS recommendations_city_ward (dependencies) ON city_id, ward_id FROM recommendations;
CREATE STATISTICS recommendations_city_body (dependencies) ON city_id, body_id FROM recommendations;
-- the statistics above exist once the table is analysed
ANALYZE recommendations;
