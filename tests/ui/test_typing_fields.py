"""Number fields take typing (issue 11, item 3), driven as a user does: a click into the field, the
keys sent where the keyboard focus is after that click (as a real keyboard's are), Enter, Backspace,
Up. What the engine ends up with is asked of the engine itself (window.worker_query("config")).

An out-of-range or junk value is refused with a message that says the range, and nothing is sent:
never silently changed (999 units used to become 99).
"""

from __future__ import annotations

from conftest import choose
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QWidget

from tests.ui.test_state_symptoms import activate, type_into


def click_into(qtbot, field: QWidget) -> QWidget:
    """Click into a field's text; the widget that has the keyboard then (it must be the field)."""
    edit = field.lineEdit()
    assert edit is not None, f"{field!r} has no text to type into (a list only)"
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    focus = QApplication.focusWidget()
    assert focus in (field, edit), f"a click into the field left the keyboard on {focus!r}"
    return focus


def type_into_spin(qtbot, spin: QAbstractSpinBox, text: str, enter: bool = True) -> QWidget:
    """Click into a spin box, select what is there, type text and (enter) press Enter."""
    focus = click_into(qtbot, spin)
    qtbot.keyClick(focus, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    qtbot.keyClicks(focus, text)
    if enter:
        qtbot.keyClick(focus, Qt.Key.Key_Return)
    return focus


def engine(window) -> dict:
    return window.worker_query("config")


# ----- the regularization rate in the top bar -----


def test_typed_regularization_rate_reaches_the_engine(qtbot, window, settle):
    activate(qtbot, window)
    tb = window.topBar
    qtbot.mouseClick(tb.stepButton, Qt.MouseButton.LeftButton)
    choose(qtbot, tb.regularizationCombo, "l2")
    settle(window)
    combo = tb.regularizationRateCombo
    type_into(qtbot, combo, "0.05")  # not one of the list's values
    settle(window)
    assert engine(window)["regularization"] == {"kind": "l2", "rate": 0.05}
    assert combo.currentText() == "0.05"
    assert window.worker_query("epoch") == 1  # a live change: no reset
    # The usual values are still there to pick, and the kind keeps the typed rate.
    assert combo.findData(0.01) >= 0 and combo.findData(3.0) >= 0
    combo.activated.emit(combo.findData(0.3))
    settle(window)
    assert engine(window)["regularization"] == {"kind": "l2", "rate": 0.3}
    choose(qtbot, tb.regularizationCombo, "l1")
    settle(window)
    assert engine(window)["regularization"] == {"kind": "l1", "rate": 0.3}
    assert combo.currentText() == "0.3"


def test_junk_regularization_rate_is_refused_with_the_range(qtbot, window, settle):
    activate(qtbot, window)
    tb = window.topBar
    combo = tb.regularizationRateCombo
    before = engine(window)["regularization"]
    for junk in ("abc", "-1", "11", "1e9", "nan", "0,5"):
        type_into(qtbot, combo, junk)
        settle(window)
        assert engine(window)["regularization"] == before, junk
        message = tb.statusLabel.text()
        assert f"“{junk}”" in message and "0 to 10" in message, (junk, message)
        assert combo.currentText() == f"{before['rate']:g}", junk
    type_into(qtbot, combo, "10")  # the top of the range is allowed; the complaint goes
    settle(window)
    assert engine(window)["regularization"]["rate"] == 10.0
    assert tb.statusLabel.text() == ""


# ----- the data column's Classes -----

SPIRAL = {"data": {"name": "spiral", "classes": 3}}


def test_classes_take_typed_digits_up_and_backspace(qtbot, make_window, settle):
    window = make_window(SPIRAL)
    activate(qtbot, window)
    spin = window.dataPanel.classesSpin
    assert spin.isEnabled()
    focus = type_into_spin(qtbot, spin, "5", enter=False)
    assert engine(window)["data"]["classes"] == 3  # applied on Enter, not per digit typed
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    settle(window)
    assert engine(window)["data"]["classes"] == 5
    assert window.lastSnapshot().n_classes == 5
    qtbot.keyClick(focus, Qt.Key.Key_Up)
    settle(window)
    assert engine(window)["data"]["classes"] == 6
    assert spin.text() == "6"
    qtbot.keyClick(focus, Qt.Key.Key_End)
    qtbot.keyClick(focus, Qt.Key.Key_Backspace)
    assert spin.lineEdit().text() == ""
    qtbot.keyClicks(focus, "4")
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    settle(window)
    assert engine(window)["data"]["classes"] == 4
    qtbot.keyClick(focus, Qt.Key.Key_Down)
    settle(window)
    assert engine(window)["data"]["classes"] == 3


def test_classes_out_of_range_is_refused_with_the_range(qtbot, make_window, settle):
    window = make_window(SPIRAL)
    activate(qtbot, window)
    dp = window.dataPanel
    for typed in ("9", "1", "12"):
        type_into_spin(qtbot, dp.classesSpin, typed)
        settle(window)
        assert engine(window)["data"]["classes"] == 3, typed
        assert dp.classesSpin.text() == "3", typed
        message = dp.classesMessage.text()
        assert dp.classesMessage.isVisible() and f"“{typed}”" in message, (typed, message)
        assert "2" in message and "6" in message, message
    type_into_spin(qtbot, dp.classesSpin, "2")
    settle(window)
    assert engine(window)["data"]["classes"] == 2
    assert not dp.classesMessage.isVisible()


# ----- a layer header's units, a maxout's pieces, a dropout's rate -----


def layers(window) -> list[dict]:
    return engine(window)["layers"]


def test_typed_units_reach_the_engine_and_999_is_refused(qtbot, window, settle):
    activate(qtbot, window)
    assert layers(window)[0]["units"] == 4
    type_into_spin(qtbot, window.builder.handle(0).unitsSpin, "8")
    settle(window)
    assert layers(window)[0]["units"] == 8
    spin = window.builder.handle(0).unitsSpin  # the headers are rebuilt after an edit
    focus = type_into_spin(qtbot, spin, "999", enter=False)
    assert spin.lineEdit().text() == "999"  # shown as typed, not cut to 99
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    settle(window)
    assert layers(window)[0]["units"] == 8  # refused: nothing sent
    assert window.builder.handle(0).unitsSpin.text() == "8"
    message = window.statusBar().currentMessage()
    assert "999" in message and "1" in message and "256" in message, message
    assert "units 1–256" in message, message
    assert window.builder.undoStack.count() == 1  # only the accepted edit
    # Leaving the field refuses the same way.
    spin = window.builder.handle(0).unitsSpin
    type_into_spin(qtbot, spin, "0", enter=False)
    window.topBar.learningRateCombo.lineEdit().setFocus()
    settle(window)
    assert layers(window)[0]["units"] == 8
    assert "“0”" in window.statusBar().currentMessage()


MAXOUT_AND_DROPOUT = {
    "layers": [
        {"type": "maxout", "units": 3, "pieces": 2},
        {"type": "dropout", "rate": 0.2},
        {"type": "dense", "units": 2, "activation": "tanh"},
    ]
}


def test_typed_pieces_and_dropout_rate(qtbot, make_window, settle):
    window = make_window(MAXOUT_AND_DROPOUT)
    activate(qtbot, window)
    builder = window.builder
    type_into_spin(qtbot, builder.handle(0).piecesSpin, "3")
    settle(window)
    assert layers(window)[0]["pieces"] == 3
    type_into_spin(qtbot, builder.handle(0).piecesSpin, "9")
    settle(window)
    assert layers(window)[0]["pieces"] == 3
    message = window.statusBar().currentMessage()
    assert "“9”" in message and "2–8" in message, message
    type_into_spin(qtbot, builder.handle(1).rateSpin, "0.5")
    settle(window)
    assert layers(window)[1]["rate"] == 0.5
    type_into_spin(qtbot, builder.handle(1).rateSpin, "1.5")
    settle(window)
    assert layers(window)[1]["rate"] == 0.5
    message = window.statusBar().currentMessage()
    assert "“1.5”" in message and "0–0.95" in message, message
