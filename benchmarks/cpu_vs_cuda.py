"""The same experiments trained on the CPU backend (float64) and the CUDA backend (float32): losses compared.

    python benchmarks/cpu_vs_cuda.py            # about half a minute on a GPU machine
    python benchmarks/cpu_vs_cuda.py --epochs 5

Full batches and no dropout, so both backends take the same steps (their shuffles and dropout masks
differ by design, see kernels/cuda.py). Between them the experiments use every activation, loss and
optimizer of kernels/codes.py.

Tolerance, float32 against float64: every recorded train and test loss within
|cuda - cpu| <= RTOL |cpu| + ATOL. One step agrees to about 1e-4 relative (tests/cuda_sim_check.py); the
differences grow a little with every step, hence the looser bound over EPOCHS epochs.
Exits 0 when all agree, 1 when one does not, 2 (after the CPU half) where there is no usable GPU.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playground import Experiment

EPOCHS = 30
RTOL, ATOL = 2e-3, 1e-5


def dense(units, act):
    return {"type": "dense", "units": units, "activation": act}


EXPERIMENTS = {
    "spiral, softmax cross-entropy, tanh/relu, adam": {
        "data": {"name": "spiral", "classes": 3, "n_samples": 600},
        "layers": [dense(32, "tanh"), dense(32, "relu")], "optimizer": {"name": "adam", "lr": 0.01}},
    "circle, BCE, gelu/selu, nadam": {
        "data": {"name": "circle"}, "layers": [dense(16, "gelu"), dense(16, "selu")],
        "optimizer": {"name": "nadam", "lr": 0.01}},
    "xor, hinge, maxout/sigmoid, rmsprop, L2": {
        "data": {"name": "xor"}, "loss": "hinge",
        "layers": [{"type": "maxout", "units": 8, "pieces": 3}, dense(8, "sigmoid")],
        "optimizer": {"name": "rmsprop", "lr": 0.003}, "regularization": {"kind": "l2", "rate": 0.001}},
    "spiral, multi-margin, silu/softplus, adamax": {
        "data": {"name": "spiral", "classes": 3}, "loss": "hinge",
        "layers": [dense(24, "silu"), dense(24, "softplus")], "optimizer": {"name": "adamax", "lr": 0.01}},
    "spiral, softmax MSE, elu/leaky_relu, momentum": {
        "data": {"name": "spiral", "classes": 3}, "loss": "mse",
        "layers": [dense(16, "elu"), dense(16, "leaky_relu")], "optimizer": {"name": "momentum", "lr": 0.05}},
    "gauss, sigmoid MSE, prelu/sin, nesterov, L1": {
        "data": {"name": "gauss"}, "loss": "mse", "layers": [dense(12, "prelu"), dense(12, "sin")],
        "optimizer": {"name": "nesterov", "lr": 0.05}, "regularization": {"kind": "l1", "rate": 0.001}},
    "multi_gauss regression, linear/tanh, adagrad": {
        "task": "regression", "data": {"name": "multi_gauss"}, "layers": [dense(16, "linear"), dense(16, "tanh")],
        "optimizer": {"name": "adagrad", "lr": 0.05}},
    "circle, 2 x 64 relu (tiled on the CPU), adadelta": {
        "data": {"name": "circle"}, "layers": [dense(64, "relu"), dense(64, "relu")],
        "optimizer": {"name": "adadelta", "lr": 1.0}},
    "xor, wide tanh, sgd": {
        "data": {"name": "xor"}, "layers": [dense(96, "tanh")], "optimizer": {"name": "sgd", "lr": 0.1}},
}


def losses(cfg: dict, backend: str, epochs: int) -> np.ndarray:
    """(epochs, 2) train and test losses of cfg trained full-batch on backend."""
    exp = Experiment.from_dict({"seed": 7, **cfg, "batch_size": "full", "backend": backend})
    exp.train(epochs)
    return np.column_stack([exp.history["train_loss"], exp.history["test_loss"]])


def worst(cpu: np.ndarray, gpu: np.ndarray) -> float:
    """The largest |gpu - cpu| / (RTOL |cpu| + ATOL): above 1 is a failure."""
    return float(np.max(np.abs(gpu - cpu) / (RTOL * np.abs(cpu) + ATOL)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    args = ap.parse_args(argv)
    t = time.perf_counter()
    cpu = {name: losses(cfg, "cpu", args.epochs) for name, cfg in EXPERIMENTS.items()}
    print(f"CPU backend: {len(cpu)} experiments x {args.epochs} epochs in {time.perf_counter() - t:.1f} s")
    from kernels import cuda as kc

    if not kc.gpu_usable():
        print(f"no CUDA GPU here: {kc.unavailable_reason() or 'only the simulator'}")
        return 2
    print(f"tolerance: |cuda - cpu| <= {RTOL:g} |cpu| + {ATOL:g} for every recorded loss")
    bad = 0
    for name, cfg in EXPERIMENTS.items():
        gpu = losses(cfg, "cuda", args.epochs)
        ratio = worst(cpu[name], gpu)
        rel = np.max(np.abs(gpu - cpu[name]) / np.maximum(np.abs(cpu[name]), 1e-12))
        verdict = "ok  " if ratio <= 1.0 else "FAIL"
        bad += ratio > 1.0
        print(f"  {verdict} {name}: final train loss cpu {cpu[name][-1, 0]:.6f} cuda {gpu[-1, 0]:.6f}, "
              f"largest relative difference {rel:.2e} ({ratio:.2f} of the tolerance)")
    print("all agree" if not bad else f"{bad} experiment(s) outside the tolerance")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
