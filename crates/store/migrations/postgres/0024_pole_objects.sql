-- Objects and locations of the relation graph (POLE): phones, vehicles,
-- venues and places. The label (a phone number, a plate, an address) is
-- encrypted; its blind index finds the one object of a kind and label, so
-- two counties recording the same phone record one object.
CREATE TABLE pole_objects (
    id TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL,
    label_enc BYTEA NOT NULL,
    label_bidx BYTEA NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (kind, label_bidx)
);

-- A person or a case tied to an object, with the record it comes from
-- (a case, a lead or a trace task) so the evidence can be checked.
CREATE TABLE pole_links (
    id TEXT NOT NULL PRIMARY KEY,
    object_id TEXT NOT NULL REFERENCES pole_objects(id),
    person_id TEXT REFERENCES persons(id),
    case_id TEXT REFERENCES cases(id),
    role TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    source_id TEXT NOT NULL,
    on_date DATE NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    CHECK ((person_id IS NULL) <> (case_id IS NULL))
);
-- A tie once per source: a person's (a case's person_id is null, and
-- nulls never collide) and a case's. They lead with the person and the
-- case, so they serve their lookups too.
CREATE UNIQUE INDEX pole_links_person ON pole_links(person_id, object_id, role, source_kind, source_id);
CREATE UNIQUE INDEX pole_links_case ON pole_links(case_id, object_id, role, source_kind, source_id);
CREATE INDEX pole_links_object ON pole_links(object_id);
