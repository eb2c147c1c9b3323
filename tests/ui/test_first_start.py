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
    settle(window, timeout=120_000)  # a cold cache (CI) compiles the wide kernels first: ~20 s on 2 cores
    qtbot.waitUntil(lambda: "" in said, timeout=60_000)
    assert "wide layers" in said[0] and said[-1] == ""
    assert not window.topBar.busyBar.isVisible() and window.topBar.stepButton.isEnabled()
    window.loadConfig({"layers": [{"units": 32}] * 2})  # compiled now: nothing more to say
    settle(window)
    assert len(said) == 2


def test_the_first_frame_shows_before_training_compiles_and_the_steps_are_counted(qtbot, tmp_path):
    """The boundary and the network's pictures come first; the status line counts the two compile
    steps, so a cold first start says where it is instead of one message for the whole wait."""
    from PySide6.QtCore import QCoreApplication

    from playground.ui.engine_thread import COMPILE_STEPS

    steps = [QCoreApplication.translate("TrainingWorker", text) for text in COMPILE_STEPS]

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, config={})
    qtbot.addWidget(window)
    order = []
    window.worker.busy.connect(lambda text: order.append(("busy", text)))
    window.worker.snapshotReady.connect(
        lambda snap: order.append(("frame", window.worker.isReady(), snap.output.size > 0))
    )
    window.worker.ready.connect(lambda: order.append(("ready",)))
    window.show()
    qtbot.waitUntil(lambda: ("ready",) in order, timeout=120_000)
    qtbot.waitUntil(lambda: window.lastSnapshot() is not None, timeout=10_000)
    busy = [entry[1] for entry in order if entry[0] == "busy"]
    assert busy[:2] == steps, busy
    first_frame = next(k for k, entry in enumerate(order) if entry[0] == "frame")
    assert order[first_frame][1:] == (False, True)  # drawn, boundary and all, before the engine was ready
    assert first_frame < order.index(("busy", steps[1])) < order.index(("ready",))
