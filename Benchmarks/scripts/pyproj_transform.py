#!/usr/bin/env python3
"""pyproj's vectorised WGS84 -> British National Grid transform on 10 M points, one core: best of 3
by wall clock and by the thread's CPU time (the fair figure on a shared machine).
The reference figure for the projection target in BENCHMARKS.md."""
import time

import numpy as np
import pyproj

n = 10_000_000
transformer = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
rng = np.random.default_rng(1)
lon = rng.uniform(-2.2, -1.2, n)
lat = rng.uniform(53.5, 54.0, n)
walls, cpus = [], []
for _ in range(3):
    wall, cpu = time.perf_counter(), time.thread_time()
    transformer.transform(lon, lat)
    walls.append(time.perf_counter() - wall)
    cpus.append(time.thread_time() - cpu)
print(f"pyproj {pyproj.__version__} (PROJ {pyproj.proj_version_str}): {n / min(walls) / 1e6:.2f} M points/s on one core"
      f" ({n / min(cpus) / 1e6:.2f} per CPU-second)")
