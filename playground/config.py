"""The experiment config: defaults, validation and normalisation. The config dict is the single source of truth."""

import copy
from collections.abc import Mapping

from kernels.codes import ACTIVATIONS, OPTIMIZERS

from .datasets import _is_int, _is_real, _show, is_image_data, normalize_data
from .errors import ConfigError
from .features import FEATURES, feature_formula
from .formula import FormulaError
from .schedules import normalize_schedule

VERSION = 1
TASKS = ("classification", "regression")
LOSSES = ("cross_entropy", "mse", "hinge")
LAYER_TYPES = ("dense", "maxout", "dropout")
INITS = ("xavier", "he", "uniform", "zeros", "normal", "orthogonal")
MAX_INIT_STD = 100.0
REGULARIZERS = ("none", "l1", "l2")
BACKENDS = ("cpu", "cuda", "auto")
MAX_LAYERS = 16
MAX_UNITS = 1024
MAX_PIECES = 8
MAX_REGULARIZATION_RATE = 10.0

# torch.optim's defaults for each optimizer (momentum/nesterov are SGD with momentum 0.9).
OPTIMIZER_DEFAULTS = {
    "sgd": {"lr": 1e-3},
    "momentum": {"lr": 1e-3, "momentum": 0.9},
    "nesterov": {"lr": 1e-3, "momentum": 0.9},
    "adagrad": {"lr": 1e-2, "lr_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10},
    "rmsprop": {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8},
    "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6},
    "adam": {"lr": 1e-3, "betas": [0.9, 0.999], "eps": 1e-8},
    "adamax": {"lr": 2e-3, "betas": [0.9, 0.999], "eps": 1e-8},
    "nadam": {"lr": 2e-3, "betas": [0.9, 0.999], "eps": 1e-8, "momentum_decay": 4e-3},
}

DEFAULT_LAYERS = [
    {"type": "dense", "units": 4, "activation": "tanh"},
    {"type": "dense", "units": 2, "activation": "tanh"},
]
KEYS = ("version", "seed", "data", "features", "layers", "task", "loss", "regularization",
        "optimizer", "schedule", "batch_size", "init", "backend")


def _choice(value, options, key):
    if not isinstance(value, str) or value not in options:
        raise ConfigError(f"{key} must be one of {', '.join(options)}, got {_show(value)}")
    return value


def _int(value, lo, hi, key):
    if not _is_int(value) or not lo <= value <= hi:
        raise ConfigError(f"{key} must be an integer between {lo} and {hi}, got {_show(value)}")
    return int(value)


def range_words(lo: float, hi: float, lo_open: bool = False, hi_open: bool = False) -> str:
    """A range in plain words: 'between 0 and 1', 'at least 0 and below 1', 'above 0 and at most 1000'."""
    if not lo_open and not hi_open:
        return f"between {lo:g} and {hi:g}"
    start = f"above {lo:g}" if lo_open else f"at least {lo:g}"
    end = f"below {hi:g}" if hi_open else f"at most {hi:g}"
    return f"{start} and {end}"


def _real(value, lo, hi, key, hi_open=False, lo_open=False):
    ok = (_is_real(value) and (lo < value if lo_open else lo <= value)
          and (value < hi if hi_open else value <= hi))
    if not ok:
        words = range_words(lo, hi, lo_open, hi_open)
        raise ConfigError(f"{key} must be a number {words}, got {_show(value)}")
    return float(value)


def _table(value, key):
    if not isinstance(value, Mapping):
        raise ConfigError(f"{key} must be a table of settings, got {_show(value)}")
    return value


def _only(table, allowed, key):
    for k in table:
        if k not in allowed:
            raise ConfigError(f"{key}.{k} is not a known setting; expected one of {', '.join(allowed)}")


def normalize_layer(layer, i: int) -> dict:
    """Validate one hidden layer and fill its defaults."""
    key = f"layers[{i}]"
    layer = _table(layer, key)
    kind = _choice(layer.get("type", "dense"), LAYER_TYPES, f"{key}.type")
    frozen = layer.get("frozen", False)
    if not isinstance(frozen, bool):
        raise ConfigError(f"{key}.frozen must be true or false, got {_show(frozen)}")
    if kind == "dense":
        _only(layer, ("type", "units", "activation", "frozen"), key)
        out = {"type": kind, "units": _int(layer.get("units", 4), 1, MAX_UNITS, f"{key}.units"),
               "activation": _choice(layer.get("activation", "tanh"), ACTIVATIONS, f"{key}.activation")}
    elif kind == "maxout":
        _only(layer, ("type", "units", "pieces", "frozen"), key)
        out = {"type": kind, "units": _int(layer.get("units", 4), 1, MAX_UNITS, f"{key}.units"),
               "pieces": _int(layer.get("pieces", 2), 2, MAX_PIECES, f"{key}.pieces")}
    else:
        _only(layer, ("type", "rate", "frozen"), key)
        out = {"type": kind, "rate": _real(layer.get("rate", 0.5), 0.0, 1.0, f"{key}.rate", hi_open=True)}
    if frozen:
        out["frozen"] = True
    return out


# Each optimizer hyper-parameter's range: (low, high, low excluded, high excluded). eps keeps a
# division by a running average off zero, so 0 itself is refused (it divides by zero).
HYPER_RANGES = {
    "lr": (0.0, 1e3, False, False), "lr_decay": (0.0, 1e3, False, False),
    "initial_accumulator_value": (0.0, 1e3, False, False), "eps": (0.0, 1e3, True, False),
    "betas": (0.0, 1.0, False, True), "momentum": (0.0, 1.0, False, True),
    "alpha": (0.0, 1.0, False, True), "rho": (0.0, 1.0, False, False),
    "dampening": (0.0, 1.0, False, False), "weight_decay": (0.0, 1.0, False, False),
    "momentum_decay": (0.0, 1.0, False, False),
}


def normalize_optimizer(opt) -> dict:
    """Validate the optimizer section; missing hyper-parameters take torch.optim's defaults."""
    if opt is None:
        return {"name": "sgd", "lr": 0.03}
    opt = _table(opt, "optimizer")
    name = _choice(opt.get("name", "sgd"), OPTIMIZERS, "optimizer.name")
    defaults = OPTIMIZER_DEFAULTS[name]
    _only(opt, ("name", *defaults), "optimizer")
    out = {"name": name}
    for k, default in defaults.items():
        v = opt.get(k, default)
        key = f"optimizer.{k}"
        lo, hi, lo_open, hi_open = HYPER_RANGES[k]
        if k == "betas":
            if not isinstance(v, (list, tuple)) or len(v) != 2:
                raise ConfigError(f"{key} must be a pair [beta1, beta2], got {_show(v)}")
            out[k] = [_real(b, lo, hi, f"{key}[{j}] (β{'₁₂'[j]})", hi_open, lo_open)
                      for j, b in enumerate(v)]
        else:
            label = f"{key} (ε)" if k == "eps" else key
            out[k] = _real(v, lo, hi, label, hi_open, lo_open)
    return out


def normalize_init(init) -> str | dict:
    """A name ("xavier", "he", "uniform", "zeros", "orthogonal"), or {"name": "normal", "std": s}
    (the name "normal" alone means std 1, as torch.nn.init.normal_)."""
    if isinstance(init, Mapping):
        _only(init, ("name", "std"), "init")
        if init.get("name") != "normal":
            raise ConfigError(f"init as a table is {{\"name\": \"normal\", \"std\": s}}, got {_show(init)}")
        return {"name": "normal", "std": _real(init.get("std", 1.0), 0.0, MAX_INIT_STD, "init.std",
                                               lo_open=True)}
    name = _choice(init, INITS, "init")
    return {"name": "normal", "std": 1.0} if name == "normal" else name


def normalize_regularization(reg) -> dict:
    """Validate the regularization section: {"kind": none|l1|l2, "rate": r}."""
    if reg is None:
        return {"kind": "none", "rate": 0.0}
    reg = _table(reg, "regularization")
    _only(reg, ("kind", "rate"), "regularization")
    return {"kind": _choice(reg.get("kind", "none"), REGULARIZERS, "regularization.kind"),
            "rate": _real(reg.get("rate", 0.0), 0.0, MAX_REGULARIZATION_RATE, "regularization.rate")}


def normalize_batch_size(batch) -> int | str:
    """An integer from 1 (larger than the training set means all of it), or "full"."""
    return batch if batch == "full" else _int(batch, 1, 10_000_000, "batch_size")


def _features(features) -> list[str]:
    """Validate the features list: built-in names or formulas over x1 and x2, none twice."""
    if not isinstance(features, (list, tuple)) or not features:
        raise ConfigError(f"features must be a non-empty list of {', '.join(FEATURES)} or formulas over x1 "
                          f"and x2, got {_show(features)}")
    for f in features:
        if not isinstance(f, str):
            raise ConfigError(f"features must be names ({', '.join(FEATURES)}) or formulas over x1 and x2, "
                              f"got {_show(f)}")
        if f not in FEATURES:
            try:
                feature_formula(f)
            except FormulaError as e:
                raise FormulaError(f"features: {f!r} is neither a built-in feature ({', '.join(FEATURES)}) "
                                   f"nor a valid formula over x1 and x2: {e}", e.offset) from None
    if len(set(features)) != len(features):
        raise ConfigError(f"features lists a feature twice: {_show(list(features))}")
    return list(features)


def normalize(cfg: Mapping) -> dict:
    """Return the full config with every default filled in, or raise ConfigError naming the bad key."""
    cfg = _table(cfg, "the config")
    _only(cfg, KEYS, "config")
    cfg = copy.deepcopy(dict(cfg))
    version = cfg.get("version", VERSION)
    if not _is_int(version) or version < 1:
        raise ConfigError(f"version must be a positive integer, got {_show(version)}")
    if version > VERSION:
        raise ConfigError(f"this file was made by a newer version of the playground (format version "
                          f"{version}; this one reads up to {VERSION}); update the playground to open it")
    task = _choice(cfg.get("task", "classification"), TASKS, "task")
    out = {"version": VERSION,
           "seed": _int(cfg.get("seed", 0), 0, 2**63 - 1, "seed"),
           "task": task,
           "data": normalize_data(cfg.get("data", {}), task)}
    if is_image_data(out["data"]):
        if "features" in cfg:
            raise ConfigError(f"features do not apply to the {out['data']['name']}: an image's inputs are "
                              f"its pixels, so remove 'features' from the config")
    else:
        out["features"] = _features(cfg.get("features", ["x1", "x2"]))
    layers = cfg.get("layers", DEFAULT_LAYERS)
    if not isinstance(layers, (list, tuple)) or len(layers) > MAX_LAYERS:
        raise ConfigError(f"layers must be a list of at most {MAX_LAYERS} hidden layers, got {_show(layers)}")
    out["layers"] = [normalize_layer(layer, i) for i, layer in enumerate(layers)]
    loss = _choice(cfg.get("loss", "cross_entropy" if task == "classification" else "mse"), LOSSES, "loss")
    if task == "regression" and loss != "mse":
        raise ConfigError(f"loss {loss!r} does not fit task 'regression'; regression uses 'mse'")
    out["loss"] = loss
    out["regularization"] = normalize_regularization(cfg.get("regularization"))
    out["optimizer"] = normalize_optimizer(cfg.get("optimizer"))
    out["schedule"] = normalize_schedule(cfg.get("schedule"))
    out["batch_size"] = normalize_batch_size(cfg.get("batch_size", 10))
    out["init"] = normalize_init(cfg.get("init", "xavier"))
    out["backend"] = _choice(cfg.get("backend", "cpu"), BACKENDS, "backend")
    return out


def with_data(cfg: Mapping, data: Mapping) -> dict:
    """`cfg` with another data section, its features made to fit: an image set has none (its pixels
    are the inputs); a 2-D set after an image set gets the default x1, x2."""
    out = {**copy.deepcopy(dict(cfg)), "data": copy.deepcopy(dict(data))}
    if is_image_data(data):
        out.pop("features", None)
    elif "features" not in out:
        out["features"] = ["x1", "x2"]
    return out


def default_config() -> dict:
    """The TensorFlow Playground default: circle, x1 x2, hidden [4, 2] tanh, SGD lr 0.03, batch 10."""
    return normalize({})
