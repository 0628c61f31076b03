#!/bin/bash
# A/B of point-in-polygon throughput: runs two or more nbhd-bench binaries alternately, ROUNDS
# times, on the same seeded points, and prints each run's best uniform and clustered seconds
# (5 M points, best of 5), then the median and range of M points/s per binary. On a shared
# machine only runs taken alternately like this are comparable.
#
#   Benchmarks/scripts/pip_ab.sh ROUNDS LAYER ID_FIELD BINARY...
#   e.g. (binaries copied aside after building each version of the code with
#   `cd Benchmarks && swift build -c release --product nbhd-bench`):
#   Benchmarks/scripts/pip_ab.sh 4 /tmp/nbhd-bench/polygons-2500.geojson id /tmp/bench-old /tmp/bench-new
set -euo pipefail
rounds=$1 layer=$2 field=$3
shift 3
out=$(mktemp)
for _ in $(seq 1 "$rounds"); do
  for b in "$@"; do
    r=$("$b" "$layer" --id-field "$field" --points 5000000 --repeat 5 --no-projection 2>&1 \
        | grep -E '^point-in-polygon (uniform|clustered)' | grep -oE 'best [0-9.]+ s' | grep -oE '[0-9.]+' | tr '\n' ' ')
    echo "$b $r load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out"
  done
done
python3 - "$out" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = line.split()
    runs[f[0]].append((5 / float(f[1]), 5 / float(f[2])))
for binary, rates in runs.items():
    u = [a for a, _ in rates]; c = [b for _, b in rates]
    print(f"{binary}: uniform median {statistics.median(u):.1f} M/s ({min(u):.1f} - {max(u):.1f}),"
          f" clustered median {statistics.median(c):.1f} M/s ({min(c):.1f} - {max(c):.1f}), {len(rates)} runs")
PY
rm -f "$out"
