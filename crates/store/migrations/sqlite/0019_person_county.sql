-- Each person carries the county their unit belongs to (NULL for a unit
-- above the counties), kept in step on registration, transfer and org
-- moves. With the county leading the register's order indexes, a page of a
-- county (or of a unit inside one) walks that county's persons only,
-- instead of passing everyone registered more recently elsewhere
-- (performance.md B3).
ALTER TABLE persons ADD COLUMN county_unit_id BIGINT REFERENCES org_units(id);
UPDATE persons SET county_unit_id = (
    SELECT c.id FROM org_units u JOIN org_units c
        ON c.level = 'county' AND u.path >= c.path AND u.path < rtrim(c.path, '/') || '0'
    WHERE u.id = persons.org_unit_id);
CREATE INDEX persons_county_created ON persons(county_unit_id, created_at DESC, id, org_unit_id);
CREATE INDEX persons_county_first_reg ON persons(county_unit_id, first_reg_date DESC, id, org_unit_id);
CREATE INDEX persons_county_name ON persons(county_unit_id, name, id, org_unit_id);
