"""Learning-rate schedules: torch.optim.lr_scheduler's StepLR, ExponentialLR, CosineAnnealingLR,
CyclicLR and OneCycleLR, value for value.

The config's "schedule" is None (the learning rate stays optimizer.lr) or a table such as
{"name": "cosine", "T_max": 100}, with torch's parameter names and defaults. step, exponential and
cosine advance once per epoch, cyclic and onecycle once per batch (optimizer step), as their docs use
them. Each is computed here in Python floats with torch's own formulas, the recursive ones
recursively, so the rates equal torch's bit for bit; the training kernels only read the resulting
rate of each step.

Where the playground differs from torch, on purpose:
- cyclic and onecycle do not cycle momentum (torch's cycle_momentum=True by default cycles SGD's
  momentum or Adam's beta1): here cycle_momentum must be false, and the config says so.
- onecycle keeps training at its last rate after total_steps (torch raises an error there).
- a schedule counts from the epoch it was chosen or changed at (a fresh scheduler on the running
  optimizer); the base rate of step, exponential and cosine is the optimizer's lr, live.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from .datasets import _is_int, _is_real, _show
from .errors import ConfigError

REQUIRED = object()  # a parameter torch gives no default for
MAX_STEPS = 10**9
MAX_LR = 1e3  # as optimizer.lr
CYCLIC_MODES = ("triangular", "triangular2", "exp_range")
ANNEAL_STRATEGIES = ("cos", "linear")

# torch.optim.lr_scheduler's arguments and defaults (last_epoch and the callables left out).
SCHEDULE_DEFAULTS: dict[str, dict] = {
    "step": {"step_size": REQUIRED, "gamma": 0.1},
    "exponential": {"gamma": REQUIRED},
    "cosine": {"T_max": REQUIRED, "eta_min": 0.0},
    "cyclic": {"base_lr": REQUIRED, "max_lr": REQUIRED, "step_size_up": 2000, "step_size_down": None,
               "mode": "triangular", "gamma": 1.0, "cycle_momentum": False},
    "onecycle": {"max_lr": REQUIRED, "total_steps": REQUIRED, "pct_start": 0.3, "anneal_strategy": "cos",
                 "div_factor": 25.0, "final_div_factor": 1e4, "three_phase": False,
                 "cycle_momentum": False},
}
SCHEDULES = tuple(SCHEDULE_DEFAULTS)
TORCH_NAMES = {"step": "StepLR", "exponential": "ExponentialLR", "cosine": "CosineAnnealingLR",
               "cyclic": "CyclicLR", "onecycle": "OneCycleLR"}
PER_BATCH = ("cyclic", "onecycle")

# torch arguments a config cannot take, and why, in plain words.
_NOT_TAKEN = {
    "last_epoch": "a schedule starts at the epoch it is chosen; last_epoch is not needed",
    "scale_fn": "a config cannot hold a function; mode chooses the scaling",
    "scale_mode": "it only matters with a custom scale_fn; mode sets it: triangular and triangular2 per "
                  "cycle, exp_range per iteration",
    "base_momentum": "the playground does not cycle momentum (cycle_momentum must be false)",
    "max_momentum": "the playground does not cycle momentum (cycle_momentum must be false)",
    "epochs": "give total_steps, the number of batches: epochs × batches per epoch",
    "steps_per_epoch": "give total_steps, the number of batches: epochs × batches per epoch",
}


def _int(value, key: str, lo: int = 1) -> int:
    if not _is_int(value) or not lo <= value <= MAX_STEPS:
        raise ConfigError(f"{key} must be a whole number from {lo} to {MAX_STEPS:,}, got {_show(value)}")
    return int(value)


def _real(value, key: str, lo: float, hi: float, lo_open: bool = False) -> float:
    if not (_is_real(value) and (lo < value if lo_open else lo <= value) and value <= hi):
        start = f"above {lo:g}" if lo_open else f"at least {lo:g}"
        raise ConfigError(f"{key} must be a number {start} and at most {hi:g}, got {_show(value)}")
    return float(value)


def _choice(value, options, key: str) -> str:
    if not isinstance(value, str) or value not in options:
        raise ConfigError(f"{key} must be one of {', '.join(options)}, got {_show(value)}")
    return value


def _bool(value, key: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{key} must be true or false, got {_show(value)}")
    return value


def normalize_schedule(schedule) -> dict | None:
    """Validate the schedule section and fill torch's defaults; None (the default) means no schedule."""
    if schedule is None:
        return None
    if not isinstance(schedule, Mapping):
        raise ConfigError(f"schedule must be a table such as {{\"name\": \"step\", \"step_size\": 30}} or null, "
                          f"got {_show(schedule)}")
    name = _choice(schedule.get("name"), SCHEDULES, "schedule.name")
    defaults = SCHEDULE_DEFAULTS[name]
    for k in schedule:
        if k == "name" or k in defaults:
            continue
        why = _NOT_TAKEN.get(k)
        expected = ", ".join(defaults)
        raise ConfigError(f"schedule.{k} is not a setting of the {name} schedule"
                          + (f" ({why})" if why else "") + f"; it takes {expected}")
    missing = [k for k, d in defaults.items() if d is REQUIRED and k not in schedule]
    if missing:
        raise ConfigError(f"the {name} schedule needs {' and '.join(missing)} (torch's {TORCH_NAMES[name]} "
                          f"has no default for {'them' if len(missing) > 1 else 'it'})")
    v = {k: schedule.get(k, d) for k, d in defaults.items()}
    key = f"schedule.{{}} ({name})".format
    out: dict = {"name": name}
    if name == "step":
        out["step_size"] = _int(v["step_size"], key("step_size"))
        out["gamma"] = _real(v["gamma"], key("gamma"), 0.0, 1.0, lo_open=True)
    elif name == "exponential":
        out["gamma"] = _real(v["gamma"], key("gamma"), 0.0, 1.0, lo_open=True)
    elif name == "cosine":
        out["T_max"] = _int(v["T_max"], key("T_max"))
        out["eta_min"] = _real(v["eta_min"], key("eta_min"), 0.0, MAX_LR)
    elif name == "cyclic":
        out["base_lr"] = _real(v["base_lr"], key("base_lr"), 0.0, MAX_LR)
        out["max_lr"] = _real(v["max_lr"], key("max_lr"), 0.0, MAX_LR)
        if out["max_lr"] < out["base_lr"]:
            raise ConfigError(f"schedule.max_lr ({out['max_lr']:g}) must be at least schedule.base_lr "
                              f"({out['base_lr']:g}): the rate cycles up from base_lr to max_lr")
        out["step_size_up"] = _int(v["step_size_up"], key("step_size_up"))
        down = v["step_size_down"]
        out["step_size_down"] = None if down is None else _int(down, key("step_size_down"))
        out["mode"] = _choice(v["mode"], CYCLIC_MODES, key("mode"))
        out["gamma"] = _real(v["gamma"], key("gamma"), 0.0, 1.0, lo_open=True)
    else:
        out["max_lr"] = _real(v["max_lr"], key("max_lr"), 0.0, MAX_LR, lo_open=True)
        out["total_steps"] = _int(v["total_steps"], key("total_steps"))
        out["pct_start"] = _real(v["pct_start"], key("pct_start"), 0.0, 1.0)
        out["anneal_strategy"] = _choice(v["anneal_strategy"], ANNEAL_STRATEGIES, key("anneal_strategy"))
        out["div_factor"] = _real(v["div_factor"], key("div_factor"), 0.0, 1e12, lo_open=True)
        out["final_div_factor"] = _real(v["final_div_factor"], key("final_div_factor"), 0.0, 1e12,
                                        lo_open=True)
        out["three_phase"] = _bool(v["three_phase"], key("three_phase"))
    if name in PER_BATCH:
        if _bool(v["cycle_momentum"], key("cycle_momentum")):
            raise ConfigError(f"schedule.cycle_momentum ({name}) must be false: the playground cycles the "
                              f"learning rate only, not momentum or beta1 (torch's {TORCH_NAMES[name]} "
                              f"cycles them by default; pass cycle_momentum=False there to compare)")
        out["cycle_momentum"] = False
    return out


def per_batch(schedule: Mapping | None) -> bool:
    """Whether the schedule advances every optimizer step (cyclic, onecycle) rather than every epoch."""
    return schedule is not None and schedule["name"] in PER_BATCH


class Schedule:
    """The learning rate of a normalised schedule at each of its steps (epochs or batches).

    lr(t) is the rate torch's scheduler has given the optimizer after t calls of scheduler.step(),
    i.e. the rate of the (t+1)-th epoch or batch. The recursive schedules remember where they are,
    so asking for the steps in order costs one update each.
    """

    def __init__(self, spec: Mapping, base_lr: float) -> None:
        self.spec = dict(spec)
        self.base_lr = float(base_lr)
        self._t, self._lr = 0, self._first()

    def _first(self) -> float:
        s = self.spec
        if s["name"] == "cyclic":
            return self._cyclic(0)
        if s["name"] == "onecycle":
            return self._onecycle(0)
        return self.base_lr

    def lr(self, t: int) -> float:
        """The rate at schedule step t (0: when the schedule starts)."""
        name = self.spec["name"]
        if name == "cyclic":
            return self._cyclic(t)
        if name == "onecycle":
            return self._onecycle(min(t, self.spec["total_steps"] - 1))  # torch stops; here it stays
        if t < self._t:
            self._t, self._lr = 0, self.base_lr
        while self._t < t:
            self._t += 1
            self._lr = self._next(self._t, self._lr)
        return self._lr

    def lrs(self, start: int, count: int) -> np.ndarray:
        """The rates of steps start, start + 1, ..., start + count - 1."""
        return np.array([self.lr(t) for t in range(start, start + count)], dtype=np.float64)

    # ----- torch's formulas (torch/optim/lr_scheduler.py, get_lr), in the same order of operations
    def _next(self, t: int, lr: float) -> float:
        s = self.spec
        if s["name"] == "step":
            return lr if t % s["step_size"] != 0 else lr * s["gamma"]
        if s["name"] == "exponential":
            return lr * s["gamma"]
        T, eta_min = s["T_max"], s["eta_min"]
        if (t - 1 - T) % (2 * T) == 0:
            return lr + (self.base_lr - eta_min) * (1 - math.cos(math.pi / T)) / 2
        return (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T)) * (lr - eta_min) + eta_min

    def _cyclic(self, t: int) -> float:
        s = self.spec
        up = float(s["step_size_up"])
        down = float(s["step_size_down"]) if s["step_size_down"] is not None else up
        total_size = up + down
        step_ratio = up / total_size
        cycle = math.floor(1 + t / total_size)
        x = 1.0 + t / total_size - cycle
        if x <= step_ratio:
            scale_factor = x / step_ratio
        else:
            scale_factor = (x - 1) / (step_ratio - 1)
        base_height = (s["max_lr"] - s["base_lr"]) * scale_factor
        if s["mode"] == "triangular":
            return s["base_lr"] + base_height * 1.0
        if s["mode"] == "triangular2":
            return s["base_lr"] + base_height * (1 / (2.0 ** (cycle - 1)))
        return s["base_lr"] + base_height * s["gamma"] ** t

    def _onecycle(self, t: int) -> float:
        s = self.spec
        total = s["total_steps"]
        pct_start = s["pct_start"]
        initial_lr = s["max_lr"] / s["div_factor"]
        lrs = {"initial_lr": initial_lr, "max_lr": s["max_lr"], "min_lr": initial_lr / s["final_div_factor"]}
        if s["three_phase"]:
            phases = [(float(pct_start * total) - 1, "initial_lr", "max_lr"),
                      (float(2 * pct_start * total) - 2, "max_lr", "initial_lr"),
                      (total - 1, "initial_lr", "min_lr")]
        else:
            phases = [(float(pct_start * total) - 1, "initial_lr", "max_lr"),
                      (total - 1, "max_lr", "min_lr")]
        start_step = 0.0
        for i, (end_step, start, end) in enumerate(phases):
            if t <= end_step or i == len(phases) - 1:
                if end_step == start_step:  # a phase of no steps (pct_start 1): its end value
                    return lrs[end]
                pct = (t - start_step) / (end_step - start_step)
                a, b = lrs[start], lrs[end]
                if s["anneal_strategy"] == "cos":
                    return b + (a - b) / 2.0 * (math.cos(math.pi * pct) + 1)
                return (b - a) * pct + a
            start_step = end_step
        raise AssertionError("unreachable")
