"""Engine speed: epochs and 100×100 grids per second of this engine, plain NumPy and PyTorch, on one core.

    python benchmarks/bench_engine.py            # every network, ~3 minutes
    python benchmarks/bench_engine.py --quick    # shorter timings
    python benchmarks/bench_engine.py --only 7-256x8-1

Every implementation trains the same network from the same weights on the same points with plain SGD:
500 XOR points, half of them for training (250), tanh layers, cross-entropy. Columns:

    engine       Experiment.train(k) for large k, history every k epochs: the kernels alone
    eng+eval     Experiment.train(20) again and again, train and test loss evaluated every epoch: what the
                 window and the CLI do, Python bookkeeping included
    numpy/torch  the tests' NumPy reference (tests/reference.py) and PyTorch (float64, one thread)
    grid/s       100×100 evaluations: the engine's predict_grid (output, every feature and every neuron
                 map) and the frame form (float32 maps of the first 32 neurons of each layer, the most a view draws), NumPy's forward
                 with every layer's output, PyTorch's output-only forward (no_grad) on the same 10,000 points

Also measured: a cold first train() in a fresh process (empty Numba cache: everything compiles) and a
warm one (kernels loaded from the cache). PyTorch is used only here, never by the engine.
"""

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[var] = "1"

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import reference  # the tests' plain NumPy oracle doubles as the NumPy contender

from playground import Experiment

FEATURES_2 = ["x1", "x2"]
FEATURES_7 = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
# (name, features, hidden widths, batch sizes)
ROWS = [
    ("2-8x3-1", FEATURES_2, [8] * 3, (10, "full")),
    ("7-32x8-1", FEATURES_7, [32] * 8, (10, "full")),
    ("7-128x3-1", FEATURES_7, [128] * 3, (10, "full")),
    ("7-256x8-1", FEATURES_7, [256] * 8, (10, "full")),
]
CHUNK = 20  # epochs per train() call in the eng+eval column, as the window asks for
GRID = 100
FRAME_NEURONS = 32  # the network view draws at most 32 neurons of a layer


def timed(step, budget: float) -> float:
    """Calls per second of step(k) (which does k units of work), run for about `budget` seconds."""
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


def config(features, hidden, batch, lr):
    return {
        "seed": 0,
        "data": {"name": "xor", "n_samples": 500},
        "features": features,
        "layers": [{"type": "dense", "units": u, "activation": "tanh"} for u in hidden],
        "optimizer": {"name": "sgd", "lr": lr},
        "batch_size": batch,
    }


def engine_rate(exp: Experiment, budget: float) -> float:
    return timed(lambda k: exp.train(k, record_every=k), budget)


def engine_eval_rate(exp: Experiment, budget: float) -> float:
    """Epochs/s of train(CHUNK) calls with every epoch recorded (the history's bookkeeping included)."""

    def step(k):
        for _ in range(k):
            exp.train(CHUNK)

    return CHUNK * timed(step, budget)


def grid_points(exp: Experiment) -> np.ndarray:
    from playground.features import feature_matrix

    ticks = np.linspace(-6.0, 6.0, GRID)
    gx, gy = np.meshgrid(ticks, ticks)
    return feature_matrix(np.column_stack([gx.ravel(), gy.ravel()]), exp.config["features"])


def engine_grid_rate(exp: Experiment, budget: float) -> float:
    def step(k):
        for _ in range(k):
            exp.predict_grid(GRID)

    return timed(step, budget)


def frame_grid_rate(exp: Experiment, budget: float) -> float | None:
    """The grid with float32 maps of the first FRAME_NEURONS neurons per layer (what a view draws)."""
    import inspect

    if "neurons" not in inspect.signature(exp.predict_grid).parameters:
        return None  # an engine from before predict_grid(neurons=, dtype=)

    def step(k):
        for _ in range(k):
            exp.predict_grid(GRID, neurons=FRAME_NEURONS, dtype=np.float32)

    return timed(step, budget)


def numpy_rate(layers, weights, x, y, batch: int, lr: float, budget: float) -> float:
    ws = [{k: v.copy() for k, v in w.items()} for w in weights]
    rng = np.random.default_rng(0)

    def step(k):
        for _ in range(k):
            order = rng.permutation(len(x))
            for s in range(0, len(x), batch):
                idx = order[s : s + batch]
                _, grads = reference.loss_and_grads(
                    layers, ws, x[idx], y[idx], "classification", 2, "cross_entropy"
                )
                for w, g in zip(ws, grads):
                    for key in w:
                        w[key] -= lr * g[key]

    return timed(step, budget)


def numpy_grid_rate(layers, weights, points, budget: float) -> float:
    def step(k):
        for _ in range(k):
            reference.forward(
                layers, weights, points
            )  # every layer's output, as the neuron maps need

    return timed(step, budget)


def torch_model(weights):
    import torch

    mods = []
    for i, w in enumerate(weights):
        lin = torch.nn.Linear(*w["W"].shape).double()
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(w["W"].T))
            lin.bias.copy_(torch.from_numpy(w["b"]))
        mods += [lin] if i == len(weights) - 1 else [lin, torch.nn.Tanh()]
    return torch.nn.Sequential(*mods)


def torch_rate(weights, x, y, batch: int, lr: float, budget: float):
    import torch

    model = torch_model(weights)
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


def torch_grid_rate(weights, points, budget: float):
    import torch

    model = torch_model(weights)
    pt = torch.from_numpy(points)

    def step(k):
        with torch.no_grad():
            for _ in range(k):
                torch.sigmoid(model(pt))

    return timed(step, budget)


def first_train_seconds(cache_dir: str, call: str = "train(1)") -> float:
    """Seconds for import + Experiment + its first `call` in a fresh process using the given Numba cache dir."""
    code = (
        "import time; t = time.perf_counter(); from playground import Experiment; "
        f"Experiment.from_dict({{}}).{call}; print(time.perf_counter() - t)"
    )
    env = {**os.environ, "NUMBA_CACHE_DIR": cache_dir}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def _fmt(v, width, digits=0):
    return f"{'n/a':>{width}s}" if v is None else f"{v:{width}.{digits}f}"


def _ratio(a, b, width=8):
    if a is None or b is None:
        return f"{'n/a':>{width}s}"
    r = a / b
    return f"{r:{width - 1}.{0 if r >= 100 else 2}f}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter timings")
    parser.add_argument("--only", help="run only the networks whose name contains this")
    parser.add_argument("--no-start", action="store_true", help="skip the cold/warm first train()")
    args = parser.parse_args()
    budget = 0.4 if args.quick else 1.2
    lr = 0.03
    try:
        import torch

        torch.set_num_threads(1)
        have_torch = f"PyTorch {torch.__version__}"
    except ImportError:
        have_torch = None
    print(
        f"one core; {os.uname().nodename}; load {os.getloadavg()[0]:.2f}; data: 500 XOR points, 250 for "
        f"training; SGD lr {lr}; tanh; {have_torch or 'PyTorch not installed'}"
    )
    header = (
        f"{'network':10s} {'batch':>5s} {'engine':>8s} {'eng+eval':>8s} {'numpy':>7s} {'torch':>7s} "
        f"{'eng/tch':>8s} {'eval/tch':>8s} | {'grid':>6s} {'frame':>6s} {'numpy':>6s} {'torch':>6s} "
        f"{'grd/tch':>8s} {'frm/tch':>8s}"
    )
    print("epochs/s (train) and 100x100 grids/s; higher is better")
    print(header)
    print("-" * len(header))
    rows = ROWS + [("2-8-8-8-1", FEATURES_2, [8, 8, 8], (10,))]
    for name, features, hidden, batches in rows:
        if args.only and args.only not in name:
            continue
        for bi, batch in enumerate(batches):
            cfg = config(features, hidden, batch, lr)
            exp = Experiment.from_dict(cfg)
            x, y = exp._x_train, exp._y_train
            weights = exp.get_weights()
            b = len(x) if batch == "full" else batch
            eng = engine_rate(exp, budget)
            eng_eval = engine_eval_rate(Experiment.from_dict(cfg), budget)
            npy = numpy_rate(cfg["layers"], weights, x, y, b, lr, budget)
            tch = torch_rate(weights, x, y, b, lr, budget) if have_torch else None
            grid = frame = npy_g = tch_g = None
            if bi == 0:  # the grid does not depend on the batch size
                g_exp = Experiment.from_dict(cfg)
                points = grid_points(g_exp)
                grid = engine_grid_rate(g_exp, budget)
                frame = frame_grid_rate(g_exp, budget)
                npy_g = numpy_grid_rate(cfg["layers"], weights, points, budget)
                tch_g = torch_grid_rate(weights, points, budget) if have_torch else None
            grid_part = (
                (
                    f"{_fmt(grid, 6, 1)} {_fmt(frame, 6, 1)} {_fmt(npy_g, 6, 1)} {_fmt(tch_g, 6, 1)} "
                    f"{_ratio(grid, tch_g)} {_ratio(frame, tch_g)}"
                )
                if bi == 0
                else ""
            )
            print(
                f"{name:10s} {batch!s:>5s} {_fmt(eng, 8)} {_fmt(eng_eval, 8)} {_fmt(npy, 7, 1)} "
                f"{_fmt(tch, 7, 1)} {_ratio(eng, tch)} {_ratio(eng_eval, tch)} | {grid_part}",
                flush=True,
            )
    print(
        f"\neng+eval: train({CHUNK}) calls, train and test loss evaluated every epoch; eng/tch and eval/tch "
        "divide by PyTorch's training-only rate"
    )
    if not args.no_start:
        with tempfile.TemporaryDirectory() as cache:
            cold = first_train_seconds(cache)
            warm = first_train_seconds(cache)
        with tempfile.TemporaryDirectory() as cache:  # what a window waits for before its first frame
            frame = first_train_seconds(cache, "warmup(rest=False)")
        print(
            f"first train() in a fresh process: cold (empty Numba cache) {cold:.1f} s, warm (cached) {warm:.2f} s; "
            f"a first frame's warmup(rest=False) cold {frame:.1f} s (load {os.getloadavg()[0]:.2f})"
        )


if __name__ == "__main__":
    main()
