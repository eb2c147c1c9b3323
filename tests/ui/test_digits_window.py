"""Image mode, driven as a student would: pick the digits, draw on the pad, click a misclassified digit."""

import numpy as np
from conftest import move_mouse
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from playground import Experiment
from playground.digits import reduce_strokes

DIGITS = {
    "data": {"name": "digits"},
    "layers": [{"type": "dense", "units": 6, "activation": "relu"}],
    "optimizer": {"name": "adam", "lr": 0.01},
    "batch_size": 32,
}
IMAGE_MS = 20_000  # the first digits network compiles the wide kernels once


def draw(qtbot, pad, points) -> None:
    """One stroke through points given in pad units (0..1), with the mouse."""
    side = min(pad.width(), pad.height())
    at = [QPoint(round(x * side), round(y * side)) for x, y in points]
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=at[0])
    for p in at[1:]:
        move_mouse(pad, p, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=at[-1])


def shown_probabilities(window):
    p = window.imageMode.panel.bars.probabilities
    return None if p is None else p.copy()


def test_picking_the_digits_changes_the_input_column_and_the_first_layer(qtbot, window, settle):
    view = window.networkView
    assert set(view.features) >= {"x1", "x2"} and view.inputImage is None
    first = view.nodes[0][0].image()
    assert first is not None and first.width() > 8, "a neuron's output over the plane"
    assert window.outputPanel.boundary.isVisible() and not window.imageMode.panel.isVisible()

    qtbot.mouseClick(window.dataPanel.buttons["digits"], Qt.MouseButton.LeftButton)
    settle(window, timeout=IMAGE_MS)
    cfg = window.worker_experiment_config()
    assert cfg["data"]["name"] == "digits" and "features" not in cfg
    view = window.networkView
    qtbot.waitUntil(
        lambda: view.inputImage is not None and view.inputImage.image() is not None,
        timeout=IMAGE_MS,
    )
    assert view.features == {}, "one input image instead of feature nodes"
    image = view.inputImage.image()
    assert (image.width(), image.height()) == (8, 8)
    assert len(view.nodes[-1]) == 10, "ten outputs, the digits 0-9"
    # each first-layer neuron shows its 64 weights as an 8×8 image, row-major: pixel (r, c) is W[8r + c]
    w = window.worker_query("weights")[0]["W"]
    for j, node in enumerate(view.nodes[0][:4]):
        img = node.image()
        assert (img.width(), img.height()) == (8, 8)
        for k in np.argsort(-np.abs(w[:, j]))[:6]:  # the strongest weights: clearly blue or orange
            c = QColor(img.pixel(int(k) % 8, int(k) // 8))
            assert (c.blue() > c.red()) == (w[k, j] > 0), (j, k)
    assert not window.outputPanel.boundary.isVisible() and window.imageMode.panel.isVisible()
    assert not window.userData.box.isVisible(), "painting points and CSV files do not apply"

    qtbot.mouseClick(window.dataPanel.buttons["circle"], Qt.MouseButton.LeftButton)
    settle(window)
    assert window.worker_experiment_config()["features"] == ["x1", "x2"]
    qtbot.waitUntil(
        lambda: window.networkView.inputImage is None and "x1" in window.networkView.features
    )
    assert window.outputPanel.boundary.isVisible() and not window.imageMode.panel.isVisible()


def test_drawing_on_the_pad_changes_the_probabilities(qtbot, make_window, settle):
    window = make_window(DIGITS)
    window.step()
    settle(window, timeout=IMAGE_MS)
    panel = window.imageMode.panel
    qtbot.waitUntil(lambda: shown_probabilities(window) is not None, timeout=IMAGE_MS)
    test_digit = shown_probabilities(window)
    assert "Test digit 1 of 898" in panel.caption.text()

    draw(qtbot, panel.pad, [(0.5, 0.1), (0.5, 0.9)])  # a 1
    qtbot.waitUntil(lambda: "Your drawing" in panel.caption.text(), timeout=5000)
    one = shown_probabilities(window)
    assert one is not None and not np.allclose(one, test_digit)
    assert one.shape == (10,) and abs(one.sum() - 1) < 1e-9
    assert panel.padDigit.pixmap() is not None and not panel.padDigit.pixmap().isNull()
    draw(qtbot, panel.pad, [(0.2, 0.5), (0.8, 0.5)])  # a cross: another image, other probabilities
    qtbot.waitUntil(lambda: not np.allclose(shown_probabilities(window), one), timeout=5000)
    # the network view's input column shows the drawing too
    assert window.networkView.inputImage.image().pixelColor(3, 3).lightness() < 200

    qtbot.mouseClick(panel.clearButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown_probabilities(window) is None, timeout=5000)
    assert "empty" in panel.caption.text() and panel.pad.strokes() == []
    draw(
        qtbot, panel.pad, [(-2.0, -2.0), (3.0, 3.0)]
    )  # off the canvas both ways: clipped, no crash
    qtbot.waitUntil(lambda: shown_probabilities(window) is not None, timeout=5000)
    assert window.worker.isRunning()


def test_clicking_a_misclassified_digit_makes_it_current(qtbot, make_window, settle):
    window = make_window(DIGITS)
    settle(window, timeout=IMAGE_MS)
    mode = window.imageMode
    assert mode.dockAction.isEnabled()
    mode.dockAction.trigger()  # Lab → Misclassified digits
    qtbot.waitUntil(lambda: len(mode.mistakes.buttons) > 3, timeout=IMAGE_MS)
    button = mode.mistakes.buttons[2]
    index = int(button.property("testIndex"))
    assert index > 0
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: f"Test digit {index + 1} of 898" in mode.panel.caption.text(), timeout=5000
    )
    want = Experiment.from_dict(DIGITS).dataset.x_test[index]  # the same seed: the same split
    img = window.networkView.inputImage.image()  # the input column shows that digit, ink dark
    grey = np.array([[QColor(img.pixel(c, r)).red() for c in range(8)] for r in range(8)])
    np.testing.assert_array_equal(grey, np.round(255 * (1 - want.reshape(8, 8))))
    # → steps to the next test digit while the digit has the keyboard, and trains nothing
    epoch = window.lastSnapshot().epoch
    mode.panel.current.setFocus()
    qtbot.keyClick(mode.panel.current, Qt.Key.Key_Right)
    qtbot.waitUntil(
        lambda: f"Test digit {index + 2} of 898" in mode.panel.caption.text(), timeout=5000
    )
    settle(window)
    assert window.lastSnapshot().epoch == epoch


def test_a_drawing_added_with_its_label_joins_the_training_data(qtbot, make_window, settle):
    window = make_window(DIGITS)
    settle(window, timeout=IMAGE_MS)
    panel = window.imageMode.panel
    assert not panel.addButton.isEnabled(), "nothing drawn, nothing to add"
    weights = window.worker_query("weights")
    draw(qtbot, panel.pad, [(0.5, 0.1), (0.5, 0.9)])
    qtbot.waitUntil(panel.addButton.isEnabled, timeout=5000)
    panel.labelSpin.setValue(1)
    qtbot.mouseClick(panel.addButton, Qt.MouseButton.LeftButton)
    settle(window)
    drawn = window.worker_experiment_config()["data"]["drawn"]
    assert len(drawn) == 1 and drawn[0][0] == 1
    assert drawn[0][1:] == reduce_strokes([[(0.5, 0.1), (0.5, 0.9)]]).ravel().tolist()
    for a, b in zip(weights, window.worker_query("weights")):
        np.testing.assert_array_equal(a["W"], b["W"])  # the network carries on with its weights
    assert panel.pad.strokes() == [] and "1 of yours" in panel.ownLabel.text()


def test_the_lab_panels_work_on_the_digits(qtbot, make_window, settle):
    window = make_window(DIGITS)
    errors = []
    window.worker.errored.connect(errors.append)
    for key in ("metrics", "hidden", "activations", "gradients"):
        window.lab.showPanel(key)
    window.step()
    settle(window, timeout=IMAGE_MS)
    qtbot.waitUntil(lambda: window.lab.hidden.frame is not None, timeout=IMAGE_MS)
    frame = window.lab.hidden.frame
    assert frame["x_train"].shape == (899, 2) and frame["input_axes"][0] == "pixels: PC 1"
    assert not any(c.isVisible() for c in window.lab.hidden.inputLines), "no input grid for images"
    qtbot.waitUntil(lambda: window.lab.metrics.confusion.rowCount() == 10, timeout=IMAGE_MS)
    assert window.lab.metrics.confusion.columnCount() == 10
    assert not window.lab.exportActions["boundary"].isEnabled(), "no decision boundary to export"
    assert errors == []
    assert not (window.banner.isVisible() and window.banner.kind() == "error")
