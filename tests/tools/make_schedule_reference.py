"""Freeze torch.optim.lr_scheduler's learning rates, and training with them, into
tests/data/schedules_torch.json.

    python tests/tools/make_schedule_reference.py

"rates": each schedule case runs 50 steps of torch's scheduler on an SGD optimizer of one float64
parameter (optimizer.step() then scheduler.step(), as torch's docs order them); the rate recorded for
step t is param_groups[0]["lr"] while step t runs. cyclic and onecycle run with cycle_momentum=False,
the one setting the playground takes (it cycles the learning rate only).

"training": a small net (2 -> dense 3 tanh -> 1, binary cross-entropy) on inline points, trained in
torch float64 from the engine's own initial weights, in the engine's sample order (the order comes
from the engine's shuffle, kernels.cpu.shuffle, on a copy of its random state: the order is not what
is tested), with the schedule stepped per epoch (step, exponential, cosine) or per batch (cyclic,
onecycle). The train loss over all training points after each epoch and the final weights are kept.
tests/test_schedules.py checks the engine against both; torch is needed only here.
"""

import json
import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kernels import cpu
from playground.experiment import Experiment
from playground.features import feature_matrix
from playground.schedules import normalize_schedule

torch.set_default_dtype(torch.float64)
STEPS = 50
BASE_LR = 0.1

RATE_CASES = [
    {"name": "step", "step_size": 7},
    {"name": "step", "step_size": 3, "gamma": 0.5},
    {"name": "exponential", "gamma": 0.9},
    {"name": "cosine", "T_max": 10},
    {"name": "cosine", "T_max": 7, "eta_min": 0.01},
    {"name": "cyclic", "base_lr": 0.01, "max_lr": 0.1, "step_size_up": 6},
    {
        "name": "cyclic",
        "base_lr": 0.01,
        "max_lr": 0.1,
        "step_size_up": 4,
        "step_size_down": 7,
        "mode": "triangular2",
    },
    {
        "name": "cyclic",
        "base_lr": 0.001,
        "max_lr": 0.05,
        "step_size_up": 5,
        "mode": "exp_range",
        "gamma": 0.97,
    },
    {"name": "onecycle", "max_lr": 0.1, "total_steps": 50},
    {
        "name": "onecycle",
        "max_lr": 0.3,
        "total_steps": 60,
        "pct_start": 0.25,
        "anneal_strategy": "linear",
        "div_factor": 10.0,
        "final_div_factor": 100.0,
    },
    {"name": "onecycle", "max_lr": 0.2, "total_steps": 50, "three_phase": True},
]

POINTS_SEED = 20261202
TRAIN_EPOCHS = 6
TRAIN_CASES = [
    ({"name": "sgd", "lr": 0.5}, {"name": "step", "step_size": 2, "gamma": 0.5}),
    ({"name": "momentum", "lr": 0.1}, {"name": "cosine", "T_max": 4, "eta_min": 0.01}),
    ({"name": "adam", "lr": 0.05}, {"name": "exponential", "gamma": 0.8}),
    (
        {"name": "nesterov", "lr": 0.1},
        {"name": "cyclic", "base_lr": 0.01, "max_lr": 0.3, "step_size_up": 5},
    ),
    ({"name": "adagrad", "lr": 0.1}, {"name": "onecycle", "max_lr": 0.5, "total_steps": 30}),
    (
        {"name": "rmsprop", "lr": 0.01},
        {
            "name": "onecycle",
            "max_lr": 0.05,
            "total_steps": 40,
            "three_phase": True,
            "anneal_strategy": "linear",
        },
    ),
]


def torch_scheduler(spec: dict, optim):
    """The torch scheduler of a playground schedule table (normalised)."""
    s = normalize_schedule(spec)
    sch = torch.optim.lr_scheduler
    if s["name"] == "step":
        return sch.StepLR(optim, step_size=s["step_size"], gamma=s["gamma"])
    if s["name"] == "exponential":
        return sch.ExponentialLR(optim, gamma=s["gamma"])
    if s["name"] == "cosine":
        return sch.CosineAnnealingLR(optim, T_max=s["T_max"], eta_min=s["eta_min"])
    if s["name"] == "cyclic":
        return sch.CyclicLR(
            optim,
            base_lr=s["base_lr"],
            max_lr=s["max_lr"],
            step_size_up=s["step_size_up"],
            step_size_down=s["step_size_down"],
            mode=s["mode"],
            gamma=s["gamma"],
            cycle_momentum=False,
        )
    return sch.OneCycleLR(
        optim,
        max_lr=s["max_lr"],
        total_steps=s["total_steps"],
        pct_start=s["pct_start"],
        anneal_strategy=s["anneal_strategy"],
        div_factor=s["div_factor"],
        final_div_factor=s["final_div_factor"],
        three_phase=s["three_phase"],
        cycle_momentum=False,
    )


def rates(spec: dict) -> list[float]:
    p = torch.zeros(1, requires_grad=True)
    optim = torch.optim.SGD([p], lr=BASE_LR)
    sched = torch_scheduler(spec, optim)
    out = []
    for _ in range(STEPS):
        out.append(float(optim.param_groups[0]["lr"]))
        p.grad = torch.ones(1)
        optim.step()
        sched.step()
    return out


def torch_optimizer(opt: dict, params):
    name, lr = opt["name"], opt["lr"]
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, foreach=False)
    if name in ("momentum", "nesterov"):
        return torch.optim.SGD(
            params, lr=lr, momentum=0.9, nesterov=name == "nesterov", foreach=False
        )
    if name == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, foreach=False)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, foreach=False)
    return torch.optim.Adam(params, lr=lr, foreach=False)


def points() -> list[list[float]]:
    rng = np.random.default_rng(POINTS_SEED)
    xy = rng.uniform(-3, 3, (40, 2))
    label = (xy[:, 0] * xy[:, 1] > 0).astype(int)
    return [[float(a), float(b), int(c)] for (a, b), c in zip(xy, label)]


def config(opt: dict, schedule: dict, pts) -> dict:
    return {
        "seed": 3,
        "data": {"name": "points", "points": pts},
        "features": ["x1", "x2"],
        "layers": [{"type": "dense", "units": 3, "activation": "tanh"}],
        "batch_size": 6,
        "optimizer": opt,
        "schedule": schedule,
    }


def train(cfg: dict) -> dict:
    exp = Experiment.from_dict(cfg)
    (w1, w2) = exp.get_weights()
    x = torch.tensor(feature_matrix(exp.dataset.x_train, cfg["features"]))
    y = torch.tensor(np.asarray(exp.dataset.y_train, dtype=float))
    l1, l2 = torch.nn.Linear(2, 3), torch.nn.Linear(3, 1)
    with torch.no_grad():
        l1.weight.copy_(torch.tensor(w1["W"].T))
        l1.bias.copy_(torch.tensor(w1["b"]))
        l2.weight.copy_(torch.tensor(w2["W"].T))
        l2.bias.copy_(torch.tensor(w2["b"]))
    params = [l1.weight, l1.bias, l2.weight, l2.bias]
    optim = torch_optimizer(cfg["optimizer"], params)
    sched = torch_scheduler(cfg["schedule"], optim)
    per_batch = cfg["schedule"]["name"] in ("cyclic", "onecycle")
    loss_fn = torch.nn.BCEWithLogitsLoss()

    def model(a):
        return l2(torch.tanh(l1(a)))[:, 0]

    state = exp.net.rng.copy()  # the engine's shuffles, replayed
    order = np.arange(len(y))
    n, bs = len(y), cfg["batch_size"]
    losses, lrs = [], []
    for _ in range(TRAIN_EPOCHS):
        cpu.shuffle(order, state)
        for start in range(0, n, bs):
            rows = torch.tensor(order[start : start + bs].copy())
            optim.zero_grad()
            loss_fn(model(x[rows]), y[rows]).backward()
            lr = float(optim.param_groups[0]["lr"])
            optim.step()
            if per_batch:
                sched.step()
        lrs.append(lr)
        if not per_batch:
            sched.step()
        with torch.no_grad():
            losses.append(float(loss_fn(model(x), y)))
    weights = [
        {"W": l1.weight.detach().numpy().T.tolist(), "b": l1.bias.detach().numpy().tolist()},
        {"W": l2.weight.detach().numpy().T.tolist(), "b": l2.bias.detach().numpy().tolist()},
    ]
    return {"train_loss": losses, "lr": lrs, "weights": weights}


def main() -> None:
    out = {
        "torch": torch.__version__,
        "steps": STEPS,
        "base_lr": BASE_LR,
        "rates": [],
        "training": [],
    }
    for spec in RATE_CASES:
        out["rates"].append({"schedule": spec, "lr": rates(spec)})
    pts = points()
    for opt, spec in TRAIN_CASES:
        cfg = config(opt, spec, pts)
        out["training"].append({"config": cfg, "epochs": TRAIN_EPOCHS, **train(cfg)})
    path = ROOT / "tests" / "data" / "schedules_torch.json"
    path.write_text(json.dumps(out, indent=1))
    print(f"wrote {len(out['rates'])} schedules and {len(out['training'])} trainings to {path}")


if __name__ == "__main__":
    main()
