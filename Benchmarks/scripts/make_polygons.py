#!/usr/bin/env python3
"""Seeded synthetic neighbourhood layer that exactly tiles a West Yorkshire box.

    make_polygons.py --seed 1 --cells 2500 --vertices 350 --out polygons.geojson [--crs 27700|4326]

Method
------
1. Seeds: ``--cells`` points drawn from a clustered "population" mixture
   (Gaussian towns + uniform background, see wy_common.py), so cells are small
   in dense areas and large in rural ones, like LSOAs.  Seeds closer than
   ``--min-sep`` metres are dropped (and replaced) to avoid microscopic cells.
2. Voronoi cells clipped to the box E 400000..450000, N 410000..450000 (BNG),
   computed exactly with scipy by adding the seeds mirrored across the four box
   sides.  Box-side vertices are snapped to the exact box coordinate; Voronoi
   vertices closer than ``--merge-tol`` are merged.
3. Every edge is densified ONCE into a polyline that both neighbouring cells
   use (one of them reversed), so the tiling stays exact.  Interior edges get a
   random-midpoint-displacement wiggle; box-side edges are densified but kept
   straight (so the union is still the box).  The wiggle of edge AB is confined
   to the convex region {0<=x<=L, |y| <= c*e(x)} where e(x) is the height of the
   triangles (A, B, seed_i) and (A, B, seed_j); those triangles form fans that
   are interior-disjoint across all edges, so no wiggle can cross another edge,
   and each polyline is x-monotone in its edge frame, so it cannot
   self-intersect.
4. Intermediate points per edge ~ alpha * L**p (p = ``--length-exponent``),
   alpha chosen by bisection so the mean number of distinct vertices per
   polygon (closing vertex not counted) is ``--vertices``.
5. Output: GeoJSON FeatureCollection, properties id ("N0001"...), name,
   district ("D1".."D5", 10 km bands of easting of the seed).  CRS 27700:
   metres rounded to 1 mm, legacy "crs" member.  CRS 4326: transformed with
   pyproj (always_xy) and rounded to 7 decimals.
6. Validation (on the file as written and parsed back): validity, sum of areas
   and union area vs box area, pairwise interior overlaps via STRtree.
   Results are printed and written to OUT.validation.json.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import shapely
from scipy.spatial import Voronoi, cKDTree
from shapely import Polygon

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wy_common import XMIN, XMAX, YMIN, YMAX, BOX_AREA, sample_population  # noqa: E402


# --------------------------------------------------------------------------
# seeds
# --------------------------------------------------------------------------
def make_seeds(rng, n, min_sep):
    pts = np.empty((0, 2))
    while len(pts) < n:
        cand = sample_population(rng, int((n - len(pts)) * 1.2) + 16)
        allp = np.vstack([pts, cand])
        tree = cKDTree(allp)
        pairs = np.array(sorted(tree.query_pairs(min_sep)), dtype=np.int64).reshape(-1, 2)
        removed = np.zeros(len(allp), bool)
        for i, j in pairs:  # i < j: keep the earlier point
            if not removed[i] and not removed[j]:
                removed[j] = True
        pts = allp[~removed]
    return pts[:n]


# --------------------------------------------------------------------------
# clipped Voronoi topology
# --------------------------------------------------------------------------
class DSU:
    def __init__(self, n):
        self.p = np.arange(n)

    def find(self, a):
        p = self.p
        while p[a] != a:
            p[a] = p[p[a]]
            a = p[a]
        return a


def voronoi_topology(seeds, merge_tol):
    n = len(seeds)
    x, y = seeds[:, 0], seeds[:, 1]
    mirrors = [
        np.c_[2 * XMIN - x, y],  # side 1: x = XMIN
        np.c_[2 * XMAX - x, y],  # side 2: x = XMAX
        np.c_[x, 2 * YMIN - y],  # side 3: y = YMIN
        np.c_[x, 2 * YMAX - y],  # side 4: y = YMAX
    ]
    vor = Voronoi(np.vstack([seeds] + mirrors))
    V = vor.vertices.copy()
    rp = vor.ridge_points
    rv = vor.ridge_vertices

    ridges = []  # (a, b, cell_i, cell_j or -side)
    snapped = {}  # vertex -> set of sides
    for (p, q), verts in zip(rp, rv):
        if p >= n and q >= n:
            continue
        if p >= n:
            p, q = q, p
        a, b = verts
        if a < 0 or b < 0:
            raise RuntimeError("unbounded ridge next to an original seed")
        if q < n:
            ridges.append((a, b, p, q))
        else:
            side = q // n  # 1..4
            ridges.append((a, b, p, -side))
            for v in (a, b):
                snapped.setdefault(v, set()).add(side)

    max_snap = 0.0
    for v, sides in snapped.items():
        for s in sides:
            if s == 1:
                max_snap = max(max_snap, abs(V[v, 0] - XMIN)); V[v, 0] = XMIN
            elif s == 2:
                max_snap = max(max_snap, abs(V[v, 0] - XMAX)); V[v, 0] = XMAX
            elif s == 3:
                max_snap = max(max_snap, abs(V[v, 1] - YMIN)); V[v, 1] = YMIN
            else:
                max_snap = max(max_snap, abs(V[v, 1] - YMAX)); V[v, 1] = YMAX
    if max_snap > 1e-3:
        raise RuntimeError(f"box-side vertex snap too large: {max_snap}")

    # merge vertices closer than merge_tol (prefer corner > side > interior)
    used = sorted({v for r in ridges for v in r[:2]})
    used_arr = np.array(used)
    dsu = DSU(len(V))
    prio = {v: len(snapped.get(v, ())) for v in used}
    pairs = cKDTree(V[used_arr]).query_pairs(merge_tol)
    for i, j in sorted(pairs):
        a, b = dsu.find(used_arr[i]), dsu.find(used_arr[j])
        if a == b:
            continue
        # representative: higher priority, then lower index
        if (prio[b], -b) > (prio[a], -a):
            a, b = b, a
        dsu.p[b] = a
    rep = {v: dsu.find(v) for v in used}
    n_merged = sum(1 for v in used if rep[v] != v)

    edges = {}  # (a, b) a<b -> (cell_i, cell_j or -side)
    cell_edges = [set() for _ in range(n)]
    for a, b, i, j in ridges:
        a, b = rep[a], rep[b]
        if a == b:
            continue
        key = (a, b) if a < b else (b, a)
        if key in edges:
            raise RuntimeError(f"duplicate edge after merge {key}")
        edges[key] = (i, j)
        cell_edges[i].add(key)
        if j >= 0:
            cell_edges[j].add(key)

    rings = []
    for i in range(n):
        reg = vor.regions[vor.point_region[i]]
        if -1 in reg:
            raise RuntimeError("unbounded region for an original seed")
        ring = [rep[v] for v in reg]
        ring = [v for k, v in enumerate(ring) if v != ring[k - 1]]  # cyclic dedupe
        if len(ring) < 3:
            raise RuntimeError(f"cell {i} collapsed")
        xs, ys = V[ring, 0], V[ring, 1]
        area2 = np.sum(xs * np.roll(ys, -1) - np.roll(xs, -1) * ys)
        if area2 < 0:
            ring = ring[::-1]  # counter-clockwise exterior (RFC 7946)
        keys = {(min(a, b), max(a, b)) for a, b in zip(ring, ring[1:] + ring[:1])}
        if keys != cell_edges[i]:
            raise RuntimeError(f"cell {i}: ring edges do not match ridges")
        rings.append(ring)
    return V, edges, rings, n_merged


# --------------------------------------------------------------------------
# densification
# --------------------------------------------------------------------------
def allocate_points(lengths, mult, n_cells, target, p, min_spacing, min_len):
    """k_e intermediate points per edge so that mean vertices/cell ~= target."""
    cap = np.floor(lengths / min_spacing).astype(np.int64)

    def ks(alpha):
        k = np.rint(alpha * lengths ** p).astype(np.int64)
        k = np.minimum(k, cap)
        k[lengths < min_len] = 0
        return k

    def mean_vertices(alpha):
        return float(np.sum(mult * (ks(alpha) + 1))) / n_cells

    lo, hi = 0.0, 1.0
    while mean_vertices(hi) < target:
        hi *= 2
        if hi > 1e9:
            break
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if mean_vertices(mid) < target:
            lo = mid
        else:
            hi = mid
    a = lo if abs(mean_vertices(lo) - target) <= abs(mean_vertices(hi) - target) else hi
    return ks(a), a


def midpoint_displacement(rng, k, amp, hurst):
    """Brownian-bridge-like profile on [0,1] with zero ends, at >= k+2 nodes."""
    m = max(1, int(np.ceil(np.log2(k + 1))) + 1)
    N = 2 ** m
    y = np.zeros(N + 1)
    step, scale = N, amp
    fac = 2.0 ** (-hurst)
    while step > 1:
        half = step // 2
        mids = np.arange(half, N, step)
        y[mids] = 0.5 * (y[mids - half] + y[mids + half]) + rng.normal(0.0, scale, mids.size)
        scale *= fac
        step = half
    return np.linspace(0.0, 1.0, N + 1), y


def envelope(x, L, u, h):
    """Height over AB of triangle (A=(0,0), B=(L,0), apex (u, h)) at x in [0, L]."""
    e = np.full_like(x, np.inf)
    if u > 0:
        e = np.minimum(e, h * x / u)
    if u < L:
        e = np.minimum(e, h * (L - x) / (L - u))
    return e


def densify_edges(rng, V, seeds, edges, kmap, amp, hurst, c_env, jitter):
    """Return {edge_key: (k, 2) array of intermediate points, oriented a -> b}."""
    out = {}
    for key in sorted(edges):
        k = int(kmap[key])
        if k == 0:
            out[key] = np.empty((0, 2))
            continue
        a, b = key
        A, B = V[a], V[b]
        d = B - A
        L = float(np.hypot(d[0], d[1]))
        d = d / L
        nrm = np.array([-d[1], d[0]])
        t = (np.arange(1, k + 1) + rng.uniform(-jitter, jitter, k)) / (k + 1)
        x = t * L
        i, j = edges[key]
        if j < 0:  # box side: straight
            P = A + np.outer(x, d)
            side = -j
            if side == 1:
                P[:, 0] = XMIN
            elif side == 2:
                P[:, 0] = XMAX
            elif side == 3:
                P[:, 1] = YMIN
            else:
                P[:, 1] = YMAX
            out[key] = P
            continue
        e = np.full(k, np.inf)
        for s in (i, j):
            rel = seeds[s] - A
            u = float(rel @ d)
            h = abs(float(rel @ nrm))
            e = np.minimum(e, envelope(x, L, u, h))
        ce = c_env * e
        gx, gy = midpoint_displacement(rng, k, amp, hurst)
        yraw = np.interp(t, gx, gy) * L
        y = ce * np.tanh(yraw / ce)
        out[key] = A + np.outer(x, d) + np.outer(y, nrm)
    return out


def build_rings(V, rings, dens):
    coords = []
    for ring in rings:
        parts = []
        for a, b in zip(ring, ring[1:] + ring[:1]):
            parts.append(V[a][None, :])
            if a < b:
                parts.append(dens[(a, b)])
            else:
                parts.append(dens[(b, a)][::-1])
        arr = np.vstack(parts)
        coords.append(np.vstack([arr, arr[:1]]))  # closed
    return coords


# --------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------
def write_geojson(path, feats, crs, decimals):
    fmt = "%." + str(decimals) + "f"
    with open(path, "w") as f:
        f.write('{"type":"FeatureCollection",\n')
        if crs == 27700:
            f.write('"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},\n')
        f.write('"features":[\n')
        for n, (props, ring) in enumerate(feats):
            xs = [fmt % v for v in ring[:, 0]]
            ys = [fmt % v for v in ring[:, 1]]
            cs = ",".join("[" + a + "," + b + "]" for a, b in zip(xs, ys))
            f.write('{"type":"Feature","properties":' + json.dumps(props, separators=(",", ":"))
                    + ',"geometry":{"type":"Polygon","coordinates":[[' + cs + "]]}}")
            f.write(",\n" if n + 1 < len(feats) else "\n")
        f.write("]}\n")


def validate(polys, box_area, label):
    """Validation of a list of shapely polygons supposed to tile a region."""
    t0 = time.time()
    res = {"label": label, "n_polygons": len(polys)}
    polys = np.asarray(polys, dtype=object)
    valid = shapely.is_valid(polys)
    res["n_invalid"] = int((~valid).sum())
    if res["n_invalid"]:
        res["invalid_reasons"] = [shapely.is_valid_reason(p) for p in polys[~valid][:5]]
    areas = shapely.area(polys)
    res["sum_area"] = float(areas.sum())
    res["reference_area"] = float(box_area)
    res["sum_area_rel_err"] = float((areas.sum() - box_area) / box_area)
    res["min_area"] = float(areas.min())
    res["max_area"] = float(areas.max())
    u = shapely.union_all(polys)
    res["union_type"] = u.geom_type
    res["union_n_holes"] = len(u.interiors) if u.geom_type == "Polygon" else None
    res["union_area"] = float(u.area)
    res["union_area_rel_err"] = float((u.area - box_area) / box_area)
    tree = shapely.STRtree(polys)
    pi, pj = tree.query(polys, predicate="intersects")
    m = pi < pj
    pi, pj = pi[m], pj[m]
    res["n_touching_pairs"] = int(pi.size)
    interior = shapely.relate_pattern(polys[pi], polys[pj], "T********")
    res["n_pairs_interiors_intersect"] = int(interior.sum())
    inter = shapely.area(shapely.intersection(polys[pi], polys[pj]))
    res["overlap_area_total"] = float(inter.sum())
    res["overlap_area_max"] = float(inter.max()) if inter.size else 0.0
    if hasattr(shapely, "coverage_is_valid"):
        res["coverage_is_valid"] = bool(shapely.coverage_is_valid(polys))
    res["seconds"] = round(time.time() - t0, 2)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--cells", type=int, default=2500)
    ap.add_argument("--vertices", type=float, default=350, help="target mean distinct vertices per polygon")
    ap.add_argument("--out", required=True)
    ap.add_argument("--crs", type=int, choices=[27700, 4326], default=27700)
    ap.add_argument("--length-exponent", type=float, default=0.5,
                    help="points per edge ~ L**p (1 = constant spacing, 0 = same count per edge)")
    ap.add_argument("--min-sep", type=float, default=25.0, help="minimum seed separation (m)")
    ap.add_argument("--merge-tol", type=float, default=0.05, help="merge Voronoi vertices closer than this (m)")
    ap.add_argument("--amp", type=float, default=0.08, help="first-level wiggle std, fraction of edge length")
    ap.add_argument("--hurst", type=float, default=0.7)
    ap.add_argument("--no-validate", action="store_true")
    args = ap.parse_args()

    T0 = time.time()
    rng = np.random.default_rng(args.seed)
    seeds = make_seeds(rng, args.cells, args.min_sep)
    V, edges, rings, n_merged = voronoi_topology(seeds, args.merge_tol)
    n = len(seeds)

    keys = sorted(edges)
    A = V[[k[0] for k in keys]]
    B = V[[k[1] for k in keys]]
    lengths = np.hypot(*(B - A).T)
    mult = np.array([2 if edges[k][1] >= 0 else 1 for k in keys])
    kvec, alpha = allocate_points(lengths, mult, n, args.vertices, args.length_exponent,
                                  min_spacing=1.0, min_len=2.0)
    kmap = dict(zip(keys, kvec))
    dens = densify_edges(rng, V, seeds, edges, kmap, args.amp, args.hurst, c_env=0.7, jitter=0.35)
    coords = build_rings(V, rings, dens)
    t_build = time.time() - T0

    # ordering and properties: district = 10 km easting band of the seed
    district = np.clip(((seeds[:, 0] - XMIN) // 10000).astype(int), 0, 4) + 1
    order = np.lexsort((seeds[:, 0], -seeds[:, 1], district))
    per_d = {}
    feats = []
    nverts = []
    for rank, i in enumerate(order, start=1):
        d = int(district[i])
        per_d[d] = per_d.get(d, 0) + 1
        props = {"id": f"N{rank:04d}", "name": f"D{d} {per_d[d]:03d}", "district": f"D{d}"}
        ring = coords[i]
        nverts.append(len(ring) - 1)
        if args.crs == 27700:
            ring = np.round(ring, 3)
        feats.append((props, ring))
    if args.crs == 4326:
        from pyproj import Transformer
        tr = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
        print(f"transform 27700->4326: {tr.description}", flush=True)
        feats = [(p, np.round(np.column_stack(tr.transform(r[:, 0], r[:, 1])), 7)) for p, r in feats]
    tmp = args.out + ".tmp"
    write_geojson(tmp, feats, args.crs, 3 if args.crs == 27700 else 7)
    os.replace(tmp, args.out)  # never leave a partial file under the final name
    t_total = time.time() - T0

    nverts = np.array(nverts)
    stats = {
        "seed": args.seed, "crs": args.crs, "out": os.path.abspath(args.out),
        "file_bytes": os.path.getsize(args.out),
        "n_polygons": int(n), "n_edges": len(edges),
        "n_interior_edges": int((mult == 2).sum()), "n_box_edges": int((mult == 1).sum()),
        "n_voronoi_vertices_merged": int(n_merged),
        "alpha": alpha, "length_exponent": args.length_exponent,
        "vertices_per_polygon_excl_closing": {
            "mean": float(nverts.mean()), "min": int(nverts.min()),
            "median": float(np.median(nverts)), "p95": float(np.percentile(nverts, 95)),
            "max": int(nverts.max()), "total": int(nverts.sum())},
        "edge_length_m": {"min": float(lengths.min()), "median": float(np.median(lengths)),
                          "max": float(lengths.max())},
        "seconds_generate_and_write": round(t_total, 2), "seconds_build": round(t_build, 2),
    }
    print(json.dumps(stats, indent=1), flush=True)

    if not args.no_validate:
        # validate what was written: parse the file back
        with open(args.out) as f:
            fc = json.load(f)
        polys = [Polygon(ft["geometry"]["coordinates"][0]) for ft in fc["features"]]
        ids = [ft["properties"]["id"] for ft in fc["features"]]
        assert len(set(ids)) == len(ids)
        checks = []
        if args.crs == 27700:
            checks.append(validate(polys, BOX_AREA, "file as written (EPSG:27700, mm rounding)"))
        else:
            from pyproj import Transformer
            box = shapely.box(XMIN, YMIN, XMAX, YMAX).segmentize(100.0)
            tr = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
            bx, by = tr.transform(*np.asarray(box.exterior.coords).T)
            box_ll = Polygon(np.column_stack([bx, by]))
            checks.append(validate(polys, box_ll.area,
                                   "file as written (EPSG:4326 degrees; reference = box densified at 100 m and transformed)"))
            back = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
            polys_b = [Polygon(np.column_stack(back.transform(*np.asarray(p.exterior.coords).T))) for p in polys]
            checks.append(validate(polys_b, BOX_AREA, "file transformed back to EPSG:27700 (exact box reference)"))
        stats["validation"] = checks
        for c in checks:
            print(json.dumps(c, indent=1), flush=True)
        with open(args.out + ".validation.json", "w") as f:
            json.dump(stats, f, indent=1)
        ok = all(c["n_invalid"] == 0 and c["n_pairs_interiors_intersect"] == 0 for c in checks)
        print("VALIDATION", "PASSED" if ok else "FAILED", flush=True)
        if not ok:
            os.replace(args.out, args.out + ".invalid")
            print(f"moved the output to {args.out}.invalid", flush=True)
            sys.exit(1)


if __name__ == "__main__":
    main()
