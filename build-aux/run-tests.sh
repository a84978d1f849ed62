#!/bin/bash
# run-tests.sh: set up, build and run every test suite, then the unit,
# compat and gui suites again under AddressSanitizer and
# UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

build-aux/install-deps.sh

[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build
meson test -C _build --print-errorlogs

# What preloads a library into other programs stays unsanitized (the
# workloads override b_sanitize themselves).
[ -f _build-sanitize/build.ninja ] || \
  meson setup _build-sanitize -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debug
meson compile -C _build-sanitize
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp" \
  meson test -C _build-sanitize --print-errorlogs --suite unit --suite compat --suite gui
