-- Indicator rollups kept on write (architecture.md §5): which records count
-- toward each indicator (one row per record, for the drill-down) and the
-- sums per month and org unit of the record (what dashboards read). Sums
-- are kept at the record's own unit; a dashboard adds up a subtree by the
-- unit's materialised path, so moving org units needs no rewrite here.
CREATE TABLE indicator_members (
    indicator TEXT NOT NULL,
    record_id TEXT NOT NULL,
    period TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    numerator BOOLEAN NOT NULL,
    PRIMARY KEY (indicator, record_id)
);
CREATE INDEX indicator_members_period ON indicator_members(indicator, period);
CREATE TABLE indicator_counts (
    indicator TEXT NOT NULL,
    period TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    num BIGINT NOT NULL,
    den BIGINT NOT NULL,
    PRIMARY KEY (indicator, period, org_unit_id)
);
