"""Warnings shown without a nested event loop.

`QMessageBox.warning()` runs its own event loop until the box is answered: timers, engine snapshots
and queued work (a language switch rebuilding the window, say) then run inside the slot that asked,
and can delete the very window that slot belongs to. A box made here is window-modal, opened with
`open()` (the call returns at once) and deletes itself when it is answered.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def warn(parent: QWidget, title: str, text: str) -> QMessageBox:
    """Show a warning over parent and return at once; the box goes away when the user answers it."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("warning")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box
