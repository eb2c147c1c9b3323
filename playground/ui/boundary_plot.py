"""The decision boundary: the network's output over the input square with the data points on top."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGraphicsItem, QWidget

from playground.session.snapshot import DataPoints
from playground.ui.colors import BOUNDARY_LUT, class_palette, multiclass_rgba, values_to_rgba
from playground.ui.plots import PlotWidget

EXTENT = 6.0


class BoundaryPlot(PlotWidget):
    """ImageItem with fixed levels (a colour always means the same value) plus train and test scatter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("boundaryPlot")
        item = self.getPlotItem()
        item.setMouseEnabled(False, False)
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setAspectLocked(True)
        item.setRange(xRange=(-EXTENT, EXTENT), yRange=(-EXTENT, EXTENT), padding=0)
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setTicks([[(v, f"{v:g}") for v in (-6, -4, -2, 0, 2, 4, 6)]])
            axis.setPen(pg.mkPen("#888"))
            axis.setTextPen(pg.mkPen("#555"))
            # The axes never change: paint them from a cached pixmap instead of every frame.
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setAutoDownsample(False)
        self._shape: tuple[int, ...] = ()
        item.addItem(self.image)
        self.trainPoints = pg.ScatterPlotItem(size=7, pen=pg.mkPen("w", width=1.2), pxMode=True)
        self.testPoints = pg.ScatterPlotItem(size=7, pen=pg.mkPen("#111", width=1.4), pxMode=True)
        # Test points painted while the paint tool is on: hollow rings in the class colour, shown
        # even when the test data is hidden, so that every painted point can be seen.
        self.paintedTestPoints = pg.ScatterPlotItem(size=10, brush=None, pxMode=True)
        item.addItem(self.trainPoints)
        item.addItem(self.testPoints)
        item.addItem(self.paintedTestPoints)
        self.paintedTestPoints.setZValue(5)
        self.testPoints.setVisible(False)
        self.discretize = False
        self._task = "classification"
        self._last: np.ndarray | None = None
        self.frames = 0
        self.extent: tuple[float, float] = (-EXTENT, EXTENT)
        self._scale = 1.0

    def setStrokeScale(self, scale: float) -> None:
        """Larger points, larger and fewer tick labels (presentation mode), or the desk's (1)."""
        self._scale = scale
        extent, self.extent = self.extent, (None, None)
        self.setExtent(extent)  # the ticks again, for this size of type
        self.trainPoints.setSize(7 * scale)
        self.testPoints.setSize(7 * scale)
        self.paintedTestPoints.setSize(10 * scale)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        for side in ("left", "bottom"):
            self.getPlotItem().getAxis(side).setTickFont(font)

    def setExtent(self, extent: tuple[float, float]) -> None:
        """Cover the square [lo, hi]² (the grid's extent): range, ticks and the image's place."""
        lo, hi = float(extent[0]), float(extent[1])
        if (lo, hi) == self.extent:
            return
        self.extent = (lo, hi)
        item = self.getPlotItem()
        item.setRange(xRange=(lo, hi), yRange=(lo, hi), padding=0)
        raw = (hi - lo) / (6 if self._scale <= 1 else 3)  # larger type: fewer ticks
        step = 10 ** np.floor(np.log10(raw))
        step *= next(m for m in (1, 2, 2.5, 5, 10) if m * step >= raw * 0.999)
        ticks = [(v, f"{v:g}") for v in np.arange(np.ceil(lo / step), np.floor(hi / step) + 1) * step]
        for side in ("left", "bottom"):
            item.getAxis(side).setTicks([ticks])
        if self._shape:
            self.image.setRect(QRectF(lo, lo, hi - lo, hi - lo))

    def setShowTest(self, show: bool) -> None:
        """Show or hide the test points."""
        self.testPoints.setVisible(show)

    def setDiscretize(self, on: bool) -> None:
        """Show hard class regions instead of graded probabilities."""
        self.discretize = on
        if self._last is not None:
            self.setOutput(self._last, self._task)

    def _colors(self, y: np.ndarray, task: str, n_classes: int) -> np.ndarray:
        """(n, 3) uint8 colours of labels (classes) or targets (regression)."""
        if task == "classification":
            palette = class_palette(max(n_classes, 2))
            colors = palette[np.asarray(y, dtype=int) % len(palette)]
        else:
            colors = values_to_rgba(np.asarray(y, dtype=float), -1.0, 1.0)[:, :3]
        return np.asarray(colors, dtype=np.uint8).reshape(-1, 3)

    def setPaintedTest(self, xy: np.ndarray, y: np.ndarray, task: str, n_classes: int) -> None:
        """Draw painted test points as hollow rings outlined in their class (or target) colour."""
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        if len(xy) == 0:
            self.paintedTestPoints.clear()
            return
        unique, which = np.unique(self._colors(y, task, n_classes), axis=0, return_inverse=True)
        shared = [pg.mkPen(int(r), int(g), int(b), width=2.5) for r, g, b in unique]
        self.paintedTestPoints.setData(
            x=xy[:, 0], y=xy[:, 1], pen=[shared[i] for i in which.ravel().tolist()], brush=None
        )

    def setPoints(self, data: DataPoints) -> None:
        """Scatter the training and test points coloured by class or target."""
        self._task = data.task
        for scatter, x, y in (
            (self.trainPoints, data.x_train, data.y_train),
            (self.testPoints, data.x_test, data.y_test),
        ):
            colors = self._colors(y, data.task, data.n_classes)
            # One brush per distinct colour, shared by its points: 100k points take 0.5 s, not 7 s.
            unique, which = np.unique(colors, axis=0, return_inverse=True)
            shared = [pg.mkBrush(int(r), int(g), int(b)) for r, g, b in unique]
            brushes = [shared[i] for i in which.ravel().tolist()]
            scatter.setData(x=x[:, 0], y=x[:, 1], brush=brushes)

    def setOutput(self, output: np.ndarray, task: str) -> None:
        """Paint the output grid: (res, res) probability / value, or (res, res, K) class probabilities."""
        self._last = output
        self._task = task
        if output.ndim == 3:
            rgba = multiclass_rgba(output, self.discretize, lighten=0.3)
            self.image.setLookupTable(None)
            self.image.setImage(rgba, autoLevels=False, levels=(0, 255))
        else:
            lo, hi = (0.0, 1.0) if task == "classification" else (-1.0, 1.0)
            values = np.nan_to_num(output, nan=(lo + hi) / 2).astype(np.float32, copy=False)
            if self.discretize:
                mid = (lo + hi) / 2
                values = np.where(values >= mid, hi, lo).astype(np.float32)
            self.image.setImage(
                np.ascontiguousarray(values), autoLevels=False, levels=(lo, hi), lut=BOUNDARY_LUT
            )
        if output.shape[:2] != self._shape:
            # The rect is a scale of the image's pixel size: set it once the image (and size) is there.
            self._shape = output.shape[:2]
            lo, hi = self.extent
            self.image.setRect(QRectF(lo, lo, hi - lo, hi - lo))
        self.frames += 1
