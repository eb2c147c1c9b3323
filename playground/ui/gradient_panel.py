"""Gradient flow: the size of each layer's gradient over the epochs, one curve per layer, log scale.

Bounded like the loss plot: at most loss_plot.PLOT_MAX_ROWS rows, older ones thinned to the real
rows holding each bucket's smallest and largest norm of every layer.
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from playground.history import ThinnedRows
from playground.session.config_edits import param_layer_indices
from playground.session.snapshot import Snapshot
from playground.ui.loss_plot import PLOT_ARCHIVE_ROWS, PLOT_RECENT_ROWS, SeriesColumn
from playground.ui.plots import PlotWidget

REDRAW_MS = 100


def layer_names(cfg: dict[str, Any], translated: bool = False, short: bool = False) -> list[str]:
    """One name per layer with weights, output last: 'layer 1: 8 sigmoid', 'layer 2: maxout 4 x 2', 'output'.

    translated: in the interface language (the panels); otherwise English (CSV column names).
    short: '1: 8 sigmoid', ..., 'output' (the gradient plot's key).
    """
    name, output = ("{n}: {what}", "output") if short else ("layer {n}: {what}", "output layer")
    if translated and short:
        name = QCoreApplication.translate("GradientPanel", "{n}: {what}")
        output = QCoreApplication.translate("GradientPanel", "output")
    elif translated:
        name = QCoreApplication.translate("GradientPanel", "layer {n}: {what}")
        output = QCoreApplication.translate("GradientPanel", "output layer")
    names = []
    for n, i in enumerate(param_layer_indices(cfg), start=1):
        layer = cfg["layers"][i]
        if layer.get("type", "dense") == "maxout":
            what = f"maxout {layer['units']} × {layer.get('pieces', 2)}"
        else:
            what = f"{layer['units']} {layer.get('activation', '')}"
        names.append(name.format(n=n, what=what))
    return names + [output]


def layer_colors(n: int) -> list[tuple[int, int, int]]:
    """Dark (first layer) to light (output) colours that stay readable on white."""
    cmap = pg.colormap.get("plasma")
    return [tuple(int(c) for c in cmap.map(t, mode="byte")[:3]) for t in np.linspace(0.0, 0.8, n)]


def _sci(v: float) -> str:
    return "–" if not math.isfinite(v) else f"{v:.2g}"


def _legend_html(names: list[str], colors: list[tuple[int, int, int]]) -> str:
    """The curves' key: one short line per layer (layer_names(short=True)), two columns when deep."""
    cells = [
        f"<span style='color:rgb{rgb}'>━━</span>&nbsp;{html.escape(n)}"
        for n, rgb in zip(names, colors)
    ]
    if len(cells) <= 4:
        return "<br>".join(cells)
    half = (len(cells) + 1) // 2
    rows = [
        f"<tr><td>{cells[k]}&nbsp;&nbsp;</td><td>{cells[k + half] if k + half < len(cells) else ''}"
        "</td></tr>"
        for k in range(half)
    ]
    return "<table cellspacing='0' cellpadding='0'>" + "".join(rows) + "</table>"


class GradientPanel(QWidget):
    """Per-layer |dL/dW| per epoch from the snapshots' history, and the link-colouring switch."""

    linkGradientsToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gradientPanel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        side = QVBoxLayout()
        self.ratioLabel = QLabel("")
        self.ratioLabel.setObjectName("gradientRatio")
        self.ratioLabel.setWordWrap(True)
        self.linkCheck = QCheckBox(self.tr("Links show |∂L/∂w|"))
        self.linkCheck.setToolTip(
            self.tr(
                "Draw the network's links by the size of their gradient in the last step instead "
                "of their weight: thin and pale = the weight barely moves"
            )
        )
        self.linkCheck.toggled.connect(self.linkGradientsToggled)
        self.linkKey = QLabel(
            "<span style='color:#bbbbbb'>━</span> "
            + self.tr("tiny")
            + " … <span style='color:#fdae61'>━</span><span style='color:#d73027'>━</span>"
            "<span style='color:#67000d'>━</span> "
            + self.tr("largest")
        )
        self.linkKey.setToolTip(
            self.tr("Link colour and width: |∂L/∂w| on a log scale, relative to the largest")
        )
        self.linkKey.setVisible(False)
        self.linkCheck.toggled.connect(self.linkKey.setVisible)
        self.legendLabel = QLabel("")
        self.legendLabel.setObjectName("gradientLegend")
        side.addWidget(self.legendLabel)
        side.addWidget(self.ratioLabel)
        side.addStretch(1)
        side.addWidget(self.linkCheck)
        side.addWidget(self.linkKey)
        host = QWidget()
        host.setLayout(side)
        host.setFixedWidth(250)
        layout.addWidget(host)
        self.plot = PlotWidget(background="w")
        self.plot.setObjectName("gradientPlot")
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(False, False)
        item.setLogMode(False, True)
        item.showGrid(x=False, y=True, alpha=0.2)
        item.setLabel("bottom", self.tr("epoch"))
        item.setLabel("left", self.tr("|∂L/∂W| (log scale)"))
        for side in ("left", "bottom"):
            item.getAxis(side).setTextPen(pg.mkPen("#555"))
            item.getAxis(side).setPen(pg.mkPen("#999"))
        layout.addWidget(self.plot, 1)
        self.curves: list[pg.PlotDataItem] = []
        self.names: list[str] = []
        self._rows: ThinnedRows | None = None  # epoch, then one norm per layer (None: no layers)
        self._appended = 0  # rows appended since clear(), whether held in full or thinned
        self.epochs = SeriesColumn(lambda: self._rows, 0)
        self._generation = -1
        self.latest: np.ndarray | None = None  # the newest row of norms, output last
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)

    # ----- data -----

    def count(self) -> int:
        """Rows appended since the last clear() (more than are held once a run is long)."""
        return self._appended

    @property
    def norms(self) -> list[SeriesColumn]:
        """Each layer's norms as held (view() per layer, output last)."""
        return [SeriesColumn(lambda: self._rows, k + 1) for k in range(len(self.names))]

    def setLayers(self, names: list[str]) -> None:
        """One curve per name (clears the data when the layers change)."""
        if names == self.names:
            return
        item = self.plot.getPlotItem()
        for c in self.curves:
            item.removeItem(c)
        self.names = list(names)
        self.curves = []
        colors = layer_colors(len(names))
        self.legendLabel.setText(_legend_html(names, colors))
        for rgb in colors:
            curve = item.plot(pen=pg.mkPen(rgb, width=1.5))
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
            self.curves.append(curve)
        self.clear()

    def clear(self) -> None:
        """Forget the curves' data (a new experiment)."""
        n = len(self.names)
        self._rows = (ThinnedRows(1 + n, range(1, 1 + n), recent=PLOT_RECENT_ROWS, cap=PLOT_ARCHIVE_ROWS)
                      if n else None)
        self._appended = 0
        self.latest = None
        self.redraw()

    def append(self, epochs: np.ndarray, norms: np.ndarray) -> None:
        """Add rows: epochs (n,), norms (n, layers)."""
        if not len(epochs) or self._rows is None:
            return
        norms = np.asarray(norms, dtype=float).reshape(len(epochs), -1)
        if norms.shape[1] != len(self.names):
            return
        epochs = np.asarray(epochs, dtype=float).reshape(-1)
        self._rows.extend(np.column_stack([epochs, norms]))  # rows not after the newest held are left out
        self._appended += len(epochs)
        self.latest = norms[-1].copy()
        self._showRatio()
        if self._appended == len(epochs):
            self.redraw()
        elif not self._timer.isActive():
            self._timer.start()

    def onSnapshot(self, snap: Snapshot) -> None:
        """Follow the worker: new layers, a new experiment (full history) or new rows."""
        self.setLayers(layer_names(snap.config, translated=True, short=True))
        h = snap.history
        reset = getattr(snap, "history_reset", None)
        if reset is None:  # a snapshot that counts rows from the start of the history
            reset = getattr(snap, "history_start", 0) == 0
        if snap.generation != self._generation or reset:
            self._generation = snap.generation
            self.clear()
        if "epoch" not in h or "grad_norms" not in h or self._rows is None:
            return
        epochs = np.asarray(h["epoch"], dtype=float)
        skip = int(np.searchsorted(epochs, self._rows.last_epoch(), side="right"))  # rows held already
        if len(epochs) > skip:
            self.append(epochs[skip:], np.asarray(h["grad_norms"], dtype=float)[skip:])

    def ratio(self) -> float:
        """First layer's gradient norm over the output layer's, at the newest epoch (nan if none)."""
        if self.latest is None or len(self.latest) < 2 or not self.latest[-1]:
            return float("nan")
        return float(self.latest[0] / self.latest[-1])

    # ----- drawing -----

    def _showRatio(self) -> None:
        r = self.ratio()
        if not math.isfinite(r):
            self.ratioLabel.setText("")
            return
        first, last = self.latest[0], self.latest[-1]
        text = self.tr(
            "Latest epoch: first layer {first}, output layer {last}, ratio {ratio:.2g}"
        ).format(first=_sci(first), last=_sci(last), ratio=r)
        if r < 0.01:
            text += self.tr(": the first layer hardly learns (vanishing gradient)")
        if self.ratioLabel.text() != text:
            self.ratioLabel.setText(text)

    def redraw(self) -> None:
        """Put the data in the curves (zeros, e.g. frozen layers, are left out of the log plot)."""
        if self.plot.getPlotItem() is None:  # closed (pyqtgraph drops the item) with a redraw pending
            return
        rows = self._rows.view() if self._rows is not None else np.empty((0, 1))
        x = rows[:, 0]
        for k, curve in enumerate(self.curves):
            y = rows[:, k + 1]
            curve.setData(x, np.where(y > 0, y, np.nan), connect="finite")
        if len(x):
            self.plot.getPlotItem().setXRange(0, max(float(x[-1]), 1.0), padding=0.02)
