"""The little text box that opens over a link or bias to type a new value."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget


def parse_values(text: str, count: int) -> list[float] | None:
    """Parse one number, or count comma-separated numbers (maxout pieces); None if not valid."""
    parts = [p for p in text.replace(";", ",").split(",") if p.strip()]
    if count == 1 and len(parts) == 1:
        pass
    elif len(parts) == 1:
        parts = parts * count
    if len(parts) != count:
        return None
    try:
        values = [float(p) for p in parts]
    except ValueError:
        return None
    return values if all(math.isfinite(v) for v in values) else None


class WeightEditor(QLineEdit):
    """Enter applies the typed value, Escape or clicking elsewhere cancels."""

    committed = Signal(list)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("weightEditor")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumWidth(110)
        self._count = 1
        self.returnPressed.connect(self._commit)
        self.hide()

    def open(self, text: str, count: int, x: int, y: int) -> None:
        """Show at (x, y) of the parent holding text; count numbers are expected."""
        self._count = count
        self.setText(text)
        self.setToolTip(
            self.tr("Type a number and press Enter")
            if count == 1
            else self.tr("Type {count} numbers separated by commas").format(count=count)
        )
        self.adjustSize()
        self.resize(max(110, self.sizeHint().width()), self.sizeHint().height())
        self.move(max(0, x - self.width() // 2), max(0, y - self.height() - 6))
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.selectAll()

    def _commit(self) -> None:
        values = parse_values(self.text(), self._count)
        if values is None:
            self.setStyleSheet("QLineEdit#weightEditor { border: 2px solid #d33; }")
            return
        self.setStyleSheet("")
        self.hide()
        self.committed.emit(values)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.hide()
