#!/bin/bash
# gui-bench.sh: opening big traces in heaptrack-gtk.
#
# Records two workloads with Debian's heaptrack once (skipped when the trace
# is there): bench/churn.c (24 million allocations, as many frees, from 3
# stacks: the size heaptrack_gui was timed on for the issue) and bench/deep.c
# (983,040 allocations from 4,096 stacks 30 to 60 frames deep). Then opens
# each RUNS times in the real window under Xvfb with bench/gui-bench and
# prints the medians of: time until the summary is drawn, until every page
# is computed and drawn, the longest main-loop stall meanwhile, the time to
# expand a tree node, the time to filter every page to the last tenth of
# the run and the longest stall meanwhile, and peak RSS.
#
# heaptrack_gui must not be installed beside heaptrack (heaptrack would open
# it after every recording), but it can be unpacked where heaptrack does not
# look, its libraries installed as packages of their own:
#
#   apt-get download heaptrack-gui && dpkg -x heaptrack-gui_*.deb /tmp/hg
#   apt-get install --no-install-recommends $(apt-cache depends heaptrack-gui |
#     awk '/Depends:/ { print $2 }' | grep -v -e '^<' -e gles)
#
# With HEAPTRACK_GUI=/tmp/hg/usr/bin/heaptrack_gui the script then also
# starts each application on each trace RUNS times, taking turns, and
# prints the medians of the time from its start until its work is done and
# of its peak RSS (bench/launch-time.py: the same measure for both, from
# outside). Without it, it prints heaptrack_gui's figures measured for the
# issue on this kind of machine.
#
#   RUNS=5 HEAPTRACK_GUI=/tmp/hg/usr/bin/heaptrack_gui bench/gui-bench.sh
#
# HT_BUILD_DIR names the build to measure (default _build, which
# build-aux/run-tests.sh makes without optimization: measure a
# debugoptimized one, as a user's distribution builds it).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
RUNS="${RUNS:-5}"
HT_BENCH_DIR="${HT_BENCH_DIR:-${TMPDIR:-/tmp}/ht-bench}"
# an optimized build: meson setup _build-rel --buildtype=debugoptimized
build="${HT_BUILD_DIR:-$repo/_build}"
gui_bench="${HT_GUI_BENCH:-$build/bench/gui-bench}"
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
# raster engine and no GL, so by default both are measured without GL.
# GUI_BENCH_GL=1 leaves GL to heaptrack-gtk as a user's machine would (it
# does without GL where there is no GPU: see README.md); GUI_BENCH_GL=force
# makes GTK draw with GL (GSK_RENDERER=ngl), Mesa's software one here.
case "${GUI_BENCH_GL:-0}" in
  1) ;;
  force) export GSK_RENDERER=ngl ;;
  *) export GDK_DEBUG=gl-disable ;;
esac

printf '%-14s %9s %9s %9s %9s %9s %9s %9s\n' trace "first ms" "ready ms" "stall ms" "expand ms" \
  "filter ms" "fstall ms" "RSS MiB"
for name in churn24-trace deep-trace; do
  : > "$HT_BENCH_DIR/$name.gui"
  for _ in $(seq "$RUNS"); do
    xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
      /usr/bin/time -f 'rss %M' "$gui_bench" "$HT_BENCH_DIR/$name.zst" \
      >> "$HT_BENCH_DIR/$name.gui" 2>&1
  done
  field () { awk -v k="$1" '/^ready/ { for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' \
               "$HT_BENCH_DIR/$name.gui" | median; }
  rss=$(awk '/^rss/ { printf "%.0f\n", $2 / 1024 }' "$HT_BENCH_DIR/$name.gui" | median)
  printf '%-14s %9s %9s %9s %9s %9s %9s %9s\n' "$name" "$(field first)" "$(field ready)" "$(field stall)" \
    "$(field expand)" "$(field filter)" "$(field fstall)" "$rss"
  echo "$(field filter)" > "$HT_BENCH_DIR/$name.filter"
done
echo
if [[ -z "${HEAPTRACK_GUI:-}" ]]; then
  echo "heaptrack_gui 1.4, measured for the issue on this kind of machine:"
  echo "  24 M allocations from 3 stacks: 3.2 s, 160 MiB; 983 k from 4,096 deep stacks: 0.5 s, 221 MiB"
  echo "(HEAPTRACK_GUI=path: time it here too, see the top of this script)"
  exit 0
fi
[[ -x "$HEAPTRACK_GUI" ]] || { echo "gui-bench: HEAPTRACK_GUI=$HEAPTRACK_GUI is not a program" >&2; exit 2; }
command -v dbus-run-session >/dev/null || { echo "gui-bench: needs dbus-run-session" >&2; exit 2; }

# from each application's start: both in one session bus of their own, so
# that heaptrack-gtk starts as its first instance
export GSETTINGS_SCHEMA_DIR="$build/data" QT_QPA_PLATFORM=xcb
ours="$build/gui/heaptrack-gtk"
echo "from the start of the application until its work is done (all threads idle):"
printf '%-14s %14s %14s %10s %10s %8s %8s\n' trace "ours ms" "hg ms" "ours MiB" "hg MiB" sooner memory
for name in churn24-trace deep-trace; do
  : > "$HT_BENCH_DIR/$name.launch"
  for _ in $(seq "$RUNS"); do
    for who in ours hg; do
      if [[ $who == ours ]]; then app="$ours"; else app="$HEAPTRACK_GUI"; fi
      printf '%s ' "$who" >> "$HT_BENCH_DIR/$name.launch"
      xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" dbus-run-session -- \
        "$here/launch-time.py" "$app" "$HT_BENCH_DIR/$name.zst" \
        >> "$HT_BENCH_DIR/$name.launch" 2>/dev/null
    done
  done
  o_ready=$(awk '$1 == "ours" { print $3 }' "$HT_BENCH_DIR/$name.launch" | median)
  h_ready=$(awk '$1 == "hg" { print $3 }' "$HT_BENCH_DIR/$name.launch" | median)
  o_rss=$(awk '$1 == "ours" { print $7 }' "$HT_BENCH_DIR/$name.launch" | median)
  h_rss=$(awk '$1 == "hg" { print $7 }' "$HT_BENCH_DIR/$name.launch" | median)
  awk -v n="$name" -v o="$o_ready" -v h="$h_ready" -v om="$o_rss" -v hm="$h_rss" \
    'BEGIN { printf "%-14s %14s %14s %10s %10s %7.1fx %8.2f\n", n, o, h, om, hm, h / o, om / hm }'
  echo "$h_ready" > "$HT_BENCH_DIR/$name.hg-ready"
done
echo
# heaptrack_gui filters by reading and analysing the whole file again: as
# long as opening it takes
echo "filtering to the last tenth of the run, against heaptrack_gui opening the trace:"
printf '%-14s %12s %12s %8s\n' trace "ours ms" "hg open ms" sooner
for name in churn24-trace deep-trace; do
  awk -v n="$name" -v o="$(cat "$HT_BENCH_DIR/$name.filter")" -v h="$(cat "$HT_BENCH_DIR/$name.hg-ready")" \
    'BEGIN { printf "%-14s %12s %12s %7.1fx\n", n, o, h, h / o }'
done
