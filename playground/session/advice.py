"""Advice from the loss curve (no Qt): a learning rate that is probably too high, before any NaN.

A loss that swings or climbs well above the best it has reached, for a whole window of epochs, is
what a too-large step does: each update jumps over the valley. The watch says so once per run
(until the experiment or its learning rate changes), so the window can offer "divide by 10".
"""

from __future__ import annotations

import numpy as np

WINDOW = 100  # epochs the loss must stay high for
CHECK_EVERY = 25  # epochs between looks
MIN_EPOCHS = 2 * WINDOW  # too early to say anything before this
# "High": the recent median is above the best by a quarter of what training has gained so far
# (initial - best), and by at least a tenth of the best itself (so a flat plateau is not "high").
SHARE_OF_GAIN = 0.25
SHARE_OF_BEST = 0.10


def loss_too_high(losses: np.ndarray, first: float, best: float) -> bool:
    """Whether `losses` (the last WINDOW training losses) stay well above the best loss reached."""
    losses = np.asarray(losses, dtype=float)
    if len(losses) < WINDOW or not np.all(np.isfinite(losses)):
        return False  # too few rows, or a divergence, which is said otherwise
    threshold = max(SHARE_OF_GAIN * max(first - best, 0.0), SHARE_OF_BEST * abs(best))
    return float(np.median(losses)) - best > threshold


class LossWatch:
    """Follows one run's training loss; `check` is True once when the loss stays too high."""

    def __init__(self) -> None:
        self.restart()

    def restart(self) -> None:
        """A new run, or a new learning rate: watch from the next epoch on, say nothing yet."""
        self._first: float | None = None
        self._best = np.inf
        self._seen = -1  # the newest epoch looked at
        self._since: int | None = None  # the epoch watching started
        self._next = 0
        self.said = False

    def check(self, history) -> bool:
        """Look at the rows after the last look (a History); True the first time the loss is too high."""
        rows = history.rows_after(self._seen)
        epochs, losses = rows["epoch"], rows["train_loss"]
        if not len(epochs):
            return False
        finite = losses[np.isfinite(losses)]
        if self._first is None and len(finite):
            self._first, self._since = float(finite[0]), int(epochs[0])
        if len(finite):
            self._best = min(self._best, float(finite.min()))
        self._seen = int(epochs[-1])
        if self.said or self._since is None or self._seen < self._next:
            return False
        self._next = self._seen + CHECK_EVERY
        if self._seen - self._since < MIN_EPOCHS:
            return False
        recent = history.rows_after(self._seen - WINDOW)["train_loss"]
        if loss_too_high(recent, self._first, self._best):
            self.said = True
            return True
        return False
