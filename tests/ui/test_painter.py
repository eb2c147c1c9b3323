"""Frames drawn on the painter's thread while the engine trains on (issue 13): each frame's
boundary and neuron maps are those of the weights it carries, whatever training did meanwhile."""

import numpy as np
from conftest import choose
from PySide6.QtCore import Qt

from playground.session.session import Session

ALL_FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]


def test_every_frame_while_playing_draws_the_weights_it_carries(qtbot, make_window, settle):
    window = make_window({"features": ALL_FEATURES, "layers": [{"units": 24}] * 3, "batch_size": 10})
    choose(qtbot, window.topBar.paceCombo, 0)  # as fast as it goes: training goes on while a frame is drawn
    settle(window)
    frames = []
    window.worker.snapshotReady.connect(lambda snap: frames.append(snap) if snap.playing else None)
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(frames) >= 12, timeout=30_000)
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    settle(window)
    epochs = [f.epoch for f in frames]
    assert epochs == sorted(epochs) and epochs[-1] > epochs[0], f"frames in the order made: {epochs}"
    for snap in frames[-4:]:
        again = Session(snap.config)
        again.exp.set_weights(snap.weights)
        drawn = again.frame(resolution=snap.resolution, history_after=None, with_data=False)
        np.testing.assert_array_equal(snap.output, drawn.output)
        assert len(snap.neurons) == len(drawn.neurons) == 3
        for a, b in zip(snap.neurons, drawn.neurons, strict=True):
            np.testing.assert_array_equal(a, b)
