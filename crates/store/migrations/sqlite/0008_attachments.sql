-- Documents of a person's file (dossier items: decision, agreement,
-- warnings, test records, assessments …) with their scans and photos,
-- encrypted at rest.
CREATE TABLE attachments (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    filename TEXT NOT NULL,
    mime TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 BLOB NOT NULL,
    content_enc BLOB NOT NULL,
    uploaded_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX attachments_person ON attachments(person_id, created_at);
