-- Drug tests (尿检/检测): what was tested, how, the result; linked to the
-- measure that was running, if any.
CREATE TABLE drug_tests (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    measure_id TEXT REFERENCES measures(id),
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    test_date DATE NOT NULL,
    method TEXT NOT NULL,
    setting TEXT NOT NULL,
    result TEXT NOT NULL,
    substances TEXT NOT NULL,
    unannounced BOOLEAN NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX drug_tests_person ON drug_tests(person_id, test_date);
CREATE INDEX drug_tests_measure ON drug_tests(measure_id);
