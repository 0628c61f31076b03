#!/usr/bin/env python3
"""Checks one table of a GeoPackage written by `nbhd` with GDAL as an independent client.

    python3 check_geopackage.py FILE.gpkg TABLE [--geojson LAYER.geojson] [--csv TABLE.csv KEY]

1. `ogrinfo -al -so FILE TABLE`: parses the feature count, geometry type, CRS (EPSG id) and
   extent, and checks the extent against the features' own coordinates (the GeoJSON's, taken
   to EPSG:27700 with pyproj, within 1 mm; or the points' easting/northing).
2. With --geojson: `ogr2ogr -f GeoJSON -t_srs EPSG:4326` converts the table back, and every
   feature must equal the project's own GeoJSON feature at the same position: the same
   properties (integers exactly, reals to 1e-12 relative, text exactly, null == absent) and
   the same coordinates within 5e-8 degrees (about 5 mm). That tolerance is the datum shift's,
   not the writer's: EPSG:27700 <-> WGS 84 goes through the 7-parameter Helmert "OSGB36 to
   WGS 84 (6)", whose inverse PROJ applies with the small-rotation approximation, so lon/lat
   -> EPSG:27700 -> lon/lat moves points by about 1.3e-8 degrees even in pyproj alone. The
   second check compares in the other direction: `ogr2ogr` without reprojection gives the
   stored EPSG:27700 coordinates, which must equal the GeoJSON's lon/lat taken to EPSG:27700
   by pyproj within 2 mm. Both maxima are reported; the one in the direction the data were
   made in is the strict one (areas were lon/lat, so EPSG:27700 within 0.1 mm; grid cells
   were metres, so lon/lat within 1e-9 degrees, the GeoJSON's rounding), and the tests
   assert those. Polygons are compared as one-part multipolygons.
3. With --csv: each feature's properties equal the CSV row with the same KEY value (the columns
   both have; numbers to 1e-12 relative, an empty CSV cell == NULL).
4. With --incidents-csv: the points GDAL reads equal the located rows (assigned or outside)
   of `nbhd assign`'s incidents.csv as a multiset of (crime_type, month, area_id, parent_id,
   status, easting, northing), coordinates rounded to 1 cm as the CSV is.
5. The R-tree: `ogrinfo -so -spat` over the middle quarter of the extent (GDAL counts through
   the table's spatial index, by bounding box) must count exactly the features whose
   bounding boxes shapely finds intersecting that window by scanning every geometry.
6. GDAL's own validator (`osgeo_utils/samples/validate_gpkg.py`, from python3-gdal) when present.

Prints a JSON summary on stdout; exits 1 with the differences on stderr when anything differs.
Uses only GDAL's command-line tools, its validator, pyproj and the standard library.
"""
import argparse
import csv
import json
import math
import os
import re
import subprocess
import sys
import tempfile

COORDINATE_TOLERANCE = 5e-8
METRE_TOLERANCE = 2e-3
EXTENT_TOLERANCE = 1e-3
REAL_TOLERANCE = 1e-12


def ogrinfo(path, table):
    out = subprocess.run(["ogrinfo", "-al", "-so", path, table], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Feature Count: (\d+)", out, re.M).group(1))
    geometry = re.search(r"^Geometry: (.+)$", out, re.M).group(1).strip()
    extent = [float(v) for v in re.search(
        r"^Extent: \(([-\d.e+]+), ([-\d.e+]+)\) - \(([-\d.e+]+), ([-\d.e+]+)\)", out, re.M).groups()]
    epsg = re.findall(r'ID\["EPSG",(\d+)\]\]\s*$', out.split("Data axis to CRS")[0], re.M)
    name = re.search(r'^(?:PROJCRS|GEOGCRS)\["([^"]+)"', out, re.M)
    return {"feature_count": count, "geometry": geometry, "extent": extent,
            "epsg": int(epsg[-1]) if epsg else None, "crs_name": name.group(1) if name else None}


def equal_numbers(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    return a == b or abs(a - b) <= REAL_TOLERANCE * max(abs(a), abs(b))


def equal_values(a, b):
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        return equal_numbers(a, b) if (a is None or isinstance(a, (int, float))) and (b is None or isinstance(b, (int, float))) else False
    return a == b


def as_multipolygon(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    if geometry["type"] == "Point":
        return [[[geometry["coordinates"]]]]
    raise ValueError(geometry["type"])


def compare_geometry(a, b, tolerance=COORDINATE_TOLERANCE):
    pa, pb = as_multipolygon(a), as_multipolygon(b)
    if len(pa) != len(pb):
        return f"{len(pa)} vs {len(pb)} polygons"
    worst = 0.0
    for i, (ra, rb) in enumerate(zip(pa, pb)):
        if len(ra) != len(rb):
            return f"polygon {i}: {len(ra)} vs {len(rb)} rings"
        for j, (va, vb) in enumerate(zip(ra, rb)):
            if len(va) != len(vb):
                return f"polygon {i} ring {j}: {len(va)} vs {len(vb)} positions"
            for p, q in zip(va, vb):
                worst = max(worst, abs(p[0] - q[0]), abs(p[1] - q[1]))
    if worst > tolerance:
        return f"coordinates differ by up to {worst:.3g}"
    return worst


def positions(geometry):
    for polygon in as_multipolygon(geometry):
        for ring in polygon:
            for p in ring:
                yield p


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("gpkg")
    parser.add_argument("table")
    parser.add_argument("--geojson")
    parser.add_argument("--csv", nargs=2, metavar=("CSV", "KEY"))
    parser.add_argument("--incidents-csv")
    args = parser.parse_args()
    problems = []
    info = ogrinfo(args.gpkg, args.table)
    summary = {"ogrinfo": info}

    if args.geojson:
        with open(args.geojson, encoding="utf-8") as f:
            ours = json.load(f)["features"]
        with tempfile.TemporaryDirectory() as folder:
            back = os.path.join(folder, "back.geojson")
            subprocess.run(["ogr2ogr", "-f", "GeoJSON", "-t_srs", "EPSG:4326", back, args.gpkg, args.table],
                           capture_output=True, text=True, check=True)
            with open(back, encoding="utf-8") as f:
                theirs = json.load(f)["features"]
        if len(ours) != len(theirs):
            problems.append(f"{len(theirs)} features from ogr2ogr, {len(ours)} in {args.geojson}")
        worst = 0.0
        for k, (a, b) in enumerate(zip(ours, theirs)):
            pa, pb = a["properties"], b["properties"]
            for key in set(pa) | set(pb):
                if not equal_values(pa.get(key), pb.get(key)):
                    problems.append(f"feature {k}: property {key!r}: {pa.get(key)!r} (GeoJSON) vs {pb.get(key)!r} (GDAL)")
            result = compare_geometry(a["geometry"], b["geometry"])
            if isinstance(result, str):
                problems.append(f"feature {k}: geometry: {result} degrees")
            else:
                worst = max(worst, result)
        summary["features_compared"] = min(len(ours), len(theirs))
        summary["max_coordinate_difference_degrees"] = worst
        if info["epsg"] == 27700:
            from pyproj import Transformer
            to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
            with tempfile.TemporaryDirectory() as folder:
                native = os.path.join(folder, "native.geojson")
                subprocess.run(["ogr2ogr", "-f", "GeoJSON", native, args.gpkg, args.table], capture_output=True, text=True, check=True)
                with open(native, encoding="utf-8") as f:
                    stored = json.load(f)["features"]
            worst_metres = 0.0
            for k, (a, b) in enumerate(zip(ours, stored)):
                projected = json.loads(json.dumps(a["geometry"]))
                for polygon in ([projected["coordinates"]] if projected["type"] == "Polygon" else projected["coordinates"]):
                    for ring in polygon:
                        for p in ring:
                            p[0], p[1] = to_bng.transform(p[0], p[1])
                result = compare_geometry(projected, b["geometry"], METRE_TOLERANCE)
                if isinstance(result, str):
                    problems.append(f"feature {k}: EPSG:27700 geometry: {result} metres")
                else:
                    worst_metres = max(worst_metres, result)
            summary["max_coordinate_difference_metres_in_27700"] = worst_metres
            xs, ys = zip(*[to_bng.transform(p[0], p[1]) for feature in ours for p in positions(feature["geometry"])])
            expected = [min(xs), min(ys), max(xs), max(ys)]
            gap = max(abs(a - b) for a, b in zip(expected, info["extent"]))
            summary["extent_difference_metres"] = gap
            if gap > EXTENT_TOLERANCE:
                problems.append(f"ogrinfo extent {info['extent']} vs the GeoJSON's in EPSG:27700 {expected}")

    if args.csv:
        path, key = args.csv
        with open(path, encoding="utf-8", newline="") as f:
            rows = {row[key]: row for row in csv.DictReader(f)}
        with tempfile.TemporaryDirectory() as folder:
            back = os.path.join(folder, "back.geojson")
            subprocess.run(["ogr2ogr", "-f", "GeoJSON", back, args.gpkg, args.table], capture_output=True, text=True, check=True)
            with open(back, encoding="utf-8") as f:
                theirs = json.load(f)["features"]
        matched = 0
        for feature in theirs:
            props = feature["properties"]
            row = rows.get(str(props.get(key)))
            if row is None:
                problems.append(f"{key} {props.get(key)!r} is not in {path}")
                continue
            matched += 1
            for column in set(row) & set(props):
                a, b = row[column], props[column]
                if a == "":
                    ok = b is None or b == ""
                elif isinstance(b, (int, float)):
                    ok = equal_numbers(float(a), float(b))
                else:
                    ok = a == b
                if not ok:
                    problems.append(f"{key} {props.get(key)}: {column}: {a!r} (CSV) vs {b!r} (GDAL)")
        summary["csv_rows_matched"] = matched

    if args.incidents_csv:
        from collections import Counter
        with open(args.incidents_csv, encoding="utf-8", newline="") as f:
            expected = Counter(
                (r["crime_type"], r["month"], r["area_id"], r["parent_id"], r["status"], r["easting"], r["northing"])
                for r in csv.DictReader(f) if r["status"] in ("assigned", "outside"))
        with tempfile.TemporaryDirectory() as folder:
            back = os.path.join(folder, "back.geojson")
            subprocess.run(["ogr2ogr", "-f", "GeoJSON", back, args.gpkg, args.table], capture_output=True, text=True, check=True)
            with open(back, encoding="utf-8") as f:
                theirs = json.load(f)["features"]
        got = Counter(
            (p["crime_type"], p["month"] or "", p["area_id"] or "", p["parent_id"] or "", p["status"],
             f"{g['coordinates'][0]:.2f}", f"{g['coordinates'][1]:.2f}")
            for p, g in ((f["properties"], f["geometry"]) for f in theirs))
        summary["incident_points_matched"] = sum((expected & got).values())
        if expected != got:
            problems.append(f"{sum((expected - got).values())} incidents.csv rows have no equal point, "
                            f"{sum((got - expected).values())} points no equal row; e.g. {list((expected - got).elements())[:2]} "
                            f"vs {list((got - expected).elements())[:2]}")

    x0, y0, x1, y1 = info["extent"]
    window = [x0 + (x1 - x0) / 4, y0 + (y1 - y0) / 4, x0 + 3 * (x1 - x0) / 4, y0 + 3 * (y1 - y0) / 4]
    out = subprocess.run(["ogrinfo", "-so", "-spat"] + [repr(v) for v in window] + [args.gpkg, args.table],
                         capture_output=True, text=True, check=True).stdout
    indexed = int(re.search(r"^Feature Count: (\d+)", out, re.M).group(1))
    import shapely
    with tempfile.TemporaryDirectory() as folder:
        native = os.path.join(folder, "all.geojson")
        subprocess.run(["ogr2ogr", "-f", "GeoJSON", native, args.gpkg, args.table], capture_output=True, text=True, check=True)
        with open(native, encoding="utf-8") as f:
            shapes = [shapely.geometry.shape(feature["geometry"]) for feature in json.load(f)["features"]]
    scanned = int(shapely.intersects(shapely.box(*window), shapely.envelope(shapes)).sum())
    summary["window_features"] = {"ogrinfo_spat": indexed, "shapely_scan": scanned}
    if indexed != scanned:
        problems.append(f"ogrinfo -spat {window} counts {indexed} features, a shapely scan {scanned}")

    validator = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"
    if os.path.exists(validator):
        result = subprocess.run(["/usr/bin/python3", validator, args.gpkg], capture_output=True, text=True)
        summary["validate_gpkg"] = "ok" if result.returncode == 0 else (result.stdout + result.stderr).strip()
        if result.returncode != 0:
            problems.append("validate_gpkg.py: " + (result.stdout + result.stderr).strip())
    else:
        summary["validate_gpkg"] = "not installed"

    print(json.dumps(summary))
    for problem in problems[:50]:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
