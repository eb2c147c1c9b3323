"""Hidden space: the data and the input grid's lines as one hidden layer sees them, updating live."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.session.config_edits import param_layer_indices
from playground.session.lab_extras import HiddenSpace, grid_lines
from playground.session.snapshot import Snapshot
from playground.ui.colors import class_palette, values_to_rgba
from playground.ui.gradient_panel import layer_names
from playground.ui.plots import PlotWidget

MODES = (
    (QT_TRANSLATE_NOOP("HiddenSpacePanel", "First two principal components"), "pca"),
    (QT_TRANSLATE_NOOP("HiddenSpacePanel", "Two neurons"), "units"),
)
LINE_COLORS = ("#9a9a9a", "#c9c9c9")  # lines of constant x1, lines of constant x2
FRAME_MARGIN = 0.08  # of the points' extent, on each side
NOTE_MIN_HEIGHT = 300  # a shorter panel keeps its plots' room and shows the note as a tooltip
REFRAME_BELOW = 1 / 3  # frame again when the points fill less than this of the view


def points_frame(xy: np.ndarray) -> QRectF | None:
    """The rectangle that shows these points with a margin (None: no finite point)."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    xy = xy[np.isfinite(xy).all(axis=1)]
    if not len(xy):
        return None
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    span = hi - lo
    floor = max(float(span.max()) * 0.05, 1e-6)  # a flat cloud still gets some height
    span = np.maximum(span, floor)
    centre = (lo + hi) / 2
    half = span * (0.5 + FRAME_MARGIN)
    return QRectF(centre[0] - half[0], centre[1] - half[1], 2 * half[0], 2 * half[1])


def _nan_separated(lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(L, m, 2) polylines -> x, y arrays with a NaN between lines (one curve item draws them all)."""
    L, m, _ = lines.shape
    padded = np.full((L, m + 1, 2), np.nan, dtype=np.float64)
    padded[:, :m] = lines
    flat = padded.reshape(-1, 2)
    return flat[:, 0], flat[:, 1]


def _scatter_plot(name: str):
    """A square-aspect plot with two line curves (grid lines) and train / test scatters."""
    plot = PlotWidget(background="w")
    plot.setObjectName(name)
    item = plot.getPlotItem()
    item.setMenuEnabled(False)
    item.hideButtons()
    item.setAspectLocked(True)  # distances look as they are
    for side in ("left", "bottom"):
        item.getAxis(side).setTextPen(pg.mkPen("#555"))
        item.getAxis(side).setPen(pg.mkPen("#999"))
        item.getAxis(side).enableAutoSIPrefix(False)
    lines = [pg.PlotCurveItem(pen=pg.mkPen(c, width=1), connect="finite") for c in LINE_COLORS]
    for c in lines:
        item.addItem(c)
    train = pg.ScatterPlotItem(size=6, pen=pg.mkPen("w", width=0.8), pxMode=True)
    test = pg.ScatterPlotItem(size=6, pen=pg.mkPen("#111", width=1.0), pxMode=True)
    item.addItem(train)
    item.addItem(test)
    test.setVisible(False)
    return plot, lines, train, test


class HiddenSpacePanel(QWidget):
    """Pick a layer and a projection; shows what the worker computed (nothing is computed here)."""

    requestChanged = Signal(object)  # a HiddenSpace for the worker

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hiddenSpacePanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        row = QHBoxLayout()
        self.layerCombo = QComboBox()
        self.layerCombo.setToolTip(
            self.tr("The layer whose outputs are the coordinates of each point")
        )
        self.modeCombo = QComboBox()
        for text, mode in MODES:
            self.modeCombo.addItem(self.tr(text), mode)
        self.unitX = QSpinBox()
        self.unitY = QSpinBox()
        for spin, value, tip in (
            (self.unitX, 1, self.tr("The neuron on the horizontal axis")),
            (self.unitY, 2, self.tr("The neuron on the vertical axis")),
        ):
            spin.setRange(1, 1024)
            spin.setValue(value)
            spin.setPrefix(self.tr("neuron "))
            spin.setToolTip(tip)
        self.testCheck = QCheckBox(self.tr("Test points"))
        layer_label = QLabel(self.tr("La&yer"))
        layer_label.setBuddy(self.layerCombo)
        row.addWidget(layer_label)
        row.addWidget(self.layerCombo)
        row.addWidget(self.modeCombo)
        row.addStretch(1)
        layout.addLayout(row)
        # The neuron choices join the first row where the panel is wide enough, else a second.
        self._controlRows = (row, QHBoxLayout())
        self._controlRows[1].addStretch(1)
        self._oneRow: bool | None = None
        layout.addLayout(self._controlRows[1])
        self.note = QLabel(
            self.tr(
                "Left: the data and the grid lines of the input square (x1 = const darker, "
                "x2 = const lighter). Right: the same points and lines placed by the chosen "
                "layer's outputs."
            )
        )
        self.note.setWordWrap(True)
        self.note.setObjectName("mutedNote")
        layout.addWidget(self.note)
        self._placeControls()
        plots = QHBoxLayout()
        self.inputPlot, self.inputLines, self.inputTrain, self.inputTest = _scatter_plot(
            "hiddenSpaceInputPlot"
        )
        self.inputPlot.getPlotItem().setLabel("bottom", "x1")
        self.inputPlot.getPlotItem().setLabel("left", "x2")
        x, y = zip(*(_nan_separated(part) for part in np.split(grid_lines(), 2)))
        for curve, cx, cy in zip(self.inputLines, x, y):
            curve.setData(cx, cy, connect="finite")
        self.plot, self.lineCurves, self.trainPoints, self.testPoints = _scatter_plot(
            "hiddenSpacePlot"
        )
        # The grid lines of the input square can lie far out in a layer's space: the view frames
        # the points shown, not everything drawn (pyqtgraph's auto range would take the lines).
        box = self.plot.getPlotItem().getViewBox()
        box.disableAutoRange()
        box.sigRangeChangedManually.connect(self._onUserRange)
        self._userRange = False  # the user panned or zoomed: leave the view as it is
        self._framed: tuple | None = None  # the projection the view was last fitted to
        plots.addWidget(self.inputPlot, 1)
        plots.addWidget(self.plot, 2)
        layout.addLayout(plots, 1)
        self.frame: dict[str, Any] | None = None
        self._names: list[str] = []
        self._units: list[int] = []  # neurons of each hidden layer with weights
        self._task = "classification"
        self._brushKeys: dict[str, tuple] = {}
        self._brushes: dict[str, list] = {}
        self._inputKeys: dict[str, tuple] = {}
        self.layerCombo.currentIndexChanged.connect(self._emitRequest)
        self.modeCombo.currentIndexChanged.connect(self._emitRequest)
        self.unitX.valueChanged.connect(self._emitRequest)
        self.unitY.valueChanged.connect(self._emitRequest)
        self.testCheck.toggled.connect(self.testPoints.setVisible)
        self.testCheck.toggled.connect(self.inputTest.setVisible)
        self.testCheck.toggled.connect(lambda _on: self.frameData())
        self._showUnitControls()

    # ----- layout -----

    def _placeControls(self) -> None:
        """One row of controls where they fit, else two; the note only where the plots have room."""
        extra = (self.unitX, self.unitY, self.testCheck)
        first, second = self._controlRows
        if self._oneRow is None:
            self._rowWidths = (
                sum(first.itemAt(i).sizeHint().width() + 6 for i in range(first.count())),
                sum(w.sizeHint().width() + 6 for w in extra),
            )
            # Set, so that the one-row layout does not make this the panel's minimum width.
            self.setMinimumWidth(max(self._rowWidths) + 16)
        one = self.width() >= sum(self._rowWidths) + 24
        if one != self._oneRow:
            self._oneRow = one
            target = first if one else second
            for w in extra:
                first.removeWidget(w)
                second.removeWidget(w)
            for w in extra:
                target.insertWidget(target.count() - 1, w)  # before the stretch
        self.note.setVisible(self.height() >= NOTE_MIN_HEIGHT)
        self.note.setToolTip("" if self.note.isVisible() else self.note.text())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._placeControls()

    # ----- what to ask the worker -----

    def request(self) -> HiddenSpace:
        """The computation the current choices ask for."""
        layer = self.layerCombo.currentData()
        return HiddenSpace(
            -1 if layer is None else int(layer),
            self.modeCombo.currentData(),
            (self.unitX.value() - 1, self.unitY.value() - 1),
        )

    def _emitRequest(self, *_args: object) -> None:
        self._userRange = False  # another layer or projection: frame its points
        layer = self.layerCombo.currentData()
        units = 2 if layer is None or layer < 0 or layer >= len(self._units) else self._units[layer]
        for spin in (self.unitX, self.unitY):
            if spin.maximum() != units:
                spin.blockSignals(True)
                spin.setMaximum(units)
                spin.blockSignals(False)
        self._showUnitControls()
        self.requestChanged.emit(self.request())

    def _showUnitControls(self) -> None:
        units = self.modeCombo.currentData() == "units"
        self.unitX.setEnabled(units)
        self.unitY.setEnabled(units)

    def setLayers(self, cfg: dict[str, Any]) -> None:
        """Fill the layer choice from a config (keeps the choice when it still exists)."""
        names = layer_names(cfg, translated=True)[:-1]
        if names == self._names:
            return
        same_depth = len(names) == len(self._names)
        self._names = names
        self._units = [int(cfg["layers"][i].get("units", 1)) for i in param_layer_indices(cfg)]
        keep = self.layerCombo.currentData()
        self.layerCombo.blockSignals(True)
        self.layerCombo.clear()
        self.layerCombo.addItem(self.tr("Input (x1, x2)"), -1)
        for k, name in enumerate(names):
            self.layerCombo.addItem(name[0].upper() + name[1:], k)
        i = self.layerCombo.findData(keep)
        # A network of another depth starts on its last hidden layer, where the classes are pulled
        # apart most; otherwise the choice stays.
        self.layerCombo.setCurrentIndex(i if i >= 0 and same_depth else len(names))
        self.layerCombo.blockSignals(False)
        self._emitRequest()

    # ----- drawing -----

    def onSnapshot(self, snap: Snapshot) -> None:
        """Follow the network's layers; draw the worker's projection if the snapshot has one."""
        self._task = snap.task
        self.setLayers(snap.config)
        frame = snap.extra.get("hidden")
        if frame is not None:
            self.showFrame(frame)

    def showFrame(self, frame: dict[str, Any]) -> None:
        """Draw one projection from lab_extras.HiddenSpace."""
        self.frame = frame
        lines = np.asarray(frame["lines"], dtype=np.float64)
        half = len(lines) // 2
        for curve, part in zip(self.lineCurves, (lines[:half], lines[half:])):
            x, y = _nan_separated(part)
            curve.setData(x, y, connect="finite")
        for name, scatter, raw in (
            ("train", self.trainPoints, self.inputTrain),
            ("test", self.testPoints, self.inputTest),
        ):
            xy = np.asarray(frame[name], dtype=np.float64)
            brush = self._brushFor(name, frame[f"y_{name}"])
            scatter.setData(x=xy[:, 0], y=xy[:, 1], brush=brush)
            if self._inputKeys.get(name) != self._brushKeys[name]:  # the data changed
                points = np.asarray(frame[f"x_{name}"], dtype=np.float64)
                raw.setData(x=points[:, 0], y=points[:, 1], brush=brush)
                self._inputKeys[name] = self._brushKeys[name]
        self.frameData()
        inputs = self.inputPlot.getPlotItem()
        for side, text in zip(
            ("bottom", "left"), (self._axisLabel(a) for a in frame.get("input_axes", ("x1", "x2")))
        ):
            if inputs.getAxis(side).labelText != text:
                inputs.setLabel(side, text)
        plane = len(lines) > 0  # images have no input grid to draw
        for curve in self.inputLines:
            if curve.isVisible() != plane:
                curve.setVisible(plane)
        item = self.plot.getPlotItem()
        x_label, y_label = (self._axisLabel(a) for a in frame["axes"])
        if item.getAxis("bottom").labelText != x_label:
            item.setLabel("bottom", x_label)
        if item.getAxis("left").labelText != y_label:
            item.setLabel("left", y_label)

    def _onUserRange(self, *_args: object) -> None:
        self._userRange = True

    def frameData(self, force: bool = False) -> None:
        """Set the view to the points shown, with a margin, when they left it or fill too little
        of it (not on every frame, so the view holds still while the points move a little)."""
        if self.frame is None:
            return
        mode = self.frame["mode"]
        key = (self.frame["layer"], mode, tuple(self.frame["axes"]) if mode == "units" else None)
        force = force or key != self._framed  # another layer or projection: fit it at once
        if self._userRange and not force:
            return
        shown = [np.asarray(self.frame["train"], dtype=np.float64).reshape(-1, 2)]
        if self.testCheck.isChecked():
            shown.append(np.asarray(self.frame["test"], dtype=np.float64).reshape(-1, 2))
        target = points_frame(np.concatenate(shown))
        if target is None:
            return
        box = self.plot.getPlotItem().getViewBox()
        (x0, x1), (y0, y1) = box.viewRange()
        view = QRectF(x0, y0, x1 - x0, y1 - y0)
        inside = view.contains(target)
        small = (
            target.width() < REFRAME_BELOW * view.width()
            and target.height() < REFRAME_BELOW * view.height()
        )
        if force or not inside or small:
            box.setRange(rect=target, padding=0)
            self._framed = key

    def _axisLabel(self, text: str) -> str:
        """An axis name from lab_extras (English, made on the worker's thread) in the interface language."""
        if m := re.fullmatch(r"neuron (\d+)", text):
            return self.tr("neuron {k}").format(k=m[1])
        if m := re.fullmatch(r"PC (\d+) \((\d+) % of the variance\)", text):
            return self.tr("PC {k} ({percent} % of the variance)").format(k=m[1], percent=m[2])
        if m := re.fullmatch(r"PC (\d+)", text):
            return self.tr("PC {k}").format(k=m[1])
        if text == "(the layer has one neuron)":
            return self.tr("(the layer has one neuron)")
        if m := re.fullmatch(r"pixels: PC (\d+)", text):
            return self.tr("pixels: PC {k}").format(k=m[1])
        if m := re.fullmatch(r"pixel (\d+)", text):
            return self.tr("pixel {k}").format(k=m[1])
        return text

    def _brushFor(self, name: str, y: np.ndarray) -> list:
        y = np.asarray(y)
        key = (self._task, len(y), hash(y.tobytes()))
        if self._brushKeys.get(name) != key:
            if self._task == "classification":
                labels = y.astype(int)
                palette = class_palette(max(int(labels.max(initial=1)) + 1, 2))
                colors = palette[labels % len(palette)]
            else:
                colors = values_to_rgba(y, -1.0, 1.0)[:, :3]
            # One brush per distinct colour, shared by its points (as the decision boundary does):
            # pyqtgraph renders a symbol per brush, so 1,000 brushes of two colours cost 0.1 s a frame.
            unique, which = np.unique(np.asarray(colors, dtype=int), axis=0, return_inverse=True)
            shared = [pg.mkBrush(int(r), int(g), int(b)) for r, g, b in unique]
            self._brushes[name] = [shared[i] for i in which.ravel().tolist()]
            self._brushKeys[name] = key
        return self._brushes[name]
