-- What each index on `incidents` costs per imported row (BENCHMARKS.md, "Incident store").
-- 1 M rows shaped like the store's (12 months in file order, 14 types, 136,000 locations,
-- 32-byte Crime IDs, 64-bit keys), copied in file order into a table with each index choice;
-- then the cost of creating the indexes afterwards. Run:
--   rm -f /tmp/index-cost.sqlite && sqlite3 /tmp/index-cost.sqlite < Benchmarks/scripts/sqlite_index_cost.sql
.timer on
PRAGMA cache_size = -262144;
CREATE TABLE source (id INTEGER PRIMARY KEY, import_id INTEGER NOT NULL, line INTEGER NOT NULL,
    month INTEGER NOT NULL, force_id INTEGER NOT NULL, type_id INTEGER NOT NULL, outcome_id INTEGER NOT NULL,
    location_id INTEGER, status INTEGER NOT NULL, crime_id BLOB, row_key INTEGER NOT NULL, row_hash INTEGER NOT NULL);
BEGIN;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000000)
INSERT INTO source (import_id, line, month, force_id, type_id, outcome_id, location_id, status, crime_id, row_key, row_hash)
SELECT 1, i, 24216 + i / 85000, 1, abs(random() % 14), abs(random() % 20), abs(random() % 136000), 1,
       randomblob(32), random(), random() FROM s;
COMMIT;
.print '-- table only'
CREATE TABLE t0 AS SELECT * FROM source WHERE 0;
BEGIN; INSERT INTO t0 SELECT * FROM source ORDER BY id; COMMIT;
.print '-- (month, force)'
CREATE TABLE t1 AS SELECT * FROM source WHERE 0;
CREATE INDEX t1a ON t1 (month, force_id);
BEGIN; INSERT INTO t1 SELECT * FROM source ORDER BY id; COMMIT;
.print '-- (month, force, type)'
CREATE TABLE t2 AS SELECT * FROM source WHERE 0;
CREATE INDEX t2a ON t2 (month, force_id, type_id);
BEGIN; INSERT INTO t2 SELECT * FROM source ORDER BY id; COMMIT;
.print '-- v1: (month, force, type) and (location)'
CREATE TABLE t3 AS SELECT * FROM source WHERE 0;
CREATE INDEX t3a ON t3 (month, force_id, type_id);
CREATE INDEX t3b ON t3 (location_id);
BEGIN; INSERT INTO t3 SELECT * FROM source ORDER BY id; COMMIT;
.print '-- created afterwards: (month, force, type), then (location)'
CREATE INDEX t0a ON t0 (month, force_id, type_id);
CREATE INDEX t0b ON t0 (location_id);
