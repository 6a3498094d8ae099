#!/usr/bin/env bash
# A/B timing on a noisy machine: runs each command N times, alternating, and prints the best and
# median wall time and the mean CPU time (user + system) of each. Compare builds side by side:
#   scripts/perf/ab.sh 4 "node /tmp/a.mjs check big.csv" "node /tmp/b.mjs check big.csv"
set -euo pipefail
runs=$1; shift
dir=$(mktemp -d)
for i in $(seq "$runs"); do
  n=0
  for command in "$@"; do
    n=$((n + 1))
    /usr/bin/time -f "T %e %U %S" -a -o "$dir/$n" bash -c "$command >/dev/null 2>&1" || true
  done
done
n=0
for command in "$@"; do
  n=$((n + 1))
  grep '^T ' "$dir/$n" | sort -k2 -n | awk -v c="$command" '{ w[NR] = $2; cpu += $3 + $4 } END { printf "best %.2f s  median %.2f s  cpu %.2f s  %s\n", w[1], w[int((NR + 1) / 2)], cpu / NR, c }'
done
rm -rf "$dir"
