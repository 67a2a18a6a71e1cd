-- The durable-commit reference: one single-row INSERT per transaction (pgbench -n -f).
INSERT INTO bench.ref_insert (payload) VALUES ('deposit of 10.00');
