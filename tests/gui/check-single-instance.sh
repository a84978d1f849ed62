#!/bin/sh
# check-single-instance.sh: a second `heaptrack-gtk FILE` hands FILE to the
# instance already running (GApplication over D-Bus) and exits; the first
# instance opens it in a window of its own, and `heaptrack-gtk --diff
# TRACE1 TRACE2` a comparison window.
#
#   dbus-run-session -- xvfb-run -a check-single-instance.sh HEAPTRACK_GTK TRACE1 TRACE2
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

app=$1
first=$2
second=$3

"$app" "$first" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT

# xdotool's --sync waits without limit: poll for at most 60 s
wait_window () {
  for _ in $(seq 600); do
    if xdotool search --pid "$pid" --name "$1" >/dev/null 2>&1; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "the first instance exited" >&2; exit 1; }
    sleep 0.1
  done
  echo "no window named $1 in process $pid" >&2
  exit 1
}

wait_window "^$(basename "$first")\$"

# the second launch must return at once: its file goes to the first instance
timeout 30 "$app" "$second" || { echo "the second launch failed or hung" >&2; exit 1; }

wait_window "^$(basename "$second")\$"
echo "ok: $(basename "$second") opened in process $pid"

# --diff BASE FILE goes to the first instance too, as a comparison window
# named after both sides
timeout 30 "$app" --diff "$first" "$second" || { echo "the --diff launch failed or hung" >&2; exit 1; }

wait_window "^$(basename "$first") → $(basename "$second")\$"
echo "ok: the comparison of $(basename "$first") with $(basename "$second") opened in process $pid"
