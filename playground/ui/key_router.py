"""Lets a focused control keep Space and arrow keys; elsewhere they are the window's shortcuts.

A list that only opens (the Activation list, not an editable number list) does not keep them: after
picking an entry with the mouse, Space plays and → steps, as everywhere else in the window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QLineEdit,
)

_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Right)
_CONTROLS = (QAbstractButton, QComboBox, QAbstractSlider, QAbstractSpinBox, QLineEdit)


class KeyRouter(QObject):
    """Accepts ShortcutOverride for Space/Right when a control that uses them has keyboard focus."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in _KEYS
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self._usesKeys(watched)
        ):
            event.accept()  # the focused control gets the key instead of the window's shortcut
        return False

    @staticmethod
    def _usesKeys(widget: QObject) -> bool:
        if isinstance(widget, QComboBox):
            return widget.isEditable()  # typing in it; a plain list would only reopen
        if isinstance(widget, _CONTROLS):
            return True
        scene = widget.scene() if isinstance(widget, QGraphicsView) else None
        return scene is not None and scene.focusItem() is not None
