"""Warnings and file dialogs shown without a nested event loop.

`QMessageBox.warning()` and `QFileDialog.getOpenFileName()` run their own event loop until they are
answered: timers, engine snapshots and queued work (a language switch rebuilding the window, say)
then run inside the slot that asked, and can delete the very window that slot belongs to. A box or
dialog made here is window-modal, opened with `open()` (the call returns at once) and deletes itself
when it is answered; a file dialog hands the chosen path to a function.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def warn(parent: QWidget, title: str, text: str) -> QMessageBox:
    """Show a warning over parent and return at once; the box goes away when the user answers it."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("warning")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


def ask_file(parent: QWidget, title: str, start: str, pattern: str, then: Callable[[str], None],
             *, save: bool = False) -> QFileDialog:
    """Ask for a file to open (save: a name to save as) and return at once; then(path) runs when
    one is chosen, nothing when the dialog is cancelled. start: a folder, or a file name in one."""
    dialog = QFileDialog(parent, title, "", pattern)
    dialog.setObjectName("saveDialog" if save else "openDialog")
    start_path = Path(start)
    if start_path.is_dir() or not start_path.name:
        dialog.setDirectory(str(start_path))
    else:
        dialog.setDirectory(str(start_path.parent))
        dialog.selectFile(start_path.name)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.fileSelected.connect(lambda path: then(path) if path else None)
    dialog.open()
    return dialog
