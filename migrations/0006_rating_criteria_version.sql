-- A city's rating criteria are edited on a page (names, order, in use or not): a version
-- for optimistic locking, as every edited row has.
ALTER TABLE rating_criteria ADD COLUMN version integer NOT NULL DEFAULT 1;
