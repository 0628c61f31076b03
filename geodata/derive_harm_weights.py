"""Derive a per-police.uk-category Crime Severity Score weight table.

Input (outside the repository, read-only): ../shared/data/lookups/
  ons-crime-severity-weights.csv         ONS Crime Severity Score weight per offence
                                         (ONS_SEVERITY_code, ONS_SEVERITY_weight) with its
                                         police.uk category (POLICE_UK_CAT_MAP_category)
  home-office-offence-to-policeuk-category.csv
                                         Home Office offence code -> police.uk category, used
                                         to cross-check the category of every offence

Output: geodata/crime-severity-weights-by-category.csv
  category,weight,offences,median_weight,mean_weight,min_weight,max_weight

Derivation (see docs/indicators.md):
  1. one weight per distinct ONS severity code (the ONS file lists some offences twice, e.g.
     homicide under five counting codes, with the same weight);
  2. category names written as police.uk writes them ("Violence and sexual offences");
  3. weight = the MEDIAN of the category's offence weights. The files carry no offence
     volumes, so the volume-weighted mean (the expected weight of a recorded crime in the
     category, which is what ONS's score is) cannot be computed from them; the unweighted
     mean is dominated by rare, grave offences (homicide 7,973 in a category whose volume is
     mostly common assault, 13.5), and the median is the more robust summary. Users with
     national volumes or the Cambridge Crime Harm Index can pass their own table.
  4. "Anti-social behaviour" is not a crime and has no weight (not in the table).

Usage, from the repository root:
    python3 geodata/derive_harm_weights.py [--data ../shared/data] [--check]
--check rebuilds in memory and exits 1 if the committed file differs.
"""
import argparse
import csv
import io
import os
import statistics
import sys

POLICE_UK_NAMES = {
    "anti-social behaviour": "Anti-social behaviour",
    "bicycle theft": "Bicycle theft",
    "burglary": "Burglary",
    "criminal damage and arson": "Criminal damage and arson",
    "drugs": "Drugs",
    "other crime": "Other crime",
    "other theft": "Other theft",
    "possession of weapons": "Possession of weapons",
    "public order": "Public order",
    "robbery": "Robbery",
    "shoplifting": "Shoplifting",
    "theft from the person": "Theft from the person",
    "vehicle crime": "Vehicle crime",
    "violence and sexual offences": "Violence and sexual offences",
}


def fmt(x):
    return f"{x:.6f}".rstrip("0").rstrip(".")


def build(data):
    lookups = os.path.join(data, "lookups")
    with open(os.path.join(lookups, "ons-crime-severity-weights.csv"), encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(lookups, "home-office-offence-to-policeuk-category.csv"), encoding="utf-8-sig") as f:
        ho = list(csv.DictReader(f))
    ho_category = {}
    for r in ho:
        for code in r["Offence_Code"].split("/"):
            ho_category[code.strip().upper()] = r["Police.uk_Cat"].strip().lower()

    by_code = {}
    disagreements = []
    for r in rows:
        code = r["ONS_SEVERITY_code"].strip()
        category = r["POLICE_UK_CAT_MAP_category"].strip().lower()
        weight = float(r["ONS_SEVERITY_weight"])
        if category not in POLICE_UK_NAMES:
            sys.exit(f"unknown police.uk category {category!r} for {code}")
        if code in by_code:
            assert by_code[code] == (category, weight), f"{code} listed twice with different values"
            continue
        by_code[code] = (category, weight)
        counting = r["ONS_COUNTS_code"].strip().upper()
        if counting in ho_category and ho_category[counting] != category:
            disagreements.append((counting, category, ho_category[counting]))
    if disagreements:
        sys.exit(f"the two lookups disagree on categories: {disagreements}")

    per_category = {}
    for category, weight in by_code.values():
        per_category.setdefault(category, []).append(weight)
    assert len(per_category) == 13, sorted(per_category)

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["category", "weight", "offences", "median_weight", "mean_weight", "min_weight", "max_weight"])
    for category in sorted(per_category, key=lambda c: POLICE_UK_NAMES[c]):
        ws = per_category[category]
        med = statistics.median(ws)
        w.writerow([POLICE_UK_NAMES[category], fmt(med), len(ws), fmt(med), fmt(statistics.fmean(ws)), fmt(min(ws)), fmt(max(ws))])
    return out.getvalue()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    text = build(args.data)
    target = os.path.join(here, "crime-severity-weights-by-category.csv")
    if args.check:
        with open(target) as f:
            same = f.read() == text
        print("identical" if same else "DIFFERENT")
        sys.exit(0 if same else 1)
    with open(target, "w") as f:
        f.write(text)
    print(text, end="")


if __name__ == "__main__":
    main()
