"""What the worker sends the window: copies of the engine's state at one moment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class DataPoints:
    """The data set's points (copies), sent only when the data changed."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    task: str
    n_classes: int


@dataclass
class Snapshot:
    """One frame of the experiment: everything the window draws, owned by the receiver."""

    generation: int  # bumps whenever the experiment is replaced (new config, reset, load, rollback)
    seq: int  # last command the worker had processed
    epoch: int
    playing: bool
    config: dict[str, Any]
    task: str
    n_classes: int
    parameter_count: int
    weights: list[dict[str, np.ndarray]]
    history_start: int  # index of history[...][0] in the full history
    history: dict[str, np.ndarray]
    evaluation: dict[str, float | None]
    gradient_norms: list[float]
    resolution: int
    output: np.ndarray  # (res, res) or (res, res, K), row 0 = y -6
    neurons: list[np.ndarray]  # per hidden layer with weights: (res, res, units)
    epochs_per_second: float
    data_revision: int
    data: DataPoints | None = None  # set when data_revision changed since the last taken snapshot
    extra: dict[str, Any] = field(default_factory=dict)
    extent: tuple[float, float] = (-6.0, 6.0)  # the square the output and neuron grids cover
