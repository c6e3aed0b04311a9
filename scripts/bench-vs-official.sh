#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Side-by-side CPU timing of SEGNN_G+P N-body training: this project's bench rows and the official
# PyTorch code, alternating, in the same minutes (the machine is shared: compare within one run).
#
#   OFFICIAL="python path/to/time_official.py" bash scripts/bench-vs-official.sh [ROUNDS]
#
# OFFICIAL is a command that times the official code (not part of this repository: the official
# repository's model, data set and training loop, run from a scratch folder; it must accept
# --threads N --steps S --warmup W and print its own table). Each round runs: official 1 thread,
# ours 1 thread (with the row of 2 parallel parts, one libtorch thread each), ours 2 threads, official
# 2 threads, then four real epochs of ours in the default setting (--parallel-parts auto: two parts of
# one libtorch thread each on 2 cores; the first epoch includes the JVM warm-up), so that both sides'
# real epochs come from every round. At the end three real epochs of ours on whole batches with 2
# libtorch threads and with 1. Ours run through ./segnn, with its JVM and malloc settings.
# Our rows warm up for 20 steps: the JVM compiles its hot paths over the first steps (a real run
# reaches that state in its first epoch), while the Python harness needs no such warm-up.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-2}"
: "${OFFICIAL:?set OFFICIAL to the command that times the official code}"
data="${NBODY_DATA:-$root/../shared/data/nbody-seed43}"
uptime
for round in $(seq 1 "$rounds"); do
  for run in "official 1" "ours 1" "ours 2" "official 2"; do
    set -- $run
    echo "=== round $round: $1, $2 thread(s)"
    if [ "$1" = official ]; then
      $OFFICIAL --threads "$2" --steps 30 --warmup 3 2>&1 | grep -E '^\|'
    else
      "$root/segnn" bench --only "SEGNN nbody" --repeats 20 --warmup 20 --threads "$2" 2>&1 | grep '^|'
    fi
  done
  echo "=== round $round: ours, 4 real epochs with one evaluation, default settings (parallel parts auto)"
  out="$(mktemp -d)"
  "$root/segnn" nbody train --data "$data" --epochs 4 --eval-every 4 --out "$out" 2>&1 \
      | grep -E 'parallel parts|trained|test_mse'
  # metrics.csv's last column is the training time of each epoch (3000 samples), evaluation excluded
  echo "epoch seconds: $(tail -n +2 "$out/metrics.csv" | cut -d, -f5 | tr '\n' ' ')"
done
for threads in 2 1; do
  echo "=== ours: 3 real epochs with one evaluation, whole batches, $threads libtorch thread(s)"
  out="$(mktemp -d)"
  SEGNN_JAVA_OPTS="-Dai.djl.pytorch.num_threads=$threads ${SEGNN_JAVA_OPTS:-}" "$root/segnn" nbody train \
      --data "$data" --epochs 3 --eval-every 3 --parallel-parts 1 --out "$out" 2>&1 | grep -E 'trained|test_mse|train_loss'
  echo "epoch seconds: $(tail -n +2 "$out/metrics.csv" | cut -d, -f5 | tr '\n' ' ')"
done
uptime
