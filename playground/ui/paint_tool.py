"""Painting data on the decision boundary: a mode bar and the mouse handling over the plot.

Click adds a point of the selected class (regression: the selected target value), shift-click
adds the other class (the negated target), right-click removes the nearest point, and the Erase
brush removes every point under it while dragging. The tool only reports what the user did; the
data itself is changed by whoever listens (playground.ui.data_io).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)

from playground.ui.boundary_plot import BoundaryPlot
from playground.ui.colors import class_color

MAX_CLASSES = 6
BRUSH_PX = 14  # radius of the erase brush and of a right-click's reach, in pixels
SPRAY_FRACTION = 0.04  # dragging adds a point every this fraction of the view's width


class PaintBar(QWidget):
    """Paint on/off, the class (or target) to paint, and the erase brush."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paintBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.paintButton = QToolButton()
        self.paintButton.setText(self.tr("✎ &Paint data"))
        self.paintButton.setCheckable(True)
        self.paintButton.setToolTip(
            self.tr(
                "Add your own points on the plot: click adds the selected class, shift-click the "
                "other class, right-click removes a point"
            )
        )
        row.addWidget(self.paintButton)
        self.classButtons: list[QToolButton] = []
        self.classGroup = QButtonGroup(self)
        self.classGroup.setExclusive(True)
        for k in range(MAX_CLASSES):
            b = QToolButton()
            b.setCheckable(True)
            b.setText(str(k))
            r, g, bl = class_color(k)
            b.setStyleSheet(
                f"QToolButton {{ background: rgb({r},{g},{bl}); color: white; font-weight: bold;"
                f" min-width: 18px; }} QToolButton:checked {{ border: 3px solid #222; }}"
                f" QToolButton:disabled {{ background: #dddddd; color: #999999; }}"
            )
            b.setToolTip(self.tr("Paint class {k}").format(k=k))
            self.classGroup.addButton(b, k)
            self.classButtons.append(b)
            row.addWidget(b)
        self.classButtons[0].setChecked(True)
        self.targetLabel = QLabel(self.tr("&Target"))
        self.targetSpin = QDoubleSpinBox()
        self.targetSpin.setRange(-1.0, 1.0)
        self.targetSpin.setSingleStep(0.1)
        self.targetSpin.setDecimals(2)
        self.targetSpin.setValue(1.0)
        self.targetSpin.setToolTip(
            self.tr("Target value of painted points; shift-click paints its negative")
        )
        self.targetLabel.setBuddy(self.targetSpin)
        row.addWidget(self.targetLabel)
        row.addWidget(self.targetSpin)
        self.eraseButton = QToolButton()
        self.eraseButton.setText(self.tr("&Erase"))
        self.eraseButton.setCheckable(True)
        self.eraseButton.setToolTip(self.tr("Drag over points to remove them"))
        row.addWidget(self.eraseButton)
        row.addStretch(1)
        self.hint = QLabel("")
        self.hint.setObjectName("caption")
        self._joined = ""  # the set the newest painted point joined: "", "train" or "test"
        self.paintButton.toggled.connect(self._forgetJoined)
        self.paintButton.toggled.connect(self._showState)
        self.eraseButton.toggled.connect(self._showState)
        self.setTask("classification", 2)
        self._showState()

    def setTask(self, task: str, n_classes: int) -> None:
        """Show the class buttons (up to one class beyond the data's) or the target box."""
        regression = task == "regression"
        for k, b in enumerate(self.classButtons):
            b.setVisible(not regression)
            b.setEnabled(k <= max(n_classes, 2) - (1 if n_classes >= MAX_CLASSES else 0))
        if not regression and not self.classGroup.checkedButton().isEnabled():
            self.classButtons[0].setChecked(True)
        self.targetLabel.setVisible(regression)
        self.targetSpin.setVisible(regression)
        self._task, self._classes = task, max(n_classes, 2)
        self._showState()

    def selectedClass(self) -> int:
        """The class a click paints."""
        return self.classGroup.checkedId()

    def otherClass(self) -> int:
        """The class a shift-click paints: the other of two classes, else the next one."""
        k = self.selectedClass()
        return 1 - k if self._classes == 2 and k < 2 else (k + 1) % max(self._classes, k + 1)

    def isPainting(self) -> bool:
        """Whether clicks on the plot paint."""
        return self.paintButton.isChecked()

    def isErasing(self) -> bool:
        """Whether left-drags remove points."""
        return self.paintButton.isChecked() and self.eraseButton.isChecked()

    def noteJoined(self, split: str) -> None:
        """Say under the bar which set ("train" or "test") the newest painted point joined."""
        self._joined = split
        self._showState()

    def joined(self) -> str:
        """The set the newest painted point joined ("" before one was painted)."""
        return self._joined

    def _forgetJoined(self, _on: bool = False) -> None:
        self._joined = ""

    def _showState(self) -> None:
        self.eraseButton.setEnabled(self.paintButton.isChecked())
        if not self.paintButton.isChecked():
            self.hint.setText("")
            return
        if self.eraseButton.isChecked():
            text = self.tr("Drag to remove points · right-click removes one")
        elif self._task == "regression":
            text = self.tr("Click: add the target · shift-click: its negative · right-click: remove")
        else:
            text = self.tr("Click: add · shift-click: the other class · right-click: remove")
        if self._joined == "train":
            text += "  —  " + self.tr("New point added to the training set.")
        elif self._joined == "test":
            text += "  —  " + self.tr("New point added to the test set (drawn hollow).")
        self.hint.setText(text)


class PaintTool(QObject):
    """Watches the boundary plot's mouse while painting and reports points in data coordinates."""

    addRequested = Signal(float, float, bool)  # x, y, other class (shift)
    removeRequested = Signal(float, float, float, bool)  # x, y, radius, nearest one only
    strokeFinished = Signal()

    def __init__(self, plot: BoundaryPlot, bar: PaintBar) -> None:
        super().__init__(plot)
        self.plot, self.bar = plot, bar
        self._last: QPointF | None = None
        self.brush = pg.ScatterPlotItem(
            size=2 * BRUSH_PX, pen=pg.mkPen("#333", width=1.5), brush=pg.mkBrush(QColor(0, 0, 0, 25)),
            pxMode=True,
        )
        self.brush.setZValue(10)
        self.brush.setVisible(False)
        plot.getPlotItem().addItem(self.brush, ignoreBounds=True)
        plot.viewport().setMouseTracking(True)
        plot.viewport().installEventFilter(self)
        bar.paintButton.toggled.connect(self._onMode)
        bar.eraseButton.toggled.connect(self._onMode)

    def _onMode(self, _on: bool = False) -> None:
        painting = self.bar.isPainting()
        self.plot.viewport().setCursor(
            Qt.CursorShape.CrossCursor if painting else Qt.CursorShape.ArrowCursor
        )
        if not self.bar.isErasing():
            self.brush.setVisible(False)

    def toData(self, pos: QPointF) -> QPointF:
        """A viewport position in data coordinates."""
        return self.plot.getPlotItem().vb.mapSceneToView(self.plot.mapToScene(pos.toPoint()))

    def dataToViewport(self, x: float, y: float) -> QPointF:
        """Data coordinates as a viewport position (for tests and tooltips)."""
        scene = self.plot.getPlotItem().vb.mapViewToScene(QPointF(x, y))
        return QPointF(self.plot.mapFromScene(scene))

    def radius(self) -> float:
        """The brush radius in data units."""
        return BRUSH_PX * self.plot.getPlotItem().vb.viewPixelSize()[0]

    def _inside(self, p: QPointF) -> bool:
        lo, hi = self.plot.extent
        return lo <= p.x() <= hi and lo <= p.y() <= hi

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self.bar.isPainting() or kind not in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.Leave,
        ):
            return False
        if kind == QEvent.Type.Leave:
            self.brush.setVisible(False)
            return False
        assert isinstance(event, QMouseEvent)
        p = self.toData(event.position())
        if self.bar.isErasing():
            self.brush.setData([p.x()], [p.y()])
            self.brush.setVisible(self._inside(p))
        if kind == QEvent.Type.MouseButtonRelease:
            if self._last is not None:
                self._last = None
                self.strokeFinished.emit()
            return True
        if not self._inside(p):
            return True
        buttons = event.buttons()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._last = p
            if event.button() == Qt.MouseButton.RightButton:
                self.removeRequested.emit(p.x(), p.y(), self.radius(), True)
            elif self.bar.isErasing():
                self.removeRequested.emit(p.x(), p.y(), self.radius(), False)
            elif event.button() == Qt.MouseButton.LeftButton:
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.addRequested.emit(p.x(), p.y(), shift)
            return True
        if kind == QEvent.Type.MouseMove and self._last is not None:
            if buttons & Qt.MouseButton.LeftButton and self.bar.isErasing():
                self.removeRequested.emit(p.x(), p.y(), self.radius(), False)
            elif buttons & Qt.MouseButton.LeftButton:
                lo, hi = self.plot.extent
                step = SPRAY_FRACTION * (hi - lo)
                if (p.x() - self._last.x()) ** 2 + (p.y() - self._last.y()) ** 2 >= step**2:
                    self._last = p
                    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                    self.addRequested.emit(p.x(), p.y(), shift)
        return True
