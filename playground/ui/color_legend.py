"""The key under the boundary plot: which colour means which probability, value or class."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from playground.ui.colors import BOUNDARY_LUT as LUT
from playground.ui.colors import class_color


class ColorLegend(QWidget):
    """A gradient bar with its end values, or one swatch per class."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mode = "gradient"
        self._ticks: tuple[str, str, str] = ("0", "0.5", "1")
        self._classes = 3
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(240, 2 * self.fontMetrics().height() + 6)

    def showGradient(self, low: str, middle: str, high: str) -> None:
        """Gradient from orange (low) to blue (high)."""
        self._mode, self._ticks = "gradient", (low, middle, high)
        self.update()

    def showClasses(self, n: int) -> None:
        """One swatch per class."""
        self._mode, self._classes = "classes", n
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        w = self.width()
        if self._mode == "gradient":
            bar = QRectF(
                fm.horizontalAdvance(self._ticks[0]) + 8,
                4,
                w - 16 - fm.horizontalAdvance(self._ticks[0] + self._ticks[2]),
                10,
            )
            grad = QLinearGradient(bar.left(), 0, bar.right(), 0)
            for i in range(0, len(LUT), 16):
                r, g, b, _ = LUT[i]
                grad.setColorAt(i / (len(LUT) - 1), QColor(int(r), int(g), int(b)))
            r, g, b, _ = LUT[-1]
            grad.setColorAt(1.0, QColor(int(r), int(g), int(b)))
            p.fillRect(bar, grad)
            p.setPen(QColor(60, 60, 60))
            p.drawText(
                QRectF(0, 0, bar.left() - 4, 18),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self._ticks[0],
            )
            p.drawText(
                QRectF(bar.right() + 4, 0, 200, 18),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self._ticks[2],
            )
            p.drawText(
                QRectF(bar.left(), 14, bar.width(), fm.height() + 2),
                Qt.AlignmentFlag.AlignHCenter,
                self._ticks[1],
            )
        else:
            x = 0.0
            for k in range(self._classes):
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(
                    QColor(*class_color(k))
                )  # the points' colour; regions are a lighter shade
                p.drawEllipse(QRectF(x, 4, 12, 12))
                p.setPen(QColor(60, 60, 60))
                label = self.tr("class {k}").format(k=k)
                p.drawText(
                    QRectF(x + 16, 0, 80, 20),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    label,
                )
                x += 24 + fm.horizontalAdvance(label)
        p.end()
