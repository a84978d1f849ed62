#!/bin/sh
# check-mime.sh: builds a MIME database from our package file alone and
# checks that it defines application/x-heaptrack with both globs. Any
# warning from update-mime-database fails the test.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

xml=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/mime/packages"
cp "$xml" "$tmp/mime/packages/"

# Not on the search path on purpose: keep only its note about that out of the
# warnings we look at.
XDG_DATA_HOME="$tmp" XDG_DATA_DIRS="$tmp" \
  update-mime-database "$tmp/mime" > "$tmp/log" 2>&1
if [ -s "$tmp/log" ]; then
  cat "$tmp/log"
  echo "update-mime-database printed warnings" >&2
  exit 1
fi

fail=0
for want in \
  'application/x-heaptrack:heaptrack.*.zst' \
  'application/x-heaptrack:heaptrack.*.gz'; do
  if ! grep -qxF "50:$want" "$tmp/mime/globs2"; then
    echo "missing glob $want" >&2
    fail=1
  fi
done
if ! grep -qF '<comment>heaptrack trace</comment>' "$tmp/mime/application/x-heaptrack.xml"; then
  echo "application/x-heaptrack has no comment" >&2
  fail=1
fi
exit $fail
