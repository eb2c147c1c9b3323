"""What the window's features (builder, lab, own data) get from the main window: a small host.

The main window makes the menus, the places in its layout and the plots, and hands this host to each
feature; a feature never sees the main window. Menus are addressed by `MenuId` and places by
`Place` (napari's MenuId idea), not found by object name at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QByteArray, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from playground.session.snapshot import Snapshot
from playground.ui import chores, notices
from playground.ui.engine_thread import EngineClient
from playground.ui.message_banner import MessageBanner
from playground.ui.settings_store import SettingsStore


class MenuId(Enum):
    """The menu bar's menus, left to right."""

    FILE = "file"
    EDIT = "edit"
    TRAINING = "training"
    VIEW = "view"
    LESSONS = "lessons"
    LAB = "lab"


class Place(Enum):
    """Where in the window's layout a feature may put a widget."""

    DATA_COLUMN = "data column"  # the end of the data column
    ABOVE_LOSS = "above loss"  # the output column, under the loss and accuracy numbers
    ABOVE_BOUNDARY = "above boundary"  # the output column, right above the decision boundary
    BELOW_BOUNDARY = "below boundary"  # the output column, right below the decision boundary


class PlotId(Enum):
    """The main window's plots that features draw on or export."""

    BOUNDARY = "boundary"
    LOSS = "loss"


def fit_rect(frame: QRect, inner: QRect, screen: QRect) -> QRect:
    """The window geometry `inner` moved and shrunk so that its `frame` lies inside `screen`."""
    width = min(frame.width(), screen.width())
    height = min(frame.height(), screen.height())
    left = min(max(frame.left(), screen.left()), screen.right() + 1 - width)
    top = min(max(frame.top(), screen.top()), screen.bottom() + 1 - height)
    return QRect(
        left + inner.left() - frame.left(),
        top + inner.top() - frame.top(),
        inner.width() - (frame.width() - width),
        inner.height() - (frame.height() - height),
    )


def keep_on_screen(window: QWidget) -> None:
    """Move and shrink a window (not maximized) so that its frame lies inside the available area
    of the screen it is on; it cannot become smaller than its minimum size."""
    if window.isMaximized() or window.isFullScreen():
        return
    screen = QGuiApplication.screenAt(window.geometry().center()) or window.screen()
    if screen is None:
        return
    fitted = fit_rect(window.frameGeometry(), window.geometry(), screen.availableGeometry())
    if fitted != window.geometry():
        window.setGeometry(fitted)


class DockArea:
    """The main window's dock area: where the lab's panels live."""

    def __init__(self, window: QMainWindow) -> None:
        self._window = window

    def add(self, dock: QDockWidget, area: Qt.DockWidgetArea) -> None:
        """Put a dock widget into an area (the window becomes its parent)."""
        self._window.addDockWidget(area, dock)

    def split(self, first: QDockWidget, second: QDockWidget, orientation: Qt.Orientation) -> None:
        """Place second beside (horizontal) or under (vertical) first."""
        self._window.splitDockWidget(first, second, orientation)

    def tabify(self, first: QDockWidget, second: QDockWidget) -> None:
        """Put second behind first, as a tab."""
        self._window.tabifyDockWidget(first, second)

    def resize(self, docks: list[QDockWidget], sizes: list[int], orientation: Qt.Orientation) -> None:
        """Give docks these widths (horizontal) or heights (vertical)."""
        self._window.resizeDocks(docks, sizes, orientation)

    def areaOf(self, dock: QDockWidget) -> Qt.DockWidgetArea:
        """The area a dock is in now."""
        return self._window.dockWidgetArea(dock)

    def saveState(self, version: int) -> QByteArray:
        """Where every dock is, for restoreState."""
        return self._window.saveState(version)

    def restoreState(self, state: QByteArray, version: int) -> None:
        """Put the docks back where saveState found them."""
        self._window.restoreState(state, version)

    def growDown(self, pixels: int) -> None:
        """Make the window up to pixels taller where the screen has room below it (not when maximized)."""
        w = self._window
        screen = w.screen()
        if screen is None or w.isMaximized() or w.isFullScreen():
            return
        free = screen.availableGeometry().bottom() - w.frameGeometry().bottom()
        grow = min(max(0, free), pixels)
        if grow > 0:
            w.resize(w.width(), w.height() + grow)

    def windowSize(self) -> QSize:
        """The window's size now (docks share it with the central view)."""
        return self._window.size()

    def keepOnScreen(self) -> None:
        """Pull the window back inside its screen's available area if it outgrew it."""
        keep_on_screen(self._window)


class WindowHost(QObject):
    """Menus, places, plots, messages and the engine client, as the main window lends them to features.

    frameDrawn(Snapshot) comes after the main window drew a frame, so a feature sees the panels as
    they are for that frame; closing comes when the window starts to close (save what must be kept).
    """

    frameDrawn = Signal(object)  # Snapshot
    closing = Signal()
    testRatioChanged = Signal(float)  # the user moved the test-data slider

    def __init__(
        self,
        window: QMainWindow,
        client: EngineClient,
        store: SettingsStore,
        banner: MessageBanner,
        menus: Mapping[MenuId, QMenu],
        quit_action: QAction,
        places: Mapping[Place, Callable[[QWidget], None]],
        plots: Mapping[PlotId, pg.PlotWidget],
        show_playing: Callable[[bool], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self.client = client
        self.store = store
        self.docks = DockArea(window)
        self._banner = banner
        self._menus = dict(menus)
        self._quit = quit_action
        self._places = dict(places)
        self._plots = dict(plots)
        self._showPlaying = show_playing
        self._frame: Snapshot | None = None
        self._closed = False
        self.closing.connect(self._onClosing)

    def _onClosing(self) -> None:
        self._closed = True

    def isClosed(self) -> bool:
        """Whether the window has closed: a late answer (a file job, an export) tells nobody."""
        return self._closed

    def later(self, fn: Callable[[], object]) -> None:
        """Run fn in a later pass of the event loop, one piece of work per pass (see chores.py);
        not at all if the window is gone by then."""
        chores.later(fn, self._window)

    # ----- menus and places -----

    def menu(self, which: MenuId) -> QMenu:
        """One of the menu bar's menus."""
        return self._menus[which]

    def addBeforeQuit(self, *entries: QAction | QMenu) -> None:
        """Add actions or submenus to the File menu, above Quit, followed by a separator."""
        file_menu = self._menus[MenuId.FILE]
        for entry in entries:
            if isinstance(entry, QMenu):
                file_menu.insertMenu(self._quit, entry)
            else:
                file_menu.insertAction(self._quit, entry)
        file_menu.insertSeparator(self._quit)

    def addShortcuts(self, *actions: QAction) -> None:
        """Make these actions' shortcuts work anywhere in the window."""
        self._window.addActions(list(actions))

    def addWidget(self, place: Place, widget: QWidget) -> None:
        """Put a widget at a named place in the layout."""
        self._places[place](widget)

    def plot(self, which: PlotId) -> pg.PlotWidget:
        """One of the main window's plots."""
        return self._plots[which]

    def dialogParent(self) -> QWidget:
        """The widget a feature's dialogs open over."""
        return self._window

    # ----- messages -----

    def askFile(self, title: str, start: str, pattern: str, then: Callable[[str], None],
                *, save: bool = False) -> None:
        """Ask for a file over the window; then(path) once one is chosen (the call returns at once)."""
        notices.ask_file(self._window, title, start, pattern, then, save=save)

    def warn(self, title: str, text: str) -> None:
        """Tell the user something went wrong, in a box over the window (the call returns at once)."""
        notices.warn(self._window, title, text)

    def showStatus(self, text: str, ms: int = 5000) -> None:
        """Say something in the status bar for a while."""
        self._window.statusBar().showMessage(text, ms)

    def showBanner(self, text: str, kind: str = "info", action: str | None = None,
                   on_action: Callable[[], None] | None = None) -> None:
        """Show a message in the banner under the top bar ("error", "warning" or "info"), with a
        button labelled action that calls on_action, if given."""
        self._banner.showMessage(text, kind, action, on_action)

    def hideBanner(self) -> None:
        """Take the banner's message away."""
        self._banner.hide()

    # ----- the experiment -----

    def setPlaying(self, playing: bool) -> None:
        """Show the play button as playing or paused (it sends nothing: the engine decides)."""
        self._showPlaying(playing)

    def loadConfig(self, config: dict[str, Any]) -> int:
        """Replace the experiment by one built from config (a lesson, a formula, imported data): a
        reset, paused, the banner cleared. Returns the command's number."""
        self.setPlaying(False)
        self.hideBanner()
        return self.client.apply(config)

    def lastSnapshot(self) -> Snapshot | None:
        """The newest frame the main window drew (None before the first)."""
        return self._frame

    def publishFrame(self, snap: Snapshot) -> None:
        """The main window drew snap: remember it and tell the features (frameDrawn)."""
        self._frame = snap
        self.frameDrawn.emit(snap)
