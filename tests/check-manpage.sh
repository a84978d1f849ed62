#!/bin/sh
# check-manpage.sh: a manual page names exactly the options of --help.
#
# Usage: check-manpage.sh PROGRAM MANPAGE
#
# Takes every option (-x, --long-name) that stands as a word in the output of
# `PROGRAM --help`, and every option that heads an item (the line after .TP)
# of MANPAGE's OPTIONS section, and fails, listing the difference, unless
# both name the same options.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

if [ $# -ne 2 ]; then
  echo "usage: $0 PROGRAM MANPAGE" >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# an option starts a line or follows a blank, a comma, '[' or '('
options () {
  grep -oE '(^|[[:space:],[(])--?[[:alnum:]][[:alnum:]-]*' | sed -E 's/^[[:space:],[(]//' | sort -u
}

"$1" --help > "$tmp/help.txt"
options < "$tmp/help.txt" > "$tmp/help"
# roff: \- is a hyphen, \fB \fI \fR switch fonts
awk '/^\.SH/ { in_options = ($2 == "OPTIONS") } in_options && item { print } { item = /^\.TP/ }' "$2" |
  sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' | options > "$tmp/man"

if ! cmp -s "$tmp/help" "$tmp/man"; then
  echo "$2 and $1 --help name different options:" >&2
  echo "  only in --help: $(comm -23 "$tmp/help" "$tmp/man" | tr '\n' ' ')" >&2
  echo "  only in the manual page: $(comm -13 "$tmp/help" "$tmp/man" | tr '\n' ' ')" >&2
  exit 1
fi
echo "$(wc -l < "$tmp/help") options, the same in both"
