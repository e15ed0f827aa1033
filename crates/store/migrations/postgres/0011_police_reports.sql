-- Reports to the police (JDTL 21) of the flags a measure raised: a refusal,
-- drug use during the measure, a serious violation (JDTL 20). One report
-- per flag, which the unique key enforces.
CREATE TABLE police_reports (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    measure_id TEXT NOT NULL REFERENCES measures(id),
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    reason TEXT NOT NULL,
    raised_date DATE NOT NULL,
    reported_date DATE NOT NULL,
    police_unit TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (measure_id, reason, raised_date)
);
CREATE INDEX police_reports_person ON police_reports(person_id);
