#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates api/segnn-core.api and api/segnn-djl.api, the checked-in listings of the public API
# that ApiListingTest compares against. Run it after an intended API change, then describe the
# change in CHANGELOG.md under [Unreleased] and commit both (docs/RELEASING.md).
#   scripts/update-api-listing.sh [extra Maven arguments, e.g. -o]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Dai.djl.offline=true "$@" -pl segnn-djl -am test -Dtest=ApiListingTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dsegnn.api.update=true
git diff --stat -- api/ 2>/dev/null || true
echo "api/: regenerated; add a CHANGELOG.md entry for any change listed above."
