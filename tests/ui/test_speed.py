"""The top bar's Speed (issue 11, item 2): training a class can watch, up to as fast as it goes.

Every test drives the widgets (keys on the Speed list, the play button, Space) and counts epochs
per frame, never wall-clock time: a frame comes at most every SNAPSHOT_INTERVAL, so N frames take
at least N x 30 ms.
"""

import itertools

from conftest import choose
from PySide6.QtCore import Qt

from playground.ui.engine_thread import SNAPSHOT_INTERVAL
from playground.ui.loss_plot import MIN_X_RANGE
from playground.ui.top_bar import DEFAULT_PACE

SOLVED_LOSS = 0.05  # the default circle counts as solved below this test loss


class Frames:
    """The frames the window gets while playing: (epoch, newest test loss, new history rows)."""

    def __init__(self, window) -> None:
        self.rows: list[tuple[int, float | None, int]] = []
        window.worker.snapshotReady.connect(self._on)

    def _on(self, snap) -> None:
        if snap.playing:
            test = snap.history.get("test_loss", ())
            self.rows.append((snap.epoch, float(test[-1]) if len(test) else None,
                              len(snap.history.get("epoch", ()))))

    def epochs(self) -> list[int]:
        return [e for e, _loss, _n in self.rows]

    def steps(self, start: int = 0) -> list[int]:
        """Epochs each frame added over the one before (the first over `start`)."""
        epochs = [start, *self.epochs()]
        return [b - a for a, b in itertools.pairwise(epochs)]


def play(qtbot, window) -> None:
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)


def pause(qtbot, window, settle) -> None:
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    settle(window)
    assert not window.lastSnapshot().playing


def test_one_epoch_per_frame_shows_every_epoch(qtbot, window, settle):
    choose(qtbot, window.topBar.paceCombo, 2)  # away and back: the choice is what is sent
    choose(qtbot, window.topBar.paceCombo, 1)
    assert window.topBar.paceCombo.currentText().startswith("1 epoch")
    settle(window)
    frames = Frames(window)
    play(qtbot, window)
    qtbot.waitUntil(lambda: len(frames.rows) >= 40, timeout=20_000)
    shown = window.topBar.speedLabel.text()
    pause(qtbot, window, settle)
    steps = frames.steps()
    assert max(steps) <= 1, f"a frame skipped epochs: {steps}"
    assert sum(steps) >= len(steps) - 2, "each frame shows the next epoch"
    assert all(n <= 1 for _e, _l, n in frames.rows), "one new loss row per frame"
    epoch = window.lastSnapshot().epoch
    assert 0 < epoch <= len(frames.rows)
    # The real rate is shown: at most one epoch per frame interval (~33 epochs/s), not thousands.
    assert shown != "–" and 0 < float(shown.replace(",", "")) < 1.5 / SNAPSHOT_INTERVAL, shown
    assert "pace" not in window.worker_query("config"), "the speed is not in the experiment's config"


def test_as_fast_as_it_goes_runs_many_epochs_a_frame(qtbot, window, settle):
    choose(qtbot, window.topBar.paceCombo, 0)
    settle(window)
    frames = Frames(window)
    play(qtbot, window)
    qtbot.waitUntil(lambda: len(frames.rows) >= 20, timeout=20_000)
    shown = window.topBar.speedLabel.text()
    pause(qtbot, window, settle)
    # The default net trains thousands of epochs a second (hundreds even on a busy machine): far
    # more a frame than the 1-epoch pace, and more than a 10-epoch one.
    steps = frames.steps()
    assert max(steps) > 10 and sum(steps) > 10 * len(steps), steps
    assert float(shown.replace(",", "")) > 10 / SNAPSHOT_INTERVAL, shown


def test_the_speed_is_remembered_by_a_new_window(qtbot, make_window, settle):
    first = make_window(settings_name="speed.ini")
    assert first.topBar.paceCombo.currentData() == DEFAULT_PACE
    choose(qtbot, first.topBar.paceCombo, 10)
    settle(first)
    first.close()
    second = make_window(settings_name="speed.ini")
    assert second.topBar.paceCombo.currentData() == 10
    frames = Frames(second)
    play(qtbot, second)
    qtbot.waitUntil(lambda: len(frames.rows) >= 15, timeout=20_000)
    pause(qtbot, second, settle)
    steps = frames.steps()
    assert max(steps) <= 10 and max(steps) > 1, f"the engine trains at the remembered pace: {steps}"


def test_the_default_pace_takes_the_default_circle_seconds_to_solve(qtbot, window, settle):
    assert window.topBar.paceCombo.currentData() == DEFAULT_PACE
    assert DEFAULT_PACE is not None and 1 <= DEFAULT_PACE <= 2, "a pace a class can watch"
    frames = Frames(window)
    window.activateWindow()
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Space)

    def solved() -> bool:
        return any(loss is not None and loss < SOLVED_LOSS for _e, loss, _n in frames.rows)

    qtbot.waitUntil(solved, timeout=60_000)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    settle(window)
    n = next(i for i, (_e, loss, _n) in enumerate(frames.rows, 1) if loss is not None and loss < SOLVED_LOSS)
    epochs = frames.epochs()
    assert epochs[n - 1] <= n * DEFAULT_PACE, "no frame trains more than the pace"
    # Frames come at most every SNAPSHOT_INTERVAL: n frames take at least n x 30 ms.
    assert n * SNAPSHOT_INTERVAL > 2.0, f"solved after {n} frames: under 2 s to watch"
    assert n * SNAPSHOT_INTERVAL < 12.0, f"solved after {n} frames: too slow a default"


def test_the_loss_plot_x_axis_grows_with_the_run(qtbot, window, settle):
    plot = window.outputPanel.lossPlot
    for _ in range(5):
        qtbot.mouseClick(window.topBar.stepButton, Qt.MouseButton.LeftButton)
    settle(window)
    qtbot.waitUntil(lambda: plot.count() == 5, timeout=5_000)
    plot._redraw()
    (_x0, x1), _y = plot.getPlotItem().vb.viewRange()
    assert MIN_X_RANGE <= x1 < 2 * MIN_X_RANGE, "an early curve gets a short axis, not a wide one"
    choose(qtbot, window.topBar.paceCombo, 10)
    frames = Frames(window)
    play(qtbot, window)
    qtbot.waitUntil(lambda: window.lastSnapshot().epoch >= 300, timeout=30_000)
    pause(qtbot, window, settle)
    epoch = window.lastSnapshot().epoch
    qtbot.waitUntil(lambda: plot.count() == epoch, timeout=5_000)
    plot._redraw()
    (_x0, x1), _y = plot.getPlotItem().vb.viewRange()
    assert epoch * 1.1 < x1 < 2 * epoch, f"the axis follows the run: epoch {epoch}, axis to {x1:.0f}"
    assert max(frames.steps(5)) <= 10


def test_frames_come_slower_when_the_window_is_slow_to_draw_them(qtbot):
    """A window that needs 60 ms of its thread per frame (every lab panel open on a slow laptop)
    gets a frame every ~90 ms, not back to back: it has time left for the user's clicks."""
    from playground.ui.engine_thread import WINDOW_SHARE, _Engine

    engine = _Engine(None, 50, None)
    assert engine.frame_interval() == SNAPSHOT_INTERVAL  # a fast window: the usual pace
    for _ in range(30):
        engine.note_window_cost(0.060)
    assert abs(engine.frame_interval() - WINDOW_SHARE * 0.060) < 0.002
    for _ in range(30):
        engine.note_window_cost(30.0)  # a dialog held the window for half a minute: capped
    assert engine.frame_interval() <= WINDOW_SHARE * 0.25 + 1e-9
    for _ in range(30):
        engine.note_window_cost(0.002)
    assert engine.frame_interval() == SNAPSHOT_INTERVAL  # and back to the usual pace
