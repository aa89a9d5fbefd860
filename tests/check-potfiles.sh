#!/usr/bin/env bash
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, or when POTFILES.in names a file that does not exist.
set -euo pipefail
srcdir="${1:-$(dirname "$0")/..}"
cd "$srcdir"

status=0
listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort)

while read -r file; do
  if [[ ! -f "$file" ]]; then
    echo "po/POTFILES.in names $file, which does not exist"
    status=1
  fi
done <<< "$listed"

found=$( (grep -l -E '(^|[^A-Za-z_])N?_\(' src/*.c 2>/dev/null || true
          grep -l 'translatable="yes"' ui/*.ui ui/gtk/*.ui 2>/dev/null || true) | sort)
for file in $found; do
  if ! grep -qx "$file" <<< "$listed"; then
    echo "$file has translatable strings but is not in po/POTFILES.in"
    status=1
  fi
done

[[ $status -eq 0 ]] && echo "po/POTFILES.in lists every file with translatable strings"
exit $status
