-- Issue 10: the header of the party documents the app writes (Hướng dẫn 36-HD/VPTW): the
-- city committee's superior body ("Đảng bộ tỉnh Quảng Trị") and the place on the date line
-- ("Đông Hà"). Empty: the documents leave the superior body for the clerk and take the
-- place from the city's name.
ALTER TABLE city_settings
    ADD COLUMN superior_body text NOT NULL DEFAULT '' CHECK (length(superior_body) <= 200),
    ADD COLUMN place_name    text NOT NULL DEFAULT '' CHECK (length(place_name) <= 100);
