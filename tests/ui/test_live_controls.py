"""The live controls write their key through the engine client and keep no copy of their own.

The top bar, the data panel's batch size and the output panel's loss are bound to the client
(`bind`); what they send is built from what the client says the session will have, so a change made
elsewhere (an undo, a lesson, a file) is never overwritten by an old value a widget remembered.
"""

import copy

from PySide6.QtCore import Qt

from playground.config import normalize
from playground.ui.data_panel import FULL_BATCH, DataPanel
from playground.ui.output_panel import OutputPanel
from playground.ui.top_bar import TopBar


class FakeClient:
    """Records change(key, value) and answers wantedConfig() as the engine client does."""

    def __init__(self, config: dict) -> None:
        self.wanted = normalize(config)
        self.changes: list[tuple[str, object]] = []
        self.sent: list[object] = []

    def wantedConfig(self) -> dict:
        return copy.deepcopy(self.wanted)

    def change(self, key: str, value: object) -> int:
        self.changes.append((key, copy.deepcopy(value)))
        self.wanted[key] = copy.deepcopy(value)
        return len(self.changes)

    def send(self, command: object) -> int:
        """A command that is no config key (the top bar's speed, SetPace)."""
        self.sent.append(command)
        return len(self.sent)


def type_learning_rate(qtbot, bar: TopBar, text: str) -> None:
    edit = bar.learningRateCombo.lineEdit()
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_top_bar_sends_the_learning_rate_on_top_of_what_the_session_will_have(qtbot):
    client = FakeClient({"optimizer": {"name": "momentum", "lr": 0.03, "momentum": 0.9}})
    bar = TopBar()
    qtbot.addWidget(bar)
    bar.bind(client)
    bar.setFromConfig(client.wanted)
    # Elsewhere (an undo, a lesson) the session is asked for other hyper-parameters; the bar has
    # not drawn that yet, and must not send its screen's momentum back with the new learning rate.
    client.wanted["optimizer"]["momentum"] = 0.5
    type_learning_rate(qtbot, bar, "0.5")
    assert client.changes == [("optimizer", {**client.wanted["optimizer"], "lr": 0.5})]
    assert client.changes[0][1]["momentum"] == 0.5
    assert not hasattr(bar, "_regularization")
    assert not isinstance(getattr(bar, "_optimizer", None), dict)  # a method, not a copy

    # The same learning rate again sends nothing; a refused one sends nothing either.
    type_learning_rate(qtbot, bar, "0.5")
    type_learning_rate(qtbot, bar, "-1")
    assert len(client.changes) == 1
    assert bar.learningRateCombo.currentText() == "0.5"


def test_top_bar_optimizer_settings_and_regularization_go_through_the_client(qtbot):
    client = FakeClient({"optimizer": {"name": "adam", "lr": 0.01}})
    bar = TopBar()
    qtbot.addWidget(bar)
    bar.bind(client)
    bar.setFromConfig(client.wanted)
    client.wanted["optimizer"]["lr"] = 0.2  # sent by another control, not drawn yet
    bar.optimizerSettings.applyValue("betas[1]", "0.99")
    key, optimizer = client.changes[-1]
    assert key == "optimizer" and optimizer["betas"][1] == 0.99 and optimizer["lr"] == 0.2

    bar.optimizerCombo.setCurrentIndex(bar.optimizerCombo.findData("sgd"))
    assert client.changes[-1] == ("optimizer", {"name": "sgd", "lr": 0.2})

    bar.regularizationCombo.setCurrentIndex(bar.regularizationCombo.findData("l2"))
    assert client.changes[-1][0] == "regularization"
    assert client.changes[-1][1]["kind"] == "l2"


def test_batch_size_and_loss_go_through_the_client(qtbot):
    client = FakeClient({})
    panel, output = DataPanel(), OutputPanel()
    for w in (panel, output):
        qtbot.addWidget(w)
        w.bind(client)
    panel.setFromConfig(client.wanted)
    panel.batchSlider.setValue(FULL_BATCH)
    assert client.changes[-1] == ("batch_size", "full")
    panel.batchSlider.setValue(7)
    assert client.changes[-1] == ("batch_size", 7)
    output.setLoss(client.wanted)
    output.lossCombo.setCurrentIndex(output.lossCombo.findData("hinge"))
    output.lossCombo.activated.emit(output.lossCombo.currentIndex())
    assert client.changes[-1] == ("loss", "hinge")


def test_the_window_is_not_on_the_learning_rates_path(qtbot, window, settle, monkeypatch):
    """Typed into the bar, the learning rate reaches the session through the client alone."""
    assert window.topBar._client is window.worker
    sent = []
    original = window.worker.change
    monkeypatch.setattr(window.worker, "change", lambda k, v: sent.append(k) or original(k, v))
    type_learning_rate(qtbot, window.topBar, "0.5")
    settle(window)
    assert sent == ["optimizer"]
    assert window.worker_experiment_config()["optimizer"]["lr"] == 0.5
    assert window.topBar.learningRateCombo.currentText() == "0.5"
