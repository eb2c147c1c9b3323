"""Compare runs: 2-4 experiments on the same data, trained round-robin on one worker thread, side by side.

The CompareWorker owns the experiments on its own QThread and leaves frames (copies) for the view, as
the main training worker does; the CompareView overlays their loss curves and shows their boundaries.
"""

from __future__ import annotations

import copy
import itertools
import logging
import threading
import traceback
from time import perf_counter
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground import ConfigError, Experiment
from playground.config import normalize
from playground.session.snapshot import DataPoints
from playground.ui.boundary_plot import BoundaryPlot

log = logging.getLogger(__name__)

MAX_RUNS = 4
RESOLUTION = 60
ROUND_SECONDS = 0.02  # train this long per round over all runs
FRAME_SECONDS = 0.05  # at most 20 frames a second
RUN_COLORS = ((31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189))
HISTORY_KEYS = ("epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy")


def describe(cfg: dict[str, Any]) -> str:
    """A short label for a config: its hidden layers and optimizer ('3 × 8 tanh, adam lr 0.01').

    Made on the compare worker's thread; QCoreApplication.translate is thread-safe.
    """
    parts = []
    for layer in cfg.get("layers", []):
        t = layer.get("type", "dense")
        if t == "dense":
            parts.append(f"{layer.get('units', 4)} {layer.get('activation', 'tanh')}")
        elif t == "maxout":
            parts.append(f"maxout {layer.get('units', 4)}×{layer.get('pieces', 2)}")
        else:
            parts.append(f"dropout {layer.get('rate', 0.5):g}")
    if parts and len(set(parts)) == 1 and len(parts) > 1:
        net = f"{len(parts)} × {parts[0]}"
    else:
        net = " → ".join(parts) or QCoreApplication.translate("CompareView", "no hidden layer")
    opt = cfg.get("optimizer", {})
    return f"{net}, {opt.get('name', 'sgd')} lr {opt.get('lr', 0.03):g}"


def on_same_data(cfg: dict[str, Any], first: dict[str, Any] | None) -> dict[str, Any]:
    """cfg with the first run's data, task and seed: same points, and the same initial weights where
    the layer shapes match (the engine draws them from the seed layer by layer)."""
    out = copy.deepcopy(cfg)
    if first is not None:
        for key in ("seed", "data", "task"):
            if key in first:
                out[key] = copy.deepcopy(first[key])
        if out.get("task") == "regression":
            out["loss"] = "mse"
    return out


class _Run:
    def __init__(self, run_id: int, label: str, config: dict[str, Any]) -> None:
        self.id = run_id
        self.label = label
        self.config = config
        self.exp = Experiment.from_dict(config)
        self.initial = dict(self.exp.evaluate())
        self.acked = 0  # history rows the view has taken
        self.generation = 0


class CompareWorker(QObject):
    """Owns the compared experiments on its thread; trains them round-robin to the same epoch."""

    frameAvailable = Signal()
    errored = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._runs: list[_Run] = []
        self._ids = itertools.count(1)
        self._playing = False
        self._target = 500
        self._epochs_per_run = 1
        self._timer: QTimer | None = None
        self._lock = threading.Lock()
        self._latest: dict[str, Any] | None = None
        self._last_frame = 0.0

    # ----- window's thread -----

    def take(self) -> dict[str, Any] | None:
        """The newest frame (thread-safe); notes which history rows the view now has."""
        with self._lock:
            frame, self._latest = self._latest, None
            if frame is not None:
                by_id = {r.id: r for r in self._runs}
                for f in frame["runs"]:
                    run = by_id.get(f["id"])
                    if run is not None and run.generation == f["generation"]:
                        run.acked = f["history_start"] + len(f["history"]["epoch"])
        return frame

    # ----- worker's thread -----

    @Slot(str, object)
    def handle(self, name: str, payload: object) -> None:
        """Run one command from the view, then publish."""
        if self._timer is None:
            self._timer = QTimer(self)
            self._timer.setInterval(0)
            self._timer.timeout.connect(self._tick)
        try:
            getattr(self, "_cmd_" + name)(payload)
        except ConfigError as exc:
            self.errored.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - reaches the view instead of vanishing
            log.error("compare command %s failed:\n%s", name, traceback.format_exc())
            self.errored.emit(
                QCoreApplication.translate("CompareView", "Compare runs: {error}").format(
                    error=f"{type(exc).__name__}: {exc}"
                )
            )
        if name != "stop":
            self._publish()

    def _cmd_add(self, payload: object) -> None:
        configs, labels = payload
        first = self._runs[0].config if self._runs else None
        for cfg, label in zip(configs, labels):
            if len(self._runs) >= MAX_RUNS:
                self.errored.emit(
                    QCoreApplication.translate(
                        "CompareView", "At most {count} runs can be compared; remove one first."
                    ).format(count=MAX_RUNS)
                )
                break
            cfg = normalize(on_same_data(cfg, first))
            first = first or cfg
            with self._lock:
                self._runs.append(_Run(next(self._ids), label or describe(cfg), cfg))

    def _cmd_remove(self, run_id: object) -> None:
        with self._lock:
            self._runs = [r for r in self._runs if r.id != run_id]
        if not self._runs:
            self._stop_playing()

    def _cmd_clear(self, _payload: object) -> None:
        with self._lock:
            self._runs = []
        self._stop_playing()

    def _cmd_reset(self, _payload: object) -> None:
        """Every run back to its initial weights (the same for all runs whose shapes match)."""
        self._stop_playing()
        with self._lock:
            for r in self._runs:
                r.exp = Experiment.from_dict(r.config)
                r.initial = dict(r.exp.evaluate())
                r.generation += 1
                r.acked = 0

    def _cmd_set_target(self, epochs: object) -> None:
        self._target = int(epochs)

    def _cmd_play(self, _payload: object) -> None:
        if self._runs and any(r.exp.epoch < self._target for r in self._runs):
            self._playing = True
            self._timer.start()

    def _cmd_pause(self, _payload: object) -> None:
        self._stop_playing()

    def _cmd_stop(self, _payload: object) -> None:
        self._stop_playing()
        self.moveToThread(QCoreApplication.instance().thread())
        QThread.currentThread().quit()

    def _stop_playing(self) -> None:
        self._playing = False
        if self._timer is not None:
            self._timer.stop()

    @Slot()
    def _tick(self) -> None:
        """One round: every run that has not reached the target trains the same number of epochs."""
        todo = [r for r in self._runs if r.exp.epoch < self._target]
        if not self._playing or not todo:
            self._stop_playing()
            self._publish()
            return
        t0 = perf_counter()
        try:
            for r in todo:
                r.exp.train(epochs=min(self._epochs_per_run, self._target - r.exp.epoch))
        except Exception as exc:  # noqa: BLE001
            log.error("compare training failed:\n%s", traceback.format_exc())
            self._stop_playing()
            self.errored.emit(
                QCoreApplication.translate("CompareView", "Compare runs: training failed: {error}")
                .format(error=f"{type(exc).__name__}: {exc}")
            )
        dt = perf_counter() - t0
        if dt < ROUND_SECONDS / 2 and self._epochs_per_run < 1024:
            self._epochs_per_run *= 2
        elif dt > ROUND_SECONDS * 2 and self._epochs_per_run > 1:
            self._epochs_per_run //= 2
        if not any(r.exp.epoch < self._target for r in self._runs):
            self._stop_playing()
        if not self._playing or perf_counter() - self._last_frame >= FRAME_SECONDS:
            self._publish()

    def _publish(self) -> None:
        self._last_frame = perf_counter()
        runs = []
        with self._lock:
            current = list(self._runs)
            acked = {r.id: r.acked for r in current}
        for r in current:
            exp = r.exp
            start = acked[r.id]
            with np.errstate(all="ignore"):
                grid = exp.predict_grid(RESOLUTION)
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
                    "history_start": start,
                    "history": {
                        k: np.array(v[start:], dtype=float)
                        for k, v in exp.history.items()
                        if k in HISTORY_KEYS
                    },
                    "output": np.array(grid["output"], dtype=np.float32, copy=True),
                    "task": ds.task,
                    "data": DataPoints(
                        np.array(ds.x_train, copy=True),
                        np.array(ds.y_train, copy=True),
                        np.array(ds.x_test, copy=True),
                        np.array(ds.y_test, copy=True),
                        ds.task,
                        int(ds.n_classes or 0),
                    ),
                }
            )
        frame = {"runs": runs, "playing": self._playing, "target": self._target}
        with self._lock:
            notify = self._latest is None
            self._latest = frame
        if notify:
            self.frameAvailable.emit()


class _RunCurves:
    """A run's loss history on the view's side, and its two curves."""

    def __init__(self, plot: pg.PlotItem, color: tuple[int, int, int]) -> None:
        self.color = color
        self.test = plot.plot(pen=pg.mkPen(color, width=2))
        self.train = plot.plot(pen=pg.mkPen(color, width=1, style=Qt.PenStyle.DashLine))
        self.rows: dict[str, list[float]] = {k: [] for k in HISTORY_KEYS}
        self.generation = -1

    def remove(self, plot: pg.PlotItem) -> None:
        plot.removeItem(self.test)
        plot.removeItem(self.train)

    def count(self) -> int:
        return len(self.rows["epoch"])

    def arrays(self) -> dict[str, np.ndarray]:
        return {k: np.asarray(v, dtype=float) for k, v in self.rows.items()}


class CompareView(QWidget):
    """Runs list, overlaid loss curves, boundaries side by side; play, reset, add, remove."""

    _command = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self._worker: CompareWorker | None = None
        self._thread: QThread | None = None
        self._closed = False
        self.frame: dict[str, Any] | None = None
        self.curves: dict[int, _RunCurves] = {}
        self.boundaries: dict[int, tuple[QWidget, BoundaryPlot, QLabel]] = {}
        self.removeButtons: dict[int, QToolButton] = {}
        self._dataKeys: dict[int, int] = {}
        self._colors: dict[int, tuple[int, int, int]] = {}
        self.configProvider = None  # callable giving the main window's config for "Add"

        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)
        left = QVBoxLayout()
        bar = QHBoxLayout()
        self.playButton = QPushButton(self.tr("Train"))
        self.playButton.setCheckable(True)
        self.playButton.setToolTip(self.tr("Train every run, round-robin, to the chosen epoch"))
        self.resetButton = QPushButton(self.tr("Reset"))
        self.resetButton.setToolTip(self.tr("Every run back to epoch 0 and its initial weights"))
        self.targetSpin = QSpinBox()
        self.targetSpin.setRange(1, 1_000_000)
        self.targetSpin.setValue(500)
        self.targetSpin.setSingleStep(100)
        self.targetSpin.setPrefix(self.tr("to epoch "))
        self.logCheck = QCheckBox(self.tr("Log scale"))
        bar.addWidget(self.playButton)
        bar.addWidget(self.targetSpin)
        bar.addWidget(self.resetButton)
        bar.addWidget(self.logCheck)
        bar.addStretch(1)
        self.addButton = QPushButton(self.tr("Add this network"))
        self.addButton.setToolTip(
            self.tr(
                "Add the main window's network as a run (on the runs' data and seed; at most 4 "
                "runs)"
            )
        )
        bar.addWidget(self.addButton)
        left.addLayout(bar)
        self.statusLabel = QLabel("")
        self.statusLabel.setWordWrap(True)
        self.statusLabel.hide()
        left.addWidget(self.statusLabel)
        self.lossPlot = pg.PlotWidget(background="w")
        self.lossPlot.setObjectName("compareLossPlot")
        item = self.lossPlot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(False, False)
        item.showGrid(x=False, y=True, alpha=0.15)
        item.setLabel("bottom", self.tr("epoch"))
        item.setLabel("left", self.tr("loss: test —, training - -"))
        for side in ("left", "bottom"):
            item.getAxis(side).setTextPen(pg.mkPen("#555"))
            item.getAxis(side).setPen(pg.mkPen("#999"))
            item.getAxis(side).enableAutoSIPrefix(False)
        left.addWidget(self.lossPlot, 1)
        outer.addLayout(left, 2)
        self.boundaryRow = QHBoxLayout()
        self.boundaryRow.setSpacing(6)
        self.emptyLabel = QLabel(
            self.tr(
                "No runs yet. Load the lesson 'deep vs fat' or 'optimizer race', or add this "
                "window's network, change it, and add it again."
            )
        )
        self.emptyLabel.setWordWrap(True)
        self.boundaryRow.addWidget(self.emptyLabel)
        outer.addLayout(self.boundaryRow, 3)

        self.playButton.toggled.connect(self._onPlay)
        self.resetButton.clicked.connect(lambda: self._send("reset"))
        self.targetSpin.valueChanged.connect(lambda v: self._send("set_target", int(v)))
        self.logCheck.toggled.connect(self._onLog)
        self.addButton.clicked.connect(self._onAdd)

    # ----- worker -----

    def _ensureWorker(self) -> None:
        if self._worker is not None or self._closed:
            return
        self._thread = QThread()
        self._thread.setObjectName("compare-worker")
        self._worker = CompareWorker()
        self._worker.moveToThread(self._thread)
        self._command.connect(self._worker.handle)
        self._worker.frameAvailable.connect(self._onFrameAvailable)
        self._worker.errored.connect(self._onError)
        self._thread.start()
        self._send("set_target", self.targetSpin.value())

    def _send(self, name: str, payload: object = None) -> None:
        if self._worker is None:
            if name in ("reset", "set_target", "play", "pause", "remove", "clear"):
                return
            self._ensureWorker()
        self._command.emit(name, payload)

    def shutdown(self) -> None:
        """Stop the worker thread and wait for it (the window is closing)."""
        self._closed = True
        if self._thread is not None and self._thread.isRunning():
            self._command.emit("stop", None)
            self._thread.wait()

    def isTraining(self) -> bool:
        """Whether the newest frame says the runs are training."""
        return bool(self.frame and self.frame["playing"])

    # ----- commands from the window and the lessons -----

    def setRuns(
        self,
        configs: list[dict[str, Any]],
        labels: list[str] | None = None,
        epochs: int | None = None,
    ) -> None:
        """Replace the runs by these configs (a ready-made comparison)."""
        self.playButton.setChecked(False)
        if epochs is not None:
            self.targetSpin.setValue(int(epochs))
        self._send("clear")
        self.addRuns(configs, labels)

    def addRuns(self, configs: list[dict[str, Any]], labels: list[str] | None = None) -> None:
        """Add runs on the same data as the first run."""
        labels = list(labels or [])
        labels += [""] * (len(configs) - len(labels))
        self._send("add", ([copy.deepcopy(c) for c in configs], labels))

    def _onAdd(self) -> None:
        if self.configProvider is not None:
            cfg = self.configProvider()
            if cfg:
                self.addRuns([cfg])

    def removeRun(self, run_id: int) -> None:
        """Remove a run and its history."""
        self._send("remove", run_id)

    def _onError(self, message: str) -> None:
        self.statusLabel.setText(message)
        self.statusLabel.setVisible(bool(message))

    def _onPlay(self, on: bool) -> None:
        self.playButton.setText(self.tr("Pause") if on else self.tr("Train"))
        self._send("play" if on else "pause")

    def _onLog(self, on: bool) -> None:
        self.lossPlot.getPlotItem().setLogMode(False, on)
        self._redraw()

    # ----- frames -----

    @Slot()
    def _onFrameAvailable(self) -> None:
        if self._worker is None:
            return
        frame = self._worker.take()
        if frame is not None:
            self.showFrame(frame)

    def showFrame(self, frame: dict[str, Any]) -> None:
        """Draw one frame of the CompareWorker."""
        self.frame = frame
        plot = self.lossPlot.getPlotItem()
        ids = [r["id"] for r in frame["runs"]]
        for run_id in list(self.curves):
            if run_id not in ids:
                self.curves.pop(run_id).remove(plot)
                self._dataKeys.pop(run_id, None)
                w, _b, _l = self.boundaries.pop(run_id)
                self.removeButtons.pop(run_id, None)
                self.boundaryRow.removeWidget(w)
                w.deleteLater()
        for r in frame["runs"]:
            self._colors.setdefault(r["id"], RUN_COLORS[len(self._colors) % len(RUN_COLORS)])
            color = self._colors[r["id"]]
            if r["id"] not in self.curves:
                self.curves[r["id"]] = _RunCurves(plot, color)
                self._addBoundary(r["id"], color)
            curves = self.curves[r["id"]]
            if curves.generation != r["generation"] or r["history_start"] == 0:
                curves.generation = r["generation"]
                ini = r["initial"]
                curves.rows = {k: [] for k in HISTORY_KEYS}
                for k in HISTORY_KEYS:  # epoch 0: the loss of the initial weights
                    curves.rows[k].append(float(ini[k]) if ini.get(k) is not None else np.nan)
            skip = max(0, curves.count() - 1 - r["history_start"])
            for k, v in r["history"].items():
                curves.rows[k].extend(v[skip:].tolist())
            _w, boundary, caption = self.boundaries[r["id"]]
            data = r["data"]
            key = hash((data.x_train.tobytes(), data.y_train.tobytes(), data.x_test.tobytes()))
            if self._dataKeys.get(r["id"]) != key:
                boundary.setPoints(data)
                self._dataKeys[r["id"]] = key
            boundary.setOutput(r["output"], r["task"])
            ev = r["evaluation"]
            acc = ev.get("test_accuracy")
            text = f"<b style='color:rgb{color}'>{r['label']}</b><br>" + self.tr(
                "{params:,} params · epoch {epoch:,}<br>test loss {loss:.3f}"
            ).format(params=r["parameter_count"], epoch=r["epoch"], loss=ev["test_loss"]) + (
                f" · {100 * acc:.0f} %" if acc is not None else ""
            )
            if caption.text() != text:
                caption.setText(text)
        self.emptyLabel.setVisible(not frame["runs"])
        if self.playButton.isChecked() != frame["playing"]:
            self.playButton.blockSignals(True)
            self.playButton.setChecked(frame["playing"])
            self.playButton.setText(self.tr("Pause") if frame["playing"] else self.tr("Train"))
            self.playButton.blockSignals(False)
        self._redraw()

    def _addBoundary(self, run_id: int, color: tuple[int, int, int]) -> None:
        host = QWidget()
        col = QVBoxLayout(host)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        boundary = BoundaryPlot()
        boundary.setMinimumSize(120, 120)
        caption = QLabel("")
        caption.setWordWrap(True)
        caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        remove = QToolButton()
        remove.setText("✕")
        remove.setAutoRaise(True)
        remove.setToolTip(self.tr("Remove this run and its history"))
        remove.clicked.connect(lambda _checked=False, i=run_id: self.removeRun(i))
        under = QHBoxLayout()
        under.setSpacing(0)
        under.addWidget(caption, 1)
        under.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        col.addWidget(boundary, 1)
        col.addLayout(under)
        self.removeButtons[run_id] = remove
        self.boundaryRow.addWidget(host, 1)
        self.boundaries[run_id] = (host, boundary, caption)

    def _redraw(self) -> None:
        log_scale = self.logCheck.isChecked()
        last = 1.0
        for curves in self.curves.values():
            a = curves.arrays()
            x = a["epoch"]
            for curve, y in ((curves.test, a["test_loss"]), (curves.train, a["train_loss"])):
                if log_scale:
                    y = np.where(y > 0, y, np.nan)
                curve.setData(x, y, connect="finite")
            if len(x):
                last = max(last, float(x[-1]))
        self.lossPlot.getPlotItem().setXRange(0, last, padding=0.02)

    def runHistories(self) -> dict[int, dict[str, np.ndarray]]:
        """Each run's rows as the view holds them (epoch 0 first); for tests and exports."""
        return {run_id: c.arrays() for run_id, c in self.curves.items()}
