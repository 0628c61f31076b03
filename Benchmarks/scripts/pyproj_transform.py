#!/usr/bin/env python3
"""pyproj's vectorised WGS84 -> British National Grid transform on 10 M points, one core.
The reference figure for the projection target in BENCHMARKS.md."""
import time

import numpy as np
import pyproj

n = 10_000_000
transformer = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
rng = np.random.default_rng(1)
lon = rng.uniform(-2.2, -1.2, n)
lat = rng.uniform(53.5, 54.0, n)
best = min(
    (lambda s: (transformer.transform(lon, lat), time.perf_counter() - s)[1])(time.perf_counter())
    for _ in range(3)
)
print(f"pyproj {pyproj.__version__} (PROJ {pyproj.proj_version_str}): {n / best / 1e6:.2f} M points/s on one core")
