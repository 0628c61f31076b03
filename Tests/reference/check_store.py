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
  postings_consistent  whether incident_postings, decoded here (month-segmented LEB128
                   varint id lists), list every incident exactly once under its crime
                   type and import, every located incident exactly once under its location
                   and import, each in its own month's segment, and nothing else
  runs_consistent  whether incident_runs (schema v4) cover every incident exactly once,
                   each run holding only incidents of its import, force and month, and
                   no run is empty or overlaps another (true for stores without the table)
  extras_consistent  whether the extra columns (schema v6) hang together: every
                   incident_extras row belongs to a stored incident, names a column its
                   import has (import_extra_columns) and a value in extra_values, and no
                   value is empty (empty cells have no row); or (v7) names a police.uk
                   column kept where a row needs it (Falls within, Reported by: possibly
                   empty; Context: never empty), which no import lists as an extra
                   column; true for stores without them
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


def varints(data):
    value, shift = 0, 0
    for byte in data:
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            yield value
            value, shift = 0, 0
        else:
            shift += 7
    if shift:
        raise ValueError("a varint is cut short")


def decode_posting(data):
    """[(month, id)] of one posting's bytes: segments of month + 1, count, id deltas."""
    numbers = list(varints(data))
    out, at = [], 0
    while at < len(numbers):
        month, count = numbers[at] - 1, numbers[at + 1]
        at += 2
        previous = 0
        for delta in numbers[at:at + count]:
            previous += delta
            out.append((month, previous))
        if len(numbers[at:at + count]) != count:
            raise ValueError("a segment is cut short")
        at += count
    return out


def postings_consistent(db):
    try:
        listed = {1: [], 2: []}
        for kind, value, import_id, first, last, data in db.execute(
                "SELECT kind, value, import_id, first_month, last_month, ids FROM incident_postings"):
            entries = decode_posting(data)
            if not entries or entries[0][0] != first or entries[-1][0] != last:
                return False
            listed[kind] += [(value, import_id, month, i) for month, i in entries]
    except (ValueError, IndexError):
        return False
    by_type = sorted(db.execute("SELECT type_id, import_id, month, id FROM incidents"))
    by_location = sorted(db.execute(
        "SELECT location_id, import_id, month, id FROM incidents WHERE location_id IS NOT NULL"))
    return sorted(listed[2]) == by_type and sorted(listed[1]) == by_location


def runs_consistent(db):
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'incident_runs'").fetchone():
        return True
    runs = sorted(db.execute("SELECT first_id, last_id, import_id, force_id, month FROM incident_runs"))
    for (first, last, *_), (next_first, *_) in zip(runs, runs[1:]):
        if next_first <= last:
            return False
    covered = 0
    for first, last, import_id, force_id, month in runs:
        if first > last:
            return False
        inside, matching = db.execute(
            "SELECT count(*), coalesce(sum(import_id = ? AND force_id = ? AND month = ?), 0) "
            "FROM incidents WHERE id BETWEEN ? AND ?", (import_id, force_id, month, first, last)).fetchone()
        if inside == 0 or inside != matching:
            return False
        covered += inside
    return covered == db.execute("SELECT count(*) FROM incidents").fetchone()[0]


def extras_consistent(db):
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'incident_extras'").fetchone():
        return True
    # From v7, police.uk columns a row needs kept go in under their own names (never the
    # name of a file's extra column): Falls within / Reported by (possibly empty) and Context.
    police = ("Falls within", "Reported by", "Context")
    bad = db.execute(
        "SELECT count(*) FROM incident_extras x "
        "LEFT JOIN incidents i ON i.id = x.incident_id "
        "LEFT JOIN import_extra_columns c ON c.import_id = i.import_id AND c.column_id = x.column_id "
        "LEFT JOIN extra_columns n ON n.id = x.column_id "
        "LEFT JOIN extra_values v ON v.id = x.value_id "
        "WHERE i.id IS NULL OR v.id IS NULL OR n.id IS NULL "
        "OR (n.name NOT IN (?, ?, ?) AND (c.column_id IS NULL OR v.value = '')) "
        "OR (n.name = ? AND v.value = '')", police + ("Context",)).fetchone()[0]
    kept_police = db.execute(
        "SELECT count(*) FROM import_extra_columns c JOIN extra_columns n ON n.id = c.column_id "
        "WHERE n.name IN (?, ?, ?)", police).fetchone()[0]
    unnamed = db.execute(
        "SELECT count(*) FROM import_extra_columns c LEFT JOIN extra_columns n ON n.id = c.column_id "
        "WHERE n.id IS NULL").fetchone()[0]
    return bad == 0 and unnamed == 0 and kept_police == 0


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
    out["postings_consistent"] = postings_consistent(db)
    out["runs_consistent"] = runs_consistent(db)
    out["extras_consistent"] = extras_consistent(db)
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
