"""Work the GUI thread does in passes of the event loop of its own, one piece per pass.

A language switch builds a window, places its lab panels, shows it, shows each floating panel,
deletes the window it replaced and collects what that one held: each piece is 50-400 ms of the GUI
thread, and run back to back they held it for over a second. Queued here with `later`, they run one
at a time, `STEP_MS` after the one before ends, so the window's timers, painting and the student's
input get their turn between them. (A zero-delay single shot would not do: Qt runs it as a posted
event, in the same pass as the work that posted it.)

One queue for the application, not one per window: a window replaced before its chores ran (two
switches in a row) must not take the deletion of the one before it down with it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer

STEP_MS = 25  # more than a 20 ms frame


class Chores(QObject):
    """A queue of callables run one per pass of the event loop."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: deque[tuple[Callable[[], object], QObject | None]] = deque()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._runOne)

    def add(self, fn: Callable[[], object], owner: QObject | None = None) -> None:
        """Run fn in a later pass, after the chores queued before it; not at all if owner is
        deleted by then."""
        self._queue.append((fn, owner))
        if not self._timer.isActive():
            self._timer.start(STEP_MS)

    def pending(self) -> int:
        return len(self._queue)

    def _runOne(self) -> None:
        fn, owner = self._queue.popleft()
        try:
            if owner is None or shiboken6.isValid(owner):
                fn()
        finally:
            del fn, owner  # nothing of a chore that ran is kept
            if self._queue:
                self._timer.start(STEP_MS)  # counted from the end of this one


_chores: Chores | None = None


def later(fn: Callable[[], object], owner: QObject | None = None) -> None:
    """Run fn in a later pass of the event loop, one chore per pass, in the order asked; skipped if
    owner (a window, say) is deleted by then."""
    global _chores
    if _chores is None or not shiboken6.isValid(_chores):
        _chores = Chores(QCoreApplication.instance())
    _chores.add(fn, owner)
