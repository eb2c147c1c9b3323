"""The network view: feature toggles, layer and neuron buttons, weight and bias editing by mouse."""

import numpy as np
from PySide6.QtCore import QPointF, Qt

POINTS = np.array([[0.0, 0.0], [2.0, -1.0], [-3.0, 4.0], [5.0, 5.0]])


def click_scene(qtbot, view, scene_point: QPointF) -> None:
    view.ensureVisible(scene_point.x(), scene_point.y(), 1, 1)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(scene_point))


def click_item(qtbot, view, item) -> None:
    click_scene(qtbot, view, item.mapToScene(item.boundingRect().center()))


def test_feature_node_click_toggles_the_feature(qtbot, window, settle):
    view = window.networkView
    node = view.features["x1^2"]
    click_scene(
        qtbot, view, node.mapToScene(QPointF(node.size().width() / 2, node.size().height() / 2))
    )
    settle(window)
    assert window.worker_experiment_config()["features"] == ["x1", "x2", "x1^2"]
    assert window.networkView.features["x1^2"].isOn()
    node = window.networkView.features["x1"]
    click_scene(qtbot, view, node.mapToScene(QPointF(5, 5)))
    settle(window)
    assert window.worker_experiment_config()["features"] == ["x2", "x1^2"]


def test_layer_and_neuron_buttons(qtbot, window, settle):
    view = window.networkView
    minus, plus = view.layerButtons
    click_item(qtbot, view, plus)
    settle(window)
    cfg = window.worker_experiment_config()
    assert [layer["units"] for layer in cfg["layers"]] == [4, 2, 2]
    m, p = window.networkView.unitButtons[0]
    click_item(qtbot, window.networkView, p)
    settle(window)
    assert [layer["units"] for layer in window.worker_experiment_config()["layers"]] == [5, 2, 2]
    m, p = window.networkView.unitButtons[2]
    click_item(qtbot, window.networkView, m)
    settle(window)
    assert [layer["units"] for layer in window.worker_experiment_config()["layers"]] == [5, 2, 1]
    minus, plus = window.networkView.layerButtons
    click_item(qtbot, window.networkView, minus)
    settle(window)
    assert [layer["units"] for layer in window.worker_experiment_config()["layers"]] == [5, 2]
    assert len(window.networkView.nodes) == 3  # two hidden columns and the output


def test_editing_a_weight_changes_the_prediction(qtbot, window, settle):
    view = window.networkView
    before = window.worker_query("predict", POINTS)
    click_scene(qtbot, view, view.linkScenePoint(0, 0, 0))
    assert view.editor.isVisible()
    view.editor.selectAll()
    qtbot.keyClicks(view.editor, "3.5")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    settle(window)
    weights = window.worker_query("weights")
    assert weights[0]["W"][0, 0] == 3.5
    after = window.worker_query("predict", POINTS)
    assert not np.allclose(before, after)


def test_editing_the_output_bias(qtbot, window, settle):
    view = window.networkView
    out = len(view.biases) - 1
    click_scene(qtbot, view, view.biasScenePoint(out, 0))
    assert view.editor.isVisible()
    view.editor.selectAll()
    qtbot.keyClicks(view.editor, "-2")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    settle(window)
    assert window.worker_query("weights")[-1]["b"][0] == -2.0


def test_escape_cancels_and_bad_text_is_refused(qtbot, window):
    view = window.networkView
    click_scene(qtbot, view, view.linkScenePoint(1, 0, 0))
    qtbot.keyClicks(view.editor, "abc")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    assert view.editor.isVisible()  # refused, stays open
    qtbot.keyClick(view.editor, Qt.Key.Key_Escape)
    assert not view.editor.isVisible()


def test_link_tooltip_names_the_weight(qtbot, window):
    view = window.networkView
    item = view.links[0]
    k = item.linkIndex(1, 2)
    weights = window.lastSnapshot().weights
    assert item.valueText(k) == f"{weights[0]['W'][1, 2]:.4g}"


def test_wide_layers_are_drawn_collapsed(qtbot, make_window):
    window = make_window(
        {
            "layers": [
                {"units": 40},
                {"type": "dropout", "rate": 0.2},
                {"type": "maxout", "units": 3, "pieces": 2},
            ]
        }
    )
    view = window.networkView
    assert len(view.nodes[0]) == 8  # 40 units drawn as 8 and a "+32" box
    assert len(view.nodes[1]) == 3
    assert view.links[1]._values.shape == (8 * 3,)


def test_tab_reaches_scene_controls(qtbot, window, settle):
    view = window.networkView
    view.setFocus()
    scene = view.scene()
    seen = set()
    for _ in range(20):
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        if scene.focusItem() is not None:
            seen.add(scene.focusItem())
    assert set(view.features.values()) <= seen
    assert view.layerButtons[1] in seen
    # Space on a focused feature toggles it.
    scene.setFocusItem(view.features["sin(x1)"])
    qtbot.keyClick(view, Qt.Key.Key_Space)
    settle(window)
    assert "sin(x1)" in window.worker_experiment_config()["features"]


def test_formula_feature_is_drawn_and_linked(qtbot, make_window, settle):
    window = make_window({"features": ["x1", "x2", "x1*x2 + 1"]})
    view = window.networkView
    assert "x1*x2 + 1" in view.features and view.features["x1*x2 + 1"].isOn()
    assert len(view.links[0]._values) == 3 * 4
    # Switching a built-in feature on keeps the formula feature.
    node = view.features["x2^2"]
    click_scene(qtbot, view, node.mapToScene(QPointF(5, 5)))
    settle(window)
    assert window.worker_experiment_config()["features"] == ["x1", "x2", "x2^2", "x1*x2 + 1"]
