"""Divergence pauses and rolls back, closing mid-training is clean, and the boundary shows both classes."""

import numpy as np
from PySide6.QtCore import Qt

DIVERGING = {
    "layers": [{"units": 4, "activation": "linear"}, {"units": 4, "activation": "linear"}],
    "optimizer": {"name": "sgd", "lr": 100.0},
}


def finite(weights):
    return all(np.isfinite(v).all() for layer in weights for v in layer.values())


def test_divergence_pauses_and_rolls_back(qtbot, make_window, settle):
    window = make_window(DIVERGING)
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.banner.isVisible() and window.banner.kind() == "warning", timeout=20_000
    )
    assert "learning rate" in window.banner.label.text()
    qtbot.waitUntil(lambda: not window.lastSnapshot().playing, timeout=10_000)
    assert not window.topBar.playButton.isChecked()
    assert not finite(window.worker_query("weights"))
    qtbot.mouseClick(window.banner.actionButton, Qt.MouseButton.LeftButton)
    settle(window)
    assert finite(window.worker_query("weights"))
    assert not window.banner.isVisible()
    history = window.worker_query("history")
    assert np.isfinite(history["train_loss"]).all()
    assert window.lastSnapshot().epoch == (history["epoch"][-1] if history["epoch"] else 0)


def test_closing_while_training_stops_the_thread(qtbot, window):
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lastSnapshot().epoch > 50, timeout=10_000)
    thread = window.worker._thread
    assert thread.isRunning()
    window.close()
    assert thread.isFinished()
    assert not window.worker.isRunning()


def test_boundary_shows_both_class_colours_after_training(qtbot, window, settle):
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (window.lastSnapshot().evaluation.get("train_accuracy") or 0) > 0.95, timeout=60_000
    )
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    settle(window)
    image = window.outputPanel.boundary.grab().toImage()
    w, h = image.width(), image.height()
    orange = blue = 0
    for y in range(0, h, 4):
        for x in range(0, w, 4):
            c = image.pixelColor(x, y)
            r, b = c.red(), c.blue()
            if r - b > 80:
                orange += 1
            elif b - r > 80:
                blue += 1
    assert orange > 200 and blue > 200, (orange, blue)


def test_multiclass_and_regression_draw(qtbot, make_window):
    window = make_window({"data": {"name": "blobs", "classes": 4}})
    snap = window.lastSnapshot()
    assert snap.output.shape == (100, 100, 4)
    assert window.outputPanel.legend._mode == "classes"
    window = make_window({"task": "regression", "data": {"name": "multi_gauss"}, "loss": "mse"})
    snap = window.lastSnapshot()
    assert snap.output.shape == (100, 100)
    assert window.outputPanel.legend._mode == "gradient"


def test_resolution_choice_reaches_the_worker(qtbot, window, settle):
    combo = window.outputPanel.resolutionCombo
    combo.setCurrentIndex(combo.findData(256))
    settle(window)
    assert window.lastSnapshot().output.shape == (256, 256)
