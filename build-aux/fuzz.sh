#!/usr/bin/env bash
# fuzz.sh [SECONDS]: build the libFuzzer targets and fuzz each for SECONDS (default 60).
#
# Configures (or reuses) build-fuzz/, a build directory in which everything,
# the core library included, is compiled with clang and
# -fsanitize=fuzzer-no-link,address,undefined, so that libFuzzer sees coverage
# inside the code under test and ASan, UBSan and LeakSanitizer watch it.
# Each target runs on a copy of its seed corpus in a temporary directory, so
# nothing the fuzzer finds is written into the source tree. A crash, leak,
# timeout or out-of-memory input is kept in build-fuzz/artifacts/ and the
# script exits non-zero.
#
# FUZZ_SEED picks libFuzzer's random seed: unset or 0 lets libFuzzer choose one
# (exploration); a fixed seed makes a run repeatable, so that a slower machine
# runs about a prefix of the inputs a faster one ran with the same seed and
# corpus (only the bookmark store's saving thread can reorder coverage).
#
# Needs clang and the libFuzzer runtime (Debian: clang-14, libclang-rt-14-dev).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

seconds="${1:-60}"
seed="${FUZZ_SEED:-0}"
if ! [[ "$seed" =~ ^(0|[1-9][0-9]*)$ ]]; then
  echo "fuzz.sh: FUZZ_SEED must be a non-negative integer (0: libFuzzer chooses)" >&2
  exit 2
fi
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [SECONDS]   (time budget per target, a positive integer; default 60)" >&2
  exit 2
fi

srcdir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="$srcdir/build-fuzz"
artifacts="$builddir/artifacts"
logs="$builddir/logs"
fuzzdir="$srcdir/tests/fuzz"
targets=(loader rich-text search bookmarks)

if ! command -v clang >/dev/null 2>&1; then
  echo "fuzz.sh: clang not found; install clang-14 and libclang-rt-14-dev (libFuzzer)" >&2
  exit 2
fi

# ASan prints raw addresses unless it finds a symbolizer; Debian ships it
# unversioned only with the llvm package, so look in LLVM's own directory too.
if [[ -z "${ASAN_SYMBOLIZER_PATH:-}" ]] && ! command -v llvm-symbolizer >/dev/null 2>&1; then
  for candidate in /usr/lib/llvm-*/bin/llvm-symbolizer; do
    if [[ -x "$candidate" ]]; then
      export ASAN_SYMBOLIZER_PATH="$candidate"
      break
    fi
  done
fi

cd "$srcdir"

if [[ -f "$builddir/meson-private/coredata.dat" ]]; then
  echo "fuzz.sh: reusing $builddir"
  # Options can be corrected in place; the compiler and CFLAGS cannot.
  meson configure "$builddir" -Dgui=disabled -Dfuzzing=true
else
  CC=clang \
  CFLAGS='-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer' \
    meson setup "$builddir" -Dgui=disabled -Dfuzzing=true
fi

build_targets=()
for target in "${targets[@]}"; do
  build_targets+=("tests/fuzz/fuzz-$target")
done
ninja -C "$builddir" "${build_targets[@]}"

mkdir -p "$artifacts" "$logs"
workdir="$(mktemp -d "${TMPDIR:-/tmp}/charter-fuzz.XXXXXX")"
trap 'rm -rf "$workdir"' EXIT

# GLib's slice allocator would hide leaks and overflows inside its magazines.
export G_SLICE=always-malloc
# UBSan only logs by default; a fuzz run must stop on the first report so that
# libFuzzer saves the input.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

# The report starts at the sanitizer's or libFuzzer's first error line.
print_report () {
  local pattern='^==[0-9]+==|runtime error:|invariant violated|-CRITICAL \*\*|ERROR: libFuzzer'

  if grep -qE "$pattern" "$1"; then
    # head closes the pipe early on a long report; that is not a failure.
    sed -n -E "/$pattern/,\$p" "$1" | grep -vE '^(#[0-9]+|")' | head -n 300 || true
  else
    tail -n 100 "$1"
  fi
}

failed=()
for target in "${targets[@]}"; do
  binary="$builddir/tests/fuzz/fuzz-$target"
  corpus="$workdir/corpus-$target"
  log="$logs/fuzz-$target.log"

  cp -R "$fuzzdir/corpus/$target" "$corpus"

  echo
  echo "=== fuzz-$target: ${seconds}s, $(find "$corpus" -type f | wc -l) seeds," \
    "random seed ${seed/#0/chosen by libFuzzer}, log in $log"

  dict="$fuzzdir/json.dict"
  if [[ -f "$fuzzdir/$target.dict" ]]; then
    dict="$fuzzdir/$target.dict"
  fi

  status=0
  "$binary" \
    -dict="$dict" \
    -max_len=65536 \
    -rss_limit_mb=2048 \
    -timeout=10 \
    -max_total_time="$seconds" \
    -seed="$seed" \
    -print_final_stats=1 \
    -artifact_prefix="$artifacts/fuzz-$target-" \
    "$corpus" >"$log" 2>&1 || status=$?

  if [[ $status -eq 0 ]]; then
    grep -E '^(#[0-9]+[[:space:]]+DONE|Done [0-9]+ runs|stat::)' "$log" || tail -n 20 "$log"
    echo "=== fuzz-$target: no crash ($(find "$corpus" -type f | wc -l) inputs in the final corpus)"
    continue
  fi

  failed+=("fuzz-$target")
  echo "=== fuzz-$target: FAILED (exit status $status)"
  print_report "$log"
  artifact="$(sed -n -E 's/.*Test unit written to (.*)$/\1/p' "$log" | tail -n 1)"
  if [[ -n "$artifact" ]]; then
    echo "=== fuzz-$target: input kept in $artifact"
    echo "=== reproduce: G_SLICE=always-malloc $binary $artifact"
    # While fuzzing, ASan records allocation stacks with the fast unwinder,
    # which stops at the first frame of a library built without frame
    # pointers (GLib, json-glib): a leak report then names only g_malloc.
    # Replaying the one input with the slow unwinder gives the whole stack.
    if [[ "$(basename "$artifact")" == *leak-* ]]; then
      echo "=== fuzz-$target: replaying the leak with full allocation stacks"
      ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0" \
        "$binary" "$artifact" >"$log.replay" 2>&1 || true
      print_report "$log.replay"
    fi
  else
    echo "=== fuzz-$target: libFuzzer wrote no artifact; see $log"
  fi
done

echo
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz.sh: ${failed[*]} failed; inputs and logs are in $artifacts and $logs" >&2
  exit 1
fi
echo "fuzz.sh: all targets ran ${seconds}s without a crash"
