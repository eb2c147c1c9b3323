"""The window's side of the worker: starts its thread, sends commands, forwards snapshots."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QThread, QTimer, Signal, Slot

from playground.autosave import Autosaver
from playground.session.snapshot import Snapshot
from playground.ui.worker import TrainingWorker


class WorkerClient(QObject):
    """Owns the worker thread; every call here only posts a message, nothing blocks on training."""

    snapshotReady = Signal(object)  # Snapshot
    ready = Signal()
    busy = Signal(str)
    errored = Signal(str)
    diverged = Signal(str)
    fileFinished = Signal(str, str, str)
    stopped = Signal(str, object)  # a stop rule ended playing: reason, evaluate()-style row
    _command = Signal(int, str, object)

    def __init__(
        self,
        config: dict[str, Any],
        resolution: int = 100,
        parent: QObject | None = None,
        autosave: Autosaver | None = None,
    ) -> None:
        super().__init__(parent)
        self._seq = 0
        self._requests = itertools.count(1)
        self._answers: dict[int, Any] = {}
        self._callbacks: dict[int, Callable[[Any], None]] = {}  # answers nobody waits for
        self._is_ready = False
        self._thread = QThread()
        self._thread.setObjectName("training-worker")
        self._worker = TrainingWorker(config, resolution, autosave)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.start)
        self._command.connect(self._worker.handle)
        self._worker.snapshotAvailable.connect(self._onSnapshotAvailable)
        self._worker.ready.connect(self._onReady)
        self._worker.busy.connect(self.busy)
        self._worker.errored.connect(self.errored)
        self._worker.diverged.connect(self.diverged)
        self._worker.fileFinished.connect(self.fileFinished)
        self._worker.stopped.connect(self.stopped)
        self._worker.replied.connect(self._onReplied)

    def start(self) -> None:
        """Start the thread; the worker compiles its kernels, then emits ready."""
        self._thread.start()

    def isReady(self) -> bool:
        """Whether the kernels are compiled and the experiment built."""
        return self._is_ready

    def isRunning(self) -> bool:
        """Whether the worker thread is alive."""
        return self._thread.isRunning()

    def lastSentSeq(self) -> int:
        """Sequence number of the last command sent."""
        return self._seq

    def send(self, name: str, payload: object = None) -> int:
        """Post a command; it runs between training chunks. Returns its sequence number."""
        self._seq += 1
        self._command.emit(self._seq, name, payload)
        return self._seq

    def query(self, what: str, arg: object = None, timeout: float = 10.0) -> Any:
        """Ask the worker for a copy of some state and wait for the answer (tests and file actions)."""
        request = next(self._requests)
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        self._pending_loop = loop
        self.send("query", (request, what, arg))
        timer.start(int(timeout * 1000))
        while request not in self._answers and timer.isActive():
            loop.exec()
        timer.stop()
        if request not in self._answers:
            raise TimeoutError(f"the worker did not answer {what!r} within {timeout} s")
        answer = self._answers.pop(request)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def request(self, what: str, callback: Callable[[Any], None], arg: object = None) -> None:
        """Ask for a copy of some state without waiting: callback(answer) runs when it arrives.

        Commands run in order, so the answer shows the state after every command sent before it.
        """
        request = next(self._requests)
        self._callbacks[request] = callback
        self.send("query", (request, what, arg))

    def shutdown(self) -> None:
        """Stop training and end the thread, waiting for the current chunk to finish."""
        if self._thread.isRunning():
            self.send("stop")
            self._thread.wait()

    @Slot()
    def _onSnapshotAvailable(self) -> None:
        snap: Snapshot | None = self._worker.take_snapshot()
        if snap is not None:
            self.snapshotReady.emit(snap)

    @Slot()
    def _onReady(self) -> None:
        self._is_ready = True
        self.ready.emit()

    @Slot(int, object)
    def _onReplied(self, request: int, answer: object) -> None:
        callback = self._callbacks.pop(request, None)
        if callback is not None:
            callback(answer)
            return
        self._answers[request] = answer
        loop = getattr(self, "_pending_loop", None)
        if loop is not None:
            loop.quit()
