-- The recommendations' list at national scale (2 million items, 20,000 a city, a city's
-- rows spread over the whole table): the filters people use read an index, not the rows.
-- A text search reads a trigram index within the city (btree_gin lets one GIN index hold
-- the city and the text); a domain filter reads its own ordered index.
-- Both extensions ship with Postgres and are trusted (a database owner may create them).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX recommendations_text ON recommendations USING gin (city_id, content gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX recommendations_city_domain ON recommendations (city_id, domain, raised_on DESC, id DESC) WHERE deleted_at IS NULL;
