"""A strip under the top bar that says, in plain words, what went wrong and what to do."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


class MessageBanner(QFrame):
    """Shows one message with an optional action button and a close button."""

    actionRequested = Signal()  # the button of a message shown without its own on_action

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 8, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.actionButton = QPushButton()
        self.closeButton = QToolButton()
        self.closeButton.setText("✕")
        self.closeButton.setToolTip(self.tr("Hide this message"))
        self.closeButton.setAutoRaise(True)
        row.addWidget(self.label, 1)
        row.addWidget(self.actionButton)
        row.addWidget(self.closeButton)
        self.actionButton.clicked.connect(self._onAction)
        self.closeButton.clicked.connect(self.hide)
        self._onActionCallback: Callable[[], None] | None = None
        self.hide()

    def showMessage(
        self,
        text: str,
        kind: str = "error",
        action: str | None = None,
        on_action: Callable[[], None] | None = None,
    ) -> None:
        """Show text; kind is "error", "warning" or "info"; action labels the optional button, which
        calls on_action (or emits actionRequested when there is none)."""
        self._onActionCallback = on_action
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(text)
        self.actionButton.setVisible(action is not None)
        self.actionButton.setText(action or "")
        self.show()

    def kind(self) -> str:
        """The kind of the message shown."""
        return str(self.property("kind") or "")

    def _onAction(self) -> None:
        self.hide()
        callback, self._onActionCallback = self._onActionCallback, None
        if callback is not None:
            callback()
        else:
            self.actionRequested.emit()
