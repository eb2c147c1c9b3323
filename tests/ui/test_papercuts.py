"""Smaller papercuts of the classroom window (issue 11, item 8) and two defects the random-UI runs
found (issue 12: eps = 0 accepted; a header edit landing on the wrong layer), driven as a user does."""

import pytest
from conftest import choose, geometry_on, rect_in
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from playground import ConfigError
from playground.config import normalize
from playground.ui.layer_headers import SHORT_NAMES
from playground.ui.main_window import MainWindow

SIX_SIGMOID = {"layers": [{"units": 8, "activation": "sigmoid"} for _ in range(6)]}


def test_space_plays_after_picking_an_activation(qtbot, window, settle):
    combo = window.topBar.activationCombo
    choose(qtbot, combo, "relu")  # the keyboard is in the Activation list now
    settle(window)
    assert QApplication.focusWidget() is combo
    qtbot.keyClick(combo, Qt.Key.Key_Space)
    qtbot.waitUntil(window.topBar.playButton.isChecked, timeout=5_000)
    assert not combo.view().isVisible()  # the list did not open again
    qtbot.keyClick(combo, Qt.Key.Key_Space)  # and pauses
    qtbot.waitUntil(lambda: not window.topBar.playButton.isChecked(), timeout=5_000)
    # A list you type into keeps Space and → for its text.
    lr = window.topBar.learningRateCombo
    assert lr.isEditable()
    lr.lineEdit().setFocus()
    qtbot.keyClick(lr.lineEdit(), Qt.Key.Key_Space)
    assert not window.topBar.playButton.isChecked()


@pytest.mark.parametrize("screen", ["small", "wide"])
def test_six_layer_headers_show_whole_or_short_names(qtbot, make_window, screen):
    geometry = geometry_on("small") if screen == "small" else None
    window = make_window(SIX_SIGMOID, settings_name=f"{screen}.ini", geometry=geometry)
    if screen == "small":
        for key in ("lesson", "metrics"):  # the view shrinks under lab panels
            window.lab.showPanel(key)
    qtbot.wait(200)
    builder = window.builder
    cards = [builder.handle(i) for i in range(6)]
    for card in cards:
        combo = card.activationCombo
        shown = combo.shownText()
        assert shown in ("sigmoid", SHORT_NAMES["sigmoid"]), shown  # never a cut 'sigmc'
        assert combo.fontMetrics().horizontalAdvance(shown) <= combo.width()
    strip = builder.strip
    rects = sorted((rect_in(c, strip) for c in cards), key=lambda r: r.left())
    for left, right in zip(rects, rects[1:]):
        assert not left.intersects(right), (left, right)  # cards side by side, not stacked
    if screen == "wide":
        assert all(c.activationCombo.shownText() == "sigmoid" for c in cards)


def _darkest(image: QImage, rect: QRect) -> int:
    return min(
        QColor_value(image.pixel(x, y))
        for x in range(rect.left(), rect.right(), 2)
        for y in range(rect.top(), rect.bottom(), 2)
    )


def QColor_value(rgb: int) -> int:
    return ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255)


def test_unavailable_backend_looks_unavailable(qtbot, window):
    menu = window.backendMenu
    qtbot.waitUntil(lambda: window.backendActions["auto"].isEnabled(), timeout=10_000)
    cuda, cpu = window.backendActions["cuda"], window.backendActions["cpu"]
    if cuda.isEnabled():
        pytest.skip("this machine has a GPU: the CUDA entry is available")
    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(menu.isVisible)
    image = menu.grab().toImage()
    menu.hide()
    enabled, disabled = _darkest(image, menu.actionGeometry(cpu)), _darkest(
        image, menu.actionGeometry(cuda)
    )
    assert disabled > enabled + 150, (enabled, disabled)  # its text is grey, not black


def test_new_starts_over_and_can_bring_back_the_previous(qtbot, make_window, settle):
    window = make_window({"data": {"name": "spiral"}, "layers": [{"units": 6}]})
    window.stepAction.trigger()
    window.stepAction.trigger()
    settle(window)
    assert window.newAction in window.findChild(type(window.recentMenu), "fileMenu").actions()
    window.newAction.trigger()
    qtbot.waitUntil(lambda: window.worker_query("config")["data"]["name"] == "circle")
    settle(window)
    assert window.worker_query("config") == normalize({})
    assert window.worker_query("epoch") == 0
    assert window.banner.isVisible() and window.banner.actionButton.isVisible()
    window.banner.actionButton.click()  # Bring back the previous one
    qtbot.waitUntil(lambda: window.worker_query("config")["data"]["name"] == "spiral")
    assert window.worker_query("epoch") == 2  # weights and epochs too
    assert [layer["units"] for layer in window.worker_query("config")["layers"]] == [6]


def test_a_restart_says_it_restored_the_last_experiment(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "r.ini"), QSettings.Format.IniFormat)
    settings.setValue("experiment/config", '{"data": {"name": "xor"}}')
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.worker.isReady, timeout=120_000)
    qtbot.waitUntil(lambda: "last experiment" in window.statusBar().currentMessage())
    assert "File → New" in window.statusBar().currentMessage()


def test_optimizer_settings_refuse_out_of_range_in_plain_words(qtbot, window, settle):
    choose(qtbot, window.topBar.optimizerCombo, "adam")
    settle(window)
    form = window.topBar.optimizerSettings
    before = window.worker_query("config")["optimizer"]
    form.applyValue("betas[0]", "1.5")
    assert form.messageLabel.text() == "β₁ must be at least 0 and below 1; it stays 0.9."
    assert form.fields["betas[0]"].text() == "0.9"
    form.applyValue("eps", "0")  # it divided by zero in the kernels
    assert form.messageLabel.text().startswith("ε must be above 0")
    form.applyValue("eps", "abc")
    assert "not a number" in form.messageLabel.text()
    assert "stays" in window.topBar.statusLabel.text()
    settle(window)
    assert window.worker_query("config")["optimizer"] == before  # nothing sent
    form.applyValue("betas[1]", "0.99")  # a good value goes through and clears the message
    assert not form.messageLabel.isVisible() or not form.messageLabel.text()
    qtbot.waitUntil(lambda: window.worker_query("config")["optimizer"]["betas"] == [0.9, 0.99])


@pytest.mark.parametrize("name", ["adam", "rmsprop", "adagrad", "adadelta", "adamax", "nadam"])
def test_eps_zero_is_refused_by_the_config(name):
    with pytest.raises(ConfigError, match=r"optimizer\.eps \(ε\) must be a number above 0"):
        normalize({"optimizer": {"name": name, "eps": 0}})
    with pytest.raises(ConfigError, match=r"β₁\) must be a number at least 0 and below 1"):
        normalize({"optimizer": {"name": "adam", "betas": [1.0, 0.9]}})


def test_a_file_that_is_not_text_says_so(qtbot, window, tmp_path, warnings_shown):
    bad = tmp_path / "picture.json"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x00binary")
    window.openPath(str(bad))
    qtbot.waitUntil(lambda: len(warnings_shown) == 1, timeout=10_000)
    text = warnings_shown[0][1]
    assert "this file is not text" in text
    assert "Error" not in text and "Unicode" not in text


def test_header_edit_during_an_add_changes_no_other_layer(qtbot, make_window, settle):
    window = make_window({"layers": [{"units": 4}, {"units": 3}]})
    builder = window.builder
    spin = builder.handle(1).unitsSpin  # the "Dense 3" header
    builder.insertLayer("dense", 0)  # on its way to the engine
    spin.setValue(7)  # before the next frame
    settle(window)
    qtbot.wait(50)
    units = [layer["units"] for layer in window.worker_query("config")["layers"]]
    assert units[1:] == [4, 3], units  # not [4, 7, 3]: the edit did not land on the wrong layer
    assert builder.undoStack.count() == 1  # only the add
    assert "not made" in window.statusBar().currentMessage()
    assert builder.handle(2).unitsSpin.value() == 3
    # Once the headers show the new network, the same edit goes where it is aimed.
    builder.handle(2).unitsSpin.setValue(7)
    settle(window)
    units = [layer["units"] for layer in window.worker_query("config")["layers"]]
    assert units[1:] == [4, 7]
