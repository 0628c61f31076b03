#!/usr/bin/env python3
"""Where one thread's samples went, from `perf script` output, grouped by the first frame of
interest in each sample's stack (the import's writer-side work, then SQLite, then reading).

    perf record -F 499 -g -o import.data .build/release/nbhd import CSV --store S
    perf script -i import.data -F tid,time,ip,sym > import.script
    python3 Benchmarks/scripts/perf_thread_breakdown.py import.script          # samples per thread
    python3 Benchmarks/scripts/perf_thread_breakdown.py import.script TID FROM TO   # one thread, seconds FROM..TO
"""
import collections
import re
import sys

GROUPS = ["IncidentRowBuffer", "storeLocations", "IntegerTable", "PostingCollector", "LocationTable",
          "LookupTable", "ImportCounts", "ImportWriterC6append", "sqlite3", "BlockAssigner", "CSV",
          "malloc", "free"]
HEADER = re.compile(r"^\s*(\d+)\s+([\d.]+):\s*$")


def samples(path):
    """Yields (tid, seconds, stack) for each sample; the stack's leaf first."""
    tid = seconds = None
    stack = []
    with open(path) as f:
        for line in f:
            m = HEADER.match(line)
            if m:
                tid, seconds, stack = int(m.group(1)), float(m.group(2)), []
            elif line.strip():
                parts = line.strip().split(None, 1)
                stack.append(parts[1] if len(parts) > 1 else "?")
            elif tid is not None:
                yield tid, seconds, stack
                tid = None
    if tid is not None:
        yield tid, seconds, stack


def main():
    path = sys.argv[1]
    if len(sys.argv) == 2:
        per_thread = collections.Counter(tid for tid, _, _ in samples(path))
        for tid, n in per_thread.most_common():
            print("%8d samples  thread %d" % (n, tid))
        return
    want, start, end = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    groups = collections.Counter()
    leaves = collections.Counter()
    first = None
    total = 0
    for tid, seconds, stack in samples(path):
        first = seconds if first is None else first
        if tid != want or not start <= seconds - first < end:
            continue
        total += 1
        group = next((g for g in GROUPS if any(g in frame for frame in stack)), None)
        if group is None:
            groups["other"] += 1
            leaves[stack[0] if stack else "?"] += 1
        else:
            groups[group] += 1
    print("thread %d, %g s to %g s: %d samples" % (want, start, end, total))
    for group, n in groups.most_common():
        print("%8d %5.1f %%  %s" % (n, 100.0 * n / max(total, 1), group))
    print("leaves of 'other':")
    for leaf, n in leaves.most_common(10):
        print("%8d  %s" % (n, leaf[:100]))


if __name__ == "__main__":
    main()
