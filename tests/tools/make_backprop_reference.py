"""Freeze PyTorch autograd's numbers for one point's backpropagation into tests/data/backprop_torch.json.

    python tests/tools/make_backprop_reference.py

For each case (a config, random weights, one point and its label) torch computes, in float64, every
layer's pre-activation z, output a and dL/dz (autograd on z, retained), each parameter's gradient and
the loss, and the weights after one step of torch.optim.SGD, SGD with momentum and Adam from a fresh
optimizer. tests/test_backprop.py checks Experiment.backprop_trace against them; torch is not needed
to run the tests. The torch side is written from the layers' definitions, not from the kernels.
"""

import json
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playground.experiment import Experiment

OUT = ROOT / "tests" / "data" / "backprop_torch.json"
SEED = 20261202
torch.set_default_dtype(torch.float64)

ACT = {
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
OPTIMIZERS = {
    "sgd": ({"name": "sgd", "lr": 0.1}, lambda p: torch.optim.SGD(p, lr=0.1)),
    "momentum": (
        {"name": "momentum", "lr": 0.1, "momentum": 0.9},
        lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, foreach=False),
    ),
    "adam": (
        {"name": "adam", "lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8},
        lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8, foreach=False),
    ),
}


def cases():
    """(name, config, point, label) for every case."""
    out = []
    for act in ACT:
        layers = [
            {"type": "dense", "units": 3, "activation": act},
            {"type": "dense", "units": 2, "activation": act},
        ]
        out.append((f"dense_{act}", {"seed": 3, "layers": layers}, (0.7, -1.3), 1))
    out.append((
        "features",
        {"seed": 3, "features": ["x1", "x2", "x1*x2", "sin(x1)"],
         "layers": [{"type": "dense", "units": 3, "activation": "tanh"}]},
        (1.5, 0.4), 0,
    ))  # fmt: skip
    out.append((
        "maxout",
        {"seed": 3, "layers": [{"type": "maxout", "units": 3, "pieces": 3},
                               {"type": "dense", "units": 2, "activation": "tanh"}]},
        (-0.8, 2.1), 0,
    ))  # fmt: skip
    out.append((
        "softmax_k3",
        {"seed": 3, "data": {"name": "blobs", "classes": 3},
         "layers": [{"type": "dense", "units": 4, "activation": "relu"}]},
        (1.2, -0.6), 2,
    ))  # fmt: skip
    out.append((
        "regression",
        {"seed": 3, "task": "regression", "data": {"name": "plane"}, "loss": "mse",
         "layers": [{"type": "dense", "units": 3, "activation": "tanh"}]},
        (2.0, -0.5), 0.37,
    ))  # fmt: skip
    return out


def random_weights(exp, rng):
    """Weights of exp's shapes, drawn so that no pre-activation sits at a kink."""
    out = []
    for shapes in exp.net.layout.weight_shapes():
        layer = {k: rng.normal(scale=0.8, size=s) for k, s in shapes.items()}
        if "alpha" in layer:
            layer["alpha"] = 0.25 + rng.normal(scale=0.1, size=shapes["alpha"])
        out.append(layer)
    return out


def torch_case(exp, weights, point, label):
    """Autograd's forward and backward of one point, and each optimizer's first step."""
    feats = exp.backprop_trace(point, label)["features"][
        "values"
    ]  # the features only, not the oracle
    specs = exp.config["layers"] + [{"type": "dense", "activation": "linear"}]

    def run(params):
        a = torch.tensor(np.asarray(feats)[None, :])
        zs, outs = [], []
        for spec, p in zip(specs, params):
            if spec["type"] == "maxout":
                fan_in, units, pieces = p["W"].shape
                zall = a @ p["W"].reshape(fan_in, units * pieces) + p["b"].reshape(-1)
                a = zall.reshape(-1, units, pieces).max(dim=2).values
                z = a
                z.retain_grad()
            else:
                z = a @ p["W"] + p["b"]
                z.retain_grad()
                a = ACT[spec["activation"]](z, p.get("alpha"))
            zs.append(z)
            outs.append(a)
        s = a
        if exp.config["task"] == "regression":
            loss = F.mse_loss(s[:, 0], torch.tensor([float(label)]))
        elif exp.n_outputs == 1:
            loss = F.binary_cross_entropy_with_logits(s[:, 0], torch.tensor([float(label)]))
        else:
            loss = F.cross_entropy(s, torch.tensor([int(label)]))
        return loss, zs, outs

    params = [{k: torch.tensor(v, requires_grad=True) for k, v in w.items()} for w in weights]
    loss, zs, outs = run(params)
    loss.backward()
    layers = []
    for z, a, p in zip(zs, outs, params):
        layers.append({
            "z": z[0].tolist(), "a": a[0].detach().tolist(), "delta": z.grad[0].tolist(),
            **{f"grad_{k}": v.grad.tolist() for k, v in p.items()},
        })  # fmt: skip
    steps = {}
    for name, (_cfg, make) in OPTIMIZERS.items():
        ps = [{k: torch.tensor(v, requires_grad=True) for k, v in w.items()} for w in weights]
        opt = make([t for p in ps for t in p.values()])
        opt.zero_grad()
        run(ps)[0].backward()
        opt.step()
        steps[name] = [{k: v.detach().tolist() for k, v in p.items()} for p in ps]
    return {"loss": loss.item(), "layers": layers, "new_weights": steps}


def main():
    rng = np.random.default_rng(SEED)
    out = {"meta": {"torch_version": torch.__version__, "seed": SEED},
           "optimizers": {k: v[0] for k, v in OPTIMIZERS.items()}, "cases": []}  # fmt: skip
    for name, config, point, label in cases():
        exp = Experiment.from_dict(config)
        weights = random_weights(exp, rng)
        exp.set_weights(weights)
        ref = torch_case(exp, weights, point, label)
        if name == "dense_prelu":
            assert any(z < 0 for layer in ref["layers"] for z in layer["z"]), (
                "no negative z for PReLU"
            )
        out["cases"].append({
            "name": name, "config": config, "point": list(point), "label": label,
            "weights": [{k: v.tolist() for k, v in w.items()} for w in weights], **ref,
        })  # fmt: skip
    OUT.write_text(json.dumps(out, indent=1))
    print(f"wrote {len(out['cases'])} cases to {OUT}")


if __name__ == "__main__":
    main()
