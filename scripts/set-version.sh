#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Sets the project's version everywhere it is written: segnn-bom's own version, the <parent>
# version of every other POM, and the version the consumer project imports.
#   scripts/set-version.sh 0.2.0-SNAPSHOT
set -euo pipefail
cd "$(dirname "$0")/.."
new="${1:-}"
if ! [[ "$new" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]]; then
  echo "scripts/set-version.sh: give a version such as 0.2.0 or 0.2.0-SNAPSHOT, got '$new'" >&2
  exit 2
fi
# segnn-bom: the project's own <version>, the first one at two spaces' indent.
sed -i "0,/^  <version>.*<\/version>/s||  <version>$new</version>|" segnn-bom/pom.xml
# Every other module (the parent included): the version inside <parent>.
for pom in pom.xml */pom.xml; do
  case "$pom" in segnn-bom/pom.xml|consumer/pom.xml) continue ;; esac
  grep -q '<artifactId>segnn-' "$pom" || continue
  sed -i "/<parent>/,/<\/parent>/s|<version>.*</version>|<version>$new</version>|" "$pom"
done
sed -i "s|<segnn.version>.*</segnn.version>|<segnn.version>$new</segnn.version>|" consumer/pom.xml
grep -n "<version>$new</version>\|<segnn.version>" pom.xml */pom.xml
