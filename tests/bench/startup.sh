#!/usr/bin/env bash
# Cold-start benchmark: time to the first painted main window (a real X11 window under
# Xvfb) and the wall time of `conceptlab list`, each the median of RUNS runs.
# Usage: tests/bench/startup.sh [BUILD_DIR] [RUNS]
set -euo pipefail

build_dir=${1:-build/dev}
runs=${2:-15}
binary="$build_dir/bin/conceptlab"
test -x "$binary" || { echo "no $binary: build first" >&2; exit 1; }

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
sleep 1

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
now_ms() { date +%s.%N | awk '{printf "%.1f", $1 * 1000}'; }

export XDG_CONFIG_HOME=$(mktemp -d)   # no saved window state between runs
paint=()
wall=()
for _ in $(seq "$runs"); do
    start=$(now_ms)
    line=$(DISPLAY=$display QT_QPA_PLATFORM=xcb "$binary" --benchmark-startup 2>/dev/null | grep first_paint_ms)
    end=$(now_ms)
    paint+=("${line#first_paint_ms }")
    wall+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", b - a}')")
done
list=()
for _ in $(seq "$runs"); do
    start=$(now_ms)
    "$binary" list >/dev/null
    end=$(now_ms)
    list+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", b - a}')")
done

echo "first paint, in process (ms):   $(printf '%s\n' "${paint[@]}" | median)"
echo "first paint, process wall (ms): $(printf '%s\n' "${wall[@]}" | median)  (includes exit)"
echo "conceptlab list, wall (ms):     $(printf '%s\n' "${list[@]}" | median)"
