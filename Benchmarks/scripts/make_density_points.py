"""Points for the kernel density benchmark, written as raw little-endian float64 x,y pairs
(British National Grid metres) that `density-bench` and `density_reference.py` read.

Three kinds, all inside the West Yorkshire benchmark box (E 400-450 km, N 410-450 km):
  snapped   resampled with replacement from the real police.uk map points of the West
            Yorkshire street CSVs (/work/shared/data/crime/west-yorkshire/*-street.csv),
            projected with pyproj; exact repeats, as in real data
  jittered  the same, each moved by a normal offset with sigma 50 m (no repeats)
  uniform   uniform over the box

Usage: python3 make_density_points.py --points 1000000 [--kind snapped|jittered|uniform]
       [--out /tmp/density-points-KIND-N.f64] [--seed 1]
"""
import argparse
import csv
import glob
import pathlib

import numpy as np
from pyproj import Transformer

XMIN, XMAX, YMIN, YMAX = 400_000.0, 450_000.0, 410_000.0, 450_000.0
DATA = "/work/shared/data/crime/west-yorkshire"


def real_points():
    lon, lat = [], []
    for path in sorted(glob.glob(f"{DATA}/*-west-yorkshire-street.csv")):
        with open(path, newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                try:
                    lon.append(float(row["Longitude"]))
                    lat.append(float(row["Latitude"]))
                except (ValueError, KeyError):
                    continue
    t = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    x, y = t.transform(np.array(lon), np.array(lat))
    keep = (x >= XMIN) & (x < XMAX) & (y >= YMIN) & (y < YMAX)
    return np.column_stack([x[keep], y[keep]])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--kind", choices=["snapped", "jittered", "uniform"], default="jittered")
    ap.add_argument("--out")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    if a.kind == "uniform":
        pts = np.column_stack([rng.uniform(XMIN, XMAX, a.points), rng.uniform(YMIN, YMAX, a.points)])
    else:
        base = real_points()
        pts = base[rng.integers(0, len(base), a.points)]
        if a.kind == "jittered":
            pts = pts + rng.normal(0, 50, size=pts.shape)
            pts[:, 0] = np.clip(pts[:, 0], XMIN, XMAX - 1e-6)
            pts[:, 1] = np.clip(pts[:, 1], YMIN, YMAX - 1e-6)
        print(f"{len(base)} real located incidents, {len(np.unique(base, axis=0))} distinct map points")
    out = a.out or f"/tmp/density-points-{a.kind}-{a.points}.f64"
    np.ascontiguousarray(pts, dtype="<f8").tofile(out)
    print(f"wrote {out}: {a.points} points, {a.kind}")


if __name__ == "__main__":
    main()
