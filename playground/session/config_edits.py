"""Pure edits of an experiment config dict, one per control; each returns a new dict."""

from __future__ import annotations

import copy
from typing import Any

from playground.config import with_data
from playground.datasets import is_image_data

MAX_HIDDEN_LAYERS = 8
MAX_UNITS = 256  # per hidden layer; wider than 32 is drawn collapsed
NEW_LAYER_UNITS = 2

Config = dict[str, Any]


def param_layer_indices(cfg: Config) -> list[int]:
    """Indices in cfg["layers"] of the layers that hold weights (dense, maxout), in order."""
    return [
        i
        for i, layer in enumerate(cfg.get("layers", []))
        if layer.get("type", "dense") != "dropout"
    ]


def first_activation(cfg: Config) -> str | None:
    """Activation of the first dense hidden layer, or None when there is none."""
    for layer in cfg.get("layers", []):
        if layer.get("type", "dense") == "dense":
            return layer.get("activation")
    return None


def set_activation(cfg: Config, activation: str) -> Config:
    """Every dense hidden layer gets this activation."""
    out = copy.deepcopy(cfg)
    for layer in out.get("layers", []):
        if layer.get("type", "dense") == "dense":
            layer["activation"] = activation
    return out


def add_layer(cfg: Config) -> Config:
    """Append a small dense hidden layer (up to MAX_HIDDEN_LAYERS)."""
    out = copy.deepcopy(cfg)
    if len(param_layer_indices(out)) >= MAX_HIDDEN_LAYERS:
        return out
    activation = first_activation(out) or "tanh"
    out.setdefault("layers", []).append(
        {"type": "dense", "units": NEW_LAYER_UNITS, "activation": activation}
    )
    return out


def remove_layer(cfg: Config) -> Config:
    """Drop the last hidden layer with weights, and any dropout after it."""
    out = copy.deepcopy(cfg)
    idx = param_layer_indices(out)
    if idx:
        out["layers"] = out["layers"][: idx[-1]]
    return out


def change_units(cfg: Config, param_layer: int, delta: int) -> Config:
    """Add delta neurons to the param_layer-th hidden layer (1..MAX_UNITS)."""
    out = copy.deepcopy(cfg)
    idx = param_layer_indices(out)
    layer = out["layers"][idx[param_layer]]
    layer["units"] = int(min(MAX_UNITS, max(1, layer["units"] + delta)))
    return out


def set_feature(cfg: Config, name: str, enabled: bool, order: tuple[str, ...]) -> Config:
    """Switch one input feature on or off, keeping the canonical order and at least one feature."""
    out = copy.deepcopy(cfg)
    current = set(out.get("features", []))
    if enabled:
        current.add(name)
    elif len(current) > 1:
        current.discard(name)
    # Built-in features keep their canonical order; formula features stay after them in theirs.
    out["features"] = [f for f in order if f in current] + [
        f for f in out.get("features", []) if f in current and f not in order
    ]
    if enabled and name not in out["features"]:
        out["features"].append(name)
    return out


# Data of the user's own, by data.name: the key of the data section that holds it.
OWN_DATA = {"points": "points", "csv": "path", "formula": "formula"}


def is_own_data(cfg: Config) -> bool:
    """Whether the data is the user's own: painted points, a CSV file or a label formula."""
    return cfg.get("data", {}).get("name") in OWN_DATA


def _named(data: dict[str, Any], name: str) -> None:
    """data.name becomes name; what held another source's data (points, path, formula) goes."""
    for owner, key in OWN_DATA.items():
        if owner != name:
            data.pop(key, None)
    if name != "digits":
        data.pop("drawn", None)  # the digits a student drew belong to the digits
    data["name"] = name


def set_data(cfg: Config, **changes: Any) -> Config:
    """Change keys of the data section (name, noise, test_ratio, classes, n_samples).

    A new name replaces the data: a generated data set picked over the user's own points, CSV file
    or label formula takes their place (their key goes with them). An image set (the digits) keeps
    only its test ratio and seed, and the config its features only for 2-D data.
    """
    out = copy.deepcopy(cfg)
    data = out.setdefault("data", {})
    picked = "name" in changes
    if picked:
        _named(data, changes.pop("name"))
    data.update(changes)
    if is_image_data(data):  # a data set picked anew leaves the digits drawn behind
        keep = ("name", "test_ratio", "seed") + (("drawn",) if not picked else ())
        data = {k: data[k] for k in keep if k in data}
    return with_data(out, data)


def set_task(cfg: Config, task: str, default_dataset: str) -> Config:
    """Switch between classification and regression with a data set and loss that fit the task
    (the task's default data set replaces any data of the user's own)."""
    out = copy.deepcopy(cfg)
    out["task"] = task
    _named(out.setdefault("data", {}), default_dataset)
    out["loss"] = "cross_entropy" if task == "classification" else "mse"
    return out


def set_key(cfg: Config, key: str, value: Any) -> Config:
    """Set one top-level key."""
    out = copy.deepcopy(cfg)
    out[key] = value
    return out
