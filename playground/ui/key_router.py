"""Lets a focused control keep Space and arrow keys; elsewhere they are the window's shortcuts."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QAbstractSlider, QAbstractSpinBox, QComboBox, QGraphicsView, QLineEdit

_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Right)
_CONTROLS = (QAbstractButton, QComboBox, QAbstractSlider, QAbstractSpinBox, QLineEdit)


class KeyRouter(QObject):
    """Accepts ShortcutOverride for Space/Right when a control that uses them has keyboard focus."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() in _KEYS and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                focus = watched
                if isinstance(focus, _CONTROLS):
                    event.accept()
                elif isinstance(focus, QGraphicsView) and focus.scene() is not None and focus.scene().focusItem() is not None:
                    event.accept()
        return False
