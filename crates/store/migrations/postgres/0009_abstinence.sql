-- The day a person becomes a candidate for "戒断三年未复吸" (JDTL 7): three
-- years after the later of the last measure's end and the last positive
-- test, NULL while a measure runs or with nothing to count from. Kept in
-- step on every measure and test write so the work queue reads an index
-- instead of replaying each person's history.
ALTER TABLE persons ADD COLUMN abstinence_date DATE;
CREATE INDEX persons_abstinence ON persons(abstinence_date);
