#!/usr/bin/env bash
# install-deps.sh [run|test]: install with apt what Charter needs on Debian 12.
#
# "run" installs what building and running needs; "test" adds what the test
# suite needs (Xvfb, a D-Bus session, clang and libFuzzer, AppStream checks).
# Packages already present are not asked for again, so a second run does not
# touch the network at all.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

what="${1:-run}"

run_packages=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  libjson-glib-dev libcmark-dev libsqlite3-dev
  desktop-file-utils appstream
)
test_packages=(
  xvfb xauth dbus dbus-daemon at-spi2-core
  clang libclang-rt-14-dev llvm
  python3
)

packages=("${run_packages[@]}")
if [[ "$what" == "test" ]]; then
  packages+=("${test_packages[@]}")
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: everything is installed"
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
