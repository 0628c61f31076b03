#!/usr/bin/env bash
# Builds the fuzz targets (release, libFuzzer + AddressSanitizer) and runs each for SECONDS
# (default 600) on its corpus, seeded from ../shared/data by make_seeds.py. New inputs that
# add coverage go to corpus/TARGET; crashes, leaks, timeouts and out-of-memory inputs to
# findings/TARGET; the run's log (executions, coverage, findings) to logs/TARGET.log.
#
#   Fuzz/run.sh [SECONDS]                 all targets, one after another
#   TARGETS="csv kml" Fuzz/run.sh 60      some targets
#   Fuzz/run.sh --replay                  run every corpus input and finding once (regression)
set -euo pipefail
cd "$(dirname "$0")"
TARGETS=${TARGETS:-csv geojson kml shapefile geopackage}
swift build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address 2>&1 \
    | grep -v "Cannot export local symbol" | grep -E "error|warning: |Compiling fuzz|Build" || true
BIN=.build-fuzz/release
if [ "${1:-}" = "--replay" ]; then
    for t in $TARGETS; do
        inputs=$(find corpus/$t regressions/$t findings/$t -type f 2>/dev/null | sort)
        [ -z "$inputs" ] && continue
        echo "== fuzz-$t: replaying $(echo "$inputs" | wc -l) inputs"
        # shellcheck disable=SC2086
        $BIN/fuzz-$t -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 $inputs 2>&1 | tail -1
    done
    exit 0
fi
SECONDS_EACH=${1:-600}
SEEDS=$(mktemp -d)
trap 'rm -rf "$SEEDS"' EXIT
python3 make_seeds.py "$SEEDS"
mkdir -p logs
for t in $TARGETS; do
    mkdir -p corpus/$t findings/$t
    echo "== fuzz-$t for ${SECONDS_EACH}s"
    $BIN/fuzz-$t -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 \
        -artifact_prefix=findings/$t/ -print_final_stats=1 corpus/$t "$SEEDS/$t" >logs/$t.log 2>&1 || true
    grep -E "^#[0-9]+ +DONE|^stat::|ERROR|SUMMARY" logs/$t.log || tail -3 logs/$t.log
done
