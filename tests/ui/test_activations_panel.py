"""Lab → Activations (issue 16, part 3): each hidden layer's outputs as a live histogram, with its
saturated share; the initialization lessons open it."""

import numpy as np
from PySide6.QtCore import Qt

from playground import Experiment
from playground.presets import load_preset
from playground.session.lab_extras import activation_histograms


def test_the_saturation_lesson_shows_outputs_piled_at_plus_minus_one(qtbot, window, settle):
    lab = window.lab
    lab.lessonActions["lesson_init_saturation"].trigger()
    panel = lab.activations
    qtbot.waitUntil(panel.isVisible, timeout=10_000)
    qtbot.waitUntil(lambda: panel.frame is not None and len(panel.frame["layers"]) == 6, timeout=20_000)
    settle(window)
    exp = Experiment(load_preset("lesson_init_saturation")["config"])
    expected = activation_histograms(exp)["layers"]
    shown = [t.text() for t in panel.titles[:6]]
    for k, (title, layer) in enumerate(zip(shown, expected)):
        assert title.startswith(f"Layer {k + 1}: 8 tanh") and f"{layer['saturated']:.0%}" in title
    x, share = panel.plots[1].bars.getData()
    assert share[0] + share[-1] > 0.5  # most outputs in the two end bins, at -1 and +1
    np.testing.assert_allclose(share.sum(), 1.0)
    epoch = panel.frame["epoch"]
    qtbot.mouseClick(window.topBar.stepButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.frame["epoch"] == epoch + 1, timeout=10_000)  # live
    panel.gradientCheck.setChecked(True)
    assert "∂L/∂w" in panel.noteLabel.text()


def test_dead_relus_are_counted(qtbot):
    exp = Experiment({"layers": [{"units": 6, "activation": "relu"}], "init": "zeros"})
    layer = activation_histograms(exp)["layers"][0]
    assert layer["dead"] == 1.0  # all zero on every point: every neuron is dead
    assert layer["counts"].sum() == len(exp.dataset.x_train) * 6


def test_vanishingly_small_gradients_still_make_a_histogram_the_panel_can_draw(qtbot):
    """Gradients of 1e-311 (sub-normal floats) once gave a range pyqtgraph divided by zero over."""
    from playground.ui.activations_panel import GRADIENT_BRUSH, LayerHistogram

    exp = Experiment({"layers": [{"units": 4, "activation": "tanh"}], "seed": 3, "batch_size": "full"})
    weights = exp.get_weights()
    weights[-1]["W"][:] = 1e-310  # the first layer's gradients are this times ~0.1: sub-normal
    exp.set_weights(weights)
    exp.train(1)
    grads = np.abs(exp.last_gradients()[0]["W"])
    assert 0 < grads.max() < 1e-300
    layer = activation_histograms(exp)["layers"][0]
    edges = layer["grad_edges"]
    assert edges[-1] - edges[0] >= 1e-30 and layer["grad_counts"].sum() == grads.size
    plot = LayerHistogram()
    qtbot.addWidget(plot)
    plot.show()
    plot.showCounts(layer["grad_counts"], edges, GRADIENT_BRUSH)
    assert not plot.grab().isNull()  # painted, axis ticks and all, without an exception
