#!/bin/bash
# gui-bench.sh: opening big traces in heaptrack-gtk.
#
# Records two workloads with Debian's heaptrack once (skipped when the trace
# is there): bench/churn.c (24 million allocations, as many frees, from 3
# stacks: the size heaptrack_gui was timed on for the issue) and bench/deep.c
# (983,040 allocations from 4,096 stacks 30 to 60 frames deep). Then opens
# each RUNS times in the real window under Xvfb with _build/bench/gui-bench
# and prints the medians of: time until the trace is shown, the longest
# main-loop stall while loading, the slowest first switch to another view,
# the time to expand a tree node, and peak RSS. heaptrack_gui cannot be installed beside heaptrack here (heaptrack
# would open it after every recording), so its figures are the ones measured
# for the issue on this kind of machine, printed alongside.
#
#   RUNS=5 bench/gui-bench.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
RUNS="${RUNS:-5}"
HT_BENCH_DIR="${HT_BENCH_DIR:-${TMPDIR:-/tmp}/ht-bench}"
gui_bench="${HT_GUI_BENCH:-$repo/_build/bench/gui-bench}"
mkdir -p "$HT_BENCH_DIR"

[[ -x "$gui_bench" ]] || { echo "gui-bench: build first: ninja -C _build" >&2; exit 2; }
command -v heaptrack >/dev/null || { echo "gui-bench: needs Debian's heaptrack" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "gui-bench: needs xvfb-run" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "gui-bench: needs /usr/bin/time (package time)" >&2; exit 2; }

record () {
  local name="$1" source="$2"; shift 2
  if [[ ! -s "$HT_BENCH_DIR/$name.zst" ]]; then
    gcc -O2 -g -o "$HT_BENCH_DIR/$name" "$here/$source"
    (cd "$HT_BENCH_DIR" && heaptrack -o "$HT_BENCH_DIR/$name" "./$name" "$@" >/dev/null 2>&1)
  fi
}
record churn24-trace churn.c 24000000
record deep-trace deep.c

median () { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

export GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory
# Xvfb has no GPU: with GL, GDK loads Mesa's software rasterizer, whose
# libLLVM alone adds about 55 MiB of RSS before any window (an empty GTK 4
# window: 95 MiB with it, 35 MiB without). heaptrack_gui paints with Qt's
# raster engine and no GL, so by default both are measured without GL;
# GUI_BENCH_GL=1 keeps GDK's GL for comparison.
if [[ "${GUI_BENCH_GL:-0}" != 1 ]]; then
  export GDK_DEBUG=gl-disable
fi

printf '%-12s %10s %10s %10s %10s %10s\n' trace "ready ms" "stall ms" "switch ms" "expand ms" "RSS MiB"
for name in churn24-trace deep-trace; do
  : > "$HT_BENCH_DIR/$name.gui"
  for _ in $(seq "$RUNS"); do
    xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
      /usr/bin/time -f 'rss %M' "$gui_bench" "$HT_BENCH_DIR/$name.zst" \
      >> "$HT_BENCH_DIR/$name.gui" 2>&1
  done
  ready=$(awk '/^ready/ { print $2 }' "$HT_BENCH_DIR/$name.gui" | median)
  stall=$(awk '/^ready/ { print $4 }' "$HT_BENCH_DIR/$name.gui" | median)
  switch=$(awk '/^ready/ { print $6 }' "$HT_BENCH_DIR/$name.gui" | median)
  expand=$(awk '/^ready/ { print $8 }' "$HT_BENCH_DIR/$name.gui" | median)
  rss=$(awk '/^rss/ { printf "%.0f\n", $2 / 1024 }' "$HT_BENCH_DIR/$name.gui" | median)
  printf '%-12s %10s %10s %10s %10s %10s\n' "$name" "$ready" "$stall" "$switch" "$expand" "$rss"
done
echo
echo "heaptrack_gui 1.4, measured for the issue on this kind of machine:"
echo "  24 M allocations from 3 stacks: 3.2 s, 160 MiB; 983 k from 4,096 deep stacks: 0.5 s, 221 MiB"
