-- The register's order indexes also carry the person's unit: a page read
-- by walking one of them checks each person's scope from the index and
-- reads the table only for those in scope (performance.md B3: a county's
-- deep pages at province scale, 176 ms → 15 ms).
DROP INDEX persons_created;
DROP INDEX persons_first_reg;
DROP INDEX persons_name;
CREATE INDEX persons_created ON persons(created_at DESC, id, org_unit_id);
CREATE INDEX persons_first_reg ON persons(first_reg_date DESC, id, org_unit_id);
CREATE INDEX persons_name ON persons(name, id, org_unit_id);
