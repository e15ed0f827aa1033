-- Periodic assessments (阶段评估, 年度评估) and the person's own periodic
-- reports (定期报告) under a measure, scheduled like drug tests by the
-- assessment-schedule setting. The notes describe the person: encrypted
-- (AAD assessments/{id}/notes).
CREATE TABLE assessments (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    measure_id TEXT NOT NULL REFERENCES measures(id),
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    kind TEXT NOT NULL,
    done_date DATE NOT NULL,
    conclusion TEXT NOT NULL,
    notes_enc BYTEA,
    recorded_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX assessments_person ON assessments(person_id, done_date);
CREATE INDEX assessments_measure ON assessments(measure_id);
