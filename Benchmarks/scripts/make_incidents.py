#!/usr/bin/env python3
"""Seeded generator of police.uk street-level crime CSV rows (synthetic).

    make_incidents.py --seed 1 --rows 1000000 --out incidents.csv [--map-points 150000]

Layout (police.uk "street" CSV, header written once):
    Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context

* Rows are grouped by month (2018-01 .. 2018-12, mild seasonality), random
  order inside a month.
* Locations: mixture of Gaussian hotspots of varied size (seeded by --seed),
  the fixed town "population" mixture of wy_common.py and a uniform
  background, all inside the box E 400000..450000, N 410000..450000 (BNG).
  Each point is then snapped to the nearest of --map-points fixed
  anonymisation "map points" (like police.uk); the map points, their street
  names and pseudo-LSOA code/name depend only on --map-seed, so files with
  different --seed share the same map points.  Map points are converted BNG ->
  WGS84 with pyproj (always_xy) and written with 6 decimals.
* ~--no-location-frac of rows (default 3 %) have empty Longitude, Latitude,
  LSOA code, LSOA name and a Location of --no-location-text (default empty).
* "Anti-social behaviour" rows (~25 %) have an empty Crime ID and an empty
  Last outcome category; all other rows have a seeded 64-hex Crime ID.
* Context is always empty (each line ends with a comma).  Lines end in "\\n".

Deterministic: the same arguments give the same bytes (independent of the
number of CPU cores).  Memory is bounded by --chunk rows.
"""
import argparse
import os
import sys
import time

import numpy as np
from scipy.spatial import cKDTree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wy_common import XMIN, XMAX, YMIN, YMAX, TOWNS, sample_population  # noqa: E402

HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
          "LSOA code,LSOA name,Crime type,Last outcome category,Context\n")
FORCE = "West Yorkshire Police"

# 14 police.uk crime types, rough West Yorkshire 2018 shares.
CRIME_TYPES = [
    ("Anti-social behaviour", 0.250),
    ("Violence and sexual offences", 0.290),
    ("Public order", 0.080),
    ("Criminal damage and arson", 0.090),
    ("Other theft", 0.060),
    ("Vehicle crime", 0.060),
    ("Burglary", 0.060),
    ("Shoplifting", 0.050),
    ("Drugs", 0.015),
    ("Other crime", 0.015),
    ("Robbery", 0.009),
    ("Bicycle theft", 0.007),
    ("Theft from the person", 0.007),
    ("Possession of weapons", 0.007),
]
OUTCOMES = [
    ("Investigation complete; no suspect identified", 0.36),
    ("Unable to prosecute suspect", 0.30),
    ("Under investigation", 0.06),
    ("Status update unavailable", 0.05),
    ("Awaiting court outcome", 0.05),
    ("Court result unavailable", 0.04),
    ("Local resolution", 0.04),
    ("Offender given a caution", 0.03),
    ("Action to be taken by another organisation", 0.03),
    ("Further investigation is not in the public interest", 0.02),
    ("Formal action is not in the public interest", 0.02),
]
MONTH_WEIGHTS = [0.079, 0.072, 0.080, 0.081, 0.087, 0.088, 0.091, 0.089, 0.085, 0.085, 0.082, 0.081]
MONTHS = [f"2018-{m:02d}" for m in range(1, 13)]

STREETS = [
    "High Street", "Station Road", "Church Street", "Park Road", "Victoria Road", "Main Street",
    "Queen Street", "King Street", "New Road", "Mill Lane", "Manor Road", "Albert Road",
    "Bradford Road", "Leeds Road", "Halifax Road", "Wakefield Road", "Huddersfield Road",
    "Otley Road", "York Road", "Harrogate Road", "Manchester Road", "Westgate", "Northgate",
    "Kirkgate", "Briggate", "The Headrow", "Boar Lane", "Call Lane", "Market Street",
    "School Lane", "Springfield Road", "Moor Lane", "Green Lane", "Back Lane", "Chapel Street",
    "Grange Road", "Woodhouse Lane", "Hyde Park Road", "Roundhay Road", "Chapeltown Road",
    "Scott Hall Road", "Dewsbury Road", "Beeston Road", "Tong Road", "Kirkstall Road",
    "Canal Road", "Manningham Lane", "Thornton Road", "Great Horton Road", "Little Horton Lane",
    "Leeds Road", "Bolton Road", "Keighley Road", "Skipton Road", "Aire Street",
    "Calder Street", "Colne Road", "Holme Lane", "Cross Street", "Union Street",
    "Oxford Road", "Cambridge Road", "Regent Street", "Nelson Street", "Wellington Street",
    "Hill Top", "Moorside", "Fieldhead Lane", "Crossley Street", "Commercial Street",
]
PLACES = [
    "Supermarket", "Parking Area", "Petrol Station", "Shopping Area", "Nightclub",
    "Sports/Recreation Area", "Further/Higher Educational Building", "Hospital",
    "Police Station", "Bus/Coach Station", "Theatre/Concert Hall", "Pedestrian Subway",
]
# town -> local authority name used for pseudo-LSOA names
TOWN_LA = {
    "Leeds": "Leeds", "Pudsey": "Leeds", "Morley": "Leeds", "Otley": "Leeds", "Wetherby": "Leeds",
    "Bradford": "Bradford", "Keighley": "Bradford", "Ilkley": "Bradford",
    "Halifax": "Calderdale", "Brighouse": "Calderdale",
    "Huddersfield": "Kirklees", "Dewsbury": "Kirklees", "Batley": "Kirklees",
    "Wakefield": "Wakefield", "Castleford": "Wakefield", "Pontefract": "Wakefield",
}
N_PSEUDO_LSOA = 1388  # West Yorkshire's 2011 LSOA count


def build_map_points(map_seed, n_points, no_location_text):
    """Fixed anonymisation map points -> (xy BNG, list of 'lon,lat,Location,code,name' strings)."""
    from pyproj import Transformer
    rng = np.random.default_rng(map_seed)
    xy = sample_population(rng, n_points)
    tr = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    lon, lat = tr.transform(xy[:, 0], xy[:, 1])
    # street / place name per map point
    is_place = rng.random(n_points) < 0.12
    s_idx = rng.integers(0, len(STREETS), n_points)
    p_idx = rng.integers(0, len(PLACES), n_points)
    # pseudo LSOAs: nearest of N_PSEUDO_LSOA centroids
    cen = sample_population(rng, N_PSEUDO_LSOA)
    _, lsoa = cKDTree(cen).query(xy)
    tx = np.array([t[1] for t in TOWNS], float)
    ty = np.array([t[2] for t in TOWNS], float)
    near_town = np.argmin((cen[:, :1] - tx) ** 2 + (cen[:, 1:] - ty) ** 2, axis=1)
    per_la = {}
    lsoa_code, lsoa_name = [], []
    for k in range(N_PSEUDO_LSOA):
        la = TOWN_LA[TOWNS[near_town[k]][0]]
        c = per_la.get(la, 0)
        per_la[la] = c + 1
        lsoa_code.append(f"E0{1010568 + k:07d}")
        lsoa_name.append(f"{la} {c // 4 + 1:03d}{'ABCD'[c % 4]}")
    segs = []
    for i in range(n_points):
        loc = PLACES[p_idx[i]] if is_place[i] else STREETS[s_idx[i]]
        li = lsoa[i]
        segs.append(f"{lon[i]:.6f},{lat[i]:.6f},On or near {loc},{lsoa_code[li]},{lsoa_name[li]}")
    segs.append(f",,{no_location_text},,")  # index -1: no location
    return xy, segs


def make_hotspots(rng, n_hot):
    c = sample_population(rng, n_hot)
    sig = np.exp(rng.uniform(np.log(80.0), np.log(1500.0), n_hot))
    w = rng.lognormal(0.0, 1.0, n_hot)
    return c, sig, w / w.sum()


def sample_points(rng, n, hot, shares):
    """n BNG points: hotspots / towns / uniform background, all inside the box."""
    hc, hs, hw = hot
    out = np.empty((n, 2))
    todo = np.arange(n)
    while todo.size:
        m = todo.size
        kind = rng.choice(3, size=m, p=shares)
        pts = np.empty((m, 2))
        k0 = np.flatnonzero(kind == 0)
        h = rng.choice(len(hw), size=k0.size, p=hw)
        pts[k0] = hc[h] + rng.standard_normal((k0.size, 2)) * hs[h][:, None]
        k1 = np.flatnonzero(kind == 1)
        pts[k1] = sample_population(rng, k1.size, background=0.0)
        k2 = np.flatnonzero(kind == 2)
        pts[k2] = np.c_[rng.uniform(XMIN, XMAX, k2.size), rng.uniform(YMIN, YMAX, k2.size)]
        ok = (pts[:, 0] > XMIN) & (pts[:, 0] < XMAX) & (pts[:, 1] > YMIN) & (pts[:, 1] < YMAX)
        out[todo[ok]] = pts[ok]
        todo = todo[~ok]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--map-points", type=int, default=150_000)
    ap.add_argument("--map-seed", type=int, default=2018, help="seed of the fixed map points / LSOA lookup")
    ap.add_argument("--hotspots", type=int, default=80)
    ap.add_argument("--no-location-frac", type=float, default=0.03)
    ap.add_argument("--no-location-text", default="",
                    help="Location value of no-location rows (default empty)")
    ap.add_argument("--chunk", type=int, default=250_000, help="rows generated per block")
    ap.add_argument("--workers", type=int, default=2, help="threads for the KD-tree snap (output unaffected)")
    args = ap.parse_args()

    T0 = time.time()
    map_xy, segs = build_map_points(args.map_seed, args.map_points, args.no_location_text)
    tree = cKDTree(map_xy)
    t_map = time.time() - T0

    rng = np.random.default_rng(args.seed)
    hot = make_hotspots(rng, args.hotspots)
    shares = np.array([0.55, 0.35, 0.10])
    ct_p = np.array([p for _, p in CRIME_TYPES]); ct_p /= ct_p.sum()
    oc_p = np.array([p for _, p in OUTCOMES]); oc_p /= oc_p.sum()
    n_oc = len(OUTCOMES)
    # tail strings "Crime type,Last outcome category," indexed by t * n_oc + o
    tails = [f"{t},{o if t != 'Anti-social behaviour' else ''},"
             for t, _ in CRIME_TYPES for o, _ in OUTCOMES]
    mw = np.array(MONTH_WEIGHTS); mw /= mw.sum()
    month_rows = rng.multinomial(args.rows, mw)

    n_written = n_noloc = n_asb = 0
    type_counts = np.zeros(len(CRIME_TYPES), np.int64)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write(HEADER)
        for mi, month in enumerate(MONTHS):
            prefix = f"{month},{FORCE},{FORCE},"
            left = int(month_rows[mi])
            while left > 0:
                n = min(args.chunk, left)
                left -= n
                noloc = rng.random(n) < args.no_location_frac
                pts = sample_points(rng, n, hot, shares)
                _, pidx = tree.query(pts, workers=args.workers)
                pidx = pidx.astype(np.int64)
                pidx[noloc] = -1
                ctype = rng.choice(len(CRIME_TYPES), size=n, p=ct_p)
                outc = rng.choice(n_oc, size=n, p=oc_p)
                asb = ctype == 0
                n_id = int(n - asb.sum())
                hx = rng.bytes(32 * n_id).hex()
                cid = np.full(n, "", dtype=object)
                cid[~asb] = [hx[i:i + 64] for i in range(0, 64 * n_id, 64)]
                tidx = ctype * n_oc + outc
                block = "".join([f"{c},{prefix}{segs[p]},{tails[q]}\n"
                                 for c, p, q in zip(cid.tolist(), pidx.tolist(), tidx.tolist())])
                f.write(block)
                n_written += n
                n_noloc += int(noloc.sum())
                n_asb += int(asb.sum())
                type_counts += np.bincount(ctype, minlength=len(CRIME_TYPES))
    os.replace(tmp, args.out)  # never leave a partial file under the final name
    dt = time.time() - T0
    size = os.path.getsize(args.out)
    print(f"wrote {args.out}: {n_written} rows, {size} bytes ({size / 1e9:.3f} GB) in {dt:.1f} s "
          f"(map points {t_map:.1f} s)")
    print(f"  no-location rows {n_noloc} ({100 * n_noloc / max(n_written, 1):.2f} %), "
          f"ASB rows {n_asb} ({100 * n_asb / max(n_written, 1):.2f} %)")
    print("  rows per month: " + " ".join(f"{m}:{c}" for m, c in zip(MONTHS, month_rows)))
    print("  crime types: " + "; ".join(f"{t} {c}" for (t, _), c in zip(CRIME_TYPES, type_counts)))


if __name__ == "__main__":
    main()
