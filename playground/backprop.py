"""Backpropagation on one point, step by step: every layer's z, a, δ and gradients, and the update.

`trace(exp, point, label)` runs one sample through the kernels' own forward, loss and backward (the
ones a training step runs) and returns plain NumPy arrays in a dict; `apply_step` then takes exactly
that optimizer step. No Qt here: the window asks for a trace on the engine thread and only draws it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from kernels import codes as C
from kernels import cpu

from .errors import ConfigError

if TYPE_CHECKING:
    from .experiment import Experiment

KINDS = {C.DENSE: "dense", C.MAXOUT: "maxout", C.DROPOUT: "dropout"}


def _number(value: Any, what: str) -> float:
    """value as a finite float, or a ConfigError naming `what`."""
    if isinstance(value, (bool, np.bool_)):
        raise ConfigError(f"{what} must be a number, got {value!r}")
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{what} must be a number, got {value!r}") from None
    if not math.isfinite(v):
        raise ConfigError(f"{what} must be a finite number, got {v}")
    return v


def check_point(exp: Experiment, point: Any, label: Any) -> tuple[np.ndarray, float]:
    """The point as raw inputs (before features) and the label as the kernels take it; a ConfigError
    in plain words for a point of the wrong shape, a value that is not finite or a label out of range."""
    n_raw = int(exp.dataset.x_train.shape[1])
    try:
        x = np.asarray(point, dtype=object).reshape(-1)
    except (TypeError, ValueError):
        x = np.asarray([point], dtype=object)
    if np.ndim(point) != 1 or len(x) != n_raw:
        names = "(x1, x2)" if n_raw == 2 else f"{n_raw} numbers"
        raise ConfigError(f"the point must be {names}, got {point!r}")
    values = np.array([_number(v, f"the point's value {i + 1}") for i, v in enumerate(x)])
    if exp.config["task"] == "regression":
        return values, _number(label, "the label (the target value)")
    k = max(2, int(exp.dataset.n_classes or 2))
    y = _number(label, "the label")
    if y != int(y) or not 0 <= y < k:
        raise ConfigError(f"the label must be a class from 0 to {k - 1}, got {label!r}")
    return values, y


def trace(exp: Experiment, point: Any, label: Any, dropout: bool = False) -> dict[str, Any]:
    """Forward, loss and backward of one point, as the kernels train it, and the optimizer's update.

    Returns {"point", "label", "features" (names, values, grad), "layers" (one per config layer, the
    output last: kind, activation, z, a, delta, grad_a, fprime, and for layers with weights W, b,
    grad_W, grad_b, step_W, step_b, new_W, new_b; alpha, grad_alpha, ... for PReLU; piece for maxout;
    mask for dropout), "loss", "data_loss", "penalty", "output", "optimizer", "lr"}. The gradients
    include the penalty's; the steps are what the optimizer would do with them now (its state is left
    as it was). dropout: draw masks as training does (from a copy of the training RNG), else none.
    """
    raw, y = check_point(exp, point, label)
    net = exp.net
    lay = net.layout
    table = lay.table
    xf = np.ascontiguousarray(exp._points(raw[None, :]), dtype=np.float64)
    # the digits have no features: their inputs are the pixels themselves
    names = list(exp.config.get("features") or (f"pixel {k + 1}" for k in range(xf.shape[1])))
    if not np.all(np.isfinite(xf)):
        bad = [n for n, v in zip(names, xf[0]) if not math.isfinite(v)]
        raise ConfigError(f"the feature {bad[0]} is not finite at this point")
    w = lay.width
    A, Z, D, U, F = (np.zeros((w, 1)) for _ in range(5))
    grads = np.zeros(lay.n_params)
    rng = net.rng.copy()  # the training RNG stays where it is
    loss, reg = cpu.backprop_point(
        xf, np.array([y]), table, lay.rates, net.params, grads, net.regmask, net.reg_kind,
        float(net.reg_rate), net.n_out, net.loss, bool(dropout), rng, A, Z, D, U, F,
        cpu.lazy_kernels(table, backward=True, plain=True),
    )  # fmt: skip
    new = net.params.copy()
    cpu.optimizer_step(
        table, new, grads.copy(), net.opt, net.hp, net.s1.copy(), net.s2.copy(), net.steps.copy()
    )
    step = new - net.params
    layers = []
    slices = iter(lay.param_slices())
    shapes = iter(lay.weight_shapes())
    specs = list(exp.config["layers"]) + [{"type": "output"}]
    for l, row in enumerate(table):
        kind = int(row[C.COL_KIND])
        units, oo, zo = int(row[C.COL_UNITS]), int(row[C.COL_OUT]), int(row[C.COL_Z])
        cols = slice(oo, oo + units)
        entry: dict[str, Any] = {
            "kind": "output" if l == len(table) - 1 else KINDS[kind],
            "units": units,
            "a": A[cols, 0].copy(),
            "delta": D[cols, 0].copy(),
            "grad_a": U[cols, 0].copy(),
            "fprime": F[cols, 0].copy(),
        }
        if kind == C.DENSE:
            entry["activation"] = C.ACTIVATIONS[int(row[C.COL_ACT])]
            entry["z"] = Z[zo : zo + units, 0].copy()
        elif kind == C.MAXOUT:
            entry["activation"] = "maxout"
            entry["piece"] = Z[zo : zo + units, 0].astype(np.int64)
            entry["z"] = entry["a"].copy()  # the winning piece's pre-activation is the output
        else:
            entry["activation"] = "dropout"
            entry["mask"] = Z[zo : zo + units, 0].copy()
            entry["z"] = A[int(row[C.COL_IN]) : int(row[C.COL_IN]) + units, 0].copy()
        entry["frozen"] = bool(specs[l].get("frozen", False))
        if kind != C.DROPOUT:
            sl, sh = next(slices), next(shapes)
            for key, s in sl.items():
                entry[key] = net.params[s].reshape(sh[key]).copy()
                entry[f"grad_{key}"] = grads[s].reshape(sh[key]).copy()
                entry[f"step_{key}"] = step[s].reshape(sh[key]).copy()
                entry[f"new_{key}"] = new[s].reshape(sh[key]).copy()
        layers.append(entry)
    out = layers[-1]["a"]
    return {
        "point": raw,
        "label": y,
        "features": {
            "names": names,
            "values": xf[0].copy(),
            "grad": U[: xf.shape[1], 0].copy(),
        },
        "layers": layers,
        "loss": float(loss + reg),
        "data_loss": float(loss),
        "penalty": float(reg),
        "output": exp._scores(out[:, None]).reshape(-1),
        "optimizer": exp.config["optimizer"]["name"],
        "lr": float(exp.config["optimizer"]["lr"]),
        "dropout": bool(dropout),
    }


def gradients(tr: dict[str, Any]) -> list[dict[str, np.ndarray]]:
    """The trace's gradients shaped like Experiment.get_weights() (one dict per layer with weights)."""
    out = []
    for layer in tr["layers"]:
        if "W" in layer:
            out.append({k: layer[f"grad_{k}"] for k in ("W", "b", "alpha") if k in layer})
    return out


def apply_step(exp: Experiment, point: Any, label: Any) -> dict[str, Any]:
    """Take exactly the step trace(point, label) shows: one optimizer step on this one point.

    It counts as one epoch on the loss curve (the history gets a row). Returns the trace it applied.
    """
    tr = trace(exp, point, label)
    exp.apply_gradients(gradients(tr))
    exp.epoch += 1
    row = exp.evaluate()
    norms = [float(np.sqrt(sum(np.sum(v**2) for v in g.values()))) for g in gradients(tr)]
    lr = float(exp.config["optimizer"]["lr"])  # the rate apply_gradients stepped with
    exp.history.append({k: [v] for k, v in row.items()} | {"lr": [lr], "grad_norms": [norms]})
    return tr
