-- Change of execution place (JDTL 22): the township a transferred measure
-- goes to, until that township records the person's report there. Indexed
-- for the receiving office's work queue.
ALTER TABLE measures ADD COLUMN transfer_to_unit_id BIGINT REFERENCES org_units(id);
CREATE INDEX measures_transfer_to ON measures(transfer_to_unit_id);
