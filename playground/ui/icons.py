"""Transport icons painted with QPainter, crisp at any size (no image files)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

_SIZE = 64


def _icon(draw, color: str) -> QIcon:
    pm = QPixmap(_SIZE, _SIZE)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(color))
    draw(p, QColor(color))
    p.end()
    return QIcon(pm)


def _triangle(p: QPainter, left: float, right: float) -> None:
    path = QPainterPath(QPointF(left, 14))
    path.lineTo(right, 32)
    path.lineTo(left, 50)
    path.closeSubpath()
    p.drawPath(path)


def play_icon(color: str = "white") -> QIcon:
    """A right-pointing triangle."""
    return _icon(lambda p, c: _triangle(p, 22, 50), color)


def pause_icon(color: str = "white") -> QIcon:
    """Two bars."""
    return _icon(
        lambda p, c: (p.drawRect(QRectF(18, 14, 10, 36)), p.drawRect(QRectF(36, 14, 10, 36))), color
    )


def step_icon(color: str = "#444") -> QIcon:
    """A triangle against a bar: one epoch forward."""
    return _icon(lambda p, c: (_triangle(p, 14, 40), p.drawRect(QRectF(42, 14, 8, 36))), color)


def reset_icon(color: str = "#444") -> QIcon:
    """A circular arrow."""

    def draw(p: QPainter, c: QColor) -> None:
        pen = QPen(c, 7)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawArc(QRectF(14, 14, 36, 36), 100 * 16, 290 * 16)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(c)
        head = QPainterPath(QPointF(26, 3))
        head.lineTo(38, 14)
        head.lineTo(25, 24)
        head.closeSubpath()
        p.drawPath(head)

    return _icon(draw, color)
