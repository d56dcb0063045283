-- Who follows what, written once (issue 22, one visibility module). Every feature asks
-- "which wards does this person's group follow then" or "who follows this ward then";
-- each query used to spell out the join of group_wards and group_members with both
-- stints' dates. These set-returning SQL functions are inlined by the planner, so a
-- query that uses them is planned as if the join were written in it.

-- A meeting's day in Vietnam: every rule of the regulation counts local days.
CREATE FUNCTION tct_local_day(ts timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (ts AT TIME ZONE 'Asia/Ho_Chi_Minh')::date $$;

-- The wards the groups of a person follow over [day_from, day_to): both the group's
-- following and the person's membership overlap the period. A ward followed by two of
-- his groups comes twice.
CREATE FUNCTION tct_followed_wards(person bigint, day_from date, day_to date)
RETURNS TABLE (ward_id bigint, group_id bigint, role text)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT gw.ward_id, gw.group_id, gm.role
  FROM group_members gm JOIN group_wards gw ON gw.group_id = gm.group_id
  WHERE gm.person_id = person
    AND gw.active_from < day_to AND (gw.active_to IS NULL OR gw.active_to > day_from)
    AND gm.active_from < day_to AND (gm.active_to IS NULL OR gm.active_to > day_from)
$$;

-- The members of the groups following a ward on a day, with their group and role; a
-- person in two such groups comes twice.
CREATE FUNCTION tct_ward_followers(ward bigint, day date)
RETURNS TABLE (person_id bigint, group_id bigint, role text)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT gm.person_id, gm.group_id, gm.role
  FROM group_wards gw JOIN group_members gm ON gm.group_id = gw.group_id
  WHERE gw.ward_id = ward
    AND gw.active_from <= day AND (gw.active_to IS NULL OR gw.active_to > day)
    AND gm.active_from <= day AND (gm.active_to IS NULL OR gm.active_to > day)
$$;
