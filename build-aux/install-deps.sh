#!/bin/bash
# install-deps.sh: the Debian 12 packages that building and testing need.
# Runs apt-get only for what is missing, as root or through sudo.
set -euo pipefail

packages=(
  build-essential pkgconf meson ninja-build
  libglib2.0-dev libzstd-dev zlib1g-dev
  libgtk-4-dev libadwaita-1-dev
  # the recorder: stacks in the preload library, symbols in the symbolizer
  libunwind-dev libdw-dev
  # headless GUI tests
  xvfb xauth
  # the single-instance test: a session bus, and finding windows by pid
  dbus-daemon xdotool
  # validators of the desktop integration
  desktop-file-utils appstream libxml2-utils shared-mime-info flatpak-builder
  zstd
  # locale definitions: a test compiles en_US and de_DE to check digit grouping
  locales
  # the reference: heaptrack 1.4 records the compat workloads and its
  # heaptrack_print is the oracle. Never heaptrack-gui: heaptrack opens it
  # after every recording.
  heaptrack
  # ms_print checks our massif output
  valgrind
  # Rust v0 names to demangle (Debian's rustc 1.63 mangles with
  # -C symbol-mangling-version=v0), and real programs recorded without harm
  rustc sqlite3 python3 git
  # heaptrack-gtk-record --pid loads the recorder into a process with gdb;
  # the full-disk test mounts a tiny tmpfs in a namespace of its own
  gdb util-linux
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
