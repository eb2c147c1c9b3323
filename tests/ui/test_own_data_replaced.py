"""Issue 12, defect 2: once the data is your own (a painted point, an applied label formula), a data set
button or Problem type → Regression replaces it; the banner says so and brings it back in one click.

Before the fix both were refused ("data.points is only used when data.name is 'points'…") and the
painted data stayed.
"""

import pytest
from conftest import choose
from PySide6.QtCore import QSettings, Qt

from playground.ui.main_window import MainWindow

READY_MS = 120_000
SMALL = {"data": {"name": "xor", "n_samples": 40}, "layers": [{"units": 3}], "seed": 3}


@pytest.fixture
def window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, config=SMALL)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(w.worker.isReady, timeout=READY_MS)
    qtbot.waitUntil(lambda: w.userData._data is not None, timeout=10_000)
    return w


def paint_one_point(qtbot, window, settle):
    tool = window.userData.paintTool
    qtbot.mouseClick(window.userData.paintBar.paintButton, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tool.plot.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     tool.dataToViewport(1.0, 2.0).toPoint())
    qtbot.waitUntil(lambda: window.worker.wantedConfig()["data"]["name"] == "points", timeout=5000)
    settle(window)
    data = window.worker_experiment_config()["data"]
    assert data["name"] == "points" and len(data["points"]) == 41
    return data


def test_a_data_set_button_replaces_painted_points_and_brings_them_back(qtbot, window, settle):
    painted = paint_one_point(qtbot, window, settle)
    qtbot.mouseClick(window.dataPanel.buttons["moons"], Qt.MouseButton.LeftButton)
    settle(window)
    data = window.worker_experiment_config()["data"]
    assert data["name"] == "moons" and "points" not in data
    banner = window.banner
    assert banner.isVisible() and banner.kind() == "info", banner.label.text()
    assert "41 points" in banner.label.text() and "moons" in banner.label.text()
    assert banner.actionButton.isVisible()

    qtbot.mouseClick(banner.actionButton, Qt.MouseButton.LeftButton)
    settle(window)
    back = window.worker_experiment_config()["data"]
    assert back["name"] == "points" and list(back["points"]) == list(painted["points"])
    assert not banner.isVisible()


def test_regression_replaces_a_label_formula(qtbot, window, settle):
    field = window.userData.labelField
    field.edit.setText("y > x**3 - x")
    qtbot.mouseClick(field.applyButton, Qt.MouseButton.LeftButton)
    settle(window)
    assert window.worker_experiment_config()["data"]["name"] == "formula"

    choose(qtbot, window.topBar.taskCombo, "regression")
    settle(window)
    cfg = window.worker_experiment_config()
    assert cfg["task"] == "regression" and cfg["data"]["name"] == "plane"
    assert "formula" not in cfg["data"] and cfg["loss"] == "mse"
    assert window.banner.kind() == "info" and "formula" in window.banner.label.text()
    assert window.lastSnapshot().task == "regression"

    qtbot.mouseClick(window.banner.actionButton, Qt.MouseButton.LeftButton)
    settle(window)
    cfg = window.worker_experiment_config()
    assert cfg["task"] == "classification" and cfg["data"]["name"] == "formula"
    assert cfg["data"]["formula"] == "y > x**3 - x"
    assert window.topBar.taskCombo.currentData() == "classification"


def test_a_generated_data_set_changes_without_a_message(qtbot, window, settle):
    qtbot.mouseClick(window.dataPanel.buttons["circle"], Qt.MouseButton.LeftButton)
    settle(window)
    assert window.worker_experiment_config()["data"]["name"] == "circle"
    assert not window.banner.isVisible()
