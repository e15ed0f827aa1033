-- Visits (走访): interviews, home visits and other contacts with a person.
-- The notes are a narrative about the person: encrypted (AAD
-- visits/{id}/notes), like addresses.
CREATE TABLE visits (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    measure_id TEXT REFERENCES measures(id),
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    visit_date DATE NOT NULL,
    kind TEXT NOT NULL,
    place TEXT NOT NULL,
    outcome TEXT NOT NULL,
    notes_enc BYTEA,
    visited_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX visits_person ON visits(person_id, visit_date);

-- The current support plan of a person (一人一策): one per person, with
-- a goal per kind of "四位一体" support (encrypted: AAD
-- support_plans/{id}/goal/{kind}) and the anti-drug poverty relief flag.
CREATE TABLE support_plans (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL UNIQUE REFERENCES persons(id),
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    poverty_relief BOOLEAN NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE support_plan_goals (
    plan_id TEXT NOT NULL REFERENCES support_plans(id),
    kind TEXT NOT NULL,
    sub_kinds TEXT NOT NULL,
    goal_enc BYTEA,
    PRIMARY KEY (plan_id, kind)
);

-- Support given (四位一体 records): what, by whom, with what outcome.
CREATE TABLE support_records (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    support_date DATE NOT NULL,
    kind TEXT NOT NULL,
    sub_kind TEXT NOT NULL,
    provider TEXT NOT NULL,
    outcome TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX support_records_person ON support_records(person_id, support_date);
