#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Run the project's GPU checks on a machine with Python + PyTorch (CUDA), from a copy of the working
# tree plus gpu-bundle/ (prepared beforehand, see docs/GPU.md). Needs no network, Maven or system Java.
#
#   bash scripts/gpu-check.sh [--cpu-dry-run] [--python PY] [--budget SECONDS] OUTDIR
#
# Steps (each with its own timeout; a failing step does not stop the others):
#   env    GPU (nvidia-smi), Python torch, Java, the JNI that will be used
#   smoke  GpuSmoke on gpu0: engine version, libtorch path, matmul/gather/exp/sparse COO/autograd on
#          the GPU, plus the checks that need symbols the prebuilt JNI lacks, each in its own JVM
#   junit  segnn-djl's tests through the JUnit console launcher with -Dsegnn.test.device=gpu0
#   bench  `SegnnCli bench --device gpu0` and `--device cpu`, if that class and subcommand exist
#   train  `SegnnCli nbody train --device gpu0`, if it exists
#   python the official Python SEGNN, if SEGNN_PY_CMD is set (runs before bench and train)
#   extra  the prebuilt DJL cu121 JNI (with a
#          libnvToolsExt.so.1 stub built here) to record how it fails against this torch
# OUTDIR receives at most 8 files (the device tool returns no more): summary.txt, env.log,
# smoke.log, junit.log, bench.log, train.log, extra.log, reports.tgz (JUnit reports, crash logs and
# any training runs written under gpu-bundle/runs/).
#
# --cpu-dry-run: the same flow on a machine without a GPU, device cpu, PYTORCH_FLAVOR=cpu; PY must
# have torch of the bundle's version installed (the full CUDA wheel loads fine without a GPU).
#
# Environment knobs: SEGNN_BENCH_ARGS (extra args for bench), SEGNN_BENCH_CPU=0 (skip the CPU bench),
# SEGNN_TRAIN_ARGS (replace the train args; several runs separated by ';'), SEGNN_TRAIN_TIMEOUT
# (seconds per run, default 120), SEGNN_TRAIN_PARALLEL=1 (the runs at once, sharing the GPU),
# SEGNN_PY_BACKGROUND (with it: a shell command run beside them, e.g. the official code's long
# run), SEGNN_SKIP (comma list of steps to skip: smoke, junit, bench, train, probe),
# SEGNN_JUNIT_SELECT (JUnit console selectors instead of the whole classpath, e.g.
# "--select-class io.github.segnn.djl.ops.TensorProductKernelTest"), SEGNN_PY_CMD (shell command
# timing the Python SEGNN), GPU_CHECK_BUDGET_S (default 480).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUNDLE="${GPU_BUNDLE:-$ROOT/gpu-bundle}"
DRY=0 PY="${PYTHON:-python3}" BUDGET="${GPU_CHECK_BUDGET_S:-480}" OUTDIR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu-dry-run) DRY=1; shift ;;
    --python) PY="$2"; shift 2 ;;
    --budget) BUDGET="$2"; shift 2 ;;
    -h|--help) sed -n '2,31p' "$0"; exit 0 ;;
    *) OUTDIR="$1"; shift ;;
  esac
done
[ -n "$OUTDIR" ] || { echo "usage: $0 [--cpu-dry-run] [--python PY] OUTDIR" >&2; exit 2; }
mkdir -p "$OUTDIR"; OUTDIR="$(cd "$OUTDIR" && pwd)"
START=$(date +%s); DEADLINE=$((START + BUDGET))
WORK="$(mktemp -d "${TMPDIR:-/tmp}/segnn-gpu-check.XXXXXX")"
SUMMARY="$OUTDIR/summary.txt"; : > "$SUMMARY"
for f in env smoke junit bench train extra; do : > "$OUTDIR/$f.log"; done

skipped() { case ",${SEGNN_SKIP:-}," in *",$1,"*) summary "SKIP    $1 (SEGNN_SKIP)"; return 0 ;; esac; return 1; }
say() { echo "[gpu-check +$(( $(date +%s) - START ))s] $*"; }
summary() { echo "$*" | tee -a "$SUMMARY"; }

# run_step NAME LOGFILE TIMEOUT cmd...   -> appends to LOGFILE, records rc and time in the summary
run_step() {
  local name="$1" logf="$2" want="$3"; shift 3
  local left=$((DEADLINE - $(date +%s) - 5)) t rc t0
  t=$want; [ "$left" -lt "$t" ] && t=$left
  if [ "$t" -lt 10 ]; then summary "$(printf '%-7s %s (budget spent)' SKIP "$name")"; return 0; fi
  t0=$(date +%s)
  { echo; echo "===== $name (timeout ${t}s): $*"; } >> "$logf"
  # through bash -c so that exported shell functions (java_run, cli) can be timed out too
  timeout -k 5 "$t" bash -c '"$@"' "$name" "$@" >> "$logf" 2>&1; rc=$?
  local dt=$(( $(date +%s) - t0 )) verdict=PASS
  [ "$rc" -ne 0 ] && verdict=FAIL
  [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && verdict=TIMEOUT
  summary "$(printf '%-7s %-34s rc=%-3s %4ss' "$verdict" "$name" "$rc" "$dt")"
  return "$rc"
}

say "bundle $BUNDLE, work $WORK, budget ${BUDGET}s, dry-run=$DRY"
[ -d "$BUNDLE/lib" ] || { summary "FAIL    no $BUNDLE (run scripts/gpu-prepare.sh and carry gpu-bundle)"; exit 3; }

# ---------------------------------------------------------------- environment
ENVLOG="$OUTDIR/env.log"
{
  echo "date: $(date -u)"; echo "host: $(uname -a)"
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>&1
  else echo "nvidia-smi: not found"; fi
} >> "$ENVLOG" 2>&1
GPU_NAME="$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)"

# Python torch: where its libs are, its version and CUDA version
read -r TORCH_DIR TORCH_VER TORCH_CUDA < <("$PY" - <<'EOF' 2>>"$ENVLOG"
import os, warnings
warnings.filterwarnings("ignore")
import torch
print(os.path.dirname(torch.__file__), torch.__version__, torch.version.cuda or "none")
EOF
) || true
if [ -z "${TORCH_DIR:-}" ] || [ ! -f "$TORCH_DIR/lib/libtorch.so" ]; then
  summary "FAIL    python torch not found with $PY"; cp "$ENVLOG" "$OUTDIR/env.log" 2>/dev/null; exit 3
fi
TORCH_LIB="$TORCH_DIR/lib"
SITE="$(dirname "$TORCH_DIR")"
TORCH_BASE_VER="${TORCH_VER%%+*}"
echo "python: $("$PY" -c 'import sys;print(sys.executable, sys.version.split()[0])')" >> "$ENVLOG"
echo "torch: $TORCH_VER (cuda $TORCH_CUDA) at $TORCH_DIR" >> "$ENVLOG"

if [ "$DRY" = 1 ]; then
  DEVICE=cpu FLAVOR=cpu
else
  DEVICE=gpu0
  FLAVOR="cu$(echo "$TORCH_CUDA" | tr -d .)"; [ "$TORCH_CUDA" = none ] && FLAVOR=cpu
fi

# CUDA libraries of the pip packages (nvidia-*), the driver, and a folder for the nvtx stub
NV_LIBS="$(find "$SITE/nvidia" -maxdepth 3 -type d -name lib 2>/dev/null | sort | paste -sd: -)"
CUDART_DIR="$(dirname "$(find "$SITE/nvidia" -maxdepth 4 -name 'libcudart.so*' 2>/dev/null | head -1)" 2>/dev/null)"
STUB_DIR="$WORK/stub"; mkdir -p "$STUB_DIR"
DRIVER_LIBS=""
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
  [ -d "$d" ] && DRIVER_LIBS="$DRIVER_LIBS:$d"
done
JAVA_LD_PATH="$TORCH_LIB${NV_LIBS:+:$NV_LIBS}:$STUB_DIR${DRIVER_LIBS}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# Java: the bundle's runtime, else a system Java 17+
JAVA="$BUNDLE/jre/bin/java"
if [ ! -x "$JAVA" ] && [ -f "$BUNDLE/jre.tgz" ]; then
  tar -xzf "$BUNDLE/jre.tgz" -C "$WORK" && JAVA="$WORK/jre/bin/java"
fi
if ! "$JAVA" -version >/dev/null 2>&1; then
  JAVA="$(command -v java || true)"
  echo "bundle java unusable, system java: ${JAVA:-none}" >> "$ENVLOG"
fi
[ -n "$JAVA" ] || { summary "FAIL    no java"; exit 3; }
"$JAVA" -version >> "$ENVLOG" 2>&1

# The JNI: the bundle must hold a libdjl_torch.so built for this machine's torch (see docs/GPU.md;
# building it is not part of this repository).
JNI_SO="$BUNDLE/jni/libdjl_torch.so"
JNI_TORCH="$(sed -n 's/^torch_version=//p' "$BUNDLE/jni/BUILD-INFO" 2>/dev/null)"
DJL_VER="$(sed -n 's/^djl_version=//p' "$BUNDLE/jni/BUILD-INFO" 2>/dev/null)"; DJL_VER="${DJL_VER:-0.29.0}"
echo "bundle JNI: built for torch $JNI_TORCH (DJL $DJL_VER); machine torch $TORCH_VER" >> "$ENVLOG"
if [ "${JNI_TORCH%%+*}" != "$TORCH_BASE_VER" ]; then
  summary "WARN    JNI built for torch $JNI_TORCH, machine has $TORCH_VER: trying anyway"
fi

# DJL picks the JNI from ENGINE_CACHE_DIR/pytorch/<PYTORCH_VERSION>-<FLAVOR>-linux-x86_64/
# before looking at the pytorch-jni jar (which is not in the bundle).
CACHE_DIR="$WORK/djl-cache"
place_jni() { # place_jni SO VERSION FLAVOR
  local d="$CACHE_DIR/pytorch/$2-$3-linux-x86_64"; mkdir -p "$d"; cp "$1" "$d/$DJL_VER-libdjl_torch.so"
}
place_jni "$JNI_SO" "$TORCH_BASE_VER" "$FLAVOR"
[ "$FLAVOR" != cpu ] && place_jni "$JNI_SO" "$TORCH_BASE_VER" cpu

CP="$BUNDLE/lib/*"
# java_run FLAVOR VERSION [jvm args...] MAIN args...
java_run() {
  local flavor="$1" ver="$2"; shift 2
  env LD_LIBRARY_PATH="$JAVA_LD_PATH" PYTORCH_LIBRARY_PATH="$TORCH_LIB" PYTORCH_VERSION="$ver" \
    PYTORCH_FLAVOR="$flavor" ENGINE_CACHE_DIR="$CACHE_DIR" DJL_CACHE_DIR="$CACHE_DIR" DJL_OFFLINE=true \
    "$JAVA" -Dai.djl.offline=true ${CUDART_DIR:+-Djna.library.path=$CUDART_DIR} \
    -Djava.io.tmpdir="$WORK" -XX:ErrorFile="$WORK/hs_err_%p.log" -Djava.awt.headless=true "$@"
}
export JAVA JAVA_LD_PATH TORCH_LIB CACHE_DIR CUDART_DIR WORK CP
export -f java_run
{ echo "PYTORCH_LIBRARY_PATH=$TORCH_LIB PYTORCH_VERSION=$TORCH_BASE_VER PYTORCH_FLAVOR=$FLAVOR"
  echo "LD_LIBRARY_PATH (java only)=$JAVA_LD_PATH"; echo "jna.library.path=$CUDART_DIR"; } >> "$ENVLOG"
summary "device: ${GPU_NAME:-none} | torch $TORCH_VER | java $("$JAVA" -version 2>&1 | head -1) | test device $DEVICE"

# ---------------------------------------------------------------- (a) smoke
SMOKE="$OUTDIR/smoke.log"
if skipped smoke; then :
elif ! run_step "smoke $DEVICE flavor=$FLAVOR" "$SMOKE" 90 java_run "$FLAVOR" "$TORCH_BASE_VER" \
    -cp "$BUNDLE/tools:$CP" GpuSmoke "$DEVICE"; then
  if [ "$FLAVOR" != cpu ]; then
    # with flavor cpu DJL loads libtorch_cpu + libtorch only; libtorch.so still pulls in libtorch_cuda
    run_step "smoke $DEVICE flavor=cpu" "$SMOKE" 60 java_run cpu "$TORCH_BASE_VER" \
      -cp "$BUNDLE/tools:$CP" GpuSmoke "$DEVICE" && FLAVOR=cpu
  fi
fi
for c in setBuffer manualSeed gelu; do
  skipped smoke >/dev/null && break
  run_step "smoke $DEVICE $c (own JVM)" "$SMOKE" 30 java_run "$FLAVOR" "$TORCH_BASE_VER" \
    -cp "$BUNDLE/tools:$CP" GpuSmoke "$DEVICE" "$c"
done
grep -E '^(engine|libtorch path|gpu count|default device|test device) *:|^CHECK|^SUMMARY' "$SMOKE" \
  | awk '/^CHECK/ || !seen[$0]++' | sed 's/^/    /' | tee -a "$SUMMARY"

# ---------------------------------------------------------------- (b) JUnit, segnn-djl
JUNIT="$OUTDIR/junit.log"
if ! skipped junit; then
  read -r -a selectors <<< "${SEGNN_JUNIT_SELECT:---scan-classpath $BUNDLE/test-classes/segnn-djl}"
  run_step "junit segnn-djl (segnn.test.device=$DEVICE)" "$JUNIT" 200 java_run "$FLAVOR" "$TORCH_BASE_VER" \
    -Dsegnn.test.device="$DEVICE" -Dai.djl.pytorch.num_threads="${SEGNN_TEST_THREADS:-4}" \
    -cp "$BUNDLE/test-classes/segnn-djl:$CP:$(ls "$BUNDLE"/junit/junit-platform-console-standalone-*.jar)" \
    org.junit.platform.console.ConsoleLauncher execute --disable-banner --details=tree \
    --disable-ansi-colors --reports-dir="$WORK/junit-reports" "${selectors[@]}"
fi
grep -E 'tests (successful|failed|aborted|skipped|found)' "$JUNIT" | sed 's/^/    /' | tee -a "$SUMMARY"

# ---------------------------------------------------------------- the official Python SEGNN, before the CLI runs
# whose length varies, so that the budget leaves it its time
EXTRA="$OUTDIR/extra.log"
if [ -n "${SEGNN_PY_CMD:-}" ]; then
  run_step "python SEGNN: $SEGNN_PY_CMD" "$EXTRA" 120 bash -c "$SEGNN_PY_CMD"
else
  summary "SKIP    python SEGNN (set SEGNN_PY_CMD to time the official implementation)"
fi

# ---------------------------------------------------------------- (c), (d) the CLI
CLI=io.github.segnn.examples.cli.SegnnCli
has_class() { "$PY" - "$1" "$BUNDLE"/lib/*.jar <<'EOF'
import sys, zipfile
name = sys.argv[1].replace('.', '/') + '.class'
sys.exit(0 if any(name in zipfile.ZipFile(j).namelist() for j in sys.argv[2:]) else 1)
EOF
}
cli() { java_run "$FLAVOR" "$TORCH_BASE_VER" -cp "$CP" "$CLI" "$@"; }
export FLAVOR TORCH_BASE_VER CLI
export -f cli
BENCH="$OUTDIR/bench.log" TRAIN="$OUTDIR/train.log"
if has_class "$CLI"; then
  if skipped bench; then :
  elif cli bench --help > "$WORK/bench-help.txt" 2>&1; then
    if [ "$DRY" = 0 ]; then
      # shellcheck disable=SC2086
      run_step "bench --device gpu0" "$BENCH" 120 cli bench --device gpu0 ${SEGNN_BENCH_ARGS:-}
    fi
    if [ "${SEGNN_BENCH_CPU:-1}" = 1 ]; then
      # shellcheck disable=SC2086
      run_step "bench --device cpu" "$BENCH" 90 cli bench --device cpu ${SEGNN_BENCH_ARGS:-}
    fi
  else
    summary "SKIP    bench: '$CLI bench' does not exist yet"; cat "$WORK/bench-help.txt" >> "$BENCH"
  fi
  if skipped train; then :
  elif cli nbody train --help > "$WORK/train-help.txt" 2>&1; then
    cat "$WORK/train-help.txt" >> "$TRAIN"
    if [ -n "${SEGNN_TRAIN_ARGS:-}" ]; then
      IFS=';' read -r -a runs <<< "$SEGNN_TRAIN_ARGS"
    else
      runs=("--device $DEVICE --epochs $([ "$DRY" = 1 ] && echo 1 || echo 5)")
    fi
    if [ "${SEGNN_TRAIN_PARALLEL:-0}" = 1 ]; then
      # all runs (and SEGNN_PY_BACKGROUND) at once, each on its own log, sharing the GPU; long runs
      # that checkpoint under gpu-bundle/runs/ come back in reports.tgz whether or not they finish
      pids=() i=0
      for run in "${runs[@]}"; do
        read -r -a targs <<< "$run"
        run_step "nbody train ${targs[*]}" "$WORK/train-$i.log" "${SEGNN_TRAIN_TIMEOUT:-120}" \
          cli nbody train "${targs[@]}" & pids+=($!); i=$((i + 1))
      done
      if [ -n "${SEGNN_PY_BACKGROUND:-}" ]; then
        run_step "python (background): $SEGNN_PY_BACKGROUND" "$WORK/train-py.log" \
          "${SEGNN_TRAIN_TIMEOUT:-120}" bash -c "$SEGNN_PY_BACKGROUND" & pids+=($!)
      fi
      wait "${pids[@]}"
      for f in "$WORK"/train-*.log; do
        { echo "===== $(basename "$f")"; grep -vE '^\s*[0-9]+(\.[0-9]+)?% \|' "$f" | tail -200; } >> "$TRAIN"
        grep -E '^test_mse=|^official loop' "$f" | tail -1 | sed 's/^/    /' | tee -a "$SUMMARY"
      done
    else
      for run in "${runs[@]}"; do
        read -r -a targs <<< "$run"
        run_step "nbody train ${targs[*]}" "$TRAIN" "${SEGNN_TRAIN_TIMEOUT:-120}" cli nbody train "${targs[@]}"
        grep -E '^test_mse=' "$TRAIN" | tail -1 | sed 's/^/    /' | tee -a "$SUMMARY"
      done
    fi
  else
    summary "SKIP    train: '$CLI nbody train' does not exist yet"; cat "$WORK/train-help.txt" >> "$TRAIN"
  fi
else
  summary "SKIP    bench, train: class $CLI not in the bundle yet"
fi

# ---------------------------------------------------------------- (e) extras

# The prebuilt cu121 JNI of pytorch-jni 2.3.1-0.29.0 against this torch: needs libnvToolsExt.so.1,
# which CUDA 13 no longer ships; it imports no nvtx symbol, so an empty library with that soname does.
if [ "$DRY" = 0 ] && [ -f "$BUNDLE/probe/libdjl_torch.so" ] && ! skipped probe; then
  if command -v cc >/dev/null || command -v gcc >/dev/null; then
    echo 'void segnn_nvtx_stub(void) {}' | "$(command -v cc || command -v gcc)" -shared -fPIC \
      -Wl,-soname,libnvToolsExt.so.1 -x c - -o "$STUB_DIR/libnvToolsExt.so.1" >> "$EXTRA" 2>&1
  fi
  if [ ! -f "$STUB_DIR/libnvToolsExt.so.1" ]; then
    nvtx3="$(find "$SITE/nvidia" -name 'libnvtx3interop.so*' 2>/dev/null | head -1)"
    [ -n "$nvtx3" ] && ln -sf "$nvtx3" "$STUB_DIR/libnvToolsExt.so.1"
  fi
  place_jni "$BUNDLE/probe/libdjl_torch.so" 2.3.1 cu121
  run_step "probe: prebuilt cu121 JNI (expected to fail)" "$EXTRA" 45 java_run cu121 2.3.1 \
    -cp "$BUNDLE/tools:$CP" GpuSmoke "$DEVICE" createAndCopyBack matmul
  grep -E '^CHECK|symbol lookup|UnsatisfiedLinkError' "$EXTRA" | head -5 | sed 's/^/    /' | tee -a "$SUMMARY"
fi

# ---------------------------------------------------------------- collect
[ -n "$GPU_NAME" ] && nvidia-smi --query-gpu=name,memory.used,utilization.gpu --format=csv >> "$ENVLOG" 2>&1
# training runs written under the bundle (--out gpu-bundle/runs/NAME) come back too, so that a long
# run can continue with --resume in a later session (unpack reports.tgz's runs/ into gpu-bundle/)
[ -d "$BUNDLE/runs" ] && cp -r "$BUNDLE/runs" "$WORK/runs"
tar -czf "$OUTDIR/reports.tgz" -C "$WORK" $(cd "$WORK" && ls -d junit-reports hs_err_*.log *-help.txt runs 2>/dev/null) 2>/dev/null \
  || tar -czf "$OUTDIR/reports.tgz" -T /dev/null
summary "total $(( $(date +%s) - START ))s of ${BUDGET}s budget; logs in $OUTDIR"
rm -rf "$WORK"
exit 0
