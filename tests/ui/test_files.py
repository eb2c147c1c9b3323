"""Save and open through the File menu; a bad file explains itself and changes nothing."""

import json

import numpy as np
from PySide6.QtCore import Qt


def test_save_then_open_round_trips(qtbot, window, tmp_path, settle, file_dialogs):
    path = tmp_path / "run.json"
    for _ in range(3):
        qtbot.mouseClick(window.topBar.stepButton, Qt.MouseButton.LeftButton)
    settle(window)
    saved_weights = window.worker_query("weights")
    file_dialogs.answer(save_path=path)
    window.saveAction.trigger()
    qtbot.waitUntil(path.exists, timeout=10_000)
    qtbot.waitUntil(lambda: window.store.recentFiles()[:1] == [str(path)], timeout=10_000)
    assert json.loads(path.read_text())["state"]["epoch"] == 3

    qtbot.mouseClick(window.topBar.resetButton, Qt.MouseButton.LeftButton)
    settle(window)
    assert window.worker_query("epoch") == 0

    file_dialogs.answer(open_path=path)
    window.openAction.trigger()
    qtbot.waitUntil(lambda: window.lastSnapshot().epoch == 3, timeout=10_000)
    loaded = window.worker_query("weights")
    for a, b in zip(saved_weights, loaded):
        np.testing.assert_array_equal(a["W"], b["W"])
        np.testing.assert_array_equal(a["b"], b["b"])
    assert window.outputPanel.lossPlot.count() == 3
    assert window.recentMenu.actions()[0].text() == str(path)


def test_corrupt_file_shows_why_and_changes_nothing(qtbot, window, tmp_path, settle,
                                                    warnings_shown, file_dialogs):
    bad = tmp_path / "broken.json"
    bad.write_text('{"layers": [4, 2], "state": ')
    qtbot.mouseClick(window.topBar.stepButton, Qt.MouseButton.LeftButton)
    settle(window)
    config_before = window.worker_experiment_config()
    weights_before = window.worker_query("weights")
    shown = warnings_shown
    file_dialogs.answer(open_path=bad)
    window.openAction.trigger()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10_000)
    title, text = shown[0]
    assert "open" in title.lower()
    assert "broken.json" in text and "not a valid experiment file" in text
    assert window.worker_experiment_config() == config_before
    assert window.worker_query("epoch") == 1
    for a, b in zip(weights_before, window.worker_query("weights")):
        np.testing.assert_array_equal(a["W"], b["W"])


def test_file_with_bad_settings_names_the_key(qtbot, window, tmp_path, warnings_shown):
    bad = tmp_path / "bad_units.json"
    bad.write_text(json.dumps({"layers": [{"units": -3}]}))
    window.openPath(str(bad))
    qtbot.waitUntil(lambda: len(warnings_shown) == 1, timeout=10_000)
    assert "layers[0].units" in warnings_shown[0][1]


def test_settings_and_last_config_are_remembered(qtbot, make_window):
    first = make_window(
        {"layers": [{"units": 3}], "optimizer": {"name": "adam", "lr": 0.01}},
        settings_name="keep.ini",
    )
    first.outputPanel.showTestCheck.setChecked(True)
    first.close()
    second = make_window(None, settings_name="keep.ini")
    second_config = second.worker_experiment_config()
    assert second_config["optimizer"]["name"] == "adam"
    assert [layer["units"] for layer in second_config["layers"]] == [3]
    assert second.outputPanel.showTestCheck.isChecked()


def test_backend_menu_greys_out_cuda_with_the_reason_and_switches_live(window, qtbot):
    """View > Compute backend: CUDA is greyed out with why (no GPU here); Automatic keeps training on."""
    qtbot.waitUntil(lambda: window.backendActions["auto"].isEnabled(), timeout=30000)
    cuda = window.backendActions["cuda"]
    assert not cuda.isEnabled() and "Not available here" in cuda.toolTip() and "GPU" in cuda.toolTip()
    window.step()
    qtbot.waitUntil(lambda: window.worker_query("epoch") == 1, timeout=30000)
    window.backendActions["auto"].trigger()
    qtbot.waitUntil(lambda: window.worker_experiment_config()["backend"] == "auto", timeout=30000)
    assert window.worker_query("epoch") == 1, "switching the backend keeps the trained state"
    window.step()
    qtbot.waitUntil(lambda: window.worker_query("epoch") == 2, timeout=30000)


def test_a_file_answered_after_the_window_closed_shows_no_dialog(qtbot, window, tmp_path,
                                                                warnings_shown):
    """Found by tools/monkey.py: a recent file opened just before the window closed was answered
    after it; its "Could not open" dialog came up over a window that was gone, modal, and the
    program waited on it for ever."""
    bad = tmp_path / "broken.json"
    bad.write_text('{"layers": [4, 2], "state": ')
    shown = warnings_shown
    window.openPath(str(bad))
    window.close()  # the engine thread answers the open before it stops
    qtbot.wait(500)
    assert shown == []
