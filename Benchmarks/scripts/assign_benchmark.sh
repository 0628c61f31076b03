#!/usr/bin/env bash
# End-to-end `nbhd assign` against the geopandas pipeline on the same synthetic inputs,
# one after the other in the same run. Usage: Benchmarks/scripts/assign_benchmark.sh [DIR]
# (DIR defaults to /tmp/nbhd-bench; inputs are generated there by run_baseline.sh's
# generators when missing). Run from the repository root after `swift build -c release`.
set -euo pipefail
dir="${1:-/tmp/nbhd-bench}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$dir"
[ -f "$dir/polygons-2500.geojson" ] || python3 "$here/make_polygons.py" --seed 1 --cells 2500 --vertices 350 --out "$dir/polygons-2500.geojson"
[ -f "$dir/incidents-1m.csv" ] || python3 "$here/make_incidents.py" --seed 1 --rows 1000000 --out "$dir/incidents-1m.csv"
[ -f "$dir/incidents-10m.csv" ] || python3 "$here/make_incidents.py" --seed 2 --rows 10000000 --out "$dir/incidents-10m.csv"
nbhd=".build/release/nbhd"
measure() {  # label, command...
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$dir/time.tmp" "$@" >/dev/null 2>"$dir/stderr.tmp" || { cat "$dir/stderr.tmp"; exit 1; }
  read -r wall rss < "$dir/time.tmp"
  printf "%-44s %8.2f s %8.0f MB\n" "$label" "$wall" "$((rss / 1024))"
}
cat "$dir"/incidents-10m.csv > /dev/null  # warm the page cache for both tools alike
for n in 1m 10m; do
  measure "nbhd assign $n (no incidents.csv)" "$nbhd" assign "$dir/incidents-$n.csv" --boundaries "$dir/polygons-2500.geojson" --id-field id --parent-field district --out "$dir/nbhd-$n" --no-incidents
  measure "nbhd assign $n (with incidents.csv)" "$nbhd" assign "$dir/incidents-$n.csv" --boundaries "$dir/polygons-2500.geojson" --id-field id --parent-field district --out "$dir/nbhd-$n-full"
  measure "geopandas $n" python3 "$here/geopandas_assign.py" --points "$dir/incidents-$n.csv" --polygons "$dir/polygons-2500.geojson" --out "$dir/geopandas-$n"
  # Same answer: compare assigned counts per area.
  python3 - "$dir/nbhd-$n/counts.csv" "$dir/geopandas-$n/counts.csv" <<'PY'
import csv, sys, collections
def load(path, area, count):
    t = collections.Counter()
    with open(path) as f:
        for r in csv.DictReader(f): t[r[area]] += int(r[count])
    return t
a = load(sys.argv[1], "area_id", "count")
with open(sys.argv[2]) as f: head = next(csv.reader(f))
b = load(sys.argv[2], head[0], head[-1])
print(f"  per-area totals identical: {a == b} ({sum(a.values())} vs {sum(b.values())} assigned)")
PY
done
