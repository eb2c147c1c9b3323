"""Fixtures for the window tests: offscreen Qt, a window on throwaway settings, ready to train."""

import os
import weakref
from pathlib import Path

# Offscreen Qt on virtual screens of classroom sizes: 1600×1000 first (where windows open), then
# 1280×720, 1366×768 and 1920×1080 side by side, for the tests that a window fits its screen.
SCREENS = Path(__file__).with_name("offscreen_screens.json")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREENS}"

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

import playground.ui  # noqa: F401 - applies the PySide 6.12 refcount fix before any Qt call
from playground.ui.main_window import MainWindow

READY_MS = 120_000  # the first Numba compile on a cold cache


@pytest.fixture
def make_window(qtbot, tmp_path):
    """Build a shown MainWindow for a config, wait for its worker and first snapshot."""
    made = []

    def make(config: dict | None = None, settings_name="settings.ini", geometry: bytes | None = None,
             autosave_dir: str | None = None):
        """config None: the last config remembered in the settings (none: the defaults); geometry:
        the window geometry a last session saved (QWidget.saveGeometry); autosave_dir: where it
        autosaves (None: nowhere)."""
        settings = QSettings(str(tmp_path / settings_name), QSettings.Format.IniFormat)
        if geometry is not None:
            settings.setValue("window/geometry", geometry)
        window = MainWindow(settings=settings, config=config, autosave_dir=autosave_dir)
        made.append(weakref.ref(window))  # weak: a test may let the window go (a language switch)
        window.show()
        qtbot.waitUntil(window.worker.isReady, timeout=READY_MS)
        qtbot.waitUntil(lambda: window.lastSnapshot() is not None, timeout=10_000)
        return window

    yield make
    # Closed here rather than by qtbot.addWidget: a window a language switch replaced is deleted
    # (C++) a moment before its Python side is collected, and pytest-qt would close it again.
    for ref in made:
        window = ref()
        if window is not None and shiboken6.isValid(window):
            window.close()
            window.deleteLater()
    made.clear()


@pytest.fixture
def window(make_window):
    """The default experiment (circle, [4, 2] tanh, SGD 0.03)."""
    return make_window()


class _BoxWatcher(QObject):
    """Notes each message box as it is shown, and answers it (OK) on the next pass of the loop."""

    def __init__(self, shown: list) -> None:
        super().__init__()
        self.shown = shown

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and isinstance(obj, QMessageBox):
            self.shown.append((obj.windowTitle(), obj.text()))
            QTimer.singleShot(0, obj, obj.accept)
        return False


@pytest.fixture
def warnings_shown():
    """(title, text) of every message box shown from now on, as the user saw it; each is answered."""
    shown: list[tuple[str, str]] = []
    watcher = _BoxWatcher(shown)
    app = QApplication.instance()
    app.installEventFilter(watcher)
    yield shown
    app.removeEventFilter(watcher)


class _FileAnswerer(QObject):
    """Answers each file dialog as it is shown with the path set for its kind (None: cancel)."""

    def __init__(self) -> None:
        super().__init__()
        self.paths = {False: None, True: None}  # by "is a save dialog"
        self.asked: list[str] = []

    def answer(self, open_path=None, save_path=None) -> None:
        """The path the next open (save) dialogs answer with."""
        self.paths = {False: open_path, True: save_path}

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and isinstance(obj, QFileDialog):
            QTimer.singleShot(0, obj, lambda: self._answer(obj))
        return False

    def _answer(self, dialog: QFileDialog) -> None:
        self.asked.append(dialog.windowTitle())
        path = self.paths[dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave]
        if path is None:
            dialog.reject()
            return
        # What the dialog sends once the user has chosen (without the checks of Qt's own dialog,
        # which would step into a folder where a native one may hand it over).
        dialog.fileSelected.emit(str(path))
        dialog.close()


@pytest.fixture
def file_dialogs():
    """file_dialogs.answer(open_path=, save_path=): the file dialogs shown from now on are answered
    with these paths (None: cancelled); file_dialogs.asked: the titles of those shown."""
    answerer = _FileAnswerer()
    app = QApplication.instance()
    app.installEventFilter(answerer)
    yield answerer
    app.removeEventFilter(answerer)


def _settle(qtbot, window, timeout=10_000):
    """Wait until the window has drawn a snapshot that reflects every command sent so far."""
    qtbot.waitUntil(
        lambda: (
            window.lastSnapshot() is not None
            and window.lastSnapshot().seq >= window.worker.lastSentSeq()
        ),
        timeout=timeout,
    )


@pytest.fixture
def settle(qtbot):
    """settle(window): wait until the window shows the result of every command sent so far."""
    return lambda window, timeout=10_000: _settle(qtbot, window, timeout)


def move_mouse(widget, pos, buttons=Qt.MouseButton.NoButton) -> None:
    """A mouse move to pos (widget coordinates), sent to the widget itself. QTest.mouseMove only moves
    the cursor, and the offscreen platform hands that move to whichever shown top-level window holds
    the point: in CI once a tooltip or another test's window, and the widget never heard of it."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent

    local = QPointF(pos)
    event = QMouseEvent(QEvent.Type.MouseMove, local, QPointF(widget.mapToGlobal(local)),
                        Qt.MouseButton.NoButton, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def choose(qtbot, combo, data) -> None:
    """Pick an entry the way the keyboard does: focus the combo and step to it with arrow keys."""
    target = combo.findData(data)
    assert target >= 0, data
    combo.setFocus()
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, key)


def screen_named(name: str):
    """One of the offscreen screens of offscreen_screens.json."""
    screens = {s.name(): s for s in QGuiApplication.screens()}
    assert name in screens, f"no offscreen screen {name!r}: {sorted(screens)} (see conftest)"
    return screens[name]


def geometry_on(name: str) -> bytes:
    """A saved geometry larger than that screen: the window opens there and must fit it."""
    screen = screen_named(name)
    widget = QWidget()
    widget.setGeometry(QRect(screen.geometry().topLeft(), screen.geometry().size() * 1.25))
    return widget.saveGeometry()


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    """A widget's rectangle in an ancestor's coordinates."""
    return QRect(widget.mapTo(ancestor, widget.rect().topLeft()), widget.size())
