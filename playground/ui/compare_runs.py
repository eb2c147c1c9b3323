"""Compare runs: 2-4 experiments on the same data, side by side (the view).

The runs live on the engine thread (playground.session.compare.CompareRuns, trained between the main
network's chunks); the CompareView sends them typed commands through the engine client and draws the
frames it gets back: overlaid loss curves and a boundary per run.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
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

from playground.config import default_config
from playground.history import ThinnedRows
from playground.session.commands import (
    CompareAdd,
    CompareClear,
    ComparePlay,
    CompareRemove,
    CompareReset,
    CompareTarget,
)
from playground.session.compare import HISTORY_KEYS, MAX_RUNS  # noqa: F401 - MAX_RUNS for callers
from playground.ui.boundary_plot import BoundaryPlot
from playground.ui.plots import PlotWidget
from playground.ui.top_bar import optimizer_label

RUN_COLORS = ((31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189))
CURVE_RECENT_ROWS = 1000  # each run's curves hold at most 2 × this + CURVE_ARCHIVE_ROWS rows
CURVE_ARCHIVE_ROWS = 2000
BOUNDARY_MIN = 84  # four runs' boundaries fit beside the curves on a 1280-px screen
_DEFAULT_LR = default_config()["optimizer"]["lr"]


def describe(cfg: dict[str, Any]) -> str:
    """A short label for a config: its hidden layers and optimizer ('3 × 8 tanh, Adam, learning rate 0.01')."""
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
    return QCoreApplication.translate("CompareView", "{net}, {optimizer}, learning rate {lr:g}").format(
        net=net, optimizer=optimizer_label(opt.get("name", "sgd")), lr=opt.get("lr", _DEFAULT_LR)
    )


class RunTitle(QLabel):
    """A run's name in its colour, above its boundary: wrapped onto a second line where the column
    is narrow, never drawn over the tick labels, its neighbours or the × button."""

    def __init__(self, color: tuple[int, int, int]) -> None:
        super().__init__()
        self.setStyleSheet(f"color: rgb{color}; font-weight: bold;")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def fullText(self) -> str:
        """The whole name (all of it is shown)."""
        return self.text()

    def setFullText(self, text: str) -> None:
        if text != self.text():
            self.setText(text)
            self.setToolTip(text)


class _RunCurves:
    """A run's loss history on the view's side (bounded, an old spike stays), and its two curves."""

    def __init__(self, plot: pg.PlotItem, color: tuple[int, int, int]) -> None:
        self.color = color
        self.test = plot.plot(pen=pg.mkPen(color, width=2))
        self.train = plot.plot(pen=pg.mkPen(color, width=1, style=Qt.PenStyle.DashLine))
        self.rows = ThinnedRows(
            len(HISTORY_KEYS), (1, 2), recent=CURVE_RECENT_ROWS, cap=CURVE_ARCHIVE_ROWS
        )
        self.generation = -1

    def remove(self, plot: pg.PlotItem) -> None:
        plot.removeItem(self.test)
        plot.removeItem(self.train)

    def restart(self, initial: dict[str, Any]) -> None:
        """Forget the rows; epoch 0 is the loss of the initial weights."""
        self.rows.clear()
        row = [0.0] + [
            float(initial[k]) if initial.get(k) is not None else np.nan for k in HISTORY_KEYS[1:]
        ]
        self.rows.extend(np.array([row]))

    def extend(self, history: dict[str, np.ndarray]) -> None:
        """Add the rows after the newest held (frames can overlap)."""
        epochs = history.get("epoch")
        if epochs is None or not len(epochs):
            return
        cols = [
            np.asarray(history[k], dtype=float) if k in history else np.full(len(epochs), np.nan)
            for k in HISTORY_KEYS
        ]
        self.rows.extend(np.column_stack(cols))

    def count(self) -> int:
        return len(self.rows)

    def arrays(self) -> dict[str, np.ndarray]:
        v = self.rows.view()
        return {k: v[:, i].copy() for i, k in enumerate(HISTORY_KEYS)}


class CompareView(QWidget):
    """Runs list, overlaid loss curves, boundaries side by side; play, reset, add, remove."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self._engine = None  # the engine client, from attach()
        self._closed = False
        self.frame: dict[str, Any] | None = None
        self.curves: dict[int, _RunCurves] = {}
        self.boundaries: dict[int, tuple[QWidget, BoundaryPlot, QLabel]] = {}
        self.titles: dict[int, RunTitle] = {}
        self.removeButtons: dict[int, QToolButton] = {}
        self._dataKeys: dict[int, int] = {}
        self._colors: dict[int, tuple[int, int, int]] = {}
        self.configProvider = None  # callable giving the main window's config for "Add"

        # The buttons above everything, so none moves when runs come and go or a message shows.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)
        outer.setSpacing(4)
        bar = QHBoxLayout()
        self.playButton = QPushButton(self.tr("Train"))
        self.playButton.setCheckable(True)
        fm = self.playButton.fontMetrics()
        self.playButton.setMinimumWidth(  # as wide for "Pause" as for "Train"
            max(fm.horizontalAdvance(t) for t in (self.tr("Train"), self.tr("Pause"))) + 36
        )
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
        outer.addLayout(bar)
        self.statusLabel = QLabel("")
        self.statusLabel.setWordWrap(True)
        self.statusLabel.hide()
        outer.addWidget(self.statusLabel)
        body = QHBoxLayout()
        self._body = body
        outer.addLayout(body, 1)
        self.lossPlot = PlotWidget(background="w")
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
        self.lossPlot.setMinimumSize(180, 120)
        body.addWidget(self.lossPlot, 1)
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
        body.addLayout(self.boundaryRow, 3)

        self.playButton.toggled.connect(self._onPlay)
        self.resetButton.clicked.connect(lambda: self._send(CompareReset()))
        self.targetSpin.valueChanged.connect(lambda v: self._send(CompareTarget(int(v))))
        self.logCheck.toggled.connect(self._onLog)
        self.addButton.clicked.connect(self._onAdd)

    # ----- the engine -----

    def attach(self, engine) -> None:
        """Send commands to this engine client and draw the compare frames it brings."""
        self._engine = engine
        engine.compareFrameReady.connect(self._onFrame)
        engine.compareErrored.connect(self._onError)
        self._send(CompareTarget(self.targetSpin.value()))

    def _send(self, command: object) -> None:
        if self._engine is not None and not self._closed:
            self._engine.send(command)

    def shutdown(self) -> None:
        """The window is closing: send nothing more (the engine thread stops with the window)."""
        self._closed = True

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
        self._send(CompareClear())
        self.addRuns(configs, labels)

    def addRuns(self, configs: list[dict[str, Any]], labels: list[str] | None = None) -> None:
        """Add runs on the same data as the first run."""
        labels = list(labels or [])
        labels += [""] * (len(configs) - len(labels))
        self._send(CompareAdd([copy.deepcopy(c) for c in configs], labels))

    def _onAdd(self) -> None:
        if self.configProvider is not None:
            cfg = self.configProvider()
            if cfg:
                self.addRuns([cfg])

    def removeRun(self, run_id: int) -> None:
        """Remove a run and its history."""
        self._send(CompareRemove(run_id))

    def _onError(self, message: str) -> None:
        self.statusLabel.setText(message)
        self.statusLabel.setVisible(bool(message))

    def _onPlay(self, on: bool) -> None:
        self.playButton.setText(self.tr("Pause") if on else self.tr("Train"))
        self._send(ComparePlay(on))

    def _onLog(self, on: bool) -> None:
        self.lossPlot.getPlotItem().setLogMode(False, on)
        self._redraw()

    # ----- frames -----

    def _onFrame(self, frame: dict[str, Any]) -> None:
        if not self._closed:
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
                self.titles.pop(run_id, None)
                self.boundaryRow.removeWidget(w)
                w.deleteLater()
        for r in frame["runs"]:
            self._colors.setdefault(r["id"], RUN_COLORS[len(self._colors) % len(RUN_COLORS)])
            color = self._colors[r["id"]]
            if r["id"] not in self.curves:
                self.curves[r["id"]] = _RunCurves(plot, color)
                self._addBoundary(r["id"], color)
            curves = self.curves[r["id"]]
            if curves.generation != r["generation"] or r["history_reset"]:
                curves.generation = r["generation"]
                curves.restart(r["initial"])
            curves.extend(r["history"])
            _w, boundary, caption = self.boundaries[r["id"]]
            data = r["data"]
            images = data.image_shape is not None  # no plane to draw: the curves and numbers only
            boundary.setVisible(not images)
            key = hash((data.x_train.tobytes(), data.y_train.tobytes(), data.x_test.tobytes()))
            if self._dataKeys.get(r["id"]) != key and not images:
                boundary.setPoints(data)
                self._dataKeys[r["id"]] = key
            if not images:
                boundary.setOutput(r["output"], r["task"])
            ev = r["evaluation"]
            acc = ev.get("test_accuracy")
            self.titles[r["id"]].setFullText(r["label"] or describe(r["config"]))
            text = (f"{100 * acc:.0f} % · " if acc is not None else "") + self.tr(
                "loss {loss:.3f}"
            ).format(loss=ev["test_loss"])
            text += "\n" + self.tr("epoch {epoch:,} · {params:,} params").format(
                params=r["parameter_count"], epoch=r["epoch"]
            )
            if caption.text() != text:
                caption.setText(text)
        self.emptyLabel.setVisible(not frame["runs"])
        # The curves get what the boundaries leave: half with one or two runs, a quarter with four.
        self._body.setStretch(0, max(1, 5 - len(frame["runs"])))
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
        boundary.setMinimumSize(BOUNDARY_MIN, BOUNDARY_MIN)
        title = RunTitle(color)
        caption = QLabel("")
        caption.setObjectName("caption")
        caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        caption.setWordWrap(True)
        remove = QToolButton()
        remove.setText("✕")
        remove.setAutoRaise(True)
        remove.setToolTip(self.tr("Remove this run and its history"))
        remove.clicked.connect(lambda _checked=False, i=run_id: self.removeRun(i))
        head = QHBoxLayout()  # the name and its ×, above the plot: clear of the tick labels
        head.setSpacing(2)
        head.addWidget(title, 1)
        head.addWidget(remove, 0)
        col.addLayout(head)
        col.addWidget(boundary, 1)
        col.addWidget(caption)
        self.removeButtons[run_id] = remove
        self.titles[run_id] = title
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
