#!/usr/bin/env bash
# record-bench.sh: how much heaptrack-gtk-record slows a program down,
# against Debian's heaptrack.
#
# What it measures: for each of four workloads (bench/churn.c, deep.c,
# threads.c and mixed.c, built with gcc -O2 -g), the wall time of the
# program alone, under `heaptrack -o X` and under `heaptrack-gtk-record
# --record-only -o Y`, as users type them (ours without -q prints its
# totals at the end), RUNS times each, taking turns, and reports the
# medians, the slowdowns (recording / native), the overheads (slowdown - 1)
# and the ratio of our overhead to heaptrack's (the target is at most 0.4).
# It also reports the fixed cost of each recorder (recording /bin/true),
# the same ratio with that cost taken out, the size of both traces, and
# the peak RSS of heaptrack_interpret and of our symbolizer.
#
# Before the timed runs, one untimed pass per workload (which also warms
# the page cache) measures memory and CPU time with /usr/bin/time and
# checks with heaptrack-gtk-print -s that both traces count the same
# allocation calls: ours = heaptrack's - 1 (heaptrack's own preload library
# makes one allocation, libstdc++'s exception pool, that ends up in its
# trace) + the memalign calls of mixed.c (heaptrack 1.4 does not intercept
# memalign). If they differ, the script exits with status 1 after the
# report.
#
# How to run (from anywhere; needs gcc, zstd, heaptrack and a built tree,
# `ninja -C _build`):
#
#   bench/record-bench.sh
#   RUNS=9 WORKLOADS="churn deep" bench/record-bench.sh
#
# Environment:
#   RUNS          timed runs per workload and recorder (default 5)
#   WORKLOADS     which of "churn deep threads mixed" to run (default all)
#   CHURN_PAIRS   malloc/free pairs of churn.c (default 12000000)
#   THREAD_ALLOCS allocations of threads.c, all threads (default 2000000)
#   MIXED_ROUNDS  rounds of mixed.c, 7,682 calls each (default 40)
#   HT_RECORD     our launcher (default REPO/_build/recorder/heaptrack-gtk-record)
#   HT_PRINT      our printer, for the check (default REPO/_build/gui/heaptrack-gtk-print)
#   HT_REF        heaptrack (default from PATH)
#   HT_BENCH_DIR  scratch directory (default $TMPDIR/ht-bench, or /tmp/ht-bench)
#   SHARED_BENCH  a folder with the team's reference workloads (alloc_churn.c,
#                 alloc_deep.c, alloc_threads.c, alloc_realloc.c, alloc_cxx.cpp,
#                 e.g. ../shared/bench): adds them to the default WORKLOADS as
#                 alloc_churn, alloc_deep_s2 (`alloc_deep 240 2`), alloc_threads,
#                 alloc_threads_1cpu (the same, with the program and both
#                 recorders on one CPU: `taskset -c 0`, so its threads cannot
#                 run side by side), alloc_realloc, alloc_cxx, and alloc_deep
#                 (the default alloc_deep, recorded by us only:
#                 heaptrack_interpret grows past 18 GiB on it and dies). Their calls are checked against the
#                 counts the workloads are known to make, not against heaptrack.
#
# Wall times come from bash's $EPOCHREALTIME around the bare command:
# /usr/bin/time -f %e has a resolution of 10 ms and costs about 5 ms
# itself on this VM, as much as 15% of a native run of deep.c.
# /usr/bin/time (Debian package `time`) measures memory and CPU time in the
# untimed pass; run as root, the script installs it if it is missing.

set -euo pipefail
export LC_ALL=C   # a '.' in $EPOCHREALTIME and in awk's numbers

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"

RUNS="${RUNS:-5}"
SHARED_BENCH="${SHARED_BENCH:-}"
shared_workloads="alloc_churn alloc_deep_s2 alloc_threads alloc_threads_1cpu alloc_realloc alloc_cxx alloc_deep"
if [[ -n "$SHARED_BENCH" ]]; then
  WORKLOADS="${WORKLOADS:-churn deep threads mixed $shared_workloads}"
else
  WORKLOADS="${WORKLOADS:-churn deep threads mixed}"
fi
CHURN_PAIRS="${CHURN_PAIRS:-12000000}"
THREAD_ALLOCS="${THREAD_ALLOCS:-2000000}"
MIXED_ROUNDS="${MIXED_ROUNDS:-40}"
HT_RECORD="${HT_RECORD:-$repo/_build/recorder/heaptrack-gtk-record}"
HT_PRINT="${HT_PRINT:-$repo/_build/gui/heaptrack-gtk-print}"
HT_REF="${HT_REF:-$(command -v heaptrack || true)}"
HT_BENCH_DIR="${HT_BENCH_DIR:-${TMPDIR:-/tmp}/ht-bench}"

die () { echo "record-bench: $*" >&2; exit 1; }
say () { echo "record-bench: $*" >&2; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$RUNS'"
for w in $WORKLOADS; do
  if [[ " $shared_workloads " == *" $w "* ]]; then
    [[ -n "$SHARED_BENCH" ]] || die "workload '$w' needs SHARED_BENCH"
    continue
  fi
  [[ " churn deep threads mixed " == *" $w "* ]] || die "unknown workload '$w' (churn deep threads mixed $shared_workloads)"
done
[[ -n "${EPOCHREALTIME:-}" ]] || die "needs bash 5 or newer (\$EPOCHREALTIME)"
[[ -x "$HT_RECORD" ]] || die "$HT_RECORD is not built (ninja -C $repo/_build), or set HT_RECORD"
[[ -x "$HT_PRINT" ]] || die "$HT_PRINT is not built (ninja -C $repo/_build), or set HT_PRINT"
[[ -n "$HT_REF" && -x "$HT_REF" ]] || die "heaptrack not found (apt-get install heaptrack), or set HT_REF"
command -v gcc >/dev/null || die "gcc not found"
command -v zstd >/dev/null || die "zstd not found"
if [[ " $WORKLOADS " == *" alloc_threads_1cpu "* ]]; then
  command -v taskset >/dev/null || die "taskset not found (package util-linux)"
fi

# heaptrack 1.4 opens heaptrack_gui after every recording when it is
# installed, and has no --record-only to stop it.
ref_dir="$(dirname "$(readlink -f "$HT_REF")")"
if [[ -x "$ref_dir/heaptrack_gui" ]] && ! "$HT_REF" --help 2>&1 | grep -q -- '--record-only'; then
  die "$ref_dir/heaptrack_gui is installed: heaptrack would open it after every run"
fi
ref_args=()
if "$HT_REF" --help 2>&1 | grep -q -- '--record-only'; then
  ref_args+=(--record-only)
fi
# found the way the heaptrack script finds it
ref_interpret="$ref_dir/../lib/heaptrack/libexec/heaptrack_interpret"
[[ -x "$ref_interpret" ]] || die "heaptrack_interpret not found next to $HT_REF ($ref_interpret)"
ref_version="$("$HT_REF" --version 2>/dev/null | head -n 1 || true)"

# the symbolizer the launcher would use: HT_SYMBOLIZER, else its sibling
symbolizer="${HT_SYMBOLIZER:-$(dirname "$(readlink -f "$HT_RECORD")")/heaptrack-gtk-symbolizer}"
[[ -x "$symbolizer" ]] || die "$symbolizer is not built, or set HT_SYMBOLIZER"

if [[ ! -x /usr/bin/time ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing /usr/bin/time (package time)"
    apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
  fi
  [[ -x /usr/bin/time ]] || die "/usr/bin/time is missing: apt-get install time"
fi

mkdir -p "$HT_BENCH_DIR"
cd "$HT_BENCH_DIR"
log="$HT_BENCH_DIR/record-bench.log"
: > "$log"
started=$EPOCHREALTIME

# --- workloads -------------------------------------------------------------

declare -A cmd known_calls ours_only pin
for w in $WORKLOADS; do
  case $w in
    alloc_cxx) g++ -O2 -g -std=c++17 -o "rb-$w" "$SHARED_BENCH/$w.cpp" || die "cannot build $SHARED_BENCH/$w.cpp" ;;
    alloc_deep_s2) ;;
    alloc_threads_1cpu)
      gcc -O2 -g -pthread -o rb-alloc_threads "$SHARED_BENCH/alloc_threads.c" ||
        die "cannot build $SHARED_BENCH/alloc_threads.c" ;;
    alloc_*) gcc -O2 -g -pthread -o "rb-$w" "$SHARED_BENCH/$w.c" || die "cannot build $SHARED_BENCH/$w.c" ;;
    *) gcc -O2 -g -pthread -o "rb-$w" "$here/$w.c" || die "cannot build $here/$w.c" ;;
  esac
done
cmd[churn]="./rb-churn $CHURN_PAIRS"
cmd[deep]="./rb-deep"
cmd[threads]="./rb-threads $THREAD_ALLOCS"
cmd[mixed]="./rb-mixed $MIXED_ROUNDS"
# the shared workloads and the calls they are known to make (their README)
cmd[alloc_churn]="./rb-alloc_churn"; known_calls[alloc_churn]=24000000
cmd[alloc_deep]="./rb-alloc_deep"; known_calls[alloc_deep]=983040; ours_only[alloc_deep]=1
cmd[alloc_deep_s2]="./rb-alloc_deep 240 2"; known_calls[alloc_deep_s2]=983040
# 15,750,400 malloc + 750,000 realloc + one DTV calloc per pthread_create
cmd[alloc_threads]="./rb-alloc_threads"; known_calls[alloc_threads]=16500404
# The same program on a machine of one CPU: whether its threads run side by
# side decides how finely their events interleave, and so the trace's size.
cmd[alloc_threads_1cpu]="${cmd[alloc_threads]}"; known_calls[alloc_threads_1cpu]=16500404
pin[alloc_threads_1cpu]="taskset -c 0"
cmd[alloc_realloc]="./rb-alloc_realloc"; known_calls[alloc_realloc]=11409171
cmd[alloc_cxx]="./rb-alloc_cxx"; known_calls[alloc_cxx]=6399601
if [[ " $WORKLOADS " == *" alloc_deep_s2 "* && " $WORKLOADS " != *" alloc_deep "* ]]; then
  gcc -O2 -g -o rb-alloc_deep "$SHARED_BENCH/alloc_deep.c" || die "cannot build $SHARED_BENCH/alloc_deep.c"
fi

# run_quiet CMD...: runs CMD with its output in the log, dies if it fails
run_quiet () {
  "$@" >> "$log" 2>&1 || { tail -n 20 "$log" >&2; die "failed: $*"; }
}

# wall CMD...: sets t to the wall time of CMD in seconds
wall () {
  local a b
  a=$EPOCHREALTIME
  "$@" >> "$log" 2>&1 || { tail -n 20 "$log" >&2; die "failed: $*"; }
  b=$EPOCHREALTIME
  t="$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f", b - a }')"
}

# timed CMD...: like run_quiet under /usr/bin/time; sets m (peak RSS, KiB:
# for a tree of processes, that of the largest single process that was
# waited for) and c (CPU seconds, user + system, of the whole tree)
timed () {
  local out="$HT_BENCH_DIR/time.out" u s
  run_quiet /usr/bin/time -f '%M %U %S' -o "$out" "$@"
  read -r m u s < <(tail -n 1 "$out")
  c="$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')"
}

median () {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
    END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

calls_line () { "$HT_PRINT" -s "$1" 2>/dev/null | grep -m 1 '^calls to allocation functions:' || true; }
calls_of () { awk '{ print $5 }' <<< "$1"; }

# our symbolizer under /usr/bin/time, through HT_SYMBOLIZER (untimed pass only)
sym_wrapper="$HT_BENCH_DIR/rb-symbolizer-rss.sh"
cat > "$sym_wrapper" <<EOF
#!/bin/sh
exec /usr/bin/time -f %M -o "$HT_BENCH_DIR/rb-symbolizer.rss" "$symbolizer" "\$@"
EOF
chmod +x "$sym_wrapper"

# --- untimed pass: memory, CPU time, the check -----------------------------

declare -A nat_m ht_m ht_c us_m us_c interp_m sym_m ht_calls us_calls expected extra
same=yes
for w in $WORKLOADS; do
  say "$w: untimed pass (memory, CPU time, calls check)"
  # shellcheck disable=SC2086  # cmd[] holds a program and its arguments
  timed ${pin[$w]:-} ${cmd[$w]}
  nat_m[$w]=$m
  extra[$w]=0
  if [[ $w == mixed ]]; then
    # heaptrack 1.4 does not see memalign; mixed.c says how many it made
    extra[$w]="$(./rb-mixed "$MIXED_ROUNDS" | sed -n 's/.* \([0-9]*\) of them memalign.*/\1/p')"
    [[ -n "${extra[$w]}" ]] || die "rb-mixed did not print its memalign count"
  fi

  rm -f "rb-$w-ht.zst" "rb-$w-ht.raw.zst" "rb-$w-us.zst"
  if [[ -z "${ours_only[$w]:-}" ]]; then
    # shellcheck disable=SC2086
    timed ${pin[$w]:-} "$HT_REF" "${ref_args[@]}" -o "$HT_BENCH_DIR/rb-$w-ht" ${cmd[$w]}
    ht_m[$w]=$m ht_c[$w]=$c
    # heaptrack_interpret's own peak: record the raw stream, interpret it apart
    # shellcheck disable=SC2086
    run_quiet ${pin[$w]:-} "$HT_REF" -r -o "$HT_BENCH_DIR/rb-$w-ht" ${cmd[$w]}
    zstd -dc "rb-$w-ht.raw.zst" |
      /usr/bin/time -f '%M' -o "$HT_BENCH_DIR/rb-interpret.rss" "$ref_interpret" > /dev/null 2>> "$log" ||
      die "heaptrack_interpret failed on rb-$w-ht.raw.zst"
    interp_m[$w]="$(tail -n 1 rb-interpret.rss)"
    rm -f "rb-$w-ht.raw.zst"
  fi

  # shellcheck disable=SC2086
  timed ${pin[$w]:-} env HT_SYMBOLIZER="$sym_wrapper" "$HT_RECORD" --record-only -o "$HT_BENCH_DIR/rb-$w-us" ${cmd[$w]}
  us_m[$w]=$m us_c[$w]=$c
  sym_m[$w]="$(tail -n 1 rb-symbolizer.rss)"

  ht_calls[$w]=""
  [[ -n "${ours_only[$w]:-}" ]] || ht_calls[$w]="$(calls_line "rb-$w-ht.zst")"
  us_calls[$w]="$(calls_line "rb-$w-us.zst")"
  hc="$(calls_of "${ht_calls[$w]}")"
  uc="$(calls_of "${us_calls[$w]}")"
  if [[ -n "${known_calls[$w]:-}" ]]; then
    expected[$w]=${known_calls[$w]}
    [[ "$uc" == "${expected[$w]}" ]] || same=no
  elif [[ -n "$hc" && -n "$uc" ]]; then
    expected[$w]=$((hc - 1 + extra[$w]))
    [[ "$uc" -eq "${expected[$w]}" ]] || same=no
  else
    expected[$w]="?"
    same=no
  fi
done

# --- timed runs ------------------------------------------------------------

declare -A nat_t ht_t us_t ht_size us_size
fixed_nat=() fixed_ht=() fixed_us=()

for ((i = 1; i <= RUNS; i++)); do
  # the fixed cost of each recorder: a program that allocates nothing
  wall /bin/true; fixed_nat+=("$t")
  rm -f rb-true-ht.zst rb-true-us.zst
  wall "$HT_REF" "${ref_args[@]}" -o "$HT_BENCH_DIR/rb-true-ht" /bin/true; fixed_ht+=("$t")
  wall "$HT_RECORD" --record-only -o "$HT_BENCH_DIR/rb-true-us" /bin/true; fixed_us+=("$t")

  line="run $i/$RUNS:"
  for w in $WORKLOADS; do
    # shellcheck disable=SC2086
    wall ${pin[$w]:-} ${cmd[$w]}; nat_t[$w]+=" $t"; tn=$t
    rm -f "rb-$w-ht.zst" "rb-$w-us.zst"
    # alternate which recorder goes first
    th="-"
    for who in $( ((i % 2)) && echo "ht us" || echo "us ht"); do
      if [[ $who == ht && -n "${ours_only[$w]:-}" ]]; then
        continue
      elif [[ $who == ht ]]; then
        # shellcheck disable=SC2086
        wall ${pin[$w]:-} "$HT_REF" "${ref_args[@]}" -o "$HT_BENCH_DIR/rb-$w-ht" ${cmd[$w]}
        ht_t[$w]+=" $t"; th=$t
        ht_size[$w]+=" $(stat -c %s "rb-$w-ht.zst")"
      else
        # shellcheck disable=SC2086
        wall ${pin[$w]:-} "$HT_RECORD" --record-only -o "$HT_BENCH_DIR/rb-$w-us" ${cmd[$w]}
        us_t[$w]+=" $t"; tu=$t
        us_size[$w]+=" $(stat -c %s "rb-$w-us.zst")"
      fi
    done
    line+=" $w $tn/$th/$tu"
  done
  say "$line (native/heaptrack/ours, s)"
done

# --- report ----------------------------------------------------------------

fn="$(median "${fixed_nat[@]}")"
fh="$(median "${fixed_ht[@]}")"
fu="$(median "${fixed_us[@]}")"

echo
echo "date: $(date '+%Y-%m-%d %H:%M %Z'); machine: $(nproc) CPUs," \
     "$(free -g | awk '/^Mem:/ { print $2 }') GiB RAM (free -g)," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "heaptrack: $ref_version; ours: $HT_RECORD; median of $RUNS runs"
echo "workloads: churn $CHURN_PAIRS pairs, deep 983040 allocations, threads $THREAD_ALLOCS allocations, mixed $MIXED_ROUNDS rounds"
[[ -z "$SHARED_BENCH" ]] || echo "shared workloads from $SHARED_BENCH (alloc_deep: ours only)"
echo
awk -v n="$fn" -v h="$fh" -v u="$fu" 'BEGIN {
  printf "fixed cost, recording /bin/true: heaptrack %.3f s, ours %.3f s (native %.3f s)\n", h, u, n }'
echo
printf '%-8s %9s %9s %9s %9s %9s %8s %8s %9s %10s\n' \
  workload "native s" "ht s" "ours s" "ht slow" "our slow" "ht ovh" "our ovh" "ratio" "ratio-fix"
for w in $WORKLOADS; do
  if [[ -n "${ours_only[$w]:-}" ]]; then
    # shellcheck disable=SC2086
    awk -v w="$w" -v n="$(median ${nat_t[$w]})" -v u="$(median ${us_t[$w]})" 'BEGIN {
      printf "%-8s %9.3f %9s %9.3f %9s %8.1fx %8s %8.1f %9s %10s\n", w, n, "-", u, "-", u / n, "-", u / n - 1, "-", "-" }'
    continue
  fi
  # shellcheck disable=SC2086
  awk -v w="$w" -v n="$(median ${nat_t[$w]})" -v h="$(median ${ht_t[$w]})" -v u="$(median ${us_t[$w]})" \
      -v fn="$fn" -v fh="$fh" -v fu="$fu" 'BEGIN {
    ho = h / n - 1; uo = u / n - 1
    hx = (h - (fh - fn)) / n - 1; ux = (u - (fu - fn)) / n - 1
    printf "%-8s %9.3f %9.3f %9.3f %8.1fx %8.1fx %8.1f %8.1f %9.2f %10.2f%s\n", w, n, h, u,
      h / n, u / n, ho, uo, uo / ho, ux / hx, (uo / ho <= 0.4 ? "" : "  > 0.4")
  }'
done
echo
echo "ratio: our overhead / heaptrack's (target <= 0.4); ratio-fix: the same with"
echo "each recorder's fixed cost (the /bin/true line) taken out of its times"
echo
printf '%-8s %12s %12s %9s %9s %9s %9s %9s %9s %9s\n' \
  workload "ht trace B" "our trace B" "native M" "ht max M" "our max M" "interp M" "symbol M" "ht CPU s" "our CPU s"
for w in $WORKLOADS; do
  # shellcheck disable=SC2086
  awk -v w="$w" -v hs="$(median ${ht_size[$w]:-0})" -v us="$(median ${us_size[$w]})" \
      -v nm="${nat_m[$w]}" -v hm="${ht_m[$w]:-0}" -v um="${us_m[$w]}" \
      -v im="${interp_m[$w]:-0}" -v sm="${sym_m[$w]}" -v hc="${ht_c[$w]:-0}" -v uc="${us_c[$w]}" 'BEGIN {
    printf "%-8s %12d %12d %9.1f %9.1f %9.1f %9.1f %9.1f %9.2f %9.2f\n", w, hs, us,
      nm / 1024, hm / 1024, um / 1024, im / 1024, sm / 1024, hc, uc
  }'
done
echo
echo "trace B: bytes of the .zst (median); M: peak RSS in MiB from the untimed pass:"
echo "native = the program alone; ht max / our max = /usr/bin/time on the whole"
echo "recording, i.e. the largest single process of the tree (program, recorder,"
echo "interpreter/symbolizer, compressor), not their sum; interp = heaptrack_interpret"
echo "alone on the same run's raw stream; symbol = our symbolizer alone. CPU s:"
echo "user + system of the whole recording, untimed pass."
echo
echo "calls check (ours = heaptrack's - 1 + memalign calls heaptrack 1.4 does not see;"
echo "for the shared workloads, ours = the calls they are known to make):"
for w in $WORKLOADS; do
  echo "  $w:"
  echo "    heaptrack: ${ht_calls[$w]:-(none)}"
  echo "    ours:      ${us_calls[$w]:-(none)}"
  echo "    expected ours: ${expected[$w]} (memalign: ${extra[$w]})"
done
awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "\nrecord-bench: total %.0f s\n", b - a }'

if [[ $same != yes ]]; then
  echo "calls check: MISMATCH"
  exit 1
fi
echo "calls check: ok"
