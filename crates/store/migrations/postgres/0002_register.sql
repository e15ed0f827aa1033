-- The register, completed (issue 3 §1): status, how the person was first
-- found, risk level, the assigned social worker, drugs used and tags.
ALTER TABLE persons ADD COLUMN status TEXT NOT NULL DEFAULT 'registered';
ALTER TABLE persons ADD COLUMN registration_source TEXT NOT NULL DEFAULT 'other';
ALTER TABLE persons ADD COLUMN risk_level TEXT;
ALTER TABLE persons ADD COLUMN assigned_worker_id BIGINT REFERENCES users(id);
CREATE INDEX persons_status ON persons(status);
CREATE INDEX persons_worker ON persons(assigned_worker_id);

CREATE TABLE person_drugs (
    person_id TEXT NOT NULL REFERENCES persons(id),
    drug TEXT NOT NULL,
    PRIMARY KEY (person_id, drug)
);

CREATE TABLE person_tags (
    person_id TEXT NOT NULL REFERENCES persons(id),
    tag TEXT NOT NULL,
    PRIMARY KEY (person_id, tag)
);
CREATE INDEX person_tags_tag ON person_tags(tag);
