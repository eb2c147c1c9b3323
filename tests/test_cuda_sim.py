"""The CUDA backend against the CPU backend: under Numba's CUDA simulator here, on the GPU where there is one.

NUMBA_ENABLE_CUDASIM has to be set before numba is imported, so the simulator runs tests/cuda_sim_check.py
in child processes (started together, so the sections share the machine's cores). They use tiny tiles
(NEURAL_PLAYGROUND_CUDA_TILES) because the simulator runs one Python thread per CUDA thread; the "tiles"
section checks the production matrix-multiply tiles on a width across a tile edge.

Tolerance (float32 on the device, float64 on the CPU): |cuda - cpu| <= 1e-4 |cpu| + 1e-5 max|cpu| + 1e-7
for losses, gradients, activations, histories, weights and optimizer state.
"""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / "tests" / "cuda_sim_check.py"
SMALL_TILES = "4,8,2,2,2,8"  # BM, BN, BK, TM, TN, THREADS: 8 threads a block, tiles cut by every size
PROD_TILES = "64,64,8,4,4,8"  # the real GEMM tiles (64 x 64 x 8, 4 x 4 a thread); small reduction blocks
GROUPS = {  # child process -> (tiles, sections); two or three processes keep two cores busy
    "a": (SMALL_TILES, ["layers", "losses"]),
    "b": (SMALL_TILES, ["optimizers", "misc"]),
    "c": (PROD_TILES, ["tiles"]),
}
TIMEOUT = 600


def _gpu_reason() -> str:
    from kernels import cuda as kc

    return "" if kc.gpu_usable() else (kc.unavailable_reason() or "only the simulator is available")


GPU_REASON = _gpu_reason()


def _sim_env(tiles: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_CUDA")}
    env.update(NUMBA_ENABLE_CUDASIM="1", NEURAL_PLAYGROUND_CUDA_TILES=tiles, PYTHONPATH=str(ROOT),
               OMP_NUM_THREADS="1", NUMBA_NUM_THREADS="1")
    return env


@pytest.fixture(scope="module")
def simulator_runs():
    """Start every group at once; each test then waits for its own."""
    procs = {
        g: subprocess.Popen([sys.executable, str(CHECK), *sections], cwd=ROOT, env=_sim_env(tiles),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for g, (tiles, sections) in GROUPS.items()
    }
    results = {}

    def result(group):
        if group not in results:
            try:
                out, _ = procs[group].communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                procs[group].kill()
                out, _ = procs[group].communicate()
                out += f"\n(timed out after {TIMEOUT} s)"
            results[group] = (procs[group].returncode, out)
        return results[group]

    yield result
    for p in procs.values():
        if p.poll() is None:
            p.kill()
            p.wait()


@pytest.mark.parametrize("group", sorted(GROUPS), ids=lambda g: "+".join(GROUPS[g][1]))
def test_cuda_kernels_match_cpu_in_the_simulator(simulator_runs, group):
    rc, out = simulator_runs(group)
    assert rc == 0, f"cuda_sim_check.py {' '.join(GROUPS[group][1])} failed (exit {rc}):\n{out[-6000:]}"
    for section in GROUPS[group][1]:
        assert f"ok  {section}:" in out, out[-3000:]
    assert "all passed" in out


def test_importing_the_cuda_module_never_fails_and_says_why():
    from kernels import cuda as kc
    from kernels.backend import available_backends, get_backend

    reason = available_backends()["cuda"]
    assert isinstance(reason, str)
    if GPU_REASON:
        assert reason, "a machine without a GPU must say why CUDA is unavailable"
        with pytest.raises(RuntimeError, match="cannot be used here"):
            kc.CUDABackend()
    assert get_backend("auto").name == "cpu", "auto stays on the CPU for small problems"
    assert get_backend("auto", work=1).name == "cpu"


def test_auto_needs_a_real_gpu_and_a_big_problem():
    from kernels.backend import AUTO_CUDA_MIN_WORK, get_backend

    expected = "cpu" if GPU_REASON else "cuda"
    assert get_backend("auto", work=AUTO_CUDA_MIN_WORK).name == expected


def test_every_kernel_compiles_for_a_real_gpu():
    """PTX for sm_90 from the real compiler (numba-cuda with NVVM; no GPU needed), where it is installed."""
    try:
        import numba_cuda  # noqa: F401
    except ImportError:
        pytest.skip("numba-cuda is not installed (pip install 'numba-cuda[cu12]' to compile without a GPU)")
    env = {k: v for k, v in os.environ.items() if k not in ("NUMBA_ENABLE_CUDASIM", "NEURAL_PLAYGROUND_CUDA_TILES")}
    env["PYTHONPATH"] = str(ROOT)
    r = subprocess.run([sys.executable, str(CHECK), "ptx"], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=TIMEOUT)
    if r.returncode != 0 and "NVVM" in (r.stdout + r.stderr) and "ok  ptx" not in r.stdout:
        pytest.skip("numba-cuda cannot find NVVM (libnvvm) here")
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]


# ------------------------------------------------------------------------------ on a real GPU
@pytest.mark.skipif(bool(GPU_REASON), reason=f"needs a CUDA GPU: {GPU_REASON}")
def test_cuda_kernels_match_cpu_on_the_gpu():
    env = {k: v for k, v in os.environ.items() if k not in ("NUMBA_ENABLE_CUDASIM", "NEURAL_PLAYGROUND_CUDA_TILES")}
    env["PYTHONPATH"] = str(ROOT)
    r = subprocess.run([sys.executable, str(CHECK), "all", "tiles", "--big"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=TIMEOUT)
    assert r.returncode == 0, r.stdout[-6000:] + r.stderr[-3000:]


@pytest.mark.skipif(bool(GPU_REASON), reason=f"needs a CUDA GPU: {GPU_REASON}")
def test_engine_on_the_gpu_matches_the_cpu():
    from playground import Experiment

    cfg = {"data": {"name": "spiral", "n_samples": 2000}, "batch_size": "full", "seed": 4,
           "layers": [{"type": "dense", "units": 64, "activation": "tanh"},
                      {"type": "dense", "units": 64, "activation": "relu"}],
           "optimizer": {"name": "adam", "lr": 0.01}}
    cpu = Experiment.from_dict({**cfg, "backend": "cpu"})
    gpu = Experiment.from_dict({**cfg, "backend": "cuda"})
    cpu.train(5)
    gpu.train(5)
    np.testing.assert_allclose(gpu.history["train_loss"], cpu.history["train_loss"], rtol=1e-4, atol=1e-6)
    grid_cpu, grid_gpu = cpu.predict_grid(64)["output"], gpu.predict_grid(64)["output"]
    np.testing.assert_allclose(grid_gpu, grid_cpu, rtol=1e-4, atol=1e-5)
