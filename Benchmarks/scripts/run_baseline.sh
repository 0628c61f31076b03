#!/usr/bin/env bash
# Generate the standard benchmark inputs and run the geopandas baseline on them.
#
#   Benchmarks/scripts/run_baseline.sh [DIR]        (default DIR=/tmp/nbhd-bench)
#
# Inputs (skipped when already present in DIR):
#   polygons-2500.geojson   make_polygons.py  --seed 1 --cells 2500 --vertices 350 --crs 27700
#   incidents-1m.csv        make_incidents.py --seed 1 --rows 1000000
#   incidents-10m.csv       make_incidents.py --seed 2 --rows 10000000
# Then geopandas_assign.py on the 1M and the 10M file (outputs in DIR/geopandas-1m,
# DIR/geopandas-10m), each under /usr/bin/time -v; logs are DIR/*.time.log.
#
# Environment: PYTHON (default python3); GEOPANDAS_TIMEOUT seconds (default 0 = none),
# applied with timeout(1) to each geopandas run.
set -uo pipefail

DIR="${1:-/tmp/nbhd-bench}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${PYTHON:-python3}"
GP_TIMEOUT="${GEOPANDAS_TIMEOUT:-0}"
mkdir -p "$DIR"

report() {  # report LABEL LOGFILE
    local wall rss
    wall=$(grep -F 'Elapsed (wall clock) time' "$2" | sed 's/.*): //')
    rss=$(grep -F 'Maximum resident set size' "$2" | sed 's/.*: //')
    printf '%-28s wall %-10s max RSS %s KB (%.0f MB)\n' "$1" "$wall" "$rss" "$(awk -v r="$rss" 'BEGIN{print r/1024}')"
}

generate() {  # generate OUTFILE LABEL cmd...
    local out="$1" label="$2"; shift 2
    if [[ -s "$out" ]]; then
        echo "== $label: $out exists, skipped"
        return 0
    fi
    echo "== $label: generating $out"
    # the generators write OUT.tmp and rename it, so a present file is complete
    /usr/bin/time -v -o "$out.time.log" "$@" --out "$out" > "$out.gen.log" 2>&1 \
        || { echo "!! $label failed, see $out.gen.log"; tail -5 "$out.gen.log"; exit 1; }
    grep -E '^(wrote|  no-location|VALIDATION)|"mean"' "$out.gen.log"
    report "$label" "$out.time.log"
    ls -l "$out"
}

generate "$DIR/polygons-2500.geojson" "polygons-2500" \
    "$PY" "$HERE/make_polygons.py" --seed 1 --cells 2500 --vertices 350 --crs 27700
generate "$DIR/incidents-1m.csv" "incidents-1m" \
    "$PY" "$HERE/make_incidents.py" --seed 1 --rows 1000000
generate "$DIR/incidents-10m.csv" "incidents-10m" \
    "$PY" "$HERE/make_incidents.py" --seed 2 --rows 10000000

run_gp() {  # run_gp NAME CSV
    local name="$1" csv="$2" out="$DIR/geopandas-$1" log="$DIR/geopandas-$1.time.log"
    local pre=()
    [[ "$GP_TIMEOUT" != "0" ]] && pre=(timeout "$GP_TIMEOUT")
    echo "== geopandas baseline on $csv"
    /usr/bin/time -v -o "$log" "${pre[@]}" "$PY" "$HERE/geopandas_assign.py" \
        --points "$csv" --polygons "$DIR/polygons-2500.geojson" --out "$out"
    local rc=$?
    grep -E 'Exit status|Command terminated' "$log" || true
    [[ $rc -ne 0 ]] && echo "!! geopandas on $name exited with status $rc"
    report "geopandas-$name" "$log"
}

run_gp 1m "$DIR/incidents-1m.csv"
run_gp 10m "$DIR/incidents-10m.csv"

echo "== files"
ls -l "$DIR"
