#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Side-by-side CPU timing of the QM9-size SEGNN training step (the paper's QM9 model: hidden 128
# weight-balanced to 36x0e+36x1o+36x2e, lmax_h 2, lmax_attr 3, 7 layers, instance norm, average
# pooling; forward, L1/MSE loss, backward, Adam) of this project and of the official PyTorch code,
# alternating, in the same minutes (the machine is shared: compare within one run).
#
#   OFFICIAL_QM9="python path/to/qm9_step.py" bash scripts/qm9-vs-official.sh [ROUNDS]
#
# OFFICIAL_QM9 is a command that times one training step of the official QM9 model (not part of
# this repository: the official repository's models/segnn run from a scratch folder). It must accept
# --threads N --warmup W --steps S and print one line starting with '| official' whose third cell is
# "median X ms" and whose last cell is "peak RSS Y MB". Its default batch must be the bench's
# (`Qm9LikeBatch.create(m, 128, 18, 2.0, new Random(5))`: 128 tree-shaped molecules of 18 atoms,
# radius 2 A, 18,742 edges), rebuilt bit for bit from java.util.Random(5), so that both sides time
# the same molecules.
#
# Each round runs, for each thread setting of QM9_THREADS (default "2 1 2p"), official, ours (and base,
# see BASELINE); the order of the sides flips every other round, so that neither always runs first.
# A setting "Kp" is ours only: the batch in K parallel parts of one libtorch thread each, as
# `qm9 train` runs it on a K-core CPU by default (`bench --parts K --threads 1`); a baseline without
# that bench row skips it. Ours run through ./segnn bench with
# its JVM and malloc settings. Every run is a fresh process, so each peak RSS is that setting's own.
# At the end: per side and thread setting the median over rounds of the per-run medians, the fastest
# setting of each side, the speed ratio (official / ours) and the memory ratio (ours / official, peak
# RSS of each side's fastest setting), and the same for the median process CPU time per step (all
# threads; time spent waiting for a core is not counted, so on a loaded machine the 1-thread CPU
# ratio is the steadier figure: with 2 threads an oversubscribed OpenMP team also counts its spinning). Then, unless QM9_LAYER_STATS=0, one more run of ours prints the
# NDArrays made and the MB kept for the backward pass by one layer's forward pass and by the model's
# (`bench --layer-stats`, with MALLOC_MMAP_THRESHOLD_=65536 so that freed arrays leave the resident set).
#   BASELINE=DIR adds a third side, "base": the same bench run through DIR/segnn (another checkout
# of this project, e.g. the previous main), after ours in every round, so that a change is measured
# against both in the same minutes.
#   QM9_WARMUP (default 3) and QM9_STEPS (default 3): untimed and timed steps per run. The official
# step needs 3 warm-up steps: its resident memory grows over its first three steps and those take
# 1.5-2.5x its later steps, so a shorter warm-up times the official code's start, not its step.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
: "${OFFICIAL_QM9:?set OFFICIAL_QM9 to the command that times the official QM9 step (qm9_step.py)}"
warmup="${QM9_WARMUP:-3}"
steps="${QM9_STEPS:-3}"
results="$(mktemp)"
trap 'rm -f "$results"' EXIT

# one run: appends "side threads median_ms peak_rss_mb cpu_ms" to $results
run_one() {
  local side="$1" threads="$2" line
  echo "=== round $round: $side, $threads thread(s), $(uptime | sed 's/.*load/load/')"
  if [ "${threads%p}" != "$threads" ]; then
    local dir="$root"
    [ "$side" = base ] && dir="$BASELINE"
    line="$("$dir/segnn" bench --only "qm9 train step, ${threads%p} parallel parts" --parts "${threads%p}" --threads 1 \
        --warmup "$warmup" --repeats "$steps" 2>&1 | grep -E '^\| SEGNN qm9' | tail -1 || true)"
    if [ -z "$line" ] && [ "$side" = base ]; then
      echo "base has no parallel-parts QM9 row: skipped"
      return 0
    fi
  elif [ "$side" = official ]; then
    line="$($OFFICIAL_QM9 --threads "$threads" --warmup "$warmup" --steps "$steps" 2>&1 | grep -E '^\| official' | tail -1)"
  else
    local dir="$root"
    [ "$side" = base ] && dir="$BASELINE"
    line="$("$dir/segnn" bench --only "qm9 train step (B" --threads "$threads" --warmup "$warmup" --repeats "$steps" 2>&1 \
        | grep -E '^\| SEGNN qm9' | tail -1)"
  fi
  if [ -z "$line" ]; then
    echo "qm9-vs-official: the $side run with $threads thread(s) printed no result line" >&2
    exit 1
  fi
  echo "$line"
  # median: the first number of the third cell (ms); CPU: of the fifth; peak RSS: of the last (MB)
  awk -F'|' -v side="$side" -v t="$threads" '{
      split($3, a, " "); m = (a[1] == "median") ? a[2] : a[1];
      split($5, c, " "); u = (c[1] == "CPU") ? c[2] : c[1];
      n = split($(NF-1), b, " "); r = (b[1] == "peak") ? b[3] : b[1];
      print side, t, m, r, u }' <<< "$line" >> "$results"
}

uptime
for round in $(seq 1 "$rounds"); do
  order=""
  for t in ${QM9_THREADS:-2 1 2p}; do
    if [ "${t%p}" != "$t" ]; then
      order="$order ours:$t${BASELINE:+ base:$t}"
    elif [ $((round % 2)) = 1 ]; then
      order="$order official:$t ours:$t${BASELINE:+ base:$t}"
    else
      order="$order ours:$t${BASELINE:+ base:$t} official:$t"
    fi
  done
  for run in $order; do
    run_one "${run%%:*}" "${run##*:}"
  done
done
uptime

if [ "${QM9_LAYER_STATS:-1}" != 0 ]; then
  echo "=== ours: NDArrays and bytes kept for the backward pass (one untimed-quality step, then the forward passes)"
  MALLOC_MMAP_THRESHOLD_=65536 "$root/segnn" bench --only "qm9 train" --threads 2 --warmup 0 --repeats 1 --layer-stats 2>&1 \
      | grep -E '^\| (qm9 forward|one layer|model forward)'
fi

echo "=== summary: median over $rounds round(s) of the per-run medians (ms) and of the peak RSS (MB)"
awk '
  function median(list,   n, v, i, j, t) {
    n = split(list, v, " ");
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  { key = $1 " " $2; ms[key] = ms[key] " " $3; rss[key] = rss[key] " " $4; cpu[key] = cpu[key] " " $5 }
  END {
    for (key in ms) {
      split(key, k, " "); m = median(ms[key]); r = median(rss[key]); u = median(cpu[key]); cpuMed[key] = u;
      printf "| %-8s | %-4s thread(s) | step %9.1f ms (runs:%s) | CPU %9.1f ms | peak RSS %6.0f MB |\n", k[1], k[2], m,
          ms[key], u, r;
      if (!(k[1] in best) || m < best[k[1]]) { best[k[1]] = m; bestRss[k[1]] = r; bestT[k[1]] = k[2] }
    }
    if (("base" in best) && ("official" in best)) {
      printf "base: %.2fx the official step, %.0f%% of its peak RSS (fastest %.1f ms, %s threads, %.0f MB)\n",
          best["official"] / best["base"], 100 * bestRss["base"] / bestRss["official"], best["base"], bestT["base"], bestRss["base"];
    }
    for (key in cpuMed) {
      split(key, k, " ");
      if (k[1] == "official") {
        for (s in best) if (s != "official" && ((s " " k[2]) in cpuMed))
          printf "CPU time per step, %s thread(s): %s %.2fx less than the official code\n", k[2], s,
              cpuMed[key] / cpuMed[s " " k[2]];
      }
    }
    if (("ours" in best) && ("official" in best)) {
      printf "fastest: official %.1f ms (%s threads, %.0f MB), ours %.1f ms (%s threads, %.0f MB)\n",
          best["official"], bestT["official"], bestRss["official"], best["ours"], bestT["ours"], bestRss["ours"];
      printf "speed: ours %.2fx the official step; memory: ours %.0f%% of the official peak RSS\n",
          best["official"] / best["ours"], 100 * bestRss["ours"] / bestRss["official"];
    }
  }' "$results" | sort
