"""Play, pause, step, reset and the keyboard shortcuts drive the worker's experiment."""

from PySide6.QtCore import Qt


def epoch(window):
    return window.worker_query("epoch")


def test_play_advances_epoch_counter_and_loss_curve(qtbot, window, settle):
    assert window.topBar.playButton.isEnabled()
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.outputPanel.lossPlot.count() > 50, timeout=10_000)
    assert window.topBar.epochLabel.text().replace(",", "").lstrip("0") != ""
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    settle(window)
    assert not window.lastSnapshot().playing


def test_pause_stops_training(qtbot, window, settle):
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lastSnapshot().epoch > 20, timeout=10_000)
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    settle(window)
    stopped = epoch(window)
    qtbot.wait(300)  # give a wrongly running worker time to show itself
    assert epoch(window) == stopped
    assert window.lastSnapshot().epoch == stopped


def test_step_adds_exactly_one_epoch(qtbot, window, settle):
    assert epoch(window) == 0
    qtbot.mouseClick(window.topBar.stepButton, Qt.MouseButton.LeftButton)
    settle(window)
    assert epoch(window) == 1
    qtbot.mouseClick(window.topBar.stepButton, Qt.MouseButton.LeftButton)
    settle(window)
    assert epoch(window) == 2
    assert window.outputPanel.lossPlot.count() == 2


def test_keyboard_space_right_and_ctrl_r(qtbot, window, settle):
    window.activateWindow()
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    settle(window)
    assert epoch(window) == 1
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.lastSnapshot().epoch > 10, timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    settle(window)
    assert not window.lastSnapshot().playing
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    assert epoch(window) == 0
    assert window.outputPanel.lossPlot.count() == 0


def test_reset_button_gives_new_weights(qtbot, window, settle):
    before = window.worker_query("weights")
    qtbot.mouseClick(window.topBar.stepButton, Qt.MouseButton.LeftButton)
    settle(window)
    qtbot.mouseClick(window.topBar.resetButton, Qt.MouseButton.LeftButton)
    settle(window)
    after = window.worker_query("weights")
    assert epoch(window) == 0
    assert (before[0]["W"] != after[0]["W"]).any()
