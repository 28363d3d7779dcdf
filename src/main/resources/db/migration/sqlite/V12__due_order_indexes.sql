-- Claims take the longest-waiting ready rows first: work items by (available_at, id), callback
-- deliveries by (next_attempt_at, id). With the order in the index, a claim reads a few index entries
-- however long the queue; ordered by id alone, every ready row was read and sorted on each claim.
DROP INDEX work_items_ready;
CREATE INDEX work_items_ready ON work_items (done, available_at, id);
DROP INDEX callback_deliveries_due;
CREATE INDEX callback_deliveries_due ON callback_deliveries (state, next_attempt_at, id);
