"""Reference values for kernel density and the spatial Silverman radius (numpy only).

Writes Tests/NeighbourhoodAnalyticsTests/Fixtures/density-reference.json:
  grid      origin, cell size, columns, rows (cells row-major from the south-west)
  points    x, y, weight (clustered, with exact repeats and some points beyond the grid)
  radius    the search radius used for the surfaces
  surfaces  per kernel: density per km^2 at each cell centre, unweighted; plus quartic weighted
  cellCounts   points and weights binned into the half-open cells (np.floor), and outside
  unreachable  points at least the radius from every cell centre
  silverman mean centre, SD, Dm, n and radius, unweighted and weighted

The kernels are written out here from their formulas, independently of the Swift code:
  K(d) = c / r^2 * k(d^2 / r^2) for d < r, 0 otherwise, with
  quartic      c = 3/pi            k(u) = (1-u)^2
  epanechnikov c = 2/pi            k(u) = 1-u
  triweight    c = 4/pi            k(u) = (1-u)^3
  uniform      c = 1/pi            k(u) = 1
  triangular   c = 3/pi            k(u) = 1-sqrt(u)
  gaussian     c = 9/(2 pi (1-e^-4.5))  k(u) = exp(-4.5 u)   (sigma = r/3, cut at r)
Silverman (ArcGIS): 0.9 * min(SD, sqrt(1/ln 2) * Dm) * n^-0.2; weighted median = first sorted
distance whose running weight reaches half the total, averaged with the next one on an exact tie.

Run: python3 Tests/reference/make_density_fixture.py   (numpy pinned in requirements-density.txt)
"""
import json
import math
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[1] / "NeighbourhoodAnalyticsTests" / "Fixtures" / "density-reference.json"

KERNELS = {
    "quartic": (3 / math.pi, lambda u: (1 - u) ** 2),
    "epanechnikov": (2 / math.pi, lambda u: 1 - u),
    "triweight": (4 / math.pi, lambda u: (1 - u) ** 3),
    "uniform": (1 / math.pi, lambda u: np.ones_like(u)),
    "triangular": (3 / math.pi, lambda u: 1 - np.sqrt(u)),
    "gaussian": (9 / (2 * math.pi * (1 - math.exp(-4.5))), lambda u: np.exp(-4.5 * u)),
}


def surface(xs, ys, ws, ox, oy, cs, cols, rows, r, kernel):
    c, k = KERNELS[kernel]
    cx = ox + (np.arange(cols) + 0.5) * cs
    cy = oy + (np.arange(rows) + 0.5) * cs
    gx, gy = np.meshgrid(cx, cy)  # rows (south to north) x columns
    gx = gx.ravel()
    gy = gy.ravel()
    out = np.zeros(gx.size)
    for x, y, w in zip(xs, ys, ws):
        dx = gx - x
        dy = gy - y
        u = (dx * dx + dy * dy) * (1.0 / (r * r))
        inside = u < 1
        out[inside] += w * k(u[inside])
    return out * (c / (r * r)) * 1e6


def weighted_median(d, w):
    order = np.argsort(d, kind="stable")
    d = d[order]
    w = w[order]
    keep = w > 0
    d = d[keep]
    w = w[keep]
    half = w.sum() / 2
    running = np.cumsum(w)
    k = int(np.argmax(running >= half))
    if running[k] == half and k + 1 < d.size:
        return (d[k] + d[k + 1]) / 2
    return d[k]


def silverman(xs, ys, ws):
    n = ws.sum()
    mx = (ws * xs).sum() / n
    my = (ws * ys).sum() / n
    d2 = (xs - mx) ** 2 + (ys - my) ** 2
    sd = math.sqrt((ws * d2).sum() / n)
    dm = weighted_median(np.sqrt(d2), ws)
    radius = 0.9 * min(sd, math.sqrt(1 / math.log(2)) * dm) * n ** -0.2
    return {"meanX": mx, "meanY": my, "sd": sd, "dm": dm, "n": n, "radius": radius}


def main():
    rng = np.random.default_rng(20240603)
    ox, oy, cs, cols, rows = 429_000.0, 432_000.0, 100.0, 30, 20
    centres = np.array([[430_200.0, 433_100.0], [431_700.0, 433_500.0], [430_900.0, 432_600.0]])
    pts = []
    for cxy, n, spread in zip(centres, (90, 60, 40), (180.0, 300.0, 120.0)):
        pts.append(cxy + rng.normal(0, spread, size=(n, 2)))
    pts = np.vstack(pts)
    # snap a third of them to a few "map points" (exact repeats, as police.uk does)
    snap = rng.choice(len(pts), size=len(pts) // 3, replace=False)
    pts[snap] = pts[snap[:7]][rng.integers(0, 7, size=snap.size)]
    # a few beyond the grid: one reaches it, one is too far
    pts = np.vstack([pts, [[428_800.0, 433_000.0], [425_000.0, 433_000.0], [432_150.0, 434_180.0]]])
    pts = np.round(pts, 3)
    xs, ys = pts[:, 0], pts[:, 1]
    ws = np.round(rng.uniform(0.5, 3.0, size=xs.size), 2)
    ones = np.ones_like(xs)
    r = 350.0
    surfaces = {k: surface(xs, ys, ones, ox, oy, cs, cols, rows, r, k).tolist() for k in KERNELS}
    surfaces["quartic-weighted"] = surface(xs, ys, ws, ox, oy, cs, cols, rows, r, "quartic").tolist()
    # even-count unweighted set for the median tie rule
    sil = {"unweighted": silverman(xs, ys, ones), "weighted": silverman(xs, ys, ws),
           "evenUnweighted": silverman(xs[:-1], ys[:-1], ones[:-1])}
    cx = ox + (np.arange(cols) + 0.5) * cs
    cy = oy + (np.arange(rows) + 0.5) * cs
    gx, gy = np.meshgrid(cx, cy)
    nearest = np.array([np.sqrt(((gx - a) ** 2 + (gy - b) ** 2).min()) for a, b in zip(xs, ys)])
    ci = np.floor((xs - ox) / cs).astype(int)
    cj = np.floor((ys - oy) / cs).astype(int)
    ok = (ci >= 0) & (ci < cols) & (cj >= 0) & (cj < rows)
    cell_counts = np.bincount(cj[ok] * cols + ci[ok], minlength=cols * rows)
    cell_weights = np.bincount(cj[ok] * cols + ci[ok], weights=ws[ok], minlength=cols * rows)
    doc = {
        "cellCounts": {"counts": cell_counts.tolist(), "weights": cell_weights.tolist(),
                       "outside": int((~ok).sum()), "outsideWeight": float(ws[~ok].sum())},
        "unreachable": int((nearest >= r).sum()),
        "source": "Tests/reference/make_density_fixture.py, numpy " + np.__version__,
        "grid": {"originX": ox, "originY": oy, "cellSize": cs, "columns": cols, "rows": rows},
        "points": {"x": xs.tolist(), "y": ys.tolist(), "weight": ws.tolist()},
        "radius": r,
        "surfaces": surfaces,
        "silverman": sil,
    }
    OUT.write_text(json.dumps(doc, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes): {xs.size} points, "
          f"{len(np.unique(pts, axis=0))} distinct; silverman radius {sil['unweighted']['radius']:.3f} m")


if __name__ == "__main__":
    main()
