-- Measures (戒毒措施) with their events. The events are the record; the
-- snapshot, state and next deadline are kept in step on every write so the
-- work queue and lists never replay history per request.
CREATE TABLE measures (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    decision_date TEXT NOT NULL,
    served_date TEXT,
    term_months BIGINT,
    early_release_bar TEXT,
    snapshot TEXT NOT NULL,
    closed BOOLEAN NOT NULL,
    next_deadline_date TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX measures_person ON measures(person_id);
CREATE INDEX measures_open ON measures(closed, next_deadline_date);

CREATE TABLE measure_events (
    measure_id TEXT NOT NULL REFERENCES measures(id),
    seq BIGINT NOT NULL,
    code TEXT NOT NULL,
    on_date TEXT NOT NULL,
    payload TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (measure_id, seq)
);
