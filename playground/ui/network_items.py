"""Graphics items of the network view: neuron boxes, bias markers, link bundles, feature toggles, buttons."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsWidget,
    QStyleOptionGraphicsItem,
    QWidget,
)

from playground.ui.colors import BLUE, ORANGE

FOCUS = QColor(40, 110, 220)
BORDER = QColor(120, 120, 120)
HIT_DISTANCE = 5.0  # px from a link that still counts as on it
ANTIALIAS_LINKS = 300
_LINK_COLORS = {
    sign: QColor(*(round(c + (255 - c) * 0.2) for c in rgb))
    for sign, rgb in ((1, BLUE), (0, ORANGE))
}


class NodeItem(QGraphicsItem):
    """A neuron: a square showing its output over the input square."""

    def __init__(self, size: float, tooltip: str = "") -> None:
        super().__init__()
        self._size = size
        self._image: QImage | None = None
        self.setToolTip(tooltip)
        self.setAcceptHoverEvents(True)

    def boundingRect(self) -> QRectF:
        return QRectF(-1, -1, self._size + 2, self._size + 2)

    def setImage(self, image: QImage) -> None:
        """Show a new heatmap."""
        self._image = image
        self.update()

    def image(self) -> QImage | None:
        """The picture shown (None before the first)."""
        return self._image

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = QRectF(0, 0, self._size, self._size)
        if self._image is not None:
            painter.drawImage(rect, self._image)
        else:
            painter.fillRect(rect, QColor(235, 235, 235))
        painter.setPen(QPen(BORDER, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)


class MoreItem(QGraphicsItem):
    """Stands for the neurons of a wide layer that are not drawn: '… +N'."""

    def __init__(self, size: float, hidden: int, total: int) -> None:
        super().__init__()
        self._size = size
        self._text = f"+{hidden}"
        self.setToolTip(
            QCoreApplication.translate(
                "NetworkView", "{total} neurons in this layer; the first {drawn} are drawn"
            ).format(total=total, drawn=total - hidden)
        )

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self._size, self._size)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = self.boundingRect()
        painter.setPen(QPen(BORDER, 1, Qt.PenStyle.DashLine))
        painter.setBrush(QColor(245, 245, 245))
        painter.drawRect(rect)
        painter.setPen(QColor(80, 80, 80))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "⋮\n" + self._text)


class BiasItem(QGraphicsItem):
    """The small square at a neuron's lower left: its bias, coloured by value; click to edit."""

    def __init__(
        self, size: float, on_click: Callable[[BiasItem, QPointF], None], describe: str
    ) -> None:
        super().__init__()
        self._size = size
        self._value = 0.0
        self._text = ""
        self._rgb = (200, 200, 200)
        self._color = QColor(*self._rgb)
        self._on_click = on_click
        self._describe = describe
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def boundingRect(self) -> QRectF:
        return QRectF(-1, -1, self._size + 2, self._size + 2)

    def value(self) -> float:
        """The bias shown."""
        return self._value

    def setValue(self, value: float, text: str, rgb: tuple[int, int, int]) -> None:
        """Show a bias value in colour rgb; text (the exact value) goes in the tooltip on hover."""
        if value == self._value and rgb == self._rgb:
            return
        self._value, self._text, self._rgb = value, text, rgb
        self._color = QColor(*rgb)
        self.update()

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.setToolTip(
            QCoreApplication.translate(
                "NetworkView", "Bias {value}\n{where}\nClick to type a new value"
            ).format(value=self._text, where=self._describe)
        )

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setPen(QPen(QColor(90, 90, 90), 1))
        painter.setBrush(self._color)
        painter.drawRect(QRectF(0, 0, self._size, self._size))

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._on_click(self, event.scenePos())
            event.accept()
        else:
            super().mousePressEvent(event)


def _link_pen_keys(w: np.ndarray, max_width: float) -> np.ndarray:
    """Pen bucket of each weight: sign * 100 + width in half pixels (width grows with |w|)."""
    finite = np.isfinite(w)
    grow = np.minimum(max_width, 0.6 + 2.2 * np.abs(np.where(finite, w, 0.0)))
    width = np.where(finite, grow, 1.0)
    return np.where(w >= 0, 100, 0) + np.round(width * 2).astype(int)


class LinksItem(QGraphicsItem):
    """All links between two columns: width by |w|, orange < 0 < blue; hover shows, click edits a weight."""

    def __init__(
        self,
        starts: list[QPointF],
        ends: list[QPointF],
        pairs: list[tuple[int, int]],
        describe: Callable[[int, int], str],
        on_click: Callable[[int, int, QPointF], None],
    ) -> None:
        super().__init__()
        self._pairs = pairs
        self._describe = describe
        self._on_click = on_click
        self._lines = [QLineF(starts[i], ends[j]) for i, j in pairs]
        seg = np.array(
            [[ln.x1(), ln.y1(), ln.x2(), ln.y2()] for ln in self._lines], dtype=float
        ).reshape(-1, 4)
        self._seg = seg
        self._values = np.zeros(len(pairs))
        self._keys: np.ndarray | None = None
        self._describeValue: Callable[[int], str] | None = None
        path = QPainterPath()
        for ln in self._lines:
            path.moveTo(ln.p1())
            path.lineTo(ln.p2())
        stroker = QPainterPathStroker()
        stroker.setWidth(2 * HIT_DISTANCE)
        self._shape = stroker.createStroke(path)
        self._bounds = self._shape.boundingRect().adjusted(-6, -6, 6, 6)
        self._groups: dict[tuple[int, int], list[QLineF]] = {}
        self.pairs = np.array(pairs, dtype=np.intp).reshape(-1, 2)
        # Hundreds of wide lines cost tens of ms a frame in the raster engine: big bundles stay thin.
        self._maxWidth = 10.0 if len(pairs) <= ANTIALIAS_LINKS else 3.0
        self.setAcceptHoverEvents(True)
        self.setZValue(-1)
        # Neighbouring neuron thumbnails repaint every frame; blit this bundle from its cache then,
        # and redraw its lines only when its own weights change.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def linkPoint(self, k: int) -> QPointF:
        """The middle of link k, in scene coordinates."""
        return self.mapToScene(self._lines[k].center())

    def linkIndex(self, i: int, j: int) -> int:
        """Index of the link from source i to target j."""
        return self._pairs.index((i, j))

    def setValues(self, values: np.ndarray, describe_value: Callable[[int], str]) -> None:
        """New signed weight per link (for drawing); describe_value(k) gives link k's exact value."""
        values = np.asarray(values, dtype=float)
        self._describeValue = describe_value
        keys = _link_pen_keys(values, self._maxWidth)
        if self._keys is not None and np.array_equal(keys, self._keys):
            self._values = values
            return  # the same pens: nothing to repaint
        self._values, self._keys = values, keys
        order = np.argsort(keys, kind="stable")
        bounds = np.flatnonzero(np.diff(keys[order])) + 1
        self._groups = {
            (int(keys[chunk[0]]) // 100, int(keys[chunk[0]]) % 100): [self._lines[i] for i in chunk]
            for chunk in np.split(order, bounds)
            if len(chunk)
        }
        self.update()

    def valueText(self, k: int) -> str:
        """The exact value(s) of link k."""
        return self._describeValue(k) if self._describeValue else f"{self._values[k]:.4g}"

    def nearest(self, pos: QPointF) -> int | None:
        """Index of the link under pos (item coordinates), or None."""
        if not len(self._seg):
            return None
        p = np.array([pos.x(), pos.y()])
        a, b = self._seg[:, :2], self._seg[:, 2:]
        d = b - a
        t = np.clip(
            np.einsum("ij,ij->i", p - a, d) / np.maximum(np.einsum("ij,ij->i", d, d), 1e-9), 0, 1
        )
        dist = np.hypot(*(a + t[:, None] * d - p).T)
        k = int(np.argmin(dist))
        return k if dist[k] <= HIT_DISTANCE + 1 else None

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        # Antialiased wide lines are slow in the raster engine; big networks get plain ones.
        smooth = len(self._lines) <= ANTIALIAS_LINKS
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)
        for (positive, half_width), lines in self._groups.items():
            # Opaque (pre-mixed with the white background): translucent lines blend ~7x slower.
            pen = QPen(_LINK_COLORS[positive], half_width / 2.0)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap if smooth else Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLines(lines)

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        k = self.nearest(event.pos())
        if k is None:
            self.setToolTip("")
        else:
            i, j = self._pairs[k]
            self.setToolTip(
                QCoreApplication.translate(
                    "NetworkView", "Weight {value}\n{where}\nClick to type a new value"
                ).format(value=self.valueText(k), where=self._describe(i, j))
            )

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        k = self.nearest(event.pos())
        if k is None or event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        i, j = self._pairs[k]
        self._on_click(i, j, event.scenePos())
        event.accept()


class FocusableWidget(QGraphicsWidget):
    """A scene item that Tab reaches and Space/Enter activates, with a visible focus ring."""

    activated = Signal()

    def __init__(self, size: QSizeF) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.resize(size)
        self._hover = False

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()
        else:
            event.ignore()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.boundingRect().contains(
            event.pos()
        ):
            self.activated.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated.emit()
            event.accept()
        else:
            super().keyPressEvent(event)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hover = True
        self.update()

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hover = False
        self.update()

    def focusInEvent(self, event) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        self.update()
        super().focusOutEvent(event)

    def paintFocus(self, painter: QPainter, rect: QRectF) -> None:
        """Draw the focus ring when focused."""
        if self.hasFocus():
            painter.setPen(QPen(FOCUS, 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(-3, -3, 3, 3))


class FeatureNode(FocusableWidget):
    """An input feature: its heatmap, its name on the left; click or Space turns it on or off."""

    def __init__(self, name: str, label: str, size: float, image: QImage) -> None:
        super().__init__(QSizeF(size, size))
        self.name = name
        self._label = label
        self._size = size
        self._image = image
        self._enabled = False
        self.setToolTip(
            QCoreApplication.translate(
                "NetworkView", "Input feature {name}: click to use it or not (resets the network)"
            ).format(name=label)
        )
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # static: paint once

    def isOn(self) -> bool:
        """Whether the network uses this feature."""
        return self._enabled

    def setOn(self, on: bool) -> None:
        """Show the feature as used or not."""
        self._enabled = on
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-90, -4, self._size + 94, self._size + 8)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = QRectF(0, 0, self._size, self._size)
        painter.setOpacity(1.0 if self._enabled else 0.3)
        painter.drawImage(rect, self._image)
        painter.setOpacity(1.0)
        pen = QPen(
            QColor(40, 40, 40) if self._enabled else BORDER,
            2 if self._enabled or self._hover else 1,
        )
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        font = QFont(painter.font())
        font.setPointSizeF(max(9.0, self._size * 0.26))
        font.setBold(self._enabled)
        painter.setFont(font)
        painter.setPen(QColor(30, 30, 30) if self._enabled else QColor(140, 140, 140))
        text = painter.fontMetrics().elidedText(self._label, Qt.TextElideMode.ElideMiddle, 82)
        painter.drawText(
            QRectF(-88, 0, 82, self._size),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            text,
        )
        self.paintFocus(painter, rect)


class SceneButton(FocusableWidget):
    """A small round '+' or '−' button inside the network view."""

    def __init__(self, text: str, tooltip: str, size: float = 22) -> None:
        super().__init__(QSizeF(size, size))
        self._text = text
        self._size = size
        self.setToolTip(tooltip)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        return QRectF(-4, -4, self._size + 8, self._size + 8)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(0, 0, self._size, self._size)
        enabled = self.isEnabled()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(
            QBrush(QColor(90, 90, 90) if self._hover and enabled else QColor(225, 225, 225))
        )
        painter.drawEllipse(rect)
        painter.setPen(
            QPen(
                QColor(255, 255, 255)
                if self._hover and enabled
                else QColor(60, 60, 60)
                if enabled
                else QColor(180, 180, 180),
                2,
            )
        )
        c = rect.center()
        arm = self._size * 0.28
        painter.drawLine(QLineF(c.x() - arm, c.y(), c.x() + arm, c.y()))
        if self._text == "+":
            painter.drawLine(QLineF(c.x(), c.y() - arm, c.x(), c.y() + arm))
        if self.hasFocus():
            painter.setPen(QPen(FOCUS, 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(rect.adjusted(-3, -3, 3, 3))
