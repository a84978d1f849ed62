#!/usr/bin/env bash
# read-bench.sh: how fast heaptrack-gtk-print reads a big trace, against
# Debian's heaptrack_print.
#
# What it measures: the wall time and the peak resident memory (RSS) of
# reading, analysing and printing one heaptrack trace of tens of millions
# of allocation events, for heaptrack_print and for heaptrack-gtk-print,
# each run RUNS times (alternating, output to /dev/null), with the median
# of each tool reported.  The trace comes from bench/churn.c: 12 million
# malloc/free pairs from three call sites a dozen frames deep, recorded
# once with heaptrack.  It also checks that both tools print the same
# summary lines (calls, peak, leaked), so the fast one is not fast by
# being wrong.
#
# How to run (from anywhere; needs gcc, zstd, heaptrack, heaptrack_print
# and a built heaptrack-gtk-print, `ninja -C _build`):
#
#   bench/read-bench.sh
#   RUNS=9 bench/read-bench.sh
#
# Environment:
#   RUNS          timed runs per tool (default 5)
#   HT_PRINT      our binary (default REPO/_build/gui/heaptrack-gtk-print)
#   HT_REF_PRINT  the reference (default heaptrack_print from PATH)
#   HT_BENCH_DIR  scratch directory for the workload and the trace
#                 (default $TMPDIR/ht-bench, or /tmp/ht-bench); the trace
#                 is recorded only if it is not there yet (delete it to
#                 record anew)
#   HT_TRACE      read this trace instead of recording one
#   CHURN_PAIRS   malloc/free pairs of the workload (default 12000000)
#
# /usr/bin/time (Debian package `time`) measures; run as root, the script
# installs it if it is missing.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"

RUNS="${RUNS:-5}"
HT_PRINT="${HT_PRINT:-$repo/_build/gui/heaptrack-gtk-print}"
HT_REF_PRINT="${HT_REF_PRINT:-$(command -v heaptrack_print || true)}"
HT_BENCH_DIR="${HT_BENCH_DIR:-${TMPDIR:-/tmp}/ht-bench}"
CHURN_PAIRS="${CHURN_PAIRS:-12000000}"

die () { echo "read-bench: $*" >&2; exit 1; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$RUNS'"
[[ -x "$HT_PRINT" ]] || die "$HT_PRINT is not built (ninja -C $repo/_build), or set HT_PRINT"
[[ -n "$HT_REF_PRINT" && -x "$HT_REF_PRINT" ]] || die "heaptrack_print not found (apt-get install heaptrack), or set HT_REF_PRINT"
command -v zstd >/dev/null || die "zstd not found"

if [[ ! -x /usr/bin/time ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "read-bench: installing /usr/bin/time (package time)" >&2
    apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
  fi
  [[ -x /usr/bin/time ]] || die "/usr/bin/time is missing: apt-get install time"
fi

mkdir -p "$HT_BENCH_DIR"

# --- the trace -------------------------------------------------------------

find_trace () {
  local f
  for f in "$HT_BENCH_DIR/bench-trace.zst" "$HT_BENCH_DIR/bench-trace.gz" "$HT_BENCH_DIR/bench-trace"; do
    if [[ -s "$f" ]]; then
      echo "$f"
      return 0
    fi
  done
  return 1
}

if [[ -n "${HT_TRACE:-}" ]]; then
  trace="$HT_TRACE"
  [[ -s "$trace" ]] || die "HT_TRACE=$trace does not exist"
elif trace="$(find_trace)"; then
  echo "read-bench: reusing $trace (delete it to record anew)"
else
  command -v gcc >/dev/null || die "gcc not found"
  command -v heaptrack >/dev/null || die "heaptrack not found (apt-get install heaptrack)"

  echo "read-bench: building the churn workload"
  gcc -O2 -g -o "$HT_BENCH_DIR/churn" "$here/churn.c"

  # heaptrack 1.5+ can skip opening heaptrack_gui with --record-only; 1.4
  # lacks the option and opens the GUI only when it is installed.
  record_args=()
  if heaptrack --help 2>&1 | grep -q -- '--record-only'; then
    record_args+=(--record-only)
  fi
  echo "read-bench: recording $CHURN_PAIRS malloc/free pairs with heaptrack (takes a while)"
  (cd "$HT_BENCH_DIR" &&
     heaptrack "${record_args[@]}" -o "$HT_BENCH_DIR/bench-trace" ./churn "$CHURN_PAIRS") \
    > "$HT_BENCH_DIR/record.log" 2>&1 || { cat "$HT_BENCH_DIR/record.log" >&2; die "recording failed"; }
  trace="$(find_trace)" || die "heaptrack wrote no trace into $HT_BENCH_DIR (see record.log)"
fi

case "$trace" in
  *.zst) events="$(zstd -dc "$trace" | grep -c '^[+-]' || true)" ;;
  *.gz)  events="$(gzip -dc "$trace" | grep -c '^[+-]' || true)" ;;
  *)     events="$(grep -c '^[+-]' "$trace" || true)" ;;
esac

# --- same answer? ----------------------------------------------------------

# An untimed run of each also warms the page cache.
"$HT_REF_PRINT" "$trace" > "$HT_BENCH_DIR/ref.out" 2>&1
"$HT_PRINT" "$trace" > "$HT_BENCH_DIR/ours.out" 2>&1

summary_re='^(calls to allocation functions|peak heap memory consumption|total memory leaked):'
grep -E "$summary_re" "$HT_BENCH_DIR/ref.out" > "$HT_BENCH_DIR/ref.summary" || true
grep -E "$summary_re" "$HT_BENCH_DIR/ours.out" > "$HT_BENCH_DIR/ours.summary" || true
if [[ $(wc -l < "$HT_BENCH_DIR/ref.summary") -eq 3 ]] \
   && cmp -s "$HT_BENCH_DIR/ref.summary" "$HT_BENCH_DIR/ours.summary"; then
  same=yes
else
  same=no
fi

# --- timed runs ------------------------------------------------------------

ref_times=() ref_rss=() ref_cpu=() our_times=() our_rss=() our_cpu=()

# measure CMD...: sets t (wall seconds), m (peak RSS, KiB) and c (CPU
# seconds, user + system: steadier than wall time on a busy machine)
measure () {
  local out="$HT_BENCH_DIR/time.out" u s
  /usr/bin/time -f '%e %M %U %S' -o "$out" "$@" > /dev/null 2>&1 || die "$* failed"
  read -r t m u s < <(tail -n 1 "$out")
  c="$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')"
}

for ((i = 1; i <= RUNS; i++)); do
  measure "$HT_REF_PRINT" "$trace"
  ref_times+=("$t") ref_rss+=("$m") ref_cpu+=("$c")
  measure "$HT_PRINT" "$trace"
  our_times+=("$t") our_rss+=("$m") our_cpu+=("$c")
  printf 'read-bench: run %d/%d: heaptrack_print %ss %sKiB, heaptrack-gtk-print %ss %sKiB\n' \
    "$i" "$RUNS" "${ref_times[-1]}" "${ref_rss[-1]}" "${our_times[-1]}" "${our_rss[-1]}"
done

median () {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
    END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ref_t="$(median "${ref_times[@]}")"
our_t="$(median "${our_times[@]}")"
ref_m="$(median "${ref_rss[@]}")"
our_m="$(median "${our_rss[@]}")"
ref_c="$(median "${ref_cpu[@]}")"
our_c="$(median "${our_cpu[@]}")"

# --- report ----------------------------------------------------------------

echo
echo "trace: $trace ($(du -h "$trace" | cut -f1) on disk, $events events)"
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg); median of $RUNS runs"
echo
awk -v ev="$events" -v rt="$ref_t" -v ot="$our_t" -v rm="$ref_m" -v om="$our_m" \
    -v rc="$ref_c" -v oc="$our_c" 'BEGIN {
  printf "%-20s %8s %8s %13s %10s %12s\n", "tool", "wall s", "CPU s", "peak RSS MiB", "events", "events/s"
  printf "%-20s %8.2f %8.2f %13.1f %10d %12.0f\n", "heaptrack_print", rt, rc, rm / 1024, ev, (rt > 0 ? ev / rt : 0)
  printf "%-20s %8.2f %8.2f %13.1f %10d %12.0f\n", "heaptrack-gtk-print", ot, oc, om / 1024, ev, (ot > 0 ? ev / ot : 0)
  print ""
  if (ot > 0)
    printf "speed-up (heaptrack_print wall time / ours): %.2fx\n", rt / ot
  if (oc > 0)
    printf "speed-up in CPU time:                        %.2fx\n", rc / oc
  if (rm > 0)
    printf "memory (our peak RSS / theirs):              %.2f\n", om / rm
}'

if [[ $same == yes ]]; then
  echo "summary lines (calls, peak, leaked): identical"
  sed 's/^/  /' "$HT_BENCH_DIR/ours.summary"
else
  echo "summary lines (calls, peak, leaked): DIFFER"
  diff "$HT_BENCH_DIR/ref.summary" "$HT_BENCH_DIR/ours.summary" | sed 's/^/  /' || true
  exit 1
fi
