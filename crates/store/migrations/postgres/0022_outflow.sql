-- Outflow trafficking (外流贩毒): local people caught trafficking in other
-- regions, from those regions' notices. Counted at the home village (the
-- unit of the household registration); the ID number is encrypted with a
-- blind index like the register's, so a person on the register is found.
CREATE TABLE outflow_notices (
    id TEXT NOT NULL PRIMARY KEY,
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    id_number_enc BYTEA NOT NULL,
    id_number_bidx BYTEA NOT NULL,
    birth_date DATE NOT NULL,
    caught_region TEXT NOT NULL,
    caught_date DATE NOT NULL,
    offence TEXT NOT NULL,
    their_case TEXT NOT NULL DEFAULT '',
    person_id TEXT REFERENCES persons(id),
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX outflow_unit ON outflow_notices(org_unit_id, caught_date DESC);
CREATE INDEX outflow_person ON outflow_notices(id_number_bidx);
