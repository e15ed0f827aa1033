-- The police's addiction determination (吸毒成瘾认定办法, CYRD 4, 6) on the
-- register: the level (addicted, severe), its day and, when severe, the
-- CYRD 8 grounds as comma-separated codes. "应收尽收" counts the severely
-- addicted who are under a measure.
ALTER TABLE persons ADD COLUMN addiction_level TEXT;
ALTER TABLE persons ADD COLUMN addiction_date DATE;
ALTER TABLE persons ADD COLUMN addiction_grounds TEXT NOT NULL DEFAULT '';
