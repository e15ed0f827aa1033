-- Strike statistics (issue 5) count records that are not persons (cases,
-- seizures, leads) and weigh some (a seizure by its milligrams): an
-- indicator's member may have no person, and carries the weight it adds
-- to the sums (1 for a record). SQLite cannot drop NOT NULL, so the table
-- is rebuilt with its rows.
CREATE TABLE indicator_members_new (
    indicator TEXT NOT NULL,
    record_id TEXT NOT NULL,
    source_id TEXT NOT NULL,
    person_id TEXT REFERENCES persons(id),
    period TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    numerator BOOLEAN NOT NULL,
    weight BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (indicator, record_id)
);
INSERT INTO indicator_members_new (indicator, record_id, source_id, person_id, period, org_unit_id, numerator)
SELECT indicator, record_id, source_id, person_id, period, org_unit_id, numerator FROM indicator_members;
DROP TABLE indicator_members;
ALTER TABLE indicator_members_new RENAME TO indicator_members;
CREATE INDEX indicator_members_period ON indicator_members(indicator, period);
CREATE INDEX indicator_members_source ON indicator_members(indicator, source_id);
