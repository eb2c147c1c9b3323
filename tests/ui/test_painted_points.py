"""Issue 11, item 7: every painted point is visible while painting, and the note says which set it joined.

Painting is driven as a user does it: the paint button, then clicks and shift-clicks on the decision
boundary, with "Show test data" off. What is drawn is read from the plot's scatter items' data.
"""

import pytest
from PySide6.QtCore import QSettings, Qt

from playground.ui.colors import class_color
from playground.ui.main_window import MainWindow

READY_MS = 120_000
CLICKS = ((1.0, 2.0, False), (-3.0, 4.0, False), (2.5, -3.5, True), (-4.0, -1.5, True))


@pytest.fixture
def window(qtbot, tmp_path):
    """The default circle (500 generated points), shown, on throwaway settings."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, config={"data": {"name": "circle"}, "seed": 1})
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(w.worker.isReady, timeout=READY_MS)
    qtbot.waitUntil(lambda: w.userData._data is not None, timeout=10_000)
    return w


def click(qtbot, window, x, y, button=Qt.MouseButton.LeftButton, shift=False):
    tool = window.userData.paintTool
    pos = tool.dataToViewport(x, y).toPoint()
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(tool.plot.viewport(), button, modifier, pos)


def wait_for_points(qtbot, window, n):
    def done():
        snap, data = window.lastSnapshot(), window.userData._data
        return (snap is not None and snap.seq >= window.worker.lastSentSeq() and data is not None
                and len(data.x_train) + len(data.x_test) == n)
    qtbot.waitUntil(done, timeout=10_000)


def scatter_points(scatter):
    """[(x, y, hollow, outline rgb, fill rgb)] of a scatter item's points."""
    out = []
    for p in scatter.data:
        brush = p["brush"] if p["brush"] is not None else scatter.opts["brush"]
        pen = p["pen"] if p["pen"] is not None else scatter.opts["pen"]
        hollow = brush is None or brush.style() == Qt.BrushStyle.NoBrush
        out.append((float(p["x"]), float(p["y"]), hollow, pen.color().getRgb()[:3],
                    None if hollow else brush.color().getRgb()[:3]))
    return out


def near(points, x, y):
    return [p for p in points if abs(p[0] - x) < 0.01 and abs(p[1] - y) < 0.01]


def test_four_clicks_add_four_points_all_drawn_and_the_note_says_where(qtbot, window):
    boundary = window.outputPanel.boundary
    assert not window.outputPanel.showTestCheck.isChecked()
    assert not boundary.testPoints.isVisible()
    bar = window.userData.paintBar
    qtbot.mouseClick(bar.paintButton, Qt.MouseButton.LeftButton)
    assert bar.isPainting()
    assert "training set" not in bar.hint.text() and "test set" not in bar.hint.text()
    joined = []
    for x, y, shift in CLICKS:
        click(qtbot, window, x, y, shift=shift)
        row = window.userData.currentRows()[-1]
        assert abs(row[0] - x) < 0.05 and abs(row[1] - y) < 0.05
        joined.append((row[0], row[1], row[3]))
        note = bar.hint.text()
        if row[3] == "test":
            assert "added to the test set (drawn hollow)" in note
        else:
            assert "added to the training set" in note and "test set" not in note
    # A click adds one point: the 500 generated points are kept, so 500 + 4.
    wait_for_points(qtbot, window, 504)
    splits = [s for _, _, s in joined]
    assert set(splits) == {"train", "test"}  # the ratio 0.5 sends some to each set
    qtbot.wait(200)  # a few more frames from the engine: the drawing must stay

    train = scatter_points(boundary.trainPoints)
    rings = scatter_points(boundary.paintedTestPoints)
    assert boundary.paintedTestPoints.isVisible() and not boundary.testPoints.isVisible()
    assert len(rings) == splits.count("test")
    for (_, _, shift), (x, y, split) in zip(CLICKS, joined):
        label = 1 if shift else 0
        colour = tuple(class_color(label))
        if split == "train":
            (p,) = near(train, x, y)
            assert not p[2] and p[4] == colour  # filled in the class colour
            assert not near(rings, x, y)
        else:
            (p,) = near(rings, x, y)
            assert p[2] and p[3] == colour  # hollow, outlined in the class colour
            assert not near(train, x, y)


def test_rings_follow_removal_and_go_when_painting_stops(qtbot, window):
    boundary = window.outputPanel.boundary
    bar = window.userData.paintBar
    bar.paintButton.click()
    tests = []
    for i in range(6):  # enough clicks for at least two test points
        x, y = -5.0 + 2 * i, 5.0 - 0.5 * i
        click(qtbot, window, x, y)
        row = window.userData.currentRows()[-1]
        if row[3] == "test":
            tests.append((row[0], row[1]))
    wait_for_points(qtbot, window, 506)
    assert len(tests) >= 2
    assert len(scatter_points(boundary.paintedTestPoints)) == len(tests)

    # right-click removes the nearest point: its ring goes with it
    x, y = tests[0]
    click(qtbot, window, x, y, button=Qt.MouseButton.RightButton)
    wait_for_points(qtbot, window, 505)
    rings = scatter_points(boundary.paintedTestPoints)
    assert len(rings) == len(tests) - 1 and not near(rings, x, y)

    # showing the test data still shows the painted ones among all test points
    window.outputPanel.showTestCheck.setChecked(True)
    assert boundary.testPoints.isVisible()
    shown = scatter_points(boundary.testPoints)
    assert all(near(shown, *p) for p in tests[1:])
    window.outputPanel.showTestCheck.setChecked(False)

    # out of painting, test points follow "Show test data" (off) again, and the note goes
    bar.paintButton.click()
    assert not bar.isPainting()
    assert len(boundary.paintedTestPoints.data) == 0
    assert bar.hint.text() == ""
    bar.paintButton.click()
    assert "training set" not in bar.hint.text() and "test set" not in bar.hint.text()
