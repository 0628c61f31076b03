-- What SQLite alone costs to take 10 M incident rows of the store's schema (the `incidents`
-- table as in StoreSchema v4, which has no index besides the id), in one transaction with the
-- store's journal settings, values made by SQLite itself (no binding, no Swift): a floor for
-- the writer thread of `nbhd import`. Rows come month by month with one force, as a police.uk
-- file does. To see what v2/v3's (month, force) index cost, uncomment the CREATE INDEX line.
--   rm -f /tmp/floor.sqlite && sqlite3 /tmp/floor.sqlite < Benchmarks/scripts/sqlite_floor.sql
-- The last line times making the same values without storing them, to subtract.
PRAGMA journal_mode=DELETE;
PRAGMA synchronous=FULL;
CREATE TABLE incidents (id INTEGER PRIMARY KEY, import_id INTEGER NOT NULL, line INTEGER NOT NULL,
  month INTEGER NOT NULL, force_id INTEGER NOT NULL, type_id INTEGER NOT NULL, outcome_id INTEGER NOT NULL,
  location_id INTEGER, status INTEGER NOT NULL, crime_id BLOB, row_key INTEGER NOT NULL, row_hash INTEGER NOT NULL);
-- CREATE INDEX incidents_by_month_force ON incidents (month, force_id);
.timer on
BEGIN;
INSERT INTO incidents (import_id, line, month, force_id, type_id, outcome_id, location_id, status, crime_id, row_key, row_hash)
  SELECT 1, value + 2, 24216 + value / 833334, 1, value % 14, value % 25, value % 150000, 1,
         CASE WHEN value % 4 = 0 THEN NULL ELSE randomblob(32) END, random(), random()
  FROM generate_series(0, 9999999);
COMMIT;
SELECT count(*), sum(length(randomblob(32))), sum(random() % 7) FROM generate_series(0, 9999999);
