-- Strong suspects (重嫌必检): a person suspected of drug use is ordered to
-- test; a positive result with evidence leads to registration.
CREATE TABLE suspects (
    id TEXT NOT NULL PRIMARY KEY,
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    name TEXT NOT NULL,
    id_number_enc BLOB NOT NULL,
    id_number_bidx BLOB NOT NULL,
    circumstances_enc BLOB,
    found_date TEXT NOT NULL,
    test_date TEXT,
    result TEXT NOT NULL,
    evidence TEXT NOT NULL,
    person_id TEXT REFERENCES persons(id),
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX suspects_unit ON suspects(org_unit_id, found_date);
CREATE INDEX suspects_bidx ON suspects(id_number_bidx);
