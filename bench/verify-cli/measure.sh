#!/usr/bin/env bash
# Median wall time of N runs of a command: bench/verify-cli/measure.sh 10 dotnet .local/cli/mao.dll --version
# Used for the README's start-up figures (plain build against ReadyToRun); prints "median 0.123 s (min .., max ..)".
set -euo pipefail
n=$1; shift
times=()
for _ in $(seq "$n"); do
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc)")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "median %.3f s (min %.3f, max %.3f, n %d)\n", m, v[1], v[NR], NR }'
