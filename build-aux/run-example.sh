#!/bin/bash
# run-example.sh: set up, build, print the report of the bundled example trace
# (a C++ program recorded with heaptrack 1.4) and, on a desktop, open it in
# heaptrack-gtk. Give a trace of your own as the argument to see that instead.
set -euo pipefail
cd "$(dirname "$0")/.."

build-aux/install-deps.sh
[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build

trace="${1:-tests/fixtures/wl-cxx.zst}"
_build/gui/heaptrack-gtk-print "$trace"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  # Record… runs the launcher of this build, not one installed elsewhere
  HT_RECORD_PROGRAM="$PWD/_build/recorder/heaptrack-gtk-record" _build/gui/heaptrack-gtk "$trace"
fi
