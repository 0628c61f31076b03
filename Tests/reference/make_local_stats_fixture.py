#!/usr/bin/env python3
"""Reference values for the local statistics tests (NeighbourhoodAnalyticsTests).

Writes three JSON fixtures into Tests/NeighbourhoodAnalyticsTests/Fixtures/:

* local-stats-six-points.json - esda's documented six-point example (G_Local docstring):
  points [(10,10),(20,10),(40,10),(15,20),(30,20),(30,30)], libpysal DistanceBand threshold 15
  (binary), y = [2,3,3.2,5,8,7]. G_Local star=True and star=False (transform='B'), Moran_Local
  transform 'r' and 'b', the libpysal neighbour lists, and conditional-permutation p-values
  from an independent pure-Python implementation of the documented engine (xoshiro256** seeded
  by SplitMix64, Lemire bounded integers, partial Fisher-Yates, folded min(#>=, #<=) rule).
* local-stats-wy-grid.json - West Yorkshire street crimes of July 2018 counted on a 1 km grid
  aligned to whole kilometres over their extent (EPSG:27700 via pyproj), with
  (a) the full grid, libpysal DistanceBand(threshold=1500, binary=True) on the cell centroids:
      G_Local star=True transform='B', Moran_Local 'r' and 'b', BH q-values (scipy) and the
      ArcGIS Gi_Bin by a numpy BH step-up;
  (b) the grid masked to cells whose centroid is inside the force area (shapely), band =
      libpysal min_threshold_distance:
      G_Local star=True 'B' and Moran_Local 'r'.
* statistics-reference.json - scipy norm.cdf / norm.sf / norm.ppf values, scipy
  false_discovery_control on a table with ties, and the first outputs of the generator.

Usage: python3 Tests/reference/make_local_stats_fixture.py [--data ../shared/data]
Versions: see requirements-local-stats.txt. esda p_norm is one-sided; the fixtures store the
two-sided 2 * p_norm, which is what the library reports.
"""
import argparse
import csv
import json
import math
import os
import warnings

import esda
import libpysal
import numpy as np
import pyproj
import scipy
import shapely
import shapely.geometry
import shapely.ops
from scipy import stats

warnings.filterwarnings("ignore")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "NeighbourhoodAnalyticsTests", "Fixtures")
M64 = (1 << 64) - 1


# ---------------------------------------------------------------- the generator, independently
def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & M64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class Xoshiro:
    def __init__(self, seed, stream=None):
        if stream is not None:
            seed = seed ^ ((stream * 0xD1342543DE82EF95) & M64)
        x = seed & M64
        self.s = []
        for _ in range(4):
            x, v = splitmix64(x)
            self.s.append(v)

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def below(self, bound):
        product = self.next() * bound
        low = product & M64
        if low < bound:
            threshold = ((1 << 64) - bound) % bound
            while low < threshold:
                product = self.next() * bound
                low = product & M64
        return product >> 64


def conditional_p(y, neighbours, permutations, seed, fixed=None):
    """The documented engine: folded pseudo p-values of each neighbour sum."""
    n = len(y)
    max_abs = max(abs(v) for v in y)
    out = []
    for i in range(n):
        k = len(neighbours[i])
        if k == 0 or k >= n - 1 or (fixed is not None and fixed[i]):
            out.append(1.0)
            continue
        observed = 0.0
        for j in neighbours[i]:
            observed += y[j]
        tol = 1e-12 * k * max_abs
        g = Xoshiro(seed, i)
        above = below = 0
        for _ in range(permutations):
            order = list(range(n - 1))
            total = 0.0
            for j in range(k):
                r = j + g.below(n - 1 - j)
                order[j], order[r] = order[r], order[j]
                m = order[j]
                total += y[m if m < i else m + 1]
            above += total >= observed - tol
            below += total <= observed + tol
        out.append((min(above, below) + 1) / (permutations + 1))
    return out


# ---------------------------------------------------------------- helpers
def neighbour_lists(w):
    ids = w.id_order
    pos = {k: i for i, k in enumerate(ids)}
    return [sorted(pos[j] for j in w.neighbors[k]) for k in ids]


def gi(y, w, star):
    g = esda.getisord.G_Local(y, w, transform="B", star=star, permutations=0)
    return {"Gs": g.Gs.tolist(), "EGs": np.broadcast_to(g.EGs, g.Gs.shape).tolist(), "VGs": g.VGs.tolist(), "Zs": g.Zs.tolist(), "p_two_sided": (2 * g.p_norm).tolist()}


def moran(y, w, transform):
    m = esda.moran.Moran_Local(y, w, transformation=transform, permutations=0)
    z = (m.Is - m.EI) / np.sqrt(m.VI)
    return {"Is": m.Is.tolist(), "EI": m.EI.tolist(), "VI": m.VI.tolist(), "q": m.q.tolist(),
            "p_two_sided": (2 * stats.norm.sf(np.abs(z))).tolist()}


def bh_bins(z, p):
    """ArcGIS Gi_Bin with BH FDR: sign(z) * (3 at 0.01, 2 at 0.05, 1 at 0.10)."""
    p = np.asarray(p)
    m = len(p)
    order = np.argsort(p, kind="stable")
    ranks = np.arange(1, m + 1)
    bins = np.zeros(m, dtype=int)
    for strength, alpha in ((1, 0.10), (2, 0.05), (3, 0.01)):
        ok = p[order] <= ranks / m * alpha
        k = ranks[ok].max() if ok.any() else 0
        sig = np.zeros(m, dtype=bool)
        sig[order[:k]] = True
        bins[sig] = strength
    return (np.sign(z) * bins).astype(int).tolist()


def dump(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print(f"wrote {path} ({os.path.getsize(path):,} bytes)")


VERSIONS = {"esda": esda.__version__, "libpysal": libpysal.__version__, "numpy": np.__version__,
            "scipy": scipy.__version__, "pyproj": pyproj.__version__}


def six_points():
    points = [(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)]
    w = libpysal.weights.DistanceBand(points, threshold=15)
    y = np.array([2, 3, 3.2, 5, 8, 7])
    nb = neighbour_lists(w)
    fixed = [v == y.mean() for v in y]
    return {
        "script": "Tests/reference/make_local_stats_fixture.py", "versions": VERSIONS,
        "points": points, "threshold": 15, "y": y.tolist(), "neighbours": nb,
        "gi_star": gi(y, w, True), "gi": gi(y, w, False),
        "moran_r": moran(y, w, "r"), "moran_b": moran(y, w, "b"),
        "permutation": {"permutations": 999, "seed": 12345,
                        "gi_star_p": conditional_p(y.tolist(), nb, 999, 12345),
                        "moran_p": conditional_p(y.tolist(), nb, 999, 12345, fixed)},
    }


def wy_grid(data):
    path = os.path.join(data, "crime", "west-yorkshire", "2018-07-west-yorkshire-street.csv")
    lon, lat = [], []
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["Longitude"] and row["Latitude"]:
                lon.append(float(row["Longitude"]))
                lat.append(float(row["Latitude"]))
    t = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    x, y = t.transform(np.array(lon), np.array(lat))
    # Keep the points inside the force area's bounding box (a few rows lie far outside it).
    with open(os.path.join(data, "boundaries", "wy-force-area.geojson")) as f:
        area = shapely.geometry.shape(json.load(f)["features"][0]["geometry"])
    area = shapely.ops.transform(t.transform, area)
    bx0, by0, bx1, by1 = area.bounds
    inside = (x >= bx0) & (x <= bx1) & (y >= by0) & (y <= by1)
    x, y = x[inside], y[inside]
    cell = 1000.0
    x0 = math.floor(x.min() / cell) * cell
    y0 = math.floor(y.min() / cell) * cell
    cols = int(math.floor((x.max() - x0) / cell)) + 1
    rows = int(math.floor((y.max() - y0) / cell)) + 1
    c = np.floor((x - x0) / cell).astype(int)
    r = np.floor((y - y0) / cell).astype(int)
    counts = np.bincount(r * cols + c, minlength=rows * cols).astype(float)
    idx = np.arange(rows * cols)
    centres = np.column_stack([x0 + (idx % cols + 0.5) * cell, y0 + (idx // cols + 0.5) * cell])

    w = libpysal.weights.DistanceBand(centres, threshold=1500, binary=True, silence_warnings=True)
    full = {"band": 1500.0, "cardinalities": [len(v) for v in neighbour_lists(w)],
            "gi_star": gi(counts, w, True)}
    full["moran_r"] = moran(counts, w, "r")
    w = libpysal.weights.DistanceBand(centres, threshold=1500, binary=True, silence_warnings=True)
    full["moran_b"] = moran(counts, w, "b")
    full["q_bh"] = stats.false_discovery_control(full["gi_star"]["p_two_sided"], method="bh").tolist()
    full["gi_bin"] = bh_bins(full["gi_star"]["Zs"], full["gi_star"]["p_two_sided"])

    cells = np.flatnonzero(shapely.contains_xy(area, centres[:, 0], centres[:, 1]))
    band = libpysal.weights.min_threshold_distance(centres[cells])
    wm = libpysal.weights.DistanceBand(centres[cells], threshold=band, binary=True, silence_warnings=True)
    assert not wm.islands, "the default band must leave no islands"
    masked = {"cells": cells.tolist(), "band": float(band),
              "cardinalities": [len(v) for v in neighbour_lists(wm)],
              "gi_star": gi(counts[cells], wm, True)}
    wm = libpysal.weights.DistanceBand(centres[cells], threshold=band, binary=True, silence_warnings=True)
    masked["moran_r"] = moran(counts[cells], wm, "r")
    print(f"grid {cols} x {rows} at ({x0}, {y0}); {len(x)} points; masked {len(cells)} cells, band {band}")
    print(f"full grid: {sum(b != 0 for b in full['gi_bin'])} cells in a nonzero Gi_Bin")
    return {"script": "Tests/reference/make_local_stats_fixture.py", "versions": VERSIONS,
            "source": "crime/west-yorkshire/2018-07-west-yorkshire-street.csv",
            "origin_x": x0, "origin_y": y0, "cell": cell, "columns": cols, "rows": rows,
            "counts": counts.tolist(), "full": full, "masked": masked}


def statistics_reference():
    xs = [-38.0, -20.0, -10.0, -6.0, -3.0, -1.959963984540054, -1.0, -1e-8, 0.0, 0.5, 1.0, 1.6448536269514722,
          2.5758293035489004, 3.0, 5.0, 8.0, 10.0, 20.0, 37.0]
    ps = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.025, 0.02425, 0.05, 0.1, 0.3, 0.075, 0.5,
          0.5 + 1e-12, 0.7, 0.925, 0.95, 0.975, 0.97575, 0.99, 0.999, 1 - 1e-10, 1 - 1e-15]
    table = [0.01, 0.04, 0.04, 0.03, 0.2, 0.5, 0.001, 0.9, 1.0, 0.04, 0.0, 0.06, 0.049, 0.3]
    rnd = np.random.default_rng(7).uniform(size=200) ** 3
    seeds = {}
    for seed, stream in ((0, None), (42, None), (42, 7), (2**64 - 1, 123456)):
        g = Xoshiro(seed, stream)
        seeds[f"{seed}/{stream}"] = {"seed": str(seed), "stream": None if stream is None else str(stream),
                                     "next": [str(g.next()) for _ in range(8)],
                                     "below_10": [g.below(10) for _ in range(20)],
                                     "below_3e18": [str(g.below(3 * 10**18)) for _ in range(10)]}
    return {"script": "Tests/reference/make_local_stats_fixture.py", "versions": VERSIONS,
            "cdf": {"x": xs, "cdf": stats.norm.cdf(xs).tolist(), "sf": stats.norm.sf(xs).tolist()},
            "ppf": {"p": ps, "z": stats.norm.ppf(ps).tolist()},
            "fdr": [{"p": table, "q": stats.false_discovery_control(table, method="bh").tolist()},
                    {"p": rnd.tolist(), "q": stats.false_discovery_control(rnd, method="bh").tolist()}],
            "generator": list(seeds.values())}


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    args = ap.parse_args()
    dump("local-stats-six-points.json", six_points())
    dump("local-stats-wy-grid.json", wy_grid(args.data))
    dump("statistics-reference.json", statistics_reference())
