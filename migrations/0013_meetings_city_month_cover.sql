-- Issue 10: the dashboard reads a city's meetings of a period (its live rows, the late
-- announcements) by (city, month). Meetings are inserted month by month for every city, so
-- a city's meetings of a year sit on as many heap pages as there are meetings: the index
-- carries the columns those reads need, and they are answered from the index alone.
DROP INDEX meetings_city_month;
CREATE INDEX meetings_city_month ON meetings (city_id, month)
    INCLUDE (id, ward_id, cell_id, status, starts_at, announced_at);
