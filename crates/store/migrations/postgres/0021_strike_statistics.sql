-- Strike statistics (issue 5) count records that are not persons (cases,
-- seizures, leads) and weigh some (a seizure by its milligrams): an
-- indicator's member may have no person, and carries the weight it adds
-- to the sums (1 for a record).
ALTER TABLE indicator_members ALTER COLUMN person_id DROP NOT NULL;
ALTER TABLE indicator_members ADD COLUMN weight BIGINT NOT NULL DEFAULT 1;
