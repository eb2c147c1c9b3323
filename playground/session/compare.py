"""Compare runs (no Qt): 2-4 experiments on the same data, trained round-robin to the same epoch.

The engine thread owns a CompareRuns beside its Session and trains it between the main network's
chunks; `frame()` gives the view copies, with each run's history rows after the epoch it holds.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Mapping
from typing import Any

import numpy as np

from playground.config import normalize, with_data
from playground.errors import ConfigError, Refusal
from playground.experiment import Experiment
from playground.session.snapshot import DataPoints

MAX_RUNS = 4
RESOLUTION = 60
HISTORY_KEYS = ("epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy")


def on_same_data(cfg: Mapping, first: Mapping | None) -> dict[str, Any]:
    """cfg with the first run's data, task and seed: same points, and the same initial weights where
    the layer shapes match (the engine draws them from the seed layer by layer)."""
    out = copy.deepcopy(dict(cfg))
    if first is not None:
        for key in ("seed", "task"):
            if key in first:
                out[key] = copy.deepcopy(first[key])
        if "data" in first:  # its features made to fit (the digits have none)
            out = with_data(out, first["data"])
        if out.get("task") == "regression":
            out["loss"] = "mse"
    return out


class _Run:
    def __init__(self, run_id: int, label: str, config: dict[str, Any]) -> None:
        self.id = run_id
        self.label = label  # "" when the view names it from its config
        self.config = config
        self.exp = Experiment.from_dict(config)
        self.initial = dict(self.exp.evaluate())
        self.generation = 0


class CompareRuns:
    """The compared experiments: add, remove, reset, train a round, build a frame."""

    def __init__(self) -> None:
        self.runs: list[_Run] = []
        self._ids = itertools.count(1)
        self.target = 500

    def add(self, configs: list[Mapping], labels: list[str] | None = None) -> None:
        """Add runs on the first run's data; a config the engine refuses adds nothing (Refusal)."""
        labels = list(labels or []) + [""] * len(configs)
        first = self.runs[0].config if self.runs else None
        new: list[_Run] = []
        for cfg, label in zip(configs, labels):
            if len(self.runs) + len(new) >= MAX_RUNS:
                raise Refusal("compare_full", f"at most {MAX_RUNS} runs can be compared", count=MAX_RUNS)
            try:
                cfg = normalize(on_same_data(cfg, first))
                run = _Run(next(self._ids), label, cfg)
            except ConfigError as exc:
                raise Refusal("config", str(exc), error=str(exc)) from None
            first = first or cfg
            new.append(run)
        self.runs += new

    def remove(self, run_id: int) -> None:
        """Remove one run and its history."""
        self.runs = [r for r in self.runs if r.id != run_id]

    def clear(self) -> None:
        """Remove every run."""
        self.runs = []

    def reset(self) -> None:
        """Every run back to its initial weights (the same for all runs whose shapes match)."""
        for r in self.runs:
            r.exp = Experiment.from_dict(r.config)
            r.initial = dict(r.exp.evaluate())
            r.generation += 1

    def done(self) -> bool:
        """Whether every run has reached the target epoch (or there are none)."""
        return all(r.exp.epoch >= self.target for r in self.runs)

    def train_round(self, epochs: int) -> None:
        """Every run short of the target trains up to `epochs` more."""
        for r in self.runs:
            if r.exp.epoch < self.target:
                r.exp.train(epochs=min(int(epochs), self.target - r.exp.epoch))

    def frame(self, acked: Mapping[tuple[int, int], int], playing: bool) -> dict[str, Any]:
        """Copies for the view: per run its rows after the epoch acked[(id, generation)] (all
        when it has none), boundary, numbers and points."""
        runs = []
        for r in self.runs:
            exp = r.exp
            after = acked.get((r.id, r.generation))
            with np.errstate(all="ignore"):
                if exp.image_shape is None:
                    grid = exp.predict_grid(RESOLUTION)
                    output = np.array(grid["output"], dtype=np.float32, copy=True)
                else:  # images have no plane
                    output = np.zeros((0, 0, exp.n_outputs), dtype=np.float32)
            rows = exp.history.rows_after(-1 if after is None else after)
            ds = exp.dataset
            runs.append(
                {
                    "id": r.id,
                    "label": r.label,
                    "generation": r.generation,
                    "config": copy.deepcopy(r.config),
                    "epoch": int(exp.epoch),
                    "parameter_count": int(exp.parameter_count),
                    "initial": dict(r.initial),
                    "evaluation": dict(exp.last()),
                    "history_reset": after is None,
                    "history": {k: v for k, v in rows.items() if k in HISTORY_KEYS},
                    "output": output,
                    "task": ds.task,
                    "data": DataPoints.copy_of(ds),
                }
            )
        return {"runs": runs, "playing": playing, "target": self.target}
