"""Side-by-side reference timing for Benchmarks/Sources/IndicatorBenchmarks (numpy + scipy).

The same workload as `indicator-bench`, done the way an analyst would in Python:
  1. N synthetic rows (crime type, offence code, knife flag, area, period) with numpy;
  2. matching: one boolean/weight look-up per indicator over the crime-type x offence x knife
     combinations (numpy fancy indexing), then np.bincount per area and period;
  3. per area: scipy.stats.binomtest(x1, x1 + x2, t1 / (t1 + t2)) with its exact interval
     (the conditional test of two Poisson counts), and the four Spiegelhalter funnel limits
     from scipy.stats.poisson (vectorised).
Only the all_crime indicator is tested per area (scipy's per-call overhead dominates); the
Swift benchmark prints the same component line for comparison.

Usage: python3 Benchmarks/scripts/indicator_reference.py [--rows N] [--areas A]
Requires numpy and scipy (Tests/reference/requirements-indicator-stats.txt).
"""
import argparse
import time

import numpy as np
from scipy import stats

ap = argparse.ArgumentParser()
ap.add_argument("--rows", type=int, default=10_000_000)
ap.add_argument("--areas", type=int, default=32_844)
args = ap.parse_args()
n, areas = args.rows, args.areas

types, codes, flags = 14, 115, 3
rng = np.random.default_rng(1)
t0 = time.perf_counter()
crime = rng.integers(0, types, n)
code = rng.integers(0, codes, n)
knife = rng.integers(0, flags, n)
area = rng.integers(0, areas, n)
baseline = rng.integers(0, 5, n) != 0
print(f"generate: {time.perf_counter() - t0:.3f} s")

# Indicator tables over (crime, code, knife); 0 = ASB, 13 = violence (as in the Swift bench).
sv_codes = np.zeros(codes, bool); sv_codes[[0, 3, 4, 10, 11]] = True
nc_codes = np.zeros(codes, bool); nc_codes[[4, 5, 7, 8]] = True
truthy = np.array([False, True, False])
tables = {
    "serious_violence": sv_codes[None, :, None] & np.ones((types, 1, flags), bool),
    "possession_of_weapons": (np.arange(types) == 7)[:, None, None] & np.ones((1, codes, flags), bool),
    "knife_serious_violence": sv_codes[None, :, None] & truthy[None, None, :] & np.ones((types, 1, 1), bool),
    "neighbourhood_crime": nc_codes[None, :, None] & np.ones((types, 1, flags), bool),
    "asb": (np.arange(types) == 0)[:, None, None] & np.ones((1, codes, flags), bool),
    "all_crime": (np.arange(types) != 0)[:, None, None] & np.ones((1, codes, flags), bool),
}
harm_weight = np.where(np.arange(types) == 0, 0.0, np.arange(types) * 10.0)

t0 = time.perf_counter()
cls = (crime * codes + code) * flags + knife
cell = area * 2 + baseline
counts = {}
for name, table in tables.items():
    m = table.reshape(-1)[cls]
    counts[name] = np.bincount(cell[m], minlength=areas * 2)
weights = np.bincount(cell, weights=harm_weight[crime], minlength=areas * 2)
match_time = time.perf_counter() - t0
print(f"match: {n} rows x {len(tables) + 1} indicators in {match_time:.3f} s (numpy)")

x = counts["all_crime"].reshape(areas, 2)
t0 = time.perf_counter()
p = np.empty(areas); lo = np.empty(areas); hi = np.empty(areas)
for i in range(areas):
    x1, x2 = int(x[i, 0]), int(x[i, 1])
    if x1 + x2 == 0:
        p[i] = 1.0; lo[i] = hi[i] = np.nan
        continue
    res = stats.binomtest(x1, x1 + x2, 3 / 15)
    ci = res.proportion_ci(0.95, method="exact")
    p[i] = res.pvalue; lo[i] = ci.low; hi[i] = ci.high
ratio_time = time.perf_counter() - t0

t0 = time.perf_counter()
e = x[:, 0].astype(float)
limits = []
for q in (0.001, 0.025, 0.975, 0.999):
    y = stats.poisson.ppf(q, e)
    fy = stats.poisson.cdf(y, e)
    f1 = stats.poisson.cdf(y - 1, e)
    with np.errstate(invalid="ignore", divide="ignore"):
        limits.append(np.maximum(0, y - (fy - q) / (fy - f1)))
funnel_time = time.perf_counter() - t0
print(f"components (all_crime, ~{x.sum(1).mean():.0f} rows per area over both periods): scipy binomtest + exact CI "
      f"{ratio_time * 1000:.1f} ms, funnel limits (vectorised) {funnel_time * 1000:.1f} ms for {areas} areas")
