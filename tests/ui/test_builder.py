"""The layer builder: palette drops, header drags, keyboard, limits, undo / redo, freezing.

QTest cannot start a real QDrag, so the drags here go through the app's own code up to QDrag.exec
(a mouse press and move on a palette item or a layer header) and a stand-in for exec delivers the
QDragEnterEvent / QDragMoveEvent / QDropEvent with the drag's own QMimeData to the view's viewport.
"""

import json

import numpy as np
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragLeaveEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from playground.session.commands import Step
from playground.ui.builder import drop_event
from playground.ui.layer_palette import LAYER_MIME, make_mime

DENSE = {"type": "dense", "units": 4, "activation": "tanh"}


def layers(window):
    return window.worker_experiment_config()["layers"]


def dense(units, activation="tanh", **extra):
    return {"type": "dense", "units": units, "activation": activation, **extra}


def send(widget, event):
    QApplication.sendEvent(widget, event)
    return event


def deliver_drag(builder, mime, gap, drop=True):
    """Enter, move and drop (or leave) on the view's viewport at a gap; returns the drop action."""
    vp = builder.view.viewport()
    pos = builder.gapPoint(gap) if gap is not None else QPoint(5, 5)
    send(vp, drop_event(QEvent.Type.DragEnter, pos, mime))
    move = send(vp, drop_event(QEvent.Type.DragMove, pos, mime))
    if gap is None or not drop:
        send(vp, QDragLeaveEvent())
        return Qt.DropAction.IgnoreAction
    if not move.isAccepted():
        return Qt.DropAction.IgnoreAction
    event = send(vp, drop_event(QEvent.Type.Drop, pos, mime))
    return event.dropAction() if event.isAccepted() else Qt.DropAction.IgnoreAction


def mouse_drag(widget):
    """Press on widget's top part and move past the drag distance: the widget starts its QDrag."""
    start = QPoint(widget.width() // 2, 8)
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    end = start + QPoint(QApplication.startDragDistance() + 10, 0)
    send(
        widget,
        QMouseEvent(
            QEvent.Type.MouseMove,
            QPointF(end),
            QPointF(widget.mapToGlobal(end)),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        ),
    )
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def drag_from_palette(monkeypatch, window, kind, gap):
    """Drag a palette item with the mouse and drop it at a gap of the network view."""
    builder = window.builder
    seen = {}

    def fake_exec(drag):
        seen["mime"] = drag.mimeData()
        return deliver_drag(builder, drag.mimeData(), gap)

    monkeypatch.setattr(builder.layerPalette, "execDrag", fake_exec)
    mouse_drag(builder.layerPalette.items[kind])
    assert seen["mime"].hasFormat(LAYER_MIME)


def drag_layer(monkeypatch, window, index, gap=None, onto=None):
    """Drag a layer header with the mouse to a gap; gap None: out of the view; onto: a widget."""
    builder = window.builder

    def fake_exec(drag):
        if onto is not None:
            pos = onto.rect().center()
            send(onto, drop_event(QEvent.Type.DragEnter, pos, drag.mimeData()))
            send(builder.view.viewport(), QDragLeaveEvent())
            send(builder.strip, QDragLeaveEvent())
            event = send(onto, drop_event(QEvent.Type.Drop, pos, drag.mimeData()))
            return event.dropAction() if event.isAccepted() else Qt.DropAction.IgnoreAction
        if gap is None:
            deliver_drag(builder, drag.mimeData(), None)
            send(builder.strip, QDragLeaveEvent())
            return Qt.DropAction.IgnoreAction  # released outside every window of the app
        return deliver_drag(builder, drag.mimeData(), gap)

    monkeypatch.setattr(builder, "execDrag", fake_exec)
    mouse_drag(builder.handle(index))


def test_palette_drop_inserts_before_between_and_after(qtbot, make_window, settle, monkeypatch):
    window = make_window({"layers": [dense(3, "relu"), dense(2)]})
    builder = window.builder
    # While a drag moves over the view, an indicator shows where the layer will land.
    mime = make_mime({"source": "palette", "kind": "dense"})
    vp = builder.view.viewport()
    send(vp, drop_event(QEvent.Type.DragEnter, builder.gapPoint(1), mime))
    move = send(vp, drop_event(QEvent.Type.DragMove, builder.gapPoint(1), mime))
    assert move.isAccepted()
    assert builder.viewIndicator.isVisible() and not builder.viewIndicator.isRefused()
    assert "Dense" in builder.viewIndicator.text()
    send(vp, QDragLeaveEvent())
    assert not builder.viewIndicator.isVisible()

    drag_from_palette(monkeypatch, window, "dense", 0)  # before the first hidden layer
    settle(window)
    assert layers(window) == [dense(4, "relu"), dense(3, "relu"), dense(2)]  # default activation
    drag_from_palette(monkeypatch, window, "maxout", 3)  # after the last
    settle(window)
    assert layers(window)[3] == {"type": "maxout", "units": 4, "pieces": 2}
    drag_from_palette(monkeypatch, window, "dropout", 1)  # between: in the first layer's column
    settle(window)
    assert layers(window) == [
        dense(4, "relu"),
        {"type": "dropout", "rate": 0.2},
        dense(3, "relu"),
        dense(2),
        {"type": "maxout", "units": 4, "pieces": 2},
    ]
    drag_from_palette(monkeypatch, window, "dense", 2)  # between the second and third
    settle(window)
    assert [lay.get("units") for lay in layers(window)] == [4, None, 3, 4, 2, 4]
    assert not builder.viewIndicator.isVisible()
    snap = window.lastSnapshot()
    assert builder.layerPalette.parameterLabel.text() == f"{snap.parameter_count:,} parameters"
    assert len(builder.view.nodes) == 6  # five hidden columns and the output


def test_reorder_by_dragging_headers(qtbot, make_window, settle, monkeypatch):
    drop = {"type": "dropout", "rate": 0.3}
    window = make_window({"layers": [dense(3, "relu"), drop, dense(2), dense(5, "sigmoid")]})
    drag_layer(monkeypatch, window, 0, gap=3)  # the first layer, with its dropout, to the end
    settle(window)
    assert layers(window) == [dense(2), dense(5, "sigmoid"), dense(3, "relu"), drop]
    drag_layer(monkeypatch, window, 3, gap=0)  # the dropout alone, onto the inputs
    settle(window)
    assert layers(window) == [drop, dense(2), dense(5, "sigmoid"), dense(3, "relu")]
    sent = window.worker.lastSentSeq()
    drag_layer(monkeypatch, window, 2, gap=2)  # dropped where it is: nothing changes
    assert window.worker.lastSentSeq() == sent
    assert window.builder.undoStack.count() == 2


def test_remove_by_drag_out_palette_delete_and_menu(qtbot, make_window, settle, monkeypatch):
    window = make_window({"layers": [dense(1), dense(2), dense(3), dense(4)]})
    builder = window.builder
    drag_layer(monkeypatch, window, 1)  # out of the view
    settle(window)
    assert [lay["units"] for lay in layers(window)] == [1, 3, 4]
    drag_layer(monkeypatch, window, 0, onto=builder.layerPalette)  # back onto the palette
    settle(window)
    assert [lay["units"] for lay in layers(window)] == [3, 4]
    card = builder.handle(1)
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton, pos=QPoint(card.width() // 2, 6))
    assert builder.selectedIndex() == 1
    qtbot.keyClick(card, Qt.Key.Key_Delete)
    settle(window)
    assert [lay["units"] for lay in layers(window)] == [3]
    menu = builder.layerMenu(0, builder.handle(0))
    remove = next(a for a in menu.actions() if a.text().startswith("Re&move"))
    remove.trigger()
    settle(window)
    assert layers(window) == []
    assert builder.strip.hint.isVisible()


def test_drop_at_the_limit_is_refused_with_a_reason(qtbot, make_window, settle, monkeypatch):
    window = make_window({"layers": [dense(1) for _ in range(8)]})
    builder = window.builder
    mime = make_mime({"source": "palette", "kind": "maxout"})
    vp = builder.view.viewport()
    send(vp, drop_event(QEvent.Type.DragEnter, builder.gapPoint(3), mime))
    move = send(vp, drop_event(QEvent.Type.DragMove, builder.gapPoint(3), mime))
    assert not move.isAccepted()
    assert builder.viewIndicator.isVisible() and builder.viewIndicator.isRefused()
    assert "8" in builder.viewIndicator.text()
    event = send(vp, drop_event(QEvent.Type.Drop, builder.gapPoint(3), mime))
    assert not event.isAccepted()
    message = window.statusBar().currentMessage()
    assert "Cannot add Maxout" in message and "(8)" in message
    assert len(layers(window)) == 8
    # The keyboard way is refused the same way; a dropout (no weights) still fits.
    qtbot.keyClick(builder.layerPalette.items["dense"], Qt.Key.Key_Return)
    assert "most hidden layers" in window.statusBar().currentMessage()
    drag_from_palette(monkeypatch, window, "dropout", 8)
    settle(window)
    assert layers(window)[-1] == {"type": "dropout", "rate": 0.2}
    assert builder.undoStack.count() == 1
    spin = builder.handle(0).unitsSpin
    assert spin.maximum() == 256
    spin.setValue(300)  # clamped to 256; drawn as 8 boxes and a "+248" box
    settle(window)
    assert layers(window)[0]["units"] == 256
    assert len(builder.view.nodes[0]) == 8


def test_foreign_and_bad_payloads_are_ignored(qtbot, window, settle):
    builder = window.builder
    before = layers(window)
    text = QMimeData()
    text.setText("dense")
    bad_json = QMimeData()
    bad_json.setData(LAYER_MIME, b"{not json")
    other_window = make_mime({"source": "layer", "kind": "dense", "index": 0, "token": "x"})
    unknown_kind = QMimeData()
    unknown_kind.setData(
        LAYER_MIME,
        json.dumps(
            {"app": "neural-playground", "v": 1, "source": "palette", "kind": "conv"}
        ).encode(),
    )
    huge = QMimeData()
    huge.setData(LAYER_MIME, b"[" + b"1," * 5000 + b"1]")
    for mime in (text, bad_json, other_window, unknown_kind, huge):
        vp = builder.view.viewport()
        for kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            event = send(vp, drop_event(kind, builder.gapPoint(1), mime))
            assert not event.isAccepted()
        event = send(builder.layerPalette, drop_event(QEvent.Type.Drop, QPoint(5, 5), mime))
        assert not event.isAccepted()
    assert builder.undoStack.count() == 0
    assert layers(window) == before


def test_undo_redo_restore_config_and_weights(qtbot, make_window, settle):
    window = make_window(
        {"layers": [dense(3), {"type": "dropout", "rate": 0.1}, {"type": "maxout", "units": 2}]}
    )
    builder = window.builder
    window.worker.send(Step(15))  # trained weights and optimizer state, not the initial ones
    settle(window)
    edits = [
        ("insert", lambda: builder.insertLayer("dense", 1)),
        ("remove", lambda: builder.removeLayer(1)),
        ("move", lambda: builder.moveLayer(0, 1)),
        ("units", lambda: builder.setLayerValue(0, "units", 6)),
        ("activation", lambda: builder.setLayerValue(0, "activation", "relu")),
        ("pieces", lambda: builder.setLayerValue(2, "pieces", 3)),
        ("rate", lambda: builder.setLayerValue(1, "rate", 0.35)),
        ("freeze", lambda: builder.setLayerValue(2, "frozen", True)),
    ]
    for name, edit in edits:
        before_cfg = window.worker_experiment_config()
        before_w = window.worker_query("weights")
        before_epoch = window.worker_query("epoch")
        edit()
        settle(window)
        after_cfg = window.worker_experiment_config()
        assert after_cfg != before_cfg, name
        after_w = window.worker_query("weights")
        builder.undo()
        settle(window)
        assert window.worker_experiment_config() == before_cfg, name
        restored = window.worker_query("weights")
        assert len(restored) == len(before_w)
        for a, b in zip(restored, before_w):
            for key in b:
                assert np.array_equal(a[key], b[key]), (name, key)
        assert window.worker_query("epoch") == before_epoch
        builder.redo()
        settle(window)
        assert window.worker_experiment_config() == after_cfg, name
        for a, b in zip(window.worker_query("weights"), after_w):
            for key in b:
                assert np.array_equal(a[key], b[key]), (name, key)
        builder.undo()
        settle(window)
    assert window.worker_experiment_config()["layers"][0] == dense(3)
    assert builder.undoAction.isEnabled() is False
    assert builder.redoAction.text() == "&Redo Freeze Maxout 2 ×2"


def test_undo_keys_and_edit_menu(qtbot, window, settle):
    builder = window.builder
    menu = builder.editMenu
    assert menu.title() == "&Edit"
    assert builder.undoAction in menu.actions() and builder.redoAction in menu.actions()
    assert builder.undoAction.shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in [k.toString() for k in builder.redoAction.shortcuts()]
    palette = builder.layerPalette
    palette.items["dropout"].setFocus()
    qtbot.keyClick(palette.items["dropout"], Qt.Key.Key_Return)  # after the selected, or at the end
    settle(window)
    assert layers(window)[-1] == {"type": "dropout", "rate": 0.2}
    qtbot.keyClick(palette.items["dropout"], Qt.Key.Key_Tab)  # Tab goes on to the headers
    assert builder.handle(0).hasFocus()
    card = builder.handle(1)
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    settle(window)  # the layer moves with the dropout drawn in its column
    assert [lay.get("units") for lay in layers(window)] == [2, None, 4]
    assert builder.handle(0).hasFocus()  # the moved layer keeps the focus
    builder.undoAction.trigger()
    settle(window)
    assert [lay.get("units") for lay in layers(window)] == [4, 2, None]
    builder.redoAction.trigger()
    settle(window)
    assert [lay.get("units") for lay in layers(window)] == [2, None, 4]
    # Another control changes the problem (a feature): the saved states no longer apply.
    window.networkView.featureToggled.emit("x1^2", True)
    settle(window)
    assert builder.undoStack.count() == 0 and not builder.undoAction.isEnabled()


def test_freeze_keeps_the_frozen_layer_fixed_while_the_rest_trains(qtbot, window, settle):
    builder = window.builder
    window.worker.send(Step(5))
    settle(window)
    start = window.worker_query("weights")
    card = builder.handle(0)
    qtbot.mouseClick(card.freezeButton, Qt.MouseButton.LeftButton)
    settle(window)
    assert layers(window)[0].get("frozen") is True
    frozen = window.worker_query("weights")
    for key in start[0]:  # freezing keeps the weights it had
        assert np.array_equal(frozen[0][key], start[0][key])
    assert "frozen" in builder.layerPalette.parameterLabel.text()
    for _ in range(3):
        window.step()
    window.worker.send(Step(40))
    settle(window)
    trained = window.worker_query("weights")
    for key in frozen[0]:
        assert np.array_equal(trained[0][key], frozen[0][key]), key
    assert not np.array_equal(trained[1]["W"], frozen[1]["W"])
    assert not np.array_equal(trained[2]["W"], frozen[2]["W"])


def test_new_user_builds_a_network_by_dragging_then_reorders_and_undoes(
    qtbot, window, settle, monkeypatch
):
    """2 → Dense 8 relu → Dropout 0.2 → Dense 8 tanh → output, from the default network."""
    builder = window.builder
    drag_layer(monkeypatch, window, 1)  # the default [4, 2]: drag both out
    settle(window)
    drag_layer(monkeypatch, window, 0, onto=builder.layerPalette)
    settle(window)
    assert layers(window) == []
    drag_from_palette(monkeypatch, window, "dense", 0)
    settle(window)
    drag_from_palette(monkeypatch, window, "dropout", 1)
    settle(window)
    drag_from_palette(monkeypatch, window, "dense", 1)
    settle(window)
    assert layers(window) == [DENSE, {"type": "dropout", "rate": 0.2}, DENSE]
    for index in (0, 2):
        plus = builder.view.unitButtons[0 if index == 0 else 1][1]
        for _ in range(4):  # the + over the column
            qtbot.mouseClick(
                builder.view.viewport(),
                Qt.MouseButton.LeftButton,
                pos=builder.view.mapFromScene(plus.mapToScene(plus.boundingRect().center())),
            )
            settle(window)
            plus = builder.view.unitButtons[0 if index == 0 else 1][1]
    combo = builder.handle(0).activationCombo
    combo.setFocus()
    for _ in range(combo.findData("relu") - combo.currentIndex()):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    settle(window)
    target = [dense(8, "relu"), {"type": "dropout", "rate": 0.2}, dense(8)]
    assert layers(window) == target
    assert window.lastSnapshot().parameter_count == 2 * 8 + 8 + 8 * 8 + 8 + 8 + 1
    drag_layer(monkeypatch, window, 2, gap=0)  # reorder: Dense 8 tanh first
    settle(window)
    assert layers(window) == [dense(8), dense(8, "relu"), {"type": "dropout", "rate": 0.2}]
    builder.undo()
    settle(window)
    assert layers(window) == target
