"""Train and test loss over epochs: decimated, log-scale toggle, hover for the exact numbers."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QTimer, Signal
from PySide6.QtWidgets import QGraphicsItem, QWidget

REDRAW_MS = (
    100  # curves redraw at most 10 times a second; the numbers above them update every frame
)
TRAIN_COLOR = "#8a8a8a"
TEST_COLOR = "#222222"


class GrowingSeries:
    """An append-only float array with amortised growth."""

    def __init__(self) -> None:
        self._data = np.empty(1024)
        self.size = 0

    def clear(self) -> None:
        """Forget every value."""
        self.size = 0

    def extend(self, values: np.ndarray) -> None:
        """Append values."""
        n = len(values)
        if self.size + n > len(self._data):
            grown = np.empty(max(2 * len(self._data), self.size + n))
            grown[: self.size] = self._data[: self.size]
            self._data = grown
        self._data[self.size : self.size + n] = values
        self.size += n

    def view(self) -> np.ndarray:
        """The values so far (a view, do not keep)."""
        return self._data[: self.size]


class LossPlot(pg.PlotWidget):
    """Two curves that stay smooth at 100,000+ epochs (peak decimation, clipped to view)."""

    hovered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("lossPlot")
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(False, False)
        item.showGrid(x=False, y=True, alpha=0.15)
        item.setLabel("bottom", self.tr("epoch"))
        for side in ("left", "bottom"):
            item.getAxis(side).setTextPen(pg.mkPen("#555"))
            item.getAxis(side).setPen(pg.mkPen("#999"))
        legend = item.addLegend(
            offset=(-6, 4), labelTextColor="#333", brush=pg.mkBrush(255, 255, 255, 200)
        )
        legend.setLabelTextSize("9pt")
        # Legend and axes sit over or beside curves that change 10 times a second: paint them from
        # cached pixmaps unless they change themselves.
        legend.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        for side in ("left", "bottom"):
            item.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # 1 px cosmetic pens drawn as one path: several times faster than wide pens in the raster engine.
        self.trainCurve = item.plot(
            pen=pg.mkPen(TRAIN_COLOR, width=1), name=self.tr("Training loss")
        )
        self.testCurve = item.plot(pen=pg.mkPen(TEST_COLOR, width=1), name=self.tr("Test loss"))
        for curve in (self.trainCurve, self.testCurve):
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
            curve.setSkipFiniteCheck(False)
            curve.curve.setSegmentedLineMode("off")
        self.cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#bbb", width=1))
        self.cursor.setVisible(False)
        item.addItem(self.cursor, ignoreBounds=True)
        self.epochs = GrowingSeries()
        self.train = GrowingSeries()
        self.test = GrowingSeries()
        self._log = False
        self.redraws = 0
        self._redrawTimer = QTimer(self)
        self._redrawTimer.setSingleShot(True)
        self._redrawTimer.setInterval(REDRAW_MS)
        self._redrawTimer.timeout.connect(self._redraw)
        self.scene().sigMouseMoved.connect(self._onMouseMoved)

    def resetCurves(self) -> None:
        """Forget the curves (new experiment)."""
        for s in (self.epochs, self.train, self.test):
            s.clear()
        self._redrawTimer.stop()
        self._redraw()

    def append(self, epochs: np.ndarray, train: np.ndarray, test: np.ndarray) -> None:
        """Add history rows."""
        self.epochs.extend(epochs)
        self.train.extend(train)
        self.test.extend(test)
        if self.epochs.size == len(epochs):
            self._redraw()  # the first rows of a run show at once
        elif not self._redrawTimer.isActive():
            self._redrawTimer.start()

    def count(self) -> int:
        """Number of epochs plotted."""
        return self.epochs.size

    def setLogScale(self, on: bool) -> None:
        """Log-scale loss axis."""
        self._log = on
        self.getPlotItem().setLogMode(False, on)
        self._redraw()

    def _redraw(self) -> None:
        self.redraws += 1
        x = self.epochs.view()
        for curve, series in ((self.trainCurve, self.train), (self.testCurve, self.test)):
            y = series.view()
            if self._log:
                y = np.where(y > 0, y, np.nan)
            curve.setData(x, y, connect="finite")
        if len(x):
            self.getPlotItem().setXRange(0, max(float(x[-1]), 1.0), padding=0.02)

    def _onMouseMoved(self, pos: QPointF) -> None:
        vb = self.getPlotItem().vb
        if not self.sceneBoundingRect().contains(pos) or self.epochs.size == 0:
            self.cursor.setVisible(False)
            self.hovered.emit("")
            return
        x = vb.mapSceneToView(pos).x()
        epochs = self.epochs.view()
        i = int(np.clip(np.searchsorted(epochs, x), 0, len(epochs) - 1))
        if i > 0 and abs(epochs[i - 1] - x) < abs(epochs[i] - x):
            i -= 1
        self.cursor.setPos(epochs[i])
        self.cursor.setVisible(True)
        text = self.tr("Epoch {epoch:,}: training loss {train:.4f}, test loss {test:.4f}").format(
            epoch=int(epochs[i]), train=self.train.view()[i], test=self.test.view()[i]
        )
        self.setToolTip(text)
        self.hovered.emit(text)
