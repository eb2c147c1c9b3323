"""When the worker stops playing by itself: at an epoch, or when the test loss or accuracy reaches a target."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from playground.metrics import stop_reason

CHECK_EVERY = 10  # epochs between target checks, as metrics.train_until's default chunk


@dataclass(frozen=True)
class StopRule:
    """Stop at epoch `epochs` (absolute), or when a test target is met at a multiple of `check_every` epochs."""

    epochs: int | None = None
    test_loss_below: float | None = None
    test_accuracy_at_least: float | None = None
    check_every: int = CHECK_EVERY

    def as_dict(self) -> dict:
        """The rule as the keyword arguments that make it (the ones set)."""
        return {
            k: v
            for k, v in dataclasses.asdict(self).items()
            if v is not None and not (k == "check_every" and v == CHECK_EVERY)
        }

    def has_target(self) -> bool:
        """Whether a test loss or accuracy target is set."""
        return self.test_loss_below is not None or self.test_accuracy_at_least is not None

    def limit(self, n: int, epoch: int) -> int:
        """How many of the next n epochs to train so no stop point is passed (at least 1)."""
        if self.epochs is not None:
            n = min(n, self.epochs - epoch)
        if self.has_target():
            # Targets are checked at multiples of check_every, where train_until(chunk=check_every)
            # started at epoch 0 checks them: the window stops at the epoch the headless call does.
            n = min(n, self.check_every - epoch % self.check_every)
        return max(1, n)

    def reason(self, exp) -> str | None:
        """Why to stop now ("test_loss", "test_accuracy", "max_epochs"), or None to keep going."""
        reason = None
        if self.has_target() and exp.epoch % self.check_every == 0:
            reason = stop_reason(exp.last(), self.test_loss_below, self.test_accuracy_at_least)
        if reason is None and self.epochs is not None and exp.epoch >= self.epochs:
            reason = "max_epochs"
        return reason
