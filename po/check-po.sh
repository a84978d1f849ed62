#!/bin/sh
# check-po.sh: a translation is complete and matches the current sources.
#
# Usage: check-po.sh SOURCE_ROOT PO_FILE
#
# 1. msgfmt --check compiles the catalog (headers, c-format placeholders,
#    one mnemonic per message) and its statistics must show neither
#    untranslated nor fuzzy messages.
# 2. A fresh template is extracted from po/POTFILES.in into a temporary
#    directory, with the keywords of meson's 'glib' preset, and msgcmp
#    makes sure that every message of the sources is translated in PO_FILE.
#    The source tree is left untouched.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

if [ $# -ne 2 ]; then
  echo "usage: $0 SOURCE_ROOT PO_FILE" >&2
  exit 2
fi

srcroot=$1
po=$2
MSGFMT=${MSGFMT:-msgfmt}
XGETTEXT=${XGETTEXT:-xgettext}
MSGCMP=${MSGCMP:-msgcmp}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# 1. The catalog compiles cleanly and is complete
if ! LC_ALL=C "$MSGFMT" --check --check-accelerators=_ --statistics \
      -o "$tmp/out.mo" "$po" 2> "$tmp/stats"; then
  cat "$tmp/stats" >&2
  echo "FAIL: msgfmt rejects $po" >&2
  exit 1
fi
cat "$tmp/stats"
if grep -q -e untranslated -e fuzzy "$tmp/stats"; then
  echo "FAIL: $po has untranslated or fuzzy messages" >&2
  exit 1
fi

# 2. Every message of the current sources is translated
if ! "$XGETTEXT" --package-name=heaptrack-gtk --from-code=UTF-8 --add-comments \
      --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
      --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
      -D "$srcroot" -f "$srcroot/po/POTFILES.in" -o "$tmp/current.pot" 2> "$tmp/xgettext.log"; then
  cat "$tmp/xgettext.log" >&2
  echo "FAIL: xgettext could not extract the messages" >&2
  exit 1
fi
if [ ! -s "$tmp/current.pot" ]; then
  echo "FAIL: no messages extracted from $srcroot/po/POTFILES.in" >&2
  exit 1
fi
# msgcmp fails for a message of the sources missing from $po (an untranslated
# or fuzzy entry counts as missing); messages only in $po are obsolete, and
# msgmerge drops them on the next update.
if ! LC_ALL=C "$MSGCMP" "$po" "$tmp/current.pot"; then
  echo "FAIL: $po lacks messages of the current sources; run" >&2
  echo "      'meson compile -C BUILDDIR heaptrack-gtk-update-po' and translate them" >&2
  exit 1
fi
echo "ok: $po translates all $(grep -c '^msgid ' "$tmp/current.pot") messages of the sources (header included)"
