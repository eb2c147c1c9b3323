"""The first start (issue 13): Play pressed while the kernels compile is remembered, and training
starts the moment they are ready, without a second press."""

from PySide6.QtCore import QSettings, Qt

from playground.ui.main_window import MainWindow


def test_play_pressed_while_compiling_starts_training_when_ready(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, config={})
    qtbot.addWidget(window)
    window.show()
    top = window.topBar
    assert not window.worker.isReady()  # nothing has run on the window's thread yet
    assert top.playButton.isEnabled() and not top.stepButton.isEnabled()
    qtbot.mouseClick(top.playButton, Qt.MouseButton.LeftButton)
    assert top.playButton.isChecked()
    assert "when they are ready" in top.statusLabel.text()
    qtbot.waitUntil(window.worker.isReady, timeout=120_000)
    qtbot.waitUntil(
        lambda: window.lastSnapshot() is not None and window.lastSnapshot().epoch > 0,
        timeout=20_000,
    )
    assert top.playButton.isChecked() and top.stepButton.isEnabled()
    assert "Compiling" not in top.statusLabel.text()
    qtbot.mouseClick(top.playButton, Qt.MouseButton.LeftButton)  # and it pauses as usual
    qtbot.waitUntil(lambda: not window.lastSnapshot().playing, timeout=10_000)


def test_the_points_show_before_the_kernels_are_ready(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, config={"data": {"name": "spiral"}})
    qtbot.addWidget(window)
    order = []
    window.worker.dataPreview.connect(
        lambda data, _extent: order.append(("points", len(window.outputPanel.boundary.trainPoints.data)))
    )
    window.worker.ready.connect(lambda: order.append(("ready", None)))
    window.show()
    qtbot.waitUntil(window.worker.isReady, timeout=120_000)
    assert order[0][0] == "points" and order[-1] == ("ready", None)
    assert order[0][1] == 250  # drawn while the kernels compiled: the spiral's training half


def test_the_first_wide_network_says_its_kernels_compile(qtbot, window, settle):
    said = []
    window.worker.busy.connect(said.append)
    window.loadConfig({"layers": [{"units": 16, "activation": "relu"}] * 2})  # a tiled-kernel net
    settle(window)
    qtbot.waitUntil(lambda: "" in said, timeout=60_000)
    assert "wide layers" in said[0] and said[-1] == ""
    assert not window.topBar.busyBar.isVisible() and window.topBar.stepButton.isEnabled()
    window.loadConfig({"layers": [{"units": 32}] * 2})  # compiled now: nothing more to say
    settle(window)
    assert len(said) == 2
