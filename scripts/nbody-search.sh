#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# One configuration of a training-recipe search (issue 20), on the validation set only:
#   scripts/nbody-search.sh NAME [nbody train options...]
# trains `./segnn nbody train --validation-only --out runs/search/NAME OPTIONS` (continuing it with
# --resume when that folder already holds a checkpoint, e.g. after an interruption, or with a raised
# --epochs for the step schedule), keeps its console output in runs/search/NAME.log, and appends one
# row to runs/search/search.tsv:
#   name  options  epochs  best_epoch  best_valid_mse  seconds  finished_utc  commit
# (epochs: epochs trained so far, fewer than asked after an early stop; seconds: wall-clock seconds
# of this invocation). The test set is never evaluated. A failed run appends no row and exits with
# the trainer's status.
#   SEARCH_DIR  folder of the runs, the logs and the table (default runs/search)
#   SEARCH_TSV  the table (default $SEARCH_DIR/search.tsv)
#   SEGNN       the launcher (default ./segnn of this checkout)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ $# -lt 1 ] || [ -z "$1" ] || [ "${1#-}" != "$1" ]; then
  echo "usage: scripts/nbody-search.sh NAME [nbody train options...]  (NAME first, then the options)" >&2
  exit 2
fi
name="$1"
shift
case "$name" in
  */*|.|..|*[[:space:]]*) echo "nbody-search: NAME '$name' must be a plain folder name (no '/', no spaces)" >&2; exit 2 ;;
esac
for a in "$@"; do
  case "$a" in
    --out|--out=*) echo "nbody-search: leave --out out, the run goes to \$SEARCH_DIR/$name" >&2; exit 2 ;;
    --validation-only|--resume) echo "nbody-search: leave $a out, the script adds it" >&2; exit 2 ;;
  esac
done
dir="${SEARCH_DIR:-runs/search}"
tsv="${SEARCH_TSV:-$dir/search.tsv}"
segnn="${SEGNN:-$root/segnn}"
out="$dir/$name"
log="$dir/$name.log"
mkdir -p "$dir"
resume=()
if compgen -G "$out/checkpoint-[0-9][0-9][0-9][0-9][0-9][0-9]" > /dev/null; then
  resume=(--resume)
  echo "nbody-search: $out holds a checkpoint: continuing it with --resume" >&2
fi
start=$SECONDS
set +e
"$segnn" nbody train --validation-only --out "$out" "${resume[@]}" "$@" 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "nbody-search: the run failed (status $status); no row appended, see $log" >&2
  exit "$status"
fi
seconds=$((SECONDS - start))
best="$(grep -E '^best_valid_mse=[^ ]+ epoch=[0-9]+$' "$log" | tail -n 1)"
if [ -z "$best" ]; then
  echo "nbody-search: no best_valid_mse line in $log; no row appended" >&2
  exit 1
fi
mse="${best#best_valid_mse=}"
mse="${mse%% *}"
epoch="${best##*epoch=}"
epochs="$(tail -n +2 "$out/metrics.csv" | grep -c . || true)"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
options="$*"
options="${options//$'\t'/ }"
if [ ! -s "$tsv" ]; then
  printf 'name\toptions\tepochs\tbest_epoch\tbest_valid_mse\tseconds\tfinished_utc\tcommit\n' > "$tsv"
fi
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$options" "$epochs" "$epoch" "$mse" "$seconds" \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$commit" >> "$tsv"
echo "nbody-search: $name: best_valid_mse=$mse at epoch $epoch of $epochs ($seconds s); row appended to $tsv"
