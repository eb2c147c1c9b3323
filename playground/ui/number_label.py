"""A label for numbers that change every frame: it paints its own background, so nothing beneath repaints."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget


class NumberLabel(QLabel):
    """QLabel that is opaque (WA_OpaquePaintEvent) and skips setText when the text is the same."""

    def __init__(
        self, text: str = "", background: str = "#ffffff", parent: QWidget | None = None
    ) -> None:
        super().__init__(text, parent)
        self._background = QColor(background)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def setText(self, text: str) -> None:
        """Show text; an unchanged text causes no repaint."""
        if text != self.text():
            super().setText(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self._background)
        painter.end()
        super().paintEvent(event)
