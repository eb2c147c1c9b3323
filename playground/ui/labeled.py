"""A small caption above a control, as in TensorFlow Playground's top bar."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class Labeled(QWidget):
    """Caption over a control; the caption is the control's buddy so Alt+letter works."""

    def __init__(self, caption: str, control: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.caption = QLabel(caption)
        self.caption.setObjectName("caption")
        self.caption.setBuddy(control)
        layout.addWidget(self.caption)
        layout.addWidget(control)
        self.control = control
