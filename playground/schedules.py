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
    "cyclic": {
        "base_lr": REQUIRED,
        "max_lr": REQUIRED,
        "step_size_up": 2000,
        "step_size_down": None,
        "mode": "triangular",
        "gamma": 1.0,
        "cycle_momentum": False,
    },  # cycle_momentum: see above
    "onecycle": {
        "max_lr": REQUIRED,
        "total_steps": REQUIRED,
        "pct_start": 0.3,
        "anneal_strategy": "cos",
        "div_factor": 25.0,
        "final_div_factor": 1e4,
        "three_phase": False,
        "cycle_momentum": False,
    },
}
SCHEDULES = tuple(SCHEDULE_DEFAULTS)
TORCH_NAMES = {
    "step": "StepLR",
    "exponential": "ExponentialLR",
    "cosine": "CosineAnnealingLR",
    "cyclic": "CyclicLR",
    "onecycle": "OneCycleLR",
}
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


# Each number's range: (whole number?, low, high, low excluded). gamma stays at most 1: a rate that only
# grows runs off to infinity.
PARAM_RANGES: dict[str, tuple[bool, float, float, bool]] = {
    "step_size": (True, 1, MAX_STEPS, False),
    "T_max": (True, 1, MAX_STEPS, False),
    "step_size_up": (True, 1, MAX_STEPS, False),
    "step_size_down": (True, 1, MAX_STEPS, False),
    "total_steps": (True, 1, MAX_STEPS, False),
    "gamma": (False, 0.0, 1.0, True),
    "eta_min": (False, 0.0, MAX_LR, False),
    "base_lr": (False, 0.0, MAX_LR, False),
    "max_lr": (False, 0.0, MAX_LR, False),
    "pct_start": (False, 0.0, 1.0, False),
    "div_factor": (False, 0.0, 1e12, True),
    "final_div_factor": (False, 0.0, 1e12, True),
}
CHOICES = {"mode": CYCLIC_MODES, "anneal_strategy": ANNEAL_STRATEGIES}
FLAGS = ("three_phase", "cycle_momentum")


def range_text(param: str) -> str:
    """A number's range in plain words: 'a whole number from 1 to 1,000,000,000', 'a number above 0 and at
    most 1'."""
    whole, lo, hi, lo_open = PARAM_RANGES[param]
    if whole:
        return f"a whole number from {lo:,} to {hi:,}"
    return f"a number {'above' if lo_open else 'at least'} {lo:g} and at most {hi:g}"


def _number(value, param: str, key: str):
    whole, lo, hi, lo_open = PARAM_RANGES[param]
    ok = _is_int(value) if whole else _is_real(value)
    if not (ok and (lo < value if lo_open else lo <= value) and value <= hi):
        raise ConfigError(f"{key} must be {range_text(param)}, got {_show(value)}")
    return int(value) if whole else float(value)


def normalize_schedule(schedule) -> dict | None:
    """Validate the schedule section and fill torch's defaults; None (the default) means no schedule."""
    if schedule is None:
        return None
    if not isinstance(schedule, Mapping):
        raise ConfigError(
            f'schedule must be a table such as {{"name": "step", "step_size": 30}} or null, '
            f"got {_show(schedule)}"
        )
    name = schedule.get("name")
    if not isinstance(name, str) or name not in SCHEDULES:
        raise ConfigError(f"schedule.name must be one of {', '.join(SCHEDULES)}, got {_show(name)}")
    defaults = SCHEDULE_DEFAULTS[name]
    for k in schedule:
        if k == "name" or k in defaults:
            continue
        why = _NOT_TAKEN.get(k)
        raise ConfigError(
            f"schedule.{k} is not a setting of the {name} schedule"
            + (f" ({why})" if why else "")
            + f"; it takes {', '.join(defaults)}"
        )
    missing = [k for k, d in defaults.items() if d is REQUIRED and k not in schedule]
    if missing:
        raise ConfigError(
            f"the {name} schedule needs {' and '.join(missing)} (torch's {TORCH_NAMES[name]} "
            f"has no default for {'them' if len(missing) > 1 else 'it'})"
        )
    out: dict = {"name": name}
    for k, default in defaults.items():
        v, key = schedule.get(k, default), f"schedule.{k} ({name})"
        if k in CHOICES:
            if not isinstance(v, str) or v not in CHOICES[k]:
                raise ConfigError(f"{key} must be one of {', '.join(CHOICES[k])}, got {_show(v)}")
            out[k] = v
        elif k in FLAGS:
            if not isinstance(v, bool):
                raise ConfigError(f"{key} must be true or false, got {_show(v)}")
            out[k] = v
        else:
            out[k] = None if v is None and k == "step_size_down" else _number(v, k, key)
    if name == "cyclic" and out["max_lr"] < out["base_lr"]:
        raise ConfigError(
            f"schedule.max_lr ({out['max_lr']:g}) must be at least schedule.base_lr "
            f"({out['base_lr']:g}): the rate cycles up from base_lr to max_lr"
        )
    if out.get("cycle_momentum"):
        raise ConfigError(
            f"schedule.cycle_momentum ({name}) must be false: the playground cycles the "
            f"learning rate only, not momentum or beta1 (torch's {TORCH_NAMES[name]} "
            f"cycles them by default; pass cycle_momentum=False there to compare)"
        )
    return out


def starting_schedule(name: str | None, lr: float) -> dict | None:
    """What choosing a schedule in the window starts from, around the optimizer's lr (None: no schedule).

    torch has no default for some parameters (step_size, gamma of exponential, T_max, the cyclic and
    one-cycle rates and total_steps); these values suit the playground's runs of a few hundred epochs.
    """
    if name is None:
        return None
    top = min(10.0 * lr, MAX_LR) if lr > 0 else 0.1
    start = {
        "step": {"step_size": 100},
        "exponential": {"gamma": 0.99},
        "cosine": {"T_max": 200},
        "cyclic": {"base_lr": top / 10.0, "max_lr": top, "step_size_up": 500},
        "onecycle": {"max_lr": top, "total_steps": 5000},
    }[name]
    return normalize_schedule({"name": name, **start})


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
            return self._onecycle(
                min(t, self.spec["total_steps"] - 1)
            )  # torch stops; here it stays
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
        return (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T)) * (
            lr - eta_min
        ) + eta_min

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
        lrs = {
            "initial_lr": initial_lr,
            "max_lr": s["max_lr"],
            "min_lr": initial_lr / s["final_div_factor"],
        }
        if s["three_phase"]:
            phases = [
                (float(pct_start * total) - 1, "initial_lr", "max_lr"),
                (float(2 * pct_start * total) - 2, "max_lr", "initial_lr"),
                (total - 1, "initial_lr", "min_lr"),
            ]
        else:
            phases = [
                (float(pct_start * total) - 1, "initial_lr", "max_lr"),
                (total - 1, "max_lr", "min_lr"),
            ]
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
