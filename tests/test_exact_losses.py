"""The same config and seed train to the same bits on every x86-64 CPU.

A few experiments are trained for 200 epochs in fresh processes compiled for different CPU targets
(the host, which may have AVX-512, and x86-64 baseline `generic`: SSE2, no FMA, 2-wide vectors, with
NumPy's CPU-specific loops turned off too); their data, initial and final weights (SHA-256) and losses
(float.hex) must equal each other and the numbers frozen in tests/data/exact_losses.json exactly. A
kernel that lets the compiler reorder a sum by vector width, or fuses a multiply-add only where the CPU
has FMA, or a data path through NumPy's CPU-specific exp or tanh, fails here on any machine with them.

    python tests/test_exact_losses.py --regen   # rewrite the frozen numbers (after a deliberate change)
    python tests/test_exact_losses.py           # print this machine's numbers as JSON
"""

import hashlib
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FROZEN = ROOT / "tests" / "data" / "exact_losses.json"
EPOCHS = 200
RECORD_EVERY = 50

# Between them they use every kind of arithmetic the kernels have: tanh, ReLU, ELU, GELU, sigmoid, maxout
# and dropout layers; BCE, softmax cross-entropy and MSE; SGD, momentum, Adam and NAdam; L2; minibatches
# and full batches; wide (16) and narrow layers; odd batch sizes.
EXPERIMENTS = {
    "circle, defaults": {},
    "spiral softmax, 3x16 ReLU, Adam": {
        "data": {"name": "spiral", "classes": 3, "noise": 0.0},
        "layers": [{"type": "dense", "units": 16, "activation": "relu"}] * 3,
        "optimizer": {"name": "adam", "lr": 0.01},
    },
    "multi_gauss regression, ELU, momentum, full batch": {
        "task": "regression",
        "data": {"name": "multi_gauss", "noise": 0.1},
        "layers": [
            {"type": "dense", "units": 8, "activation": "tanh"},
            {"type": "dense", "units": 6, "activation": "elu"},
        ],
        "optimizer": {"name": "momentum", "lr": 0.01},
        "batch_size": "full",
    },
    "xor, Adam, dropout, L2, GELU": {
        "seed": 3,
        "data": {"name": "xor", "noise": 0.2},
        "features": ["x1", "x2", "x1*x2", "sin(x1)"],
        "layers": [
            {"type": "dense", "units": 12, "activation": "relu"},
            {"type": "dropout", "rate": 0.3},
            {"type": "dense", "units": 8, "activation": "gelu"},
        ],
        "optimizer": {"name": "adam", "lr": 0.005},
        "regularization": {"kind": "l2", "rate": 0.001},
        "batch_size": 7,
    },
    "gauss, maxout and sigmoid, NAdam": {
        "seed": 5,
        "data": {"name": "gauss", "noise": 0.3},
        "features": ["x1", "x2", "x1^2", "x2^2"],
        "layers": [
            {"type": "maxout", "units": 5, "pieces": 3},
            {"type": "dense", "units": 4, "activation": "sigmoid"},
        ],
        "optimizer": {"name": "nadam", "lr": 0.01},
        "batch_size": 16,
    },
    "formula data and features (NumPy's exp, tanh, arctan2 differ by CPU)": {
        "seed": 2,
        "data": {
            "name": "formula",
            "formula": "sigmoid(3 * sin(x) * cos(y)) > 0.5 + 0.1 * tanh(x ** 3 / 50)",
            "n_samples": 300,
        },
        "features": ["x1", "x2", "exp(-(x1 ** 2 + x2 ** 2) / 8)", "arctan2(x2, x1)"],
        "layers": [{"type": "dense", "units": 6, "activation": "tanh"}],
        "optimizer": {"name": "adam", "lr": 0.01},
    },
}

# NUMBA_CPU_NAME targets; each runs in its own process with its own Numba cache. The generic one also
# turns off NumPy's CPU-specific code (what a plain x86-64 machine would run).
TARGETS = {"host": None, "generic": "generic"}


def numpy_dispatch() -> str:
    """The CPU features NumPy dispatches to on this machine, for NPY_DISABLE_CPU_FEATURES ("" if unknown)."""
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    except ImportError:  # another NumPy layout: leave NumPy as it is
        return ""
    return " ".join(f for f in __cpu_dispatch__ if __cpu_features__.get(f))


def _sha(*arrays) -> str:
    import numpy as np

    h = hashlib.sha256()
    for a in arrays:
        h.update(np.ascontiguousarray(a, dtype=np.float64).tobytes())
    return h.hexdigest()[:24]


def _weights_sha(exp) -> str:
    return _sha(*(v for layer in exp.get_weights() for _, v in sorted(layer.items())))


def fingerprint(cfg: dict) -> dict:
    """Data, weights and losses of one experiment after EPOCHS epochs, in exactly comparable strings."""
    from playground import Experiment

    exp = Experiment.from_dict(cfg)
    d = exp.dataset
    out = {
        "data": _sha(d.x_train, d.y_train, d.x_test, d.y_test),
        "initial_weights": _weights_sha(exp),
    }
    exp.train(EPOCHS, record_every=RECORD_EVERY)
    for key in ("train_loss", "test_loss"):
        out[key] = [float(v).hex() for v in exp.history[key]]
    out["final_weights"] = _weights_sha(exp)
    return out


def fingerprints() -> dict:
    return {name: fingerprint(cfg) for name, cfg in EXPERIMENTS.items()}


def start_under(target: str | None, cache_dir: Path) -> subprocess.Popen:
    """A fresh process printing fingerprints() as JSON, its kernels compiled for NUMBA_CPU_NAME=target."""
    env = {k: v for k, v in os.environ.items() if k not in ("NUMBA_CPU_NAME", "NUMBA_CPU_FEATURES")}
    env["NUMBA_CACHE_DIR"] = str(cache_dir)  # caches of different targets must not mix
    if target:
        env["NUMBA_CPU_NAME"] = target
        env["NPY_DISABLE_CPU_FEATURES"] = numpy_dispatch()
    code = (
        f"import sys, json; sys.path.insert(0, {str(ROOT / 'tests')!r}); import test_exact_losses as t; "
        "print(json.dumps(t.fingerprints()))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


def frozen_applies() -> bool:
    """The frozen numbers were made on x86-64 Linux (glibc libm); another libm may round exp/log differently."""
    return platform.machine().lower() in ("x86_64", "amd64") and sys.platform.startswith("linux")


def _diff(a: dict, b: dict) -> list[str]:
    return [
        f"{name}: {key}: {a[name][key]} != {b.get(name, {}).get(key)}"
        for name in a
        for key in a[name]
        if b.get(name, {}).get(key) != a[name][key]
    ]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    # side by side: each process spends most of its time compiling, on one core
    procs = {
        t: start_under(cpu, tmp_path_factory.mktemp(f"numba_{t}")) for t, cpu in TARGETS.items()
    }
    return {t: finish(proc) for t, proc in procs.items()}


def test_every_cpu_target_trains_to_the_same_bits(results):
    host, generic = results["host"], results["generic"]
    assert set(host) == set(EXPERIMENTS)
    assert not _diff(host, generic), "\n".join(_diff(host, generic))


def test_the_numbers_equal_the_frozen_ones(results):
    if not frozen_applies():
        pytest.skip(f"frozen on x86-64 Linux; this is {platform.machine()} {sys.platform}")
    frozen = json.loads(FROZEN.read_text())
    assert frozen["epochs"] == EPOCHS and set(frozen["experiments"]) == set(EXPERIMENTS)
    for target, got in results.items():
        bad = _diff(frozen["experiments"], got)
        assert not bad, f"NUMBA_CPU_NAME={TARGETS[target] or 'host'}:\n" + "\n".join(bad)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if "--regen" in sys.argv:
        FROZEN.write_text(
            json.dumps(
                {"epochs": EPOCHS, "record_every": RECORD_EVERY, "experiments": fingerprints()},
                indent=1,
            )
            + "\n"
        )
        print(f"wrote {FROZEN}")
    else:
        print(json.dumps(fingerprints(), indent=1))
