#!/usr/bin/env bash
# The incident store against `nbhd assign` on the same rows and the England LSOAs:
# import time, `nbhd assign --no-incidents` time, a count by month, type and LSOA from the
# store's count table (three runs), incidents read by area and type filters, and the store's
# size against the CSV's.
# Usage: Benchmarks/scripts/store_benchmark.sh CSV [WORKDIR]
# Run from the repository root after `swift build -c release --product nbhd`; make the CSV
# with Benchmarks/scripts/make_incidents.py (see BENCHMARKS.md).
set -euo pipefail
CSV=$1
DIR=${2:-/tmp/nbhd-store-bench}
N=.build/release/nbhd
E=../shared/data/boundaries/eng-lsoa-2011.geojson.gz
mkdir -p "$DIR"
rm -f "$DIR/bench.sqlite" "$DIR/bench.sqlite-journal"
T="%e s wall, %U s user, %S s sys, %M KB max RSS"
uptime
echo "== layers add (England LSOAs)"
/usr/bin/time -f "$T" $N layers add $E --name lsoa --id-field LSOA11CD --parent-field LAD13CD --store "$DIR/bench.sqlite"
echo "== import"
/usr/bin/time -f "$T" $N import "$CSV" --store "$DIR/bench.sqlite"
echo "== assign --no-incidents (same rows, same layer)"
/usr/bin/time -f "$T" $N assign "$CSV" --boundaries $E --id-field LSOA11CD --parent-field LAD13CD \
    --out "$DIR/assign" --no-incidents 2>&1 | grep -v '^nbhd:  '
echo "== count by month, type and LSOA from the store (3 runs)"
for i in 1 2 3; do
    /usr/bin/time -f "$T" $N export --store "$DIR/bench.sqlite" --counts-by lsoa --out "$DIR/store-counts.csv"
done
cmp "$DIR/store-counts.csv" "$DIR/assign/counts.csv" && echo "store counts.csv identical to assign's counts.csv"
echo "== incidents by area and type (postings): one LSOA for the year and for a month, one type for a month, a district for a month"
for filter in "--area E01011229" "--area E01011229 --months 2018-03" "--type Possession_of_weapons --months 2018-03" "--area E08000035 --months 2018-03"; do
    set -- $filter
    args=()
    for a in "$@"; do args+=("${a//_/ }"); done
    echo "-- ${args[*]}"
    /usr/bin/time -f "$T" $N export --store "$DIR/bench.sqlite" --format csv --store-layer lsoa "${args[@]}" --out "$DIR/filtered.csv"
done
echo "== sizes (bytes): CSV, store, the stored layer file"
stat -c '%s %n' "$CSV" "$DIR/bench.sqlite" $E
uptime
