#!/usr/bin/env bash
# test.sh: install what is missing, build, and run the whole test suite.
#
#   1. a normal build with --werror, every suite (UI tests under
#      dbus-run-session and xvfb-run);
#   2. a build with AddressSanitizer and UBSan, every suite again;
#   3. the libFuzzer targets, FUZZ_SECONDS each (default 60).
#
# Ends with the line "N passed, N failed" (and ", N skipped" when some were).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

srcdir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$srcdir"

build-aux/install-deps.sh test || { echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0
skipped=0

# Adds one meson test run's counts from its JSON log.
count () {
  local log="$1/meson-logs/testlog.json"
  if [[ ! -f "$log" ]]; then
    failed=$((failed + 1))
    return
  fi
  read -r p f s < <(python3 - "$log" <<'PY'
import json, sys
p = f = s = 0
for line in open(sys.argv[1]):
    result = json.loads(line)["result"]
    if result in ("OK", "EXPECTEDFAIL"):
        p += 1
    elif result == "SKIP":
        s += 1
    else:
        f += 1
print(p, f, s)
PY
)
  passed=$((passed + p))
  failed=$((failed + f))
  skipped=$((skipped + s))
}

# Builds in $1 with the remaining meson options and runs every suite.
build_and_test () {
  local builddir="$1"
  shift
  if [[ ! -f "$builddir/build.ninja" ]]; then
    meson setup "$builddir" --werror "$@" || { failed=$((failed + 1)); return; }
  fi
  if ! ninja -C "$builddir"; then
    failed=$((failed + 1))
    return
  fi
  rm -f "$builddir/meson-logs/testlog.json"
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
    meson test -C "$builddir" --print-errorlogs --num-processes 2 --timeout-multiplier "${TIMEOUT_MULTIPLIER:-4}"
  count "$builddir"
}

echo "== normal build"
build_and_test build-ci

echo "== AddressSanitizer + UBSan build"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1:fast_unwind_on_malloc=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$srcdir/build-aux/lsan.supp:print_suppressions=0"
# Full stacks (needed to match GLib's own leaks in lsan.supp) make every
# allocation slower: the hostile-input tests need the time.
TIMEOUT_MULTIPLIER=10 build_and_test build-asan -Db_sanitize=address,undefined -Db_lundef=false
unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS

# A fixed seed by default, so that a run on a given commit is repeatable and
# a slower machine explores a prefix of what a developer's run explored;
# exploring with fresh seeds is build-aux/fuzz.sh's default (see HACKING.md).
echo "== fuzzing, ${FUZZ_SECONDS:-60} s per target, seed ${FUZZ_SEED:-1}"
if FUZZ_SEED="${FUZZ_SEED:-1}" build-aux/fuzz.sh "${FUZZ_SECONDS:-60}"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi

if [[ $skipped -gt 0 ]]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[[ $failed -eq 0 ]]
