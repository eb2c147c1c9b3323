"""Image mode: when the data are images (the digits), the current digit, its ten probabilities, a
drawing pad, and a lab panel of the misclassified test digits.

`installImageMode(host, view)` adds the digit panel above the output column's plot and the
"Misclassified digits" dock. The network on the current digit is computed on the engine thread (an
ImageProbe sent with SetProbe comes back in each frame's extra); this file only draws and reduces the
pad's strokes to 8×8 with playground.digits (no network computation here).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QKeyEvent, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.digits import network_input, reduce_strokes
from playground.session.commands import SetProbe
from playground.session.lab_extras import ImageProbe, predictions_on_test
from playground.session.snapshot import Snapshot
from playground.ui.colors import class_color
from playground.ui.host import MenuId, Place, WindowHost
from playground.ui.images import digit_qimage
from playground.ui.network_view import NetworkView

IMAGE_PROBE = "image"  # the current digit through the network
MISTAKES_PROBE = "image_predictions"  # the test set's predicted classes, while the gallery shows
PAD_DELAY_MS = 40  # the pad's drawing reaches the engine at most this often
MAX_GALLERY = 60  # misclassified digits shown (the first ones of the test set)
_ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right)


def digit_pixmap(pixels: np.ndarray | None, shape: tuple[int, int], side: int) -> QPixmap:
    """An image's pixels (0..1, row-major) as a side × side pixmap, blocky (one square per pixel)."""
    values = np.zeros(shape) if pixels is None else np.asarray(pixels, dtype=float).reshape(shape)
    return QPixmap.fromImage(digit_qimage(values)).scaled(
        side, side, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.FastTransformation
    )


class DrawingPad(QWidget):
    """A square canvas to write a digit on with the mouse; strokes are kept in canvas units (0..1)."""

    strokesChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawingPad")
        self.setFixedSize(130, 130)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip(self.tr("Write a digit here with the mouse"))
        self.setAccessibleName(self.tr("Drawing pad"))
        self._strokes: list[list[tuple[float, float]]] = []
        self._drawing = False

    def strokes(self) -> list[list[tuple[float, float]]]:
        """Copies of the strokes drawn, each a list of (x, y) in canvas units (x right, y down)."""
        return [list(s) for s in self._strokes]

    def clear(self) -> None:
        """Wipe the pad."""
        self._strokes, self._drawing = [], False
        self.update()
        self.strokesChanged.emit()

    def _unit(self, pos: QPointF) -> tuple[float, float]:
        side = max(1, min(self.width(), self.height()))
        return (
            float(pos.x()) / side,
            float(pos.y()) / side,
        )  # off the canvas: clipped when reduced

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._drawing = True
        self._strokes.append([self._unit(event.position())])
        self.update()
        self.strokesChanged.emit()

    def mouseMoveEvent(self, event) -> None:
        if not self._drawing:
            return
        self._strokes[-1].append(self._unit(event.position()))
        self.update()
        self.strokesChanged.emit()

    def mouseReleaseEvent(self, event) -> None:
        if self._drawing and event.button() == Qt.MouseButton.LeftButton:
            self._drawing = False
            self._strokes[-1].append(self._unit(event.position()))
            self.update()
            self.strokesChanged.emit()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        p.fillRect(QRectF(0, 0, side, side), QColor(255, 255, 255))
        p.setPen(QPen(QColor(190, 190, 190), 1))
        p.drawRect(QRectF(0.5, 0.5, side - 1, side - 1))
        if not self._strokes:
            p.setPen(QColor(150, 150, 150))
            p.drawText(
                QRectF(0, 0, side, side), Qt.AlignmentFlag.AlignCenter, self.tr("draw a digit")
            )
            return
        pen = QPen(QColor(20, 20, 20), max(3.0, side / 14))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        for stroke in self._strokes:
            path = QPainterPath(QPointF(stroke[0][0] * side, stroke[0][1] * side))
            for x, y in stroke[1:]:
                path.lineTo(x * side, y * side)
            if len(stroke) == 1:
                path.lineTo(stroke[0][0] * side + 0.1, stroke[0][1] * side)
            p.drawPath(path)


class ProbabilityBars(QWidget):
    """Ten bars: the probability of each digit 0-9 for the current image (none: a note instead)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("probabilityBars")
        self.setMinimumSize(140, 130)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.probabilities: np.ndarray | None = None
        self._note = ""

    def sizeHint(self) -> QSize:
        return QSize(200, 130)

    def setProbabilities(self, p: np.ndarray | None, note: str = "") -> None:
        """Show these probabilities (None: no prediction, and the note)."""
        self.probabilities = None if p is None else np.asarray(p, dtype=float).copy()
        self._note = note
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        w, h = self.width(), self.height()
        if self.probabilities is None:
            p.setPen(QColor(120, 120, 120))
            p.drawText(
                QRectF(0, 0, w, h),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._note,
            )
            return
        k = len(self.probabilities)
        row = h / max(k, 1)
        fm = p.fontMetrics()
        label_w = fm.horizontalAdvance("0") + 8
        text_w = fm.horizontalAdvance("100 %") + 6
        best = int(np.argmax(self.probabilities))
        for i, v in enumerate(self.probabilities):
            y = i * row
            p.setPen(QColor(60, 60, 60))
            font = QFont(self.font())
            font.setBold(i == best)
            p.setFont(font)
            p.drawText(QRectF(0, y, label_w, row), Qt.AlignmentFlag.AlignCenter, str(i))
            span = max(0.0, w - label_w - text_w)
            v = float(np.clip(np.nan_to_num(v), 0.0, 1.0))
            p.fillRect(QRectF(label_w, y + 2, span, row - 4), QColor(238, 238, 238))
            p.fillRect(QRectF(label_w, y + 2, span * v, row - 4), QColor(*class_color(i)))
            p.drawText(
                QRectF(w - text_w, y, text_w, row),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{100 * v:.0f} %",
            )


class CurrentDigit(QLabel):
    """The current digit, large; ← and → step through the test set while it has the keyboard."""

    stepped = Signal(int)  # -1 / +1

    def __init__(self, side: int = 96) -> None:
        super().__init__()
        self.setObjectName("currentDigit")
        self.setFixedSize(side, side)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(
            self.tr(
                "The current digit as the network sees it: ← and → step through the test digits"
            )
        )
        self.setStyleSheet(
            "QLabel#currentDigit { border: 1px solid #bbb; }"
            "QLabel#currentDigit:focus { border: 2px solid #0877bd; }"
        )

    def event(self, event: QEvent) -> bool:
        # the arrows step the digit here instead of training one epoch (the window's → shortcut)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in _ARROWS
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ARROWS:
            self.stepped.emit(-1 if event.key() == Qt.Key.Key_Left else 1)
            return
        super().keyPressEvent(event)


class DigitPanel(QWidget):
    """The drawing pad and the ten probabilities of the current digit (a test digit or the pad's),
    with the test digits one step at a time under them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digitPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        top = QHBoxLayout()
        self.pad = DrawingPad()
        top.addWidget(self.pad, 0, Qt.AlignmentFlag.AlignTop)
        self.bars = ProbabilityBars()
        top.addWidget(self.bars, 1)
        layout.addLayout(top)
        row = QHBoxLayout()
        self.previousButton = QToolButton()
        self.previousButton.setText("◀")
        self.previousButton.setToolTip(self.tr("Previous test digit (←)"))
        self.current = CurrentDigit(40)
        self.nextButton = QToolButton()
        self.nextButton.setText("▶")
        self.nextButton.setToolTip(self.tr("Next test digit (→)"))
        row.addWidget(self.previousButton)
        row.addWidget(self.current)
        row.addWidget(self.nextButton)
        self.caption = QLabel("")
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)
        row.addWidget(self.caption, 1)
        self.padDigit = QLabel()
        self.padDigit.setObjectName("padDigit")
        self.padDigit.setFixedSize(40, 40)
        self.padDigit.setToolTip(
            self.tr("What the network sees of your drawing: 8×8, made the way the digits were made")
        )
        row.addWidget(self.padDigit)
        self.clearButton = QPushButton(self.tr("Clear"))
        self.clearButton.setToolTip(self.tr("Wipe the pad"))
        row.addWidget(self.clearButton)
        layout.addLayout(row)
        add = QHBoxLayout()
        self.labelSpin = QSpinBox()
        self.labelSpin.setRange(0, 9)
        self.labelSpin.setToolTip(self.tr("Which digit your drawing is"))
        label = QLabel(self.tr("It is a"))
        label.setBuddy(self.labelSpin)
        self.addButton = QPushButton(self.tr("Add to training data"))
        self.addButton.setToolTip(
            self.tr("Put your drawing, with this label, into the training set (the weights stay)")
        )
        self.addButton.setEnabled(False)
        self.ownLabel = QLabel("")
        self.ownLabel.setObjectName("caption")
        add.addWidget(label)
        add.addWidget(self.labelSpin)
        add.addWidget(self.addButton)
        add.addWidget(self.ownLabel, 1)
        layout.addLayout(add)
        for w in (self.previousButton, self.nextButton, self.clearButton, self.addButton):
            w.setFocusPolicy(Qt.FocusPolicy.TabFocus)


class MistakesPanel(QWidget):
    """The test digits the network reads wrong, each under what it read; a click makes one current."""

    picked = Signal(int)  # index into the test set

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mistakesPanel")
        layout = QVBoxLayout(self)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setSpacing(4)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidget(self._grid_host)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll, 1)
        self.buttons: list[QToolButton] = []
        self._shown: tuple | None = None

    def showMistakes(
        self, predicted: np.ndarray, true: np.ndarray, x_test: np.ndarray, shape: tuple[int, int]
    ) -> None:
        """Show the misclassified test digits (the first MAX_GALLERY of them)."""
        wrong = np.flatnonzero(predicted != true)
        key = (tuple(wrong[:MAX_GALLERY].tolist()), tuple(predicted[wrong[:MAX_GALLERY]].tolist()))
        self.summary.setText(
            self.tr(
                "{wrong} of {total} test digits read wrong ({share:.1f} %). Click one to make it the current digit."
            ).format(wrong=len(wrong), total=len(true), share=100 * len(wrong) / max(1, len(true)))
        )
        if key == self._shown:
            return
        self._shown = key
        for b in self.buttons:
            self._grid.removeWidget(b)
            b.deleteLater()
        self.buttons = []
        columns = 10
        for n, i in enumerate(wrong[:MAX_GALLERY].tolist()):
            b = QToolButton()
            b.setIcon(QIcon(digit_pixmap(x_test[i], shape, 40)))
            b.setIconSize(QSize(40, 40))
            b.setText(self.tr("read {p}").format(p=int(predicted[i])))
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            b.setToolTip(
                self.tr("Test digit {n}: a {t}, read as {p}").format(
                    n=i + 1, t=int(true[i]), p=int(predicted[i])
                )
            )
            b.setProperty("testIndex", i)
            b.clicked.connect(lambda _checked=False, i=i: self.picked.emit(i))
            self._grid.addWidget(b, n // columns, n % columns)
            self.buttons.append(b)


class ImageMode(QObject):
    """Keeps the digit panel, the network view's image mode and the engine's image probe in step."""

    def __init__(self, host: WindowHost, view: NetworkView) -> None:
        """view: the NetworkView whose input column shows the current digit."""
        super().__init__(host)
        self.host = host
        self.view = view
        self.panel = DigitPanel()
        self.panel.hide()
        host.addWidget(Place.ABOVE_LOSS, self.panel)
        self.mistakes = MistakesPanel()
        self.dock = QDockWidget(self.tr("Misclassified digits"))
        self.dock.setObjectName("labDock_mistakes")
        self.dock.setWidget(self.mistakes)
        host.docks.add(self.dock, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.dock.hide()
        self.dockAction = self.dock.toggleViewAction()
        self.dockAction.setText(self.tr("&Misclassified digits (images)"))
        self.dockAction.setEnabled(False)
        host.menu(MenuId.LAB).addAction(self.dockAction)
        self.active = False
        self.source = "test"  # what the current digit is: a test digit or the pad's drawing
        self.index = 0
        self._x_test: np.ndarray | None = None
        self._y_test: np.ndarray | None = None
        self._shape: tuple[int, int] = (8, 8)
        self._padPixels: np.ndarray | None = None
        self._sentMistakes = False
        self._padTimer = QTimer(self)
        self._padTimer.setSingleShot(True)
        self._padTimer.setInterval(PAD_DELAY_MS)
        self._padTimer.timeout.connect(self._sendPad)
        p = self.panel
        p.previousButton.clicked.connect(lambda: self.step(-1))
        p.nextButton.clicked.connect(lambda: self.step(1))
        p.current.stepped.connect(self.step)
        p.clearButton.clicked.connect(p.pad.clear)
        p.addButton.clicked.connect(self.addDrawing)
        p.pad.strokesChanged.connect(self._onStrokes)
        self.mistakes.picked.connect(self.showTestDigit)
        self.dock.visibilityChanged.connect(lambda _v: self._syncMistakes())
        host.frameDrawn.connect(self._onFrame)

    # ----- what the user does -----

    def showTestDigit(self, index: int) -> None:
        """Make test digit `index` the current digit."""
        if self._y_test is None or not len(self._y_test):
            return
        self.source, self.index = "test", int(index) % len(self._y_test)
        self._sendProbe()

    def step(self, delta: int) -> None:
        """The previous or next test digit (from the pad: the one last shown)."""
        if self.source != "test":
            self.showTestDigit(self.index)
        else:
            self.showTestDigit(self.index + delta)

    def addDrawing(self) -> None:
        """Add the pad's digit to the training data with the label chosen; the pad is wiped for the next."""
        digit = reduce_strokes(self.panel.pad.strokes())
        data = self.host.client.wantedConfig().get("data")
        if digit is None or not data:
            return
        label = self.panel.labelSpin.value()
        drawn = [*data.get("drawn", []), [label, *digit.ravel().tolist()]]
        self.host.client.setData({**data, "drawn": drawn})
        self.host.showStatus(
            self.tr(
                "Your {label} is in the training data now ({count} of your digits there)."
            ).format(label=label, count=len(drawn))
        )
        self.panel.pad.clear()

    def _onStrokes(self) -> None:
        self.source = "pad"
        self._padTimer.start()  # the reduction and the probe at most every PAD_DELAY_MS

    def _sendPad(self) -> None:
        digit = reduce_strokes(self.panel.pad.strokes())
        self._padPixels = None if digit is None else network_input(digit)
        self.panel.addButton.setEnabled(digit is not None)
        self.panel.padDigit.setPixmap(digit_pixmap(self._padPixels, self._shape, 40))
        if self.source == "pad":
            self._sendProbe()

    # ----- the engine -----

    def _sendProbe(self) -> None:
        if self.source == "pad":
            probe = ImageProbe(self._padPixels, "pad")
        else:
            pixels = None if self._x_test is None else self._x_test[self.index]
            probe = ImageProbe(pixels, "test", self.index)
        self.host.client.send(SetProbe(IMAGE_PROBE, probe))

    def _syncMistakes(self) -> None:
        want = self.active and self.dock.isVisible()
        if want != self._sentMistakes:
            self._sentMistakes = want
            self.host.client.send(SetProbe(MISTAKES_PROBE, predictions_on_test if want else None))

    def _setActive(self, active: bool) -> None:
        self.active = active
        self.panel.setVisible(active)
        self.dockAction.setEnabled(active)
        if not active:
            self.dock.hide()
            self.host.client.send(SetProbe(IMAGE_PROBE, None))
            self.view.setCurrentImage(None)
        self._syncMistakes()

    def _onFrame(self, snap: Snapshot) -> None:
        images = snap.image_shape is not None
        if images != self.active:
            self._setActive(images)
            if images:
                self._shape = tuple(snap.image_shape)
        if not images:
            return
        own = len(snap.config.get("data", {}).get("drawn", []))
        text = self.tr("{count} of yours in the training data").format(count=own) if own else ""
        if self.panel.ownLabel.text() != text:
            self.panel.ownLabel.setText(text)
        if snap.data is not None:  # a new split: the current test digit is looked up again
            self._x_test, self._y_test = snap.data.x_test, snap.data.y_test
            if self.source == "test":
                self.index = min(self.index, max(0, len(self._y_test) - 1))
                self._sendProbe()
        result = snap.extra.get(IMAGE_PROBE)
        if result is None:
            if snap.data is None and self._x_test is not None and IMAGE_PROBE not in snap.extra:
                self._sendProbe()
            return
        self._show(result)
        mistakes = snap.extra.get(MISTAKES_PROBE)
        if (
            mistakes is not None
            and self._x_test is not None
            and len(mistakes["true"]) == len(self._x_test)
        ):
            self.mistakes.showMistakes(
                mistakes["predicted"], mistakes["true"], self._x_test, self._shape
            )

    def _show(self, result: dict[str, Any]) -> None:
        p = self.panel
        self.view.setCurrentImage(result)
        p.current.setPixmap(digit_pixmap(result.get("pixels"), self._shape, p.current.width()))
        probabilities = result.get("probabilities")
        if result.get("source") == "pad":
            caption = (
                self.tr("Your drawing.")
                if probabilities is not None
                else self.tr("The pad is empty.")
            )
        elif self._y_test is not None and result.get("index", 0) < len(self._y_test):
            i = int(result["index"])
            caption = self.tr("Test digit {n} of {total}: a {label}.").format(
                n=i + 1, total=len(self._y_test), label=int(self._y_test[i])
            )
        else:
            caption = ""
        if probabilities is not None:
            best = int(np.argmax(probabilities))
            caption += " " + self.tr("The network reads a {digit} ({p:.0f} %).").format(
                digit=best, p=100 * float(probabilities[best])
            )
        p.caption.setText(caption.strip())
        p.bars.setProbabilities(probabilities, self.tr("Draw a digit on the pad"))


def installImageMode(host: WindowHost, view: NetworkView) -> ImageMode:
    """Add image mode to the window that lent the host (view: its NetworkView)."""
    return ImageMode(host, view)
