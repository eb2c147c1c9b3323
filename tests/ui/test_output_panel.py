"""The output panel's toggles and the loss curve's hover read-out."""

import numpy as np
from conftest import move_mouse
from PySide6.QtCore import QPoint, Qt


def test_loss_hover_log_scale_and_view_toggles(qtbot, window, settle):
    for _ in range(20):
        qtbot.mouseClick(window.topBar.stepButton, Qt.MouseButton.LeftButton)
    settle(window)
    op = window.outputPanel
    plot = op.lossPlot
    qtbot.waitUntil(lambda: plot.count() == 20, timeout=5_000)
    vb = plot.getPlotItem().vb
    scene_pos = vb.mapViewToScene(vb.viewRect().center())
    move_mouse(plot.viewport(), plot.mapFromScene(scene_pos))
    qtbot.waitUntil(lambda: op.hoverLabel.text().startswith("Epoch"), timeout=5_000)
    assert "training loss" in op.hoverLabel.text() and "test loss" in op.hoverLabel.text()

    qtbot.mouseClick(op.logCheck, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert plot.getPlotItem().ctrl.logYCheck.isChecked()

    qtbot.mouseClick(op.showTestCheck, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert op.boundary.testPoints.isVisible()
    qtbot.mouseClick(op.discretizeCheck, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    image = op.boundary.image.image
    assert set(np.unique(image)) <= {0.0, 1.0}
    assert window.store.flag("view/discretize") and window.store.flag("view/showTest")


def test_loss_curve_stays_cheap_for_a_long_run(qtbot, window):
    plot = window.outputPanel.lossPlot
    n = 100_000
    epochs = np.arange(1, n + 1, dtype=float)
    plot.append(epochs, np.exp(-epochs / 1e4), np.exp(-epochs / 1e4) * 1.1)
    plot._redraw()
    shown = plot.trainCurve.curve.getData()[0]
    assert plot.count() == n
    assert len(shown) < 5_000  # peak decimation: about two points per pixel column
