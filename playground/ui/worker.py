"""The training worker: owns the Experiment on its own thread and sends snapshots to the window."""

from __future__ import annotations

import copy
import logging
import math
import os
import sys
import threading
import traceback
from time import perf_counter
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QObject,
    QThread,
    QTimer,
    Signal,
    Slot,
)

from playground import ConfigError, Experiment
from playground.autosave import Autosaver
from playground.datasets import view_extent
from playground.session.config_edits import param_layer_indices
from playground.session.snapshot import DataPoints, Snapshot
from playground.session.stop_rule import StopRule

log = logging.getLogger(__name__)

CHUNK_SECONDS = 0.015  # train this long between looks at the command queue
SNAPSHOT_INTERVAL = 0.030  # at most ~33 snapshots a second while playing
CALL_SECONDS = 0.004  # aim for train() calls this long, so a command waits little
MAX_EPOCHS_PER_CALL = 4096
WORKER_NICE = 5  # niceness of the training thread relative to the window's

DIVERGED_MESSAGE = QT_TRANSLATE_NOOP(
    "TrainingWorker",
    "Training stopped: the loss or the weights became infinite or not-a-number (NaN). "
    "This usually means the learning rate is too high — pick a smaller one, then roll back "
    "to the last good weights or reset.",
)


def _tr(text: str) -> str:
    """text in the interface language (QCoreApplication.translate is safe on this thread)."""
    return QCoreApplication.translate("TrainingWorker", text)
# Commands that change nothing an autosave holds.
_NOT_CHANGES = ("query", "stop", "save", "set_resolution", "set_extra", "set_stop_rule")


def _lower_thread_priority() -> None:
    """On a busy machine the window's thread should win the CPU over training (Linux: nice this thread)."""
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICE)
        except OSError:
            pass
    else:
        QThread.currentThread().setPriority(QThread.Priority.LowPriority)


def _copy_weights(weights: list[dict[str, Any]]) -> list[dict[str, np.ndarray]]:
    return [{k: np.array(v, dtype=float, copy=True) for k, v in layer.items()} for layer in weights]


def _all_finite(weights: list[dict[str, np.ndarray]]) -> bool:
    return all(np.all(np.isfinite(v)) for layer in weights for v in layer.values())


class TrainingWorker(QObject):
    """Trains in short chunks on its thread; commands arrive as queued `handle` calls between chunks."""

    snapshotAvailable = Signal()  # a new snapshot waits in take_snapshot()
    ready = Signal()
    busy = Signal(str)
    errored = Signal(str)
    diverged = Signal(str)
    fileFinished = Signal(
        str, str, str
    )  # action ("save" / "open"), path, error ("" when it worked)
    replied = Signal(int, object)  # request id, answer
    stopped = Signal(str, object)  # a stop rule ended playing: reason, the evaluate()-style row

    def __init__(
        self, config: dict[str, Any], resolution: int = 100, autosave: Autosaver | None = None
    ) -> None:
        super().__init__()
        self._initial_config = config
        self._autosave = autosave  # gets a copy of the experiment every few seconds while it changes
        self._autosaved: tuple = ()
        self._changes = 0
        self._extent: tuple[object, tuple[float, float]] = (None, (-6.0, 6.0))
        self._exp: Experiment | None = None
        self._playing = False
        self._timer: QTimer | None = None
        self._lock = threading.Lock()
        self._latest: Snapshot | None = None
        self._generation = 0
        self._acked_history = 0
        self._data_revision = 0
        self._acked_data = -1
        self._seq = 0
        self._resolution = resolution
        self._last_publish = 0.0
        self._epochs_per_call = 1
        self._rate = 0.0
        self._rate_epochs = 0
        self._rate_t0 = perf_counter()
        self._last_finite: list[dict[str, np.ndarray]] | None = None
        self._last_finite_epoch = 0
        self._diverged = False
        self._extras: dict[str, Any] = {}  # name -> fn(exp), run at each snapshot into snap.extra
        self._stop_rule: StopRule | None = None
        self._publish_cost = 0.0  # smoothed seconds a snapshot takes to build

    # ----- called from the window's thread -----

    def take_snapshot(self) -> Snapshot | None:
        """Hand the newest snapshot to the window (thread-safe) and note what the window now holds."""
        with self._lock:
            snap, self._latest = self._latest, None
            if snap is not None and snap.generation == self._generation:
                self._acked_history = snap.history_start + len(snap.history.get("epoch", ()))
                if snap.data is not None:
                    self._acked_data = snap.data_revision
        return snap

    # ----- slots, run on the worker's thread -----

    @Slot()
    def start(self) -> None:
        """Build the experiment and compile the kernels (slow the first time)."""
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)
        _lower_thread_priority()
        self.busy.emit(QCoreApplication.translate("TrainingWorker", "Compiling kernels…"))
        try:
            try:
                exp = Experiment.from_dict(self._initial_config)
            except ConfigError as exc:
                self.errored.emit(
                    QCoreApplication.translate(
                        "TrainingWorker",
                        "The last settings could not be used ({error}); starting from the defaults.",
                    ).format(error=exc)
                )
                exp = Experiment.from_dict({})
            exp.warmup()
        except Exception as exc:
            log.exception("worker start failed")
            self.errored.emit(
                QCoreApplication.translate(
                    "TrainingWorker", "The training engine could not start: {error}"
                ).format(error=exc)
            )
            return
        self._replace(exp)
        if self._autosave is not None:
            self._autosaved = self._autosave_key()  # the start state is saved already or needs no save
            timer = QTimer(self)
            timer.setObjectName("autosaveTimer")
            timer.timeout.connect(self._autosave_if_changed)
            timer.start(int(self._autosave.interval * 1000))
        self.ready.emit()
        self._publish()

    @Slot(int, str, object)
    def handle(self, seq: int, name: str, payload: object) -> None:
        """Run one command from the window."""
        self._seq = seq
        if name not in _NOT_CHANGES:
            self._changes += 1
        method = getattr(self, "_cmd_" + name, None)
        if method is None:
            self.errored.emit(
                QCoreApplication.translate("TrainingWorker", "Unknown command {name}").format(
                    name=repr(name)
                )
            )
            return
        if self._exp is None and name not in ("stop", "query"):
            return
        try:
            method(payload)
        except ConfigError as exc:
            self.errored.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - an error must reach the window, not vanish
            log.error("command %s failed:\n%s", name, traceback.format_exc())
            self.errored.emit(
                QCoreApplication.translate("TrainingWorker", "{command} failed: {error}").format(
                    command=name.replace("_", " ").capitalize(), error=f"{type(exc).__name__}: {exc}"
                )
            )
        if name not in ("query", "stop") and self._exp is not None:
            self._publish()

    # ----- commands -----

    def _cmd_play(self, _payload: object) -> None:
        if self._diverged:
            self.diverged.emit(_tr(DIVERGED_MESSAGE))  # still diverged: say so again, do not train
            return
        reason = self._stop_rule.reason(self._exp) if self._stop_rule else None
        if reason:  # the rule is already met: say so instead of training
            self.stopped.emit(reason, dict(self._exp.last()))
            return
        self._playing = True
        self._rate_t0, self._rate_epochs = perf_counter(), 0
        self._timer.start()

    def _cmd_pause(self, _payload: object) -> None:
        self._stop_playing()

    def _cmd_step(self, payload: object) -> None:
        self._stop_playing()
        if self._diverged:
            return
        self._exp.train(epochs=int(payload or 1))
        self._check_divergence()

    def _cmd_reset(self, _payload: object) -> None:
        self._stop_playing()
        self._exp.reset()
        self._replace(self._exp, data_changed=False)

    def _cmd_set_config(self, payload: object) -> None:
        exp = Experiment.from_dict(payload)  # ConfigError leaves the current experiment as it is
        self._stop_playing()
        self._replace(exp)

    def _cmd_set_config_keep_state(self, payload: object) -> None:
        """A config of the same shapes (a layer frozen): weights, optimizer state and history stay."""
        d = self._exp.to_dict()
        d.update({k: v for k, v in dict(payload).items() if k != "state"})
        self._cmd_set_config(d)

    def _cmd_set_data(self, payload: object) -> None:
        """New data (painted points): weights, optimizer state and history stay if the shapes do."""
        d = self._exp.to_dict()
        state = d.pop("state")
        state.pop("order", None)  # a permutation of the old training points
        d["data"] = payload
        try:
            exp = Experiment.from_dict({**d, "state": state})
        except ConfigError:
            exp = Experiment.from_dict(d)  # another class count: a new output layer, new weights
        self._replace(exp)

    def _cmd_set_optimizer(self, payload: object) -> None:
        self._exp.set_optimizer(dict(payload))

    def _cmd_set_regularization(self, payload: object) -> None:
        self._exp.set_regularization(dict(payload))

    def _cmd_set_batch_size(self, payload: object) -> None:
        self._exp.set_batch_size(payload if payload == "full" else int(payload))

    def _cmd_set_backend(self, payload: object) -> None:
        self._exp.set_backend(str(payload))

    def _cmd_regenerate(self, payload: object) -> None:
        self._exp.regenerate_data(seed=payload)
        self._data_revision += 1

    def _cmd_set_weights(self, payload: object) -> None:
        self._exp.set_weights(_copy_weights(payload))
        self._after_weight_edit()

    def _cmd_set_weight(self, payload: object) -> None:
        layer, key, index, value = payload
        weights = _copy_weights(self._exp.get_weights())
        weights[layer][key][tuple(index)] = value
        self._exp.set_weights(weights)
        self._after_weight_edit()

    def _cmd_set_resolution(self, payload: object) -> None:
        self._resolution = int(payload)

    def _cmd_rollback(self, _payload: object) -> None:
        if self._last_finite is None:
            self.errored.emit(
                QCoreApplication.translate(
                    "TrainingWorker",
                    "There are no finite weights to roll back to; press Reset instead.",
                )
            )
            return
        self._stop_playing()
        self._replace(self._rolled_back(), data_changed=False)

    def _cmd_save(self, path: object) -> None:
        try:
            self._exp.save(str(path))
        except Exception as exc:  # noqa: BLE001 - reported in a dialog
            self.fileFinished.emit("save", str(path), str(exc) or type(exc).__name__)
            return
        self.fileFinished.emit("save", str(path), "")

    def _cmd_open(self, path: object) -> None:
        try:
            exp = Experiment.load(str(path))
        except Exception as exc:  # noqa: BLE001 - any failure leaves the current experiment untouched
            self.fileFinished.emit("open", str(path), str(exc) or type(exc).__name__)
            return
        self._stop_playing()
        self._replace(exp)
        self.fileFinished.emit("open", str(path), "")

    def _cmd_query(self, payload: object) -> None:
        request, what, arg = payload
        exp = self._exp
        try:
            if exp is None:
                answer = None
            elif what == "config":
                answer = copy.deepcopy(exp.config)
            elif what == "weights":
                answer = _copy_weights(exp.get_weights())
            elif what == "predict":
                answer = np.array(exp.predict(np.asarray(arg, dtype=float)), copy=True)
            elif what == "epoch":
                answer = exp.epoch
            elif what == "history":
                answer = copy.deepcopy(exp.history)
            elif what == "to_dict":
                answer = exp.to_dict()
            elif what == "call":  # arg(exp) on this thread; it must return copies
                answer = arg(exp)
            else:
                answer = None
        except Exception as exc:  # noqa: BLE001
            answer = exc
        self.replied.emit(request, answer)

    def _cmd_set_extra(self, payload: object) -> None:
        name, fn = payload
        if fn is None:
            self._extras.pop(name, None)
        else:
            self._extras[name] = fn

    def _cmd_set_stop_rule(self, payload: object) -> None:
        self._stop_rule = StopRule(**payload) if payload else None

    def _cmd_stop(self, _payload: object) -> None:
        self._playing = False
        if self._timer is not None:
            self._timer.stop()
        autosave_timer = self.findChild(QTimer, "autosaveTimer")
        if autosave_timer is not None:
            autosave_timer.stop()
        self.moveToThread(QCoreApplication.instance().thread())
        QThread.currentThread().quit()

    # ----- training loop -----

    @Slot()
    def _tick(self) -> None:
        if not self._playing or self._exp is None:
            self._timer.stop()
            return
        t0 = perf_counter()
        trained = 0
        stop = None
        try:
            while True:
                n = self._epochs_per_call
                if self._stop_rule is not None:
                    n = self._stop_rule.limit(n, self._exp.epoch)
                ta = perf_counter()
                self._exp.train(epochs=n)
                if self._stop_rule is not None and (stop := self._stop_rule.reason(self._exp)):
                    trained += n
                    break
                dt = perf_counter() - ta
                trained += n
                if dt < CALL_SECONDS / 2 and n < MAX_EPOCHS_PER_CALL:
                    self._epochs_per_call = n * 2
                elif dt > CALL_SECONDS * 2 and n > 1:
                    self._epochs_per_call = max(1, n // 2)
                now = perf_counter()
                if now - t0 >= CHUNK_SECONDS or now - self._last_publish >= self._interval():
                    break
        except Exception as exc:  # noqa: BLE001
            log.error("training failed:\n%s", traceback.format_exc())
            self._stop_playing()
            self.errored.emit(
                QCoreApplication.translate("TrainingWorker", "Training failed: {error}").format(
                    error=f"{type(exc).__name__}: {exc}"
                )
            )
            self._publish()
            return
        self._rate_epochs += trained
        if self._check_divergence():
            self._publish()
            return
        if stop:
            self._stop_playing()
            self.stopped.emit(stop, dict(self._exp.last()))
            self._publish()
            return
        now = perf_counter()
        if now - self._last_publish >= self._interval():
            elapsed = now - self._rate_t0
            if elapsed > 0:
                self._rate = self._rate_epochs / elapsed
            self._rate_t0, self._rate_epochs = now, 0
            self._publish()

    def _interval(self) -> float:
        """Time between snapshots: 30 ms, longer when building one takes over half of that."""
        return max(SNAPSHOT_INTERVAL, 2.0 * self._publish_cost)

    def _stop_playing(self) -> None:
        self._playing = False
        self._rate = 0.0
        if self._timer is not None:
            self._timer.stop()

    def _check_divergence(self) -> bool:
        """Pause and tell the window when the loss or weights stop being finite."""
        weights = _copy_weights(self._exp.get_weights())
        losses = self._exp.history.get("train_loss") or [0.0]
        last = losses[-1]
        finite = _all_finite(weights) and last is not None and math.isfinite(last)
        if finite:
            self._last_finite, self._last_finite_epoch = weights, self._exp.epoch
            return False
        self._stop_playing()
        self._diverged = True
        self.diverged.emit(_tr(DIVERGED_MESSAGE))
        return True

    def _after_weight_edit(self) -> None:
        weights = _copy_weights(self._exp.get_weights())
        if _all_finite(weights):
            self._last_finite, self._last_finite_epoch = weights, self._exp.epoch
            self._diverged = False

    def _rolled_back(self) -> Experiment:
        """The experiment as it was at the last finite weights, with fresh optimizer state (it may hold NaN)."""
        d = self._exp.to_dict()
        state = d["state"]
        epoch = self._last_finite_epoch
        state["weights"] = [
            {k: v.tolist() for k, v in layer.items()} for layer in self._last_finite
        ]
        state.pop("optimizer", None)
        state["epoch"] = epoch
        history = state["history"]
        keep = sum(1 for e in history.get("epoch", []) if e <= epoch)
        state["history"] = {k: v[:keep] for k, v in history.items()}
        return Experiment.from_dict(d)

    def _replace(self, exp: Experiment, data_changed: bool = True) -> None:
        """Make exp the current experiment; the window gets full history (and data) next."""
        with self._lock:
            self._exp = exp
            self._generation += 1
            self._acked_history = 0
            if data_changed:
                self._data_revision += 1
        self._diverged = False
        weights = _copy_weights(exp.get_weights())
        self._last_finite = weights if _all_finite(weights) else None
        self._last_finite_epoch = exp.epoch

    # ----- autosave -----

    def _autosave_key(self) -> tuple:
        return (self._generation, self._exp.epoch if self._exp else -1, self._changes)

    @Slot()
    def _autosave_if_changed(self) -> None:
        """Hand the autosaver a copy when anything changed since the last one; it writes elsewhere."""
        key = self._autosave_key()
        if self._exp is not None and key != self._autosaved:
            self._autosaved = key
            self._autosave.save_later(self._exp)

    def _view_extent(self, exp: Experiment) -> tuple[float, float]:
        """The square the grid covers: [-6, 6] unless the points lie beyond it."""
        if self._extent[0] is not exp.dataset:
            ds = exp.dataset
            self._extent = (ds, view_extent(np.concatenate([ds.x_train, ds.x_test])))
        return self._extent[1]

    # ----- snapshots -----

    def _publish(self) -> None:
        """Build a snapshot (copies) and leave it for the window, notifying it if it has none pending."""
        exp = self._exp
        if exp is None:
            return
        t_start = perf_counter()
        self._last_publish = t_start
        with self._lock:
            start = self._acked_history
            send_data = self._acked_data != self._data_revision
            generation = self._generation
        history = {
            k: np.array(v[start:], dtype=float) for k, v in exp.history.items()
        }  # grad_norms: (rows, layers with weights)
        with np.errstate(all="ignore"):
            grid = exp.predict_grid(self._resolution, extent=self._view_extent(exp))
            evaluation = dict(exp.last())
        # predict_grid has a block per config layer, dropout included; the view draws layers with weights.
        neurons = [
            grid["neurons"][i] for i in param_layer_indices(exp.config) if i < len(grid["neurons"])
        ]
        ds = exp.dataset
        data = None
        if send_data:
            data = DataPoints(
                np.array(ds.x_train, copy=True),
                np.array(ds.y_train, copy=True),
                np.array(ds.x_test, copy=True),
                np.array(ds.y_test, copy=True),
                ds.task,
                int(ds.n_classes or 0),
            )
        snap = Snapshot(
            generation=generation,
            seq=self._seq,
            epoch=int(exp.epoch),
            playing=self._playing,
            config=copy.deepcopy(exp.config),
            task=ds.task,
            n_classes=int(ds.n_classes or 0),
            parameter_count=int(exp.parameter_count),
            weights=_copy_weights(exp.get_weights()),
            history_start=start,
            history=history,
            evaluation=evaluation,
            gradient_norms=[float(g) for g in exp.gradient_norms()],
            resolution=self._resolution,
            output=np.array(grid["output"], dtype=np.float32, copy=True),
            neurons=[np.array(n, dtype=np.float32, copy=True) for n in neurons],
            epochs_per_second=self._rate if self._playing else 0.0,
            data_revision=self._data_revision,
            data=data,
            extent=grid["extent"],
        )
        for name, fn in list(self._extras.items()):  # what the open lab panels asked for
            try:
                snap.extra[name] = fn(exp)
            except Exception:  # noqa: BLE001 - a panel's bad request must not stop training
                log.error("extra %s failed:\n%s", name, traceback.format_exc())
        self._publish_cost = 0.8 * self._publish_cost + 0.2 * (perf_counter() - t_start)
        with self._lock:
            if generation != self._generation:
                return
            notify = self._latest is None
            if self._latest is not None and self._latest.data is not None and snap.data is None:
                snap.data = self._latest.data  # keep data the window has not taken yet
            self._latest = snap
        if notify:
            self.snapshotAvailable.emit()
