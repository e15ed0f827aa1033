-- Read paths for a city's volume (performance.md B1, B3).
--
-- Indicator sums are now kept at a record's unit and at every unit above
-- it, so a dashboard reads its own unit's rows and its children's instead
-- of adding up the subtree on each request; the sums are recomputed here
-- from the members once.
CREATE INDEX indicator_counts_unit ON indicator_counts(org_unit_id, period);
DELETE FROM indicator_counts;
INSERT INTO indicator_counts (indicator, period, org_unit_id, num, den)
WITH RECURSIVE above (unit_id, ancestor_id) AS (
    SELECT id, id FROM org_units
    UNION ALL
    SELECT above.unit_id, o.parent_id FROM above JOIN org_units o ON o.id = above.ancestor_id
    WHERE o.parent_id IS NOT NULL)
SELECT m.indicator, m.period, above.ancestor_id, SUM(CASE WHEN m.numerator THEN 1 ELSE 0 END), COUNT(*)
FROM indicator_members m JOIN above ON above.unit_id = m.org_unit_id
GROUP BY m.indicator, m.period, above.ancestor_id;

-- The register's list orders, each walkable in index order when a scope
-- holds thousands of persons (newest first is the default).
CREATE INDEX persons_created ON persons(created_at DESC, id);
CREATE INDEX persons_first_reg ON persons(first_reg_date DESC, id);
DROP INDEX persons_name;
CREATE INDEX persons_name ON persons(name, id);
