"""A large network in the window (issue 13): while it trains the boundary is drawn coarser, and the
output panel says so; paused, it is drawn whole again."""

from conftest import choose
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


def test_a_big_network_shows_every_neuron_of_the_last_step_once_paused(qtbot, make_window, settle):
    """While it plays, 8 x 32 thumbnails are refreshed in turns (the GUI thread keeps up with the
    boundary); the first frame drawn paused shows every neuron of the paused network, none a few
    frames old."""
    from playground.ui.images import heatmap_qimages, thumbnail_step
    from playground.ui.network_view import NEURONS_PER_FRAME

    window = make_window({"features": ALL_FEATURES, "layers": [{"units": 32}] * 8, "batch_size": "full"})
    view = window.networkView
    assert sum(len(nodes) for nodes in view.nodes[:-1]) > NEURONS_PER_FRAME
    stale: list[list[tuple[int, int]]] = []

    def first_paused_frame(snap) -> None:
        if snap.playing or stale or snap.epoch <= start:
            return
        wrong = []
        for p, grid in enumerate(snap.neurons):
            step = thumbnail_step(grid.shape[0])
            want = heatmap_qimages(grid.transpose(2, 0, 1)[:, ::step, ::step])
            assert len(want) == len(view.nodes[p]) == 32
            wrong += [(p, j) for j, (node, image) in enumerate(zip(view.nodes[p], want)) if node.image() != image]
        stale.append(wrong)

    choose(qtbot, window.topBar.paceCombo, 0)  # as fast as it goes: frames far enough apart to differ
    start = window.lastSnapshot().epoch
    window.host.frameDrawn.connect(first_paused_frame)
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.framesRendered > 20 and window.lastSnapshot().epoch > start + 100, timeout=60_000)
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    settle(window)
    qtbot.waitUntil(lambda: bool(stale), timeout=10_000)
    assert stale == [[]]
