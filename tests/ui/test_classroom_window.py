"""The classroom window: compare-run titles a class can read (issue 11, item 5) and the teacher's
presentation mode and classroom setting (item 9), driven through the menus as a teacher does."""

import pytest
from conftest import geometry_on, rect_in
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu

from playground.config import default_config
from playground.ui.main_window import MainWindow

READY_MS = 120_000


def assert_inside_screen(window):
    avail = window.screen().availableGeometry()
    assert avail.contains(window.frameGeometry()), (window.frameGeometry(), avail)


# ----- item 5: compare-run titles -----


def test_optimizer_race_titles_read_whole_on_a_small_screen(qtbot, make_window):
    window = make_window(settings_name="small.ini", geometry=geometry_on("small"))
    assert window.screen().name() == "small"
    lab = window.lab
    cv = lab.compare
    for key in ("metrics", "gradients", "hidden", "lesson"):  # every panel open, as in class
        lab.showPanel(key)
    lab.lessonActions["lesson_optimizer_race"].trigger()
    qtbot.waitUntil(lambda: len(cv.titles) == 4 and cv.frame is not None, timeout=20_000)
    qtbot.waitUntil(cv.isVisible)
    qtbot.wait(200)  # the panels are sized once the layout has placed them
    assert_inside_screen(window)  # four boundaries and the lesson fit beside each other
    labels = ["Adam (lr 0.01)", "RMSprop (lr 0.01)", "Momentum (lr 0.03, 0.9)", "SGD (lr 0.03)"]
    titles = [cv.titles[run_id] for run_id in sorted(cv.titles)]
    assert [t.fullText() for t in titles] == labels
    for run_id, title in cv.titles.items():
        host, boundary, caption = cv.boundaries[run_id]
        remove = cv.removeButtons[run_id]
        # All of the name shows: the label is as tall as its wrapped lines need.
        assert title.height() >= title.heightForWidth(title.width()), title.fullText()
        assert title.width() >= 40
        t, b, x = rect_in(title, cv), rect_in(boundary, cv), rect_in(remove, cv)
        assert not t.intersects(b), (title.fullText(), "over the plot and its tick labels")
        assert not t.intersects(x), (title.fullText(), "under the × button")
        assert rect_in(host, cv).contains(t)
    ordered = sorted((rect_in(t, cv) for t in titles), key=lambda r: r.left())
    for left, right in zip(ordered, ordered[1:]):
        assert not left.intersects(right)


def test_compare_buttons_stay_put(qtbot, window):
    cv = window.lab.compare
    window.lab.showPanel("compare")
    qtbot.waitUntil(cv.isVisible)
    qtbot.wait(100)

    def place():
        return rect_in(cv.playButton, cv), rect_in(cv.addButton, cv).top()

    empty = place()
    cv.addButton.click()  # this window's network as a run
    qtbot.waitUntil(lambda: len(cv.titles) == 1, timeout=20_000)
    qtbot.wait(100)
    assert place() == empty  # runs came: the buttons did not move
    cv.playButton.click()  # Train → Pause: same width
    qtbot.waitUntil(lambda: cv.playButton.text() == cv.tr("Pause"))
    qtbot.wait(50)
    assert place() == empty
    cv.playButton.click()
    cv._onError("Compare runs: something to say")  # a message above the runs
    qtbot.wait(50)
    assert place() == empty


# ----- item 9: presentation mode and the classroom setting -----


def _window(qtbot, settings: QSettings, screen: str = "full-hd") -> MainWindow:
    settings.setValue("window/geometry", geometry_on(screen))
    window = MainWindow(settings=settings, config=default_config())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.worker.isReady, timeout=READY_MS)
    qtbot.waitUntil(lambda: window.lastSnapshot() is not None, timeout=10_000)
    return window


def test_presentation_mode_is_full_screen_larger_and_remembered(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat)
    window = _window(qtbot, settings)
    action = window.presentationAction
    assert action in window.findChild(QMenu, "viewMenu").actions()
    epoch_size = window.topBar.epochLabel.font().pointSizeF()
    caption_size = window.topBar.learningRateCombo.font().pointSizeF()
    pen = window.outputPanel.lossPlot.trainCurve.opts["pen"].widthF()
    action.trigger()
    qtbot.waitUntil(window.isFullScreen)
    assert window.topBar.epochLabel.font().pointSizeF() >= 1.3 * epoch_size
    assert window.topBar.learningRateCombo.font().pointSizeF() >= 1.3 * caption_size
    assert window.outputPanel.lossPlot.trainCurve.opts["pen"].widthF() >= 2 * max(pen, 1)
    assert window.outputPanel.boundary.trainPoints.opts["size"] > 7
    qtbot.wait(100)
    data, output = window.dataPanel, window.outputPanel
    assert data.parentWidget().width() >= data.sizeHint().width()  # the larger type fits
    assert output.parentWidget().width() >= output.minimumSizeHint().width()
    window.close()

    again = _window(qtbot, QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    qtbot.waitUntil(again.isFullScreen)  # remembered
    assert again.presentationAction.isChecked()
    again.endPresentationAction.trigger()  # Esc
    qtbot.waitUntil(lambda: not again.isFullScreen())
    assert again.topBar.epochLabel.font().pointSizeF() == pytest.approx(epoch_size)
    again.close()
    third = _window(qtbot, QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    qtbot.wait(100)
    assert not third.isFullScreen() and not third.presentationAction.isChecked()


def test_classroom_setting_hides_chosen_controls_and_remembers(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "c.ini"), QSettings.Format.IniFormat)
    window = _window(qtbot, settings)
    menu = window.classroom.classroomMenu
    actions = window.classroom.controlActions
    assert set(actions) >= {"learning_rate", "optimizer", "datasets", "layer_palette", "noise"}
    assert all(a in menu.actions() and a.isChecked() for a in actions.values())
    tb, dp = window.topBar, window.dataPanel
    assert tb.learningRateCombo.isVisible() and dp.noiseSlider.isVisible()
    actions["learning_rate"].trigger()  # unchecked: hidden for this lesson
    actions["noise"].trigger()
    actions["layer_palette"].trigger()
    assert not tb.learningRateCombo.isVisible()
    assert not dp.noiseSlider.isVisible() and not dp.noiseLabel.isVisible()
    assert not window.builder.layerPalette.isVisible()
    assert tb.activationCombo.isVisible() and dp.batchSlider.isVisible()  # the others stay
    assert "3" in menu.title()
    # Space still plays with controls hidden; the engine is unaffected.
    window.close()

    again = _window(qtbot, QSettings(str(tmp_path / "c.ini"), QSettings.Format.IniFormat))
    assert not again.topBar.learningRateCombo.isVisible()  # remembered
    assert not again.dataPanel.noiseSlider.isVisible()
    assert not again.classroom.controlActions["noise"].isChecked()
    again.classroom.showAllAction.trigger()
    assert again.topBar.learningRateCombo.isVisible() and again.dataPanel.noiseSlider.isVisible()
    assert again.builder.layerPalette.isVisible()
    assert all(a.isChecked() for a in again.classroom.controlActions.values())


# ----- item 1: the central view scales down rather than push things off screen -----


def test_network_view_draws_fewer_neurons_on_a_small_screen(qtbot, make_window):
    sixteens = {"layers": [{"units": 16, "activation": "relu"} for _ in range(3)]}
    window = make_window(sixteens, settings_name="small.ini", geometry=geometry_on("small"))
    for key in ("lesson", "metrics"):  # panels below take the view's height
        window.lab.showPanel(key)
    qtbot.wait(300)
    view = window.networkView
    assert_inside_screen(window)
    assert not view.verticalScrollBar().isVisible()  # the whole network shows, no scrolling
    drawn = [len(nodes) for nodes in view.nodes[:-1]]  # the hidden layers' boxes
    assert len(drawn) == 3 and all(n < 16 for n in drawn), drawn  # the rest as "+n more"
    xs = [view.mapFromScene(x, 0).x() for x in view.columnCentres()]
    assert xs[-1] - xs[0] >= 0.6 * view.viewport().width()  # the columns use the width
    big = make_window(sixteens, settings_name="big.ini", geometry=geometry_on("full-hd"))
    assert [len(nodes) for nodes in big.networkView.nodes[:-1]] == [16, 16, 16]
