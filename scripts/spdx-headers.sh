#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Puts the license identifier at the top of every source file of the repository, once:
#   Java sources:  "// SPDX-License-Identifier: Apache-2.0" as the first line;
#   scripts (*.sh, *.py, and any file starting with #!): "# SPDX-License-Identifier: Apache-2.0"
#   as the first line, or right after the #! line.
# Files git ignores (build output, data, runs) are left alone. Running it again changes nothing.
# SpdxHeadersTest (segnn-core) fails when a file lacks the line.
#   scripts/spdx-headers.sh [--check]   (--check: list the files without the line, change nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
[ "${1:-}" = "--check" ] && check=1
id="SPDX-License-Identifier: Apache-2.0"
missing=0
changed=0
while IFS= read -r -d '' file; do
  [ -f "$file" ] || continue
  case "$file" in
    *.java) comment="//" ;;
    *.sh|*.py) comment="#" ;;
    *) [ "$(head -c 2 "$file" | tr -d '\0')" = '#!' ] || continue; comment="#" ;;
  esac
  first="$(head -n 1 "$file")"
  line="$comment $id"
  case "$first" in
    '#!'*) at=2; [ "$(sed -n 2p "$file")" = "$line" ] && continue ;;
    *) at=1; [ "$first" = "$line" ] && continue ;;
  esac
  missing=$((missing + 1))
  if [ "$check" = 1 ]; then
    echo "missing: $file"
    continue
  fi
  tmp="$(mktemp "$file.spdx.XXXXXX")"
  if [ "$at" = 1 ]; then
    { printf '%s\n' "$line"; cat "$file"; } > "$tmp"
  else
    { head -n 1 "$file"; printf '%s\n' "$line"; tail -n +2 "$file"; } > "$tmp"
  fi
  chmod --reference="$file" "$tmp"
  mv "$tmp" "$file"
  changed=$((changed + 1))
done < <(git ls-files -z --cached --others --exclude-standard)
if [ "$check" = 1 ]; then
  echo "spdx-headers: $missing file(s) without the identifier"
  [ "$missing" = 0 ]
else
  echo "spdx-headers: added the identifier to $changed file(s)"
fi
