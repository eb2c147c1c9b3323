"""Lab → Activations: per hidden layer, a live histogram of its outputs over the training points and
of its weights' gradients, so saturation (tanh piling up at ±1) and dead ReLUs can be seen.

The histograms are computed on the engine thread (playground.session.lab_extras.activation_histograms,
sent as a probe); this panel only draws them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from playground.session.snapshot import Snapshot
from playground.ui.plots import PlotWidget

COLUMNS = 4  # plots per row
OUTPUT_BRUSH = (31, 119, 180, 170)
GRADIENT_BRUSH = (214, 39, 40, 150)


class LayerHistogram(PlotWidget):
    """One layer's histogram: bars over fixed bins (a stepped, filled curve)."""

    def __init__(self) -> None:
        super().__init__(background="w")
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(False, False)
        item.hideAxis("left")
        item.getAxis("bottom").setTextPen(pg.mkPen("#555"))
        item.getAxis("bottom").setPen(pg.mkPen("#999"))
        self.bars = pg.PlotDataItem(stepMode="center", fillLevel=0, pen=pg.mkPen("#1f77b4"))
        item.addItem(self.bars)
        self.setMinimumSize(120, 80)

    def sizeHint(self) -> QSize:  # a row of them fits the bottom area (a PlotWidget asks 640×480)
        return QSize(180, 110)

    def showCounts(self, counts: np.ndarray, edges: np.ndarray, brush: tuple) -> None:
        counts = np.asarray(counts, dtype=float)
        share = counts / counts.sum() if counts.sum() > 0 else counts
        self.bars.setData(np.asarray(edges, dtype=float), share, brush=pg.mkBrush(*brush))
        self.getPlotItem().setXRange(float(edges[0]), float(edges[-1]), padding=0.02)
        self.getPlotItem().setYRange(0, max(float(share.max()) if share.size else 1.0, 1e-6) * 1.1)


class ActivationsPanel(QWidget):
    """A histogram per hidden layer with weights, titled with what to look for in it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activationsPanel")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)
        top = QHBoxLayout()
        self.gradientCheck = QCheckBox(self.tr("Show the weights' gradients instead"))
        self.gradientCheck.setToolTip(
            self.tr("Each layer's ∂L/∂w of the last step, instead of its outputs")
        )
        self.noteLabel = QLabel(
            self.tr("Each layer's outputs over the training points, as shares of the points.")
        )
        self.noteLabel.setObjectName("caption")
        top.addWidget(self.noteLabel, 1)
        top.addWidget(self.gradientCheck)
        outer.addLayout(top)
        # The layers scroll on a short screen rather than make the bottom area taller.
        holder = QWidget()
        self._grid = QGridLayout(holder)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(6)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumHeight(110)
        outer.addWidget(scroll, 1)
        self.plots: list[LayerHistogram] = []
        self.titles: list[QLabel] = []
        self.frame: dict[str, Any] | None = None
        self.gradientCheck.toggled.connect(lambda _on: self._draw())

    def onSnapshot(self, snap: Snapshot) -> None:
        """Draw the histograms the engine sent with this frame (if the panel asked for them)."""
        frame = snap.extra.get("activations")
        if frame is None:
            return
        self.frame = frame
        self._draw()

    def _ensure(self, n: int) -> None:
        while len(self.plots) < n:
            k = len(self.plots)
            title = QLabel("")
            title.setWordWrap(True)
            plot = LayerHistogram()
            cell = QVBoxLayout()
            cell.setSpacing(1)
            cell.addWidget(title)
            cell.addWidget(plot, 1)
            holder = QWidget()
            holder.setLayout(cell)
            self._grid.addWidget(holder, k // COLUMNS, k % COLUMNS)
            self.plots.append(plot)
            self.titles.append(title)
        for k, (plot, title) in enumerate(zip(self.plots, self.titles)):
            plot.parentWidget().setVisible(k < n)

    def _draw(self) -> None:
        if self.frame is None:
            return
        layers = self.frame["layers"]
        self._ensure(len(layers))
        gradients = self.gradientCheck.isChecked()
        self.noteLabel.setText(
            self.tr("Each layer's ∂L/∂w of the last step, as shares of its weights.")
            if gradients
            else self.tr("Each layer's outputs over the training points, as shares of the points.")
        )
        for k, layer in enumerate(layers):
            if gradients:
                self.plots[k].showCounts(layer["grad_counts"], layer["grad_edges"], GRADIENT_BRUSH)
            else:
                self.plots[k].showCounts(layer["counts"], layer["edges"], OUTPUT_BRUSH)
            self.titles[k].setText(self.layerTitle(k, layer))

    def layerTitle(self, k: int, layer: dict[str, Any]) -> str:
        """'Layer 2: 8 tanh, 71 % saturated (beyond ±0.99)' and the like."""
        text = self.tr("Layer {n}: {units} {activation}").format(
            n=k + 1, units=layer["units"], activation=layer["activation"]
        )
        if "saturated" in layer:
            text += self.tr(", {share:.0%} saturated").format(share=layer["saturated"])
        if "dead" in layer:
            text += self.tr(", {share:.0%} of neurons dead").format(share=layer["dead"])
        return text
