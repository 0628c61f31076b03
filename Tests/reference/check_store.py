#!/usr/bin/env python3
"""Independent check of an `nbhd` incident store with Python's own sqlite3 module.

    check_store.py STORE [CSV.gz ...]

Prints one JSON object:
  integrity        PRAGMA integrity_check (["ok"] when sound)
  imports          number of provenance rows
  partial          imports whose stored row count differs from the rows of that import
                   still in the store (0 when no import is half done; valid while no
                   import replaced another's force-month)
  orphans          incidents whose import is not in the provenance table
  duplicates       (import, line) pairs stored more than once
  duplicate_files  SHA-256 values imported more than once
  rows             incidents stored
  counts_consistent  whether the count table equals a fresh count of incidents by layer,
                   month, type and area
  by_month_type    {"YYYY-MM|type": n} over the stored incidents
  csv_by_month_type  the same counted from the CSV files with the csv module, when given
Uses only the standard library; no project code.
"""
import csv
import gzip
import json
import sqlite3
import sys


def month_text(ordinal):
    return "%04d-%02d" % (ordinal // 12, ordinal % 12 + 1)


def main():
    store = sys.argv[1]
    db = sqlite3.connect(store)
    out = {"integrity": [r[0] for r in db.execute("PRAGMA integrity_check")]}
    out["imports"] = db.execute("SELECT count(*) FROM imports").fetchone()[0]
    out["partial"] = db.execute(
        "SELECT count(*) FROM imports p WHERE p.rows_stored != "
        "(SELECT count(*) FROM incidents i WHERE i.import_id = p.id)").fetchone()[0]
    out["orphans"] = db.execute(
        "SELECT count(*) FROM incidents WHERE import_id NOT IN (SELECT id FROM imports)").fetchone()[0]
    out["duplicates"] = db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM incidents GROUP BY import_id, line HAVING count(*) > 1)").fetchone()[0]
    out["duplicate_files"] = db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM imports GROUP BY sha256 HAVING count(*) > 1)").fetchone()[0]
    out["rows"] = db.execute("SELECT count(*) FROM incidents").fetchone()[0]
    kept = sorted(db.execute("SELECT layer_id, month, type_id, area_id, n FROM area_counts"))
    fresh = sorted(db.execute(
        "SELECT la.layer_id, i.month, i.type_id, la.area_id, count(*) FROM incidents i "
        "JOIN location_areas la ON la.location_id = i.location_id GROUP BY 1, 2, 3, 4"))
    out["counts_consistent"] = kept == fresh
    counts = {}
    for month, name, n in db.execute(
            "SELECT i.month, t.name, count(*) FROM incidents i JOIN crime_types t ON t.id = i.type_id GROUP BY 1, 2"):
        counts["%s|%s" % (month_text(month), name)] = n
    out["by_month_type"] = counts
    if len(sys.argv) > 2:
        expected = {}
        for path in sys.argv[2:]:
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8-sig", newline="") as f:
                for row in csv.DictReader(f):
                    key = "%s|%s" % (row["Month"], row["Crime type"])
                    expected[key] = expected.get(key, 0) + 1
        out["csv_by_month_type"] = expected
    json.dump(out, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
