-- Leave (请假外出, JDTL 19): a person under a community measure leaving the
-- county for 3 days or more reports in writing beforehand; the township
-- decides. Requests belong to the person and the measure they were made
-- under (the JDTL 20 counters start again with each measure). The
-- destination is encrypted like an address (AAD leave/{id}/destination).
CREATE TABLE leave_requests (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    measure_id TEXT NOT NULL REFERENCES measures(id),
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    request_date TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    destination_enc BLOB NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL,
    requested_by BIGINT REFERENCES users(id),
    decision_date TEXT,
    decided_by BIGINT REFERENCES users(id),
    decided_at BIGINT,
    departed_date TEXT,
    returned_date TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX leave_requests_person ON leave_requests(person_id, from_date);
CREATE INDEX leave_requests_state ON leave_requests(state, from_date);
CREATE INDEX leave_requests_away ON leave_requests(returned_date, to_date);

-- Absences found without any request (擅自离开), recorded directly.
CREATE TABLE leave_absences (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    measure_id TEXT NOT NULL REFERENCES measures(id),
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    departed_date TEXT NOT NULL,
    returned_date TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX leave_absences_person ON leave_absences(person_id, departed_date);
