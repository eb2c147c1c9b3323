"""A learning-rate schedule chosen beside the optimizer: the Learning rate control follows the rate
training uses, the loss plot shows it under the curve, and typed junk is refused in plain words."""

from conftest import choose


def test_choosing_a_schedule_changes_the_learning_rate_shown_while_training(qtbot, window, settle):
    tb, plot = window.topBar, window.outputPanel.lossPlot
    form = tb.optimizerSettings
    settle(window)
    assert tb.learningRateCombo.currentText() == "0.03" and plot.ratePlot.isHidden()
    assert form.isEnabled(), "plain SGD has a schedule to choose"
    choose(qtbot, form.scheduleCombo, "exponential")
    form.applyScheduleValue("gamma", "0.5")
    qtbot.waitUntil(lambda: (window.worker_query("config")["schedule"] or {}).get("gamma") == 0.5)

    tb.playButton.click()
    qtbot.waitUntil(lambda: window.lastSnapshot().epoch >= 4, timeout=30_000)
    shown = set()
    qtbot.waitUntil(
        lambda: shown.add(tb.learningRateCombo.currentText()) or len(shown) >= 3, timeout=30_000
    )
    tb.playButton.click()
    settle(window)
    snap = window.lastSnapshot()
    assert 0 < snap.learning_rate < 0.03
    assert tb.learningRateCombo.currentText() == f"{snap.learning_rate:g}", "the rate training uses"
    assert window.worker_query("config")["optimizer"]["lr"] == 0.03, "the base rate stays"
    assert not plot.ratePlot.isHidden() and plot.rates.size == plot.epochs.size > 0
    assert plot.rates.view()[-1] == window.worker_query("history")["lr"][-1]

    form.applyScheduleValue("gamma", "-1")
    assert form.messageLabel.text() == "gamma must be above 0 and at most 1; it stays 0.5."
    form.applyScheduleValue("gamma", "abc")
    assert form.messageLabel.text() == "“abc” is not a number; gamma stays 0.5."
    assert form.scheduleFields["gamma"].text() == "0.5"
    settle(window)
    assert window.worker_query("config")["schedule"]["gamma"] == 0.5, "nothing sent"

    choose(qtbot, form.scheduleCombo, None)
    settle(window)
    assert window.worker_query("config")["schedule"] is None
    qtbot.waitUntil(lambda: tb.learningRateCombo.currentText() == "0.03")
    assert plot.ratePlot.isHidden()


def test_cyclic_settings_keep_max_lr_above_base_lr(qtbot, window, settle):
    form = window.topBar.optimizerSettings
    choose(qtbot, form.scheduleCombo, "cyclic")
    settle(window)
    spec = window.worker_query("config")["schedule"]
    assert (
        spec["name"] == "cyclic" and spec["base_lr"] < spec["max_lr"] and not spec["cycle_momentum"]
    )
    form.applyScheduleValue("max_lr", "0.001")
    assert form.messageLabel.text().startswith("max_lr must be at least base_lr (0.03)")
    form.applyScheduleValue("step_size_up", "2.5")
    assert "whole number" in form.messageLabel.text()
    form.applyScheduleValue("step_size_down", "40")
    qtbot.waitUntil(lambda: window.worker_query("config")["schedule"]["step_size_down"] == 40)
