-- Indicator rollups kept on write (architecture.md §5): which records count
-- toward each indicator (one row per record — a person, a measure, a due
-- date of a measure's test schedule as "measure:date" — with its person,
-- for the drill-down) and the
-- sums per month and org unit of the record (what dashboards read). Sums
-- are kept at the record's own unit; a dashboard adds up a subtree by the
-- unit's materialised path, so moving org units needs no rewrite here.
CREATE TABLE indicator_members (
    indicator TEXT NOT NULL,
    record_id TEXT NOT NULL,
    -- The record the member comes from: the measure of a due date, else
    -- the record itself; a write replaces all the members of its source.
    source_id TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons(id),
    period TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    numerator BOOLEAN NOT NULL,
    PRIMARY KEY (indicator, record_id)
);
CREATE INDEX indicator_members_period ON indicator_members(indicator, period);
CREATE INDEX indicator_members_source ON indicator_members(indicator, source_id);
CREATE TABLE indicator_counts (
    indicator TEXT NOT NULL,
    period TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    num BIGINT NOT NULL,
    den BIGINT NOT NULL,
    PRIMARY KEY (indicator, period, org_unit_id)
);
