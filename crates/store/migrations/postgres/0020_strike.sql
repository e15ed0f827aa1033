-- Strike (以打为主): drug cases with their suspects, the links between
-- persons and the "双逢双查" trace tasks.
CREATE TABLE cases (
    id TEXT NOT NULL PRIMARY KEY,
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    number TEXT NOT NULL UNIQUE,
    case_type TEXT NOT NULL,
    stage TEXT NOT NULL,
    title TEXT NOT NULL,
    accepted_date DATE NOT NULL,
    stage_date DATE NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    handling_unit TEXT NOT NULL DEFAULT '',
    campaigns TEXT NOT NULL DEFAULT '',
    organised_crime BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX cases_unit ON cases(org_unit_id, accepted_date DESC);

CREATE TABLE case_suspects (
    case_id TEXT NOT NULL REFERENCES cases(id),
    person_id TEXT NOT NULL REFERENCES persons(id),
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (case_id, person_id)
);
CREATE INDEX case_suspects_person ON case_suspects(person_id);

-- A typed link between two persons; every link says where it came from
-- (a trace task, a case …) so evidence can be shared and checked.
CREATE TABLE person_links (
    id TEXT NOT NULL PRIMARY KEY,
    from_person TEXT NOT NULL REFERENCES persons(id),
    to_person TEXT NOT NULL REFERENCES persons(id),
    kind TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    source_id TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (from_person, to_person, kind, source_kind, source_id)
);
CREATE INDEX person_links_to ON person_links(to_person);

CREATE TABLE trace_tasks (
    id TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons(id),
    case_id TEXT NOT NULL DEFAULT '',
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    opened_date DATE NOT NULL,
    due_date DATE NOT NULL,
    closed_date DATE,
    outcome TEXT,
    supplier_id TEXT REFERENCES persons(id),
    reason TEXT,
    closed_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (kind, person_id, case_id)
);
CREATE INDEX trace_tasks_unit ON trace_tasks(org_unit_id, closed_date, due_date);

-- What a case seized: drugs in grams, precursor chemicals in kilograms,
-- both kept exactly as milligrams.
CREATE TABLE seizures (
    id TEXT NOT NULL PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    kind TEXT NOT NULL,
    substance TEXT NOT NULL,
    quantity_mg BIGINT NOT NULL,
    seized_date DATE NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX seizures_case ON seizures(case_id, seized_date);

-- Leads (线索): the narrative is encrypted; the summary is what lists show.
CREATE TABLE leads (
    id TEXT NOT NULL PRIMARY KEY,
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    source TEXT NOT NULL,
    reliability TEXT NOT NULL,
    summary TEXT NOT NULL,
    content_enc BYTEA NOT NULL,
    state TEXT NOT NULL,
    received_date DATE NOT NULL,
    due_date DATE NOT NULL,
    assignee_id BIGINT REFERENCES users(id),
    case_id TEXT REFERENCES cases(id),
    dismiss_reason TEXT,
    cooperation TEXT NOT NULL,
    partner TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX leads_unit ON leads(org_unit_id, state, due_date);
