-- Month-end values of the stock indicators (the control rate, 应收尽收):
-- the live sums copied once after each month ends, at every unit, so their
-- cards get a trend. A stock cannot be recomputed for a past day from the
-- records, so a rebuild leaves these alone.
CREATE TABLE indicator_snapshots (
    indicator TEXT NOT NULL,
    period TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    num BIGINT NOT NULL,
    den BIGINT NOT NULL,
    taken_at BIGINT NOT NULL,
    PRIMARY KEY (indicator, period, org_unit_id)
);
CREATE INDEX indicator_snapshots_unit ON indicator_snapshots(org_unit_id, period);
