-- One folding of text for every search box: composed (NFC), lower case, accents and the
-- stroke of đ removed, so "duong ngap" finds "Đường ngập" whether it was typed composed
-- or decomposed (NFD). The same function folds what is stored and what is searched
-- (`helpers::fold` is its Rust twin, tested against it); IMMUTABLE so it can be indexed.
CREATE FUNCTION tct_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN translate(lower(regexp_replace(normalize(t, NFD), '[\u0300-\u036f]', '', 'g')), 'đ', 'd');

-- The recommendations' text search reads the folded text, kept beside it on every write
-- and indexed by trigrams within the city (the plain-text index of 0008 is replaced).
ALTER TABLE recommendations ADD COLUMN content_folded text GENERATED ALWAYS AS (tct_fold(content)) STORED;
DROP INDEX recommendations_text;
CREATE INDEX recommendations_text ON recommendations USING gin (city_id, content_folded gin_trgm_ops) WHERE deleted_at IS NULL;
