"""Engine speed: epochs per second of this engine, plain NumPy and (if installed) PyTorch, on one core.

    python benchmarks/bench_engine.py            # all networks, ~1 minute
    python benchmarks/bench_engine.py --quick    # shorter timings

Every implementation trains the same network from the same weights on the same points with plain SGD.
The data is TensorFlow Playground's default: 500 circle points, half of them for training (250 train),
so batch 10 means 25 steps per epoch. Also measured: a cold first train() in a fresh process (empty Numba
cache: everything compiles) and a warm one (kernels loaded from the cache).
"""

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import reference  # noqa: E402  (the tests' plain NumPy oracle doubles as the NumPy contender)

from playground import Experiment  # noqa: E402

NETWORKS = {
    "2-8-8-8-1 tanh": [8, 8, 8],
    "2-8x6-1 tanh": [8] * 6,
    "2-64-64-1 tanh": [64, 64],
}


def timed(step, budget: float) -> float:
    """Epochs per second of step(k) (which trains k epochs), run for about `budget` seconds."""
    step(1)
    k, spent = 1, 0.0
    while spent < budget / 4:
        k *= 2
        t = time.perf_counter()
        step(k)
        spent = time.perf_counter() - t
    reps = max(1, int(budget / spent))
    t = time.perf_counter()
    for _ in range(reps):
        step(k)
    return reps * k / (time.perf_counter() - t)


def engine_rate(exp: Experiment, budget: float, record: bool) -> float:
    return timed(lambda k: exp.train(k, record_every=1 if record else k), budget)


def numpy_rate(layers, weights, x, y, batch: int, lr: float, budget: float) -> float:
    ws = [{k: v.copy() for k, v in w.items()} for w in weights]
    rng = np.random.default_rng(0)

    def step(k):
        for _ in range(k):
            order = rng.permutation(len(x))
            for s in range(0, len(x), batch):
                idx = order[s : s + batch]
                _, grads = reference.loss_and_grads(layers, ws, x[idx], y[idx], "classification", 2, "cross_entropy")
                for w, g in zip(ws, grads):
                    for key in w:
                        w[key] -= lr * g[key]

    return timed(step, budget)


def torch_rate(weights, x, y, batch: int, lr: float, budget: float):
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    mods = []
    for i, w in enumerate(weights):
        lin = torch.nn.Linear(*w["W"].shape).double()
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(w["W"].T))
            lin.bias.copy_(torch.from_numpy(w["b"]))
        mods += [lin] if i == len(weights) - 1 else [lin, torch.nn.Tanh()]
    model = torch.nn.Sequential(*mods)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    xt, yt = torch.from_numpy(x), torch.from_numpy(y.astype(np.float64))
    gen = torch.Generator().manual_seed(0)

    def step(k):
        for _ in range(k):
            order = torch.randperm(len(xt), generator=gen)
            for s in range(0, len(xt), batch):
                idx = order[s : s + batch]
                opt.zero_grad()
                loss_fn(model(xt[idx])[:, 0], yt[idx]).backward()
                opt.step()

    return timed(step, budget)


def first_train_seconds(cache_dir: str) -> float:
    """Seconds for import + Experiment + first train() in a fresh process using the given Numba cache dir."""
    code = ("import time; t = time.perf_counter(); from playground import Experiment; "
            "Experiment.from_dict({}).train(1); print(time.perf_counter() - t)")
    env = {**os.environ, "NUMBA_CACHE_DIR": cache_dir}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, check=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter timings")
    args = parser.parse_args()
    budget = 0.5 if args.quick else 2.0
    lr = 0.03
    print(f"one core; data: 500 circle points, 250 used for training; SGD lr {lr}; epochs/s (higher is better)")
    header = f"{'network':18s} {'batch':>5s} {'engine':>9s} {'engine+eval':>11s} {'numpy':>8s} {'torch':>8s} " \
             f"{'eng/numpy':>9s} {'eng/torch':>9s}"
    print(header)
    print("-" * len(header))
    for name, hidden in NETWORKS.items():
        for batch in (10, "full"):
            cfg = {"seed": 0, "layers": [{"type": "dense", "units": u, "activation": "tanh"} for u in hidden],
                   "optimizer": {"name": "sgd", "lr": lr}, "batch_size": batch}
            exp = Experiment.from_dict(cfg)
            x, y = exp.dataset.x_train, exp.dataset.y_train.astype(np.float64)
            weights = exp.get_weights()
            b = len(x) if batch == "full" else batch
            eng = engine_rate(exp, budget, record=False)
            exp_eval = Experiment.from_dict(cfg)
            eng_eval = engine_rate(exp_eval, budget, record=True)
            npy = numpy_rate(cfg["layers"], weights, x, y, b, lr, budget)
            tch = torch_rate(weights, x, y, b, lr, budget)
            tch_s = f"{tch:8.0f}" if tch else f"{'n/a':>8s}"
            ratio_t = f"{eng / tch:8.0f}x" if tch else f"{'n/a':>9s}"
            print(f"{name:18s} {str(batch):>5s} {eng:9.0f} {eng_eval:11.0f} {npy:8.0f} {tch_s} "
                  f"{eng / npy:8.1f}x {ratio_t}", flush=True)
    print("\nengine: training only (history every k epochs); engine+eval: train and test loss evaluated every epoch")
    with tempfile.TemporaryDirectory() as cache:
        cold = first_train_seconds(cache)
        warm = first_train_seconds(cache)
    print(f"first train() in a fresh process: cold (empty Numba cache) {cold:.1f} s, warm (cached) {warm:.2f} s")


if __name__ == "__main__":
    main()
