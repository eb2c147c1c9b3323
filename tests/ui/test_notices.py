"""A warning box does not run an event loop of its own (found by tools/monkey.py).

`QMessageBox.warning()` blocked the slot that asked until the box was answered, and ran the
window's timers, engine snapshots and queued work inside it; a language switch rebuilding the window
meanwhile deleted the window that slot belonged to, and the program crashed when the box closed.
"""

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from playground.ui import notices


def test_a_warning_returns_at_once_and_goes_away_when_answered(qtbot, window):
    # A box that blocked would be closed by this after 3 s (so the test fails rather than hangs).
    QTimer.singleShot(3000, lambda: QApplication.activeModalWidget()
                      and QApplication.activeModalWidget().close())
    box = notices.warn(window, "Could not open the experiment", "Could not open x.json")
    qtbot.waitUntil(box.isVisible, timeout=5_000)
    assert QApplication.activeModalWidget() is box
    assert box.windowModality() == Qt.WindowModality.WindowModal  # the other windows stay usable
    assert box.text() == "Could not open x.json"
    assert box.isVisible()  # still up: warn() returned without waiting for an answer
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(box)  # deleted, not kept hidden for the window's lifetime
    assert window.findChildren(QMessageBox) == []


def test_the_window_trains_on_while_a_warning_is_up(qtbot, window, tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"layers": [4, 2], "state": ')
    window.togglePlay()  # Play
    window.openPath(str(bad))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=10_000)
    box = QApplication.activeModalWidget()
    assert "broken.json" in box.text()
    epoch = window.lastSnapshot().epoch
    qtbot.waitUntil(lambda: window.lastSnapshot().epoch > epoch, timeout=10_000)
    box.accept()
    window.togglePlay()  # Pause


def test_file_open_asks_without_waiting_and_opens_the_file_chosen(qtbot, window, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from playground.experiment import Experiment

    path = tmp_path / "xor.json"
    Experiment.from_dict({"data": {"name": "xor"}}).save(str(path))
    window.togglePlay()  # Play
    QTimer.singleShot(5000, lambda: QApplication.activeModalWidget()
                      and QApplication.activeModalWidget().close())  # fails rather than hangs
    window.openAction.trigger()  # File > Open…: returns with the dialog up
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    epoch = window.lastSnapshot().epoch
    qtbot.waitUntil(lambda: window.lastSnapshot().epoch > epoch, timeout=10_000)  # trains on
    dialog.fileSelected.emit(str(path))  # what the dialog sends once the user has chosen xor.json
    dialog.close()
    qtbot.waitUntil(lambda: window.lastSnapshot().config["data"]["name"] == "xor", timeout=10_000)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(QFileDialog) == []  # deleted once answered


def test_a_cancelled_file_dialog_changes_nothing(qtbot, window, file_dialogs, settle):
    before = window.worker_experiment_config()
    file_dialogs.answer(open_path=None)
    window.openAction.trigger()
    qtbot.waitUntil(lambda: file_dialogs.asked == ["Open experiment"], timeout=5_000)
    qtbot.wait(100)
    assert QApplication.activeModalWidget() is None
    assert window.worker_experiment_config() == before
