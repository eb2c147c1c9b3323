"""Every control, used as a user would, changes the worker's experiment config."""

from conftest import choose
from PySide6.QtCore import Qt


def config_after(settle, window):
    settle(window)
    return window.worker_experiment_config()


def test_learning_rate_typed_and_chosen(qtbot, window, settle):
    edit = window.topBar.learningRateCombo.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, "0.3")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert config_after(settle, window)["optimizer"]["lr"] == 0.3
    combo = window.topBar.learningRateCombo
    combo.activated.emit(combo.findData(0.001))
    assert config_after(settle, window)["optimizer"]["lr"] == 0.001


def test_learning_rate_changes_live_without_reset(qtbot, window, settle):
    qtbot.mouseClick(window.topBar.stepButton, Qt.MouseButton.LeftButton)
    settle(window)
    edit = window.topBar.learningRateCombo.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, "0.1")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert config_after(settle, window)["optimizer"]["lr"] == 0.1
    assert window.worker_query("epoch") == 1


def test_activation(qtbot, window, settle):
    choose(qtbot, window.topBar.activationCombo, "relu")
    cfg = config_after(settle, window)
    assert [layer["activation"] for layer in cfg["layers"]] == ["relu", "relu"]


def test_regularization_and_rate_live(qtbot, window, settle):
    qtbot.mouseClick(window.topBar.stepButton, Qt.MouseButton.LeftButton)
    choose(qtbot, window.topBar.regularizationCombo, "l2")
    choose(qtbot, window.topBar.regularizationRateCombo, 0.01)
    cfg = config_after(settle, window)
    assert cfg["regularization"] == {"kind": "l2", "rate": 0.01}
    assert window.worker_query("epoch") == 1  # no reset


def test_problem_type(qtbot, window, settle):
    choose(qtbot, window.topBar.taskCombo, "regression")
    cfg = config_after(settle, window)
    assert cfg["task"] == "regression" and cfg["data"]["name"] == "plane" and cfg["loss"] == "mse"
    assert window.dataPanel.buttons["plane"].isVisible()
    assert not window.dataPanel.buttons["circle"].isVisible()


def test_optimizer_and_its_hyper_parameters(qtbot, window, settle):
    choose(qtbot, window.topBar.optimizerCombo, "adam")
    cfg = config_after(settle, window)
    assert cfg["optimizer"]["name"] == "adam" and cfg["optimizer"]["lr"] == 0.03
    window.topBar.optimizerSettings.applyValue("betas[0]", "0.8")
    assert config_after(settle, window)["optimizer"]["betas"][0] == 0.8
    choose(qtbot, window.topBar.optimizerCombo, "momentum")
    window.topBar.optimizerSettings.applyValue("momentum", "0.5")
    assert config_after(settle, window)["optimizer"] == {
        "name": "momentum",
        "lr": 0.03,
        "momentum": 0.5,
    }


def test_data_sliders(qtbot, window, settle):
    dp = window.dataPanel
    dp.testRatioSlider.setFocus()
    qtbot.keyClick(dp.testRatioSlider, Qt.Key.Key_PageDown)  # 50 % -> 40 %
    assert config_after(settle, window)["data"]["test_ratio"] == 0.4
    qtbot.keyClick(dp.noiseSlider, Qt.Key.Key_PageUp)  # 0 -> 5 %
    assert config_after(settle, window)["data"]["noise"] == 0.05
    qtbot.keyClick(dp.batchSlider, Qt.Key.Key_Right)  # 10 -> 11
    assert config_after(settle, window)["batch_size"] == 11
    qtbot.keyClick(dp.batchSlider, Qt.Key.Key_End)
    assert config_after(settle, window)["batch_size"] == "full"
    assert dp.batchLabel.text().endswith("full")


def test_dataset_thumbnails_and_classes(qtbot, window, settle):
    dp = window.dataPanel
    qtbot.mouseClick(dp.buttons["xor"], Qt.MouseButton.LeftButton)
    assert config_after(settle, window)["data"]["name"] == "xor"
    qtbot.mouseClick(dp.buttons["spiral"], Qt.MouseButton.LeftButton)
    settle(window)
    assert dp.classesSpin.isEnabled()
    dp.classesSpin.setFocus()
    qtbot.keyClick(dp.classesSpin, Qt.Key.Key_Up)
    cfg = config_after(settle, window)
    assert cfg["data"]["name"] == "spiral" and cfg["data"]["classes"] == 3
    snap = window.lastSnapshot()
    assert snap.output.shape[-1] == 3
    assert len(window.networkView.nodes[-1]) == 3  # one output neuron per class


def test_regenerate_keeps_weights(qtbot, window, settle):
    qtbot.mouseClick(window.topBar.stepButton, Qt.MouseButton.LeftButton)
    settle(window)
    before = window.worker_query("weights")
    seed_before = window.worker_experiment_config()["data"].get("seed")
    qtbot.mouseClick(window.dataPanel.regenerateButton, Qt.MouseButton.LeftButton)
    cfg = config_after(settle, window)
    assert cfg["data"].get("seed") != seed_before
    after = window.worker_query("weights")
    assert all((a["W"] == b["W"]).all() for a, b in zip(before, after))
