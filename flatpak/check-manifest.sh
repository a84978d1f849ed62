#!/bin/sh
# check-manifest.sh: an offline schema check of the Flatpak manifest.
# flatpak-builder --show-manifest parses it; an unknown key is only a warning,
# which G_DEBUG=fatal-warnings turns into a failure. It runs from a scratch
# directory because even --show-manifest leaves .flatpak-builder/ behind.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

manifest=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
G_DEBUG=fatal-warnings flatpak-builder --show-manifest "$manifest" > /dev/null
