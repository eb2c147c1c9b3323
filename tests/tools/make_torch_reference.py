"""Freeze PyTorch's numbers into tests/data/torch_reference.json, the oracle of tests/reference.py.

PyTorch is NOT a project dependency; CI never runs this script. Regenerate by hand:

    pip install torch==2.13.0          # CPU wheel, into your own environment only
    python tests/tools/make_torch_reference.py

Everything is float64 (``torch.set_default_dtype(torch.float64)``, so optimizer step
counters and NAdam's mu_product are float64 too), seeded with NumPy's default_rng, and
written with json's repr of floats (round-trip exact). This script does not import
tests/reference.py: the torch side is written independently from the layer semantics.

Conventions: n_classes is 2 for binary, K for multi-class, 0 for regression; n_out is K when
K >= 3 else 1. The binary hinge loss is written with F.relu, so its sub-gradient at a margin of
exactly 0 is 0 (random data never hits it). Optimizers run with foreach=False (the
single-tensor code path, whose formulas tests/reference.py copies).

JSON structure
--------------
{
  "meta": {"torch_version": str, "seed": int, "prelu_init": float},
  "activations": {                    # one entry per activation name (12)
    name: {"x": [N], "value": [N], "grad": [N],          # f(x) and autograd df/dx
           "alpha": [N], "grad_alpha": [N]}              # prelu only: slope per element, df/dalpha
  },
  "losses": [                         # every valid (task, n_classes, loss) combination (10)
    {"task": str, "n_classes": int, "loss": str,
     "scores": [[7 x n_out]], "y": [7],  # 0/1 (binary), int (K >= 3), float (regression)
     "expected_loss": float, "expected_dscores": [[7 x n_out]]}
  ],
  "networks": [                       # small nets built in torch
    {"name": str, "layers": [layer config dicts, hidden only],
     "weights": [{"W": nested list, "b": ..., "alpha": ... (prelu)}],   # output layer last
     "masks": null | [[[batch x width]] per dropout layer],
     "X": [[5 x 2]], "y": [5], "task": str, "n_classes": int, "loss": str,
     "reg": {"kind": str, "rate": float},
     "expected_loss": float, "expected_grads": [like weights],
     "expected_scores": [[5 x n_out]],
     "expected_predict": [5] or [[5 x K]]}               # predict() with dropout off
  ],
  "optimizer_defaults": {name: {hp: value}},            # torch.optim defaults of the used hp names
  "optimizers": [                     # 9 names x 3 settings
    {"name": str, "hp": {partial hp dict as passed to the reference},
     "init": [p1, p2],                                   # p1 (3, 2), p2 (4,)
     "grads": [[g1, g2] x 6],                            # step 3: g2 all 0; a 0 in every g1
     "expected": [[p1, p2] after each of the 6 steps]}
  ]
}
"""

import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

SEED = 20261123
OUT = Path(__file__).resolve().parents[1] / "data" / "torch_reference.json"

torch.set_default_dtype(torch.float64)


def t(a):
    """Return a float64 tensor of a."""
    return torch.tensor(np.asarray(a, dtype=float))


def lst(x):
    """Return a tensor or array as nested lists of Python floats."""
    if isinstance(x, torch.Tensor):
        x = x.detach().numpy()
    return np.asarray(x, dtype=float).tolist()


# ----------------------------------------------------------------------------- activations

TORCH_ACT = {
    "linear": lambda z, a: z,
    "sigmoid": lambda z, a: torch.sigmoid(z),
    "tanh": lambda z, a: torch.tanh(z),
    "relu": lambda z, a: F.relu(z),
    "leaky_relu": lambda z, a: F.leaky_relu(z, 0.01),
    "prelu": lambda z, a: F.prelu(z, a),
    "elu": lambda z, a: F.elu(z),
    "selu": lambda z, a: F.selu(z),
    "softplus": lambda z, a: F.softplus(z),
    "gelu": lambda z, a: F.gelu(z),
    "silu": lambda z, a: F.silu(z),
    "sin": lambda z, a: torch.sin(z),
}

GRID = [
    -30.0,
    -20.5,
    -5.0,
    -2.0,
    -1.0,
    -0.5,
    -0.1,
    -1e-3,
    -1e-8,
    0.0,
    1e-8,
    1e-3,
    0.1,
    0.5,
    1.0,
    2.0,
    5.0,
    19.5,
    20.0,
    20.5,
    30.0,
]


def make_activations(rng):
    """Return the activations section: value and autograd derivatives on GRID."""
    out = {}
    for name, f in TORCH_ACT.items():
        x = t(GRID).requires_grad_(True)
        entry = {"x": GRID}
        if name == "prelu":
            alpha = rng.uniform(-0.3, 0.8, len(GRID))
            alpha[GRID.index(0.0)] = 0.25  # the initial slope, at the kink
            prelu = torch.nn.PReLU(num_parameters=len(GRID))
            with torch.no_grad():
                prelu.weight.copy_(t(alpha))
            y = prelu(x[None, :])[0]  # channel dim 1: one slope per grid point
            y.sum().backward()
            entry.update(alpha=lst(alpha), grad_alpha=lst(prelu.weight.grad))
        else:
            y = f(x, None)
            y.sum().backward()
        entry.update(value=lst(y), grad=lst(x.grad))
        out[name] = entry
    return out


# ----------------------------------------------------------------------------- losses


def torch_loss(s, y, task, k, loss):
    """Return the torch loss of scores s (n, n_out) for labels y."""
    if task == "regression":
        return torch.nn.MSELoss()(s[:, 0], y)
    if k == 2:
        s = s[:, 0]
        if loss == "cross_entropy":
            return torch.nn.BCEWithLogitsLoss()(s, y)
        if loss == "mse":
            return torch.nn.MSELoss()(torch.sigmoid(s), y)
        return F.relu(1.0 - (2.0 * y - 1.0) * s).mean()  # hinge
    y = y.long()
    if loss == "cross_entropy":
        return torch.nn.CrossEntropyLoss()(s, y)
    if loss == "mse":
        return torch.nn.MSELoss()(torch.softmax(s, dim=1), F.one_hot(y, k).double())
    return torch.nn.MultiMarginLoss()(s, y)  # p=1, margin=1


LOSS_COMBOS = [("classification", 2, loss) for loss in ("cross_entropy", "mse", "hinge")]
LOSS_COMBOS += [
    ("classification", k, loss) for k in (3, 5) for loss in ("cross_entropy", "mse", "hinge")
]
LOSS_COMBOS += [("regression", 0, "mse")]


def labels(rng, task, k, n):
    """Return n random labels for the task (every binary class present)."""
    if task == "regression":
        return rng.normal(size=n)
    y = rng.integers(0, k, size=n)
    y[:k] = np.arange(k) if n >= k else y[:k]
    return rng.permutation(y).astype(float if k == 2 else int)


def make_losses(rng):
    """Return the losses section: random scores (batch 7), torch loss and d loss / d scores."""
    out = []
    for task, k, loss in LOSS_COMBOS:
        n_out = k if k >= 3 else 1
        scores = rng.normal(scale=2.0, size=(7, n_out))
        y = labels(rng, task, k, 7)
        s = t(scores).requires_grad_(True)
        value = torch_loss(s, t(y), task, k, loss)
        value.backward()
        out.append(
            {
                "task": task,
                "n_classes": k,
                "loss": loss,
                "scores": lst(scores),
                "y": y.tolist(),
                "expected_loss": value.item(),
                "expected_dscores": lst(s.grad),
            }
        )
    return out


# ----------------------------------------------------------------------------- networks


def torch_forward(layers, params, X, masks):
    """Return the output scores of the net (hidden layers then a linear output layer)."""
    a, wi, mi = X, 0, 0
    for layer in layers + [{"type": "dense", "activation": "linear"}]:
        if layer["type"] == "dropout":
            if masks is not None:
                a = a * masks[mi]
            mi += 1
            continue
        p = params[wi]
        wi += 1
        if layer["type"] == "maxout":
            fan_in, units, pieces = p["W"].shape
            z = a @ p["W"].reshape(fan_in, units * pieces) + p["b"].reshape(-1)
            a = z.reshape(-1, units, pieces).max(dim=2).values
        else:
            a = TORCH_ACT[layer["activation"]](a @ p["W"] + p["b"], p.get("alpha"))
    return a


def random_weights(rng, layers, n_in, n_out):
    """Return random float64 weights (numpy) for the hidden layers and the output layer."""
    weights, width = [], n_in
    for layer in layers + [{"type": "dense", "units": n_out, "activation": "linear"}]:
        if layer["type"] == "dropout":
            continue
        if layer["type"] == "maxout":
            shape = (layer["units"], layer["pieces"])
            w = {
                "W": rng.normal(scale=0.9, size=(width,) + shape),
                "b": rng.normal(scale=0.3, size=shape),
            }
        else:
            w = {
                "W": rng.normal(scale=0.9, size=(width, layer["units"])),
                "b": rng.normal(scale=0.3, size=layer["units"]),
            }
            if layer["activation"] == "prelu":
                w["alpha"] = 0.25 + rng.normal(scale=0.1, size=layer["units"])
        weights.append(w)
        width = layer["units"]
    return weights


NETWORKS = [
    # name, hidden layers, task, K, loss, reg
    (
        "mixed",
        [
            {"type": "dense", "units": 3, "activation": "tanh"},
            {"type": "maxout", "units": 2, "pieces": 3},
            {"type": "dense", "units": 4, "activation": "prelu"},
        ],
        "classification",
        2,
        "cross_entropy",
        {"kind": "none", "rate": 0.0},
    ),
    (
        "dropout",
        [
            {"type": "dense", "units": 5, "activation": "relu"},
            {"type": "dropout", "rate": 0.4},
            {"type": "dense", "units": 4, "activation": "leaky_relu"},
            {"type": "dropout", "rate": 0.5},
        ],
        "classification",
        2,
        "hinge",
        {"kind": "l2", "rate": 0.03},
    ),
    (
        "multiclass3_ce",
        [
            {"type": "dense", "units": 4, "activation": "elu"},
            {"type": "dense", "units": 3, "activation": "gelu"},
        ],
        "classification",
        3,
        "cross_entropy",
        {"kind": "l1", "rate": 0.02},
    ),
    (
        "multiclass5_mse",
        [
            {"type": "dense", "units": 4, "activation": "selu"},
            {"type": "dense", "units": 4, "activation": "softplus"},
        ],
        "classification",
        5,
        "mse",
        {"kind": "l2", "rate": 0.1},
    ),
    (
        "multiclass3_hinge",
        [
            {"type": "dense", "units": 3, "activation": "silu"},
            {"type": "maxout", "units": 3, "pieces": 2},
            {"type": "dense", "units": 3, "activation": "sin"},
        ],
        "classification",
        3,
        "hinge",
        {"kind": "none", "rate": 0.0},
    ),
    (
        "regression",
        [
            {"type": "dense", "units": 4, "activation": "sigmoid"},
            {"type": "dense", "units": 3, "activation": "linear"},
            {"type": "dropout", "rate": 0.2},
        ],
        "regression",
        0,
        "mse",
        {"kind": "l1", "rate": 0.05},
    ),
    (
        "binary_mse",
        [
            {"type": "dense", "units": 3, "activation": "prelu"},
            {"type": "maxout", "units": 2, "pieces": 2},
        ],
        "classification",
        2,
        "mse",
        {"kind": "l2", "rate": 0.01},
    ),
    (
        "maxout_ties",
        [{"type": "maxout", "units": 3, "pieces": 3}],
        "classification",
        2,
        "cross_entropy",
        {"kind": "none", "rate": 0.0},
    ),
]


def make_network(rng, name, layers, task, k, loss, reg):
    """Return one networks entry: random weights/data, torch loss, grads, scores, predictions."""
    n_out = k if k >= 3 else 1
    weights = random_weights(rng, layers, 2, n_out)
    if name == "maxout_ties":  # piece 2 copies piece 0: exact ties, the gradient picks piece 0
        weights[0]["W"][:, :, 2] = weights[0]["W"][:, :, 0]
        weights[0]["b"][:, 2] = weights[0]["b"][:, 0]
    if reg["kind"] == "l1":  # a weight at exactly 0: sign(0) = 0
        weights[0]["W"].flat[0] = 0.0
    X = rng.normal(size=(5, 2))
    y = labels(rng, task, k, 5)
    masks = None
    if any(layer["type"] == "dropout" for layer in layers):
        masks, width = [], 2
        for layer in layers:
            if layer["type"] == "dropout":
                keep = rng.random((5, width)) >= layer["rate"]
                masks.append(np.where(keep, 1.0 / (1.0 - layer["rate"]), 0.0))
            else:
                width = layer["units"]
    params = [{key: t(v).requires_grad_(True) for key, v in w.items()} for w in weights]
    tmasks = None if masks is None else [t(m) for m in masks]
    scores = torch_forward(layers, params, t(X), tmasks)
    value = torch_loss(scores, t(y), task, k, loss)
    if reg["kind"] == "l1":
        value = value + reg["rate"] * sum(p["W"].abs().sum() for p in params)
    elif reg["kind"] == "l2":
        value = value + 0.5 * reg["rate"] * sum((p["W"] ** 2).sum() for p in params)
    value.backward()
    with torch.no_grad():
        s = torch_forward(layers, params, t(X), None)  # dropout off
        if task == "regression":
            pred = s[:, 0]
        elif k == 2:
            pred = torch.sigmoid(s[:, 0])
        else:
            pred = torch.softmax(s, dim=1)
    return {
        "name": name,
        "layers": layers,
        "weights": [{key: lst(v) for key, v in w.items()} for w in weights],
        "masks": None if masks is None else [lst(m) for m in masks],
        "X": lst(X),
        "y": y.tolist(),
        "task": task,
        "n_classes": k,
        "loss": loss,
        "reg": reg,
        "expected_loss": value.item(),
        "expected_grads": [{key: lst(v.grad) for key, v in p.items()} for p in params],
        "expected_scores": lst(scores),
        "expected_predict": lst(pred),
    }


# ----------------------------------------------------------------------------- optimizers

OPTIMIZERS = {  # name -> (torch class, fixed kwargs)
    "sgd": (torch.optim.SGD, {}),
    "momentum": (torch.optim.SGD, {"momentum": 0.9}),
    "nesterov": (torch.optim.SGD, {"momentum": 0.9, "nesterov": True}),
    "adagrad": (torch.optim.Adagrad, {}),
    "rmsprop": (torch.optim.RMSprop, {}),
    "adadelta": (torch.optim.Adadelta, {}),
    "adam": (torch.optim.Adam, {}),
    "adamax": (torch.optim.Adamax, {}),
    "nadam": (torch.optim.NAdam, {}),
}

HP_NAMES = (
    "lr",
    "momentum",
    "betas",
    "eps",
    "alpha",
    "rho",
    "momentum_decay",
    "lr_decay",
    "initial_accumulator_value",
)

CUSTOM_HP = {
    "sgd": {"lr": 0.1},
    "momentum": {"lr": 0.05, "momentum": 0.5},
    "nesterov": {"lr": 0.05, "momentum": 0.8},
    "adagrad": {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-6},
    "rmsprop": {"lr": 0.01, "alpha": 0.9, "eps": 1e-6},
    "adadelta": {"lr": 0.5, "rho": 0.8, "eps": 1e-4},
    "adam": {"lr": 0.01, "betas": [0.8, 0.99], "eps": 1e-6},
    "adamax": {"lr": 0.01, "betas": [0.7, 0.9], "eps": 1e-6},
    "nadam": {"lr": 0.01, "betas": [0.8, 0.99], "eps": 1e-6, "momentum_decay": 0.01},
}


def optimizer_defaults():
    """Return torch's default values of the hp names each optimizer uses."""
    out = {}
    for name, (cls, fixed) in OPTIMIZERS.items():
        defaults = cls([torch.zeros(1, requires_grad=True)], **fixed).defaults
        out[name] = {
            key: (list(v) if isinstance(v, tuple) else v)
            for key, v in defaults.items()
            if key in HP_NAMES and (key != "momentum" or fixed)
        }
    return out


def gradient_sequence(rng):
    """Return 6 steps of gradients for p1 (3, 2) and p2 (4,), with zeros in places."""
    steps = []
    for k in range(6):
        g1, g2 = rng.normal(size=(3, 2)), rng.normal(scale=0.5, size=4)
        g1[k % 3, k % 2] = 0.0  # a zero entry in every step
        if k == 2:
            g2[:] = 0.0  # a whole zero gradient: state still moves
        steps.append([g1, g2])
    return steps


def make_optimizers(rng):
    """Return the optimizers section: parameter values after each of 6 torch steps."""
    out = []
    for name, (cls, fixed) in OPTIMIZERS.items():
        for hp in ({}, CUSTOM_HP[name], {"lr": 0.05}):
            init = [rng.normal(size=(3, 2)), rng.normal(size=4)]
            grads = gradient_sequence(rng)
            params = [t(p).requires_grad_(True) for p in init]
            kwargs = {**fixed, **{k: (tuple(v) if k == "betas" else v) for k, v in hp.items()}}
            opt = cls(params, foreach=False, **kwargs)
            expected = []
            for g in grads:
                for p, gk in zip(params, g):
                    p.grad = t(gk)
                opt.step()
                expected.append([lst(p) for p in params])
            out.append(
                {
                    "name": name,
                    "hp": hp,
                    "init": [lst(p) for p in init],
                    "grads": [[lst(g) for g in step] for step in grads],
                    "expected": expected,
                }
            )
    return out


def dump(data):
    """Return data as JSON text with one line per section entry (small, diff-friendly)."""
    sections = []
    for key, value in data.items():
        if isinstance(value, dict):
            entries = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in value.items()]
            sections.append(f"{json.dumps(key)}: {{\n  " + ",\n  ".join(entries) + "\n}")
        else:
            entries = [json.dumps(v) for v in value]
            sections.append(f"{json.dumps(key)}: [\n  " + ",\n  ".join(entries) + "\n]")
    return "{\n" + ",\n".join(sections) + "\n}\n"


def main():
    """Generate and write the JSON file."""
    rng = np.random.default_rng(SEED)
    data = {
        "meta": {
            "torch_version": torch.__version__,
            "seed": SEED,
            "prelu_init": torch.nn.PReLU().weight.item(),
        },
        "activations": make_activations(rng),
        "losses": make_losses(rng),
        "networks": [make_network(rng, *spec) for spec in NETWORKS],
        "optimizer_defaults": optimizer_defaults(),
        "optimizers": make_optimizers(rng),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(dump(data))
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
