#!/usr/bin/env bash
# run.sh [ARGS…]: install what is missing, build, and open Charter uninstalled
# on its bundled knowledge base (or on the files given).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

srcdir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="$srcdir/build"
cd "$srcdir"

build-aux/install-deps.sh run

if [[ ! -f "$builddir/build.ninja" ]]; then
  meson setup "$builddir"
fi
ninja -C "$builddir"

export GSETTINGS_SCHEMA_DIR="$builddir/data"
exec "$builddir/src/charter" "$@"
