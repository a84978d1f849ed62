#!/bin/sh
# fake-flatpak-spawn.sh: flatpak-spawn --host as test-recorder-process sees
# it, the "host" being this machine: its options applied, then the command.
#
# SPDX-License-Identifier: GPL-3.0-or-later
while :; do
  case "$1" in
    --host|--forward-fd=*) shift ;;
    --directory=*) cd "${1#--directory=}" || exit 125; shift ;;
    --env=*) export "${1#--env=}"; shift ;;
    *) break ;;
  esac
done
exec "$@"
