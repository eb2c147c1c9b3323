"""A large network in the window (issue 13): while it trains the boundary is drawn coarser, and the
output panel says so; paused, it is drawn whole again."""

from PySide6.QtCore import Qt

ALL_FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
WIDE = {"features": ALL_FEATURES, "layers": [{"units": 256}] * 8, "batch_size": "full"}


def test_a_large_network_draws_coarser_while_training_and_says_so(qtbot, make_window):
    window = make_window(WIDE)
    op = window.outputPanel
    assert not op.coarseNote.isVisible()
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(op.coarseNote.isVisible, timeout=30_000)
    drawn = window.lastSnapshot().resolution
    assert drawn < 100 and op.boundary.image.image.shape[:2] == (drawn, drawn)
    assert f"{drawn} × {drawn}" in op.coarseNote.text() and "100 × 100" in op.coarseNote.text()
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not op.coarseNote.isVisible(), timeout=30_000)
    assert op.boundary.image.image.shape[:2] == (100, 100)
