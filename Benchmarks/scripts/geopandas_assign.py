#!/usr/bin/env python3
"""Reference pipeline: assign police.uk street CSV rows to polygons with geopandas.

    geopandas_assign.py --points incidents.csv --polygons polygons.geojson --out DIR

What a typical analyst would write:
  1. pandas.read_csv (all columns, default options)
  2. drop rows without Longitude/Latitude (counted as no_location)
  3. pyproj Transformer EPSG:4326 -> EPSG:27700 (always_xy), vectorised on the arrays
  4. GeoDataFrame of points (points_from_xy, crs 27700)
  5. geopandas.read_file of the polygon layer (to_crs(27700) if needed)
  6. geopandas.sjoin(points, polygons, how="left", predicate="within")
  7. groupby(area id, Month, Crime type).size() -> DIR/counts.csv
Writes DIR/summary.json with row counts, per-step wall times and the peak RSS
(resource.getrusage ru_maxrss) of this process.

A point exactly on a shared boundary is "within" no polygon and is counted as
outside (predicate "within" excludes the boundary).
"""
import argparse
import json
import os
import platform
import resource
import sys
import time

T_START = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import geopandas as gpd  # noqa: E402
import pyproj  # noqa: E402
import shapely  # noqa: E402
from pyproj import Transformer  # noqa: E402
T_IMPORT = time.perf_counter() - T_START


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--points", required=True)
    ap.add_argument("--polygons", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--id-field", default="id")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    steps = {}
    t_all = time.perf_counter()

    def step(name, t0):
        dt = time.perf_counter() - t0
        steps[name] = round(dt, 3)
        print(f"{name:<22s} {dt:9.2f} s   (peak RSS so far {peak_rss_mb():8.0f} MB)", flush=True)

    t = time.perf_counter()
    df = pd.read_csv(args.points)
    rows_read = len(df)
    step("read_csv", t)

    t = time.perf_counter()
    has_loc = df["Longitude"].notna() & df["Latitude"].notna()
    no_location = int((~has_loc).sum())
    df = df[has_loc]
    step("drop_no_location", t)

    t = time.perf_counter()
    tr = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    x, y = tr.transform(df["Longitude"].to_numpy(), df["Latitude"].to_numpy())
    step("transform", t)
    op = tr
    if len(x):  # which coordinate operation PROJ actually picked (checked on one point)
        tr.transform(float(df["Longitude"].iloc[0]), float(df["Latitude"].iloc[0]))
        try:
            op = tr.get_last_used_operation()
        except Exception:  # older pyproj
            op = tr

    t = time.perf_counter()
    pts = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(x, y), crs="EPSG:27700")
    del df
    step("make_points", t)

    t = time.perf_counter()
    polys = gpd.read_file(args.polygons)
    if polys.crs is None or polys.crs.to_epsg() != 27700:
        polys = polys.to_crs("EPSG:27700")
    polys = polys[[args.id_field, "geometry"]]
    step("read_polygons", t)

    t = time.perf_counter()
    joined = gpd.sjoin(pts, polys, how="left", predicate="within")
    step("sjoin", t)

    t = time.perf_counter()
    located = len(pts)
    multi = len(joined) - located  # extra rows if a point fell in >1 polygon
    in_area = joined[args.id_field].notna()
    assigned = int(joined.loc[in_area].index.nunique())
    outside = located - assigned
    counts = (joined.loc[in_area]
              .groupby([args.id_field, "Month", "Crime type"])
              .size()
              .reset_index(name="count"))
    counts.columns = ["area_id", "month", "crime_type", "count"]
    step("groupby", t)

    t = time.perf_counter()
    counts.to_csv(os.path.join(args.out, "counts.csv"), index=False)
    step("write_counts", t)

    total = time.perf_counter() - t_all
    summary = {
        "points": os.path.abspath(args.points),
        "polygons": os.path.abspath(args.polygons),
        "rows_read": rows_read,
        "no_location": no_location,
        "located": located,
        "assigned": assigned,
        "outside": outside,
        "points_in_more_than_one_polygon_extra_rows": int(multi),
        "n_polygons": len(polys),
        "n_count_rows": len(counts),
        "count_sum": int(counts["count"].sum()),
        "seconds": steps,
        "seconds_total_excl_imports": round(total, 3),
        "seconds_imports": round(T_IMPORT, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "transformer": {"description": op.description, "definition": op.definition,
                        "accuracy_m": op.accuracy},
        "versions": {"python": platform.python_version(), "pandas": pd.__version__,
                     "geopandas": gpd.__version__, "shapely": shapely.__version__,
                     "geos": shapely.geos_version_string, "pyproj": pyproj.__version__,
                     "proj": pyproj.proj_version_str, "numpy": np.__version__},
    }
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(f"{'total':<22s} {total:9.2f} s   (imports {T_IMPORT:.2f} s not included)")
    print(f"rows_read={rows_read} no_location={no_location} located={located} "
          f"assigned={assigned} outside={outside} multi={multi} count_rows={len(counts)}")
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    print(f"transformer: {op.description} (accuracy {op.accuracy} m)")
    print(f"  {op.definition}")


if __name__ == "__main__":
    sys.exit(main())
