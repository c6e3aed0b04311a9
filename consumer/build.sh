#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds and tests the consumer project offline against a staged release, as a user's machine would
# see it: a fresh local repository; the io.github.segnn artifacts only from the staging repository
# (what `mvn -Prelease deploy` wrote); everything else (DJL, PyTorch, slf4j, JUnit, Maven plugins)
# from this machine's Maven cache, read as a file repository without the io.github.segnn artifacts,
# so a missing or broken staged artifact fails the build instead of being found in the cache.
#   consumer/build.sh STAGING_DIR [extra Maven arguments]
#   MAVEN_CACHE  the machine's Maven cache to read from (default ~/.m2/repository)
# Maven's offline mode (-o) refuses every remote repository, file:// ones too, unless the resolver
# is told that file is an offline protocol (-Daether.offline.protocols=file, Maven 3.8).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  echo "consumer/build.sh: give the staging repository folder (from mvn -Prelease deploy), got '${1:-}'" >&2
  exit 2
fi
staging="$(cd "$1" && pwd)"
shift
cache="${MAVEN_CACHE:-$HOME/.m2/repository}"
work="$here/target/isolated"
rm -rf "$work"
mkdir -p "$work/local" "$work/cache/io/github"
# The cache without io/github/segnn: links to everything else.
for entry in "$cache"/*; do
  [ "$(basename "$entry")" = io ] || ln -s "$entry" "$work/cache/"
done
for entry in "$cache"/io/*; do
  [ "$(basename "$entry")" = github ] || ln -s "$entry" "$work/cache/io/"
done
for entry in "$cache"/io/github/*; do
  [ "$(basename "$entry")" = segnn ] || ln -s "$entry" "$work/cache/io/github/"
done
cat > "$work/settings.xml" <<XML
<settings>
  <mirrors>
    <mirror>
      <id>machine-cache</id>
      <mirrorOf>central</mirrorOf>
      <url>file://$work/cache</url>
    </mirror>
  </mirrors>
  <profiles>
    <profile>
      <id>staged-release</id>
      <repositories>
        <repository>
          <id>segnn-staging</id>
          <url>file://$staging</url>
        </repository>
      </repositories>
    </profile>
  </profiles>
  <activeProfiles>
    <activeProfile>staged-release</activeProfile>
  </activeProfiles>
</settings>
XML
# The version under test: the BOM's own (the first <version> of segnn-bom/pom.xml).
version="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$root/segnn-bom/pom.xml" | head -1)"
mvn -B -o -Daether.offline.protocols=file -s "$work/settings.xml" -Dmaven.repo.local="$work/local" \
    -Dsegnn.version="$version" -f "$here/pom.xml" "$@" test
