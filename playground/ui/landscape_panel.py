"""Lab → Optimizer landscape: optimizers race across a loss surface of two parameters, step by step.

The surface and the paths are computed on the engine thread (the landscape_grid and landscape_race
queries, playground/landscape.py); this panel only draws them and reveals the paths a step at a time.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, Qt, QTimer
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.config import OPTIMIZER_DEFAULTS, OPTIMIZERS
from playground.landscape import NETWORK, NETWORK_SHAPE, steps_to_reach
from playground.landscape import SURFACES as FUNCTIONS
from playground.ui.plots import PlotWidget
from playground.ui.top_bar import optimizer_label

GRID_RESOLUTION = 160
PANEL_STEPS = 10_000  # a race's most steps here: longer paths take too long to draw each frame
DRAWN_POINTS = 3000  # a longer path is drawn through every k-th point (and its newest)
REACH_EPS = 1e-2  # "reached" the minimum: within this distance of it
FRAME_MS = 40
SPEEDS = (1, 2, 5, 20)  # steps revealed per frame while playing
COLORS = {
    "sgd": (90, 90, 90), "momentum": (31, 119, 180), "nesterov": (23, 190, 207),
    "adagrad": (188, 189, 34), "rmsprop": (214, 39, 40), "adadelta": (140, 86, 75),
    "adam": (44, 160, 44), "adamax": (148, 103, 189), "nadam": (255, 127, 14),
}  # fmt: skip
# What a race starts with; the rest can be ticked. Plain SGD, momentum and Nesterov take a learning
# rate each surface tolerates; the adaptive ones start from PyTorch's defaults.
FIRST = ("sgd", "momentum", "adam")
SGD_LR = {
    "rosenbrock": 1e-3, "himmelblau": 5e-3, "beale": 1e-3, "saddle": 0.05, "bowl": 0.03, NETWORK: 0.05,
}  # fmt: skip
SURFACES = {**FUNCTIONS, NETWORK: NETWORK_SHAPE}
SURFACE_TITLES = {
    "rosenbrock": QT_TRANSLATE_NOOP("LandscapePanel", "Rosenbrock's valley"),
    "himmelblau": QT_TRANSLATE_NOOP("LandscapePanel", "Himmelblau (four minima)"),
    "beale": QT_TRANSLATE_NOOP("LandscapePanel", "Beale"),
    "saddle": QT_TRANSLATE_NOOP("LandscapePanel", "A saddle"),
    "bowl": QT_TRANSLATE_NOOP("LandscapePanel", "An ill-conditioned bowl"),
    NETWORK: QT_TRANSLATE_NOOP("LandscapePanel", "Your network (its loss now)"),
}


def learning_rate(name: str, surface: str) -> float:
    """The learning rate an optimizer starts with on a surface."""
    return (
        SGD_LR[surface]
        if name in ("sgd", "momentum", "nesterov")
        else OPTIMIZER_DEFAULTS[name]["lr"]
    )


class LandscapePanel(QWidget):
    """Surface, optimizers with their learning rates, play / step / speed, the race and its table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("landscapePanel")
        self._client = None
        self.paths: dict[str, np.ndarray] = {}  # the race now shown, by optimizer
        self.step = 0  # the steps revealed
        self._pending = 0  # the newest race asked for (older answers are dropped)
        self.gridSurface = ""  # the surface whose values the image shows

        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)
        side = QVBoxLayout()
        self.surfaceCombo = QComboBox()
        for name in SURFACES:
            self.surfaceCombo.addItem(self.tr(SURFACE_TITLES[name]), name)
        self.surfaceCombo.setCurrentIndex(self.surfaceCombo.findData("bowl"))
        side.addWidget(self.surfaceCombo)
        self.formulaLabel = QLabel("")
        self.formulaLabel.setObjectName("caption")
        self.formulaLabel.setWordWrap(True)
        side.addWidget(self.formulaLabel)
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        self.checks: dict[str, QCheckBox] = {}
        self.rates: dict[str, QLineEdit] = {}
        self.reached: dict[str, QLabel] = {}
        grid.addWidget(QLabel(self.tr("optimizer")), 0, 0)
        grid.addWidget(QLabel(self.tr("lr")), 0, 1)
        grid.addWidget(QLabel(self.tr("steps to the minimum")), 0, 2)
        for row, name in enumerate(OPTIMIZERS, start=1):
            check = QCheckBox(optimizer_label(name))
            check.setChecked(name in FIRST)
            check.setStyleSheet(f"color: rgb{COLORS[name]}; font-weight: bold;")
            rate = QLineEdit()
            validator = QDoubleValidator(1e-9, 100.0, 9)
            validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
            rate.setValidator(validator)
            rate.setMaximumWidth(64)
            rate.setToolTip(
                self.tr("Learning rate (PyTorch default {value:g})").format(
                    value=OPTIMIZER_DEFAULTS[name]["lr"]
                )
            )
            reached = QLabel("")
            check.toggled.connect(lambda _on: self.restart())
            rate.editingFinished.connect(self.restart)
            grid.addWidget(check, row, 0)
            grid.addWidget(rate, row, 1)
            grid.addWidget(reached, row, 2)
            self.checks[name], self.rates[name], self.reached[name] = check, rate, reached
        side.addLayout(grid)
        controls = QHBoxLayout()
        self.playButton = QPushButton(self.tr("Play"))
        self.playButton.setCheckable(True)
        fm = self.playButton.fontMetrics()
        self.playButton.setMinimumWidth(
            max(fm.horizontalAdvance(t) for t in (self.tr("Play"), self.tr("Pause"))) + 30
        )
        self.stepButton = QPushButton(self.tr("Step"))
        self.speedCombo = QComboBox()
        for n in SPEEDS:
            self.speedCombo.addItem(self.tr("{count} per frame").format(count=n), n)
        self.stepsSpin = QSpinBox()
        self.stepsSpin.setRange(10, PANEL_STEPS)
        self.stepsSpin.setValue(500)
        self.stepsSpin.setSingleStep(100)
        self.stepsSpin.setPrefix(self.tr("steps: "))
        self.stepsSpin.setKeyboardTracking(False)
        for w in (self.playButton, self.stepButton, self.speedCombo):
            controls.addWidget(w)
        side.addLayout(controls)
        side.addWidget(self.stepsSpin)
        self.statusLabel = QLabel("")
        self.statusLabel.setWordWrap(True)
        side.addWidget(self.statusLabel)
        side.addStretch(1)
        # The controls scroll on a short screen rather than make the bottom area taller.
        holder = QWidget()
        holder.setLayout(side)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(holder.sizeHint().width() + 18)
        scroll.setMinimumHeight(120)
        outer.addWidget(scroll)

        self.plot = PlotWidget(background="w")
        self.plot.setObjectName("landscapePlot")
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(False, False)
        item.setLabel("bottom", "x")
        item.setLabel("left", "y")
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(pg.colormap.get("viridis"))
        item.addItem(self.image)
        self.curves: dict[str, pg.PlotDataItem] = {}
        for name in OPTIMIZERS:
            curve = pg.PlotDataItem(  # a white edge keeps each path visible on any colour
                pen=pg.mkPen(COLORS[name], width=2), shadowPen=pg.mkPen("w", width=4)
            )
            head = pg.ScatterPlotItem(size=9, brush=pg.mkBrush(*COLORS[name]), pen=pg.mkPen("w"))
            item.addItem(curve)
            item.addItem(head)
            self.curves[name] = curve
            curve.head = head
        self.minimaPoints = pg.ScatterPlotItem(symbol="star", size=14, brush=pg.mkBrush("w"))
        item.addItem(self.minimaPoints)
        self.start = pg.TargetItem(pos=(0, 0), size=14, pen=pg.mkPen("k", width=2), movable=True)
        self.start.setToolTip(self.tr("Drag to choose where the optimizers start"))
        item.addItem(self.start)
        outer.addWidget(self.plot, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._advance)
        self.surfaceCombo.currentIndexChanged.connect(self._onSurface)
        self.start.sigPositionChangeFinished.connect(lambda _t: self.restart())
        self.playButton.toggled.connect(self._onPlay)
        self.stepButton.clicked.connect(lambda: self.advance(1))
        self.stepsSpin.valueChanged.connect(lambda _v: self.restart())
        self._setSurfaceControls()

    # ----- the engine -----

    def attach(self, client) -> None:
        """Ask this engine client for surfaces and races."""
        self._client = client
        self._onSurface()

    def surfaceName(self) -> str:
        return str(self.surfaceCombo.currentData())

    def optimizers(self) -> dict[str, dict[str, Any]]:
        """The ticked optimizers with their learning rates (PyTorch's other defaults)."""
        out = {}
        for name in OPTIMIZERS:
            if not self.checks[name].isChecked():
                continue
            try:
                lr = float(self.rates[name].text())
            except ValueError:
                lr = learning_rate(name, self.surfaceName())
                self.rates[name].setText(f"{lr:g}")
            if not (math.isfinite(lr) and lr > 0):
                lr = learning_rate(name, self.surfaceName())
                self.rates[name].setText(f"{lr:g}")
            out[name] = {"name": name, **OPTIMIZER_DEFAULTS[name], "lr": lr}
        return out

    def setRace(
        self, surface: str, optimizers: dict[str, float], start: tuple[float, float], steps: int
    ) -> None:
        """Set up a race (a lesson's): the surface, these optimizers at these learning rates, the
        start point and the number of steps; drawn from step 0."""
        if surface not in SURFACES:
            return
        self.playButton.setChecked(False)
        widgets = [self.surfaceCombo, self.stepsSpin, *self.checks.values()]
        for w in widgets:
            w.blockSignals(True)
        try:
            self.surfaceCombo.setCurrentIndex(self.surfaceCombo.findData(surface))
            self._setSurfaceControls()
            for name, check in self.checks.items():
                check.setChecked(name in optimizers)
                if name in optimizers:
                    self.rates[name].setText(f"{float(optimizers[name]):g}")
            self.stepsSpin.setValue(int(steps))
            self.start.setPos(*start)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._onSurface()

    def restart(self) -> None:
        """Race again from the start point with the settings shown; the paths draw from step 0."""
        if self._client is None:
            return
        optimizers = self.optimizers()
        pos = self.start.pos()
        arg = {
            "surface": self.surfaceName(),
            "optimizers": list(optimizers.values()),
            "start": (float(pos.x()), float(pos.y())),
            "steps": int(self.stepsSpin.value()),
        }
        self._pending += 1
        ticket, names = self._pending, list(optimizers)
        self._client.request(
            "landscape_race", lambda paths: self._onRace(ticket, names, paths), arg
        )

    def _onRace(self, ticket: int, names: list[str], paths: object) -> None:
        if ticket != self._pending:
            return  # a newer race was asked for
        if isinstance(paths, Exception) or paths is None:
            self.statusLabel.setText(self.tr("The race could not run: {error}").format(error=paths))
            return
        self.paths = {name: np.asarray(p) for name, p in zip(names, paths)}
        self.step = 0
        surface = SURFACES[self.surfaceName()]
        for name, label in self.reached.items():
            path = self.paths.get(name)
            if path is None:
                label.setText("")
                continue
            if not np.all(np.isfinite(path[-1])):
                label.setText(self.tr("diverged"))
            elif not surface.minima:
                label.setText(self.tr("no minimum"))
            else:
                reached = steps_to_reach(surface, path, REACH_EPS)
                label.setText(f"{reached:,}" if reached is not None else self.tr("not yet"))
        self.statusLabel.setText("")
        self._draw()

    def _onSurface(self, _index: int | None = None) -> None:
        if _index is not None:  # picked by the user: the surface's own start and rates
            self._setSurfaceControls()
        name = self.surfaceName()
        if self._client is not None and (self.gridSurface != name or name == NETWORK):
            self._client.request(
                "landscape_grid", lambda g, n=name: self._onGrid(n, g), (name, GRID_RESOLUTION)
            )
        self.restart()

    def _setSurfaceControls(self) -> None:
        name = self.surfaceName()
        s = SURFACES[name]
        if name == NETWORK:
            self.formulaLabel.setText(
                self.tr(
                    "f(a, b) = {formula}: this window's training loss along two random "
                    "directions through its weights, taken when you picked it"
                ).format(formula=s.formula)
            )
        else:
            self.formulaLabel.setText(self.tr("f(x, y) = {formula}").format(formula=s.formula))
        self.start.setPos(*s.start)
        for opt, edit in self.rates.items():
            edit.setText(f"{learning_rate(opt, name):g}")
        (x0, x1), (y0, y1) = s.extent
        item = self.plot.getPlotItem()
        item.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self.minimaPoints.setData(pos=list(s.minima) if s.minima else [])

    def _onGrid(self, name: str, values: object) -> None:
        if isinstance(values, Exception) or values is None or name != self.surfaceName():
            return
        self.gridSurface = name
        s = SURFACES[name]
        v = np.asarray(values, dtype=np.float64)
        # Fixed levels per surface: log scale where the values span many orders of magnitude.
        shown = np.log10(v - v.min() + 1e-3) if s.log_scale else v
        (x0, x1), (y0, y1) = s.extent
        self.image.setImage(
            shown.astype(np.float32), levels=(float(shown.min()), float(shown.max()))
        )
        self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))

    # ----- playing -----

    def _onPlay(self, on: bool) -> None:
        self.playButton.setText(self.tr("Pause") if on else self.tr("Play"))
        if on:
            if self.paths and self.step >= self._length() - 1:
                self.step = 0  # played to the end: again from the start
            self._timer.start()
        else:
            self._timer.stop()

    def _advance(self) -> None:
        self.advance(int(self.speedCombo.currentData()))
        if self.step >= self._length() - 1:
            self.playButton.setChecked(False)

    def advance(self, steps: int) -> None:
        """Reveal `steps` more steps of every path."""
        if not self.paths:
            return
        self.step = min(self._length() - 1, self.step + steps)
        self._draw()

    def _length(self) -> int:
        return max((len(p) for p in self.paths.values()), default=0)

    def _draw(self) -> None:
        for name, curve in self.curves.items():
            path = self.paths.get(name)
            if path is None:
                curve.setData([], [])
                curve.head.setData([])
                continue
            shown = path[: self.step + 1]
            shown = shown[np.all(np.isfinite(shown), axis=1)]
            drawn = shown
            if len(shown) > DRAWN_POINTS:
                drawn = np.vstack([shown[:: len(shown) // DRAWN_POINTS + 1], shown[-1:]])
            curve.setData(drawn[:, 0], drawn[:, 1])
            curve.head.setData(pos=shown[-1:] if len(shown) else [])

    def shutdown(self) -> None:
        """The window is closing: stop animating and asking."""
        self._timer.stop()
        self._client = None
