-- Strong suspects (重嫌必检): a person suspected of drug use is ordered to
-- test; a positive result with evidence leads to registration.
CREATE TABLE suspects (
    id TEXT NOT NULL PRIMARY KEY,
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    name TEXT NOT NULL,
    id_number_enc BYTEA NOT NULL,
    id_number_bidx BYTEA NOT NULL,
    circumstances_enc BYTEA,
    found_date DATE NOT NULL,
    test_date DATE,
    result TEXT NOT NULL,
    evidence TEXT NOT NULL,
    person_id TEXT REFERENCES persons(id),
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX suspects_unit ON suspects(org_unit_id, found_date);
CREATE INDEX suspects_bidx ON suspects(id_number_bidx);
