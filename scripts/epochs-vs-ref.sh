#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Side by side: the N-body training epoch of this working tree against another commit (default main).
# Builds both (the other in a temporary git worktree), then alternates `nbody train` runs of both,
# ROUNDS rounds (default 4), each run EPOCHS epochs (default 3) without evaluation, on the same data,
# with the launcher's JVM and malloc settings; prints every epoch's seconds and the process CPU
# seconds, then the medians and their ratio.
#   usage: scripts/epochs-vs-ref.sh [REF] [DATA_DIR]     (DATA_DIR default data/nbody)
#   THIS_JAVA_OPTS: extra JVM options for this tree's runs only (e.g. -Dsegnn.graphChecks=false)
#   THIS_ARGS: extra `nbody train` options for this tree's runs only (e.g. --checkpoint-every 1000)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ref="${1:-main}"
data="${2:-$root/data/nbody}"
rounds="${ROUNDS:-4}"
epochs="${EPOCHS:-3}"
work="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$work/ref" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add --detach "$work/ref" "$ref" >/dev/null
build() { # $1 tree, $2 name: copies the jars so that later builds do not change them
  mvn -q -B -f "$1/pom.xml" -Dmaven.test.skip=true package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime -pl segnn-examples -am >&2
  mkdir -p "$work/$2"
  for j in "$1"/segnn-{core,djl,examples}/target/segnn-*.jar; do
    case "$j" in *-sources.jar|*-javadoc.jar) ;; *) cp "$j" "$work/$2/" ;; esac
  done
  tr ':' '\n' < "$1/segnn-examples/target/classpath.txt" | grep -v '/segnn-[a-z]*/target/' | paste -sd: \
      > "$work/$2/deps.txt"
}
build "$root" this
build "$work/ref" ref
[ -d "$data" ] || { echo "no data in $data: run ./segnn nbody train once first" >&2; exit 2; }
export MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=67108864
run() { # $1 name, $2 round
  local out="$work/run-$1-$2"
  local cp; cp="$(ls "$work/$1"/*.jar | paste -sd:):$(cat "$work/$1/deps.txt")"
  local opts=() args=()
  [ "$1" = this ] && [ -n "${THIS_JAVA_OPTS:-}" ] && read -r -a opts <<< "$THIS_JAVA_OPTS"
  [ "$1" = this ] && [ -n "${THIS_ARGS:-}" ] && read -r -a args <<< "$THIS_ARGS"
  /usr/bin/time -f "%U %S" -o "$out.cpu" java "${opts[@]}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
      -Dai.djl.offline=true -cp "$cp" io.github.segnn.examples.cli.SegnnCli nbody train --data "$data" \
      --out "$out" --epochs "$epochs" --eval-every 100000 "${args[@]}" > "$out.log" 2>&1
  echo "$1 round $2: epochs $(tail -n +2 "$out/metrics.csv" | cut -d, -f5 | paste -sd' ') s," \
      "cpu $(awk '{print $1 + $2}' "$out.cpu") s"
}
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then run ref "$r"; run this "$r"; else run this "$r"; run ref "$r"; fi
done
python3 - "$work" <<'PY'
import glob, statistics, sys
w = sys.argv[1]
med = {}
for name in ("ref", "this"):
    secs = [float(l.split(",")[4]) for f in glob.glob(f"{w}/run-{name}-*/metrics.csv")
            for l in open(f).read().split("\n")[1:] if l]
    med[name] = statistics.median(secs)
    print(f"{name}: epoch median {med[name]:.3f} s over {len(secs)} epochs")
print(f"this / ref: {med['this'] / med['ref']:.3f}")
PY
