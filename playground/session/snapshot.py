"""What the session sends the window: copies of the engine's state at one moment."""

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
    image_shape: tuple[int, int] | None = None  # (h, w) when the points are images (the digits)

    @classmethod
    def copy_of(cls, ds: Any) -> DataPoints:
        """Copies of a Dataset's points, labels, task and class count."""
        return cls(
            np.array(ds.x_train, copy=True),
            np.array(ds.y_train, copy=True),
            np.array(ds.x_test, copy=True),
            np.array(ds.y_test, copy=True),
            ds.task,
            int(ds.n_classes or 0),
            getattr(ds, "image_shape", None),
        )


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
    history_reset: bool  # the history starts over: `history` holds all of it, not only new rows
    history: dict[str, np.ndarray]  # rows after the last epoch the window took (grad_norms: rows × layers)
    evaluation: dict[str, float | None]
    gradient_norms: list[float]
    resolution: int  # of `output`: coarser than asked while a large network trains
    output: np.ndarray  # (res, res) or (res, res, K), row 0 = y -6
    neurons: list[np.ndarray]  # per hidden layer with weights: (n, n, units) thumbnails, n <= 48
    epochs_per_second: float
    data_revision: int
    data: DataPoints | None = None  # set when data_revision changed since the last taken snapshot
    extra: dict[str, Any] = field(default_factory=dict)
    extent: tuple[float, float] = (-6.0, 6.0)  # the square the output and neuron grids cover
    stop_rule: dict[str, Any] | None = None  # the stop rule in force for this experiment
    diverged: bool = False  # the loss or weights are not finite; training waits for a rollback or reset
    full_resolution: int = 0  # the resolution asked for (0: the same as `resolution`)
    learning_rate: float = float("nan")  # what the next step uses: the schedule's, else optimizer.lr
    image_shape: tuple[int, int] | None = None  # images (the digits): no grids; output is (0, 0, K)

    def rows_after(self, epoch: int) -> dict[str, np.ndarray]:
        """The history rows this frame carries whose epoch is after `epoch` (frames can overlap)."""
        epochs = self.history.get("epoch")
        if epochs is None or not len(epochs):
            return {"epoch": np.empty(0), "train_loss": np.empty(0), "test_loss": np.empty(0)}
        start = int(np.searchsorted(epochs, epoch, side="right"))
        return {k: v[start:] for k, v in self.history.items()}
