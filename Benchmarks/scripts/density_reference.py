"""Side-by-side reference for the kernel density benchmark: numpy's exact scatter and
scikit-learn's KernelDensity on the same points and grid as `density-bench`.

Grid: the West Yorkshire benchmark box E 400-450 km, N 410-450 km, CELL m cells (500 x 400 at
100 m), values at cell centres, row-major from the south-west, per km^2.

numpy "exact scatter": for every cell offset (di, dj) within the radius, all points at once:
the offset cell's centre distance, the quartic 3/(pi r^2)(1 - d^2/r^2)^2 where d < r, and
np.bincount into the grid. Exact (no binning), the same formula as nbhd.

scikit-learn: KernelDensity has no quartic kernel; the Epanechnikov kernel with bandwidth = r
has the same support and is timed instead (ball tree, score_samples at every cell centre,
atol=0, rtol=0 so it is exact too). It is slow, so by default only on the first --sklearn-points.

With --compare SURFACE.f64 (written by density-bench --write) prints the largest relative
difference between nbhd and numpy.

Usage: python3 density_reference.py POINTS.f64 [--radius 400] [--cell 100] [--repeat 3]
       [--compare SURFACE.f64] [--sklearn-points 1000000] [--no-sklearn]
"""
import argparse
import math
import time

import numpy as np

XMIN, YMIN, WIDTH, HEIGHT = 400_000.0, 410_000.0, 50_000.0, 40_000.0


def numpy_quartic(xy, r, cs):
    cols, rows = int(WIDTH / cs), int(HEIGHT / cs)
    x = xy[:, 0]
    y = xy[:, 1]
    # cell holding each point, and its offset from that cell's centre
    ci = np.floor((x - XMIN) / cs).astype(np.int64)
    cj = np.floor((y - YMIN) / cs).astype(np.int64)
    reach = int(math.ceil(r / cs)) + 1
    out = np.zeros(cols * rows)
    inv_r2 = 1.0 / (r * r)
    for dj in range(-reach, reach + 1):
        j = cj + dj
        dy = YMIN + (j + 0.5) * cs - y
        okj = (j >= 0) & (j < rows)
        for di in range(-reach, reach + 1):
            i = ci + di
            dx = XMIN + (i + 0.5) * cs - x
            u = (dx * dx + dy * dy) * inv_r2
            ok = okj & (i >= 0) & (i < cols) & (u < 1)
            s = 1 - u[ok]
            out += np.bincount(j[ok] * cols + i[ok], weights=s * s, minlength=cols * rows)
    return out * (3 / math.pi * inv_r2) * 1e6


def sklearn_epanechnikov(xy, r, cs):
    from sklearn.neighbors import KernelDensity
    cols, rows = int(WIDTH / cs), int(HEIGHT / cs)
    cx = XMIN + (np.arange(cols) + 0.5) * cs
    cy = YMIN + (np.arange(rows) + 0.5) * cs
    gx, gy = np.meshgrid(cx, cy)
    centres = np.column_stack([gx.ravel(), gy.ravel()])
    kde = KernelDensity(kernel="epanechnikov", bandwidth=r, atol=0, rtol=0).fit(xy)
    return np.exp(kde.score_samples(centres)) * len(xy) * 1e6


def timed(fn, repeat):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return sorted(times), result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("points")
    ap.add_argument("--radius", type=float, default=400)
    ap.add_argument("--cell", type=float, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--compare")
    ap.add_argument("--sklearn-points", type=int, default=1_000_000)
    ap.add_argument("--no-sklearn", action="store_true")
    a = ap.parse_args()
    xy = np.fromfile(a.points, dtype="<f8").reshape(-1, 2)
    print(f"{len(xy)} points, {len(np.unique(xy, axis=0)) if len(xy) <= 2_000_000 else '?'} distinct; "
          f"numpy {np.__version__}")
    times, dens = timed(lambda: numpy_quartic(xy, a.radius, a.cell), a.repeat)
    print(f"numpy exact scatter (quartic): best {times[0]:.3f} s, median {times[len(times) // 2]:.3f} s "
          f"over {a.repeat}; total expected {dens.sum() * a.cell * a.cell / 1e6:.1f}")
    if a.compare:
        swift = np.fromfile(a.compare, dtype="<f8")
        rel = np.abs(swift - dens).max() / np.abs(dens).max()
        print(f"nbhd vs numpy: max |difference| / max value = {rel:.3e}")
    if not a.no_sklearn:
        import sklearn
        sub = xy[: a.sklearn_points]
        t = time.perf_counter()
        sk = sklearn_epanechnikov(sub, a.radius, a.cell)
        print(f"scikit-learn {sklearn.__version__} KernelDensity (epanechnikov, exact, ball tree) on "
              f"{len(sub)} points: {time.perf_counter() - t:.3f} s; total expected "
              f"{sk.sum() * a.cell * a.cell / 1e6:.1f}")


if __name__ == "__main__":
    main()
