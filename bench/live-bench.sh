#!/usr/bin/env bash
# live-bench.sh: what watching a recording live costs the recorded program
#
# For each workload (bench/churn.c, deep.c, threads.c and mixed.c, built
# with gcc -O2 -g; with SHARED_BENCH also the team's alloc_* workloads), the
# wall time of `heaptrack-gtk-record --record-only -o X PROGRAM` alone, and
# the same while `heaptrack-gtk --follow X.zst` watches the trace grow (the
# live charts and figures, as a user sees them when recording from the
# window), RUNS times each, taking turns. It reports the medians and how
# much longer the watched recording took (the target is at most 10%).
#
# The application runs under an Xvfb server the script starts, in a D-Bus
# session of its own, with the environment a user's desktop gives it (no
# GL: a machine without a GPU gets the cairo renderer either way). It is
# started before each watched recording and given time to show its window
# (it follows a file that does not exist yet), and it is ended once the
# recording is over: what it does after that (the analysis of the whole
# trace) no longer costs the program anything.
#
#   RUNS=5 HT_BUILD_DIR=_build-rel bench/live-bench.sh
#   RUNS=5 HT_BUILD_DIR=_build-rel SHARED_BENCH=../shared/bench bench/live-bench.sh
#
# Environment:
#   RUNS          timed runs per workload and mode (default 5)
#   WORKLOADS     which workloads (default: churn deep threads mixed, plus
#                 alloc_churn alloc_realloc alloc_cxx with SHARED_BENCH)
#   HT_BUILD_DIR  the build to measure (default _build; measure a
#                 debugoptimized one: meson setup _build-rel --buildtype=debugoptimized)
#   HT_BENCH_DIR  scratch directory (default $TMPDIR/ht-bench, or /tmp/ht-bench)
#   SETTLE        seconds the application gets to show its window (default 2)

set -euo pipefail
export LC_ALL=C   # a '.' in $EPOCHREALTIME and in awk's numbers

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
RUNS="${RUNS:-5}"
SETTLE="${SETTLE:-2}"
SHARED_BENCH="${SHARED_BENCH:-}"
build="${HT_BUILD_DIR:-$repo/_build}"
[[ "$build" == /* ]] || build="$repo/$build"
if [[ -n "$SHARED_BENCH" ]]; then
  SHARED_BENCH="$(cd "$SHARED_BENCH" && pwd)"
  WORKLOADS="${WORKLOADS:-churn deep threads mixed alloc_churn alloc_realloc alloc_cxx}"
else
  WORKLOADS="${WORKLOADS:-churn deep threads mixed}"
fi
HT_BENCH_DIR="${HT_BENCH_DIR:-${TMPDIR:-/tmp}/ht-bench}"
record="$build/recorder/heaptrack-gtk-record"
app="$build/gui/heaptrack-gtk"

die () { echo "live-bench: $*" >&2; exit 1; }
say () { echo "live-bench: $*" >&2; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$RUNS'"
[[ -x "$record" && -x "$app" ]] || die "build first: ninja -C $build"
for tool in Xvfb dbus-run-session gcc; do
  command -v "$tool" >/dev/null || die "needs $tool (packages xvfb, dbus, gcc)"
done

mkdir -p "$HT_BENCH_DIR"
cd "$HT_BENCH_DIR"
log="$HT_BENCH_DIR/live-bench.log"
: > "$log"

declare -A cmd
for w in $WORKLOADS; do
  case $w in
    churn) cmd[$w]="./lb-churn 12000000" ;;
    threads) cmd[$w]="./lb-threads 2000000" ;;
    mixed) cmd[$w]="./lb-mixed 40" ;;
    deep) cmd[$w]="./lb-deep" ;;
    alloc_*) [[ -n "$SHARED_BENCH" ]] || die "workload '$w' needs SHARED_BENCH"
             cmd[$w]="./lb-$w" ;;
    *) die "unknown workload '$w'" ;;
  esac
  case $w in
    alloc_cxx) g++ -O2 -g -std=c++17 -o "lb-$w" "$SHARED_BENCH/$w.cpp" ;;
    alloc_*) gcc -O2 -g -pthread -o "lb-$w" "$SHARED_BENCH/$w.c" ;;
    *) gcc -O2 -g -pthread -o "lb-$w" "$here/$w.c" ;;
  esac || die "cannot build workload $w"
done

# one X server for every run; the first free display number from 90 on
display=90
while [[ -e /tmp/.X11-unix/X$display || -e /tmp/.X$display-lock ]]; do
  display=$((display + 1))
done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >> "$log" 2>&1 &
xvfb_pid=$!
app_pid=""
cleanup () {
  [[ -z "$app_pid" ]] || kill "$app_pid" 2>/dev/null || true
  kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 50); do
  [[ -e /tmp/.X11-unix/X$display ]] && break
  sleep 0.1
done
[[ -e /tmp/.X11-unix/X$display ]] || die "Xvfb did not start (see $log)"

# wall CMD...: sets t to the wall time of CMD in seconds
wall () {
  local a b
  a=$EPOCHREALTIME
  "$@" >> "$log" 2>&1 || die "failed: $* (see $log)"
  b=$EPOCHREALTIME
  t="$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f", b - a }')"
}

median () {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
    END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# cpu_ticks PID: user + system time of PID so far, in clock ticks
cpu_ticks () {
  awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# watched W: the recording of W while the application follows its trace;
# sets gui_cpu to the CPU seconds the application used meanwhile
watched () {
  local w="$1"
  rm -f "lb-$w.zst"
  DISPLAY=":$display" GDK_BACKEND=x11 dbus-run-session -- \
    "$app" --follow "$HT_BENCH_DIR/lb-$w.zst" >> "$log" 2>&1 &
  app_pid=$!
  sleep "$SETTLE"
  kill -0 "$app_pid" 2>/dev/null || die "heaptrack-gtk --follow ended early (see $log)"
  gui_pid="$(pgrep -n -f -- "--follow $HT_BENCH_DIR/lb-$w.zst" || true)"
  [[ -n "$gui_pid" ]] || die "heaptrack-gtk --follow is not running (see $log)"
  cpu_before="$(cpu_ticks "$gui_pid")"
  # shellcheck disable=SC2086  # cmd[] holds a program and its arguments
  wall "$record" --record-only -q -o "$HT_BENCH_DIR/lb-$w" ${cmd[$w]}
  # what the application did meanwhile: proof that it watched
  gui_cpu="$(awk -v a="$cpu_before" -v b="$(cpu_ticks "$gui_pid")" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.2f", (b - a) / hz }')"
  kill "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
}

alone () {
  local w="$1"
  rm -f "lb-$w.zst"
  # the same quiet moment before as the watched run gets (the application
  # of the run before has just been ended: not to be timed here)
  sleep "$SETTLE"
  # shellcheck disable=SC2086
  wall "$record" --record-only -q -o "$HT_BENCH_DIR/lb-$w" ${cmd[$w]}
}

declare -A alone_t watched_t gui_t
for ((i = 1; i <= RUNS; i++)); do
  line="run $i/$RUNS:"
  for w in $WORKLOADS; do
    for mode in $( ((i % 2)) && echo "alone watched" || echo "watched alone"); do
      "$mode" "$w"
      if [[ $mode == alone ]]; then
        alone_t[$w]+=" $t"; ta=$t
      else
        watched_t[$w]+=" $t"; tw=$t; gui_t[$w]+=" $gui_cpu"
      fi
    done
    line+=" $w $ta/$tw"
  done
  say "$line (alone/watched, s)"
done

# The window's side, once per workload: the longest stall of its main loop
# and its refreshes per second while it follows the recording
# (bench/live-stall, the same window in a program that times it)
declare -A stall_line
for w in $WORKLOADS; do
  rm -f "lb-$w.zst"
  DISPLAY=":$display" GDK_BACKEND=x11 "$build/bench/live-stall" "$HT_BENCH_DIR/lb-$w.zst" \
    > "$HT_BENCH_DIR/lb-stall.out" 2>> "$log" &
  stall_pid=$!
  sleep "$SETTLE"
  # shellcheck disable=SC2086
  "$record" --record-only -q -o "$HT_BENCH_DIR/lb-$w" ${cmd[$w]} >> "$log" 2>&1 || die "failed: $w (see $log)"
  wait "$stall_pid" || die "live-stall failed on $w (see $log)"
  stall_line[$w]="$(cat "$HT_BENCH_DIR/lb-stall.out")"
done

echo
echo "live-bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $RUNS runs, medians, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| workload | --record-only s | watched live s | cost of watching | application CPU s meanwhile |"
echo "|---|--:|--:|--:|--:|"
for w in $WORKLOADS; do
  # shellcheck disable=SC2086
  a="$(median ${alone_t[$w]})"
  # shellcheck disable=SC2086
  b="$(median ${watched_t[$w]})"
  # shellcheck disable=SC2086
  g="$(median ${gui_t[$w]})"
  echo "| $w | $a | $b | $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%+.1f%%", (b / a - 1) * 100 }') | $g |"
done
echo
echo "| workload | longest stall of the window, ms | live for, ms | refreshes/s |"
echo "|---|--:|--:|--:|"
for w in $WORKLOADS; do
  # "stall S live L refreshes/s R state content"
  read -r _ stall _ live _ rate _ <<< "${stall_line[$w]}"
  echo "| $w | $stall | $live | $rate |"
done
