"""Lab → Optimizer landscape (issue 16, part 1): two optimizers race across a surface step by step,
the table counts their steps to the minimum, and dragging the start point races again from there."""

import numpy as np
from PySide6.QtCore import QPointF, Qt

from playground.landscape import race, surface


def open_landscape(qtbot, window):
    lab = window.lab
    action = lab.docks["landscape"].toggleViewAction()
    assert action in lab.labMenu.actions()
    action.trigger()
    panel = lab.landscape
    qtbot.waitUntil(panel.isVisible)
    return panel


def test_two_optimizers_race_and_draw_their_paths(qtbot, window):
    panel = open_landscape(qtbot, window)
    panel.surfaceCombo.setCurrentIndex(panel.surfaceCombo.findData("bowl"))
    for name, check in panel.checks.items():
        check.setChecked(name in ("sgd", "momentum"))
    qtbot.waitUntil(lambda: set(panel.paths) == {"sgd", "momentum"}, timeout=10_000)
    qtbot.waitUntil(lambda: panel.image.image is not None, timeout=10_000)  # the surface drawn
    for _ in range(10):
        qtbot.mouseClick(panel.stepButton, Qt.MouseButton.LeftButton)
    s = surface("bowl")
    expected = race(
        s, [{"name": "sgd", "lr": 0.03}, {"name": "momentum", "lr": 0.03}], s.start, 500
    )
    for name, path in zip(("sgd", "momentum"), expected):
        x, y = panel.curves[name].getData()
        assert len(x) == 11  # the start and ten steps
        np.testing.assert_allclose(np.column_stack([x, y]), path[:11])
    assert panel.curves["adam"].getData()[0] is None or len(panel.curves["adam"].getData()[0]) == 0
    sgd_steps, momentum_steps = (
        int(panel.reached[n].text().replace(",", "")) for n in ("sgd", "momentum")
    )
    assert momentum_steps < sgd_steps  # momentum crosses the flat direction sooner
    panel.speedCombo.setCurrentIndex(panel.speedCombo.count() - 1)
    qtbot.mouseClick(panel.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.playButton.isChecked(), timeout=20_000)  # played to the end
    assert len(panel.curves["sgd"].getData()[0]) == 501


def test_dragging_the_start_point_races_again_from_there(qtbot, window):
    panel = open_landscape(qtbot, window)
    qtbot.waitUntil(lambda: bool(panel.paths), timeout=10_000)
    panel.advance(5)
    before = {n: p.copy() for n, p in panel.paths.items()}
    panel.start.setPos(QPointF(2.0, -1.0))  # what a drag ends with
    panel.start.sigPositionChangeFinished.emit(panel.start)
    qtbot.waitUntil(
        lambda: all(np.allclose(p[0], (2.0, -1.0)) for p in panel.paths.values()), timeout=10_000
    )
    assert panel.step == 0 and set(panel.paths) == set(before)
    x, _y = panel.curves["sgd"].getData()
    assert len(x) == 1  # drawn from the start again


def test_a_junk_learning_rate_falls_back_to_one_that_works(qtbot, window):
    panel = open_landscape(qtbot, window)
    qtbot.waitUntil(lambda: bool(panel.paths), timeout=10_000)
    edit = panel.rates["sgd"]
    edit.setText("")  # cleared, as a student might
    edit.editingFinished.emit()
    qtbot.waitUntil(lambda: edit.text() == "0.03", timeout=5_000)
    assert np.all(np.isfinite(panel.paths["sgd"][:2]))


def test_a_landscape_lesson_sets_up_its_race(qtbot, window):
    lab = window.lab
    lab.lessonActions["lesson_landscape_saddle"].trigger()  # Lessons menu
    panel = lab.landscape
    qtbot.waitUntil(panel.isVisible, timeout=10_000)
    assert panel.surfaceName() == "saddle"
    qtbot.waitUntil(lambda: set(panel.paths) == {"sgd", "rmsprop", "adam"}, timeout=10_000)
    assert panel.rates["rmsprop"].text() == "0.01" and panel.stepsSpin.value() == 200
    assert np.allclose(panel.paths["sgd"][0], (1.8, 0.01))


def test_your_network_as_a_surface(qtbot, window, settle):
    window.stepAction.trigger()
    settle(window)
    panel = open_landscape(qtbot, window)
    panel.surfaceCombo.setCurrentIndex(panel.surfaceCombo.findData("network"))
    qtbot.waitUntil(lambda: panel.gridSurface == "network", timeout=20_000)
    qtbot.waitUntil(
        lambda: bool(panel.paths) and np.allclose(next(iter(panel.paths.values()))[0], (0.6, 0.6)),
        timeout=20_000,
    )
    panel.advance(50)
    x, _y = panel.curves["sgd"].getData()
    assert len(x) == 51
    assert window.worker_query("epoch") == 1  # the window's own network did not move
