#!/usr/bin/env bash
# What SQLite alone costs to take 10 M incident rows in one transaction with the store's
# journal settings and import page cache (values made by SQLite itself, as
# sqlite_floor.sql): the incidents table as stored (11 columns) against a thinner one
# without import_id, month, force_id and status (which incident_runs and location_id imply),
# each at page sizes of 4, 16 and 64 KiB. Prints wall, user and sys seconds and file size.
# Usage: Benchmarks/scripts/sqlite_row_shape.sh [WORKDIR]
set -euo pipefail
DIR=${1:-/tmp/nbhd-row-shape}
mkdir -p "$DIR"
wide="CREATE TABLE incidents (id INTEGER PRIMARY KEY, import_id INTEGER NOT NULL, line INTEGER NOT NULL,
  month INTEGER NOT NULL, force_id INTEGER NOT NULL, type_id INTEGER NOT NULL, outcome_id INTEGER NOT NULL,
  location_id INTEGER, status INTEGER NOT NULL, crime_id BLOB, row_key INTEGER NOT NULL, row_hash INTEGER NOT NULL);
BEGIN;
INSERT INTO incidents (import_id, line, month, force_id, type_id, outcome_id, location_id, status, crime_id, row_key, row_hash)
  SELECT 1, value + 2, 24216 + value / 833334, 1, value % 14, value % 25, value % 150000, 1,
         CASE WHEN value % 4 = 0 THEN NULL ELSE randomblob(32) END, random(), random()
  FROM generate_series(0, 9999999);
COMMIT;"
thin="CREATE TABLE incidents (id INTEGER PRIMARY KEY, line INTEGER NOT NULL, type_id INTEGER NOT NULL,
  outcome_id INTEGER NOT NULL, location_id INTEGER, crime_id BLOB, row_key INTEGER NOT NULL, row_hash INTEGER NOT NULL);
BEGIN;
INSERT INTO incidents (line, type_id, outcome_id, location_id, crime_id, row_key, row_hash)
  SELECT value + 2, value % 14, value % 25, value % 150000,
         CASE WHEN value % 4 = 0 THEN NULL ELSE randomblob(32) END, random(), random()
  FROM generate_series(0, 9999999);
COMMIT;"
for page in 4096 16384 65536; do
    for shape in wide thin; do
        rm -f "$DIR/shape.sqlite" "$DIR/shape.sqlite-journal"
        sql="PRAGMA page_size=$page; PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; PRAGMA cache_size=-32768; ${!shape}"
        /usr/bin/time -f "$shape rows, $page-byte pages: %e s wall, %U s user, %S s sys" sqlite3 "$DIR/shape.sqlite" "$sql" >/dev/null
        stat -c '  %s bytes' "$DIR/shape.sqlite"
    done
done
rm -f "$DIR/shape.sqlite"
