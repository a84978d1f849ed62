#!/bin/bash
# run-example.sh: set up, build, and print the report of the bundled example
# trace (a C++ program recorded with heaptrack 1.4).
set -euo pipefail
cd "$(dirname "$0")/.."

build-aux/install-deps.sh
[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build
_build/gui/heaptrack-gtk-print "${@:-tests/fixtures/wl-cxx.zst}"
