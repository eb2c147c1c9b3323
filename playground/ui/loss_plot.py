"""Train and test loss over epochs: bounded, decimated, log-scale toggle, hover for the exact numbers;
under it, while a schedule runs, the learning rate over the same epochs.

The plot keeps at most PLOT_MAX_ROWS rows however long the run: the newest in full, older
ones thinned to the real rows holding each bucket's lowest and highest losses (a spike stays).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGraphicsItem, QWidget

from playground.history import ThinnedRows
from playground.ui.plots import PlotWidget

REDRAW_MS = (
    100  # curves redraw at most 10 times a second; the numbers above them update every frame
)
# The curves hold fewer rows than the engine's history (a plot is a few hundred pixels wide): at most
# 2 * PLOT_RECENT_ROWS - 1 + PLOT_ARCHIVE_ROWS, the newest PLOT_RECENT_ROWS or more in full.
PLOT_RECENT_ROWS = 1000
PLOT_ARCHIVE_ROWS = 2000
PLOT_MAX_ROWS = 2 * PLOT_RECENT_ROWS - 1 + PLOT_ARCHIVE_ROWS
MIN_X_RANGE = 50  # epochs the x-axis shows at least
X_AHEAD = 1.25  # the x-axis reaches this many times the newest epoch
TRAIN_COLOR = "#8a8a8a"
TEST_COLOR = "#222222"
RATE_COLOR = "#1f6fb2"
RATE_HEIGHT = 56  # px: a strip under the loss curve


def x_range(last_epoch: float) -> float:
    """The right end of the loss plot's x-axis for a run at last_epoch."""
    return max(last_epoch * X_AHEAD, float(MIN_X_RANGE))


class SeriesColumn:
    """One column of a plot's bounded rows, read like a plain series: view() and size."""

    def __init__(self, rows: Callable[[], ThinnedRows | None], col: int) -> None:
        self._rows, self._col = rows, col

    @property
    def size(self) -> int:
        """Values held (at most PLOT_MAX_ROWS)."""
        rows = self._rows()
        return 0 if rows is None else len(rows)

    def view(self) -> np.ndarray:
        """The values held, oldest first (read-only, do not keep)."""
        rows = self._rows()
        return np.empty(0) if rows is None else rows.view()[:, self._col]


class RatePlot(PlotWidget):
    """The learning rate of each recorded epoch: a strip under the loss plot, x linked to it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("ratePlot")
        self.setFixedHeight(RATE_HEIGHT)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(False, False)
        item.setLabel("left", self.tr("lr"))
        item.getAxis("bottom").setStyle(showValues=False)
        for side in ("left", "bottom"):
            item.getAxis(side).setTextPen(pg.mkPen("#555"))
            item.getAxis(side).setPen(pg.mkPen("#999"))
        self.curve = item.plot(pen=pg.mkPen(RATE_COLOR, width=1), stepMode=None)
        self.curve.setDownsampling(auto=True, method="peak")
        self.curve.setClipToView(True)
        self.setToolTip(self.tr("Learning rate of each epoch's last step (the schedule's)"))
        self.hide()


class LossPlot(PlotWidget):
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
        # epoch, train loss, test loss; the min and max of both losses are kept
        self._rows = ThinnedRows(3, (1, 2), recent=PLOT_RECENT_ROWS, cap=PLOT_ARCHIVE_ROWS)
        self._appended = 0  # rows appended since resetCurves(), whether held in full or thinned
        self.epochs, self.train, self.test = (SeriesColumn(lambda: self._rows, k) for k in range(3))
        # epoch and learning rate, its min and max per bucket kept; drawn under the loss curve
        self._rates = ThinnedRows(2, (1,), recent=PLOT_RECENT_ROWS, cap=PLOT_ARCHIVE_ROWS)
        self.rates = SeriesColumn(lambda: self._rates, 1)
        self.ratePlot = RatePlot()
        self.ratePlot.getPlotItem().setXLink(item)
        self._log = False
        self.redraws = 0
        self._redrawTimer = QTimer(self)
        self._redrawTimer.setSingleShot(True)
        self._redrawTimer.setInterval(REDRAW_MS)
        self._redrawTimer.timeout.connect(self._redraw)
        self.scene().sigMouseMoved.connect(self._onMouseMoved)

    def setStrokeScale(self, scale: float) -> None:
        """Thicker curves and larger tick labels (presentation mode), or the desk's (1)."""
        self.trainCurve.setPen(pg.mkPen(TRAIN_COLOR, width=round(scale * 1.4) if scale > 1 else 1))
        self.testCurve.setPen(pg.mkPen(TEST_COLOR, width=round(scale * 1.4) if scale > 1 else 1))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        item = self.getPlotItem()
        for side in ("left", "bottom"):
            item.getAxis(side).setTickFont(font)
        item.getAxis("bottom").label.setFont(font)

    def resetCurves(self) -> None:
        """Forget the curves (new experiment)."""
        self._rows.clear()
        self._rates.clear()
        self._appended = 0
        self._redrawTimer.stop()
        self._redraw()

    def showRates(self, on: bool) -> None:
        """Show the learning-rate strip under the curve (while a schedule runs) or hide it."""
        if on == self.ratePlot.isHidden():
            self.ratePlot.setVisible(on)
            self._redraw()

    def append(
        self, epochs: np.ndarray, train: np.ndarray, test: np.ndarray, lr: np.ndarray | None = None
    ) -> None:
        """Add history rows (rows whose epoch is not after the newest one held are left out); lr: the
        learning rate of each row's epoch, for the strip under the curve."""
        epochs = np.asarray(epochs, dtype=float).reshape(-1)
        n = len(epochs)
        if lr is not None:
            self._rates.extend(np.column_stack([epochs, np.asarray(lr, dtype=float).reshape(n)]))
        self._rows.extend(
            np.column_stack(
                [
                    epochs,
                    np.asarray(train, dtype=float).reshape(n),
                    np.asarray(test, dtype=float).reshape(n),
                ]
            )
        )
        self._appended += n
        if self._appended == n:
            self._redraw()  # the first rows of a run show at once
        elif not self._redrawTimer.isActive():
            self._redrawTimer.start()

    def count(self) -> int:
        """Number of rows appended since resetCurves() (more than are held once a run is long)."""
        return self._appended

    def setLogScale(self, on: bool) -> None:
        """Log-scale loss axis."""
        self._log = on
        self.getPlotItem().setLogMode(False, on)
        self._redraw()

    def _redraw(self) -> None:
        if self.getPlotItem() is None:  # closed (pyqtgraph drops the item) with a redraw pending
            return
        self.redraws += 1
        rows = self._rows.view()
        x = rows[:, 0]
        for curve, col in ((self.trainCurve, 1), (self.testCurve, 2)):
            y = rows[:, col]
            if self._log:
                y = np.where(y > 0, y, np.nan)
            curve.setData(x, y, connect="finite")
        if not self.ratePlot.isHidden():
            rates = self._rates.view()
            self.ratePlot.curve.setData(rates[:, 0], rates[:, 1], connect="finite")
            finite = rates[:, 1][np.isfinite(rates[:, 1])]
            top = float(finite.max()) if len(finite) else 0.0
            # from 0, so that a rate halved looks halved
            item = self.ratePlot.getPlotItem()
            item.setYRange(0.0, top if top > 0 else 1.0, padding=0.05)
            item.getAxis("left").setTicks([[(0.0, "0"), (top, f"{top:.3g}")]] if top > 0 else None)
        # The x-axis grows with the run, a quarter ahead of its newest epoch, so an early curve
        # fills the plot instead of standing as a spike at the left edge of a wide range.
        last = float(x[-1]) if len(x) else 0.0
        self.getPlotItem().setXRange(0, x_range(last), padding=0.02)

    def _onMouseMoved(self, pos: QPointF) -> None:
        vb = self.getPlotItem().vb
        if not self.sceneBoundingRect().contains(pos) or len(self._rows) == 0:
            self.cursor.setVisible(False)
            self.hovered.emit("")
            return
        x = vb.mapSceneToView(pos).x()
        rows = self._rows.view()
        epochs = rows[:, 0]
        i = int(np.clip(np.searchsorted(epochs, x), 0, len(epochs) - 1))
        if i > 0 and abs(epochs[i - 1] - x) < abs(epochs[i] - x):
            i -= 1
        self.cursor.setPos(epochs[i])
        self.cursor.setVisible(True)
        text = self.tr("Epoch {epoch:,}: training loss {train:.4f}, test loss {test:.4f}").format(
            epoch=int(epochs[i]), train=rows[i, 1], test=rows[i, 2]
        )
        rates = self._rates.view()
        j = int(np.searchsorted(rates[:, 0], epochs[i]))
        if not self.ratePlot.isHidden() and j < len(rates) and rates[j, 0] == epochs[i]:
            text += self.tr(", learning rate {lr:g}").format(lr=rates[j, 1])
        self.setToolTip(text)
        self.hovered.emit(text)
