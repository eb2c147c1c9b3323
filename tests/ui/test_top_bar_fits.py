"""The top bar fits a 1280-px window: every control shows whole, no sideways scroll bar.

At 1280×720 and 1366×768 the bar takes two rows (the run's controls above, the training settings
below); at 1920×1080 it keeps one row. The window is put on a screen as in test_window_fits: from a
saved geometry larger than that screen.
"""

import pytest
from conftest import READY_MS, screen_named
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QScrollArea, QWidget

from playground.ui.main_window import MainWindow


@pytest.fixture
def window_on(qtbot, tmp_path):
    """window_on(screen name): a window whose last session was 1.25 times that screen."""

    def make(name: str) -> MainWindow:
        screen = screen_named(name)
        too_big = QRect(screen.geometry().topLeft(), screen.geometry().size() * 1.25)
        saved = QWidget()
        saved.setGeometry(too_big)
        settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
        settings.setValue("window/geometry", saved.saveGeometry())
        window = MainWindow(settings=settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(window.worker.isReady, timeout=READY_MS)
        qtbot.waitUntil(lambda: window.lastSnapshot() is not None, timeout=10_000)
        qtbot.wait(100)  # the bar has taken its rows
        assert window.screen().name() == name
        return window

    return make


def controls(tb) -> dict[str, QWidget]:
    """Every control of the bar, in Tab order, and the numbers it shows."""
    return {
        "reset": tb.resetButton,
        "play": tb.playButton,
        "step": tb.stepButton,
        "epoch": tb.epochLabel,
        "epochs/s": tb.speedLabel,
        "speed": tb.paceCombo,
        "learning rate": tb.learningRateCombo,
        "activation": tb.activationCombo,
        "regularization": tb.regularizationCombo,
        "regularization rate": tb.regularizationRateCombo,
        "problem type": tb.taskCombo,
        "optimizer": tb.optimizerCombo,
        "optimizer settings": tb.optimizerSettings,
    }


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def assert_whole(window, name: str, control: QWidget) -> None:
    """Shown, inside the window, not cut by the scroll area around the bar, and as wide as it
    asks to be (a combo box narrower than its hint cuts its text)."""
    assert control.isVisible(), name
    inside = rect_in(control, window)
    assert window.rect().contains(inside), (name, inside, window.rect())
    scroll = window.findChild(QScrollArea, "topBarScroll")
    if scroll is not None:
        viewport = scroll.viewport()
        assert viewport.rect().contains(rect_in(control, viewport)), (name, "cut by the scroll")
    assert control.width() >= control.minimumSizeHint().width(), (name, control.size())
    caption = getattr(control.parentWidget(), "caption", None)
    if caption is not None and caption.buddy() is control:
        assert window.rect().contains(rect_in(caption, window)), (name, "caption")


def assert_no_sideways_bar(window) -> None:
    scroll = window.findChild(QScrollArea, "topBarScroll")
    if scroll is not None:
        bar = scroll.horizontalScrollBar()
        assert not bar.isVisible(), "the top bar scrolls sideways"
        assert bar.maximum() == 0, bar.maximum()
        assert scroll.widget().width() <= scroll.viewport().width()


@pytest.mark.parametrize("name", ["small", "laptop"])
def test_every_top_bar_control_shows_whole_on_a_small_screen(qtbot, window_on, name):
    window = window_on(name)
    tb = window.topBar
    assert window.width() <= window.screen().availableGeometry().width()
    assert_no_sideways_bar(window)
    for key, control in controls(tb).items():
        assert_whole(window, key, control)
    # The Speed list reads whole: its chosen entry fits the box.
    pace = tb.paceCombo
    text = pace.fontMetrics().horizontalAdvance(pace.currentText())
    assert pace.width() >= text + 20, (pace.width(), text, pace.currentText())
    # The bar sits above the rest and does not cover it.
    top = rect_in(tb, window)
    assert top.bottom() < rect_in(window.splitter, window).top()
    # Tab still goes from left to right, row after row.
    order = list(controls(tb).values())
    order = [c for c in order if c not in (tb.epochLabel, tb.speedLabel)]
    chain, w = [], tb.resetButton
    for _ in range(500):
        if w in order and w not in chain:
            chain.append(w)
        w = w.nextInFocusChain()
        if w is tb.resetButton:
            break
    assert chain == order


def test_top_bar_is_one_row_on_a_large_screen(qtbot, window_on):
    window = window_on("full-hd")
    tb = window.topBar
    assert window.width() >= 1800
    assert_no_sideways_bar(window)
    shown = controls(tb)
    for key, control in shown.items():
        assert_whole(window, key, control)
    centres = {key: rect_in(c, window).center().y() for key, c in shown.items()}
    assert max(centres.values()) - min(centres.values()) <= 20, centres
    assert tb.height() <= 80, tb.height()  # one row's height


def test_top_bar_takes_its_rows_as_the_window_is_resized(qtbot, window_on):
    """Narrower: two rows, down to the narrowest window; wider: back to one row."""
    window = window_on("full-hd")
    tb = window.topBar
    scroll = window.findChild(QScrollArea, "topBarScroll")
    one_row = tb.height()
    window.resize(1280, window.height())
    qtbot.waitUntil(lambda: tb.height() > one_row + 20)
    qtbot.wait(50)
    assert_no_sideways_bar(window)
    for key, control in controls(tb).items():
        assert_whole(window, key, control)
    assert scroll.height() >= tb.height()  # the scroll area grew with the bar: nothing cut below
    # As narrow as the rest of the window lets it be (~1000 px): two rows still need no scrolling.
    window.resize(700, window.height())
    qtbot.wait(100)
    assert window.width() < 1100, window.width()
    assert tb.minimumSizeHint().width() <= window.width()
    assert_no_sideways_bar(window)
    for key, control in controls(tb).items():
        assert_whole(window, key, control)
    window.resize(1900, window.height())
    qtbot.waitUntil(lambda: tb.height() == one_row)
    assert_no_sideways_bar(window)
