"""Digits speed: epochs per second of 64-32-10 relu, Adam, batch 32, engine against PyTorch and scikit-learn.

    python benchmarks/bench_digits.py            # ~1 minute
    python benchmarks/bench_digits.py --quick    # shorter timings

All three train the same network on the same split of scikit-learn's digits (seed 0, half for
training: 899 images of 64 pixels, ten classes), Adam with lr 0.003 and minibatches of 32, one thread:

    engine       Experiment.train(k) for large k, history every k epochs: the kernels alone (float64)
    eng+eval     Experiment.train(1) again and again: train and test loss and accuracy every epoch, as the
                 window and the CLI record them
    torch f64    PyTorch, float64 like the engine, one thread: zero_grad, forward, backward, step
    torch f32    the same in float32 (PyTorch's usual precision)
    sklearn      MLPClassifier(solver="adam", batch_size=32, alpha=0), time per epoch of fit(max_iter=N)

The ratio is engine / torch f64, from the same run. PyTorch and scikit-learn are used only here.
"""

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[var] = "1"

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playground import Experiment

LR, BATCH, HIDDEN = 0.003, 32, 32
CONFIG = {
    "seed": 0,
    "data": {"name": "digits", "test_ratio": 0.5},
    "layers": [{"type": "dense", "units": HIDDEN, "activation": "relu"}],
    "optimizer": {"name": "adam", "lr": LR},
    "batch_size": BATCH,
}


def timed(step, budget: float) -> float:
    """Units per second of step(k) (which does k units of work), run for about `budget` seconds."""
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


def engine_rates(budget: float) -> tuple[float, float, float]:
    """(epochs/s kernels alone, epochs/s with every epoch evaluated, test accuracy after 50 epochs)."""
    exp = Experiment.from_dict(CONFIG)
    exp.warmup(wide=True)
    exp.train(1)
    alone = timed(lambda k: exp.train(k, record_every=k), budget)

    def every_epoch(k):
        for _ in range(k):
            exp.train(1)

    evaluated = timed(every_epoch, budget)
    fresh = Experiment.from_dict(CONFIG)
    fresh.train(50, record_every=50)
    return alone, evaluated, fresh.evaluate()["test_accuracy"]


def torch_rate(ds, weights, dtype_name: str, budget: float) -> tuple[float, float]:
    """(epochs/s, test accuracy after 50 epochs) of the same net in PyTorch, one thread."""
    import torch

    torch.set_num_threads(1)
    dtype = getattr(torch, dtype_name)

    def model():
        m = torch.nn.Sequential(
            torch.nn.Linear(64, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, 10)
        ).to(dtype)
        with torch.no_grad():
            for lin, w in zip((m[0], m[2]), weights):
                lin.weight.copy_(torch.from_numpy(w["W"].T))
                lin.bias.copy_(torch.from_numpy(w["b"]))
        return m

    xt = torch.from_numpy(ds.x_train).to(dtype)
    yt = torch.from_numpy(ds.y_train)
    gen = torch.Generator().manual_seed(0)
    loss_fn = torch.nn.CrossEntropyLoss()

    def trainer(m):
        opt = torch.optim.Adam(m.parameters(), lr=LR)

        def step(k):
            for _ in range(k):
                order = torch.randperm(len(xt), generator=gen)
                for s in range(0, len(xt), BATCH):
                    idx = order[s : s + BATCH]
                    opt.zero_grad()
                    loss_fn(m(xt[idx]), yt[idx]).backward()
                    opt.step()

        return step

    rate = timed(trainer(model()), budget)
    m = model()
    trainer(m)(50)
    with torch.no_grad():
        pred = m(torch.from_numpy(ds.x_test).to(dtype)).argmax(dim=1).numpy()
    return rate, float(np.mean(pred == ds.y_test))


def sklearn_epoch_seconds(ds, epochs: int) -> tuple[float, float]:
    """(seconds per epoch, test accuracy) of MLPClassifier trained `epochs` epochs on the same split."""
    from sklearn.neural_network import MLPClassifier

    mlp = MLPClassifier(
        (HIDDEN,),
        solver="adam",
        batch_size=BATCH,
        learning_rate_init=LR,
        alpha=0.0,
        max_iter=epochs,
        tol=0.0,
        n_iter_no_change=10**9,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "not converged": it runs every epoch on purpose
        t = time.perf_counter()
        mlp.fit(ds.x_train, ds.y_train)
        seconds = time.perf_counter() - t
    return seconds / mlp.n_iter_, mlp.score(ds.x_test, ds.y_test)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter timings")
    args = parser.parse_args()
    budget = 1.0 if args.quick else 4.0
    exp = Experiment.from_dict(CONFIG)
    ds, weights = exp.dataset, exp.get_weights()
    print(
        f"digits: {len(ds.y_train)} training images, {len(ds.y_test)} test; 64-{HIDDEN}-10 relu, Adam "
        f"lr {LR}, batch {BATCH}, one thread; test accuracy after 50 epochs in brackets"
    )
    alone, evaluated, acc = engine_rates(budget)
    t64, acc64 = torch_rate(ds, weights, "float64", budget)
    t32, acc32 = torch_rate(ds, weights, "float32", budget)
    sk, acc_sk = sklearn_epoch_seconds(ds, 50 if args.quick else 200)
    rows = [
        ("engine", alone, acc),
        ("eng+eval", evaluated, acc),
        ("torch f64", t64, acc64),
        ("torch f32", t32, acc32),
        ("sklearn", 1.0 / sk, acc_sk),
    ]
    print(f"{'':10s} {'epochs/s':>10s} {'ms/epoch':>10s}   accuracy")
    for name, rate, a in rows:
        print(f"{name:10s} {rate:10,.0f} {1000 / rate:10.2f}   ({100 * a:.1f} %)")
    print(
        f"engine / torch f64: {alone / t64:.1f}x   eng+eval / torch f64: {evaluated / t64:.1f}x   "
        f"engine / torch f32: {alone / t32:.1f}x   engine / sklearn: {alone * sk:.1f}x"
    )


if __name__ == "__main__":
    main()
