#!/usr/bin/env python3
"""esda side of the Gi* benchmark (Benchmarks/Sources/LocalStatisticsBenchmark).

Counts West Yorkshire street crimes of one month on the 250 m benchmark grid (BNG box
400,000-450,000 E x 410,000-450,000 N, 200 x 160 = 32,000 cells, the box in wy_common.py),
writes the counts for the Swift benchmark, then times with esda/libpysal:
  1. queen weights: libpysal lat2W(rows, cols, rook=False) and, for comparison,
     DistanceBand on the centroids (threshold 360 m, binary);
  2. G_Local(counts, w, transform='B', star=True, permutations=0) + scipy BH FDR + bins;
  3. optionally the same with permutations=999 (numba, all cores; seed fixed).
Prints best-of-N wall times, and the largest |z| difference against the Swift output when
--compare FILE (written by the Swift benchmark with --write-z) is given.

Usage:
  python3 Benchmarks/scripts/esda_hotspots.py --counts /tmp/wy-250.csv [--permutations 999] [--repeat 5]
Packages: Tests/reference/requirements-local-stats.txt plus numba (0.68.1 here).
"""
import argparse
import csv
import os
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "shared", "data")
X0, Y0, CELL, COLS, ROWS = 400000.0, 410000.0, 250.0, 200, 160


def counts_from_crimes(path):
    import pyproj
    lon, lat = [], []
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["Longitude"] and row["Latitude"]:
                lon.append(float(row["Longitude"]))
                lat.append(float(row["Latitude"]))
    t = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    x, y = t.transform(np.array(lon), np.array(lat))
    c = np.floor((x - X0) / CELL).astype(int)
    r = np.floor((y - Y0) / CELL).astype(int)
    keep = (c >= 0) & (c < COLS) & (r >= 0) & (r < ROWS)
    return np.bincount(r[keep] * COLS + c[keep], minlength=ROWS * COLS).astype(float)


def best(f, repeat):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), float(np.median(times)), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--crimes", default=os.path.join(DATA, "crime", "west-yorkshire", "2018-07-west-yorkshire-street.csv"))
    ap.add_argument("--counts", required=True, help="CSV to write: a header line, then one count per cell")
    ap.add_argument("--permutations", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--compare", help="z-scores written by the Swift benchmark (--write-z)")
    args = ap.parse_args()

    import esda
    import libpysal
    from scipy import stats

    counts = counts_from_crimes(args.crimes)
    with open(args.counts, "w") as f:
        f.write(f"# origin_x={X0} origin_y={Y0} cell={CELL} columns={COLS} rows={ROWS} total={int(counts.sum())}\n")
        f.write("\n".join(str(int(v)) for v in counts) + "\n")
    print(f"grid {COLS} x {ROWS} = {COLS * ROWS} cells of {CELL:.0f} m, {int(counts.sum())} crimes; counts -> {args.counts}")
    print(f"esda {esda.__version__}, libpysal {libpysal.__version__}, numpy {np.__version__}")

    t_lat, m_lat, w = best(lambda: libpysal.weights.lat2W(ROWS, COLS, rook=False), args.repeat)
    print(f"queen weights lat2W:            best {t_lat:.3f} s, median {m_lat:.3f} s ({w.s0:.0f} links)")
    idx = np.arange(ROWS * COLS)
    centres = np.column_stack([X0 + (idx % COLS + 0.5) * CELL, Y0 + (idx // COLS + 0.5) * CELL])
    t_db, m_db, wd = best(lambda: libpysal.weights.DistanceBand(centres, threshold=360, binary=True, silence_warnings=True), args.repeat)
    print(f"queen weights DistanceBand:     best {t_db:.3f} s, median {m_db:.3f} s ({wd.s0:.0f} links)")

    def analytic():
        wq = libpysal.weights.lat2W(ROWS, COLS, rook=False)
        g = esda.getisord.G_Local(counts, wq, transform="B", star=True, permutations=0)
        p = 2 * g.p_norm
        q = stats.false_discovery_control(p, method="bh")
        bins = np.sign(g.Zs) * np.select([q <= 0.01, q <= 0.05, q <= 0.10], [3, 2, 1], 0)
        return g, bins

    t_g, m_g, (g, bins) = best(analytic, args.repeat)
    print(f"weights + G_Local* + BH FDR:    best {t_g:.3f} s, median {m_g:.3f} s; bins: "
          + ", ".join(f"{b:+d}: {int((bins == b).sum())}" for b in (3, 2, 1, -1, -2, -3)))
    if args.compare:
        z = np.loadtxt(args.compare)
        print(f"largest |z_swift - z_esda| = {np.abs(z - g.Zs).max():.3e}")

    if args.permutations:
        def permuted():
            wq = libpysal.weights.lat2W(ROWS, COLS, rook=False)
            return esda.getisord.G_Local(counts, wq, transform="B", star=True, permutations=args.permutations,
                                         seed=12345, n_jobs=-1, keep_simulations=False)
        permuted()  # numba compilation
        t_p, m_p, _ = best(permuted, max(1, args.repeat // 2))
        print(f"weights + G_Local* {args.permutations} perms: best {t_p:.3f} s, median {m_p:.3f} s (numba, all cores, compiled)")


if __name__ == "__main__":
    main()
