"""Freeze torch.optim's paths across the landscape surfaces into tests/data/landscape_torch.json.

    python tests/tools/make_landscape_reference.py

Each of the nine optimizers (torch's defaults; plain SGD, momentum and Nesterov at a learning rate
each surface tolerates) takes 60 steps from the surface's start, in float64, with autograd's gradient
of the same formula. tests/test_landscape.py checks playground.landscape.race against these numbers.
"""

import json
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playground.config import OPTIMIZER_DEFAULTS
from playground.landscape import SURFACES

STEPS = 60
SGD_LR = {"rosenbrock": 1e-3, "himmelblau": 5e-3, "beale": 1e-3, "saddle": 0.05, "bowl": 0.03}
FORMULAS = {
    "rosenbrock": lambda x, y: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
    "himmelblau": lambda x, y: (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
    "beale": lambda x, y: (
        (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y**3) ** 2
    ),
    "saddle": lambda x, y: x * x - y * y,
    "bowl": lambda x, y: x * x + 25 * y * y,
}


def config(name: str, surface: str) -> dict:
    opt = {"name": name, **OPTIMIZER_DEFAULTS[name]}
    if name in ("sgd", "momentum", "nesterov"):
        opt["lr"] = SGD_LR[surface]
    return opt


def torch_optimizer(opt: dict, params):
    name, lr = opt["name"], opt["lr"]
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name in ("momentum", "nesterov"):
        return torch.optim.SGD(params, lr=lr, momentum=opt["momentum"], nesterov=name == "nesterov")
    if name == "adagrad":
        return torch.optim.Adagrad(
            params,
            lr=lr,
            lr_decay=opt["lr_decay"],
            eps=opt["eps"],
            initial_accumulator_value=opt["initial_accumulator_value"],
        )
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=opt["alpha"], eps=opt["eps"])
    if name == "adadelta":
        return torch.optim.Adadelta(params, lr=lr, rho=opt["rho"], eps=opt["eps"])
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, betas=tuple(opt["betas"]), eps=opt["eps"])
    if name == "adamax":
        return torch.optim.Adamax(params, lr=lr, betas=tuple(opt["betas"]), eps=opt["eps"])
    return torch.optim.NAdam(
        params,
        lr=lr,
        betas=tuple(opt["betas"]),
        eps=opt["eps"],
        momentum_decay=opt["momentum_decay"],
    )


def torch_path(surface: str, opt: dict) -> list[list[float]]:
    start = SURFACES[surface].start
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optim = torch_optimizer(opt, [p])
    path = [list(start)]
    for _ in range(STEPS):
        optim.zero_grad()
        FORMULAS[surface](p[0], p[1]).backward()
        optim.step()
        path.append(p.detach().tolist())
    return path


def main() -> None:
    out = {"torch": torch.__version__, "steps": STEPS, "cases": []}
    for surface in SURFACES:
        for name in OPTIMIZER_DEFAULTS:
            opt = config(name, surface)
            out["cases"].append(
                {"surface": surface, "optimizer": opt, "path": torch_path(surface, opt)}
            )
    path = ROOT / "tests" / "data" / "landscape_torch.json"
    path.write_text(json.dumps(out, indent=1))
    print(f"wrote {len(out['cases'])} paths to {path}")


if __name__ == "__main__":
    main()
