"""Reference values for the indicator statistics (NeighbourhoodAnalytics/Statistics).

Independent of the project's code: every value comes from scipy.

Writes, under Tests/NeighbourhoodAnalyticsTests/Fixtures/indicators/:

- binomtest.csv     k,n,p,pvalue,ci_low,ci_high,ci99_low,ci99_high
                    scipy.stats.binomtest(k, n, p).pvalue (two-sided) and
                    .proportion_ci(confidence_level, method='exact') at 0.95 and 0.99
- rate_ratio.csv    x1,t1,x2,t2,pvalue,rr,rr_low,rr_high
                    the conditional binomial test for two Poisson counts over exposures t1, t2
                    (Przyborowski & Wilenski 1940): binomtest(x1, x1 + x2, t1 / (t1 + t2)); the
                    rate ratio (x1/t1)/(x2/t2) and its exact 95 % interval from the exact
                    interval for pi, RR = pi / (1 - pi) * t2 / t1 (inf written as 'inf')
- funnel.csv        expected,lower998,lower95,upper95,upper998
                    Spiegelhalter (2005) interpolated exact Poisson limits from
                    scipy.stats.poisson.ppf / .cdf, clamped at 0
- special.csv       kind,a,b,x,value
                    betainc, betaincinv, gammainc, gammaincc, gammaincinv, binom.pmf,
                    poisson.cdf, poisson.ppf

Numbers are repr() of doubles. Run from the repository root:

    python3 Tests/reference/make_indicator_stats_fixture.py
"""
import csv
import math
import os
import random

import numpy as np
import scipy
from scipy import special, stats

OUT = os.path.join(os.path.dirname(__file__), "..", "NeighbourhoodAnalyticsTests", "Fixtures", "indicators")


def r(x):
    x = float(x)
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


def binom_cases():
    cases = [
        (0, 10, 0.5), (10, 10, 0.5), (0, 1, 0.3), (1, 1, 0.3), (5, 10, 0.5), (3, 100, 0.5),
        (50, 100, 0.5), (51, 100, 0.5), (7, 20, 0.35), (1, 1000, 0.001), (0, 1000, 0.001),
        (500, 1000, 0.3), (12345, 50000, 0.25), (2, 3, 0.9999), (1, 2, 0.5), (0, 2, 0.5),
        (3, 4, 0.25), (682, 925, 0.75), (13, 41, 0.25), (0, 5000, 0.5), (5000, 5000, 0.5),
        (1, 500000, 0.5), (249500, 500000, 0.5), (251000, 500000, 0.5), (30, 1000000, 0.00001),
        (100, 103, 0.999), (4, 7, 4 / 7), (2, 6, 1 / 3), (9, 12, 0.25), (11, 15, 0.5),
    ]
    rng = random.Random(20250101)
    for _ in range(40):
        n = rng.choice([1, 2, 3, 5, 8, 13, 40, 100, 365, 1000, 2500, 20000])
        p = rng.choice([0.5, 0.25, 1 / 3, 0.75, 3 / 15, 12 / 15, 0.05, 0.9, rng.random()])
        k = rng.randint(0, n)
        cases.append((k, n, p))
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    print("scipy", scipy.__version__, "numpy", np.__version__)

    with open(os.path.join(OUT, "binomtest.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["k", "n", "p", "pvalue", "ci_low", "ci_high", "ci99_low", "ci99_high"])
        for k, n, p in binom_cases():
            res = stats.binomtest(k, n, p)
            ci = res.proportion_ci(0.95, method="exact")
            ci99 = res.proportion_ci(0.99, method="exact")
            w.writerow([k, n, r(p), r(res.pvalue), r(ci.low), r(ci.high), r(ci99.low), r(ci99.high)])

    rr_cases = [
        (10, 3, 10, 3), (20, 3, 10, 3), (5, 3, 15, 12), (0, 3, 7, 3), (6, 3, 0, 3),
        (0, 1, 0, 1), (1, 1, 0, 12), (45, 12, 60, 12), (120, 3, 400, 12), (3, 1, 1, 1),
        (250, 6, 180, 6), (17, 2, 40, 5), (1, 3, 30, 3), (33, 3, 2, 12),
    ]
    with open(os.path.join(OUT, "rate_ratio.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["x1", "t1", "x2", "t2", "pvalue", "rr", "rr_low", "rr_high"])
        for x1, t1, x2, t2 in rr_cases:
            n = x1 + x2
            if n == 0:
                w.writerow([x1, t1, x2, t2, "1.0", "", "", ""])
                continue
            res = stats.binomtest(x1, n, t1 / (t1 + t2))
            ci = res.proportion_ci(0.95, method="exact")

            def to_rr(pi):
                return math.inf if pi >= 1 else pi / (1 - pi) * t2 / t1

            rr = math.inf if x2 == 0 else (x1 / t1) / (x2 / t2)
            w.writerow([x1, t1, x2, t2, r(res.pvalue), r(rr), r(to_rr(ci.low)), r(to_rr(ci.high))])

    def limit(e, p):
        if e == 0:
            return 0.0
        y = stats.poisson.ppf(p, e)
        fy = stats.poisson.cdf(y, e)
        fy1 = stats.poisson.cdf(y - 1, e)
        # Clamped at 0: below zero the lower limit cannot be crossed anyway.
        return max(0.0, y - (fy - p) / (fy - fy1))

    with open(os.path.join(OUT, "funnel.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["expected", "lower998", "lower95", "upper95", "upper998"])
        for e in [0.0, 0.05, 0.3, 1.0, 2.5, 4.0, 7.3, 10.0, 25.0, 50.5, 100.0, 333.3, 1000.0, 12345.6]:
            w.writerow([r(e)] + [r(limit(e, p)) for p in (0.001, 0.025, 0.975, 0.999)])

    rows = []
    for a, b, x in [(1, 1, 0.3), (2.5, 3.5, 0.4), (10, 20, 0.2), (0.5, 0.5, 0.9), (100, 400, 0.21),
                    (5000, 5000, 0.505), (1, 99999, 1e-5), (30, 2, 0.97)]:
        rows.append(("betainc", a, b, x, special.betainc(a, b, x)))
    for a, b, y in [(1, 1, 0.3), (2.5, 3.5, 0.4), (10, 20, 0.025), (0.5, 0.5, 0.9), (3, 98, 0.975),
                    (5000, 5000, 0.5), (1, 9999, 0.025), (30, 2, 0.001)]:
        rows.append(("betaincinv", a, b, y, special.betaincinv(a, b, y)))
    for a, x in [(1, 0.5), (3, 2), (10, 15), (0.5, 0.1), (100, 90), (1000, 1100), (50, 200), (7, 0.01)]:
        rows.append(("gammainc", a, "", x, special.gammainc(a, x)))
        rows.append(("gammaincc", a, "", x, special.gammaincc(a, x)))
    for a, y in [(1, 0.5), (3, 0.025), (10, 0.975), (0.5, 0.1), (100, 0.999), (1000, 0.001)]:
        rows.append(("gammaincinv", a, "", y, special.gammaincinv(a, y)))
    for k, n, p in [(0, 10, 0.5), (3, 10, 0.3), (500, 1000, 0.5), (1, 1000000, 1e-6), (400000, 1000000, 0.4)]:
        rows.append(("binom_pmf", k, n, p, stats.binom.pmf(k, n, p)))
    for k, mu in [(0, 0.5), (3, 2.5), (10, 10.0), (95, 100.0), (12000, 12345.6)]:
        rows.append(("poisson_cdf", k, "", mu, stats.poisson.cdf(k, mu)))
    for q, mu in [(0.025, 0.3), (0.975, 4.0), (0.999, 100.0), (0.001, 12345.6), (0.5, 7.3)]:
        rows.append(("poisson_ppf", q, "", mu, stats.poisson.ppf(q, mu)))
    with open(os.path.join(OUT, "special.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["kind", "a", "b", "x", "value"])
        for kind, a, b, x, v in rows:
            w.writerow([kind, r(a), "" if b == "" else r(b), r(x), r(v)])


if __name__ == "__main__":
    main()
