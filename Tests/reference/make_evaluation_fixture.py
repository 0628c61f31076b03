"""Reference values for hotspot evaluation and crime concentration (numpy only), on real data.

Bins the police.uk West Yorkshire street-level incidents of July 2017 (period 1) and July 2018
(period 2) into 250 m cells of the benchmark box E 400-450 km, N 410-450 km (200 x 160 =
32,000 cells, row-major from the south-west; half-open cells, points outside dropped), after
projecting lon/lat to EPSG:27700 with pyproj. Then, independently of the Swift code:

  selection   top k % of cells by period-1 count, k in 1, 5, 10: ceil(k/100 * 32000 - 1e-9)
              cells, ranked by count descending then cell index ascending (np.lexsort)
  accuracy    on period 2: hit rate n/N, PAI (n/N)/(a/A), PEI = n / n* (n* = sum of the
              largest period-2 counts over as many cells), RRI = PAI(t2)/PAI(t1)
  concentration for all crime in period 2 and for robbery only (sparse: fewer crimes than
              cells): Gini as sum((2i - N - 1) x_(i)) / (N sum x) over ascending counts; the
              generalised Gini of Bernasco & Steenbeek (2017) computed geometrically, as
              (area between the Lorenz curve and the line of maximal equality from (0,0) to
              (min(1, C/N), 1)) / (area above that line), with trapezoids; places holding 50 %
              and 25 % of incidents (fewest whole cells); incident share in the top 1, 5, 10 %

Writes Tests/NeighbourhoodAnalyticsTests/Fixtures/evaluation-reference.json.
Run: python3 Tests/reference/make_evaluation_fixture.py   (versions in requirements-density.txt)
"""
import csv
import json
import math
import pathlib

import numpy as np
from pyproj import Transformer

DATA = pathlib.Path("/work/shared/data/crime/west-yorkshire")
OUT = pathlib.Path(__file__).resolve().parents[1] / "NeighbourhoodAnalyticsTests" / "Fixtures" / "evaluation-reference.json"
X0, Y0, CELL, COLS, ROWS = 400_000.0, 410_000.0, 250.0, 200, 160
T = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def counts(month, crime_type=None):
    lon, lat = [], []
    with open(DATA / f"{month}-west-yorkshire-street.csv", newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if crime_type and row["Crime type"] != crime_type:
                continue
            try:
                lon.append(float(row["Longitude"]))
                lat.append(float(row["Latitude"]))
            except ValueError:
                continue
    x, y = T.transform(np.array(lon), np.array(lat))
    c = np.floor((x - X0) / CELL).astype(np.int64)
    r = np.floor((y - Y0) / CELL).astype(np.int64)
    ok = (c >= 0) & (c < COLS) & (r >= 0) & (r < ROWS)
    return np.bincount(r[ok] * COLS + c[ok], minlength=COLS * ROWS).astype(np.int64)


def top(scores, fraction):
    k = max(1, math.ceil(fraction * scores.size - 1e-9))
    order = np.lexsort((np.arange(scores.size), -scores))  # last key primary: score desc, then index
    return order[:k]


def accuracy(sel, cnt):
    n, total = cnt[sel].sum(), cnt.sum()
    a = sel.size / cnt.size
    best = np.sort(cnt)[::-1][: sel.size].sum()
    return {"captured": float(n), "total": float(total), "hitRate": n / total, "pai": (n / total) / a,
            "bestCaptured": float(best), "pei": n / best}


def concentration(cnt):
    x = np.sort(cnt.astype(float))
    n, c = x.size, x.sum()
    i = np.arange(1, n + 1)
    gini = float(((2 * i - n - 1) * x).sum() / (n * c))
    desc = x[::-1]
    ly = np.concatenate([[0.0], np.cumsum(desc) / c])
    lx = np.arange(n + 1) / n
    under_lorenz = np.trapezoid(ly, lx)
    # line of maximal equality: (0,0) to (e,1) then flat at 1
    e = min(1.0, c / n)
    under_equal = e / 2 + (1 - e)
    generalized = (under_lorenz - under_equal) / (1 - under_equal)
    cum = np.cumsum(desc)
    holding = {str(f): int(np.argmax(cum >= f * c - 1e-12 * c) + 1) for f in (0.5, 0.25)}
    share_top = {str(f): float(cum[max(1, math.ceil(f * n - 1e-9)) - 1] / c) for f in (0.01, 0.05, 0.1)}
    return {"places": n, "incidents": c, "gini": gini, "generalizedGini": float(generalized),
            "placesHolding": holding, "shareInTop": share_top}


def main():
    p1, p2 = counts("2017-07"), counts("2018-07")
    robbery = counts("2018-07", "Robbery")
    evaluation = {}
    for f in (0.01, 0.05, 0.1):
        sel = top(p1, f)
        a1, a2 = accuracy(sel, p1), accuracy(sel, p2)
        evaluation[str(f)] = {"selected": sel.tolist(), "period2": a2, "paiPeriod1": a1["pai"],
                              "rri": a2["pai"] / a1["pai"]}
    doc = {
        "source": "Tests/reference/make_evaluation_fixture.py, numpy " + np.__version__,
        "grid": {"originX": X0, "originY": Y0, "cellSize": CELL, "columns": COLS, "rows": ROWS},
        "period1": p1.tolist(), "period2": p2.tolist(), "robbery2018": robbery.tolist(),
        "evaluation": evaluation,
        "concentration": {"all2018": concentration(p2), "robbery2018": concentration(robbery)},
    }
    OUT.write_text(json.dumps(doc, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes): {p1.sum()} / {p2.sum()} incidents, "
          f"{robbery.sum()} robberies in {p1.size} cells")
    print(json.dumps(doc["concentration"], indent=1))


if __name__ == "__main__":
    main()
