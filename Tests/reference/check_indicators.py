#!/usr/bin/env python3
"""Independent check of `nbhd indicators` output on police.uk street data.

Re-computes every indicator, area and level from `incidents.csv` written by `nbhd assign` on the
same files and boundaries (the same assignment), the population table and the harm weight
table, with the Python standard library and numpy only (no project code), and compares with
`indicators.csv`. Definitions are re-implemented from issue 4 and docs/indicators.md (police.uk
proxies):

  serious_violence      'Violence and sexual offences' + 'Robbery'
  possession_of_weapons 'Possession of weapons'
  neighbourhood_crime   'Burglary' + 'Robbery' + 'Theft from the person' + 'Vehicle crime'
  asb                   'Anti-social behaviour'
  all_crime             every non-empty crime type except 'Anti-social behaviour'
  harm                  all_crime, each row weighted by its crime type's weight (0 if unlisted)

Crime types are compared after trimming spaces and ignoring case (as the docs say).

Data hygiene, as documented: rows with a non-empty crime_id that repeats an earlier row's id
(input order) are dropped; rows without an id (ASB) never are; rows of status `rejected` are
not in the table; rows without a month count in no period. A month of a period for which the
input has no row at all is "missing" and left out of that period's exposure t.

Levels: neighbourhood = an area of the boundary layer (every area, 0 when it has no row);
district = the sum over the areas with that parent; force = every row, placed or not.
Populations: an area's from the table; a district's and the force's = the sum over member
areas (none if a member has none).

Figures compared (relative tolerance --rtol, default 1e-9; counts exactly):
  count; value (the weighted total for harm); rate_per_1000 = value x 1000 / population;
  share_of_parent = value / parent's value (area of its district, district of the force);
  rank (competition ranking by rate within a level, 1 = highest); baseline_count;
  baseline_rate_per_1000 = baseline value x t / t_baseline x 1000 / population;
  rate_ratio = (value / t) / (baseline value / t_baseline) (blank when infinite or 0/0);
  p_value = two-sided exact binomial test of count in count + baseline count with
  pi0 = t / (t + t_baseline), scipy.stats.binomtest's rule (sum of the pmf over outcomes with
  pmf <= pmf(observed) x (1 + 1e-7)), pmf from math.lgamma; the Clopper-Pearson 95 % interval
  of pi mapped to the ratio (bisection on binomial tails); Benjamini-Hochberg q-values across
  the areas of one level; the funnel flag from exact Poisson tails around the parent's rate
  (placed rows only for the force) times the population. Harm has no interval, p or flag.

Exit 0 and print PASS when everything agrees; otherwise print the differences (first --show)
and exit 1. Bad arguments or unreadable files: exit 2.

  python3 Tests/reference/check_indicators.py --incidents A/incidents.csv \
    --indicators I/indicators.csv --boundaries geodata/wy-lsoa-2011.geojson \
    --id-field LSOA11CD --parent-field LAD11CD --period 2018-07 --baseline 2017-07
"""

import argparse
import csv
import functools
import gzip
import json
import math
import sys

import numpy as np

ASB = "anti-social behaviour"
DEFINITIONS = {
    "serious_violence": {"violence and sexual offences", "robbery"},
    "possession_of_weapons": {"possession of weapons"},
    "neighbourhood_crime": {"burglary", "robbery", "theft from the person", "vehicle crime"},
    "asb": {ASB},
}
ORDER = ["serious_violence", "possession_of_weapons", "neighbourhood_crime", "asb", "all_crime", "harm"]
LEVELS = ["neighbourhood", "district", "force"]


def fail_usage(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def month_ordinal(text):
    text = text.strip()
    if len(text) < 7 or text[4] != "-":
        return None
    try:
        y, m = int(text[:4]), int(text[5:7])
    except ValueError:
        return None
    return y * 12 + m - 1 if 1 <= m <= 12 else None


def parse_period(text):
    parts = text.split("..")
    ends = [month_ordinal(p) for p in parts]
    if len(ends) not in (1, 2) or None in ends or ends[0] > ends[-1]:
        fail_usage(f"period {text!r} is not YYYY-MM or YYYY-MM..YYYY-MM")
    return set(range(ends[0], ends[-1] + 1))


def open_text(path):
    return gzip.open(path, "rt", encoding="utf-8-sig", newline="") if path.endswith(".gz") else open(
        path, encoding="utf-8-sig", newline="")


def selects(indicator, crime_type):
    t = crime_type.strip().lower()
    if indicator in ("all_crime", "harm"):
        return t != "" and t != ASB
    return t in DEFINITIONS[indicator]


# ---------------------------------------------------------------- distributions (lgamma only)

@functools.lru_cache(maxsize=None)
def log_factorials(n):
    """log(k!) for k = 0..n, each from math.lgamma."""
    return np.array([math.lgamma(k + 1) for k in range(n + 1)])


def binom_logpmf(k, n, p):
    """log pmf of Binomial(n, p) at the integers k (numpy int array)."""
    k = np.asarray(k)
    if p <= 0:
        return np.where(k == 0, 0.0, -np.inf)
    if p >= 1:
        return np.where(k == n, 0.0, -np.inf)
    lf = log_factorials(n)
    return (lf[n] - lf[k] - lf[n - k]) + k * math.log(p) + (n - k) * math.log1p(-p)


def binom_two_sided_p(x, n, p):
    """scipy.stats.binomtest(x, n, p).pvalue, 'two-sided'."""
    if n == 0:
        return 1.0
    pmf = np.exp(binom_logpmf(np.arange(n + 1), n, p))
    d = pmf[x]
    return float(min(1.0, pmf[pmf <= d * (1 + 1e-7)].sum()))


def binom_tail(x, n, p, upper):
    """P(X >= x) when upper, else P(X <= x), for X ~ Binomial(n, p)."""
    k = np.arange(x, n + 1) if upper else np.arange(0, x + 1)
    return float(np.exp(binom_logpmf(k, n, p)).sum())


def bisect(f, lo, hi):
    """Root of an increasing f on [lo, hi] to the last bit."""
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid <= lo or mid >= hi:
            break
        if f(mid) < 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def clopper_pearson(x, n, confidence=0.95):
    a = (1 - confidence) / 2
    lower = 0.0 if x == 0 else bisect(lambda p: binom_tail(x, n, p, True) - a, 0.0, 1.0)
    upper = 1.0 if x == n else bisect(lambda p: a - binom_tail(x, n, p, False), 0.0, 1.0)
    return lower, upper


def poisson_cdf(x, mean):
    if x < 0:
        return 0.0
    k = np.arange(0, x + 1)
    return float(np.exp(k * math.log(mean) - mean - log_factorials(x)[k]).sum()) if mean > 0 else 1.0


def funnel_flag(x, expected):
    at_least = 1.0 if x == 0 else max(0.0, 1 - poisson_cdf(x - 1, expected))
    at_most = poisson_cdf(x, expected)
    if at_least <= 0.001:
        return "high_99.8"
    if at_least <= 0.025:
        return "high_95"
    if at_most <= 0.001:
        return "low_99.8"
    if at_most <= 0.025:
        return "low_95"
    return "within"


def benjamini_hochberg(p):
    p = np.asarray(p, dtype=float)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p, kind="mergesort")
    scaled = p[order] * m / np.arange(1, m + 1)
    q_sorted = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    q = np.empty(m)
    q[order] = q_sorted
    return q


# ---------------------------------------------------------------- the reference computation

def read_layer(path, id_field, parent_field):
    with open_text(path) as f:
        layer = json.load(f)
    areas, parent = [], {}
    for feature in layer["features"]:
        props = feature["properties"]
        area = str(props[id_field])
        areas.append(area)
        if parent_field and props.get(parent_field) not in (None, ""):
            parent[area] = str(props[parent_field])
    return areas, parent


def read_population(path, id_column, population_column):
    with open_text(path) as f:
        reader = csv.DictReader(f)
        for column in (id_column, population_column):
            if column not in (reader.fieldnames or []):
                fail_usage(f"{path}: no column {column!r}")
        return {row[id_column].strip(): int(row[population_column]) for row in reader}


def read_weights(path):
    with open_text(path) as f:
        return {row["category"].strip().lower(): float(row["weight"]) for row in csv.DictReader(f)}


def reference(args):
    areas, parent = read_layer(args.boundaries, args.id_field, args.parent_field)
    area_set = set(areas)
    population = read_population(args.population, args.population_id_column, args.population_column)
    weights = read_weights(args.weights)
    periods = [parse_period(args.period)] + ([parse_period(args.baseline)] if args.baseline else [])

    present, seen_ids = set(), set()
    duplicates = 0
    # totals[p][indicator][area or None] = [count, weighted]
    totals = [{i: {} for i in ORDER} for _ in periods]
    with open_text(args.incidents) as f:
        for row in csv.DictReader(f):
            if row["status"] == "rejected":
                continue
            m = month_ordinal(row["month"]) if row["month"] else None
            if m is not None:
                present.add(m)
            crime_id = row["crime_id"].strip()
            if crime_id:
                if crime_id in seen_ids:
                    duplicates += 1
                    continue
                seen_ids.add(crime_id)
            if m is None:
                continue
            area = row["area_id"] if row["status"] == "assigned" else None
            if area is not None and area not in area_set:
                fail_usage(f"incidents.csv names area {area!r}, which the layer does not have")
            crime_type = row["crime_type"]
            for p, months in enumerate(periods):
                if m not in months:
                    continue
                for indicator in ORDER:
                    if selects(indicator, crime_type):
                        w = weights.get(crime_type.strip().lower(), 0.0) if indicator == "harm" else 1.0
                        cell = totals[p][indicator].setdefault(area, [0, 0.0])
                        cell[0] += 1
                        cell[1] += w
    exposure = [len(months - present) for months in periods]
    exposure = [len(months) - missing for months, missing in zip(periods, exposure)]

    districts = sorted(set(parent.values()))
    members = {d: [a for a in areas if parent.get(a) == d] for d in districts}

    def pop_of(ids):
        values = [population.get(a) for a in ids]
        return None if any(v is None for v in values) else sum(values)

    units = [("neighbourhood", a, parent.get(a, args.force_id), [a], population.get(a)) for a in areas]
    units += [("district", d, args.force_id, members[d], pop_of(members[d])) for d in districts]
    units += [("force", args.force_id, None, areas, pop_of(areas))]

    expected = {}
    for indicator in ORDER:
        weighted = indicator == "harm"
        per_period = []
        for p in range(len(periods)):
            cells = totals[p][indicator]
            for level, uid, _, ids, _ in units:
                c = [0, 0.0]
                for a in ids:
                    v = cells.get(a)
                    if v:
                        c[0] += v[0]
                        c[1] += v[1]
                if level == "force" and p == 0:
                    placed_force = tuple(c)
                if level == "force":
                    v = cells.get(None)
                    if v:
                        c[0] += v[0]
                        c[1] += v[1]
                per_period_key = (level, uid)
                per_period.append((p, per_period_key, tuple(c)))
        current = {k: c for p, k, c in per_period if p == 0}
        base = {k: c for p, k, c in per_period if p == 1}
        t1 = exposure[0]
        t2 = exposure[1] if args.baseline else None
        rows = {}
        for level, uid, par, _, pop in units:
            c = current[(level, uid)]
            value = c[1] if weighted else float(c[0])
            r = {"count": float(c[0]), "value": value, "_pop": pop, "_parent": par, "_level": level}
            r["rate_per_1000"] = None if not pop else value * 1000 / pop
            if par is not None:
                parent_level = "district" if level == "neighbourhood" and par != args.force_id else "force"
                pc = current[(parent_level, par)]
                pv = pc[1] if weighted else float(pc[0])
                r["share_of_parent"] = value / pv if pv > 0 else None
                r["_parent_key"] = (parent_level, par)
            else:
                r["share_of_parent"] = None
            if args.baseline:
                b = base[(level, uid)]
                bvalue = b[1] if weighted else float(b[0])
                r["baseline_count"] = float(b[0])
                r["baseline_rate_per_1000"] = None if not pop else bvalue * t1 / t2 * 1000 / pop
                v1, v2 = value / t1, bvalue / t2
                r["rate_ratio"] = v1 / v2 if v2 > 0 else (math.inf if v1 > 0 else None)
                if not weighted:
                    x1, x2 = c[0], b[0]
                    n = x1 + x2
                    pi0 = t1 / (t1 + t2)
                    r["p_value"] = binom_two_sided_p(x1, n, pi0)
                    if n > 0:
                        lo, hi = clopper_pearson(x1, n)
                        r["rate_ratio_lower"] = lo / (1 - lo) * t2 / t1
                        r["rate_ratio_upper"] = math.inf if hi >= 1 else hi / (1 - hi) * t2 / t1
                    else:
                        r["rate_ratio_lower"] = r["rate_ratio_upper"] = None
            rows[(level, uid)] = r
        # funnel flags, ranks, q-values
        for key, r in rows.items():
            r["flag"] = "not_available"
            if weighted or r["_parent"] is None or not r["_pop"]:
                continue
            pk = r["_parent_key"]
            ppop = rows[pk]["_pop"]
            if not ppop:
                continue
            pcount = placed_force[0] if pk[0] == "force" else rows[pk]["count"]
            r["flag"] = funnel_flag(int(r["count"]), pcount / ppop * r["_pop"])
        for level in ("neighbourhood", "district"):
            rated = sorted(((r["rate_per_1000"], k) for k, r in rows.items()
                            if k[0] == level and r["rate_per_1000"] is not None), key=lambda t: -t[0])
            previous, previous_rank = None, 0
            for position, (rate, k) in enumerate(rated):
                rank = previous_rank if rate == previous else position + 1
                rows[k]["rank"] = float(rank)
                previous, previous_rank = rate, rank
            if args.baseline and not weighted:
                keys = [k for k in rows if k[0] == level]
                for k, q in zip(keys, benjamini_hochberg([rows[k]["p_value"] for k in keys])):
                    rows[k]["q_value"] = float(q)
        if args.baseline and not weighted:
            rows[("force", args.force_id)]["q_value"] = rows[("force", args.force_id)]["p_value"]
        expected[indicator] = rows
    return expected, duplicates, exposure


# ---------------------------------------------------------------- comparison

NUMERIC = ["count", "value", "rate_per_1000", "share_of_parent", "rank", "baseline_count",
           "baseline_rate_per_1000", "rate_ratio", "rate_ratio_lower", "rate_ratio_upper", "p_value", "q_value"]
EXACT = {"count", "rank", "baseline_count"}


def compare(args, expected):
    problems, compared = [], 0
    seen = set()
    with open_text(args.indicators) as f:
        reader = csv.DictReader(f)
        for row in reader:
            indicator = row["indicator"]
            if indicator not in expected:
                continue
            key = (row["level"], row["area_id"])
            if (indicator, key) in seen:
                problems.append(f"{indicator} {key}: row repeated")
                continue
            seen.add((indicator, key))
            ref = expected[indicator].get(key)
            if ref is None:
                problems.append(f"{indicator} {key}: not an area of the reference")
                continue
            if row["period"] != args.period:
                problems.append(f"{indicator} {key}: period {row['period']!r}, expected {args.period!r}")
            for field in NUMERIC:
                if field not in ref and field not in ("rank", "q_value"):
                    continue
                want = ref.get(field)
                text = row[field]
                if want is None or (isinstance(want, float) and math.isinf(want)):
                    # not available (or +inf, written blank): no number in the cell
                    if text != "":
                        problems.append(f"{indicator} {key} {field}: {text!r}, expected blank"
                                        f" ({'infinite' if want else 'not available'})")
                    elif want is not None and "infinite" not in row["notes"]:
                        problems.append(f"{indicator} {key} {field}: infinite, but the notes do not say so")
                    continue
                compared += 1
                try:
                    got = float(text)
                except ValueError:
                    problems.append(f"{indicator} {key} {field}: {text!r}, expected {want!r}")
                    continue
                if not math.isfinite(got):
                    problems.append(f"{indicator} {key} {field}: {text!r} is not finite")
                elif field in EXACT:
                    if got != want:
                        problems.append(f"{indicator} {key} {field}: {got!r}, expected {want!r}")
                elif abs(got - want) > args.rtol * max(abs(want), abs(got)) and abs(got - want) > 1e-300:
                    problems.append(f"{indicator} {key} {field}: {got!r}, expected {want!r}"
                                    f" (rel. diff {abs(got - want) / max(abs(want), 1e-300):.3g})")
            compared += 1
            if row["flag"] != ref["flag"]:
                problems.append(f"{indicator} {key} flag: {row['flag']!r}, expected {ref['flag']!r}")
    for indicator, rows in expected.items():
        for key in rows:
            if (indicator, key) not in seen:
                problems.append(f"{indicator} {key}: missing from {args.indicators}")
    return problems, compared


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", required=True, help="incidents.csv from nbhd assign on the same files")
    parser.add_argument("--indicators", required=True, help="indicators.csv from nbhd indicators")
    parser.add_argument("--boundaries", required=True, help="the boundary layer (GeoJSON, .gz allowed)")
    parser.add_argument("--id-field", required=True)
    parser.add_argument("--parent-field", default=None)
    parser.add_argument("--period", required=True)
    parser.add_argument("--baseline", default=None)
    parser.add_argument("--population", default="geodata/census-2011-lsoa-population.csv")
    parser.add_argument("--population-id-column", default="lsoa11cd")
    parser.add_argument("--population-column", default="population")
    parser.add_argument("--weights", default="geodata/crime-severity-weights-by-category.csv")
    parser.add_argument("--force-id", default="force")
    parser.add_argument("--manifest", default=None, help="manifest.json: also check repeated_ids_dropped")
    parser.add_argument("--rtol", type=float, default=1e-9)
    parser.add_argument("--show", type=int, default=30)
    args = parser.parse_args()
    try:
        expected, duplicates, exposure = reference(args)
        problems, compared = compare(args, expected)
        if args.manifest:
            with open(args.manifest, encoding="utf-8") as f:
                manifest = json.load(f)
            dropped = manifest["rows"].get("repeated_ids_dropped")
            if dropped != duplicates:
                problems.append(f"manifest repeated_ids_dropped {dropped}, expected {duplicates}")
    except OSError as e:
        fail_usage(str(e))
    rows = sum(len(r) for r in expected.values())
    print(f"reference: {len(expected)} indicators x {rows // len(expected)} rows; exposure (months with data)"
          f" {exposure}; repeated ids dropped {duplicates}; {compared} figures compared")
    if problems:
        print(f"FAIL: {len(problems)} difference(s)")
        for p in problems[: args.show]:
            print("  " + p)
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
