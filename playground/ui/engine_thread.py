"""The engine thread: one Session on its own thread, typed commands in, throttled frames out.

`EngineClient` lives on the window's thread; every call posts a command and returns at once.
`_Engine` lives on the engine thread: it runs the commands on its Session in the order sent, trains
in short chunks between them (the kernels release the GIL), and leaves a Snapshot for the window
about 30 times a second. Answers come back by callback; nothing here waits on the GUI thread.
"""

from __future__ import annotations

import copy
import itertools
import logging
import os
import queue
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter, thread_time
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

from playground.autosave import Autosaver
from playground.errors import ConfigError
from playground.files import write_problem
from playground.session.commands import (
    COMPARE,
    NOT_CHANGES,
    Apply,
    BackpropStep,
    Change,
    Checkpoint,
    Command,
    CompareAdd,
    CompareClear,
    ComparePlay,
    CompareRemove,
    CompareReset,
    CompareTarget,
    Open,
    Pause,
    Play,
    Query,
    Regenerate,
    Reset,
    Restore,
    Revert,
    Rollback,
    Save,
    SetData,
    SetPace,
    SetProbe,
    SetResolution,
    SetStopRule,
    SetWeight,
    SetWeights,
    Step,
)
from playground.session.compare import CompareRuns
from playground.session.session import Session, with_data, with_live_settings
from playground.session.snapshot import DataPoints, Snapshot

log = logging.getLogger(__name__)

CHUNK_SECONDS = 0.015  # train this long between looks at the command queue
SNAPSHOT_INTERVAL = 0.030  # at most ~33 snapshots a second while playing
# A network whose epoch takes longer than this (a wide one: 7-128x3 takes ~2 ms, 7-32x8 ~1) gets at
# most 15 frames a second: its boundary moves little from one frame to the next, and drawing a frame
# (its grids on the engine thread, its pictures on the GUI thread, which holds the GIL) would take
# the time training needs (issue 13: >= 80 % of the engine's speed, >= 10 frames/s).
SLOW_EPOCH_SECONDS = 0.0015
SLOW_SNAPSHOT_INTERVAL = 0.066
# The window's thread spends at most about 1 / WINDOW_SHARE of its time drawing frames: a frame that
# takes it 60 ms (every lab panel open, a slow machine) comes every 90 ms, so clicks and typing are
# still answered between frames instead of queueing behind them.
WINDOW_SHARE = 1.5
WINDOW_COST_CAP = 0.25  # seconds: one long pause (a dialog, a language switch) does not count whole
CALL_SECONDS = 0.015  # aim for train() calls this long: a command waits little, and each call's set-up is shared by several epochs
MAX_EPOCHS_PER_CALL = 4096
COMPARE_ROUND_SECONDS = 0.02  # compared runs train this long per round, between the main chunks
COMPARE_FRAME_SECONDS = 0.05  # at most 20 compare frames a second
PACE_POLL_MS = 4  # at a pace, how often to look whether the window took the last frame
RATE_SECONDS = 0.25  # at a pace, epochs/s is measured over at least this long
WORKER_NICE = 5  # niceness of the training thread relative to the window's

_CONTEXT = "TrainingWorker"
WIDE_MESSAGE = QT_TRANSLATE_NOOP(
    "TrainingWorker", "Compiling the kernels for wide layers (the first time only)…"
)
# A cold start's two steps: what the first frame needs, then training's kernels.
COMPILE_STEPS = (
    QT_TRANSLATE_NOOP("TrainingWorker", "Compiling kernels (1 of 2: the pictures)…"),
    QT_TRANSLATE_NOOP("TrainingWorker", "Compiling kernels (2 of 2: training)…"),
)
DIVERGED_MESSAGE = QT_TRANSLATE_NOOP(
    "TrainingWorker",
    "Training stopped: the loss or the weights became infinite or not-a-number (NaN). "
    "This usually means the learning rate is too high — pick a smaller one, then roll back "
    "to the last good weights or reset.",
)
# What each refusal code says, in the interface language ({error} is the engine's own words).
REFUSALS = {
    "config": QT_TRANSLATE_NOOP("TrainingWorker", "That setting cannot be used: {error}"),
    "data": QT_TRANSLATE_NOOP("TrainingWorker", "The network cannot take that data: {error}"),
    "weights": QT_TRANSLATE_NOOP("TrainingWorker", "Those weights do not fit the network: {error}"),
    "weight_index": QT_TRANSLATE_NOOP("TrainingWorker", "That weight is no longer in the network."),
    "weight_value": QT_TRANSLATE_NOOP("TrainingWorker", "A weight must be a finite number."),
    "no_finite_weights": QT_TRANSLATE_NOOP(
        "TrainingWorker", "There are no finite weights to roll back to; press Reset instead."
    ),
    "compare_full": QT_TRANSLATE_NOOP(
        "TrainingWorker", "At most {count} runs can be compared; remove one first."
    ),
}


def _tr(text: str) -> str:
    """text in the interface language (QCoreApplication.translate is safe on any thread)."""
    return QCoreApplication.translate(_CONTEXT, text)


def refusal_text(exc: ConfigError) -> str:
    """A refusal in plain words, in the interface language."""
    template = REFUSALS.get(getattr(exc, "code", ""), "{error}")
    args = dict(getattr(exc, "args_", {}))
    args.setdefault("error", str(exc))
    try:
        return _tr(template).format(**args)
    except (KeyError, IndexError):
        return str(exc)


@dataclass(frozen=True)
class Shutdown:
    """The window is closing: stop training and end the engine thread."""


def _lower_thread_priority(qt: bool = True) -> None:
    """On a busy machine the window's thread should win the CPU over training (Linux: nice this
    thread; elsewhere, with qt, a QThread's low priority)."""
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICE)
        except OSError:
            pass
    elif qt:
        QThread.currentThread().setPriority(QThread.Priority.LowPriority)


class _Painter:
    """One thread that draws a frame's grids (the boundary, the neurons' maps) while the engine
    thread trains on: the kernels release the GIL, so on two cores training loses nothing to them
    (they were ~15 % of the engine thread's time on 7-32x8, issue 13). At most one frame is in
    hand; `deliver` gets it, drawn, on this thread."""

    def __init__(self, deliver: Callable[[Snapshot, int], None], failed: Callable[[Exception], None]) -> None:
        self._deliver, self._failed = deliver, failed
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._loop, name="frame-painter", daemon=True)
        self._thread.start()

    def busy(self) -> bool:
        """A frame is being drawn (its snapshot not delivered yet)."""
        return not self._idle.is_set()

    def submit(self, snap: Snapshot, draw: Callable[[], None], generation: int) -> None:
        """Draw snap (draw fills it), then deliver it; the caller checks busy() first."""
        self._idle.clear()
        self._jobs.put((snap, draw, generation))

    def run(self, task: Callable[[], None]) -> None:
        """Run task on the painter's thread (as busy as a frame meanwhile); a failure is logged."""
        self._idle.clear()
        self._jobs.put((None, task, -1))

    def wait(self, timeout: float | None = None) -> bool:
        """Until the frame in hand is delivered (True) or timeout seconds passed (False)."""
        return self._idle.wait(timeout)

    def stop(self) -> None:
        """End the thread once the frame in hand (if any) is delivered."""
        self._jobs.put(None)

    def _loop(self) -> None:
        _lower_thread_priority(qt=False)
        while (job := self._jobs.get()) is not None:
            snap, draw, generation = job
            try:
                draw()
            except Exception as exc:  # noqa: BLE001 - said in the window; the next frame tries again
                log.error("drawing a frame failed:\n%s", traceback.format_exc())
                if snap is not None:
                    self._failed(exc)
            else:
                if snap is not None:
                    self._deliver(snap, generation)
            finally:
                self._idle.set()


def _answer(session: Session, query: Query) -> Any:
    """A copy of what the query asks for."""
    exp = session.exp
    match query.what:
        case "config":
            return session.config
        case "weights":
            return exp.get_weights()
        case "predict":
            return np.array(exp.predict(np.asarray(query.arg, dtype=float)), copy=True)
        case "epoch":
            return exp.epoch
        case "history":
            return exp.history.to_dict()
        case "to_dict":
            return exp.to_dict()
        case "backends":
            from kernels.backend import available_backends

            return available_backends()
        case "pytorch_source":
            from playground.export import to_pytorch_source

            return to_pytorch_source(exp)
        case "equations":
            from playground.export import to_equations

            return to_equations(exp)
        case "last_gradients":
            from playground.session.lab_extras import last_gradients

            return last_gradients(exp)
        case "landscape_grid":  # arg: (surface name, resolution); "network": made from the weights now
            from playground import landscape

            name, resolution = query.arg
            if name == landscape.NETWORK:
                s = session.network_landscape(refresh=True)
                return landscape.grid(s, landscape.affordable_resolution(s, 1.0, int(resolution)))
            return landscape.grid(landscape.surface(name), int(resolution))
        case "backprop_trace":  # arg: (point, label)
            point, label = query.arg
            return exp.backprop_trace(point, label)
        case "landscape_race":  # arg: {"surface", "optimizers", "start", "steps"}
            from playground import landscape

            a = query.arg
            name = a["surface"]
            s = session.network_landscape(refresh=False) if name == landscape.NETWORK else landscape.surface(name)
            return landscape.race(s, a["optimizers"], tuple(a["start"]), int(a["steps"]))
    raise ValueError(f"unknown query {query.what!r}")


class _Engine(QObject):
    """Runs on the engine thread: the Session, the training loop, frames and autosave."""

    snapshotAvailable = Signal()  # a new snapshot waits in take_snapshot()
    ready = Signal()
    busy = Signal(str)
    dataPreview = Signal(object, object)  # the points (DataPoints) and their extent, before the kernels
    errored = Signal(str)
    diverged = Signal(str)
    fileFinished = Signal(str, str, str)  # action ("save" / "open"), path, error ("" when it worked)
    replied = Signal(int, object)  # request id, answer (an Exception when it failed)
    stopped = Signal(str, object)  # a stop rule ended playing: reason, the evaluate()-style row
    advised = Signal(str, object)  # advice from the loss curve ("lr_too_high"), its arguments
    compareFrameAvailable = Signal()  # a new compare frame waits in take_compare_frame()
    compareErrored = Signal(str)

    def __init__(self, config: dict[str, Any], resolution: int, autosave: Autosaver | None) -> None:
        super().__init__()
        self._initial_config = config
        self._autosave = autosave
        self.stopping = False  # set by the window's thread at shutdown: queued commands are dropped
        self._autosaved: tuple = ()
        self._changes = 0
        self.session: Session | None = None
        self._wide_warm = False  # the wide-layer kernels are compiled (or loaded) in this process
        self._playing = False
        self._timer: QTimer | None = None
        self._lock = threading.Lock()
        self._latest: Snapshot | None = None
        self._generation = -1
        self._acked_epoch: int | None = None  # the newest history row the window holds (None: none)
        self._data_revision = -1
        self._acked_data = -1
        self._seq = 0
        self._resolution = resolution
        self._pace: int | None = None  # epochs per frame while playing (None: as fast as it goes)
        self._last_publish = 0.0
        self._epochs_per_call = 1
        self._epoch_seconds = 0.0  # the last train() call's seconds per epoch
        self._rate = 0.0
        self._rate_epochs = 0
        self._rate_t0 = perf_counter()
        self._probes: dict[str, Callable[[Any], Any]] = {}
        self._painter: _Painter | None = None  # draws the frames made while playing (started in start())
        self._closed = False  # shut down: nothing more is delivered
        self._publish_cost = 0.0  # smoothed seconds a snapshot takes to build
        self._window_cost = 0.0  # smoothed seconds of the window thread's CPU per frame drawn
        self.answers: dict[int, tuple[threading.Event, list]] = {}  # blocking queries (tests)
        self.compare = CompareRuns()  # the compared runs, trained between the main chunks
        self._compare_playing = False
        self._compare_timer: QTimer | None = None
        self._compare_epochs = 1
        self._compare_acked: dict[tuple[int, int], int] = {}  # (run, generation) -> epoch held
        self._latest_compare: dict[str, Any] | None = None
        self._last_compare_frame = 0.0

    # ----- called from the window's thread -----

    def take_snapshot(self) -> Snapshot | None:
        """Hand the newest snapshot to the window (thread-safe) and note what the window now holds."""
        with self._lock:
            snap, self._latest = self._latest, None
            if snap is not None and snap.generation == self._generation:
                epochs = snap.history.get("epoch", ())
                if len(epochs):
                    self._acked_epoch = int(epochs[-1])
                elif snap.history_reset:
                    self._acked_epoch = -1
                if snap.data is not None:
                    self._acked_data = snap.data_revision
        return snap

    def take_compare_frame(self) -> dict[str, Any] | None:
        """Hand the newest compare frame to the view (thread-safe), noting the rows it now holds."""
        with self._lock:
            frame, self._latest_compare = self._latest_compare, None
            if frame is not None:
                for r in frame["runs"]:
                    epochs = r["history"].get("epoch", ())
                    key = (r["id"], r["generation"])
                    if len(epochs):
                        self._compare_acked[key] = int(epochs[-1])
                    elif r["history_reset"]:
                        self._compare_acked[key] = -1
        return frame

    # ----- on the engine thread -----

    @Slot()
    def start(self) -> None:
        """Build the session and compile the kernels (slow the first time)."""
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)
        self._compare_timer = QTimer(self)
        self._compare_timer.setInterval(0)
        self._compare_timer.timeout.connect(self._compare_tick)
        _lower_thread_priority()
        self._painter = _Painter(self._deliver, self._paint_failed)
        try:
            session = Session(self._initial_config)
            if session.start_error:
                self.errored.emit(
                    _tr("The last settings could not be used ({error}); starting from the defaults.").format(
                        error=session.start_error
                    )
                )
            # The points need no kernels: the window draws them while the kernels compile.
            self.dataPreview.emit(DataPoints.copy_of(session.exp.dataset), session.view_extent())
            # First what a frame needs (the boundary, the neurons' maps, the losses), shown at once;
            # then training's kernels (about half of a cold compile) while the frame is on screen.
            self.busy.emit(_tr(COMPILE_STEPS[0]))
            session.exp.warmup(rest=False)
            self.session = session
            self._publish()
            self.busy.emit(_tr(COMPILE_STEPS[1]))
            session.exp.warmup(first=False, frame=False)  # the float32 frames' kernel after ready, below
            if session.exp.has_wide_layer():  # the start network is wide: its kernels too
                session.exp.warmup(wide=True)
                self._wide_warm = True
        except Exception as exc:
            log.exception("engine start failed")
            self.session = None
            self.errored.emit(_tr("The training engine could not start: {error}").format(error=exc))
            return
        self._follow()
        if self._autosave is not None:
            self._autosaved = self._autosave_key()  # the start state is saved already or needs no save
            timer = QTimer(self)
            timer.setObjectName("autosaveTimer")
            timer.timeout.connect(self._autosave_if_changed)
            timer.start(int(self._autosave.interval * 1000))
        self.ready.emit()
        self._publish()
        # Frames take the float64 pass until the float32 one is compiled (~0.7 s cold, on the painter's
        # thread, while training may already run; frames made meanwhile wait for it).
        self._painter.run(lambda: session.exp.warmup(first=False, rest=False))

    @Slot(int, object)
    def handle(self, seq: int, command: Command) -> None:
        """Run one command from the window."""
        self._seq = seq
        if isinstance(command, Shutdown):
            self._shutdown()
            return
        if self.stopping:  # the window has closed: nobody wants what is still queued
            return
        if self.session is None:
            if isinstance(command, Query):
                self._reply(command, None)
            return
        if isinstance(command, COMPARE):
            self._run_compare(command)
            return
        if not isinstance(command, NOT_CHANGES):
            self._changes += 1
        try:
            self._run(command)
        except ConfigError as exc:
            if isinstance(command, Query):
                self._reply(command, exc)
            else:
                self.errored.emit(refusal_text(exc))
        except Exception as exc:  # noqa: BLE001 - an error must reach the window, not vanish
            log.error("command %s failed:\n%s", type(command).__name__, traceback.format_exc())
            if isinstance(command, Query):
                self._reply(command, exc)
            else:
                self.errored.emit(
                    _tr("{command} failed: {error}").format(
                        command=type(command).__name__, error=f"{type(exc).__name__}: {exc}"
                    )
                )
        self._warm_wide()
        self._follow()
        if not isinstance(command, Query):
            self._publish()

    def _warm_wide(self) -> None:
        """The first network of this run with a wide layer: compile its kernels (seconds the first
        time only, then loaded from the cache), saying so, before anything runs them."""
        s = self.session
        if self._wide_warm or s is None or not s.exp.has_wide_layer():
            return
        self.busy.emit(_tr(WIDE_MESSAGE))
        try:
            s.exp.warmup(wide=True)
        finally:
            self._wide_warm = True
            self.busy.emit("")

    def _run(self, command: Command) -> None:
        s = self.session
        match command:
            case Play():
                self._play()
            case Pause():
                self._stop_playing()
            case Step(epochs=n):
                self._stop_playing()
                if not s.diverged:
                    self._after_training(self._train(int(n), stop_rule=False))
            case Reset():
                self._stop_playing()
                s.reset()
            case Apply(config=config):
                self._stop_playing_unless_live(s.apply(config))
            case Change(key=key, value=value):
                wanted = with_data(s.exp.config, value) if key == "data" else {**s.exp.config, key: value}
                self._stop_playing_unless_live(s.apply(wanted))
            case Restore(experiment=experiment):
                self._stop_playing()
                s.restore(experiment)
            case Checkpoint(key=key):
                s.checkpoint(key)
            case Revert(key=key, fallback=fallback):
                self._stop_playing()
                s.revert(key, fallback)
            case SetData(data=data):
                s.set_data(data)
            case Regenerate(seed=seed):
                s.regenerate(seed)
            case SetWeight(layer=layer, key=key, index=index, value=value):
                s.set_weight(layer, key, index, value)
            case SetWeights(weights=weights):
                s.set_weights(weights)
            case BackpropStep(point=point, label=label):
                self._stop_playing()
                if not s.diverged:
                    s.backprop_step(point, label)
            case Rollback():
                self._stop_playing()
                s.rollback()
            case Save(path=path):
                try:
                    s.save(path)
                except OSError as exc:  # a folder, no permission, a full disk: in plain words
                    self.fileFinished.emit("save", path, write_problem(exc, path))
                    return
                except Exception as exc:  # noqa: BLE001 - reported in a dialog
                    self.fileFinished.emit("save", path, str(exc) or type(exc).__name__)
                    return
                self.fileFinished.emit("save", path, "")
            case Open(path=path):
                try:
                    s.open(path)
                except ConfigError as exc:  # the current experiment stays as it is
                    self.fileFinished.emit("open", path, str(exc))
                    return
                self._stop_playing()
                self.fileFinished.emit("open", path, "")
            case SetResolution(resolution=resolution):
                self._resolution = int(resolution)
            case SetPace(epochs_per_frame=n):
                self._pace = None if n is None else max(1, int(n))
                if self._timer is not None:
                    self._timer.setInterval(0)  # the next tick trains at the new pace at once
            case SetProbe(name=name, probe=probe):
                if probe is None:
                    self._probes.pop(name, None)
                else:
                    self._probes[name] = probe
            case SetStopRule(rule=rule):
                s.set_stop_rule(rule)
            case Query():
                self._reply(command, _answer(s, command))
            case _:
                raise TypeError(f"not a command: {command!r}")

    def _run_compare(self, command: Command) -> None:
        c = self.compare
        try:
            match command:
                case CompareAdd(configs=configs, labels=labels):
                    c.add(configs, labels)
                case CompareRemove(run_id=run_id):
                    c.remove(run_id)
                case CompareClear():
                    c.clear()
                case CompareReset():
                    self._compare_play(False)
                    c.reset()
                case CompareTarget(epochs=epochs):
                    c.target = int(epochs)
                case ComparePlay(on=on):
                    self._compare_play(on)
        except ConfigError as exc:
            self.compareErrored.emit(refusal_text(exc))
        except Exception as exc:  # noqa: BLE001 - reaches the view instead of vanishing
            log.error("compare command failed:\n%s", traceback.format_exc())
            self.compareErrored.emit(
                _tr("Compare runs: {error}").format(error=f"{type(exc).__name__}: {exc}")
            )
        if not c.runs or c.done():
            self._compare_play(False)
        self._publish_compare()

    def _compare_play(self, on: bool) -> None:
        self._compare_playing = bool(on) and bool(self.compare.runs) and not self.compare.done()
        if self._compare_timer is None:
            return
        if self._compare_playing:
            self._compare_timer.start()
        else:
            self._compare_timer.stop()

    @Slot()
    def _compare_tick(self) -> None:
        """One round of the compared runs: each trains the same number of epochs toward the target."""
        c = self.compare
        if not self._compare_playing or c.done():
            self._compare_play(False)
            self._publish_compare()
            return
        t0 = perf_counter()
        try:
            c.train_round(self._compare_epochs)
        except Exception as exc:  # noqa: BLE001
            log.error("compare training failed:\n%s", traceback.format_exc())
            self._compare_play(False)
            self.compareErrored.emit(
                _tr("Compare runs: training failed: {error}").format(error=f"{type(exc).__name__}: {exc}")
            )
        dt = perf_counter() - t0
        if dt < COMPARE_ROUND_SECONDS / 2 and self._compare_epochs < 1024:
            self._compare_epochs *= 2
        elif dt > COMPARE_ROUND_SECONDS * 2 and self._compare_epochs > 1:
            self._compare_epochs //= 2
        if c.done():
            self._compare_play(False)
        if not self._compare_playing or perf_counter() - self._last_compare_frame >= COMPARE_FRAME_SECONDS:
            self._publish_compare()

    def _publish_compare(self) -> None:
        self._last_compare_frame = perf_counter()
        with self._lock:
            acked = dict(self._compare_acked)
        frame = self.compare.frame(acked, self._compare_playing)
        with self._lock:
            live = {(r["id"], r["generation"]) for r in frame["runs"]}
            self._compare_acked = {k: v for k, v in self._compare_acked.items() if k in live}
            notify = self._latest_compare is None
            self._latest_compare = frame
        if notify:
            self.compareFrameAvailable.emit()

    def _reply(self, query: Query, answer: Any) -> None:
        waiting = self.answers.get(query.request)
        if waiting is not None:
            waiting[1].append(answer)
            waiting[0].set()
        else:
            self.replied.emit(query.request, answer)

    def _play(self) -> None:
        s = self.session
        if s.diverged:
            self.diverged.emit(_tr(DIVERGED_MESSAGE))  # still diverged: say so again, do not train
            return
        reason = s.stop_reason()
        if reason:  # the rule is already met: say so instead of training
            self.stopped.emit(reason, dict(s.exp.last()))
            return
        self._playing = True
        self._rate_t0, self._rate_epochs = perf_counter(), 0
        self._timer.setInterval(0)
        self._timer.start()

    def _stop_playing_unless_live(self, kind: str) -> None:
        if kind not in ("none", "live"):
            self._stop_playing()

    def _stop_playing(self) -> None:
        self._playing = False
        self._rate = 0.0
        if self._timer is not None:
            self._timer.stop()

    def _shutdown(self) -> None:
        self._stop_playing()
        if self._painter is not None:  # the frame in hand first: nothing is delivered after this
            self._painter.wait(5.0)
            self._painter.stop()
        with self._lock:
            self._closed = True
        self._compare_play(False)
        autosave_timer = self.findChild(QTimer, "autosaveTimer")
        if autosave_timer is not None:
            autosave_timer.stop()
        self.moveToThread(QCoreApplication.instance().thread())
        QThread.currentThread().quit()

    def _follow(self) -> None:
        """After any command: a new history or new data means the window gets them whole next."""
        s = self.session
        with self._lock:
            if s.generation != self._generation:
                self._generation = s.generation
                self._acked_epoch = None
            self._data_revision = s.data_revision

    # ----- the training loop -----

    @Slot()
    def _tick(self) -> None:
        s = self.session
        if not self._playing or s is None:
            self._timer.stop()
            return
        if self._pace is not None:
            self._paced_tick()
            return
        t0 = perf_counter()
        trained = 0
        result = None
        try:
            while True:
                n = self._epochs_per_call
                # No call past the next frame's time: a 10 ms call that began just before it would
                # make every frame late (30 frames/s wanted, 28 seen on 7-32x8 at 1 ms an epoch).
                left = self.frame_interval() - (perf_counter() - self._last_publish)
                if self._epoch_seconds > 0 and left < n * self._epoch_seconds:
                    n = max(1, int(left / self._epoch_seconds))
                ta = perf_counter()
                result = self._train(n)
                dt = perf_counter() - ta
                trained += result.epochs
                if result.stop or result.diverged:
                    break
                if result.epochs:
                    self._epoch_seconds = dt / result.epochs
                if n == self._epochs_per_call:  # a call cut short says nothing of the right length
                    self._adapt(n, dt)
                now = perf_counter()
                if now - t0 >= CHUNK_SECONDS or now - self._last_publish >= self.frame_interval():
                    break
        except Exception as exc:  # noqa: BLE001 - said in the window, not lost
            self._training_failed(exc)
            return
        self._rate_epochs += trained
        if self._after_training(result):
            return
        now = perf_counter()
        if now - self._last_publish >= self.frame_interval():
            elapsed = now - self._rate_t0
            if elapsed > 0:
                self._rate = self._rate_epochs / elapsed
            self._rate_t0, self._rate_epochs = now, 0
            self._publish(elsewhere=True)

    def _paced_tick(self) -> None:
        """One frame at a pace: once the window has taken the last frame and a frame interval has
        passed, train at most `_pace` epochs and publish them, so each frame shows the next epochs."""
        with self._lock:
            pending = self._latest is not None  # the window has not drawn the last frame yet
        pending = pending or (self._painter is not None and self._painter.busy())  # nor got it
        wait = self.frame_interval() - (perf_counter() - self._last_publish)
        if pending or wait > 0.001:
            self._timer.setInterval(PACE_POLL_MS if pending else max(1, round(wait * 1000)))
            return
        t0 = perf_counter()
        trained = 0
        result = None
        try:
            while trained < self._pace:
                n = min(self._pace - trained, self._epochs_per_call)
                ta = perf_counter()
                result = self._train(n)
                dt = perf_counter() - ta
                trained += result.epochs
                if result.stop or result.diverged or result.epochs == 0:
                    break
                self._epoch_seconds = dt / result.epochs  # as in _tick: frame_interval() reads it
                self._adapt(n, dt)
                if perf_counter() - t0 >= CHUNK_SECONDS:
                    break  # a slow network: show fewer epochs rather than keep commands waiting
        except Exception as exc:  # noqa: BLE001 - said in the window, not lost
            self._training_failed(exc)
            return
        self._rate_epochs += trained
        if self._after_training(result):
            return
        now = perf_counter()
        elapsed = now - self._rate_t0
        if elapsed >= RATE_SECONDS:  # the real rate, over several frames
            self._rate = self._rate_epochs / elapsed
            self._rate_t0, self._rate_epochs = now, 0
        self._publish(elsewhere=True)
        self._timer.setInterval(max(1, round(self.frame_interval() * 1000)))

    def _adapt(self, n: int, seconds: float) -> None:
        """Aim for train() calls of about CALL_SECONDS, so a command never waits long."""
        if seconds < CALL_SECONDS / 2 and n < MAX_EPOCHS_PER_CALL:
            self._epochs_per_call = n * 2
        elif seconds > CALL_SECONDS * 2 and n > 1:
            self._epochs_per_call = max(1, n // 2)

    def _training_failed(self, exc: Exception) -> None:
        log.error("training failed:\n%s", traceback.format_exc())
        self._stop_playing()
        self.errored.emit(_tr("Training failed: {error}").format(error=f"{type(exc).__name__}: {exc}"))
        self._publish()

    def _train(self, epochs: int, *, stop_rule: bool = True):
        """Session.train, passing its advice on to the window."""
        result = self.session.train(epochs, stop_rule=stop_rule)
        if result.advice:
            self.advised.emit(result.advice, {"lr": self.session.exp.config["optimizer"]["lr"]})
        return result

    def _after_training(self, result) -> bool:
        """Stop and tell the window when training diverged or a stop rule ended it; True if so."""
        if result is None or not (result.diverged or result.stop):
            return False
        self._stop_playing()
        self._publish()  # first, so the window has the last frame when it hears why
        if result.diverged:
            self.diverged.emit(_tr(DIVERGED_MESSAGE))
        else:
            self.stopped.emit(result.stop, dict(self.session.exp.last()))
        return True

    def note_window_cost(self, seconds: float) -> None:
        """The window's thread spent this much CPU since the last frame it took (called from it)."""
        seconds = min(max(seconds, 0.0), WINDOW_COST_CAP)
        self._window_cost = 0.8 * self._window_cost + 0.2 * seconds

    def frame_interval(self) -> float:
        """Time between snapshots: 30 ms, longer when building one takes over half of that or when
        drawing one keeps the window's thread busy for more than two thirds of it."""
        least = SLOW_SNAPSHOT_INTERVAL if self._epoch_seconds > SLOW_EPOCH_SECONDS else SNAPSHOT_INTERVAL
        return max(least, 2.0 * self._publish_cost, WINDOW_SHARE * self._window_cost)

    # ----- autosave -----

    def _autosave_key(self) -> tuple:
        s = self.session
        return (s.serial, s.generation, s.exp.epoch, self._changes)

    @Slot()
    def _autosave_if_changed(self) -> None:
        """Hand the autosaver a copy when anything changed since the last one; it writes elsewhere."""
        key = self._autosave_key()
        if key != self._autosaved:
            self._autosaved = key
            self._autosave.save_later(self.session.exp)

    # ----- frames -----

    def _publish(self, *, elsewhere: bool = False) -> None:
        """Build a snapshot (copies) and leave it for the window, notifying it if it has none pending.

        elsewhere (while playing): its grids are drawn on the painter's thread while training goes on;
        when the painter still has the last frame in hand, this one is left for the next tick. Else
        they are drawn here, after the frame in hand (frames reach the window in the order made).
        """
        s = self.session
        if s is None:
            return
        painter = self._painter
        if painter is not None and painter.busy():
            if elsewhere:
                return
            painter.wait()
        t_start = perf_counter()
        self._last_publish = t_start
        with self._lock:
            after = self._acked_epoch
            send_data = self._acked_data != self._data_revision
            generation = self._generation
            waiting = self._latest
        snap, draw = s.frame_parts(
            resolution=self._resolution,
            history_after=after,
            with_data=send_data,
            seq=self._seq,
            playing=self._playing,
            epochs_per_second=self._rate,
            probes=self._probes,
            on_probe_error=lambda name, _exc: log.error(
                "probe %s failed:\n%s", name, traceback.format_exc()
            ),
            elsewhere=elsewhere and painter is not None,
        )
        if waiting is not None and waiting.history_reset and not snap.history_reset:
            # the window has not taken the reset yet: this frame carries it too (the whole history;
            # sent twice at worst, when the window takes the one waiting meanwhile)
            snap.history_reset = True
            snap.history = s.exp.history.rows_after(-1)
        if draw is not None and elsewhere and painter is not None:
            painter.submit(snap, draw, generation)
        else:
            if draw is not None:
                draw()
            self._deliver(snap, generation)
        self._publish_cost = 0.8 * self._publish_cost + 0.2 * (perf_counter() - t_start)

    def _deliver(self, snap: Snapshot, generation: int) -> None:
        """Leave snap for the window (any thread: the engine's or the painter's)."""
        with self._lock:
            if generation != self._generation or self._closed:
                return
            notify = self._latest is None
            old = self._latest
            if old is not None and old.data is not None and snap.data is None:
                snap.data = old.data  # keep data the window has not taken yet
            self._latest = snap
        if notify:
            self.snapshotAvailable.emit()

    def _paint_failed(self, exc: Exception) -> None:
        """The painter could not draw a frame (its thread): said in the window; the next frame tries again."""
        with self._lock:
            if self._closed:
                return
        self.errored.emit(_tr("Drawing the frame failed: {error}").format(error=f"{type(exc).__name__}: {exc}"))


class EngineClient(QObject):
    """The window's handle on the engine thread: every call posts a command and returns at once."""

    snapshotReady = Signal(object)  # Snapshot
    ready = Signal()
    busy = Signal(str)
    dataPreview = Signal(object, object)  # DataPoints and their extent, while the kernels compile
    errored = Signal(str)
    diverged = Signal(str)
    fileFinished = Signal(str, str, str)
    stopped = Signal(str, object)  # a stop rule ended playing: reason, evaluate()-style row
    advised = Signal(str, object)  # advice from the loss curve ("lr_too_high"), its arguments
    compareFrameReady = Signal(object)  # the compared runs' frame (CompareRuns.frame)
    compareErrored = Signal(str)
    _command = Signal(int, object)

    def __init__(
        self,
        config: dict[str, Any],
        resolution: int = 100,
        parent: QObject | None = None,
        autosave: Autosaver | None = None,
    ) -> None:
        super().__init__(parent)
        self._seq = 0
        self._lastCommand = 0  # the last command that can change the main experiment
        self._wanted: dict[str, Any] = {}  # the config the session will have after the commands sent
        self._requests = itertools.count(1)
        self._callbacks: dict[int, Callable[[Any], None]] = {}
        self._is_ready = False
        self._shut = False  # shut down: commands are dropped (the engine would run them on this thread)
        self._thread = QThread()
        self._thread.setObjectName("training-worker")
        self._engine = _Engine(config, resolution, autosave)
        self._cpuMark: float | None = None  # this thread's CPU clock at the last frame taken
        self._engine.moveToThread(self._thread)
        self._thread.started.connect(self._engine.start)
        self._command.connect(self._engine.handle)
        self._engine.snapshotAvailable.connect(self._onSnapshotAvailable)
        self._engine.ready.connect(self._onReady)
        self._engine.compareFrameAvailable.connect(self._onCompareFrameAvailable)
        for name in (
            "busy",
            "dataPreview",
            "errored",
            "diverged",
            "fileFinished",
            "stopped",
            "advised",
            "compareErrored",
        ):
            getattr(self._engine, name).connect(getattr(self, name))
        self._engine.replied.connect(self._onReplied)

    def start(self) -> None:
        """Start the thread; the engine compiles its kernels, then emits ready."""
        self._thread.start()

    def isReady(self) -> bool:
        """Whether the kernels are compiled and the experiment built."""
        return self._is_ready

    def isRunning(self) -> bool:
        """Whether the engine thread is alive."""
        return self._thread.isRunning()

    def lastSentSeq(self) -> int:
        """Sequence number of the last command sent that can change the state (not a query): a frame
        with this seq or later shows every change asked for."""
        return self._lastCommand

    def send(self, command: Command) -> int:
        """Post a command; it runs between training chunks. Returns its sequence number.

        After shutdown() a command is dropped: the engine has moved to this (the GUI) thread, where
        running it would compute here (a panel closing with the window still sends its SetProbe).
        """
        if self._shut:
            return self._seq
        self._seq += 1
        if not isinstance(command, (Query, Shutdown, *COMPARE)):  # these never bring a main frame
            self._lastCommand = self._seq
        self._command.emit(self._seq, command)
        return self._seq

    # ----- the config, as the window wants it -----

    def wantedConfig(self) -> dict[str, Any]:
        """The config the session will have once it has run every command sent ({} before it starts)."""
        return copy.deepcopy(self._wanted)

    def apply(self, config: dict[str, Any]) -> int:
        """Ask for this config (no "state"): the session changes what is live, rebuilds the rest."""
        self._wanted = copy.deepcopy({k: v for k, v in config.items() if k != "state"})
        return self.send(Apply(copy.deepcopy(self._wanted)))

    def change(self, key: str, value: Any) -> int:
        """Ask for one top-level key (a control's value) on top of the config the session has."""
        if self._wanted:
            self._wanted[key] = copy.deepcopy(value)
        return self.send(Change(key, copy.deepcopy(value)))

    def restore(self, experiment: dict[str, Any]) -> int:
        """Replace the experiment by one from to_dict() (config and weights)."""
        self._wanted = copy.deepcopy({k: v for k, v in experiment.items() if k != "state"})
        return self.send(Restore(copy.deepcopy(experiment)))

    def checkpoint(self, key: str) -> int:
        """Have the session keep the experiment as it is now under key (for undo)."""
        return self.send(Checkpoint(key))

    def revert(self, key: str, fallback: dict[str, Any]) -> int:
        """Back to checkpoint key with today's live settings (fallback: the config, once it is gone)."""
        self._wanted = with_live_settings(
            {k: v for k, v in fallback.items() if k != "state"}, self._wanted or None
        )
        return self.send(Revert(key, copy.deepcopy(fallback)))

    def setData(self, data: dict[str, Any]) -> int:
        """New data (painted points); the weights stay where the network can take it."""
        if self._wanted:
            self._wanted["data"] = copy.deepcopy(data)
        return self.send(SetData(copy.deepcopy(data)))

    # ----- answers -----

    def request(self, what: str, callback: Callable[[Any], None], arg: object = None) -> None:
        """Ask for a copy of some state (a Query name); callback(answer) runs on this thread when
        it arrives (an Exception when it failed). It shows the state after every command sent before."""
        request = next(self._requests)
        self._callbacks[request] = callback
        self.send(Query(what, arg, request))

    def query(self, what: str, arg: object = None, timeout: float = 10.0) -> Any:
        """For tests and scripts only: wait for an answer, blocking the calling thread (the window
        itself never calls this)."""
        request = next(self._requests)
        event, box = threading.Event(), []
        self._engine.answers[request] = (event, box)
        try:
            self.send(Query(what, arg, request))
            if not event.wait(timeout):
                raise TimeoutError(f"the engine did not answer {what!r} within {timeout} s")
        finally:
            self._engine.answers.pop(request, None)
        answer = box[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def shutdown(self, wait: bool = True) -> None:
        """Stop training and end the thread; the commands still queued are dropped. wait: block
        until the command or chunk running now ends (the app quits); else the thread ends on its
        own (a language switch: the GUI thread never waits for a compile or a rebuild), and
        isRunning() says when it has."""
        if self._thread.isRunning():
            self._engine.stopping = True  # read by the engine thread before each command
            self.send(Shutdown())
            if wait:
                self._thread.wait()
        self._shut = True

    @Slot()
    def waitStopped(self) -> None:
        """Block until the engine thread has ended (after shutdown(wait=False), when the app quits)."""
        self._thread.wait()

    @Slot()
    def _onSnapshotAvailable(self) -> None:
        if self._shut:  # a frame announced just before the window closed: nobody draws it now
            return
        snap = self._engine.take_snapshot()
        if snap is not None:
            # What this thread did since the last frame (drawing it, painting, the user's clicks)
            # paces the next ones.
            cpu = thread_time()
            if self._cpuMark is not None:
                self._engine.note_window_cost(cpu - self._cpuMark)
            self._cpuMark = cpu
            if snap.seq >= self._lastCommand or not self._wanted:
                self._wanted = copy.deepcopy(snap.config)  # caught up: what the session has
            self.snapshotReady.emit(snap)

    @Slot()
    def _onCompareFrameAvailable(self) -> None:
        if self._shut:
            return
        frame = self._engine.take_compare_frame()
        if frame is not None:
            self.compareFrameReady.emit(frame)

    @Slot()
    def _onReady(self) -> None:
        self._is_ready = True
        self.ready.emit()

    @Slot(int, object)
    def _onReplied(self, request: int, answer: object) -> None:
        callback = self._callbacks.pop(request, None)
        if callback is not None:
            callback(answer)
