"""Lab → Backprop step by step (issue 15): a point clicked on the output plot is walked forward and
backward on the network view with the engine's numbers, the formula panel fills in the same numbers,
and *Apply this update* moves the weights by exactly −lr·grad."""

import numpy as np
from PySide6.QtCore import Qt

from playground.presets import load_preset
from playground.ui.backprop_panel import ROOMY_PIXELS, fmt, param_layers, walk_steps
from playground.ui.host import PlotId

LESSON = "lesson_backprop_xor"


def open_lesson(qtbot, window):
    """Load the lesson from the Lesson panel: it opens the backprop panel on a 2-2-1 XOR network."""
    lab = window.lab
    lab.showPanel("lesson")
    lab.lessons.select(LESSON)
    qtbot.mouseClick(lab.lessons.loadButton, Qt.MouseButton.LeftButton)
    panel = lab.backprop
    qtbot.waitUntil(panel.isVisible, timeout=10_000)
    return panel


def click_data_point(qtbot, window, panel, k):
    """Click training point k on the output plot and wait for its trace."""
    data = panel.dataPoints()
    x, y = data.x_train[k]
    plot = window.lab.host.plot(PlotId.BOUNDARY)
    pos = panel.toViewport(float(x), float(y)).toPoint()
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(
        lambda: panel.trace is not None and np.allclose(panel.trace["point"], (x, y)),
        timeout=10_000,
    )
    return (float(x), float(y)), float(data.y_train[k])


def click_item(qtbot, view, item):
    centre = item.mapToScene(item.boundingRect().center())
    view.ensureVisible(centre.x(), centre.y(), 1, 1)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(centre))


def test_the_lesson_opens_the_panel_on_a_2_2_1_xor_network(qtbot, make_window, settle):
    window = make_window()
    panel = open_lesson(qtbot, window)
    settle(window)
    cfg = window.lastSnapshot().config
    assert cfg["data"]["name"] == "xor" and [layer["units"] for layer in cfg["layers"]] == [2]
    assert load_preset(LESSON)["config"]["layers"] == cfg["layers"]
    qtbot.waitUntil(
        lambda: panel.trace is not None, timeout=10_000
    )  # a first point is walked at once
    assert panel.stepLabel.text().startswith("Input")
    assert window.lab.docks["lesson"].isVisible()


def test_forward_then_backward_shows_the_engine_numbers_on_the_right_neurons(
    qtbot, make_window, settle
):
    window = make_window()
    panel = open_lesson(qtbot, window)
    settle(window)
    qtbot.waitUntil(lambda: panel.dataPoints() is not None, timeout=10_000)
    point, label = click_data_point(qtbot, window, panel, 3)
    trace = window.worker_query("backprop_trace", (point, label))
    hidden, out = param_layers(trace)
    overlay = panel.overlay
    assert overlay.nodePixels() >= ROOMY_PIXELS  # boxes big enough to carry every number
    assert panel.steps == walk_steps(2) and panel.index == 0
    panel.setFocus()
    qtbot.keyClick(panel, Qt.Key.Key_Right)  # layer 2 forward
    assert "Layer 2, forward" in panel.stepLabel.text()
    for j in range(2):
        assert overlay.labels[(0, j)].lines == [
            f"z {fmt(hidden['z'][j])}",
            f"a {fmt(hidden['a'][j])}",
        ]
    assert (1, 0) not in overlay.labels  # the output is not computed yet
    qtbot.keyClick(panel, Qt.Key.Key_Right)  # output forward
    assert overlay.labels[(1, 0)].lines == [f"s {fmt(out['a'][0])}", f"p {fmt(trace['output'][0])}"]
    qtbot.keyClick(panel, Qt.Key.Key_Right)  # loss
    assert fmt(trace["loss"]) in panel.stepLabel.text()
    qtbot.keyClick(panel, Qt.Key.Key_Right)  # output backward
    assert overlay.labels[(1, 0)].lines == [f"δ {fmt(out['delta'][0])}"]
    assert (
        overlay.labels[(0, 0)].lines[0].startswith("z ")
    )  # the hidden layer still shows its forward
    qtbot.mouseClick(panel.nextButton, Qt.MouseButton.LeftButton)  # hidden backward
    assert "Layer 2, backward: δ₂ = (W₃ δ₃) ⊙ f′(z₂)" in panel.stepLabel.text()
    for j in range(2):
        assert overlay.labels[(0, j)].lines == [f"δ {fmt(hidden['delta'][j])}"]
    # links into the output show their gradients
    texts = {key: lab.lines[0] for key, lab in overlay.linkLabels.items()}
    for j in range(2):
        assert texts[(1, j, 0)] == fmt(out["grad_W"][j, 0])
    qtbot.keyClick(panel, Qt.Key.Key_Left)
    assert overlay.labels[(0, 0)].lines[0].startswith("z ")  # back to the output's backward step


def test_the_formula_panel_fills_in_the_trace_numbers(qtbot, make_window, settle):
    window = make_window()
    panel = open_lesson(qtbot, window)
    settle(window)
    qtbot.waitUntil(lambda: panel.dataPoints() is not None, timeout=10_000)
    point, label = click_data_point(qtbot, window, panel, 5)
    trace = window.worker_query("backprop_trace", (point, label))
    hidden, out = param_layers(trace)
    panel.goTo(panel.steps.index(walk_steps(2)[5]))  # hidden layer backward
    click_item(qtbot, window.networkView, panel.overlay.labels[(0, 1)])
    text = panel.formulaLabel.text()
    assert text.startswith("δ₂,₂ = f′(z₂,₂) · Σₖ w₂ₖ δ₃ₖ")
    for value in (
        hidden["fprime"][1],
        out["W"][1, 0],
        out["delta"][0],
        hidden["grad_a"][1],
        hidden["delta"][1],
    ):
        assert fmt(value).lstrip("-") in text
    assert text.endswith(f"= {fmt(hidden['delta'][1])}")
    click_item(qtbot, window.networkView, panel.overlay.linkLabels[(0, 1, 0)])  # x2 -> hidden 1
    text = panel.formulaLabel.text()
    assert text.startswith("∂L/∂w₂,₁ = a₁,₂ · δ₂,₁")
    assert fmt(trace["features"]["values"][1]).lstrip("-") in text
    assert text.endswith(f"= {fmt(hidden['grad_W'][1, 0])}")
    panel.goTo(len(panel.steps) - 1)  # the update: the same link's old and new weight
    text = panel.formulaLabel.text()
    assert f"= {fmt(hidden['W'][1, 0])} − {fmt(trace['lr'])}·" in text
    assert text.endswith(f"= {fmt(hidden['new_W'][1, 0])}")


def test_apply_moves_the_weights_by_exactly_minus_lr_grad(qtbot, make_window, settle):
    window = make_window()
    panel = open_lesson(qtbot, window)
    settle(window)
    qtbot.waitUntil(lambda: panel.dataPoints() is not None, timeout=10_000)
    point, label = click_data_point(qtbot, window, panel, 0)
    trace = window.worker_query("backprop_trace", (point, label))
    before = window.worker_query("weights")
    epoch = window.lastSnapshot().epoch
    panel.goTo(len(panel.steps) - 1)
    assert "w ← w − η ∂L/∂w with η = 0.1" in panel.stepLabel.text()
    with qtbot.waitSignal(panel.traceShown, timeout=10_000):
        qtbot.mouseClick(panel.applyButton, Qt.MouseButton.LeftButton)
    settle(window)
    after = window.worker_query("weights")
    lr = trace["lr"]
    for layer, w0, w1 in zip(param_layers(trace), before, after):
        np.testing.assert_array_equal(w1["W"], w0["W"] - lr * layer["grad_W"])
        np.testing.assert_array_equal(w1["b"], w0["b"] - lr * layer["grad_b"])
    snap = window.lastSnapshot()
    assert snap.epoch == epoch + 1
    assert window.outputPanel.lossPlot is not None and snap.history["epoch"][-1] == epoch + 1
    assert panel.index == 0 and "Applied one step" in panel.detailLabel.text()
    assert panel.trace["loss"] < trace["loss"]  # one step downhill on that point
    assert not snap.playing


def test_stepping_pauses_training(qtbot, make_window, settle):
    window = make_window()
    panel = open_lesson(qtbot, window)
    settle(window)
    qtbot.waitUntil(lambda: panel.trace is not None, timeout=10_000)
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lastSnapshot().playing, timeout=10_000)
    panel.forward()
    qtbot.waitUntil(lambda: not window.lastSnapshot().playing, timeout=10_000)
    assert not window.topBar.playButton.isChecked()


def test_every_neuron_and_link_of_a_maxout_softmax_network_has_its_formula(
    qtbot, make_window, settle
):
    window = make_window(
        {
            "seed": 1,
            "data": {"name": "spiral", "classes": 3},
            "layers": [
                {"type": "maxout", "units": 2, "pieces": 2},
                {"type": "dense", "units": 2, "activation": "relu"},
            ],
            "optimizer": {"name": "adam", "lr": 0.01},
        }
    )
    window.lab.showPanel("backprop")
    panel = window.lab.backprop
    qtbot.waitUntil(lambda: panel.trace is not None, timeout=10_000)
    trace = window.worker_query("backprop_trace", (panel.point, panel.label))
    layers = param_layers(trace)
    assert [len(layer["a"]) for layer in layers] == [2, 2, 3]
    qtbot.mouseClick(panel.nextButton, Qt.MouseButton.LeftButton)  # the maxout layer forward
    assert "largest" in panel.stepLabel.text()
    panel.selectNeuron(2, 0)
    assert panel.formulaLabel.text().startswith("Not computed yet")
    for k in range(len(panel.steps)):
        panel.goTo(k)
        for p, layer in enumerate(layers):
            for j in range(len(layer["a"])):
                panel.selectNeuron(p, j)
                assert panel.formulaLabel.text(), (k, p, j)
                for i in range(layer["W"].shape[0]):
                    panel.selectLink(p, i, j)
                    assert panel.formulaLabel.text(), (k, p, i, j)
    # the update of a stateful optimizer: its step, not −lr·grad
    panel.selectLink(2, 1, 2)
    text = panel.formulaLabel.text()
    assert "(adam)" in text and text.split("   ")[0].endswith(fmt(layers[2]["new_W"][1, 2]))
    assert "Update: each weight takes the adam step" in panel.stepLabel.text()
    panel.goTo(panel.steps.index(walk_steps(3)[5]))  # output backward
    panel.selectNeuron(2, int(trace["label"]))
    text = panel.formulaLabel.text()
    assert f"− 1 = {fmt(layers[2]['delta'][int(trace['label'])])}" in text


def test_with_the_digits_the_walk_follows_a_training_digit(qtbot, make_window, settle):
    """A point of the plane has no place in a network of 64 pixels: once the digits are picked, the panel
    walks the test digit image mode shows (its 64 pixels and its class) to the ten outputs, the arrows
    beside it pick the next, Apply takes that step, and back on the plane it walks a point again."""
    window = make_window()
    window.lab.showPanel("backprop")
    panel = window.lab.backprop
    qtbot.waitUntil(lambda: panel.trace is not None, timeout=10_000)
    qtbot.mouseClick(window.dataPanel.buttons["digits"], Qt.MouseButton.LeftButton)
    settle(window, timeout=60_000)
    qtbot.waitUntil(lambda: panel.trace is not None and len(panel.trace["point"]) == 64, timeout=60_000)
    data = panel.dataPoints()
    digits = window.imageMode
    qtbot.waitUntil(lambda: np.array_equal(panel.trace["point"], data.x_test[digits.index]), timeout=10_000)
    assert panel.trace["label"] == data.y_test[digits.index]
    assert panel.pointLabel.text().startswith(f"Test digit {digits.index + 1}, a {int(data.y_test[digits.index])}")
    qtbot.mouseClick(digits.panel.nextButton, Qt.MouseButton.LeftButton)  # the arrow beside the digit
    qtbot.waitUntil(lambda: np.array_equal(panel.trace["point"], data.x_test[1]), timeout=10_000)
    layers = param_layers(panel.trace)
    assert len(layers[0]["W"]) == 64 and len(layers[-1]["a"]) == 10
    assert panel.stepLabel.text().startswith("Input") and not panel.marker.isVisible()
    panel.goTo(len(panel.steps) - 1)
    trace, before = panel.trace, window.worker_query("weights")
    with qtbot.waitSignal(panel.traceShown, timeout=10_000):
        qtbot.mouseClick(panel.applyButton, Qt.MouseButton.LeftButton)
    settle(window)
    after = window.worker_query("weights")
    np.testing.assert_array_equal(after[0]["W"], before[0]["W"] - trace["lr"] * layers[0]["grad_W"])
    assert "Applied one step" in panel.detailLabel.text()

    qtbot.mouseClick(window.dataPanel.buttons["xor"], Qt.MouseButton.LeftButton)
    settle(window, timeout=60_000)
    qtbot.waitUntil(lambda: panel.trace is not None and len(panel.trace["point"]) == 2, timeout=60_000)
    assert "cannot be followed" not in panel.stepLabel.text() and panel.marker.isVisible()
