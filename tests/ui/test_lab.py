"""The learning lab panels, driven as a student would, checked against the engine's own numbers."""

import importlib.util

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from playground import Experiment
from playground.config import ACTIVATIONS, OPTIMIZER_DEFAULTS, OPTIMIZERS, normalize
from playground.metrics import metrics, train_until
from playground.presets import load_preset
from playground.session.lab_extras import HiddenSpace, hidden_outputs
from playground.ui import exports


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def engine_copy(window) -> Experiment:
    """The worker's experiment, rebuilt here from its saved state (weights, history, RNG)."""
    return Experiment.from_dict(window.worker_query("to_dict"))


def wait_stopped(qtbot, window, timeout=30_000):
    with qtbot.waitSignal(window.worker.stopped, timeout=timeout) as blocker:
        click(qtbot, window.topBar.playButton)
    return blocker.args


def wait_extra(qtbot, window, name, check=lambda v: True, timeout=10_000):
    qtbot.waitUntil(
        lambda: name in window.lastSnapshot().extra and check(window.lastSnapshot().extra[name]),
        timeout=timeout,
    )
    return window.lastSnapshot().extra[name]


def load_lesson(qtbot, window, name):
    """Select the lesson in the Lesson panel and press Load."""
    lab = window.lab
    lab.showPanel("lesson")
    lab.lessons.select(name)
    click(qtbot, lab.lessons.loadButton)


def test_lesson_loads_config_and_gradient_panel_shows_vanishing(qtbot, window, settle):
    load_lesson(qtbot, window, "lesson_vanishing_sigmoid")
    settle(window)
    preset = load_preset("lesson_vanishing_sigmoid")
    assert window.worker_experiment_config() == normalize(preset["config"])
    lab = window.lab
    assert lab.docks["gradients"].isVisible()
    assert lab.metrics.rule() == {"epochs": 100}  # the lesson's epochs are the stop rule
    assert "sigmoid" in lab.lessons.text.toPlainText()

    reason, row = wait_stopped(qtbot, window)
    assert reason == "max_epochs" and row["epoch"] == 100
    settle(window)
    assert "Stopped at epoch 100" in window.banner.label.text()
    assert not window.topBar.playButton.isChecked()

    panel = lab.gradients
    history = window.worker_query("history")
    norms = np.asarray(history["grad_norms"])
    assert panel.count() == len(history["epoch"]) == 100
    assert len(panel.curves) == norms.shape[1] == 7  # 6 hidden layers and the output layer
    assert np.array_equal(panel.latest, norms[-1])
    for k, series in enumerate(panel.norms):
        assert np.array_equal(series.view(), norms[:, k])
    ratio = panel.ratio()
    assert ratio == norms[-1, 0] / norms[-1, -1]
    assert ratio < 0.01
    assert f"ratio {ratio:.2g}" in panel.ratioLabel.text()
    assert panel.plot.getPlotItem().ctrl.logYCheck.isChecked()  # log scale

    # Links by |dL/dw|: the overlay replaces the weight links, first layer far paler than the output.
    click(qtbot, panel.linkCheck)
    grads = wait_extra(qtbot, window, "gradients")
    engine = window.worker_query("last_gradients")
    assert all(np.array_equal(a, b) for a, b in zip(grads, engine))
    overlay = lab.linkOverlay
    # The overlay follows a rebuilt view within its 250 ms watch: wait for it to have settled.
    qtbot.waitUntil(
        lambda: len(overlay.items) == len(window.networkView.links) > 0
        and not any(item.isVisible() for item in window.networkView.links)
    )
    assert overlay.items[0].levels.max() < overlay.items[-1].levels.max()
    assert overlay.peak == max(np.abs(g).max() for g in engine)
    click(qtbot, panel.linkCheck)
    assert all(item.isVisible() for item in window.networkView.links)
    assert not overlay.items


def test_stop_rule_stops_where_train_until_does(qtbot, make_window, settle):
    cfg = load_preset("lesson_xor_hidden")["config"]
    window = make_window(cfg)
    lab = window.lab
    lab.showPanel("metrics")
    mp = lab.metrics
    mp.accuracySpin.setValue(90.0)
    click(qtbot, mp.accuracyCheck)
    assert mp.rule() == {"test_accuracy_at_least": 0.9}
    reason, row = wait_stopped(qtbot, window)
    headless = train_until(Experiment.from_dict(cfg), 5000, test_accuracy_at_least=0.9)
    assert reason == headless["stopped"] == "test_accuracy"
    assert row["epoch"] == headless["epochs_trained"]
    assert row["test_accuracy"] == headless["test_accuracy"]
    settle(window)
    assert f"Stopped at epoch {row['epoch']:,}" in mp.stopLabel.text()
    # Pressing Play again with the target still met says so instead of training on.
    reason2, row2 = wait_stopped(qtbot, window)
    assert reason2 == "test_accuracy" and row2["epoch"] == row["epoch"]

    # A test-loss target and an epoch limit together: whichever comes first.
    click(qtbot, mp.accuracyCheck)
    mp.lossSpin.setValue(0.0001)
    click(qtbot, mp.lossCheck)
    mp.epochsSpin.setValue(row["epoch"] + 25)
    click(qtbot, mp.epochsCheck)
    reason3, row3 = wait_stopped(qtbot, window)
    assert reason3 == "max_epochs" and row3["epoch"] == row["epoch"] + 25


def test_metrics_panel_equals_playground_metrics(qtbot, make_window, settle):
    window = make_window({"data": {"name": "blobs", "classes": 3}, "seed": 2})
    lab = window.lab
    lab.showPanel("metrics")
    mp = lab.metrics
    mp.setStopAtEpoch(40)
    wait_stopped(qtbot, window)
    settle(window)
    frame = wait_extra(qtbot, window, "metrics", lambda f: f["epoch"] == 40)
    exp = engine_copy(window)
    for split in ("test", "train"):
        mp.splitCombo.setCurrentIndex(mp.splitCombo.findData(split))
        m = metrics(exp, split)
        assert frame[split] == m
        assert mp.accuracyLabel.text() == f"{100 * m['accuracy']:.1f} %"
        table = mp.confusion
        assert table.rowCount() == table.columnCount() == 3
        shown = [[int(table.item(i, j).text()) for j in range(3)] for i in range(3)]
        assert shown == m["confusion"]
    assert mp.confusion.isVisible() and not mp.rmseLabel.isVisible()

    # Regression: RMSE and R² instead.
    window.loadConfig({"task": "regression", "data": {"name": "plane"}, "loss": "mse"})
    settle(window)
    mp.setStopAtEpoch(20)
    wait_stopped(qtbot, window)
    settle(window)
    frame = wait_extra(qtbot, window, "metrics", lambda f: f["epoch"] == 20 and "rmse" in f["test"])
    mp.splitCombo.setCurrentIndex(mp.splitCombo.findData("test"))
    m = metrics(engine_copy(window), "test")
    assert frame["test"] == m
    assert mp.rmseLabel.text() == f"{m['rmse']:.4g}" and mp.r2Label.text() == f"{m['r2']:.4g}"
    assert mp.rmseLabel.isVisible() and not mp.confusion.isVisible()


def test_hidden_space_maps_data_through_the_layer(qtbot, make_window, settle):
    cfg = {
        "data": {"name": "xor"},
        "layers": [{"units": 6, "activation": "tanh"}, {"units": 3, "activation": "relu"}],
    }
    window = make_window(cfg)
    lab = window.lab
    lab.showPanel("hidden")
    hp = lab.hidden
    assert [hp.layerCombo.itemText(i) for i in range(hp.layerCombo.count())] == [
        "Input (x1, x2)",
        "Layer 1: 6 tanh",
        "Layer 2: 3 relu",
    ]
    assert hp.layerCombo.currentData() == 1  # starts on the last hidden layer
    window.step()
    settle(window)
    frame = wait_extra(qtbot, window, "hidden", lambda f: f["layer"] == 1)
    exp = engine_copy(window)
    ref = HiddenSpace(1)(exp)
    # Principal axes are defined up to sign; the panel keeps the sign steady between frames.
    assert np.allclose(np.abs(frame["train"]), np.abs(ref["train"]), atol=1e-5)
    assert frame["axes"][0].startswith("PC 1")

    # Two chosen neurons of layer 1: exactly that layer's outputs for the training points.
    hp.layerCombo.setCurrentIndex(hp.layerCombo.findData(0))
    hp.modeCombo.setCurrentIndex(hp.modeCombo.findData("units"))
    hp.unitX.setValue(3)
    hp.unitY.setValue(5)
    frame = wait_extra(
        qtbot,
        window,
        "hidden",
        lambda f: (
            f["layer"] == 0 and f["mode"] == "units" and f["axes"] == ("neuron 3", "neuron 5")
        ),
    )
    acts = hidden_outputs(exp, exp.dataset.x_train, 0)
    assert np.allclose(frame["train"], acts[:, [2, 4]], atol=1e-6)
    x, y = hp.trainPoints.getData()
    assert np.allclose(x, frame["train"][:, 0]) and np.allclose(y, frame["train"][:, 1])
    lines = hidden_outputs(exp, np.array([[-6.0, -6.0]]), 0)[0]  # the first grid line's first point
    assert np.allclose(frame["lines"][0, 0], lines[[2, 4]], atol=1e-6)
    assert hp.plot.getPlotItem().getAxis("bottom").labelText == "neuron 3"

    # Closing the panel stops the worker computing it.
    lab.docks["hidden"].close()
    settle(window)
    window.step()
    settle(window)
    assert "hidden" not in window.lastSnapshot().extra


def test_compare_runs_optimizer_race(qtbot, window, settle):
    lab = window.lab
    lab.lessonActions["lesson_optimizer_race"].trigger()  # Lessons menu
    settle(window)
    cv = lab.compare
    assert lab.docks["compare"].isVisible()
    qtbot.waitUntil(lambda: cv.frame is not None and len(cv.frame["runs"]) == 4, timeout=20_000)
    preset = load_preset("lesson_optimizer_race")
    assert [r["label"] for r in cv.frame["runs"]] == preset["labels"]
    assert cv.targetSpin.value() == preset["epochs"] == 150
    cv.targetSpin.setValue(60)
    click(qtbot, cv.playButton)
    qtbot.waitUntil(
        lambda: not cv.isTraining() and all(r["epoch"] == 60 for r in cv.frame["runs"]),
        timeout=30_000,
    )
    histories = list(cv.runHistories().values())
    assert len(histories) == len(cv.curves) == 4
    # Same net, same seed: identical initial weights, so every curve starts at the same loss.
    starts = {h["test_loss"][0] for h in histories}
    assert len(starts) == 1
    for r, h, cfg in zip(cv.frame["runs"], histories, preset["compare"]):
        exp = Experiment.from_dict(cfg)
        assert h["test_loss"][0] == exp.evaluate()["test_loss"]
        exp.train(60)
        assert np.array_equal(h["epoch"], np.arange(61))
        assert np.array_equal(
            h["test_loss"][1:], exp.history["test_loss"]
        )  # round-robin = one call
        _x, y = cv.curves[r["id"]].test.getData()
        assert np.array_equal(y, h["test_loss"])
        assert r["parameter_count"] == exp.parameter_count == 177
        _host, boundary, caption = cv.boundaries[r["id"]]
        assert "177 params" in caption.text() and boundary.image.image is not None
        assert cv.titles[r["id"]].fullText()
    # Runs stay until removed.
    first = cv.frame["runs"][0]["id"]
    click(qtbot, cv.removeButtons[first])
    qtbot.waitUntil(lambda: len(cv.frame["runs"]) == 3 and first not in cv.curves)
    assert len(cv.boundaries) == 3


def test_compare_deep_vs_fat_and_adding_this_network(qtbot, window, settle):
    lab = window.lab
    load_lesson(qtbot, window, "lesson_deep_vs_fat")
    settle(window)
    cv = lab.compare
    qtbot.waitUntil(lambda: cv.frame is not None and len(cv.frame["runs"]) == 2, timeout=20_000)
    assert [r["parameter_count"] for r in cv.frame["runs"]] == [177, 177]
    # The main window's network joins on the runs' data and seed.
    window.loadConfig({"data": {"name": "circle"}, "seed": 5, "layers": [{"units": 3}]})
    settle(window)
    click(qtbot, cv.addButton)
    qtbot.waitUntil(lambda: len(cv.frame["runs"]) == 3)
    added = cv.frame["runs"][2]
    assert added["config"]["data"] == cv.frame["runs"][0]["config"]["data"]
    assert added["config"]["seed"] == 0 and added["parameter_count"] == 3 * 2 + 3 + 3 + 1


def export(qtbot, fn, *args, **kwargs):
    """Run an export and wait for its done callback; a failure raises here."""
    result = []
    fn(*args, done=result.append, **kwargs)
    qtbot.waitUntil(lambda: bool(result), timeout=10_000)
    if result[0] is not None:
        raise result[0]


def test_exports_write_files_that_load(qtbot, make_window, settle, tmp_path):
    window = make_window(load_preset("lesson_xor_hidden")["config"])
    window.lab.metrics.setStopAtEpoch(30)
    wait_stopped(qtbot, window)
    settle(window)
    window.lab.showPanel("gradients")
    py = tmp_path / "model.py"
    export(qtbot, exports.export_pytorch, window.worker, py)
    source = py.read_text()
    compile(source, str(py), "exec")
    points = np.array([[0.5, -1.0], [2.0, 3.0], [-4.0, 1.5]])
    if importlib.util.find_spec("torch") is not None:
        import torch

        spec = importlib.util.spec_from_file_location("exported_model", py)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        got = module.Model()(torch.tensor(points)).detach().numpy()
        assert np.allclose(got, window.worker_query("predict", points), atol=1e-6)
    eq = tmp_path / "equations.txt"
    export(qtbot, exports.export_equations, window.worker, eq)
    assert eq.read_text().startswith("Inputs: the point (x1, x2)") and "Layer 1" in eq.read_text()
    csv_path = tmp_path / "history.csv"
    export(qtbot, exports.export_history_csv, window.worker, csv_path)
    rows = csv_path.read_text().strip().splitlines()
    assert rows[0].startswith("epoch,train_loss,test_loss,train_accuracy,test_accuracy,lr,grad_norm")
    history = window.worker_query("history")
    assert len(rows) == 1 + len(history["epoch"]) == 31
    last = [float(v) for v in rows[-1].split(",")]
    assert last[:3] == [30, history["train_loss"][-1], history["test_loss"][-1]]
    assert last[5] == history["lr"][-1]
    assert last[6:] == history["grad_norms"][-1]
    for key in ("boundary", "loss", "gradients"):
        png = tmp_path / f"{key}.png"
        export(qtbot, exports.export_plot_png, window.lab.plotFor(key), png, width=600)
        image = QImage(str(png))
        assert not image.isNull() and image.width() == 600
    assert "Export" in [
        a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions()
    ]


def test_every_engine_choice_is_in_the_window(qtbot, window, settle):
    tb, op = window.topBar, window.outputPanel
    assert [tb.activationCombo.itemData(i) for i in range(tb.activationCombo.count())] == list(
        ACTIVATIONS
    )
    assert len(ACTIVATIONS) == 12
    assert [tb.optimizerCombo.itemData(i) for i in range(tb.optimizerCombo.count())] == list(
        OPTIMIZERS
    )
    for name in OPTIMIZERS:
        tb.optimizerCombo.setCurrentIndex(tb.optimizerCombo.findData(name))
        fields = tb.optimizerSettings.fields
        for key, value in OPTIMIZER_DEFAULTS[name].items():
            if key == "lr":
                continue
            values = value if isinstance(value, list) else [value]
            keys = [f"{key}[{i}]" for i in range(len(values))] if isinstance(value, list) else [key]
            for k, v in zip(keys, values):
                assert float(fields[k].text()) == pytest.approx(v)
                assert tb.optimizerSettings.defaults[k] == v  # shown as "PyTorch default v"
    settle(window)
    assert window.worker_experiment_config()["optimizer"]["name"] == OPTIMIZERS[-1]
    assert [op.lossCombo.itemData(i) for i in range(op.lossCombo.count())] == [
        "cross_entropy",
        "mse",
        "hinge",
    ]
    op.lossCombo.setCurrentIndex(2)
    op.lossCombo.activated.emit(2)
    settle(window)
    assert window.worker_experiment_config()["loss"] == "hinge"
    assert [tb.regularizationCombo.itemData(i) for i in range(3)] == ["none", "l1", "l2"]
    # Multi-class data: softmax over K outputs, the boundary coloured by class.
    window.dataPanel.buttons["spiral"].click()
    settle(window)
    window.dataPanel.classesSpin.setValue(4)
    settle(window)
    snap = window.lastSnapshot()
    assert snap.n_classes == 4 and snap.config["data"]["name"] == "spiral"
    assert snap.output.shape[-1] == 4 and np.allclose(snap.output.sum(axis=-1), 1, atol=1e-5)
    assert window.outputPanel.legend._mode == "classes"
