#!/usr/bin/env python3
"""Independent check of `nbhd assign` output against pyproj + shapely.

For every data row of the original input CSVs the script
  1. reads Longitude/Latitude with Python's csv module (UTF-8, BOM tolerated; an empty
     longitude or latitude means "no location"),
  2. projects lon/lat to EPSG:27700 with pyproj
     (Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)),
  3. finds the polygon of the boundary layer that contains the point (GeoJSON read with
     json/gzip, polygons projected to EPSG:27700 with the same transformer, shapely 2
     STRtree query with predicate="intersects", then shapely.contains_xy to separate
     interior hits from boundary hits; a point on a shared edge goes to the polygon to its
     east (+x), or for a horizontal edge to its north, like nbhd; at a corner, north-east;
     on an east/north edge of the layer's outline, outside -- half-open cells),
and joins the result with nbhd's DIR/incidents.csv by (file, line). It reports

  * rows compared, rows whose area_id (or status) differs from the reference,
  * how many of the differing rows lie within --tolerance-m of a polygon edge (distance
    from the pyproj point to the boundary of the reference polygon or nbhd's polygon),
  * the differences beyond tolerance (first 20: file, line, coordinates, both ids,
    distance to the nearest of those edges),
  * the projection difference max |easting_nbhd - easting_pyproj| (and northing);
    nbhd prints 2 decimals, so <= 0.005 m plus rounding noise is expected,
  * per-status counts of incidents.csv versus DIR/summary.json (per file and total).

Exit status 0 only when there is no difference beyond tolerance, every input row is in
incidents.csv exactly once (and nothing else is), the status counts equal summary.json and
the projection difference is <= --max-projection-diff-m (0.006 m); 1 otherwise (reasons are
printed); 2 for bad arguments / unreadable inputs.

Usage:
  python3 Tests/reference/check_assignment.py --incidents DIR/incidents.csv \
      --boundaries LAYER.geojson[.gz] --id-field F --input CSV [--input CSV ...] \
      [--tolerance-m 0.001] [--json OUT]

--input arguments are matched to the `file` column of incidents.csv (which holds the path
exactly as it was given to nbhd) by exact string, then absolute path, then basename, then
by order of first appearance.
"""

import argparse
import csv
import gzip
import json
import math
import os
import re
import sys
import time
import warnings

import numpy as np
import shapely
from pyproj import Transformer

STATUSES = ("assigned", "outside", "no_location", "rejected")
NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
LON_NAMES = ("longitude", "lon", "long", "lng", "x")
LAT_NAMES = ("latitude", "lat", "y")


def fail_args(msg):
    print(f"check_assignment: {msg}", file=sys.stderr)
    sys.exit(2)


def open_text(path):
    with open(path, "rb") as f:
        magic = f.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return open(path, "r", encoding="utf-8-sig", newline="")


def make_transformer():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "best transformation (OSTN15) not available"
        return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


# --------------------------------------------------------------------------- boundaries
def load_boundaries(path, id_field, transformer):
    t0 = time.perf_counter()
    with open_text(path) as f:
        data = json.load(f)
    crs_name = ((data.get("crs") or {}).get("properties") or {}).get("name", "")
    is_bng = "27700" in crs_name
    if crs_name and not is_bng and not re.search(r"CRS84|4326", crs_name):
        fail_args(f"{path}: unsupported crs member {crs_name!r}")
    feats = data["features"] if data.get("type") == "FeatureCollection" else [data]
    geoms, ids, skipped = [], [], 0
    for k, feat in enumerate(feats):
        g = feat.get("geometry")
        if not g or g.get("type") not in ("Polygon", "MultiPolygon"):
            skipped += 1
            continue
        props = feat.get("properties") or {}
        if id_field not in props:
            fail_args(f"{path}: feature {k} has no property {id_field!r}")
        v = props[id_field]
        ids.append("" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)))
        geoms.append(shapely.geometry.shape(g))
    geoms = np.array(geoms, dtype=object)
    if not is_bng:
        def fwd(xy):
            x, y = transformer.transform(xy[:, 0], xy[:, 1])
            return np.column_stack([x, y])
        geoms = shapely.transform(geoms, fwd)
    invalid = int((~shapely.is_valid(geoms)).sum())
    shapely.prepare(geoms)
    ids = np.array(ids, dtype=object)
    return {
        "geoms": geoms, "ids": ids, "crs": crs_name or "(none: RFC 7946 WGS84)", "projected": not is_bng,
        "skipped_features": skipped, "invalid": invalid,
        "vertices": int(shapely.get_num_coordinates(geoms).sum()), "seconds": time.perf_counter() - t0,
    }


# --------------------------------------------------------------------------- inputs
def find_column(header, names, path, what):
    norm = [h.strip().lower() for h in header]
    for n in names:
        if n in norm:
            return norm.index(n)
    fail_args(f"{path}: no {what} column in header {header}")


def read_inputs(paths):
    """Return arrays file_idx, line, lon_text, lat_text, ref_kind (0 ok, 1 no location, 2 invalid), lon, lat."""
    fi, ln, lons, lats, kind, lonv, latv = [], [], [], [], [], [], []
    per_file_rows = []
    for idx, path in enumerate(paths):
        n = 0
        with open_text(path) as f:
            reader = csv.reader(f)
            try:
                header = next(reader)
            except StopIteration:
                per_file_rows.append(0)
                continue
            ci = find_column(header, LON_NAMES, path, "longitude")
            cj = find_column(header, LAT_NAMES, path, "latitude")
            prev_end = reader.line_num
            for row in reader:
                start = prev_end + 1
                prev_end = reader.line_num
                if not row or (len(row) == 1 and row[0] == ""):
                    continue  # blank physical line: not a data row
                n += 1
                a = row[ci].strip() if ci < len(row) else ""
                b = row[cj].strip() if cj < len(row) else ""
                fi.append(idx)
                ln.append(start)
                lons.append(a)
                lats.append(b)
                if a == "" or b == "":
                    kind.append(1); lonv.append(math.nan); latv.append(math.nan)
                elif NUMBER.match(a) and NUMBER.match(b) and abs(float(a)) <= 180 and abs(float(b)) <= 90:
                    kind.append(0); lonv.append(float(a)); latv.append(float(b))
                else:
                    kind.append(2); lonv.append(math.nan); latv.append(math.nan)
        per_file_rows.append(n)
    return (np.array(fi, dtype=np.int64), np.array(ln, dtype=np.int64), lons, lats,
            np.array(kind, dtype=np.int8), np.array(lonv), np.array(latv), per_file_rows)


# --------------------------------------------------------------------------- reference assignment
def assign_reference(x, y, ok, layer):
    """Index of the containing polygon for each point (-1 outside / no location), and on-edge flag."""
    geoms = layer["geoms"]
    n = len(x)
    ref = np.full(n, -1, dtype=np.int64)
    on_edge = np.zeros(n, dtype=bool)
    overlaps = 0
    sel = np.flatnonzero(ok)
    if len(sel) == 0:
        return ref, on_edge, overlaps
    tree = shapely.STRtree(geoms)
    # Many police.uk points share coordinates: query each distinct point once.
    xy = np.column_stack([x[sel], y[sel]])
    uxy, inverse = np.unique(xy, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    pts = shapely.points(uxy)
    pi, gi = tree.query(pts, predicate="intersects")
    inside = shapely.contains_xy(geoms[gi], uxy[pi, 0], uxy[pi, 1])
    uref = np.full(len(uxy), -1, dtype=np.int64)
    uedge = np.zeros(len(uxy), dtype=bool)
    # interior hits: the first polygon (by feature order) that strictly contains the point
    order = np.lexsort((gi, ~inside, pi))  # by point, interior first, then feature order
    pi_s, gi_s, in_s = pi[order], gi[order], inside[order]
    first = np.ones(len(pi_s), dtype=bool)
    first[1:] = pi_s[1:] != pi_s[:-1]
    fp, fg, fin = pi_s[first], gi_s[first], in_s[first]
    uref[fp[fin]] = fg[fin]
    # count points strictly inside more than one polygon (overlapping polygons)
    ins_pi = pi[inside]
    if len(ins_pi):
        overlaps = int((np.bincount(ins_pi, minlength=len(uxy)) > 1).sum())
    # boundary-only hits: apply the east (+x), then north (+y) rule with a tiny nudge; at a
    # corner where both nudges stay on an edge, the north-east nudge (half-open cells)
    edge_pts = fp[~fin]
    uedge[edge_pts] = True
    for p in edge_pts:
        lo, hi = np.searchsorted(pi_s, p, side="left"), np.searchsorted(pi_s, p, side="right")
        cands = gi_s[lo:hi]
        px, py = uxy[p]
        chosen = -1
        for nx, ny in ((px + 1e-6, py), (px, py + 1e-6), (px + 1e-6, py + 1e-6)):
            hit = cands[shapely.contains_xy(geoms[cands], nx, ny)]
            if len(hit):
                chosen = int(hit.min())
                break
        # chosen < 0: the point is on an east or north edge of the layer's outline (no
        # polygon beyond it): outside, as with half-open cells [x0, x1) x [y0, y1)
        uref[p] = chosen
    ref[sel] = uref[inverse]
    on_edge[sel] = uedge[inverse]
    return ref, on_edge, overlaps


# --------------------------------------------------------------------------- nbhd output
def read_incidents(path):
    with open(path, "r", encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        want = ["file", "line", "crime_id", "month", "crime_type", "easting", "northing",
                "area_id", "parent_id", "status"]
        if header != want:
            fail_args(f"{path}: unexpected header {header}")
        cols = {h: [] for h in ("file", "line", "easting", "northing", "area_id", "status")}
        idx = {h: header.index(h) for h in cols}
        for row in reader:
            for h, i in idx.items():
                cols[h].append(row[i] if i < len(row) else "")
    return cols


def map_files(nbhd_files, inputs):
    distinct = list(dict.fromkeys(nbhd_files))
    mapping, problems = {}, []
    abs_inputs = [os.path.abspath(p) for p in inputs]
    base_inputs = [os.path.basename(p) for p in inputs]
    for pos, name in enumerate(distinct):
        if name in inputs:
            mapping[name] = inputs.index(name)
        elif os.path.abspath(name) in abs_inputs:
            mapping[name] = abs_inputs.index(os.path.abspath(name))
        elif base_inputs.count(os.path.basename(name)) == 1:
            mapping[name] = base_inputs.index(os.path.basename(name))
        elif pos < len(inputs):
            mapping[name] = pos
            problems.append(f"file {name!r} matched to --input #{pos + 1} by order only")
        else:
            problems.append(f"file {name!r} in incidents.csv matches no --input")
    return mapping, problems


def fnum(s):
    try:
        return float(s)
    except ValueError:
        return math.nan


# --------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description="Check nbhd assign output against pyproj + shapely.")
    ap.add_argument("--incidents", required=True, help="nbhd's DIR/incidents.csv")
    ap.add_argument("--boundaries", required=True, help="boundary layer GeoJSON (optionally .gz)")
    ap.add_argument("--id-field", required=True)
    ap.add_argument("--input", action="append", required=True, help="original input CSV (repeatable, same order as nbhd)")
    ap.add_argument("--summary", help="nbhd's summary.json (default: next to --incidents)")
    ap.add_argument("--tolerance-m", type=float, default=0.001)
    ap.add_argument("--max-projection-diff-m", type=float, default=0.006)
    ap.add_argument("--show", type=int, default=20, help="differences beyond tolerance to list")
    ap.add_argument("--json", help="write the report as JSON here")
    args = ap.parse_args()

    t_start = time.perf_counter()
    timings = {}
    for p in [args.incidents, args.boundaries, *args.input]:
        if not os.path.exists(p):
            fail_args(f"missing file {p}")
    summary_path = args.summary or os.path.join(os.path.dirname(os.path.abspath(args.incidents)), "summary.json")

    transformer = make_transformer()
    layer = load_boundaries(args.boundaries, args.id_field, transformer)
    timings["read_and_project_boundaries"] = layer["seconds"]

    t = time.perf_counter()
    fi, ln, lon_txt, lat_txt, kind, lon, lat, per_file_rows = read_inputs(args.input)
    timings["read_inputs"] = time.perf_counter() - t

    t = time.perf_counter()
    ok = kind == 0
    x = np.full(len(lon), math.nan)
    y = np.full(len(lon), math.nan)
    if ok.any():
        px, py = transformer.transform(lon[ok], lat[ok])
        x[ok], y[ok] = px, py
    bad_proj = ok & ~(np.isfinite(x) & np.isfinite(y))
    ok &= ~bad_proj
    kind[bad_proj] = 2
    timings["project_points"] = time.perf_counter() - t

    t = time.perf_counter()
    ref_idx, on_edge, overlaps = assign_reference(x, y, ok, layer)
    ids = layer["ids"]
    ref_id = np.where(ref_idx >= 0, ids[np.maximum(ref_idx, 0)], "")
    ref_status = np.where(kind == 1, "no_location", np.where(kind == 2, "rejected",
                          np.where(ref_idx >= 0, "assigned", "outside")))
    # how hard did the data test the boundary rule? distance of every located point to the
    # edge of its reference polygon (or of the nearest polygon when outside)
    near_edge = 0
    if ok.any():
        loc = np.flatnonzero(ok)
        uxy2, inv2 = np.unique(np.column_stack([x[loc], y[loc]]), axis=0, return_inverse=True)
        inv2 = inv2.ravel()
        first_row = np.zeros(len(uxy2), dtype=np.int64)
        first_row[inv2] = loc
        gidx = ref_idx[first_row]
        upts = shapely.points(uxy2)
        dist = np.full(len(uxy2), np.inf)
        has = gidx >= 0
        dist[has] = shapely.distance(upts[has], shapely.boundary(layer["geoms"][gidx[has]]))
        if (~has).any():
            _, nd = shapely.STRtree(layer["geoms"]).query_nearest(upts[~has], return_distance=True, all_matches=False)
            dist[~has] = nd
        near_edge = int((dist[inv2] <= args.tolerance_m).sum())
    timings["reference_assignment"] = time.perf_counter() - t

    # ---- join with incidents.csv
    t = time.perf_counter()
    inc = read_incidents(args.incidents)
    timings["read_incidents"] = time.perf_counter() - t
    reasons = []
    mapping, problems = map_files(inc["file"], args.input)
    for p in problems:
        print(f"note: {p}")
        if "matches no" in p:
            reasons.append(p)

    key_to_row = {(int(f), int(l)): k for k, (f, l) in enumerate(zip(fi, ln))}
    n_in = len(fi)
    nb_row_for_ref = np.full(n_in, -1, dtype=np.int64)
    extra_rows, dup_rows = [], []
    for j, (fname, line) in enumerate(zip(inc["file"], inc["line"])):
        if fname not in mapping:
            extra_rows.append((fname, line))
            continue
        k = key_to_row.get((mapping[fname], int(line)))
        if k is None:
            extra_rows.append((fname, line))
        elif nb_row_for_ref[k] >= 0:
            dup_rows.append((fname, line))
        else:
            nb_row_for_ref[k] = j
    missing = np.flatnonzero(nb_row_for_ref < 0)
    if len(missing):
        reasons.append(f"{len(missing)} input rows missing from incidents.csv, first: "
                       + ", ".join(f"{args.input[fi[k]]}:{ln[k]}" for k in missing[:5]))
    if extra_rows:
        reasons.append(f"{len(extra_rows)} incidents.csv rows match no input row, first: {extra_rows[:5]}")
    if dup_rows:
        reasons.append(f"{len(dup_rows)} duplicate (file, line) rows in incidents.csv, first: {dup_rows[:5]}")

    cmp_rows = np.flatnonzero(nb_row_for_ref >= 0)
    j = nb_row_for_ref[cmp_rows]
    nb_area = np.array(inc["area_id"], dtype=object)[j]
    nb_status = np.array(inc["status"], dtype=object)[j]
    nb_e = np.array([fnum(v) for v in inc["easting"]])[j]
    nb_n = np.array([fnum(v) for v in inc["northing"]])[j]
    r_area = ref_id[cmp_rows].astype(object)
    r_status = ref_status[cmp_rows].astype(object)
    unknown_status = sorted(set(nb_status) - set(STATUSES))
    if unknown_status:
        reasons.append(f"unknown status values in incidents.csv: {unknown_status}")

    # ---- projection difference (rows located by both)
    both_xy = ok[cmp_rows] & np.isfinite(nb_e) & np.isfinite(nb_n)
    de = np.abs(nb_e[both_xy] - x[cmp_rows][both_xy])
    dn = np.abs(nb_n[both_xy] - y[cmp_rows][both_xy])
    max_de = float(de.max()) if len(de) else 0.0
    max_dn = float(dn.max()) if len(dn) else 0.0
    xy_missing = int((ok[cmp_rows] & ~(np.isfinite(nb_e) & np.isfinite(nb_n))).sum())
    xy_unexpected = int((~ok[cmp_rows] & (np.isfinite(nb_e) | np.isfinite(nb_n))).sum())
    if max_de > args.max_projection_diff_m or max_dn > args.max_projection_diff_m:
        k = int(np.argmax(np.maximum(de, dn)))
        rr = cmp_rows[both_xy][k]
        reasons.append(f"projection difference {max(max_de, max_dn):.6f} m > {args.max_projection_diff_m} m "
                       f"(worst {args.input[fi[rr]]}:{ln[rr]} lon {lon_txt[rr]} lat {lat_txt[rr]}: "
                       f"nbhd {nb_e[both_xy][k]:.2f},{nb_n[both_xy][k]:.2f} pyproj {x[rr]:.4f},{y[rr]:.4f})")
    if xy_missing:
        reasons.append(f"{xy_missing} rows with a valid location have no easting/northing in incidents.csv")

    # ---- area / status differences
    differs = (nb_area != r_area) | (nb_status != r_status)
    diff_rows = np.flatnonzero(differs)
    geoms = layer["geoms"]
    by_id = {}
    for g_i, g_id in enumerate(ids):
        by_id.setdefault(g_id, []).append(g_i)
    within, beyond = [], []
    for d in diff_rows:
        rr = cmp_rows[d]
        rec = {
            "file": args.input[fi[rr]], "line": int(ln[rr]), "lon": lon_txt[rr], "lat": lat_txt[rr],
            "easting": None if not ok[rr] else round(float(x[rr]), 4),
            "northing": None if not ok[rr] else round(float(y[rr]), 4),
            "nbhd_area_id": nb_area[d], "nbhd_status": nb_status[d],
            "ref_area_id": r_area[d], "ref_status": r_status[d], "ref_on_edge": bool(on_edge[rr]),
            "dist_ref_edge_m": None, "dist_nbhd_edge_m": None, "dist_nearest_edge_m": None,
        }
        comparable = ok[rr] and nb_status[d] in ("assigned", "outside")
        if ok[rr]:
            pt = shapely.Point(x[rr], y[rr])
            if ref_idx[rr] >= 0:
                rec["dist_ref_edge_m"] = float(shapely.distance(pt, shapely.boundary(geoms[ref_idx[rr]])))
            if nb_area[d] in by_id:
                rec["dist_nbhd_edge_m"] = float(min(shapely.distance(pt, shapely.boundary(geoms[g]))
                                                    for g in by_id[nb_area[d]]))
            ds = [v for v in (rec["dist_ref_edge_m"], rec["dist_nbhd_edge_m"]) if v is not None]
            if ds:
                rec["dist_nearest_edge_m"] = min(ds)
        if nb_area[d] not in by_id and nb_area[d] != "":
            rec["note"] = "nbhd area_id not in boundary layer"
            comparable = False
        if comparable and rec["dist_nearest_edge_m"] is not None and rec["dist_nearest_edge_m"] <= args.tolerance_m:
            within.append(rec)
        else:
            beyond.append(rec)
    if beyond:
        reasons.append(f"{len(beyond)} rows differ from the reference beyond {args.tolerance_m} m")

    # ---- status counts vs summary.json
    status_check = {}
    try:
        with open(summary_path) as f:
            summary = json.load(f)
    except (OSError, ValueError) as e:
        summary = None
        reasons.append(f"cannot read summary.json ({summary_path}): {e}")
    inc_status = np.array(inc["status"], dtype=object)
    inc_file = np.array(inc["file"], dtype=object)
    if summary is not None:
        total = summary.get("total", {})
        mine = {s: int((inc_status == s).sum()) for s in STATUSES}
        mine["rows_read"] = len(inc_status)
        status_check["total"] = {"incidents_csv": mine, "summary_json": {s: total.get(s) for s in mine}}
        for s, v in mine.items():
            if total.get(s) != v:
                reasons.append(f"summary.json total.{s} = {total.get(s)} but incidents.csv has {v}")
        for entry in summary.get("files", []):
            fname = entry.get("file")
            sel = inc_file == fname
            mine_f = {s: int((inc_status[sel] == s).sum()) for s in STATUSES}
            mine_f["rows_read"] = int(sel.sum())
            for s, v in mine_f.items():
                if entry.get(s) != v:
                    reasons.append(f"summary.json {fname}: {s} = {entry.get(s)} but incidents.csv has {v}")
            if fname in mapping and entry.get("rows_read") != per_file_rows[mapping[fname]]:
                reasons.append(f"summary.json {fname}: rows_read = {entry.get('rows_read')} but the input "
                               f"has {per_file_rows[mapping[fname]]} data rows")
            status_check.setdefault("files", {})[fname] = mine_f
        if len(summary.get("files", [])) != len(args.input):
            reasons.append(f"summary.json lists {len(summary.get('files', []))} files, --input gave {len(args.input)}")
        ref_counts = {s: int((ref_status == s).sum()) for s in STATUSES}
        status_check["reference"] = ref_counts
    timings["total"] = time.perf_counter() - t_start

    # ---- report
    n_cmp = len(cmp_rows)
    print(f"boundaries: {args.boundaries}: {len(geoms)} polygons ({layer['vertices']} vertices, "
          f"{layer['invalid']} invalid, {layer['skipped_features']} non-polygon features skipped), "
          f"crs {layer['crs']}, id field {args.id_field}")
    print(f"inputs: {len(args.input)} file(s), {n_in} data rows "
          f"({int((kind == 1).sum())} no location, {int((kind == 2).sum())} unparsable/out of range)")
    print(f"reference: {status_check.get('reference', {s: int((ref_status == s).sum()) for s in STATUSES})}; "
          f"{int(on_edge.sum())} located rows exactly on a polygon edge, {near_edge} within {args.tolerance_m} m of one; "
          f"{overlaps} distinct points inside >1 polygon")
    print(f"rows compared: {n_cmp}")
    print(f"rows differing (area_id or status): {len(diff_rows)}")
    print(f"  within {args.tolerance_m} m of a polygon edge: {len(within)}")
    print(f"  beyond tolerance: {len(beyond)}")
    print(f"projection: {int(both_xy.sum())} rows, max |dE| {max_de:.6f} m, max |dN| {max_dn:.6f} m"
          + (f"; {xy_missing} located rows without E/N in nbhd" if xy_missing else "")
          + (f"; {xy_unexpected} rows with E/N in nbhd but no valid reference location" if xy_unexpected else ""))
    if "total" in status_check:
        print(f"status counts incidents.csv: {status_check['total']['incidents_csv']}")
        print(f"status counts summary.json:  {status_check['total']['summary_json']}")
    if within:
        print(f"differences within tolerance (first {min(args.show, len(within))}):")
        for r in within[: args.show]:
            print(f"  {os.path.basename(r['file'])}:{r['line']} lon {r['lon']} lat {r['lat']} "
                  f"E {r['easting']} N {r['northing']} nbhd {r['nbhd_area_id'] or '-'} ({r['nbhd_status']}) "
                  f"ref {r['ref_area_id'] or '-'} ({r['ref_status']}{', on edge' if r['ref_on_edge'] else ''}) "
                  f"edge distance {r['dist_nearest_edge_m']:.3g} m")
    if beyond:
        print(f"differences beyond tolerance (first {min(args.show, len(beyond))}):")
        for r in beyond[: args.show]:
            dist = "n/a" if r["dist_nearest_edge_m"] is None else f"{r['dist_nearest_edge_m']:.4f} m"
            print(f"  {os.path.basename(r['file'])}:{r['line']} lon {r['lon']!r} lat {r['lat']!r} "
                  f"E {r['easting']} N {r['northing']} nbhd {r['nbhd_area_id'] or '-'} ({r['nbhd_status']}) "
                  f"ref {r['ref_area_id'] or '-'} ({r['ref_status']}) nearest edge {dist}"
                  + (f" [{r['note']}]" if "note" in r else ""))
    print("timings: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))

    report = {
        "incidents": args.incidents, "boundaries": args.boundaries, "id_field": args.id_field,
        "inputs": args.input, "tolerance_m": args.tolerance_m,
        "rows_input": n_in, "rows_compared": n_cmp, "rows_differing": len(diff_rows),
        "differing_within_tolerance": len(within), "differing_beyond_tolerance": len(beyond),
        "max_abs_easting_diff_m": max_de, "max_abs_northing_diff_m": max_dn,
        "reference_on_edge_rows": int(on_edge.sum()), "reference_near_edge_rows": near_edge, "reference_overlap_points": overlaps,
        "status_counts": status_check, "within": within, "beyond": beyond[:1000],
        "timings_seconds": timings, "passed": not reasons, "failures": reasons,
    }
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2, default=str)
    if reasons:
        print("FAIL:")
        for r in reasons:
            print(f"  - {r}")
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
