"""The window fits the screen it opens on, with every lab panel open, and the panels get room.

The offscreen screens come from conftest (offscreen_screens.json): 1600×1000 where windows open,
and 1280×720, 1366×768 and 1920×1080 beside it. A window is put on a small one as a user's last
session would: from a saved geometry, here one larger than that screen.
"""

import numpy as np
import pytest
from conftest import screen_named
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

from playground.ui.main_window import MainWindow

PANELS = ("lesson", "metrics", "gradients", "hidden", "compare", "landscape", "activations")
MIN_PANEL_HEIGHT = 150  # a dock's panel below this is a strip, not a panel
SPIRAL = {
    "data": {"name": "spiral", "noise": 0.0},
    "features": ["x1", "x2"],
    "layers": [{"units": 8, "activation": "tanh"}, {"units": 6, "activation": "tanh"}],
}


def saved_geometry(rect: QRect) -> bytes:
    """What QWidget.saveGeometry says of a window that had this geometry."""
    widget = QWidget()
    widget.setGeometry(rect)
    return widget.saveGeometry()


@pytest.fixture
def window_on(make_window):
    """window_on(screen name, config): a window whose last session was 1.25 times that screen."""

    def make(name: str, config: dict | None = None) -> MainWindow:
        screen = screen_named(name)
        too_big = QRect(screen.geometry().topLeft(), screen.geometry().size() * 1.25)
        return make_window(config, settings_name=f"{name}.ini", geometry=saved_geometry(too_big))

    return make


def lab_action(window, key):
    return window.lab.docks[key].toggleViewAction()


def open_every_panel(qtbot, window, check=lambda key: None):
    """Open each lab panel from the Lab menu, as a user does; check(key) after each."""
    for key in PANELS:
        action = lab_action(window, key)
        assert action in window.lab.labMenu.actions()
        assert not action.isChecked()
        action.trigger()
        qtbot.waitUntil(lambda k=key: window.lab.docks[k].isVisible())
        qtbot.wait(50)  # the panel is sized once the layout placed it
        check(key)


def assert_inside_screen(window):
    avail = window.screen().availableGeometry()
    frame = window.frameGeometry()
    assert avail.contains(frame), f"window frame {frame} outside the screen's {avail}"


def assert_usable(window, key):
    """The panel shows whole (not squeezed below what its contents need) and is not a strip."""
    dock = window.lab.docks[key]
    panel = dock.widget()
    need = panel.minimumSizeHint()
    size = panel.size()
    assert size.width() >= need.width() and size.height() >= need.height(), (key, size, need)
    assert size.height() >= MIN_PANEL_HEIGHT, (key, size)
    assert size.width() >= 300, (key, size)


@pytest.mark.parametrize("name", ["small", "laptop"])
def test_window_fits_a_small_screen_with_every_lab_panel_open(qtbot, window_on, name):
    window = window_on(name)
    assert window.screen().name() == name
    qtbot.wait(50)
    assert_inside_screen(window)  # the saved geometry was larger than the screen
    status = window.statusBar()
    assert status.isVisible() and status.height() >= status.fontMetrics().height() + 4

    open_every_panel(qtbot, window, lambda _key: assert_inside_screen(window))
    qtbot.wait(100)
    assert_inside_screen(window)
    assert window.minimumSizeHint().height() <= window.screen().availableGeometry().height()
    for key in PANELS:
        window.lab.docks[key].raise_()  # the tabbed ones in turn
        qtbot.waitUntil(lambda k=key: window.lab.docks[k].widget().isVisible())
        assert_usable(window, key)
    hidden = window.lab.hidden
    hidden.parentWidget().raise_()
    qtbot.waitUntil(hidden.isVisible)
    assert hidden.plot.height() >= 120, hidden.plot.size()  # a plot, not a strip
    # The central view shrank but is still there, and the status bar is still readable.
    view = window.networkView
    assert view.width() >= view.minimumWidth() and view.height() >= view.minimumHeight()
    assert window.outputPanel.boundary.isVisible()
    assert status.isVisible() and status.height() >= status.fontMetrics().height() + 4


def test_window_on_a_large_screen_gives_the_panels_room(qtbot, window_on):
    window = window_on("full-hd")
    open_every_panel(qtbot, window, lambda _key: assert_inside_screen(window))
    lab = window.lab
    lab.docks["hidden"].raise_()
    qtbot.waitUntil(lab.hidden.isVisible)
    assert_usable(window, "hidden")
    assert lab.hidden.height() >= 250  # far more than the strip it used to be
    plot = lab.hidden.plot
    assert plot.height() >= 150 and plot.width() >= 200
    # The area between the network view and the panels resizes (what dragging its splitter does).
    before = lab.docks["hidden"].height()
    window.resizeDocks([lab.docks["hidden"]], [before + 120], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: lab.docks["hidden"].height() >= before + 80)  # less its tab bar
    assert_inside_screen(window)


def test_hidden_space_frames_the_points_it_shows(qtbot, window_on, settle):
    window = window_on("full-hd", SPIRAL)
    lab = window.lab
    lab_action(window, "hidden").trigger()
    qtbot.waitUntil(lambda: lab.hidden.frame is not None, timeout=10_000)
    window.topBar.playButton.click()
    qtbot.waitUntil(lambda: window.lastSnapshot().epoch >= 30, timeout=30_000)
    window.topBar.playButton.click()
    settle(window)

    def framed() -> tuple[np.ndarray, tuple]:
        xy = np.asarray(lab.hidden.frame["train"], dtype=np.float64)
        return xy, lab.hidden.plot.getPlotItem().getViewBox().viewRange()

    combo = lab.hidden.layerCombo
    assert combo.count() == 3  # the input and both hidden layers
    for index in range(combo.count()):
        combo.setCurrentIndex(index)
        layer = combo.currentData()
        qtbot.waitUntil(lambda want=layer: lab.hidden.frame["layer"] == want, timeout=10_000)
        xy, ((x0, x1), (y0, y1)) = framed()
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        assert x0 <= lo[0] and hi[0] <= x1 and y0 <= lo[1] and hi[1] <= y1, (lo, hi, x0, x1, y0, y1)
        span = np.maximum(hi - lo, 1e-9)
        # The aspect is locked, so one axis fits the points and the other may be wider.
        assert min((x1 - x0) / span[0], (y1 - y0) / span[1]) < 2.0, (lo, hi, x0, x1, y0, y1)
