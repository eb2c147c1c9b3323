"""Window symptoms from issue 10, reproduced through the widgets as a user drives them.

Each test clicks and types where a user would: a click into a text field must give it the keyboard
(the keys then go to QApplication.focusWidget(), as real key presses do), Enter applies, and what
the engine ends up with is asked of the engine itself (window.worker_query("config")).
"""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QComboBox

from playground.config import ACTIVATIONS, default_config
from playground.experiment import Experiment
from playground.ui import i18n

DEFAULT_LR = default_config()["optimizer"]["lr"]


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)


def type_into(qtbot, combo: QComboBox, text: str) -> None:
    """Click into an editable combo's text, select what is there, type text and press Enter.

    The key presses go to the widget that has the keyboard focus after the click, as a real
    keyboard's do; a field that a click does not focus never sees them.
    """
    edit = combo.lineEdit()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    focus = QApplication.focusWidget()
    assert focus in (combo, edit), f"a click into the field left the keyboard on {focus!r}"
    qtbot.keyClick(focus, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    qtbot.keyClicks(focus, text)
    qtbot.keyClick(focus, Qt.Key.Key_Return)


def engine_lr(window) -> float:
    return window.worker_query("config")["optimizer"]["lr"]


# ----- 1. the learning-rate box -----


def test_typed_learning_rate_reaches_the_engine_while_paused(qtbot, window, settle):
    activate(qtbot, window)
    combo = window.topBar.learningRateCombo
    type_into(qtbot, combo, "0.5")
    settle(window)
    assert engine_lr(window) == 0.5
    qtbot.mouseClick(window.topBar.stepButton, Qt.MouseButton.LeftButton)  # another snapshot
    settle(window)
    assert window.worker_query("epoch") == 1
    assert combo.currentText() == "0.5"
    assert engine_lr(window) == 0.5


def test_typed_learning_rate_reaches_the_engine_while_playing(qtbot, window, settle):
    activate(qtbot, window)
    tb = window.topBar
    qtbot.mouseClick(tb.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lastSnapshot().epoch > 3, timeout=10_000)
    type_into(qtbot, tb.learningRateCombo, "0.5")
    settle(window)
    assert engine_lr(window) == 0.5
    epoch = window.lastSnapshot().epoch
    qtbot.waitUntil(lambda: window.lastSnapshot().epoch > epoch + 20, timeout=10_000)
    assert tb.playButton.isChecked()  # a live change: training went on
    assert tb.learningRateCombo.currentText() == "0.5"  # not put back by the snapshots since
    qtbot.mouseClick(tb.playButton, Qt.MouseButton.LeftButton)
    assert engine_lr(window) == 0.5


def test_typed_learning_rate_is_the_number_typed(qtbot, window, settle):
    """The list's entries do not complete what is typed: "1" is 1, not 1e-05; a second value typed
    straight after the first replaces it."""
    activate(qtbot, window)
    combo = window.topBar.learningRateCombo
    type_into(qtbot, combo, "1")
    settle(window)
    assert engine_lr(window) == 1.0
    assert combo.currentText() == "1"
    focus = QApplication.focusWidget()
    qtbot.keyClicks(focus, "0.3")
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    settle(window)
    assert engine_lr(window) == 0.3
    assert combo.currentText() == "0.3"


def test_junk_learning_rate_is_refused_with_a_reason(qtbot, window, settle):
    activate(qtbot, window)
    tb = window.topBar
    for junk in ("abc", "-1", "1e9", "nan", "0,5"):
        type_into(qtbot, tb.learningRateCombo, junk)
        assert engine_lr(window) == DEFAULT_LR, junk  # answered after any command the typing sent
        assert junk in tb.statusLabel.text() and str(DEFAULT_LR) in tb.statusLabel.text(), junk
        assert tb.learningRateCombo.currentText() == f"{DEFAULT_LR:g}", junk
    type_into(qtbot, tb.learningRateCombo, "0.5")  # a good value clears the complaint
    settle(window)
    assert engine_lr(window) == 0.5
    assert tb.statusLabel.text() == ""


# ----- 2. the top bar's Activation when the layers differ -----


def _mixed_layers(a: str, b: str) -> dict:
    return {"layers": [{"units": 4, "activation": a}, {"units": 2, "activation": b}]}


def test_activation_says_mixed_when_the_layers_differ(qtbot, make_window, settle):
    window = make_window(_mixed_layers("relu", "tanh"))
    combo = window.topBar.activationCombo
    mixed = QCoreApplication.translate("TopBar", "mixed")
    assert combo.currentText() == mixed
    assert combo.currentData() not in ACTIVATIONS
    item = combo.model().item(combo.currentIndex())
    assert not item.isEnabled()  # shown, never sent
    # Choosing one with the keyboard gives it to every dense layer; "mixed" goes away.
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    settle(window)
    cfg = window.worker_query("config")
    assert [layer["activation"] for layer in cfg["layers"]] == [ACTIVATIONS[0]] * 2
    assert combo.currentData() == ACTIVATIONS[0]
    assert [combo.itemData(i) for i in range(combo.count())] == list(ACTIVATIONS)
    # The arrow keys walk the activations only.
    for _ in range(len(ACTIVATIONS) + 2):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentData() in ACTIVATIONS
    settle(window)


def test_activation_shows_the_layers_one_when_they_agree(qtbot, make_window):
    window = make_window(_mixed_layers("sigmoid", "sigmoid"))
    combo = window.topBar.activationCombo
    assert combo.currentData() == "sigmoid" and combo.currentText() == "sigmoid"
    assert [combo.itemData(i) for i in range(combo.count())] == list(ACTIVATIONS)


# ----- 3. the data column after Open -----


def _checked(window) -> list[str]:
    return [name for name, b in window.dataPanel.buttons.items() if b.isChecked()]


def test_open_highlights_the_files_data_set(qtbot, window, tmp_path, file_dialogs):
    assert _checked(window) == ["circle"]
    xor = tmp_path / "xor.json"
    Experiment.from_dict({"data": {"name": "xor"}}).save(str(xor))
    window.openPath(str(xor))
    qtbot.waitUntil(lambda: window.lastSnapshot().config["data"]["name"] == "xor", timeout=10_000)
    qtbot.waitUntil(lambda: _checked(window) == ["xor"], timeout=5_000)
    spiral = tmp_path / "spiral.json"
    Experiment.from_dict({"data": {"name": "spiral", "classes": 3}}).save(str(spiral))
    file_dialogs.answer(open_path=spiral)
    window.openAction.trigger()  # File > Open…
    qtbot.waitUntil(
        lambda: window.lastSnapshot().config["data"]["name"] == "spiral", timeout=10_000
    )
    qtbot.waitUntil(lambda: _checked(window) == ["spiral"], timeout=5_000)
    assert window.dataPanel.classesSpin.value() == 3


def test_open_then_a_question_to_the_engine_still_shows_the_file(
    qtbot, window, tmp_path, file_dialogs
):
    """File > Export > Loss history straight after Open asks the engine a question before the
    opened file's frame arrives; the data column and the top bar must still show the file's."""
    path = tmp_path / "xor_adam.json"
    Experiment.from_dict(
        {"data": {"name": "xor"}, "optimizer": {"name": "adam", "lr": 0.5}}
    ).save(str(path))
    csv = tmp_path / "history.csv"
    file_dialogs.answer(save_path=csv)
    window.openPath(str(path))
    window.lab.exportActions["csv"].trigger()
    qtbot.waitUntil(csv.exists, timeout=10_000)
    qtbot.waitUntil(lambda: window.lastSnapshot().config["data"]["name"] == "xor", timeout=10_000)
    qtbot.wait(200)  # paused: no frame comes after this one
    assert _checked(window) == ["xor"]
    assert window.topBar.optimizerCombo.currentData() == "adam"
    assert window.topBar.learningRateCombo.currentText() == "0.5"


# ----- 4. the title bar after Save -----


def test_save_names_the_file_in_the_title(qtbot, window, tmp_path, file_dialogs):
    path = tmp_path / "first_save.json"
    window.savePath(str(path))
    qtbot.waitUntil(path.exists, timeout=10_000)
    qtbot.waitUntil(lambda: "first_save.json" in window.windowTitle(), timeout=5_000)
    assert json.loads(path.read_text())["data"]["name"] == "circle"
    again = tmp_path / "save_as"  # Save As… without a suffix writes .json
    file_dialogs.answer(save_path=again)
    window.saveAsAction.trigger()
    qtbot.waitUntil(lambda: "save_as.json" in window.windowTitle(), timeout=10_000)
    assert (tmp_path / "save_as.json").exists()


def test_mixed_is_translated(qtbot, make_window):
    i18n.install(i18n.CHINESE)
    try:
        window = make_window(_mixed_layers("relu", "tanh"))
        assert window.topBar.activationCombo.currentText() == "混合"
    finally:
        i18n.install(i18n.ENGLISH)


# ----- 5. what a new experiment shows after a divergence, and a lesson's stop rule -----

DIVERGING = {
    "layers": [{"units": 4, "activation": "linear"}, {"units": 4, "activation": "linear"}],
    "optimizer": {"name": "sgd", "lr": 100.0},
}


def diverge(qtbot, window) -> None:
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.banner.isVisible() and window.banner.kind() == "warning", timeout=20_000
    )
    qtbot.waitUntil(lambda: not window.lastSnapshot().playing, timeout=10_000)


def test_roll_back_brings_the_loss_axis_back_to_the_finite_losses(qtbot, make_window, settle):
    # Full batch: the loss grows for about ten epochs (to ~1e+213) before it overflows.
    window = make_window({**DIVERGING, "optimizer": {"name": "sgd", "lr": 1.2}, "batch_size": "full"})
    diverge(qtbot, window)
    qtbot.mouseClick(window.banner.actionButton, Qt.MouseButton.LeftButton)  # Roll back
    settle(window)
    history = window.worker_query("history")
    assert history["epoch"], "the rollback keeps the finite epochs"
    biggest = max(max(history["train_loss"]), max(history["test_loss"]))
    plot = window.outputPanel.lossPlot
    qtbot.wait(300)  # the curves redraw at most 10 times a second
    (_x0, _x1), (_y0, y1) = plot.getPlotItem().vb.viewRange()
    assert y1 <= 2 * biggest + 1, f"the loss axis still reaches {y1:g}; the largest loss is {biggest:g}"
    assert plot.count() == len(history["epoch"])


def test_a_lesson_after_a_divergence_shows_no_stale_gradients(qtbot, make_window, settle):
    window = make_window(DIVERGING)
    diverge(qtbot, window)
    window.lab.showPanel("lesson")
    window.lab.lessons.select("lesson_vanishing_sigmoid")
    qtbot.mouseClick(window.lab.lessons.loadButton, Qt.MouseButton.LeftButton)
    settle(window)
    qtbot.waitUntil(lambda: window.lastSnapshot().config["layers"][0]["activation"] == "sigmoid")
    settle(window)
    panel = window.lab.gradients
    assert panel.count() == 0 and panel.latest is None
    assert panel.ratioLabel.text() == "", panel.ratioLabel.text()
    assert all(g == 0 for g in window.lastSnapshot().gradient_norms)


def lesson_with_stop_rule(qtbot, window, settle) -> None:
    window.lab.showPanel("lesson")
    window.lab.lessons.select("lesson_vanishing_sigmoid")  # stops at epoch 100
    qtbot.mouseClick(window.lab.lessons.loadButton, Qt.MouseButton.LeftButton)
    settle(window)
    assert window.lastSnapshot().stop_rule == {"epochs": 100}


def play_past(qtbot, window, epoch: int) -> None:
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lastSnapshot().epoch > epoch, timeout=30_000)
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)


def test_a_lessons_stop_rule_ends_when_the_data_changes(qtbot, window, settle):
    lesson_with_stop_rule(qtbot, window, settle)
    qtbot.mouseClick(window.dataPanel.buttons["xor"], Qt.MouseButton.LeftButton)
    settle(window)
    assert window.lastSnapshot().config["data"]["name"] == "xor"
    assert window.lastSnapshot().stop_rule is None
    assert not window.lab.metrics.epochsCheck.isChecked()  # the panel shows the rule has ended
    play_past(qtbot, window, 150)


def test_a_lessons_stop_rule_ends_when_another_file_is_opened(qtbot, window, settle, tmp_path):
    lesson_with_stop_rule(qtbot, window, settle)
    path = tmp_path / "spiral.json"
    Experiment.from_dict({"data": {"name": "spiral"}}).save(str(path))
    window.openPath(str(path))
    qtbot.waitUntil(lambda: window.lastSnapshot().config["data"]["name"] == "spiral", timeout=10_000)
    settle(window)
    assert window.lastSnapshot().stop_rule is None
    play_past(qtbot, window, 150)


def test_a_lessons_stop_rule_stays_through_reset(qtbot, window, settle):
    lesson_with_stop_rule(qtbot, window, settle)
    window.reset()
    settle(window)
    assert window.lastSnapshot().stop_rule == {"epochs": 100}
    assert window.lab.metrics.epochsCheck.isChecked()


# ----- 6. memory and the autosave stay small however long it trains -----


def test_a_long_run_keeps_the_window_and_its_autosave_small(qtbot, tmp_path, monkeypatch):
    """Every epoch used to be kept, copied to the window and autosaved forever (15 MB after 40 s)."""
    from PySide6.QtCore import QSettings

    from playground import autosave
    from playground.history import MAX_ROWS
    from playground.ui.loss_plot import PLOT_MAX_ROWS
    from playground.ui.main_window import MainWindow

    monkeypatch.setattr(autosave, "INTERVAL_SECONDS", 0.2)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, config={}, autosave_dir=str(tmp_path / "auto"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.worker.isReady, timeout=120_000)
    epochs = 3 * MAX_ROWS  # the default net: about 5,000 epochs a second
    speed = window.topBar.paceCombo
    speed.setCurrentIndex(speed.findData(0))  # as fast as it goes (the default is a watchable pace)
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lastSnapshot().epoch > epochs, timeout=120_000)
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.lastSnapshot().playing, timeout=10_000)
    epoch = window.worker_query("epoch")
    history = window.worker_query("history")
    assert epoch > epochs and history["epoch"][-1] == epoch
    assert len(history["epoch"]) <= MAX_ROWS, "the engine keeps a bounded history"
    plot = window.outputPanel.lossPlot
    qtbot.waitUntil(lambda: plot.count() == epoch, timeout=10_000)  # every epoch reached the plot
    assert len(plot.epochs.view()) <= PLOT_MAX_ROWS, "the plot holds a bounded curve"
    path = window.autosave.path
    qtbot.waitUntil(lambda: path.exists() and autosave.read_record(path)["experiment"]["state"]["epoch"]
                    == epoch, timeout=10_000)
    assert path.stat().st_size < 2_000_000, f"the autosave is {path.stat().st_size:,} bytes"


# ----- issue 11, item 6: a learning rate far too high is said before any NaN -----


def test_a_far_too_high_learning_rate_gets_a_calm_word_and_a_one_click_fix(qtbot, make_window, settle):
    window = make_window({"data": {"name": "spiral"}, "optimizer": {"name": "sgd", "lr": 10.0}})
    speed = window.topBar.paceCombo
    speed.setCurrentIndex(speed.findData(0))  # as fast as it goes
    with qtbot.waitSignal(window.worker.advised, timeout=60_000):
        qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    banner = window.banner
    qtbot.waitUntil(banner.isVisible, timeout=5_000)
    assert banner.kind() == "info" and "learning rate 10 is probably too high" in banner.label.text()
    assert window.topBar.playButton.isChecked(), "it only advises: training goes on"
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)  # pause, then read it
    settle(window)
    assert banner.isVisible()
    qtbot.mouseClick(banner.actionButton, Qt.MouseButton.LeftButton)  # Divide the learning rate by 10
    settle(window)
    assert window.worker_query("config")["optimizer"]["lr"] == 1.0
    assert window.topBar.learningRateCombo.currentText() == "1"
    assert not banner.isVisible()


def test_the_default_circle_gets_no_learning_rate_advice(qtbot, window, settle):
    speed = window.topBar.paceCombo
    speed.setCurrentIndex(speed.findData(0))
    said = []
    window.worker.advised.connect(lambda code, args: said.append(code))
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lastSnapshot().epoch > 3000, timeout=60_000)
    qtbot.mouseClick(window.topBar.playButton, Qt.MouseButton.LeftButton)
    settle(window)
    assert said == [] and not window.banner.isVisible()
