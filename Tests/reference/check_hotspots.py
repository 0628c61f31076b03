#!/usr/bin/env python3
"""Independent check of `nbhd hotspots` output (grid.csv and manifest.json).

Uses only pyproj, shapely, numpy and the standard library (Tests/reference/requirements.txt);
no project code. From the original incident CSVs it re-reads every row, keeps those with a
location, the given crime type(s) and month(s) (repeated non-empty `Crime ID`s counted once),
projects lon/lat to EPSG:27700 with pyproj (always_xy) and recomputes, on the grid that
manifest.json describes (origin, cell size, columns, rows; cell = row * columns + column from
the south-west):

- every cell's incident count (exactly);
- the study-area mask: a cell is in when its centre is inside some area of --study-area
  (shapely STRtree, predicate "within"), or every cell without one (exactly; a centre within
  1 mm of an area edge is reported but tolerated, since nbhd puts points on shared edges in one
  area by rule);
- the quartic kernel density per km^2 at every study-area cell centre,
  1e6 * sum over points with d < r of 3/(pi r^2) (1 - d^2/r^2)^2 (to 1e-9 relative, or 1e-9
  absolute below 1);
- Getis-Ord Gi* z (Getis and Ord 1992; Ord and Getis 1995) with binary distance-band weights
  including self over the study-area cells, band from manifest.json, inclusive with a
  1e-9 relative tolerance on the squared distance (to 1e-9), its two-sided normal p, and
  Gi_Bin from Benjamini-Hochberg at 0.10 / 0.05 / 0.01 written in numpy (exactly);
- the automatic band (the smallest distance giving every study-area cell a neighbour), the
  automatic cell size (shorter side of the points' extent / 250 rounded down to 1, 2 or
  5 x 10^k m; for a single location the side is 2r) and the automatic radius (spatial Silverman rule,
  0.9 min(SD, sqrt(1/ln 2) Dm) n^-0.2), when manifest.json says they were automatic.

Prints a summary; exits 0 (PASS) only when everything agrees, 1 (FAIL) otherwise, 2 on bad
arguments.

    python3 Tests/reference/check_hotspots.py --out DIR --input CSV[.gz] [--input ...] \
        [--study-area LAYER.geojson] [--type TYPE ...] [--months 2018-07 | 2018-01..2018-06]
"""

import argparse
import csv
import gzip
import json
import math
import sys

import numpy as np
import shapely
from pyproj import Transformer

TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def open_text(path):
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def month_filter(text):
    """A predicate on 'YYYY-MM' strings for '2018-07' or '2018-01..2018-06'."""
    if text is None:
        return lambda m: True
    first, _, last = text.partition("..")
    last = last or first
    lo, hi = first.strip(), last.strip()
    return lambda m: lo <= m.strip()[:7] <= hi


def type_key(text):
    return text.strip(" ").lower()


def read_points(paths, types, months):
    """Projected points (n x 2) of the located rows passing the filters."""
    keep_type = (lambda t: True) if not types else (lambda t, k={type_key(x) for x in types}: type_key(t) in k)
    keep_month = month_filter(months)
    seen, lons, lats = set(), [], []
    for path in paths:
        with open_text(path) as handle:
            for row in csv.DictReader(handle):
                crime_id = (row.get("Crime ID") or "").strip()
                if crime_id:
                    if crime_id in seen:
                        continue
                    seen.add(crime_id)
                try:
                    lon, lat = float(row["Longitude"]), float(row["Latitude"])
                except (TypeError, ValueError):
                    continue
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    continue
                if keep_type(row.get("Crime type", "")) and keep_month(row.get("Month", "")):
                    lons.append(lon)
                    lats.append(lat)
    x, y = TO_BNG.transform(np.array(lons, dtype=float), np.array(lats, dtype=float))
    return np.column_stack([x, y])


def read_areas(path):
    """The layer's polygons in EPSG:27700."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        layer = json.load(handle)
    crs = json.dumps(layer.get("crs", {}))
    projected = "27700" in crs

    def ring(coords):
        a = np.asarray(coords, dtype=float)[:, :2]
        if projected:
            return a
        x, y = TO_BNG.transform(a[:, 0], a[:, 1])
        return np.column_stack([x, y])

    def polygon(rings):
        return shapely.Polygon(ring(rings[0]), [ring(r) for r in rings[1:]])

    shapes = []
    for feature in layer["features"]:
        g = feature.get("geometry")
        if not g:
            continue
        if g["type"] == "Polygon":
            shapes.append(polygon(g["coordinates"]))
        elif g["type"] == "MultiPolygon":
            shapes.append(shapely.MultiPolygon([polygon(p) for p in g["coordinates"]]))
    return shapes


def nice_floor(value):
    """The largest of 1, 2 or 5 x 10^k at most value, and at least 1."""
    if value <= 1:
        return 1.0
    decade = 10.0 ** math.floor(math.log10(value))
    while decade * 10 <= value:
        decade *= 10
    while decade > value:
        decade /= 10
    for step in (5, 2, 1):
        if decade * step <= value:
            return decade * step
    return decade


def silverman(points):
    """ArcGIS's spatial Silverman radius for unit weights."""
    centre = points.mean(axis=0)
    d2 = ((points - centre) ** 2).sum(axis=1)
    sd = math.sqrt(d2.mean())
    dm = float(np.median(np.sqrt(d2)))
    return 0.9 * min(sd, math.sqrt(1 / math.log(2)) * dm) * len(points) ** -0.2


def quartic_density(points, x0, y0, cell, cols, rows, radius):
    """Exact quartic density per km^2 at every cell centre (rows x cols)."""
    locations, multiplicity = np.unique(points, axis=0, return_counts=True)
    pc = np.floor((locations[:, 0] - x0) / cell).astype(np.int64)
    pr = np.floor((locations[:, 1] - y0) / cell).astype(np.int64)
    reach = int(math.ceil(radius / cell)) + 1
    total = np.zeros(rows * cols)
    r2 = radius * radius
    scale = 3.0 / (math.pi * r2) * 1e6
    if len(locations) < (2 * reach + 1) ** 2:
        # Few locations: one vectorised block of cells per location.
        grid = total.reshape(rows, cols)
        for (px, py), k, c0, r0 in zip(locations, multiplicity, pc, pr):
            c_lo, c_hi = max(0, c0 - reach), min(cols, c0 + reach + 1)
            r_lo, r_hi = max(0, r0 - reach), min(rows, r0 + reach + 1)
            if c_lo >= c_hi or r_lo >= r_hi:
                continue
            cx = x0 + (np.arange(c_lo, c_hi) + 0.5) * cell
            cy = y0 + (np.arange(r_lo, r_hi) + 0.5) * cell
            d2 = (cx[None, :] - px) ** 2 + (cy[:, None] - py) ** 2
            grid[r_lo:r_hi, c_lo:c_hi] += np.where(d2 < r2, k * scale * (1 - d2 / r2) ** 2, 0.0)
        return total
    for dr in range(-reach, reach + 1):
        for dc in range(-reach, reach + 1):
            c, r = pc + dc, pr + dr
            inside = (c >= 0) & (c < cols) & (r >= 0) & (r < rows)
            if not inside.any():
                continue
            c, r = c[inside], r[inside]
            cx, cy = x0 + (c + 0.5) * cell, y0 + (r + 0.5) * cell
            d2 = (cx - locations[inside, 0]) ** 2 + (cy - locations[inside, 1]) ** 2
            near = d2 < r2
            k = multiplicity[inside][near] * scale * (1 - d2[near] / r2) ** 2
            total += np.bincount((r[near] * cols + c[near]), weights=k, minlength=rows * cols)
    return total


def band_offsets(band, cell):
    """Cell offsets (dc, dr) whose centres are within the band, inclusive (self included)."""
    reach = int(math.floor(band / cell)) + 1
    limit = band * band * (1 + 1e-9)
    return [
        (dc, dr)
        for dr in range(-reach, reach + 1)
        for dc in range(-reach, reach + 1)
        if (dc * cell) ** 2 + (dr * cell) ** 2 <= limit
    ]


def shifted(a, dc, dr):
    """b[r, c] = a[r + dr, c + dc], zero outside."""
    rows, cols = a.shape
    b = np.zeros_like(a)
    b[max(0, -dr):rows - max(0, dr), max(0, -dc):cols - max(0, dc)] = a[
        max(0, dr):rows - max(0, -dr), max(0, dc):cols - max(0, -dc)]
    return b


def getis_ord_star(values, mask, band, cell):
    """Gi* z for the masked cells of a rows x cols grid (binary band weights, self included)."""
    y = np.where(mask, values, 0.0)
    m = mask.astype(float)
    s = np.zeros_like(y)
    w = np.zeros_like(y)
    for dc, dr in band_offsets(band, cell):
        s += shifted(y, dc, dr)
        w += shifted(m, dc, dr)
    obs = values[mask]
    n = obs.size
    mean = obs.mean()
    sd = math.sqrt(((obs - mean) ** 2).mean())
    si, wi = s[mask], w[mask]
    denominator = sd * np.sqrt(np.maximum(wi * (n - wi), 0) / (n - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(denominator > 0, (si - wi * mean) / denominator, 0.0)
    return z


def automatic_band(mask, cell):
    """Largest nearest-neighbour distance between study-area cell centres."""
    rows, cols = mask.shape
    pending = mask.copy()
    best = 0
    reach = 1
    while pending.any():
        if reach > rows + cols:
            return None
        # Every offset within `reach` cells, nearest first: a cell's first hit is its nearest.
        offsets = sorted(
            (dc * dc + dr * dr, dc, dr) for dr in range(-reach, reach + 1) for dc in range(-reach, reach + 1)
            if 0 < dc * dc + dr * dr <= reach * reach)
        for d2, dc, dr in offsets:
            now = pending & shifted(mask, dc, dr)
            if now.any():
                best = max(best, d2)
                pending &= ~now
        reach *= 2
    return cell * math.sqrt(best)


def benjamini_hochberg_significant(p, alpha):
    """Step-up rule: p <= p_(k*) with k* the largest k such that p_(k) <= k alpha / m."""
    m = p.size
    order = np.sort(p)
    passing = np.nonzero(order <= np.arange(1, m + 1) * alpha / m)[0]
    if passing.size == 0:
        return np.zeros(m, dtype=bool)
    return p <= order[passing[-1]]


def gi_bins(z, p):
    bins = np.zeros(z.size, dtype=int)
    for level, alpha in ((1, 0.10), (2, 0.05), (3, 0.01)):
        bins[benjamini_hochberg_significant(p, alpha)] = level
    return (bins * np.sign(z)).astype(int)


def read_grid(path):
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))

    def column(name, kind=float):
        return np.array([kind(r[name]) if r[name] != "" else np.nan for r in rows], dtype=float)

    return rows, column


class Checker:
    def __init__(self):
        self.failures = []

    def expect(self, ok, message):
        print(("  ok    " if ok else "  FAIL  ") + message)
        if not ok:
            self.failures.append(message)

    def close(self, name, got, want, rel, absolute):
        diff = np.abs(got - want)
        bad = ~((diff <= absolute) | (diff <= rel * np.maximum(np.abs(got), np.abs(want)))) | np.isnan(got)
        worst = float(np.nanmax(diff)) if diff.size else 0.0
        self.expect(not bad.any(), f"{name}: {int(bad.sum())} of {got.size} differ (max |diff| {worst:.3g})")
        return bad


def parameter(manifest, name):
    entry = manifest["parameters"][name]
    return entry["value"], entry.get("automatic", False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="nbhd hotspots --out folder")
    parser.add_argument("--input", action="append", required=True, help="incident CSV (.gz ok); repeat")
    parser.add_argument("--study-area", help="the --study-area layer (GeoJSON, WGS84 or EPSG:27700)")
    parser.add_argument("--type", action="append", default=[], help="crime type; repeat")
    parser.add_argument("--months", help="2018-07 or 2018-01..2018-06")
    args = parser.parse_args()

    check = Checker()
    with open(args.out + "/manifest.json") as handle:
        manifest = json.load(handle)
    cell, cell_auto = parameter(manifest, "cell_m")
    radius, radius_auto = parameter(manifest, "radius_m")
    origin, _ = parameter(manifest, "grid_origin")
    x0, y0 = float(origin[0]), float(origin[1])
    cols, _ = parameter(manifest, "grid_columns")
    nrows, _ = parameter(manifest, "grid_rows")
    band, band_auto = parameter(manifest, "band_m")
    kernel, _ = parameter(manifest, "kernel")
    unit, _ = parameter(manifest, "density_output")
    print(f"grid {cols} x {nrows} cells of {cell} m from ({x0}, {y0}); radius {radius} m"
          f"{' (automatic)' if radius_auto else ''}; band {band} m{' (automatic)' if band_auto else ''}")

    points = read_points(args.input, args.type, args.months)
    print(f"{len(points)} incidents after filtering (type {args.type or 'all'}, months {args.months or 'all'})")
    check.expect(parameter(manifest, "incidents_mapped")[0] == len(points),
                 f"incidents_mapped {parameter(manifest, 'incidents_mapped')[0]} == {len(points)}")
    check.expect(kernel == "quartic" and unit == "per_km2", f"kernel {kernel}, output {unit} (this script checks quartic per km2)")
    check.expect(x0 % cell == 0 and y0 % cell == 0, "grid origin is a whole multiple of the cell size")

    # The grid file.
    rows, column = read_grid(args.out + "/grid.csv")
    check.expect(len(rows) == cols * nrows, f"grid.csv has {len(rows)} cells, manifest {cols} x {nrows}")
    if len(rows) != cols * nrows:
        return finish(check)
    ids = column("cell_id")
    c, r = column("column"), column("row")
    check.expect(bool((ids == np.arange(cols * nrows)).all() and (ids == r * cols + c).all()),
                 "cell_id = row * columns + column, row-major from the south-west")
    check.expect(bool((column("easting") == x0 + (c + 0.5) * cell).all()
                      and (column("northing") == y0 + (r + 0.5) * cell).all()), "easting/northing are cell centres")

    # Counts.
    pc = np.floor((points[:, 0] - x0) / cell).astype(np.int64)
    pr = np.floor((points[:, 1] - y0) / cell).astype(np.int64)
    on_grid = (pc >= 0) & (pc < cols) & (pr >= 0) & (pr < nrows)
    counts = np.bincount(pr[on_grid] * cols + pc[on_grid], minlength=cols * nrows)
    got_counts = column("count")
    bad = got_counts != counts
    check.expect(not bad.any(), f"counts: {int(bad.sum())} cells differ; {int(on_grid.sum())} incidents on the grid, "
                                f"{int((~on_grid).sum())} off it")

    # Study-area mask.
    centres = np.column_stack([x0 + (c + 0.5) * cell, y0 + (r + 0.5) * cell])
    got_mask = column("in_study_area") == 1
    if args.study_area:
        areas = read_areas(args.study_area)
        tree = shapely.STRtree(areas)
        pts = shapely.points(centres)
        pairs = tree.query(pts, predicate="within")
        mask = np.zeros(cols * nrows, dtype=bool)
        mask[pairs[0]] = True
        differ = np.nonzero(mask != got_mask)[0]
        boundary = shapely.union_all([a.boundary for a in areas]) if differ.size else None
        near = [i for i in differ if shapely.distance(pts[i], boundary) <= 0.001]
        check.expect(len(differ) == len(near),
                     f"study-area mask: {int(mask.sum())} cells in; {len(differ)} differ, {len(near)} of them within 1 mm of an edge")
    else:
        mask = np.ones(cols * nrows, dtype=bool)
        check.expect(bool(got_mask.all()), "no study area: every cell is in")
    inside = got_mask
    check.expect(parameter(manifest, "study_area_cells")[0] == int(inside.sum()),
                 "manifest study_area_cells equals the cells flagged in")

    # Density at study-area centres.
    density = quartic_density(points, x0, y0, cell, cols, nrows, radius)
    got_density = column("density")
    check.close("density per km2 (study-area cells)", got_density[inside], density[inside], 1e-9, 1e-9)
    check.expect(bool(np.isnan(got_density[~inside]).all()), "density is empty outside the study area")

    # Gi*, p and bins.
    grid_mask = inside.reshape(nrows, cols)
    z = getis_ord_star(counts.astype(float).reshape(nrows, cols), grid_mask, band, cell)
    p = np.array([math.erfc(abs(v) / math.sqrt(2)) for v in z])
    check.close("gi_z", column("gi_z")[inside], z, 1e-9, 1e-9)
    check.close("gi_p", column("gi_p")[inside], p, 1e-9, 1e-12)
    if parameter(manifest, "permutations")[0] is None:
        bins = gi_bins(z, p)
        got_bins = column("gi_bin")[inside]
        check.expect(bool((got_bins == bins).all()),
                     f"gi_bin (BH FDR on analytic p): {int((got_bins != bins).sum())} differ; "
                     + ", ".join(f"{b:+d}: {int((bins == b).sum())}" for b in range(-3, 4)))
        check.expect(bool(np.isnan(column("gi_p_sim")).all()), "gi_p_sim is empty without permutations")
    check.expect(bool(np.isnan(column("gi_z")[~inside]).all()), "gi_z is empty outside the study area")

    # Automatic choices.
    if band_auto:
        want = automatic_band(grid_mask, cell)
        check.expect(want is not None and abs(band - want) <= 1e-9 * want, f"automatic band {band} == {want}")
    if cell_auto:
        extent = points.max(axis=0) - points.min(axis=0)
        shorter = min(extent) if min(extent) > 0 else max(extent)
        if shorter == 0:  # one location: the 2r square the radius reaches
            shorter = 2 * radius
        want = nice_floor(shorter / 250)
        check.expect(cell == want, f"automatic cell {cell} m == {want} m (shorter side {shorter:.1f} m / 250)")
    if radius_auto:
        want = silverman(points)
        check.expect(abs(radius - want) <= 1e-9 * want, f"automatic radius {radius!r} m == Silverman {want!r} m")
    if not args.study_area:
        check.expect(bool(on_grid.all()), "no study area: the grid covers every point")
    else:
        check_areas(args, manifest, points, check)
    return finish(check)


def check_areas(args, manifest, points, check):
    """areas.csv: counts per area (shapely), and Gi* over the areas' points at the band."""
    with open(args.out + "/areas.csv", newline="") as handle:
        table = list(csv.DictReader(handle))
    areas = read_areas(args.study_area)
    check.expect(len(table) == len(areas), f"areas.csv has {len(table)} areas, the layer {len(areas)}")
    tree = shapely.STRtree(areas)
    pairs = tree.query(shapely.points(points), predicate="within")
    counts = np.bincount(pairs[1], minlength=len(areas)).astype(float)
    got = np.array([float(r["count"]) for r in table])
    check.expect(bool((got == counts).all()), f"area counts: {int((got != counts).sum())} areas differ")
    xy = np.array([[float(r["point_easting"]), float(r["point_northing"])] for r in table])
    inside = shapely.contains_xy(np.array(areas, dtype=object), xy[:, 0], xy[:, 1])
    check.expect(bool(inside.all()), "every area's point lies inside its area")
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
    band, band_auto = parameter(manifest, "area_band_m")
    if band_auto:
        nearest = np.where(np.eye(len(xy), dtype=bool), np.inf, d).min(axis=1).max()
        check.expect(abs(band - nearest) <= 1e-9 * nearest, f"automatic area band {band} == {nearest}")
    w = (d <= band * (1 + 1e-9)).astype(float)  # self included (d = 0)
    n = len(counts)
    mean = counts.mean()
    sd = math.sqrt(((counts - mean) ** 2).mean())
    wi, si = w.sum(axis=1), w @ counts
    z = (si - wi * mean) / (sd * np.sqrt(wi * (n - wi) / (n - 1)))
    check.close("area gi_z", np.array([float(r["gi_z"]) for r in table]), z, 1e-9, 1e-9)
    if parameter(manifest, "permutations")[0] is None:
        p = np.array([math.erfc(abs(v) / math.sqrt(2)) for v in z])
        bins = gi_bins(z, p)
        got_bins = np.array([int(r["gi_bin"]) for r in table])
        check.expect(bool((got_bins == bins).all()), f"area gi_bin: {int((got_bins != bins).sum())} differ")


def finish(check):
    if check.failures:
        print(f"FAIL: {len(check.failures)} check(s) failed")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
