#!/usr/bin/env bash
# Two nbhd binaries' `nbhd import` of the same CSV with the England LSOAs as a store layer,
# run alternately (A, B, A, B, ...), each into a fresh store: for before/after comparisons
# on a machine whose speed drifts.
# Usage: Benchmarks/scripts/import_ab.sh BINARY_A BINARY_B CSV [ROUNDS] [WORKDIR]
set -euo pipefail
A=$1 B=$2 CSV=$3 ROUNDS=${4:-2} DIR=${5:-/tmp/nbhd-store-bench}
E=../shared/data/boundaries/eng-lsoa-2011.geojson.gz
T="%e s wall, %U s user, %S s sys, %M KB max RSS"
mkdir -p "$DIR"
for round in $(seq "$ROUNDS"); do
    for bin in "$A" "$B"; do
        S="$DIR/ab.sqlite"
        rm -f "$S" "$S-journal"
        "$bin" layers add $E --name lsoa --id-field LSOA11CD --parent-field LAD13CD --store "$S" >/dev/null 2>&1
        echo "== round $round: $bin ($(uptime | sed 's/.*load/load/'))"
        /usr/bin/time -f "$T" "$bin" import "$CSV" --store "$S" 2>&1 | tail -1
        stat -c '%s bytes' "$S"
    done
done
