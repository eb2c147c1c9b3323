#!/usr/bin/env bash
# The GPU checks of the CUDA backend, for a machine with an NVIDIA GPU: at most 8 minutes in all.
#
# Needs NumPy 2.4.x: numba 0.68 with numba-cuda 0.30.4 break under NumPy 2.5 (numba.cuda fails to import,
# and the backend then reports itself unavailable). The script stops with status 3 on another NumPy.
#
#   bash benchmarks/gpu_check.sh                  # from the repository root
#   PYTHON=/path/to/python bash benchmarks/gpu_check.sh
#
# (a) tests/cuda_sim_check.py's checks, which tests/test_cuda_sim.py runs under the simulator, on the real
#     device (NUMBA_ENABLE_CUDASIM unset, production tiles, plus the large sizes), and test_cuda_sim.py's
#     own GPU-only tests;
# (b) benchmarks/cpu_vs_cuda.py: a few experiments trained on both backends, every recorded loss within
#     |cuda - cpu| <= 2e-3 |cpu| + 1e-5 (float32 on the device against float64 on the CPU);
# (c) benchmarks/bench_cuda.py --quick: epochs per second and the grid time against the CPU and PyTorch.
# Exit status: 0 all passed, 1 a check failed, 2 no usable GPU, 3 the wrong NumPy.
set -u
cd "$(dirname "$0")/.."
PY=${PYTHON:-python}
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
unset NUMBA_ENABLE_CUDASIM NEURAL_PLAYGROUND_CUDA_TILES
export NUMBA_CACHE_DIR=${NUMBA_CACHE_DIR:-/tmp/numba-gpu-check}  # one cache: later steps reuse compiled kernels
failed=()

step() { echo; echo "=== $1  ($(date +%T), ${SECONDS} s in)"; }

run() {  # run NAME SECONDS COMMAND...: the command under a time limit, its failure recorded
    local name=$1 limit=$2
    shift 2
    timeout --kill-after=10 "$limit" "$@"
    local rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "--- $name: exit $rc$([ "$rc" -eq 124 ] && echo " (over its ${limit} s)")"
        failed+=("$name")
    fi
}

step "versions and device"
"$PY" - <<'EOF' || exit $?
import sys

import numba
import numpy

print(f"python {sys.version.split()[0]}, numpy {numpy.__version__}, numba {numba.__version__}")
if not numpy.__version__.startswith("2.4."):
    print("needs NumPy 2.4.x (numba 0.68 + numba-cuda 0.30.4 break with NumPy 2.5)")
    sys.exit(3)
from kernels import cuda as kc

if not kc.gpu_usable():
    print(f"no CUDA GPU here: {kc.unavailable_reason() or 'only the simulator'}")
    sys.exit(2)
dev = kc.cuda.get_current_device()
print(f"GPU: {dev.name.decode() if isinstance(dev.name, bytes) else dev.name}, "
      f"compute capability {dev.compute_capability}")
EOF

step "(a) cuda_sim_check.py on the device: every section, the production tiles, the large sizes"
run "cuda_sim_check" 180 "$PY" tests/cuda_sim_check.py all tiles --big

step "(a) test_cuda_sim.py's GPU tests (auto picks CUDA, the engine on the GPU, PTX where NVVM is found)"
run "test_cuda_sim -k gpu" 90 "$PY" -m pytest -q -p no:cacheprovider tests/test_cuda_sim.py \
    -k "gpu and not simulator and not kernels_match"

step "(b) the same experiments on the CPU and the GPU"
run "cpu_vs_cuda" 60 "$PY" benchmarks/cpu_vs_cuda.py

step "(c) bench_cuda.py --quick"
run "bench_cuda" 120 "$PY" benchmarks/bench_cuda.py --quick

echo
if [ ${#failed[@]} -eq 0 ]; then
    echo "gpu_check: all passed in ${SECONDS} s"
    exit 0
fi
echo "gpu_check: FAILED: ${failed[*]} (${SECONDS} s)"
exit 1
